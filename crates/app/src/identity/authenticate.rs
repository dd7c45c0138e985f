use practicum_auth::{Scope, TokenError};
use practicum_domain::identity::{Role, UserId};
use practicum_store::identity::users;

use crate::{App, AppError};

/// The authenticated caller of a request.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: UserId,
    pub role: Role,
    pub scope: Scope,
}

impl Actor {
    /// Refuses unless the caller has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), AppError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(AppError::forbidden(
                "forbidden",
                format!(
                    "this action needs the role {}",
                    roles
                        .iter()
                        .map(|r| r.as_str())
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            ))
        }
    }
}

impl App {
    /// Resolves a bearer token to its caller. The account is read on every request, so a
    /// deactivated account, a changed role or a password reset takes effect at once.
    pub async fn authenticate(&self, token: &str) -> Result<Actor, AppError> {
        let claims = self.jwt.verify(token).map_err(|e| match e {
            TokenError::Expired => {
                AppError::unauthorized("token_expired", "the access token has expired")
            }
            TokenError::Invalid => {
                AppError::unauthorized("invalid_token", "the access token is invalid")
            }
        })?;
        let id = claims.user_id().ok_or_else(|| {
            AppError::unauthorized("invalid_token", "the access token is invalid")
        })?;
        let mut conn = self.db.read().await?;
        let user = users::find_by_id(&mut conn, id).await?;
        match user {
            Some(u) if u.is_active && u.token_version == claims.ver => Ok(Actor {
                id: u.id,
                role: u.role,
                scope: claims.scope,
            }),
            Some(u) if !u.is_active => Err(AppError::unauthorized(
                "account_inactive",
                "this account is deactivated",
            )),
            _ => Err(AppError::unauthorized(
                "token_revoked",
                "the access token is no longer valid",
            )),
        }
    }
}
