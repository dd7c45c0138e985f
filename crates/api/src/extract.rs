//! Extractors that re-shape axum's rejections into the error envelope, and the
//! authenticated-caller extractors.

use std::net::{IpAddr, SocketAddr};

use axum::{
    extract::{
        rejection::{BytesRejection, FormRejection, JsonRejection, PathRejection, QueryRejection},
        ConnectInfo, FromRequest, FromRequestParts, Request,
    },
    http::{header, request::Parts, HeaderMap, HeaderName, StatusCode},
};
use practicum_app::{
    identity::{Actor, UserView},
    Scope,
};
use serde::de::DeserializeOwned;

use crate::{error::ApiError, state::ApiState};
use practicum_app::ErrorCode;

/// `Json<T>` whose rejections are envelope errors: bad syntax 400, wrong content type 415,
/// missing or mistyped fields 422, too large 413.
pub struct AppJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for AppJson<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = header_text(req.headers(), header::CONTENT_TYPE)
            .and_then(|ct| ct.parse::<mime_guess_lite::Mime>().ok())
            .is_some_and(|m| m.is_json());
        if !is_json {
            return Err(json_rejection(JsonRejection::MissingJsonContentType(
                Default::default(),
            )));
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(body_rejection)?;
        if has_json_nul(&bytes) {
            return Err(nul_error());
        }
        axum::Json::<T>::from_bytes(&bytes)
            .map(|axum::Json(v)| Self(v))
            .map_err(json_rejection)
    }
}

/// A header's value when it is text.
fn header_text(headers: &HeaderMap, name: HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// A body that could not be read: too large 413, anything else 400.
fn body_rejection(r: BytesRejection) -> ApiError {
    let code = if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ErrorCode::PayloadTooLarge
    } else {
        ErrorCode::BadRequest
    };
    ApiError::new(r.status(), code, r.body_text())
}

/// Text must not contain NUL characters: PostgreSQL cannot store them, and no legitimate
/// client sends them. Refused up front, on every route, on both backends alike.
fn nul_error() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::InvalidText,
        "text must not contain NUL (\\u0000) characters",
    )
}

/// True when a JSON document contains an escaped NUL (`\u0000`) inside a string.
fn has_json_nul(bytes: &[u8]) -> bool {
    bytes.windows(6).enumerate().any(|(i, w)| {
        w == b"\\u0000" && bytes[..i].iter().rev().take_while(|b| **b == b'\\').count() % 2 == 0
    })
}

/// Minimal media-type parsing for the JSON check (`application/json`, `application/*+json`).
mod mime_guess_lite {
    pub struct Mime(String);
    impl std::str::FromStr for Mime {
        type Err = ();
        fn from_str(s: &str) -> Result<Self, ()> {
            Ok(Self(
                s.split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase(),
            ))
        }
    }
    impl Mime {
        pub fn is_json(&self) -> bool {
            self.0 == "application/json"
                || (self.0.starts_with("application/") && self.0.ends_with("+json"))
        }
    }
}

pub(crate) fn json_rejection(r: JsonRejection) -> ApiError {
    let (code, status) = match &r {
        JsonRejection::JsonDataError(_) => {
            (ErrorCode::InvalidBody, StatusCode::UNPROCESSABLE_ENTITY)
        }
        JsonRejection::JsonSyntaxError(_) => (ErrorCode::MalformedJson, StatusCode::BAD_REQUEST),
        JsonRejection::MissingJsonContentType(_) => (
            ErrorCode::UnsupportedMediaType,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        _ if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            (ErrorCode::PayloadTooLarge, StatusCode::PAYLOAD_TOO_LARGE)
        }
        _ => (ErrorCode::BadRequest, r.status()),
    };
    ApiError::new(status, code, r.body_text())
}

/// `Form<T>` with envelope rejections.
pub struct AppForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for AppForm<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if req.uri().query().is_some_and(|q| q.contains("%00")) {
            return Err(nul_error());
        }
        let (parts, body) = req.into_parts();
        let bytes =
            axum::body::Bytes::from_request(Request::from_parts(parts.clone(), body), state)
                .await
                .map_err(body_rejection)?;
        if bytes.windows(3).any(|w| w.eq_ignore_ascii_case(b"%00")) {
            return Err(nul_error());
        }
        let req = Request::from_parts(parts, axum::body::Body::from(bytes));
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|axum::Form(v)| Self(v))
            .map_err(|r: FormRejection| {
                let status = r.status();
                let code = match status {
                    StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
                    StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
                    StatusCode::UNPROCESSABLE_ENTITY => ErrorCode::InvalidBody,
                    _ => ErrorCode::BadRequest,
                };
                ApiError::new(status, code, r.body_text())
            })
    }
}

/// `Query<T>` with envelope rejections (422 naming the parameter).
pub struct AppQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for AppQuery<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if parts.uri.query().is_some_and(|q| q.contains("%00")) {
            return Err(nul_error());
        }
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Self(q.0))
            .map_err(|r: QueryRejection| {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorCode::InvalidQuery,
                    r.body_text(),
                )
            })
    }
}

/// `Path<T>` with envelope rejections (a malformed id is 404: no such resource).
pub struct AppPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for AppPath<T> {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if parts.uri.path().contains("%00") {
            return Err(nul_error());
        }
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| Self(p.0))
            .map_err(|r: PathRejection| {
                ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, r.body_text())
            })
    }
}

fn bearer(parts: &Parts) -> Option<&str> {
    bearer_token(&parts.headers)
}

/// The bearer token of a route that needs one; 401 without it.
fn required_bearer(parts: &Parts) -> Result<&str, ApiError> {
    bearer(parts).ok_or_else(|| ApiError::unauthenticated("a bearer token is required"))
}

/// The token of `Authorization: Bearer <token>`, if any.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
        .filter(|t| !t.is_empty())
}

/// The authenticated caller (`Authorization: Bearer <JWT>`); 401 otherwise.
pub struct CurrentUser(pub Actor);

impl FromRequestParts<ApiState> for CurrentUser {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, ApiError> {
        let actor = state.app.authenticate(required_bearer(parts)?).await?;
        admit(parts, state, &actor).await?;
        Ok(Self(actor))
    }
}

/// What every authenticated request goes through once its caller is known: the caller in
/// the request's span and access log, and the per-user limits on writes.
async fn admit(parts: &Parts, state: &ApiState, actor: &Actor) -> Result<(), ApiError> {
    tracing::Span::current().record("user_id", actor.id.0);
    // Every authenticated write passes here: the per-user limits apply.
    if let Some(bucket) = crate::user_rate_limit::UserBucket::of(&parts.method, parts.uri.path()) {
        state.user_limiter.check(bucket, actor.id).await?;
    }
    crate::middleware::access_log::record_user(actor.id.0);
    Ok(())
}

/// [`CurrentUser`] with the account itself, read in the same statement that checked the
/// token (`GET /auth/me` answers with it instead of reading the account again).
pub struct CurrentAccount(pub Actor, pub UserView);

impl FromRequestParts<ApiState> for CurrentAccount {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, ApiError> {
        let token = required_bearer(parts)?;
        let (actor, account) = state.app.authenticate_account(token).await?;
        admit(parts, state, &actor).await?;
        Ok(Self(actor, account))
    }
}

/// The caller if a valid token was sent; anonymous otherwise. An invalid token is still 401.
pub struct MaybeUser(pub Option<Actor>);

impl FromRequestParts<ApiState> for MaybeUser {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, ApiError> {
        if bearer(parts).is_none() {
            return Ok(Self(None));
        }
        CurrentUser::from_request_parts(parts, state)
            .await
            .map(|u| Self(Some(u.0)))
    }
}

/// An admin with an admin-scoped token from `POST /admin/login`. Any other token is 401.
pub struct AdminUser(pub Actor);

impl FromRequestParts<ApiState> for AdminUser {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, ApiError> {
        let CurrentUser(actor) = CurrentUser::from_request_parts(parts, state).await?;
        if actor.scope != Scope::Admin || actor.role != practicum_domain::identity::Role::Admin {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::AdminTokenRequired,
                "this route needs an admin-scoped token from POST /api/v1/admin/login",
            ));
        }
        Ok(Self(actor))
    }
}

/// The client's address, for rate limiting. `X-Forwarded-For` is used only when the
/// server is configured to trust proxies in front of it, and then only as far as those
/// proxies wrote it: see [`client_address`].
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequestParts<ApiState> for ClientIp {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, ApiError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let hops = state
            .config
            .trust_proxy_headers
            .then_some(state.config.trusted_proxy_hops);
        Ok(Self(client_address(&parts.headers, peer, hops)))
    }
}

/// The client's address. Without trusted proxies (`hops` `None` or 0) it is the peer of
/// the connection. With `hops` proxies in front, each appending the address it received
/// the request from to `X-Forwarded-For`, the client is the entry `hops` places from the
/// right; everything further left was written by the client and may be invented. A
/// shorter chain than configured means the request bypassed a proxy: its leftmost entry
/// is the best there is. Several `X-Forwarded-For` headers count as one list.
pub fn client_address(
    headers: &HeaderMap,
    peer: Option<IpAddr>,
    hops: Option<usize>,
) -> Option<IpAddr> {
    let Some(hops) = hops.filter(|h| *h > 0) else {
        return peer;
    };
    let chain: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    if chain.is_empty() {
        return peer;
    }
    let index = chain.len().saturating_sub(hops);
    chain[index].parse().ok().or(peer)
}

/// An optional JSON body: an empty body is `None`; anything else must be valid JSON of `T`.
pub struct MaybeJson<T>(pub Option<T>);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for MaybeJson<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let has_body =
            header_text(req.headers(), header::CONTENT_LENGTH).is_none_or(|len| len != "0");
        let has_type = req.headers().contains_key(header::CONTENT_TYPE);
        if !has_body || !has_type {
            let bytes = axum::body::Bytes::from_request(req, state)
                .await
                .map_err(|r| ApiError::new(r.status(), ErrorCode::BadRequest, r.body_text()))?;
            if bytes.iter().all(u8::is_ascii_whitespace) {
                return Ok(Self(None));
            }
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType,
                "a request body must be sent as application/json",
            ));
        }
        AppJson::<T>::from_request(req, state)
            .await
            .map(|AppJson(v)| Self(Some(v)))
    }
}

#[cfg(test)]
mod tests {
    use super::{client_address, has_json_nul};
    use std::net::IpAddr;

    #[test]
    fn forwarded_for_is_read_from_the_right() {
        let mut h = axum::http::HeaderMap::new();
        let peer: IpAddr = "10.0.0.1".parse().unwrap();
        // The client sent "1.1.1.1" itself; the proxy appended the real address.
        h.insert("x-forwarded-for", "1.1.1.1, 203.0.113.7".parse().unwrap());
        let got_in = |h: &axum::http::HeaderMap, hops| {
            client_address(h, Some(peer), hops).map(|ip| ip.to_string())
        };
        let got = |hops| got_in(&h, hops);
        assert_eq!(got(None).as_deref(), Some("10.0.0.1"));
        assert_eq!(got(Some(0)).as_deref(), Some("10.0.0.1"));
        assert_eq!(got(Some(1)).as_deref(), Some("203.0.113.7"));
        assert_eq!(got(Some(2)).as_deref(), Some("1.1.1.1"));
        assert_eq!(got(Some(5)).as_deref(), Some("1.1.1.1"));
        let mut h = h.clone();
        h.append("x-forwarded-for", "198.51.100.2".parse().unwrap());
        assert_eq!(got_in(&h, Some(1)).as_deref(), Some("198.51.100.2"));
        h.insert("x-forwarded-for", "garbage".parse().unwrap());
        assert_eq!(got_in(&h, Some(1)).as_deref(), Some("10.0.0.1"));
    }

    #[test]
    fn finds_escaped_nul_only_inside_real_escapes() {
        assert!(has_json_nul(br#"{"a": "x\u0000"}"#));
        assert!(!has_json_nul(br#"{"a": "x\\u0000"}"#));
        assert!(has_json_nul(br#"{"a": "x\\\u0000"}"#));
        assert!(!has_json_nul(br#"{"a": "u0000"}"#));
    }
}
