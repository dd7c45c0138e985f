use practicum_auth::{hash_token, Scope};
use practicum_store::identity::{tokens, users};

use super::{AuthTokens, UserView};
use crate::ErrorCode;
use crate::{App, AppError};

impl App {
    /// Exchanges a refresh token for a new pair (rotation). A token that was already used
    /// or revoked is evidence of theft: its whole family is revoked, so both the thief and
    /// the victim must log in again.
    pub async fn refresh_session(&self, refresh_token: &str) -> Result<AuthTokens, AppError> {
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let Some(stored) = tokens::find_refresh(&mut tx, &hash_token(refresh_token)).await? else {
            return Err(AppError::unauthorized(
                ErrorCode::InvalidRefreshToken,
                "the refresh token is invalid",
            ));
        };
        let fresh = stored.used_at.is_none() && stored.revoked_at.is_none();
        if !fresh || !tokens::mark_refresh_used(&mut tx, stored.id, now).await? {
            tokens::revoke_family(&mut tx, &stored.family_id, now).await?;
            tx.commit().await?;
            tracing::warn!(user_id = %stored.user_id, "refresh token reuse detected; family revoked");
            return Err(AppError::unauthorized(
                ErrorCode::RefreshTokenReused,
                "this refresh token was already used; all sessions of this login were revoked",
            ));
        }
        if stored.expires_at <= now {
            return Err(AppError::unauthorized(
                ErrorCode::RefreshTokenExpired,
                "the refresh token has expired",
            ));
        }
        let user = users::find_by_id(&mut tx, stored.user_id).await?;
        let Some(user) = user.filter(|u| u.is_active) else {
            return Err(AppError::unauthorized(
                ErrorCode::AccountInactive,
                "this account is deactivated",
            ));
        };
        let scope = Scope::parse(&stored.scope).unwrap_or(Scope::User);
        let version = user.token_version;
        let tokens = self
            .issue_session(
                &mut tx,
                UserView::from(user),
                version,
                scope,
                Some(stored.family_id),
            )
            .await?;
        tx.commit().await?;
        Ok(tokens)
    }
}
