//! Engine benchmark: preprocessing cost, per-batch latency at batch 1 and 8, and
//! pool throughput (images/s) with batching off and on.
//!
//! `cargo bench -p practicum-inference --bench engine [-- MODEL_DIR] [--pool-only [SECONDS]]`
//! (default `models/efficientnet-lite0`; `--pool-only`: only the throughput of the
//! default pool — `PoolConfig::default()`, or `ML_WORKERS` / `ML_INTRA_OP_THREADS` /
//! `ML_MAX_BATCH` when set, as the server reads them — kept busy for SECONDS (default 15)
//! with 32 images in flight, fed through [`InferencePool::spare_tensor`] as the server
//! feeds it, and the process's resident memory after at least 1,000 classifications:
//! what `scripts/bench-ml.sh` compares the HTTP route with).
//! Plain `std` timing: the numbers are for choosing pool settings, not for regression gates.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a benchmark binary: failing loudly is the right thing"
)]

use std::collections::VecDeque;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use ndarray::Array3;
use practicum_inference::{preprocess, InferencePool, Model, PoolConfig};

const ROUNDS: usize = 30;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let args: Vec<String> = std::env::args().skip(1).collect();
    let pool_only = args.iter().position(|a| a == "--pool-only");
    // `--pool-only 15`: the number after the flag is the run's length in seconds.
    let seconds = pool_only
        .and_then(|i| args.get(i + 1))
        .and_then(|a| a.parse::<f64>().ok());
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--") && a.parse::<f64>().is_err())
        .map_or_else(|| root.join("models/efficientnet-lite0"), PathBuf::from);
    let model = Model::load(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    println!(
        "model {} ({}), {cores} cores",
        model.manifest().name,
        dir.display()
    );

    let config = model.manifest().preprocess_config();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let jpeg = std::fs::read(root.join("crates/inference/tests/fixtures/dog.jpg")).unwrap();
    if pool_only.is_some() {
        // One pool for the whole measurement, holding the model by value as the server
        // does (its ONNX bytes are freed once the sessions exist).
        let tensor = preprocess(&jpeg, &config).unwrap().tensor;
        let config = PoolConfig {
            queue_capacity: 256,
            ..default_pool()
        };
        let pool = InferencePool::start(model, config.clone()).unwrap();
        println!("RSS with the pool started: {} MB", rss_mb());
        let warm_up = 16 * config.workers.max(config.intra_op_threads);
        keep_busy(&runtime, &pool, &tensor, Budget::Images(warm_up));
        let seconds = seconds.unwrap_or(15.0);
        let (images, elapsed) = keep_busy(&runtime, &pool, &tensor, Budget::Seconds(seconds));
        println!(
            "throughput workers {}, intra-op threads {}, max_batch {}: {:.1} images/s \
             ({images} images, {elapsed:.2} s)",
            config.workers,
            config.intra_op_threads,
            config.max_batch,
            images as f64 / elapsed
        );
        let done = warm_up + images;
        if done < 1000 {
            keep_busy(&runtime, &pool, &tensor, Budget::Images(1000 - done));
        }
        println!(
            "RSS after {} classifications: {} MB",
            done.max(1000),
            rss_mb()
        );
        return;
    }
    let started = Instant::now();
    for _ in 0..ROUNDS {
        preprocess(&jpeg, &config).unwrap();
    }
    let per_image = started.elapsed().as_secs_f64() * 1e3 / ROUNDS as f64;
    println!("preprocess (400x242 JPEG → tensor): {per_image:.2} ms/image");

    let size = model.manifest().input_size as usize;
    let tensor = preprocess(&jpeg, &config).unwrap().tensor;
    assert_eq!(tensor.shape(), &[3, size, size]);
    for intra in [1, cores] {
        for batch in [1, 8] {
            latency(&runtime, &model, &tensor, batch, intra);
        }
    }
    for (workers, intra_op_threads, max_batch) in [
        (cores, 1, 1),
        (cores, 1, 8),
        (1, 1, 1),
        (1, cores, 1),
        (1, cores, 8),
    ] {
        let pool = PoolConfig {
            workers,
            intra_op_threads,
            max_batch,
            ..PoolConfig::default()
        };
        throughput(&runtime, &model, &tensor, &pool);
    }
}

/// `PoolConfig::default()` with the server's `ML_WORKERS`, `ML_INTRA_OP_THREADS` and
/// `ML_MAX_BATCH` applied.
fn default_pool() -> PoolConfig {
    let var = |name: &str| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
    };
    let defaults = PoolConfig::default();
    PoolConfig {
        workers: var("ML_WORKERS").unwrap_or(defaults.workers),
        intra_op_threads: var("ML_INTRA_OP_THREADS").unwrap_or(defaults.intra_op_threads),
        max_batch: var("ML_MAX_BATCH").unwrap_or(defaults.max_batch),
        ..defaults
    }
}

/// The process's resident set (`VmRSS`) in MB, 0 where `/proc` has none.
fn rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

/// One worker, `batch` jobs submitted together → one run; reports the run's time.
fn latency(
    runtime: &tokio::runtime::Runtime,
    model: &Model,
    tensor: &Array3<f32>,
    batch: usize,
    intra_op_threads: usize,
) {
    let config = PoolConfig {
        workers: 1,
        intra_op_threads,
        max_batch: batch,
        max_wait: Duration::from_millis(200),
        queue_capacity: batch,
    };
    let pool = InferencePool::start(model.clone(), config).unwrap();
    let mut times = Vec::new();
    for round in 0..=ROUNDS {
        let pending: Vec<_> = (0..batch)
            .map(|_| pool.submit(tensor.clone(), 5).unwrap())
            .collect();
        let results: Vec<_> = runtime
            .block_on(async { futures_join(pending).await })
            .into_iter()
            .collect();
        if round > 0 {
            times.push(results[0].inference_ms); // round 0 warms the session up
        }
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "latency  batch {batch}, intra-op threads {intra_op_threads}: median {median:.1} ms/batch, \
         {:.1} ms/image, p90 {:.1} ms",
        median / batch as f64,
        times[times.len() * 9 / 10],
    );
    pool.shutdown();
}

/// How long [`keep_busy`] runs.
#[derive(Clone, Copy)]
enum Budget {
    Images(usize),
    Seconds(f64),
}

/// Classifies copies of `tensor` with 32 in flight, each copied into a spare tensor of
/// the pool as the server preprocesses into one, until the budget is spent; returns the
/// images classified and the seconds it took.
fn keep_busy(
    runtime: &tokio::runtime::Runtime,
    pool: &InferencePool,
    tensor: &Array3<f32>,
    budget: Budget,
) -> (usize, f64) {
    let source = tensor.as_slice().unwrap();
    let copy = || {
        let mut data = pool.spare_tensor();
        data.clear();
        data.extend_from_slice(source);
        Array3::from_shape_vec(tensor.raw_dim(), data).unwrap()
    };
    runtime.block_on(async {
        let started = Instant::now();
        let (mut submitted, mut done) = (0, 0);
        let mut in_flight = VecDeque::new();
        loop {
            while in_flight.len() < 32
                && match budget {
                    Budget::Images(n) => submitted < n,
                    Budget::Seconds(s) => started.elapsed().as_secs_f64() < s,
                }
            {
                in_flight.push_back(pool.submit(copy(), 5).unwrap());
                submitted += 1;
            }
            let Some(pending) = in_flight.pop_front() else {
                break;
            };
            pending.wait().await.unwrap();
            done += 1;
        }
        (done, started.elapsed().as_secs_f64())
    })
}

/// Keeps the queue full for a while and counts images per second.
fn throughput(
    runtime: &tokio::runtime::Runtime,
    model: &Model,
    tensor: &Array3<f32>,
    config: &PoolConfig,
) {
    let (workers, intra, max_batch) = (config.workers, config.intra_op_threads, config.max_batch);
    let pool = InferencePool::start(
        model.clone(),
        PoolConfig {
            max_wait: Duration::from_millis(5),
            queue_capacity: 256,
            ..config.clone()
        },
    )
    .unwrap();
    let images = 64 * workers.max(intra).max(1) * max_batch.min(2);
    let started = Instant::now();
    let pending: Vec<_> = (0..images)
        .map(|_| pool.submit(tensor.clone(), 5).unwrap())
        .collect();
    runtime.block_on(futures_join(pending));
    let elapsed = started.elapsed().as_secs_f64();
    let runs = pool.stats().runs.load(std::sync::atomic::Ordering::Relaxed);
    println!(
        "throughput workers {workers}, intra-op threads {intra}, max_batch {max_batch}: \
         {:.1} images/s ({images} images in {runs} runs, {elapsed:.2} s)",
        images as f64 / elapsed
    );
    pool.shutdown();
}

async fn futures_join(
    pending: Vec<practicum_inference::Pending>,
) -> Vec<practicum_inference::Classification> {
    let mut out = Vec::with_capacity(pending.len());
    for p in pending {
        out.push(p.wait().await.unwrap());
    }
    out
}
