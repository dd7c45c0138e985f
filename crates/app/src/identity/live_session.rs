//! What a live socket holds to re-check its session while it stays open: the account,
//! the token (by hash) and its version, and the role it was opened with.

use practicum_domain::identity::{Role, UserId};

use super::authenticate::session_state;
use crate::{App, AppError};

/// A socket's session, from [`App::authenticate_session`].
#[derive(Debug, Clone)]
pub struct LiveSession {
    pub user: UserId,
    pub(crate) token_hash: String,
    pub(crate) token_version: i64,
    pub(crate) role: Option<Role>,
}

impl App {
    /// Whether the session a socket was opened with still holds: the account is active,
    /// its token version unchanged (no logout everywhere, password change or reset), the
    /// token not logged out, the role the same. The token's expiry is not re-checked: a
    /// socket outlives the access token that opened it, not the session. One read.
    pub async fn check_live_session(&self, session: &LiveSession) -> Result<(), AppError> {
        let found = self
            .token_checks
            .find(session.user, &session.token_hash)
            .await?;
        session_state(found, session).map(drop)
    }
}
