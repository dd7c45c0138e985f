//! The pool's serving rules: bounded queue, cancelled jobs skipped, argument checks,
//! and load errors that explain themselves.

use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Duration;

use ndarray::Array3;
use practicum_inference::{EngineError, InferencePool, LoadError, Model, PoolConfig};

use crate::{model, model_dir};

fn one_worker(queue_capacity: usize) -> InferencePool {
    let config = PoolConfig {
        workers: 1,
        intra_op_threads: 1,
        max_batch: 1,
        max_wait: Duration::ZERO,
        queue_capacity,
    };
    InferencePool::start(model(), config).expect("pool starts")
}

fn blank() -> Array3<f32> {
    Array3::zeros((3, 224, 224))
}

#[tokio::test]
async fn a_full_queue_is_refused_at_once() {
    let pool = one_worker(1);
    let mut accepted = Vec::new();
    let mut refused = 0;
    // One job runs (milliseconds), one waits; submitting is microseconds, so most of
    // these find the queue full.
    for _ in 0..20 {
        match pool.submit(blank(), 1) {
            Ok(pending) => accepted.push(pending),
            Err(EngineError::QueueFull) => refused += 1,
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert!(refused > 0, "no submit saw a full queue");
    // The first job always fits; whether the worker took it off the queue before the
    // second submit is a race, so only one acceptance is certain.
    assert!(!accepted.is_empty(), "the first job is accepted");
    for pending in accepted {
        pending.wait().await.expect("accepted jobs are answered");
    }
}

#[tokio::test]
async fn a_job_whose_requester_left_is_not_computed() {
    let pool = one_worker(8);
    let first = pool.submit(blank(), 1).expect("queued");
    let abandoned = pool.submit(blank(), 1).expect("queued");
    drop(abandoned);
    let last = pool.submit(blank(), 1).expect("queued");
    first.wait().await.expect("answered");
    last.wait().await.expect("answered");
    assert_eq!(pool.stats().cancelled.load(Ordering::Relaxed), 1);
    assert_eq!(pool.stats().images.load(Ordering::Relaxed), 2);
}

#[tokio::test]
async fn arguments_are_checked_before_queueing() {
    let pool = one_worker(1);
    assert_eq!(
        pool.classify(blank(), 0).await.err(),
        Some(EngineError::InvalidTopK { got: 0, max: 20 })
    );
    assert_eq!(
        pool.classify(blank(), 21).await.err(),
        Some(EngineError::InvalidTopK { got: 21, max: 20 })
    );
    let top20 = pool.classify(blank(), 20).await.expect("20 is allowed");
    assert_eq!(top20.predictions.len(), 20);
    assert!(matches!(
        pool.classify(Array3::zeros((3, 100, 100)), 5).await,
        Err(EngineError::InvalidShape { .. })
    ));
    let debug = format!("{:?}", model());
    assert!(
        debug.len() < 2000,
        "Debug must not dump the model bytes: {} chars",
        debug.len()
    );
    let info = pool.info();
    assert_eq!(
        (info.name.as_str(), info.input_size, info.classes),
        ("efficientnet-lite0", 224, 1000)
    );
    assert_eq!((info.workers, info.max_batch, info.device), (1, 1, "cpu"));
}

#[test]
fn a_missing_runtime_library_is_a_helpful_error() {
    let missing = Path::new("/nonexistent/libonnxruntime.so.1.31.1");
    let error = Model::load_with_library(model_dir(), missing).expect_err("no library there");
    assert!(
        matches!(error, LoadError::RuntimeMissing { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("scripts/fetch-onnxruntime.sh"),
        "{message}"
    );
    assert!(message.contains("ORT_DYLIB_PATH"), "{message}");
    assert!(
        message.contains("/nonexistent/libonnxruntime.so.1.31.1"),
        "{message}"
    );
}

#[test]
fn labels_must_match_the_output_width() {
    let dir = tempfile::tempdir().expect("temp dir");
    for file in ["manifest.toml", "efficientnet-lite0.onnx"] {
        std::fs::copy(model_dir().join(file), dir.path().join(file)).expect("copy");
    }
    let labels = std::fs::read_to_string(model_dir().join("imagenet_classes.txt")).expect("labels");
    let fewer: Vec<&str> = labels.lines().take(999).collect();
    std::fs::write(dir.path().join("imagenet_classes.txt"), fewer.join("\n")).expect("write");
    let _ = model(); // make sure the runtime is loadable, so the label check is reached
    let error = Model::load(dir.path()).expect_err("999 labels for 1000 outputs");
    assert!(
        matches!(
            error,
            LoadError::LabelCount {
                labels: 999,
                outputs: 1000
            }
        ),
        "{error:?}"
    );
}

#[test]
fn a_bad_manifest_names_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("manifest.toml"), "name = 3").expect("write");
    let error = Model::load(dir.path()).expect_err("bad manifest");
    assert!(matches!(error, LoadError::Manifest { .. }), "{error:?}");
    assert!(error.to_string().contains("manifest.toml"));
}

/// ONNX Runtime is loaded once per process, so the "wrong library" cases run in a fresh
/// child process (this same test binary, filtered to this test, with a marker variable).
#[test]
fn a_wrong_runtime_setting_is_an_error_not_a_panic_in_a_fresh_process() {
    const CHILD: &str = "PRACTICUM_INFERENCE_TEST_CHILD";
    const NAME: &str =
        "serving::a_wrong_runtime_setting_is_an_error_not_a_panic_in_a_fresh_process";
    if let Some(scratch) = std::env::var_os(CHILD) {
        // ORT_DYLIB_PATH (set by the parent) names a file that does not exist.
        let error = Model::load(model_dir()).expect_err("ORT_DYLIB_PATH points nowhere");
        assert!(
            matches!(error, LoadError::RuntimeMissing { .. }),
            "{error:?}"
        );
        assert!(
            error.to_string().contains("/nonexistent/from-env.so"),
            "{error}"
        );
        // A file that exists but is no library: ONNX Runtime refuses it, we report it.
        let bogus = Path::new(&scratch).join("libonnxruntime.so.1.31.1");
        let error = Model::load_with_library(model_dir(), &bogus).expect_err("not a library");
        assert!(matches!(error, LoadError::RuntimeLoad { .. }), "{error:?}");
        assert!(
            error.to_string().contains("scripts/fetch-onnxruntime.sh"),
            "{error}"
        );
        return;
    }
    let scratch = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        scratch.path().join("libonnxruntime.so.1.31.1"),
        b"not an ELF file",
    )
    .expect("write");
    let output = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([NAME, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, scratch.path())
        .env("ORT_DYLIB_PATH", "/nonexistent/from-env.so")
        .output()
        .expect("child runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "child failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
