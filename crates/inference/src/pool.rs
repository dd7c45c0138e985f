//! A pool of worker threads, each owning one ONNX Runtime session, fed by a bounded
//! queue, with optional dynamic batching.
//!
//! Why this shape:
//! - Inference is CPU-bound and blocking, so it runs on OS threads, never on the async
//!   runtime; callers await a oneshot reply.
//! - `Session::run` takes `&mut self`: one session per worker, no lock around it.
//! - The queue is bounded so overload turns into an immediate [`EngineError::QueueFull`]
//!   (HTTP 503 + `Retry-After`) instead of unbounded latency and memory.
//! - Dynamic batching (one run over up to `max_batch` queued images) is the main
//!   throughput lever on a GPU. On a CPU these nets cost about the same per image at
//!   batch 1 and 8, so the CPU default is one single-threaded session per core and no
//!   batching, which also gives the lowest latency.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, TrySendError};
use ndarray::Array3;
use ort::session::builder::PrepackedWeights;
use ort::session::Session;
use tokio::sync::oneshot;

use crate::error::{EngineError, LoadError};
use crate::model::{Model, ModelInfo};
use crate::output::{classify_logits, Classification, MAX_TOP_K};

/// How the pool serves a model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolConfig {
    /// Worker threads, one session each.
    pub workers: usize,
    /// Threads ONNX Runtime may use inside one run.
    pub intra_op_threads: usize,
    /// Largest batch one run may gather (1 = batching off).
    pub max_batch: usize,
    /// How long a worker holding one job waits for more before running.
    pub max_wait: Duration,
    /// Jobs waiting beyond those being computed; more are refused with `QueueFull`.
    pub queue_capacity: usize,
}

impl Default for PoolConfig {
    /// CPU defaults: one single-threaded session per core, batching off (see module docs),
    /// room for 16 waiting jobs a worker.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        Self {
            workers: cores,
            intra_op_threads: 1,
            max_batch: 1,
            max_wait: Duration::from_millis(2),
            queue_capacity: cores * 16,
        }
    }
}

/// Counters for metrics and tests; monotonic since start.
#[derive(Debug, Default)]
pub struct PoolStats {
    /// Images computed.
    pub images: AtomicU64,
    /// Model runs (an image batch counts once).
    pub runs: AtomicU64,
    /// Jobs dropped unrun because the requester had gone away.
    pub cancelled: AtomicU64,
}

struct Job {
    tensor: Array3<f32>,
    top_k: usize,
    reply: oneshot::Sender<Result<Classification, EngineError>>,
}

/// Tensors the workers are done with, handed out again by [`InferencePool::spare_tensor`]:
/// an input tensor (602 KB for a 224 × 224 model) is above glibc's mmap threshold in the
/// service's environment, so a new one a request is mapped, faulted in and unmapped each
/// time. At most `keep` are kept.
struct SpareTensors {
    tensors: Mutex<Vec<Vec<f32>>>,
    keep: usize,
    len: usize,
}

impl SpareTensors {
    fn take(&self) -> Vec<f32> {
        self.lock().pop().unwrap_or_default()
    }

    fn give(&self, tensor: Array3<f32>) {
        let (data, _) = tensor.into_raw_vec_and_offset();
        // Only buffers of this model's input size: a caller's odd tensor is just freed.
        if data.capacity() == self.len {
            let mut tensors = self.lock();
            if tensors.len() < self.keep {
                tensors.push(data);
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Vec<f32>>> {
        // A panic while holding the lock leaves a valid list of buffers.
        self.tensors
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The running pool. Dropping it closes the queue; workers finish queued jobs and exit.
pub struct InferencePool {
    sender: Option<Sender<Job>>,
    workers: Vec<JoinHandle<()>>,
    info: ModelInfo,
    input_shape: [usize; 3],
    stats: Arc<PoolStats>,
    spares: Arc<SpareTensors>,
}

impl std::fmt::Debug for InferencePool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InferencePool")
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}

/// A submitted job; await [`Pending::wait`]. Dropping it cancels the job if not yet run.
#[derive(Debug)]
pub struct Pending(oneshot::Receiver<Result<Classification, EngineError>>);

impl Pending {
    /// Waits for the worker's answer.
    ///
    /// # Errors
    /// The job's [`EngineError`], or [`EngineError::WorkerLost`] if its worker died.
    pub async fn wait(self) -> Result<Classification, EngineError> {
        self.0.await.unwrap_or(Err(EngineError::WorkerLost))
    }
}

impl InferencePool {
    /// Creates one session per worker (on the calling thread, so errors surface here)
    /// and starts the workers. Zero values in `config` are raised to 1.
    ///
    /// # Errors
    /// [`LoadError::Session`] if a session cannot be created or a thread not spawned.
    pub fn start(model: Model, config: PoolConfig) -> Result<Self, LoadError> {
        let workers = config.workers.max(1);
        let max_batch = config.max_batch.max(1);
        let (sender, receiver) = crossbeam_channel::bounded(config.queue_capacity.max(1));
        // One container for the pool: the workers' sessions share their pre-packed weights.
        let prepacked = PrepackedWeights::new();
        let mut sessions = Vec::with_capacity(workers);
        for _ in 0..workers {
            sessions.push(model.new_session(config.intra_op_threads, Some(&prepacked))?);
        }
        // The workers need the manifest and labels, not the ONNX bytes: if the caller
        // kept no clone of `model`, they are freed here.
        let model = Arc::new(model.without_onnx());
        let stats = Arc::new(PoolStats::default());
        let size = model.manifest().input_size as usize;
        // Enough for the images being preprocessed at once (the server preprocesses one a
        // worker at a time) with some slack; each is 3 × size² floats.
        let spares = Arc::new(SpareTensors {
            tensors: Mutex::new(Vec::new()),
            keep: 2 * workers,
            len: 3 * size * size,
        });
        let mut handles = Vec::with_capacity(workers);
        for (id, session) in sessions.into_iter().enumerate() {
            let worker = Worker {
                session,
                model: Arc::clone(&model),
                receiver: receiver.clone(),
                max_batch,
                max_wait: config.max_wait,
                stats: Arc::clone(&stats),
                spares: Arc::clone(&spares),
                batch_input: Vec::new(),
            };
            let handle = std::thread::Builder::new()
                .name(format!("inference-{id}"))
                .spawn(move || worker.serve())
                .map_err(|e| LoadError::Session(format!("cannot spawn a worker thread: {e}")))?;
            handles.push(handle);
        }
        let info = ModelInfo {
            workers,
            max_batch,
            ..model.info()
        };
        tracing::info!(?config, "inference pool started");
        Ok(Self {
            sender: Some(sender),
            workers: handles,
            info,
            input_shape: [3, size, size],
            stats,
            spares,
        })
    }

    /// The allocation of a tensor the workers are done with (empty if none is spare), to
    /// preprocess the next image into (see [`crate::preprocess_into`]). Optional: any
    /// `Vec` will do, but reusing these keeps 600 KB a request off the allocator.
    #[must_use]
    pub fn spare_tensor(&self) -> Vec<f32> {
        self.spares.take()
    }

    /// Queues one preprocessed image (`[3, H, W]`) without waiting for room.
    ///
    /// # Errors
    /// [`EngineError::QueueFull`] at once when the queue is full, [`EngineError::InvalidTopK`],
    /// [`EngineError::InvalidShape`], [`EngineError::ShutDown`].
    pub fn submit(&self, tensor: Array3<f32>, top_k: usize) -> Result<Pending, EngineError> {
        let max = MAX_TOP_K.min(self.info.classes);
        if !(1..=max).contains(&top_k) {
            return Err(EngineError::InvalidTopK { got: top_k, max });
        }
        if tensor.shape() != self.input_shape {
            return Err(EngineError::InvalidShape {
                got: tensor.shape().to_vec(),
                expected: self.input_shape.to_vec(),
            });
        }
        let (reply, receiver) = oneshot::channel();
        let sender = self.sender.as_ref().ok_or(EngineError::ShutDown)?;
        match sender.try_send(Job {
            tensor,
            top_k,
            reply,
        }) {
            Ok(()) => {
                metrics::gauge!("model_queue_depth").set(sender.len() as f64);
                Ok(Pending(receiver))
            }
            Err(TrySendError::Full(_)) => Err(EngineError::QueueFull),
            Err(TrySendError::Disconnected(_)) => Err(EngineError::ShutDown),
        }
    }

    /// Classifies one preprocessed image; top-K in `1..=20`, sorted by probability.
    ///
    /// # Errors
    /// As [`InferencePool::submit`] and [`Pending::wait`].
    pub async fn classify(
        &self,
        tensor: Array3<f32>,
        top_k: usize,
    ) -> Result<Classification, EngineError> {
        self.submit(tensor, top_k)?.wait().await
    }

    /// Model and pool description.
    #[must_use]
    pub fn info(&self) -> &ModelInfo {
        &self.info
    }

    /// Counters since start.
    #[must_use]
    pub fn stats(&self) -> &PoolStats {
        &self.stats
    }

    /// Closes the queue and waits for the workers to finish what was queued.
    /// Blocking: call it from a blocking context at shutdown.
    pub fn shutdown(mut self) {
        self.sender = None;
        for handle in std::mem::take(&mut self.workers) {
            let _ = handle.join();
        }
    }
}

impl Drop for InferencePool {
    fn drop(&mut self) {
        // Closing the channel is enough: workers exit once it is drained. Not joined
        // here, so dropping the pool never blocks an async task.
        self.sender = None;
    }
}

struct Worker {
    session: Session,
    model: Arc<Model>,
    receiver: Receiver<Job>,
    max_batch: usize,
    max_wait: Duration,
    stats: Arc<PoolStats>,
    spares: Arc<SpareTensors>,
    /// The stacked input of a batch of several images, kept for the next batch.
    batch_input: Vec<f32>,
}

impl Worker {
    fn serve(mut self) {
        while let Ok(first) = self.receiver.recv() {
            let mut batch = Vec::with_capacity(self.max_batch);
            self.keep_if_wanted(first, &mut batch);
            if self.max_batch > 1 {
                let deadline = Instant::now() + self.max_wait;
                while batch.len() < self.max_batch {
                    match self.receiver.recv_deadline(deadline) {
                        Ok(job) => self.keep_if_wanted(job, &mut batch),
                        Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
                    }
                }
            }
            metrics::gauge!("model_queue_depth").set(self.receiver.len() as f64);
            if !batch.is_empty() {
                self.run(batch);
            }
        }
    }

    /// A job whose requester went away is dropped, not computed.
    fn keep_if_wanted(&self, job: Job, batch: &mut Vec<Job>) {
        if job.reply.is_closed() {
            self.stats.cancelled.fetch_add(1, Ordering::Relaxed);
        } else {
            batch.push(job);
        }
    }

    fn run(&mut self, batch: Vec<Job>) {
        let n = batch.len();
        let started = Instant::now();
        let result = if let [job] = batch.as_slice() {
            // One image: ONNX Runtime reads the job's tensor in place.
            match job.tensor.as_slice() {
                Some(data) => self.model.run(&mut self.session, data, 1),
                None => {
                    let data: Vec<f32> = job.tensor.iter().copied().collect();
                    self.model.run(&mut self.session, &data, 1)
                }
            }
        } else {
            self.batch_input.clear();
            for job in &batch {
                // Standard layout is guaranteed by `preprocess`; `iter` copes with any other.
                match job.tensor.as_slice() {
                    Some(data) => self.batch_input.extend_from_slice(data),
                    None => self.batch_input.extend(job.tensor.iter().copied()),
                }
            }
            self.model.run(&mut self.session, &self.batch_input, n)
        };
        let elapsed = started.elapsed();
        let inference_ms = elapsed.as_secs_f64() * 1e3;
        metrics::histogram!("model_inference_duration_seconds").record(elapsed.as_secs_f64());
        metrics::histogram!("model_batch_size").record(n as f64);
        self.stats.runs.fetch_add(1, Ordering::Relaxed);
        match result {
            Ok((logits, classes)) => {
                self.stats.images.fetch_add(n as u64, Ordering::Relaxed);
                tracing::debug!(batch = n, inference_ms, "batch computed");
                let labels = self.model.labels();
                for (job, row) in batch.into_iter().zip(logits.chunks_exact(classes)) {
                    let result = classify_logits(row, job.top_k, labels, inference_ms);
                    let _ = job.reply.send(Ok(result));
                    self.spares.give(job.tensor);
                }
            }
            Err(message) => {
                tracing::error!(batch = n, error = %message, "inference failed");
                for job in batch {
                    let _ = job.reply.send(Err(EngineError::Runtime(message.clone())));
                    self.spares.give(job.tensor);
                }
            }
        }
    }
}
