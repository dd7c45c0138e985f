//! Admin-console sessions: `POST /admin/login` issues admin-scoped tokens (what `/admin/*`
//! routes require). API clients refresh them like any session (`POST /auth/refresh`); a
//! browser that asked for the cookie transport holds the refresh token in its own cookie,
//! `practicum_admin_refresh`, sent only to `/admin/session/*`, where it is rotated and ended.

use axum::{
    extract::{Request, State},
    http::StatusCode,
    response::Response,
};
use practicum_app::Scope;

use super::auth::{sign_in, LoginBody};
use super::dto::*;
use super::session_cookie::{deliver, SessionTransport, ADMIN_COOKIE};
use super::sessions::{log_out_cookie, refresh_from_cookie};
use crate::{
    error::{ApiError, ApiResult, ErrorBody},
    extract::ClientIp,
    rate_limit::Bucket,
    state::ApiState,
};
use practicum_app::ErrorCode;

/// Sign in as an admin: the token is admin-scoped, as `/admin/*` routes require.
///
/// With `X-Session-Transport: cookie` the refresh token is set as the `HttpOnly` cookie
/// `practicum_admin_refresh` (path `/api/v1/admin/session`) and left out of the body.
#[utoipa::path(post, path = "/admin/login", tag = "identity", security(),
    params(("X-Session-Transport" = Option<String>, Header, description = "`cookie`: the refresh token goes into the HttpOnly cookie `practicum_admin_refresh` instead of the body (admin console); absent or `json`: in the body")),
    request_body(content(
        (LoginRequest = "application/json"),
        (LoginForm = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "Signed in with an admin-scoped token", body = TokenResponse,
            headers(("set-cookie" = String, description = "With `X-Session-Transport: cookie`: `practicum_admin_refresh=…; Path=/api/v1/admin/session; HttpOnly; SameSite=Strict`"))),
        (status = 401, description = "Wrong credentials, or not an admin", body = ErrorBody),
        (status = 429, description = "Too many attempts", body = ErrorBody),
    ))]
pub async fn admin_log_in(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    transport: SessionTransport,
    body: LoginBody,
) -> ApiResult<Response> {
    let tokens = sign_in(&state, ip, body, Scope::Admin).await?;
    Ok(deliver(
        &state,
        transport,
        ADMIN_COOKIE,
        StatusCode::OK,
        tokens,
    ))
}

/// Rotate the admin console's session cookie: a new admin-scoped access token.
///
/// Cookie transport only: send `X-Session-Transport: cookie`. Reusing a rotated cookie
/// revokes the session (401 `refresh_token_reused`); a refused cookie is cleared.
#[utoipa::path(post, path = "/admin/session/refresh", tag = "identity", security(),
    params(("X-Session-Transport" = String, Header, description = "Must be `cookie`")),
    responses(
        (status = 200, description = "New admin-scoped access token; the cookie rotated", body = TokenResponse,
            headers(("set-cookie" = String, description = "The rotated `practicum_admin_refresh`"))),
        (status = 401, description = "No, invalid, expired or reused `practicum_admin_refresh` cookie", body = ErrorBody),
        (status = 429, description = "Too many attempts", body = ErrorBody),
    ))]
pub async fn refresh_admin_session(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    transport: SessionTransport,
    req: Request,
) -> ApiResult<Response> {
    require_cookie_transport(transport)?;
    state.limiter.check_address(Bucket::Refresh, ip)?;
    Ok(refresh_from_cookie(&state, req.headers(), ADMIN_COOKIE).await)
}

/// End the admin console's session: revoke the cookie's session and clear the cookie.
#[utoipa::path(post, path = "/admin/session/logout", tag = "identity", security(),
    params(("X-Session-Transport" = String, Header, description = "Must be `cookie`")),
    responses(
        (status = 204, description = "Signed out; the cookie cleared (nothing to revoke without one)",
            headers(("set-cookie" = String, description = "`practicum_admin_refresh=; Max-Age=0`"))),
    ))]
pub async fn log_out_admin_session(
    State(state): State<ApiState>,
    transport: SessionTransport,
    req: Request,
) -> ApiResult<Response> {
    require_cookie_transport(transport)?;
    log_out_cookie(&state, req.headers(), ADMIN_COOKIE).await
}

/// A cookie is only read on requests that say so: a custom header cannot be sent
/// cross-site without a CORS preflight, which adds to `SameSite=Strict` against CSRF.
fn require_cookie_transport(transport: SessionTransport) -> ApiResult<()> {
    match transport {
        SessionTransport::Cookie => Ok(()),
        SessionTransport::Json => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::SessionTransportRequired,
            "this route reads the session cookie: send X-Session-Transport: cookie",
        )),
    }
}
