use practicum_auth::hash_token;
use practicum_store::identity::{tokens, users};

use super::Actor;
use crate::ErrorCode;
use crate::{App, AppError};

impl App {
    /// Ends sessions at once, on every process.
    ///
    /// - With `refresh_token`: this device — its refresh family is revoked and
    ///   `access_token` (the one the request was made with) is put on the denylist until
    ///   it would have expired.
    /// - Without: every session of the account (logout everywhere) — all refresh tokens
    ///   are revoked and the token version moves on, so every access token stops working.
    ///
    /// Live sockets of the account re-check their session and close if it ended.
    pub async fn log_out(
        &self,
        actor: &Actor,
        access_token: &str,
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
                            ErrorCode::InvalidRefreshToken,
                            "the refresh token does not belong to this account",
                        ))
                    }
                }
                let expires_at = self
                    .jwt
                    .verify(access_token)
                    .map_or(now + self.config.access_ttl_secs * 1000, |c| {
                        c.exp.saturating_mul(1000)
                    });
                tokens::revoke_access(&mut tx, &hash_token(access_token), actor.id, expires_at)
                    .await?;
            }
            None => {
                tokens::revoke_all_for_user(&mut tx, actor.id, now).await?;
                users::bump_token_version(&mut tx, actor.id, now).await?;
            }
        }
        self.sessions_changed(&mut tx, actor.id).await?;
        tx.commit().await?;
        Ok(())
    }
}

impl App {
    /// Ends the session that `refresh_token` belongs to (its whole rotation family), on the
    /// strength of holding the token alone: a browser whose access token has lapsed can
    /// still sign out. `access_token`, when the request carried a valid one of the same
    /// account, goes on the denylist too. An unknown, used or revoked refresh token ends
    /// nothing and is no error, so signing out is idempotent.
    pub async fn log_out_session(
        &self,
        refresh_token: &str,
        access_token: Option<&str>,
    ) -> Result<(), AppError> {
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let Some(t) = tokens::find_refresh(&mut tx, &hash_token(refresh_token)).await? else {
            return Ok(());
        };
        tokens::revoke_family(&mut tx, &t.family_id, now).await?;
        let same_account = |sub: &str| sub.parse::<i64>().is_ok_and(|id| id == t.user_id.0);
        if let Some((access, claims)) = access_token
            .and_then(|a| self.jwt.verify(a).ok().map(|c| (a, c)))
            .filter(|(_, c)| same_account(&c.sub))
        {
            let expires_at = claims.exp.saturating_mul(1000);
            tokens::revoke_access(&mut tx, &hash_token(access), t.user_id, expires_at).await?;
        }
        self.sessions_changed(&mut tx, t.user_id).await?;
        tx.commit().await?;
        Ok(())
    }
}
