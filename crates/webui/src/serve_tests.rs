use std::{
    borrow::Cow,
    collections::HashMap,
    hash::{DefaultHasher, Hash, Hasher},
};

use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use http_body_util::BodyExt;

use super::*;

/// A bundle in memory; the "hash" only has to differ between contents.
struct Fake(HashMap<&'static str, &'static [u8]>);

impl Bundle for Fake {
    fn get(&self, path: &str) -> Option<Asset> {
        self.0.get(path).map(|bytes| {
            let mut h = DefaultHasher::new();
            bytes.hash(&mut h);
            let mut sha256 = [0u8; 32];
            sha256[..8].copy_from_slice(&h.finish().to_be_bytes());
            Asset {
                bytes: Cow::Borrowed(bytes),
                sha256,
            }
        })
    }
}

fn app() -> Fake {
    Fake(HashMap::from([
        ("index.html", b"<!doctype html>index".as_slice()),
        ("index.html.br", b"BR(index)".as_slice()),
        ("index.html.gz", b"GZ(index)".as_slice()),
        ("assets/app-1a2b3c4d.js", b"console.log(1)".as_slice()),
        ("assets/app-1a2b3c4d.js.gz", b"GZ(app)".as_slice()),
        ("assets/logo-99.png", b"\x89PNG".as_slice()),
        ("favicon.svg", b"<svg/>".as_slice()),
    ]))
}

struct Got {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

async fn get(bundle: &Fake, method: Method, path: &str, headers: &[(&str, &str)]) -> Option<Got> {
    let mut h = HeaderMap::new();
    for (k, v) in headers {
        h.append(
            header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
            HeaderValue::from_str(v).unwrap(),
        );
    }
    match serve(bundle, &method, path, &h) {
        Outcome::Response(r) => {
            let status = r.status();
            let headers = r.headers().clone();
            let body = r.into_body().collect().await.unwrap().to_bytes().to_vec();
            Some(Got {
                status,
                headers,
                body,
            })
        }
        Outcome::NotFound | Outcome::MethodNotAllowed => None,
    }
}

fn h<'a>(g: &'a Got, name: &str) -> &'a str {
    g.headers.get(name).map_or("", |v| v.to_str().unwrap_or(""))
}

#[tokio::test]
async fn index_and_client_routes_get_the_app_uncached() {
    let b = app();
    for path in [
        "/",
        "/index.html",
        "/courses",
        "/learn/ml-101/lessons/3",
        "/u/ada/",
    ] {
        let g = get(&b, Method::GET, path, &[]).await.unwrap();
        assert_eq!(g.status, StatusCode::OK, "{path}");
        assert_eq!(g.body, b"<!doctype html>index", "{path}");
        assert_eq!(h(&g, "cache-control"), "no-cache", "{path}");
        assert_eq!(h(&g, "content-type"), "text/html; charset=utf-8", "{path}");
        assert_eq!(h(&g, "vary"), "accept-encoding", "{path}");
        assert!(h(&g, "etag").starts_with('"'), "{path}");
    }
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_precompressed() {
    let b = app();
    let g = get(
        &b,
        Method::GET,
        "/assets/app-1a2b3c4d.js",
        &[("accept-encoding", "gzip, deflate, br")],
    )
    .await
    .unwrap();
    assert_eq!(g.status, StatusCode::OK);
    // No .br stored: gzip is the best the bundle has.
    assert_eq!(g.body, b"GZ(app)");
    assert_eq!(h(&g, "content-encoding"), "gzip");
    assert_eq!(h(&g, "content-type"), "text/javascript; charset=utf-8");
    assert_eq!(h(&g, "content-length"), "7");
    assert_eq!(
        h(&g, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(h(&g, "vary"), "accept-encoding");

    let raw = get(&b, Method::GET, "/assets/app-1a2b3c4d.js", &[])
        .await
        .unwrap();
    assert_eq!(raw.body, b"console.log(1)");
    assert_eq!(h(&raw, "content-encoding"), "");
    assert_ne!(h(&raw, "etag"), h(&g, "etag"), "one validator per encoding");

    let png = get(
        &b,
        Method::GET,
        "/assets/logo-99.png",
        &[("accept-encoding", "br")],
    )
    .await
    .unwrap();
    assert_eq!(h(&png, "content-type"), "image/png");
    assert_eq!(h(&png, "content-encoding"), "");
    assert_eq!(h(&png, "vary"), "", "nothing to vary on");
}

#[tokio::test]
async fn brotli_is_preferred_and_refusals_are_honoured() {
    let b = app();
    let br = get(&b, Method::GET, "/", &[("accept-encoding", "gzip, br")])
        .await
        .unwrap();
    assert_eq!(
        (br.body.as_slice(), h(&br, "content-encoding")),
        (b"BR(index)".as_slice(), "br")
    );
    let gz = get(&b, Method::GET, "/", &[("accept-encoding", "br;q=0, gzip")])
        .await
        .unwrap();
    assert_eq!(
        (gz.body.as_slice(), h(&gz, "content-encoding")),
        (b"GZ(index)".as_slice(), "gzip")
    );
}

#[tokio::test]
async fn unknown_assets_are_404_not_the_app() {
    let b = app();
    for path in ["/assets/app-00000000.js", "/assets/", "/assets"] {
        assert!(
            matches!(
                serve(&b, &Method::GET, path, &HeaderMap::new()),
                Outcome::NotFound
            ),
            "{path}"
        );
    }
    // A root file that exists is served as itself, revalidated.
    let svg = get(&b, Method::GET, "/favicon.svg", &[]).await.unwrap();
    assert_eq!(h(&svg, "content-type"), "image/svg+xml; charset=utf-8");
    assert_eq!(h(&svg, "cache-control"), "no-cache");
}

#[tokio::test]
async fn only_get_and_head_read_the_bundle() {
    let b = app();
    for method in [Method::POST, Method::PUT, Method::DELETE] {
        assert!(matches!(
            serve(&b, &method, "/courses", &HeaderMap::new()),
            Outcome::MethodNotAllowed
        ));
    }
    let head = get(&b, Method::HEAD, "/assets/app-1a2b3c4d.js", &[])
        .await
        .unwrap();
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.body.is_empty());
    assert_eq!(h(&head, "content-length"), "14");
}

#[tokio::test]
async fn a_current_etag_is_answered_304() {
    let b = app();
    let accept = ("accept-encoding", "br");
    let first = get(&b, Method::GET, "/", &[accept]).await.unwrap();
    let etag = h(&first, "etag").to_owned();
    let again = get(&b, Method::GET, "/", &[accept, ("if-none-match", &etag)])
        .await
        .unwrap();
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    assert_eq!(h(&again, "etag"), etag);
    assert_eq!(h(&again, "cache-control"), "no-cache");
    assert_eq!(h(&again, "vary"), "accept-encoding");

    let weak_in_list = format!("\"other\", W/{etag}");
    let listed = get(
        &b,
        Method::GET,
        "/",
        &[accept, ("if-none-match", &weak_in_list)],
    )
    .await
    .unwrap();
    assert_eq!(listed.status, StatusCode::NOT_MODIFIED);

    // The brotli validator does not match the gzip representation.
    let other = get(
        &b,
        Method::GET,
        "/",
        &[("accept-encoding", "gzip"), ("if-none-match", &etag)],
    )
    .await
    .unwrap();
    assert_eq!(other.status, StatusCode::OK);
    assert_eq!(other.body, b"GZ(index)");
}

#[tokio::test]
async fn without_a_bundle_every_browser_path_says_how_to_build_it() {
    let empty = Fake(HashMap::new());
    for path in ["/", "/courses", "/index.html"] {
        let g = get(&empty, Method::GET, path, &[]).await.unwrap();
        assert_eq!(g.status, StatusCode::OK);
        assert_eq!(h(&g, "content-type"), "text/html; charset=utf-8");
        let text = String::from_utf8(g.body).unwrap();
        assert!(text.contains("npm run build"), "{text}");
        assert!(text.contains("/docs"), "{text}");
        assert!(
            !text.contains("<script") && !text.contains("style="),
            "CSP-clean"
        );
    }
    assert!(matches!(
        serve(&empty, &Method::GET, "/assets/app.js", &HeaderMap::new()),
        Outcome::NotFound
    ));
}
