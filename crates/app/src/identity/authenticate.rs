use practicum_auth::{hash_token, Scope, TokenError};
use practicum_domain::identity::{Role, UserId};
use practicum_store::identity::users;

use super::UserView;
use crate::ErrorCode;
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
                ErrorCode::Forbidden,
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
    /// Resolves a bearer token to its caller. The account is read on every request, with
    /// the token's denylist entry in the same statement, so a logout, a deactivation, a
    /// role change or a password change takes effect at once, on every process.
    pub async fn authenticate(&self, token: &str) -> Result<Actor, AppError> {
        let (actor, _) = self.authenticate_session(token).await?;
        Ok(actor)
    }

    /// [`App::authenticate`], also returning what a live socket re-checks later.
    pub async fn authenticate_session(
        &self,
        token: &str,
    ) -> Result<(Actor, super::LiveSession), AppError> {
        let (actor, session, _) = self.verify_access_token(token).await?;
        Ok((actor, session))
    }

    /// [`App::authenticate`], also returning the account as its owner sees it: what
    /// `GET /auth/me` answers, from the very row the token was checked against (one read
    /// of the account per request, not two).
    pub async fn authenticate_account(&self, token: &str) -> Result<(Actor, UserView), AppError> {
        let (actor, _, user) = self.verify_access_token(token).await?;
        Ok((actor, user.into()))
    }

    async fn verify_access_token(
        &self,
        token: &str,
    ) -> Result<(Actor, super::LiveSession, users::UserRecord), AppError> {
        // The signature is checked once per token; later requests with the same token
        // re-check its expiry only (ADR 0071). The account is read every time, below.
        let token_hash = hash_token(token);
        let claims = self
            .token_checks
            .claims(&self.jwt, token, &token_hash)
            .await
            .map_err(|e| match e {
                TokenError::Expired => {
                    AppError::unauthorized(ErrorCode::TokenExpired, "the access token has expired")
                }
                TokenError::Invalid => {
                    AppError::unauthorized(ErrorCode::InvalidToken, "the access token is invalid")
                }
            })?;
        let id = claims.user_id().ok_or_else(|| {
            AppError::unauthorized(ErrorCode::InvalidToken, "the access token is invalid")
        })?;
        let session = super::LiveSession {
            user: id,
            token_hash,
            token_version: claims.ver,
            role: None,
        };
        let user = self.token_checks.find(id, &session.token_hash).await?;
        let user = session_state(user, &session)?;
        let actor = Actor {
            id: user.id,
            role: user.role,
            scope: claims.scope,
        };
        let session = super::LiveSession {
            role: Some(user.role),
            ..session
        };
        Ok((actor, session, user))
    }
}

/// The account if the session is still valid: active, same token version, token not
/// revoked (and, for a live socket, the same role as when it opened).
pub(super) fn session_state(
    found: Option<(users::UserRecord, bool)>,
    session: &super::LiveSession,
) -> Result<users::UserRecord, AppError> {
    match found {
        Some((u, _)) if !u.is_active => Err(AppError::unauthorized(
            ErrorCode::AccountInactive,
            "this account is deactivated",
        )),
        Some((u, false)) if u.token_version == session.token_version => {
            if session.role.is_some_and(|r| r != u.role) {
                return Err(AppError::unauthorized(
                    ErrorCode::RoleChanged,
                    "the account's role changed; sign in again",
                ));
            }
            Ok(u)
        }
        _ => Err(AppError::unauthorized(
            ErrorCode::TokenRevoked,
            "the access token is no longer valid",
        )),
    }
}
