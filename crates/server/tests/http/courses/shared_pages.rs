//! Concurrent identical catalog requests share one computation (ADR 0066), and still each
//! sees every write committed before it asked: the catalog cache off, readers hammer one
//! page while courses are published one by one.

use std::sync::{
    atomic::{AtomicBool, AtomicI64, Ordering},
    Arc,
};

use axum::{
    body::Body,
    http::{Request, StatusCode},
};
use http_body_util::BodyExt;
use practicum_app::catalog_cache::{CacheConfig, CatalogCache};
use serde_json::Value;
use tower::ServiceExt;

use super::*;

#[db_test(flavor = "multi_thread", worker_threads = 4)]
async fn every_concurrent_reader_of_a_page_sees_the_courses_published_before_it_asked(t: TestApp) {
    let (ada, producer) = teacher_and_producer(&t).await;
    // A second process over the same database with the catalog cache off: every request
    // reads the database, through the shared computations only.
    let app = practicum_testkit::test_app(t.db.db.clone()).with_catalog_cache(CatalogCache::new(
        CacheConfig {
            enabled: false,
            ..CacheConfig::default()
        },
        None,
    ));
    let router = practicum_server::wiring::build_router(app, practicum_api::ApiConfig::default());

    let published = Arc::new(AtomicI64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..16)
        .map(|_| {
            let (router, published, done) = (router.clone(), published.clone(), done.clone());
            tokio::spawn(async move {
                loop {
                    let finished = done.load(Ordering::SeqCst);
                    let before = published.load(Ordering::SeqCst);
                    let req = Request::get("/api/v1/courses?page_size=1")
                        .body(Body::empty())
                        .unwrap();
                    let res = router.clone().oneshot(req).await.unwrap();
                    assert_eq!(res.status(), StatusCode::OK);
                    let bytes = res.into_body().collect().await.unwrap().to_bytes();
                    let body: Value = serde_json::from_slice(&bytes).unwrap();
                    let total = body["total"].as_i64().unwrap();
                    assert!(
                        total >= before,
                        "a request sent after {before} courses were published saw {total}"
                    );
                    assert_eq!(
                        body["items"].as_array().map(Vec::len),
                        Some(total.min(1) as usize)
                    );
                    if finished {
                        return;
                    }
                }
            })
        })
        .collect();

    for n in 1..=8 {
        let slug = draft(&t, &ada, &format!("Course {n}")).await;
        module_with_lessons(&t, &ada, &slug, "Basics", 1).await;
        publish(&t, &ada, &producer, &slug).await;
        published.store(n, Ordering::SeqCst);
    }
    done.store(true, Ordering::SeqCst);
    for reader in readers {
        // A reader's assertion failed: its panic is the test's.
        reader.await.unwrap();
    }

    // Once the writes are over, every page shows all of them.
    let req = Request::get("/api/v1/courses").body(Body::empty()).unwrap();
    let res = router.oneshot(req).await.unwrap();
    let body: Value =
        serde_json::from_slice(&res.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(body["total"], 8);
}
