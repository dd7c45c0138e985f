//! Concurrent point reads of one kind answered by one statement (ADR 0065).
//!
//! A [`Coalescer`] queues the keys that callers ask for and runs them in batches: the
//! first caller to find no batch running starts one (a spawned task), which takes every
//! key queued so far, runs the batch function once for all of them, answers each caller,
//! and goes on with whatever was queued meanwhile until the queue is empty. Nothing waits
//! on a timer: a caller on an idle service starts its own batch of one at once; under load
//! the keys that arrive while a batch is out at the database ride the next one.
//!
//! Every answer is read by a statement that started after its caller asked, so a batched
//! read is as fresh as a read of its own: nothing is cached, and nothing is answered from
//! another caller's earlier statement.
//!
//! The batch runs in a task of its own, not in the future of the caller that started it:
//! a caller whose request is cancelled cannot strand the others' answers.

use std::{
    fmt,
    sync::{Arc, Mutex, MutexGuard},
};

use futures_core::future::BoxFuture;
use tokio::sync::oneshot;

use crate::{Backend, Conn, Db, StoreError};

/// What a batch runs: the keys in the order they were queued, to one answer per key in
/// the same order.
pub type BatchFn<K, V> =
    Arc<dyn Fn(Vec<K>) -> BoxFuture<'static, Result<Vec<V>, StoreError>> + Send + Sync>;

/// What [`SharedRead::on`] runs: the keys' answers in their order, read on `conn`.
pub type ReadFn<K, V> =
    for<'c> fn(&'c mut Conn, Vec<K>) -> BoxFuture<'c, Result<Vec<V>, StoreError>>;

/// A queue of point reads, answered in batches. Cheap to clone.
pub struct Coalescer<K, V> {
    inner: Arc<Inner<K, V>>,
}

impl<K, V> Clone for Coalescer<K, V> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

impl<K, V> fmt::Debug for Coalescer<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Coalescer")
            .field("max_batch", &self.inner.max_batch)
            .field("max_running", &self.inner.max_running)
            .finish_non_exhaustive()
    }
}

struct Inner<K, V> {
    run: BatchFn<K, V>,
    /// At most this many keys in one batch.
    max_batch: usize,
    /// At most this many batches out at once.
    max_running: usize,
    state: Mutex<State<K, V>>,
}

type Waiter<V> = oneshot::Sender<Result<V, StoreError>>;

struct State<K, V> {
    queue: Vec<(K, Waiter<V>)>,
    /// Batch tasks started and not yet finished.
    running: usize,
}

impl<K, V> Coalescer<K, V>
where
    K: Send + 'static,
    V: Send + 'static,
{
    /// Batches of at most `max_batch` keys, at most `max_running` of them at once (each at
    /// least 1).
    pub fn new(run: BatchFn<K, V>, max_batch: usize, max_running: usize) -> Self {
        Self {
            inner: Arc::new(Inner {
                run,
                max_batch: max_batch.max(1),
                max_running: max_running.max(1),
                state: Mutex::new(State {
                    queue: Vec::new(),
                    running: 0,
                }),
            }),
        }
    }

    /// The answer for `key`, from the next batch that takes it.
    pub async fn get(&self, key: K) -> Result<V, StoreError> {
        let (tx, rx) = oneshot::channel();
        {
            let mut state = self.inner.lock();
            state.queue.push((key, tx));
            self.inner.start_if_idle(&mut state);
        }
        // A batch task that ended without answering (it panicked) dropped the sender.
        rx.await
            .unwrap_or(Err(StoreError::Db(sqlx::Error::WorkerCrashed)))
    }
}

impl<K, V> Inner<K, V>
where
    K: Send + 'static,
    V: Send + 'static,
{
    fn lock(&self) -> MutexGuard<'_, State<K, V>> {
        // The lock guards a queue push or a drain, neither of which can panic half-way.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts a batch task if keys are queued and fewer than `max_running` are out.
    fn start_if_idle(self: &Arc<Self>, state: &mut State<K, V>) {
        if state.queue.is_empty() || state.running >= self.max_running {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        state.running += 1;
        let running = Running(self.clone());
        runtime.spawn(running.drain());
    }

    fn take_batch(&self) -> Option<Vec<(K, Waiter<V>)>> {
        let mut state = self.lock();
        if state.queue.is_empty() {
            return None;
        }
        // The oldest keys first: what is left keeps its order for the next batch.
        let take = state.queue.len().min(self.max_batch);
        let rest = state.queue.split_off(take);
        Some(std::mem::replace(&mut state.queue, rest))
    }
}

/// One batch task's claim on a running slot, given back when the task ends however it
/// ends; if keys were queued after its last look, it starts the next task for them.
struct Running<K, V>(Arc<Inner<K, V>>)
where
    K: Send + 'static,
    V: Send + 'static;

impl<K, V> Running<K, V>
where
    K: Send + 'static,
    V: Send + 'static,
{
    async fn drain(self) {
        while let Some(batch) = self.0.take_batch() {
            let (keys, waiters): (Vec<K>, Vec<Waiter<V>>) = batch.into_iter().unzip();
            let asked = keys.len();
            match (self.0.run)(keys).await {
                Ok(answers) if answers.len() == asked => {
                    for (waiter, answer) in waiters.into_iter().zip(answers) {
                        // A caller that stopped waiting (its request was cancelled).
                        let _ = waiter.send(Ok(answer));
                    }
                }
                Ok(answers) => {
                    let e = StoreError::Corrupt(format!(
                        "a batch of {asked} reads gave {} answers",
                        answers.len()
                    ));
                    answer_all(waiters, &e);
                }
                Err(e) => answer_all(waiters, &e),
            }
        }
    }
}

impl<K, V> Drop for Running<K, V>
where
    K: Send + 'static,
    V: Send + 'static,
{
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.running -= 1;
        self.0.start_if_idle(&mut state);
    }
}

/// A read that concurrent requests share where that saves work: on PostgreSQL through a
/// [`Coalescer`] (a statement's fixed cost in the database is paid once per batch), on
/// SQLite by each caller on its own (a statement is a call on the caller's thread, ADR
/// 0057: there is no round trip to share, and a batch would only add a hand-off). The same
/// batch function serves both: on SQLite with a batch of one.
pub struct SharedRead<K, V> {
    run: BatchFn<K, V>,
    batches: Option<Coalescer<K, V>>,
}

impl<K, V> Clone for SharedRead<K, V> {
    fn clone(&self) -> Self {
        Self {
            run: self.run.clone(),
            batches: self.batches.clone(),
        }
    }
}

impl<K, V> SharedRead<K, V>
where
    K: Send + 'static,
    V: Send + 'static,
{
    /// `run` for the database of `db`; on PostgreSQL batches of at most `max_batch` keys,
    /// at most `max_running` at once.
    pub fn new(db: &Db, run: BatchFn<K, V>, max_batch: usize, max_running: usize) -> Self {
        let batches = (db.backend() == Backend::Postgres)
            .then(|| Coalescer::new(run.clone(), max_batch, max_running));
        Self { run, batches }
    }

    /// [`SharedRead::new`] for a read that needs only a request connection of `db`:
    /// `read` gets one for each batch.
    pub fn on(db: &Db, read: ReadFn<K, V>, max_batch: usize, max_running: usize) -> Self {
        let run: BatchFn<K, V> = {
            let db = db.clone();
            Arc::new(move |keys| {
                let db = db.clone();
                Box::pin(async move {
                    let mut conn = db.read().await?;
                    read(&mut conn, keys).await
                })
            })
        };
        Self::new(db, run, max_batch, max_running)
    }

    /// The answer for `key`, read by a statement that started after this call.
    pub async fn get(&self, key: K) -> Result<V, StoreError> {
        match &self.batches {
            Some(batches) => batches.get(key).await,
            None => (self.run)(vec![key])
                .await?
                .pop()
                .ok_or_else(|| StoreError::Corrupt("a read of one key gave no answer".to_owned())),
        }
    }
}

fn answer_all<V>(waiters: Vec<Waiter<V>>, e: &StoreError) {
    for waiter in waiters {
        let _ = waiter.send(Err(copy_of(e)));
    }
}

/// The same error for each caller of a failed batch. A driver's error cannot be cloned:
/// each caller gets its text (logged, never shown: it answers 500 as before).
fn copy_of(e: &StoreError) -> StoreError {
    match e {
        StoreError::NotFound => StoreError::NotFound,
        StoreError::Unique { constraint } => StoreError::Unique {
            constraint: constraint.clone(),
        },
        StoreError::ForeignKey { detail } => StoreError::ForeignKey {
            detail: detail.clone(),
        },
        StoreError::Check { detail } => StoreError::Check {
            detail: detail.clone(),
        },
        StoreError::Busy => StoreError::Busy,
        StoreError::Config(m) => StoreError::Config(m.clone()),
        StoreError::Schema(m) => StoreError::Schema(m.clone()),
        StoreError::Corrupt(m) => StoreError::Corrupt(m.clone()),
        StoreError::Db(inner) => StoreError::Db(sqlx::Error::Protocol(inner.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use super::*;

    /// A batch function that doubles each key, after a pause, and records each batch's
    /// size.
    fn doubling(sizes: Arc<Mutex<Vec<usize>>>, pause: Duration) -> BatchFn<u32, u32> {
        Arc::new(move |keys: Vec<u32>| {
            let sizes = sizes.clone();
            Box::pin(async move {
                sizes.lock().unwrap().push(keys.len());
                tokio::time::sleep(pause).await;
                Ok(keys.into_iter().map(|k| k * 2).collect())
            })
        })
    }

    #[tokio::test]
    async fn a_lone_caller_gets_its_own_answer_at_once() {
        let sizes = Arc::new(Mutex::new(Vec::new()));
        let c = Coalescer::new(doubling(sizes.clone(), Duration::ZERO), 64, 1);
        assert_eq!(c.get(21).await.unwrap(), 42);
        assert_eq!(c.get(5).await.unwrap(), 10);
        assert_eq!(*sizes.lock().unwrap(), vec![1, 1]);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_callers_share_batches_and_each_gets_its_answer() {
        let sizes = Arc::new(Mutex::new(Vec::new()));
        let c = Coalescer::new(doubling(sizes.clone(), Duration::from_millis(20)), 16, 1);
        let calls: Vec<_> = (0..100u32)
            .map(|k| {
                let c = c.clone();
                tokio::spawn(async move { (k, c.get(k).await) })
            })
            .collect();
        for call in calls {
            let (k, answer) = call.await.unwrap();
            assert_eq!(answer.unwrap(), k * 2);
        }
        let sizes = sizes.lock().unwrap();
        assert_eq!(sizes.iter().sum::<usize>(), 100);
        assert!(sizes.iter().all(|&n| n <= 16), "{sizes:?}");
        // One batch out at a time: the callers who came while it was out were batched.
        assert!(sizes.len() < 100, "{sizes:?}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_batches_run_at_once_than_allowed() {
        let out = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let run: BatchFn<u32, u32> = {
            let (out, most) = (out.clone(), most.clone());
            Arc::new(move |keys: Vec<u32>| {
                let (out, most) = (out.clone(), most.clone());
                Box::pin(async move {
                    let now = out.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(5)).await;
                    out.fetch_sub(1, Ordering::SeqCst);
                    Ok(keys)
                })
            })
        };
        let c = Coalescer::new(run, 2, 3);
        let calls: Vec<_> = (0..60u32)
            .map(|k| {
                let c = c.clone();
                tokio::spawn(async move { c.get(k).await.unwrap() == k })
            })
            .collect();
        for call in calls {
            assert!(call.await.unwrap());
        }
        let most = most.load(Ordering::SeqCst);
        assert!((2..=3).contains(&most), "{most} batches at once");
    }

    #[tokio::test]
    async fn a_failed_batch_fails_each_of_its_callers() {
        let run: BatchFn<u32, u32> =
            Arc::new(|_keys: Vec<u32>| Box::pin(async { Err(StoreError::Busy) }));
        let c = Coalescer::new(run, 8, 1);
        let (a, b) = tokio::join!(c.get(1), c.get(2));
        assert!(matches!(a, Err(StoreError::Busy)), "{a:?}");
        assert!(matches!(b, Err(StoreError::Busy)), "{b:?}");
    }

    #[tokio::test]
    async fn a_batch_that_panics_fails_its_callers_and_the_next_caller_is_served() {
        let calls = Arc::new(AtomicUsize::new(0));
        let run: BatchFn<u32, u32> = {
            let calls = calls.clone();
            Arc::new(move |keys: Vec<u32>| {
                let first = calls.fetch_add(1, Ordering::SeqCst) == 0;
                Box::pin(async move {
                    assert!(!first, "the first batch fails");
                    Ok(keys)
                })
            })
        };
        let c = Coalescer::new(run, 8, 1);
        let failed = c.get(1).await;
        assert!(
            matches!(failed, Err(StoreError::Db(sqlx::Error::WorkerCrashed))),
            "{failed:?}"
        );
        assert_eq!(c.get(2).await.unwrap(), 2);
    }

    #[tokio::test]
    async fn a_cancelled_caller_does_not_stop_the_others() {
        let sizes = Arc::new(Mutex::new(Vec::new()));
        let c = Coalescer::new(doubling(sizes, Duration::from_millis(10)), 8, 1);
        let cancelled = tokio::time::timeout(Duration::from_millis(1), c.get(1)).await;
        assert!(cancelled.is_err());
        assert_eq!(c.get(3).await.unwrap(), 6);
    }
}
