use practicum_auth::{hash_token, new_token};
use practicum_domain::{
    identity::{Email, PlainPassword},
    FieldErrors,
};
use practicum_store::identity::{outbox, tokens, users};

use crate::ErrorCode;
use crate::{App, AppError};

impl App {
    /// Starts a password reset. Always succeeds, whether or not the account exists, so the
    /// answer reveals nothing. The link goes through the e-mail outbox (same transaction);
    /// in development it is also logged.
    pub async fn request_password_reset(&self, email: &str) -> Result<(), AppError> {
        let email = Email::parse(email).map_err(|e| FieldErrors::single("email", e.to_string()))?;
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let user = users::find_by_login(&mut tx, &email.normalized()).await?;
        let Some(user) = user.filter(|u| u.is_active && u.email.is_some()) else {
            return Ok(());
        };
        let (token, hash) = new_token();
        tokens::insert_reset(
            &mut tx,
            user.id,
            &hash,
            now,
            now + self.config.reset_ttl_secs * 1000,
        )
        .await?;
        let link = format!(
            "{}/reset-password?token={token}",
            self.config.public_base_url
        );
        let body = format!(
            "Hello {},\n\nsomeone asked to reset the password of your Practicum account. \
             Open this link within {} minutes to choose a new one:\n\n{link}\n\n\
             If it was not you, ignore this message.\n",
            user.full_name,
            self.config.reset_ttl_secs / 60
        );
        let recipient = user.email.as_deref().unwrap_or_default();
        outbox::enqueue(
            &mut tx,
            recipient,
            "Reset your Practicum password",
            &body,
            now,
        )
        .await?;
        tx.commit().await?;
        if self.config.log_reset_links {
            tracing::info!(user_id = %user.id, %link, "development: password reset link");
        }
        Ok(())
    }

    /// Completes a reset: the token is single-use, the new password must meet the policy,
    /// every other outstanding reset token of the account is spent, and every existing
    /// session, access token and live socket of the account ends.
    pub async fn reset_password(&self, token: &str, new_password: &str) -> Result<(), AppError> {
        let password = PlainPassword::new_checked(new_password)
            .map_err(|e| FieldErrors::single("new_password", e.to_string()))?;
        let hash = self.hasher.hash(&password).await?;
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let Some(user_id) = tokens::consume_reset(&mut tx, &hash_token(token), now).await? else {
            return Err(AppError::bad_request(
                ErrorCode::InvalidResetToken,
                "the reset token is invalid, expired or already used",
            ));
        };
        users::set_password(&mut tx, user_id, &hash, now).await?;
        tokens::revoke_all_for_user(&mut tx, user_id, now).await?;
        // Every other link sent to this account is spent too: a reset link is single-use
        // per account, not only per token.
        tokens::invalidate_resets(&mut tx, user_id, now).await?;
        self.sessions_changed(&mut tx, user_id).await?;
        tx.commit().await?;
        tracing::info!(user_id = %user_id, "password reset completed");
        Ok(())
    }
}
