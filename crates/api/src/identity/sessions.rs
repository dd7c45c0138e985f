//! Refreshing and ending sessions, in either transport: the refresh token in the JSON body
//! (API clients) or in the `HttpOnly` cookie (`X-Session-Transport: cookie`, browsers).

use axum::{
    extract::{FromRequest, FromRequestParts, Request, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};

use super::dto::*;
use super::session_cookie::{
    deliver, fail_and_clear, SessionCookie, SessionTransport, USER_COOKIE,
};
use crate::{
    error::{ApiError, ApiResult, ErrorBody, NotSignedIn},
    extract::{bearer_token, AppJson, ClientIp, CurrentUser, MaybeJson},
    rate_limit::Bucket,
    state::ApiState,
};
use practicum_app::ErrorCode;

/// Exchange a refresh token for a new pair. Reusing a rotated token revokes its family.
///
/// With `X-Session-Transport: cookie` (body `{}`), the token is read from the
/// `practicum_refresh` cookie and the new one replaces it (`Set-Cookie`); without the
/// cookie the answer is 401 `refresh_token_missing`. A refused cookie is cleared.
#[utoipa::path(post, path = "/auth/refresh", tag = "identity", security(),
    params(("X-Session-Transport" = Option<String>, Header, description = "`cookie`: read and rotate the `practicum_refresh` cookie (send `{}`); absent or `json`: `refresh_token` in the body")),
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New token pair (cookie transport: new access token, rotated cookie)", body = TokenResponse,
            headers(("set-cookie" = String, description = "With `X-Session-Transport: cookie`: the rotated `practicum_refresh`"))),
        (status = 401, description = "Invalid, expired or reused refresh token (`refresh_token_reused`: every session of that login was revoked), or no refresh cookie", body = ErrorBody),
        (status = 429, description = "Too many attempts", body = ErrorBody),
    ))]
pub async fn refresh_session(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    transport: SessionTransport,
    req: Request,
) -> ApiResult<Response> {
    state.limiter.check_address(Bucket::Refresh, ip)?;
    if transport == SessionTransport::Cookie {
        return Ok(refresh_from_cookie(&state, req.headers(), USER_COOKIE).await);
    }
    let AppJson(body) = AppJson::<RefreshRequest>::from_request(req, &state).await?;
    let token = body.refresh_token.ok_or_else(|| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::InvalidBody,
            "missing field `refresh_token`",
        )
    })?;
    let tokens = state.app.refresh_session(&token).await?;
    Ok(deliver(
        &state,
        transport,
        USER_COOKIE,
        StatusCode::OK,
        tokens,
    ))
}

/// Rotates the session in `cookie`: a new access token, the new refresh token in its place.
pub(super) async fn refresh_from_cookie(
    state: &ApiState,
    headers: &HeaderMap,
    cookie: SessionCookie,
) -> Response {
    let Some(token) = cookie.read(headers) else {
        return fail_and_clear(
            state,
            cookie,
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::RefreshTokenMissing,
                "no session cookie: sign in",
            ),
        );
    };
    match state.app.refresh_session(&token).await {
        Ok(tokens) => deliver(
            state,
            SessionTransport::Cookie,
            cookie,
            StatusCode::OK,
            tokens,
        ),
        Err(e) => {
            let error = ApiError::from(e);
            if error.status == StatusCode::UNAUTHORIZED {
                fail_and_clear(state, cookie, error)
            } else {
                error.into_response()
            }
        }
    }
}

/// End this session (with `refresh_token`) or all sessions of the account.
///
/// With `X-Session-Transport: cookie` the session is the one in the `practicum_refresh`
/// cookie: it is revoked and the cookie cleared (`Max-Age=0`); the bearer token is then
/// optional, and without a cookie nothing is revoked (still 204).
#[utoipa::path(post, path = "/auth/logout", tag = "identity", security(("bearer" = []), ()),
    params(("X-Session-Transport" = Option<String>, Header, description = "`cookie`: end the session of the `practicum_refresh` cookie and clear it; absent or `json`: as the body says (bearer token required)")),
    request_body(content = LogoutRequest, description = "Optional"),
    responses(
        (status = 204, description = "Signed out: the access token of this request (and with no refresh token, every access token of the account) is refused from now on, on every process",
            headers(("set-cookie" = String, description = "With `X-Session-Transport: cookie`: `practicum_refresh=; Max-Age=0` (cleared)"))),
        (status = 400, description = "The refresh token is not this account's", body = ErrorBody),
        NotSignedIn,
    ))]
pub async fn log_out(
    State(state): State<ApiState>,
    transport: SessionTransport,
    req: Request,
) -> ApiResult<Response> {
    if transport == SessionTransport::Cookie {
        // The cookie is the credential: an access token that lapsed must not stop a
        // browser from signing out, so none is checked.
        return log_out_cookie(&state, req.headers(), USER_COOKIE).await;
    }
    let (mut parts, body) = req.into_parts();
    let CurrentUser(actor) = CurrentUser::from_request_parts(&mut parts, &state).await?;
    let access = bearer_token(&parts.headers).unwrap_or_default().to_owned();
    let MaybeJson(body) =
        MaybeJson::<LogoutRequest>::from_request(Request::from_parts(parts, body), &state).await?;
    let token = body.and_then(|b| b.refresh_token);
    state.app.log_out(&actor, &access, token.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Revokes the session in `cookie` (if any, with the request's access token when one came
/// along) and clears the cookie.
pub(super) async fn log_out_cookie(
    state: &ApiState,
    headers: &HeaderMap,
    cookie: SessionCookie,
) -> ApiResult<Response> {
    if let Some(token) = cookie.read(headers) {
        state
            .app
            .log_out_session(&token, bearer_token(headers))
            .await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        cookie.clear(state.config.session_cookie_secure),
    );
    Ok(response)
}
