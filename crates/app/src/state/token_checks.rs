//! The token check of every authenticated request: the identity context's state.
//!
//! **The account, read on every request.** On PostgreSQL the checks of concurrent
//! requests share statements (ADR 0065): a statement's fixed cost there — the protocol,
//! the executor's start, the sockets' wake-ups, ~44 µs of `postgres` CPU around two index
//! probes of a few µs — is paid once per batch of concurrent requests instead of once per
//! request. On SQLite each request reads on its own, as before ([`SharedRead`]). Each
//! check is read by a statement that started after its request asked: a logout, a
//! deactivation or a role change committed before the request is seen, as with a read of
//! its own. No account state is cached.
//!
//! **The token's signature, checked once per token (ADR 0071).** A token's signature,
//! algorithm and issuer either verify or not, whenever they are checked: the claims of a
//! token that verified are kept, by the token's SHA-256 (the hash the logout denylist is
//! read with anyway), and the next request with the same token only re-checks its expiry
//! ([`JwtKeys::check_unexpired`], the same rule and clock as the full check). A token that
//! does not verify is never kept. The memo holds at most [`MAX_VERIFIED`] tokens.

use std::sync::Arc;

use practicum_auth::{AccessClaims, JwtKeys, TokenError};
use practicum_domain::identity::UserId;
use practicum_store::{
    coalesce::SharedRead,
    identity::users::{self, UserRecord},
    Db, StoreError,
};

/// At most this many requests' checks in one statement.
const MAX_BATCH: usize = 64;
/// At most this many batches out at once: one measured best (ADR 0065).
const MAX_RUNNING: usize = 1;
/// At most this many verified tokens' claims kept (about 0.5 KB each).
pub(crate) const MAX_VERIFIED: u64 = 10_000;

/// The account of a token with whether the token was revoked ([`users::find_for_token`]).
pub(crate) type TokenCheck = Option<(UserRecord, bool)>;

/// The token checks of one process. Cheap to clone.
#[derive(Clone)]
pub(crate) struct TokenChecks {
    accounts: SharedRead<(UserId, String), TokenCheck>,
    /// Claims of tokens whose signature verified, by the token's hash.
    verified: moka::future::Cache<String, Arc<AccessClaims>>,
}

impl TokenChecks {
    pub(crate) fn new(db: &Db) -> Self {
        Self {
            accounts: SharedRead::on(
                db,
                |conn, tokens| Box::pin(async move { users::find_for_tokens(conn, &tokens).await }),
                MAX_BATCH,
                MAX_RUNNING,
            ),
            verified: moka::future::Cache::new(MAX_VERIFIED),
        }
    }

    /// The claims of `token` (whose hash is `token_hash`) if it is a genuine, unexpired
    /// access token: the full check the first time, the expiry alone afterwards.
    pub(crate) async fn claims(
        &self,
        keys: &JwtKeys,
        token: &str,
        token_hash: &str,
    ) -> Result<Arc<AccessClaims>, TokenError> {
        if let Some(claims) = self.verified.get(token_hash).await {
            keys.check_unexpired(&claims)?;
            return Ok(claims);
        }
        let claims = Arc::new(keys.verify(token)?);
        self.verified
            .insert(token_hash.to_owned(), claims.clone())
            .await;
        Ok(claims)
    }

    /// The account `id` with whether the token of hash `token_hash` was revoked, read now.
    pub(crate) async fn find(
        &self,
        id: UserId,
        token_hash: &str,
    ) -> Result<TokenCheck, StoreError> {
        self.accounts.get((id, token_hash.to_owned())).await
    }
}
