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
