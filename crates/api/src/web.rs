//! The router's fallback: a path no route matched is either the server's (`/api/…`,
//! `/docs`, …), answered with the JSON 404 envelope, or the browser's, answered by the web
//! app embedded in the binary (`practicum_webui`): a bundle file, or `index.html` for the
//! client-side routes.

use axum::{
    extract::Request,
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use practicum_webui::Outcome;

use crate::error::ApiError;
use practicum_app::ErrorCode;

/// Path prefixes that belong to the server: an unknown path under them is an API 404, never
/// the web app (a client calling a wrong API URL must get JSON, not HTML with a 200).
const SERVER_PREFIXES: [&str; 5] = ["/api", "/docs", "/health", "/metrics", "/ws"];

/// Whether `path` is `prefix` itself or below it (`/api`, `/api/…`, but not `/apiary`).
fn is_server_path(path: &str) -> bool {
    SERVER_PREFIXES.iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

pub async fn fallback(req: Request) -> Response {
    let path = req.uri().path();
    if is_server_path(path) {
        return not_found();
    }
    match practicum_webui::serve_embedded(req.method(), path, req.headers()) {
        Outcome::Response(response) => response,
        Outcome::NotFound => not_found(),
        Outcome::MethodNotAllowed => {
            let mut response = ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::MethodNotAllowed,
                "pages of the web app can only be read (GET or HEAD)",
            )
            .into_response();
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            response
        }
    }
}

fn not_found() -> Response {
    ApiError::new(
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
        "no such route or file",
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::is_server_path;

    #[test]
    fn server_paths_are_whole_segments() {
        for path in [
            "/api",
            "/api/",
            "/api/v1/nope",
            "/docs",
            "/docs/x",
            "/health/x",
            "/metrics",
            "/ws",
        ] {
            assert!(is_server_path(path), "{path}");
        }
        for path in [
            "/",
            "/apiary",
            "/documents",
            "/healthy",
            "/wsx",
            "/courses/api",
        ] {
            assert!(!is_server_path(path), "{path}");
        }
    }
}
