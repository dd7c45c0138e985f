//! Issuing a session: an access JWT and a refresh token that starts (or continues) a family.

use practicum_auth::{new_token, Scope};
use practicum_store::{identity::tokens, Session};

use super::UserView;
use crate::{App, AppError};

/// What a successful login, registration or refresh returns.
#[derive(Debug, Clone)]
pub struct AuthTokens {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: i64,
    pub scope: Scope,
    pub user: UserView,
}

impl App {
    /// Issues tokens inside the caller's transaction. `family` continues a rotation chain;
    /// `None` starts a new one (a fresh login).
    pub(crate) async fn issue_session(
        &self,
        s: &mut dyn Session,
        user: UserView,
        token_version: i64,
        scope: Scope,
        family: Option<String>,
    ) -> Result<AuthTokens, AppError> {
        let now = self.now_ms();
        let access_token = self
            .jwt
            .issue(
                user.user_id,
                user.role,
                scope,
                token_version,
                now / 1000,
                self.config.access_ttl_secs,
            )
            .map_err(|e| AppError::internal(e.to_string()))?;
        let (refresh_token, hash) = new_token();
        let family_id = family.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        tokens::insert_refresh(
            s,
            &tokens::NewRefreshToken {
                user_id: user.user_id,
                family_id: &family_id,
                token_hash: &hash,
                scope: scope.as_str(),
                now,
                expires_at: now + self.config.refresh_ttl_secs * 1000,
            },
        )
        .await?;
        Ok(AuthTokens {
            access_token,
            refresh_token,
            expires_in: self.config.access_ttl_secs,
            scope,
            user,
        })
    }
}
