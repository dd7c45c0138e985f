//! Browser sessions: the refresh token in an `HttpOnly` cookie instead of the JSON body.
//!
//! A request opts in with `X-Session-Transport: cookie`. The server then sets the refresh
//! token as `practicum_refresh` (`HttpOnly; SameSite=Strict; Path=/api/v1/auth`, `Secure`
//! in production), leaves it out of the body, and reads it back on refresh and logout.
//! Script on the page can never read it, and the custom header cannot be sent cross-site
//! without a CORS preflight, on top of `SameSite=Strict`. Admin-console sessions use their
//! own cookie and path (`practicum_admin_refresh`, `/api/v1/admin/session`), so a browser
//! signed in as a learner and into the admin console keeps both apart.

use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use practicum_app::identity::AuthTokens;

use super::dto::TokenResponse;
use crate::{error::ApiError, middleware::security_headers::NoStore, state::ApiState};
use practicum_app::ErrorCode;

/// The request header that selects the transport.
pub const TRANSPORT_HEADER: &str = "x-session-transport";

/// A refresh-token cookie: its name and the only path the browser sends it to.
#[derive(Debug, Clone, Copy)]
pub struct SessionCookie {
    pub name: &'static str,
    pub path: &'static str,
}

/// Learners' (and every user-scope) sessions: refresh and logout live under `/auth`.
pub const USER_COOKIE: SessionCookie = SessionCookie {
    name: "practicum_refresh",
    path: "/api/v1/auth",
};

/// Admin-console sessions from `POST /admin/login`: refreshed and ended under
/// `/admin/session`.
pub const ADMIN_COOKIE: SessionCookie = SessionCookie {
    name: "practicum_admin_refresh",
    path: "/api/v1/admin/session",
};

/// The path the user cookie takes on the `/api/auth/*` compatibility routes.
pub const ALIAS_COOKIE_PATH: &str = "/api/auth";

/// Rewrites `Path=/api/v1/auth` of a user-cookie `Set-Cookie` to [`ALIAS_COOKIE_PATH`]:
/// a session opened through the alias is refreshed and ended through it.
pub async fn rescope_to_alias(mut res: Response) -> Response {
    let from = format!("Path={};", USER_COOKIE.path);
    let to = format!("Path={ALIAS_COOKIE_PATH};");
    let cookies: Vec<HeaderValue> = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| {
            v.to_str()
                .ok()
                .filter(|s| s.starts_with(USER_COOKIE.name))
                .and_then(|s| HeaderValue::from_str(&s.replacen(&from, &to, 1)).ok())
                .unwrap_or_else(|| v.clone())
        })
        .collect();
    let headers = res.headers_mut();
    headers.remove(header::SET_COOKIE);
    for c in cookies {
        headers.append(header::SET_COOKIE, c);
    }
    res
}

/// How this request's session travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionTransport {
    /// The refresh token in the JSON body (API clients; the default).
    Json,
    /// The refresh token in an `HttpOnly` cookie (the web app).
    Cookie,
}

impl<S: Send + Sync> FromRequestParts<S> for SessionTransport {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(TRANSPORT_HEADER) else {
            return Ok(Self::Json);
        };
        match value.to_str().map(str::trim) {
            Ok(v) if v.eq_ignore_ascii_case("cookie") => Ok(Self::Cookie),
            Ok(v) if v.eq_ignore_ascii_case("json") => Ok(Self::Json),
            _ => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidSessionTransport,
                "X-Session-Transport must be `cookie` or `json`",
            )),
        }
    }
}

impl SessionCookie {
    /// The cookie's value in the request, if the browser sent one.
    pub fn read(self, headers: &HeaderMap) -> Option<String> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == self.name)
            .map(|(_, value)| value.trim().trim_matches('"').to_owned())
            .filter(|value| !value.is_empty())
    }

    /// `Set-Cookie` carrying `token` for `max_age_secs`.
    pub fn set(self, token: &str, max_age_secs: i64, secure: bool) -> HeaderValue {
        self.header(token, max_age_secs.max(0), secure)
    }

    /// `Set-Cookie` that makes the browser drop the cookie.
    pub fn clear(self, secure: bool) -> HeaderValue {
        self.header("", 0, secure)
    }

    fn header(self, value: &str, max_age: i64, secure: bool) -> HeaderValue {
        let secure = if secure { "; Secure" } else { "" };
        let text = format!(
            "{}={value}; Path={}; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}",
            self.name, self.path
        );
        // Tokens are base64url (opaque::new_token), names and paths are constants: the
        // value is always a valid header; a refusal would be a bug, answered as a 500.
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("invalid"))
    }
}

/// The answer of a login, registration or refresh in the requested transport: JSON only,
/// or the refresh token moved into `cookie` (and out of the body).
pub fn deliver(
    state: &ApiState,
    transport: SessionTransport,
    cookie: SessionCookie,
    status: StatusCode,
    tokens: AuthTokens,
) -> Response {
    match transport {
        SessionTransport::Json => {
            (status, NoStore, Json(TokenResponse::from(tokens))).into_response()
        }
        SessionTransport::Cookie => {
            let set = cookie.set(
                &tokens.refresh_token,
                state.app.config().refresh_ttl_secs,
                state.config.session_cookie_secure,
            );
            let mut body = TokenResponse::from(tokens);
            body.refresh_token = None;
            let mut response = (status, NoStore, Json(body)).into_response();
            response.headers_mut().insert(header::SET_COOKIE, set);
            response
        }
    }
}

/// An error that also drops `cookie`: a refresh that failed (expired, reused, revoked)
/// leaves nothing the browser should keep sending.
pub fn fail_and_clear(state: &ApiState, cookie: SessionCookie, error: ApiError) -> Response {
    let mut response = error.into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        cookie.clear(state.config.session_cookie_secure),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cookies(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(header::COOKIE, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn reads_its_own_cookie_among_others() {
        let h = cookies(&["theme=dark; practicum_refresh=abc-DEF_1", "x=1"]);
        assert_eq!(USER_COOKIE.read(&h).as_deref(), Some("abc-DEF_1"));
        assert_eq!(ADMIN_COOKIE.read(&h), None);
        let h = cookies(&["practicum_admin_refresh=adm; practicum_refresh=usr"]);
        assert_eq!(ADMIN_COOKIE.read(&h).as_deref(), Some("adm"));
        assert_eq!(USER_COOKIE.read(&h).as_deref(), Some("usr"));
        assert_eq!(USER_COOKIE.read(&cookies(&["practicum_refresh="])), None);
        assert_eq!(USER_COOKIE.read(&cookies(&["xpracticum_refresh=a"])), None);
        assert_eq!(USER_COOKIE.read(&HeaderMap::new()), None);
    }

    #[test]
    fn set_and_clear_carry_the_attributes() {
        assert_eq!(
            USER_COOKIE.set("tok", 2_592_000, false),
            "practicum_refresh=tok; Path=/api/v1/auth; Max-Age=2592000; HttpOnly; SameSite=Strict"
        );
        assert_eq!(
            ADMIN_COOKIE.clear(true),
            "practicum_admin_refresh=; Path=/api/v1/admin/session; Max-Age=0; HttpOnly; SameSite=Strict; Secure"
        );
    }
}
