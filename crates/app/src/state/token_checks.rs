//! The token check of every authenticated request: the identity context's state. On
//! PostgreSQL the checks of concurrent requests share statements (ADR 0065): a
//! statement's fixed cost there — the protocol, the executor's start, the sockets' wake-ups,
//! ~44 µs of `postgres` CPU around two index probes of a few µs — is paid once per batch of
//! concurrent requests instead of once per request. On SQLite each request reads on its
//! own, as before ([`SharedRead`]).
//!
//! Each check is read by a statement that started after its request asked: a logout, a
//! deactivation or a role change committed before the request is seen, as with a read of
//! its own. Nothing is cached.

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

/// The account of a token with whether the token was revoked ([`users::find_for_token`]).
pub(crate) type TokenCheck = Option<(UserRecord, bool)>;

/// The token checks of one process. Cheap to clone.
#[derive(Clone)]
pub(crate) struct TokenChecks(SharedRead<(UserId, String), TokenCheck>);

impl TokenChecks {
    pub(crate) fn new(db: &Db) -> Self {
        Self(SharedRead::on(
            db,
            |conn, tokens| Box::pin(async move { users::find_for_tokens(conn, &tokens).await }),
            MAX_BATCH,
            MAX_RUNNING,
        ))
    }

    /// The account `id` with whether the token of hash `token_hash` was revoked, read now.
    pub(crate) async fn find(
        &self,
        id: UserId,
        token_hash: &str,
    ) -> Result<TokenCheck, StoreError> {
        self.0.get((id, token_hash.to_owned())).await
    }
}
