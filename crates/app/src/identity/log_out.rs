use practicum_auth::hash_token;
use practicum_store::identity::tokens;

use super::Actor;
use crate::{App, AppError};

impl App {
    /// Ends sessions: the family of `refresh_token` when given (this device), otherwise
    /// every session of the caller. Access tokens expire on their own within their TTL.
    pub async fn log_out(
        &self,
        actor: &Actor,
        refresh_token: Option<&str>,
    ) -> Result<(), AppError> {
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        match refresh_token {
            Some(token) => {
                let stored = tokens::find_refresh(&mut tx, &hash_token(token)).await?;
                match stored {
                    Some(t) if t.user_id == actor.id => {
                        tokens::revoke_family(&mut tx, &t.family_id, now).await?;
                    }
                    _ => {
                        return Err(AppError::bad_request(
                            "invalid_refresh_token",
                            "the refresh token does not belong to this account",
                        ))
                    }
                }
            }
            None => {
                tokens::revoke_all_for_user(&mut tx, actor.id, now).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

impl App {
    /// Ends the session that `refresh_token` belongs to (its whole rotation family), on the
    /// strength of holding the token alone: a browser whose access token has lapsed can
    /// still sign out. An unknown, used or revoked token ends nothing and is no error, so
    /// signing out is idempotent.
    pub async fn log_out_session(&self, refresh_token: &str) -> Result<(), AppError> {
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        if let Some(t) = tokens::find_refresh(&mut tx, &hash_token(refresh_token)).await? {
            tokens::revoke_family(&mut tx, &t.family_id, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
