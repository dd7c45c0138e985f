//! Security headers on every response (one layer, outermost but for request ids):
//!
//! - always: `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`,
//!   `X-Frame-Options: DENY`, `Cross-Origin-Opener-Policy: same-origin`, and
//!   `Strict-Transport-Security` when the deployment serves over TLS (production, or a
//!   TLS-terminating proxy in front);
//! - HTML: a Content-Security-Policy. Pages (the web app) get the strict one — scripts,
//!   styles, fonts and connections from this origin only, no inline script or style, no
//!   framing, no plugins; `/docs` (the vendored Swagger UI) gets the same plus inline
//!   styles, which Swagger UI sets on its elements, and `data:` images, which its
//!   stylesheet uses for icons; nothing else;
//! - a response to a request that carried credentials (`Authorization`) and that did not
//!   choose its own caching: `Cache-Control: no-store`, so personal data never sits in a
//!   shared or browser cache. Token responses set `no-store` themselves ([`NoStore`]).

use axum::{
    extract::{Request, State},
    http::{header, HeaderMap, HeaderName, HeaderValue},
    middleware::Next,
    response::{IntoResponseParts, Response, ResponseParts},
};

/// What the deployment decides about the headers (from settings).
#[derive(Debug, Clone, Default)]
pub struct SecurityHeadersConfig {
    /// `Strict-Transport-Security: max-age=…; includeSubDomains` when set.
    pub hsts_max_age_secs: Option<u64>,
    /// Replaces the built-in Content-Security-Policy of HTML pages (not `/docs`).
    pub page_csp: Option<String>,
}

/// The web app's policy. `connect-src` also names the request's own host for `ws:`/`wss:`
/// (older browsers do not let `'self'` cover WebSocket URLs).
pub const PAGE_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Swagger UI's policy: its scripts and stylesheets are files under `/docs/`; it sets
/// inline styles on elements and its CSS embeds `data:` icons; it fetches the document
/// from this origin.
pub const DOCS_CSP: &str =
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// `Cache-Control: no-store` and `Pragma: no-cache` on a response that carries tokens or
/// personal data: `(NoStore, Json(tokens))`.
pub struct NoStore;

impl IntoResponseParts for NoStore {
    type Error = std::convert::Infallible;
    fn into_response_parts(self, mut res: ResponseParts) -> Result<ResponseParts, Self::Error> {
        let h = res.headers_mut();
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
        Ok(res)
    }
}

pub async fn apply(
    State(config): State<std::sync::Arc<SecurityHeadersConfig>>,
    req: Request,
    next: Next,
) -> Response {
    let is_docs = req.uri().path() == "/docs" || req.uri().path().starts_with("/docs/");
    let credentialed = req.headers().contains_key(header::AUTHORIZATION);
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| is_plain_host(h))
        .map(str::to_owned);
    let mut response = next.run(req).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.trim_start()
                .to_ascii_lowercase()
                .starts_with("text/html")
        });
    let h = response.headers_mut();
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "no-referrer");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(
        h,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if let Some(age) = config.hsts_max_age_secs {
        if let Ok(v) = HeaderValue::from_str(&format!("max-age={age}; includeSubDomains")) {
            h.insert(header::STRICT_TRANSPORT_SECURITY, v);
        }
    }
    if is_html && !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        let policy = if is_docs {
            DOCS_CSP.to_owned()
        } else {
            match &config.page_csp {
                Some(custom) => custom.clone(),
                None => page_csp(host.as_deref()),
            }
        };
        if let Ok(v) = HeaderValue::from_str(&policy) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    if credentialed && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

fn set(h: &mut HeaderMap, name: HeaderName, value: &'static str) {
    h.insert(name, HeaderValue::from_static(value));
}

/// The page policy with `ws://host wss://host` added to `connect-src` when the host is
/// known.
fn page_csp(host: Option<&str>) -> String {
    match host {
        Some(host) => PAGE_CSP.replace(
            "connect-src 'self'",
            &format!("connect-src 'self' ws://{host} wss://{host}"),
        ),
        None => PAGE_CSP.to_owned(),
    }
}

/// A `Host` value that can go into a policy unchanged: a name or address and a port,
/// nothing that could end a directive or add a source.
fn is_plain_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_goes_into_connect_src_only_when_it_is_plain() {
        assert!(page_csp(Some("example.org:8000"))
            .contains("connect-src 'self' ws://example.org:8000 wss://example.org:8000;"));
        assert!(is_plain_host("[::1]:8000"));
        assert!(!is_plain_host("evil.org; script-src *"));
        assert!(!is_plain_host("a b"));
        assert!(!is_plain_host(""));
        assert!(!page_csp(None).contains("ws:"));
        assert!(!PAGE_CSP.contains("unsafe"));
    }
}

#[cfg(test)]
mod layer_tests {
    use axum::{body::Body, http::Request, response::Html, routing::get, Json, Router};
    use tower::ServiceExt;

    use super::*;

    fn app(config: SecurityHeadersConfig) -> Router {
        Router::new()
            .route("/", get(|| async { Html("<!doctype html><p>app</p>") }))
            .route(
                "/docs/",
                get(|| async { Html("<!doctype html><p>docs</p>") }),
            )
            .route(
                "/api",
                get(|| async { Json(serde_json::json!({"ok": true})) }),
            )
            .layer(axum::middleware::from_fn_with_state(
                std::sync::Arc::new(config),
                apply,
            ))
    }

    async fn get_headers(app: Router, path: &str, auth: bool) -> HeaderMap {
        let mut req = Request::builder()
            .uri(path)
            .header(header::HOST, "example.org:8000");
        if auth {
            req = req.header(header::AUTHORIZATION, "Bearer x");
        }
        let res = app.oneshot(req.body(Body::empty()).unwrap()).await.unwrap();
        res.headers().clone()
    }

    #[tokio::test]
    async fn pages_get_the_strict_policy_docs_their_own_json_none() {
        let page = get_headers(app(SecurityHeadersConfig::default()), "/", false).await;
        let csp = page[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.starts_with("default-src 'self'; script-src 'self'; style-src 'self';"));
        assert!(csp.contains("ws://example.org:8000 wss://example.org:8000"));
        assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe"));
        assert_eq!(page[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(page[header::X_FRAME_OPTIONS], "DENY");
        assert_eq!(page[header::REFERRER_POLICY], "no-referrer");
        assert_eq!(page["cross-origin-opener-policy"], "same-origin");
        assert!(page.get(header::STRICT_TRANSPORT_SECURITY).is_none());
        assert!(page.get(header::CACHE_CONTROL).is_none());

        let docs = get_headers(app(SecurityHeadersConfig::default()), "/docs/", false).await;
        assert_eq!(docs[header::CONTENT_SECURITY_POLICY], DOCS_CSP);

        let json = get_headers(app(SecurityHeadersConfig::default()), "/api", true).await;
        assert!(json.get(header::CONTENT_SECURITY_POLICY).is_none());
        assert_eq!(json[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(json[header::CACHE_CONTROL], "no-store");

        let custom = SecurityHeadersConfig {
            hsts_max_age_secs: Some(600),
            page_csp: Some("default-src 'none'".into()),
        };
        let page = get_headers(app(custom), "/", false).await;
        assert_eq!(page[header::CONTENT_SECURITY_POLICY], "default-src 'none'");
        assert_eq!(
            page[header::STRICT_TRANSPORT_SECURITY],
            "max-age=600; includeSubDomains"
        );
    }
}
