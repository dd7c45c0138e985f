//! The web app at `/`: the bundle embedded from `web/dist`, served as a browser needs it.
//! File names are read from the bundle's `index.html`, never hard-coded: the web app's
//! build changes them.

use std::path::PathBuf;

use axum::{
    body::Body,
    http::{Method, Request, StatusCode},
};

use crate::support::*;

fn dist() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../web/dist")
}

/// The first `/assets/…` file that `index.html` references (its entry script or style).
fn first_asset(index: &str) -> String {
    let start = index
        .find("\"/assets/")
        .expect("index.html references a file under /assets/")
        + 1;
    let end = start + index[start..].find('"').unwrap();
    index[start..end].to_owned()
}

async fn fetch(t: &TestApp, method: Method, path: &str, headers: &[(&str, &str)]) -> Response {
    let mut req = Request::builder().method(method).uri(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    t.send(req.body(Body::empty()).unwrap()).await
}

fn header<'a>(r: &'a Response, name: &str) -> &'a str {
    r.headers.get(name).map_or("", |v| v.to_str().unwrap_or(""))
}

#[db_test]
async fn the_web_app_is_served_at_the_root(t: TestApp) {
    let index = fetch(&t, Method::GET, "/", &[]).await;
    assert_eq!(index.status, StatusCode::OK);
    assert_eq!(
        index.bytes,
        std::fs::read(dist().join("index.html")).unwrap()
    );
    assert!(header(&index, "content-type").starts_with("text/html"));
    assert_eq!(header(&index, "cache-control"), "no-cache");
    assert_eq!(header(&index, "content-encoding"), "");
    assert!(header(&index, "etag").starts_with('"'));

    // Precompressed: brotli when allowed, else gzip, each the bundle's own file.
    let br = fetch(
        &t,
        Method::GET,
        "/",
        &[("accept-encoding", "gzip, deflate, br")],
    )
    .await;
    assert_eq!(header(&br, "content-encoding"), "br");
    assert_eq!(header(&br, "vary").to_ascii_lowercase(), "accept-encoding");
    assert!(header(&br, "content-type").starts_with("text/html"));
    assert_eq!(
        br.bytes,
        std::fs::read(dist().join("index.html.br")).unwrap()
    );
    let gz = fetch(&t, Method::GET, "/", &[("accept-encoding", "gzip, br;q=0")]).await;
    assert_eq!(header(&gz, "content-encoding"), "gzip");
    assert_eq!(
        gz.bytes,
        std::fs::read(dist().join("index.html.gz")).unwrap()
    );
}

#[db_test]
async fn hashed_assets_are_cached_forever_and_revalidated_by_etag(t: TestApp) {
    let index = fetch(&t, Method::GET, "/", &[]).await;
    let asset = first_asset(&String::from_utf8(index.bytes).unwrap());
    let on_disk = dist().join(asset.trim_start_matches('/'));

    let raw = fetch(&t, Method::GET, &asset, &[]).await;
    assert_eq!(raw.status, StatusCode::OK, "{asset}");
    assert_eq!(raw.bytes, std::fs::read(&on_disk).unwrap());
    assert_eq!(
        header(&raw, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    let expected_type = if asset.ends_with(".css") {
        "text/css"
    } else {
        "text/javascript"
    };
    assert!(
        header(&raw, "content-type").starts_with(expected_type),
        "{asset}: {}",
        header(&raw, "content-type")
    );

    let br_file = PathBuf::from(format!("{}.br", on_disk.display()));
    let compressed = fetch(&t, Method::GET, &asset, &[("accept-encoding", "br, gzip")]).await;
    if br_file.is_file() {
        assert_eq!(header(&compressed, "content-encoding"), "br");
        assert_eq!(compressed.bytes, std::fs::read(&br_file).unwrap());
    }
    // The original's type, not the compressed file's.
    assert_eq!(
        header(&compressed, "content-type"),
        header(&raw, "content-type")
    );

    let etag = header(&compressed, "etag").to_owned();
    let unchanged = fetch(
        &t,
        Method::GET,
        &asset,
        &[("accept-encoding", "br, gzip"), ("if-none-match", &etag)],
    )
    .await;
    assert_eq!(unchanged.status, StatusCode::NOT_MODIFIED);
    assert!(unchanged.bytes.is_empty());
    assert_eq!(header(&unchanged, "etag"), etag);
}

#[db_test]
async fn client_routes_fall_back_to_index_html(t: TestApp) {
    let index = std::fs::read(dist().join("index.html")).unwrap();
    for path in [
        "/login",
        "/courses",
        "/courses/intro-to-ml",
        "/learn/intro-to-ml/lessons/7",
        "/track/exam/3",
        "/u/ada",
        "/apiary",
        "/index.html",
    ] {
        let r = fetch(&t, Method::GET, path, &[]).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.bytes, index, "{path}");
        assert_eq!(header(&r, "cache-control"), "no-cache", "{path}");
        assert!(
            r.headers.contains_key("x-request-id"),
            "{path}: the usual layers apply"
        );
        assert!(
            header(&r, "content-security-policy").contains("script-src 'self'"),
            "{path}: pages get the strict CSP"
        );
    }
    let head = fetch(&t, Method::HEAD, "/dashboard", &[]).await;
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.bytes.is_empty());
    assert!(header(&head, "content-type").starts_with("text/html"));
}

#[db_test]
async fn server_paths_and_missing_assets_stay_json_404s(t: TestApp) {
    for path in [
        "/api",
        "/api/v1/no-such-route",
        "/api/v2/courses",
        "/health/nope",
        "/metrics/x",
        "/ws/x",
        "/assets/no-such-file-00000000.js",
    ] {
        let r = fetch(&t, Method::GET, path, &[]).await;
        assert_error(&r, StatusCode::NOT_FOUND, "not_found");
        assert!(
            header(&r, "content-type").starts_with("application/json"),
            "{path}"
        );
    }
    let post = t
        .post("/api/v1/no-such-route", None, serde_json::json!({}))
        .await;
    assert_error(&post, StatusCode::NOT_FOUND, "not_found");

    // Pages are read-only.
    let write = fetch(&t, Method::POST, "/courses", &[]).await;
    assert_error(&write, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    assert_eq!(header(&write, "allow"), "GET, HEAD");

    // The server's own pages are unaffected.
    let docs = fetch(&t, Method::GET, "/docs/", &[]).await;
    assert_eq!(docs.status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&docs.bytes).contains("swagger"));
    assert_eq!(t.get("/health/live", None).await.status, StatusCode::OK);
    assert_eq!(
        t.get("/api/openapi.json", None).await.status,
        StatusCode::OK
    );
}
