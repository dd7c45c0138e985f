//! From a request for a path no route matched to the response for it.

use axum::{
    body::Body,
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    response::Response,
};

use crate::{
    bundle::{Asset, Bundle},
    encoding::{self, Coding},
};

/// What the bundle answers for a path.
pub enum Outcome {
    /// A file (or `304 Not Modified` for it), ready to send.
    Response(Response),
    /// An `assets/` file that does not exist: a stale page asking for an old build's file,
    /// or a typo. Never answered with `index.html`, which would be parsed as a script.
    NotFound,
    /// Only `GET` and `HEAD` read the bundle.
    MethodNotAllowed,
}

/// Hashed build output: the name changes whenever the content does.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else (`index.html`, `favicon.ico`, …): revalidate on every use.
const REVALIDATE: &str = "no-cache";
const INDEX: &str = "index.html";
const ASSETS: &str = "assets/";

/// Shown for every browser path when the binary was built without `web/dist`. Plain
/// HTML: no script, no inline style (the UI's Content-Security-Policy allows neither).
pub const NOT_BUILT_PAGE: &str = "<!doctype html>
<html lang=\"en\">
<head><meta charset=\"utf-8\"><title>Practicum: the web app is not built</title></head>
<body>
<h1>The web app is not built</h1>
<p>This <code>practicum</code> binary was compiled without <code>web/dist</code>.
Build the web app with <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>, then
rebuild and restart <code>practicum</code>.</p>
<p>The API works meanwhile: see the <a href=\"/docs\">API docs</a>.</p>
</body>
</html>
";

/// Answers `path` (the request path, with its leading `/`) from `bundle`.
pub fn serve(bundle: &impl Bundle, method: &Method, path: &str, headers: &HeaderMap) -> Outcome {
    if method != Method::GET && method != Method::HEAD {
        return Outcome::MethodNotAllowed;
    }
    let head = method == Method::HEAD;
    let relative = path.trim_start_matches('/');
    if !relative.is_empty() && !relative.ends_with('/') {
        if let Some(file) = bundle.get(relative) {
            let cache = if relative.starts_with(ASSETS) {
                IMMUTABLE
            } else {
                REVALIDATE
            };
            return Outcome::Response(respond(bundle, relative, file, cache, headers, head));
        }
    }
    if relative.starts_with(ASSETS) || relative == ASSETS.trim_end_matches('/') {
        return Outcome::NotFound;
    }
    // `/`, `/index.html` and every client-side route.
    Outcome::Response(match bundle.get(INDEX) {
        Some(index) => respond(bundle, INDEX, index, REVALIDATE, headers, head),
        None => not_built(head),
    })
}

/// One file as the client asked for it: the best stored encoding, or 304 when the client's
/// copy of that representation is current.
fn respond(
    bundle: &impl Bundle,
    path: &str,
    raw: Asset,
    cache: &'static str,
    headers: &HeaderMap,
    head: bool,
) -> Response {
    let variants: Vec<(Coding, Asset)> = Coding::PREFERRED
        .into_iter()
        .filter_map(|c| bundle.get(&format!("{path}{}", c.suffix())).map(|a| (c, a)))
        .collect();
    let has_variants = !variants.is_empty();
    let chosen = encoding::choose(headers, |c| variants.iter().any(|(v, _)| *v == c));
    let (coding, file) = match chosen.and_then(|c| variants.into_iter().find(|(v, _)| *v == c)) {
        Some((coding, file)) => (Some(coding), file),
        None => (None, raw),
    };

    // Each representation has its own strong validator: the hash of the bytes sent.
    let etag = format!("\"{}\"", hex::encode(&file.sha256[..16]));
    let mut response = Response::builder()
        .header(header::CACHE_CONTROL, cache)
        .header(header::ETAG, &etag);
    if has_variants {
        response = response.header(header::VARY, "accept-encoding");
    }
    if if_none_match(headers, &etag) {
        return response
            .status(StatusCode::NOT_MODIFIED)
            .body(Body::empty())
            .unwrap_or_default();
    }
    response = response
        .header(header::CONTENT_TYPE, content_type(path))
        .header(header::CONTENT_LENGTH, file.bytes.len());
    if let Some(coding) = coding {
        response = response.header(header::CONTENT_ENCODING, coding.content_encoding());
    }
    let body = if head {
        Body::empty()
    } else {
        Body::from(file.bytes)
    };
    // The builder only fails on invalid header values; every value above is ASCII we made.
    response.body(body).unwrap_or_default()
}

/// The media type of the original file (not of its compressed sibling), with a charset
/// for text so that browsers never guess.
fn content_type(path: &str) -> HeaderValue {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.subtype().as_str(),
            "javascript" | "json" | "manifest+json" | "xml" | "svg"
        );
    let value = if textual && mime.get_param("charset").is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    HeaderValue::from_str(&value)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"))
}

/// `If-None-Match` (weak comparison, RFC 9110 §13.1.2): `*` or any listed tag equal to ours.
fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim())
        .any(|t| t == "*" || t.trim_start_matches("W/") == etag)
}

fn not_built(head: bool) -> Response {
    let body = if head {
        Body::empty()
    } else {
        Body::from(NOT_BUILT_PAGE)
    };
    Response::builder()
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, REVALIDATE)
        .header(header::CONTENT_LENGTH, NOT_BUILT_PAGE.len())
        .body(body)
        .unwrap_or_default()
}

#[cfg(test)]
#[path = "serve_tests.rs"]
mod tests;
