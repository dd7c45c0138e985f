//! Finding the static `ADMIN_TOKEN` in a request: `Authorization: Bearer <ADMIN_TOKEN>`, or
//! `X-Admin-Token: <ADMIN_TOKEN>` beside an admin's JWT. The comparison is constant-time;
//! wrong tokens are logged as security events and limited per client address (429 with
//! `Retry-After`, before any comparison, once an address is over its quota).

use std::net::IpAddr;

use axum::http::HeaderMap;
use practicum_domain::identity::Role;

use crate::{error::ApiError, extract::bearer_token, state::ApiState};
use practicum_app::ErrorCode;

/// Succeeds when the request carries the right admin token. Missing 401, wrong 403, too
/// many wrong ones from this address 429.
pub async fn require_admin_token(
    state: &ApiState,
    headers: &HeaderMap,
    ip: Option<IpAddr>,
) -> Result<(), ApiError> {
    let guard = &state.limiter.admin_token;
    guard.before_attempt(ip)?;
    match check(state, headers).await {
        Err(e) if e.code == ErrorCode::InvalidAdminToken => {
            guard.failed(ip, "wrong admin token")?;
            Err(e)
        }
        other => other,
    }
}

async fn check(state: &ApiState, headers: &HeaderMap) -> Result<(), ApiError> {
    if let Some(x) = headers.get("x-admin-token") {
        // With X-Admin-Token the bearer must be an admin's JWT.
        let jwt = bearer_token(headers).ok_or_else(|| {
            ApiError::unauthenticated("X-Admin-Token needs an admin's bearer token")
        })?;
        let actor = state.app.authenticate(jwt).await?;
        actor.require(&[Role::Admin])?;
        let presented = x.to_str().unwrap_or("\u{0}");
        return Ok(state.app.check_admin_token(Some(presented))?);
    }
    let presented = bearer_token(headers);
    match state.app.check_admin_token(presented) {
        Ok(()) => Ok(()),
        Err(e @ practicum_app::AppError::Forbidden { .. }) => {
            // A valid JWT in place of the admin token: the admin token is missing, not wrong.
            match presented {
                Some(token) if state.app.authenticate(token).await.is_ok() => {
                    Err(practicum_app::AppError::unauthorized(
                        ErrorCode::AdminTokenRequired,
                        "send the admin token as X-Admin-Token beside your bearer token, \
                         or as Authorization: Bearer <ADMIN_TOKEN>",
                    )
                    .into())
                }
                _ => Err(e.into()),
            }
        }
        Err(e) => Err(e.into()),
    }
}
