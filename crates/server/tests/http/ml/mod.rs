//! `/api/v1/ml/*` and the standalone ML service's root routes, against the real
//! EfficientNet-Lite0 model (needs `scripts/fetch-onnxruntime.sh`; fails with its message
//! otherwise).

mod compat;
mod forward;
mod fuzz;
mod history;
mod metrics;
mod original_shape;
mod serving;
mod stats;

use std::{
    path::PathBuf,
    sync::{Arc, OnceLock},
};

use axum::{body::Body, http::Method};
use practicum_api::ApiConfig;
use practicum_app::{
    ml::{Ml, MlLimits, ModelState},
    ports::Classifier,
};
use practicum_server::inference::PoolClassifier;
use secrecy::SecretString;
use serde_json::Value;

use crate::support::*;

pub const ADMIN_TOKEN: &str = "ml-test-admin-token-0123456789abcdef";
pub const IMAGES: [&str; 4] = ["cat.jpg", "coffee.jpg", "dog.jpg", "dog2.jpg"];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("crates/inference/tests/fixtures").join(name)).expect("fixture")
}

/// `(index, label, probability)` of the reference top-1.
pub fn expected_top1(image: &str) -> (u64, String, f64) {
    let all: Value = serde_json::from_slice(&fixture("expected_top5.json")).expect("json");
    let first = &all[format!("test_images/{image}")][0];
    (
        first["index"].as_u64().expect("index"),
        first["label"].as_str().expect("label").to_owned(),
        first["prob"].as_f64().expect("prob"),
    )
}

/// The real model, loaded once per test binary and shared by every test.
pub fn classifier() -> Arc<dyn Classifier> {
    static CLASSIFIER: OnceLock<Arc<dyn Classifier>> = OnceLock::new();
    CLASSIFIER
        .get_or_init(|| {
            let c = PoolClassifier::start(
                &repo().join("models/efficientnet-lite0"),
                practicum_inference::PoolConfig::default(),
                64 * 1024 * 1024,
            )
            .unwrap_or_else(|e| {
                panic!("cannot load the model (run scripts/fetch-onnxruntime.sh first): {e}")
            });
            Arc::new(c)
        })
        .clone()
}

pub fn limits() -> MlLimits {
    MlLimits {
        admin_token: Some(SecretString::from(ADMIN_TOKEN)),
        ..MlLimits::default()
    }
}

/// The app serving `model` with `limits`.
pub async fn start_with_model(
    backend: Backend,
    model: ModelState,
    limits: MlLimits,
) -> Option<TestApp> {
    TestApp::start_custom(backend, test_config(), move |app| {
        app.with_ml(Ml { model, limits })
    })
    .await
}

/// The app serving the real model with `limits`.
pub async fn start_ml_with(backend: Backend, limits: MlLimits) -> Option<TestApp> {
    start_with_model(backend, ModelState::Ready(classifier()), limits).await
}

pub async fn start_ml(backend: Backend) -> Option<TestApp> {
    start_ml_with(backend, limits()).await
}

/// [`start_ml`] for `#[db_test]`: `async fn name(MlApp(t): MlApp)`.
pub struct MlApp(pub TestApp);

impl MlApp {
    pub async fn start(backend: Backend) -> Option<Self> {
        start_ml(backend).await.map(Self)
    }
}

/// One multipart part: `(field name, file name, bytes)`; no file name = a text field.
pub type Part<'a> = (&'a str, Option<&'a str>, Vec<u8>);

pub fn multipart(parts: &[Part<'_>]) -> (String, Vec<u8>) {
    let boundary = "practicum-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(f) => body.extend(
                format!(
                    "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            ),
            None => body.extend(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// `POST /api/v1/ml/forward` with a multipart body.
pub async fn ml_forward(t: &TestApp, token: Option<&str>, parts: &[Part<'_>]) -> Response {
    post_multipart(t, "/api/v1/ml/forward", token, parts).await
}

/// `POST path` with a multipart body.
pub async fn post_multipart(
    t: &TestApp,
    path: &str,
    token: Option<&str>,
    parts: &[Part<'_>],
) -> Response {
    let (content_type, body) = multipart(parts);
    let bearer = authorization(token);
    let headers = headers(&bearer, Some(&content_type));
    t.call_raw(Method::POST, path, &headers, Body::from(body))
        .await
}

pub fn image(bytes: Vec<u8>) -> Part<'static> {
    ("image", Some("upload.jpg"), bytes)
}

/// Every row of the history, newest first (as an admin).
pub async fn all_history(t: &TestApp, admin: &str, query: &str) -> Vec<Value> {
    let mut items = Vec::new();
    for page in 1.. {
        let sep = if query.is_empty() { "" } else { "&" };
        let path = format!("/api/v1/ml/history?page={page}&page_size=100{sep}{query}");
        let r = t.get_ok(&path, Some(admin)).await;
        let batch = r["items"].as_array().expect("items").clone();
        let done = batch.len() < 100;
        items.extend(batch);
        if done {
            break;
        }
    }
    items
}

/// CRC-32 (IEEE) as PNG chunks need it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFF_u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A tiny valid PNG header that declares `width x height` pixels: a decompression bomb.
pub fn png_bomb(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(13_u32.to_be_bytes());
    png.extend(&ihdr);
    png.extend(crc32(&ihdr).to_be_bytes());
    let idat = b"IDAT\x78\x9c\x03\x00\x00\x00\x00\x01".to_vec();
    png.extend(8_u32.to_be_bytes());
    png.extend(&idat);
    png.extend(crc32(&idat).to_be_bytes());
    png
}

pub const GIF: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
