use practicum_auth::Verified;
use practicum_domain::{identity::PlainPassword, FieldErrors};
use practicum_store::identity::{tokens, users};

use super::{Actor, AuthTokens, UserView};
use crate::ErrorCode;
use crate::{App, AppError};

impl App {
    /// Changes the caller's password after checking the current one. Every session of the
    /// account ends — refresh tokens, access tokens (token version), outstanding reset
    /// links and live sockets on every process — and a fresh session is returned for
    /// the caller, so the device that changed it stays signed in.
    pub async fn change_password(
        &self,
        actor: &Actor,
        current: &str,
        new_password: &str,
    ) -> Result<AuthTokens, AppError> {
        let password = PlainPassword::new_checked(new_password)
            .map_err(|e| FieldErrors::single("new_password", e.to_string()))?;
        let user = {
            let mut conn = self.db.read().await?;
            users::find_by_id(&mut conn, actor.id)
                .await?
                .ok_or(AppError::NotFound(ErrorCode::UserNotFound))?
        };
        let verified = self
            .hasher
            .verify(&PlainPassword::for_login(current), &user.password_hash)
            .await?;
        if verified == Verified::No {
            return Err(AppError::Invalid(FieldErrors::single(
                "current_password",
                "the current password is wrong",
            )));
        }
        let hash = self.hasher.hash(&password).await?;
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        // Conditional on the hash read above: a concurrent change makes this one fail
        // instead of silently overwriting it.
        if !users::replace_password(&mut tx, user.id, &user.password_hash, &hash, now).await? {
            return Err(AppError::conflict(
                ErrorCode::PasswordChangedConcurrently,
                "the password was changed meanwhile; sign in again",
            ));
        }
        tokens::revoke_all_for_user(&mut tx, user.id, now).await?;
        tokens::invalidate_resets(&mut tx, user.id, now).await?;
        self.sessions_changed(&mut tx, user.id).await?;
        let fresh = users::find_by_id(&mut tx, user.id)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::UserNotFound))?;
        let version = fresh.token_version;
        let tokens = self
            .issue_session(&mut tx, UserView::from(fresh), version, actor.scope, None)
            .await?;
        tx.commit().await?;
        tracing::info!(user_id = %user.id, "password changed; every other session ended");
        Ok(tokens)
    }
}
