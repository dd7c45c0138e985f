//! Concurrent identical reads of a public catalog page share one computation (ADR 0066):
//! the catalog context's state beside its cache.
//!
//! A page's key names everything its answer depends on (the typed request, the page, the
//! language: `catalog/public_pages.rs`), and the pages shared here are public and
//! caller-independent: two requests with one key get one answer. While a page is being
//! computed, the requests that ask for the same key wait for the **next** computation of
//! it, which one of them starts as soon as the running one ends, and which answers all of
//! them at once. Each answer therefore comes from a computation that began after its
//! request asked: a write committed before the request is seen, as with a read of its
//! own. Nothing is kept once the waiting requests are answered: this is not a cache, and
//! it shares with the catalog cache off as well as on (on, it also keeps the requests
//! that miss at once from all computing the same page).
//!
//! No task is spawned: the computation runs in the request that leads it (its
//! task-locals, such as the primary-reads routing, hold). A leader whose request is
//! cancelled hands its waiting requests to one of them, who computes anew; a computation
//! that fails answers no one else, and each waiting request then computes on its own.

use std::{
    collections::HashMap,
    future::Future,
    sync::{Arc, Mutex, MutexGuard},
};

use tokio::sync::oneshot;

use crate::catalog_cache::CachedPage;

/// The shared computations of the public catalog pages: a page and whether it may be
/// cached. Cheap to clone.
pub(crate) type SharedPages = Flights<(CachedPage, bool)>;

/// Computations of values by key, shared between the callers that ask for one key while
/// another computation of it runs. Cheap to clone.
pub(crate) struct Flights<V> {
    /// A key is present while a computation of it runs; its callers waiting for the next
    /// one, in the order they asked.
    running: Arc<Mutex<HashMap<String, Vec<Waiter<V>>>>>,
}

impl<V> Clone for Flights<V> {
    fn clone(&self) -> Self {
        Self {
            running: self.running.clone(),
        }
    }
}

impl<V> Default for Flights<V> {
    fn default() -> Self {
        Self {
            running: Arc::default(),
        }
    }
}

impl<V> std::fmt::Debug for Flights<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Flights").finish_non_exhaustive()
    }
}

type Waiter<V> = oneshot::Sender<Word<V>>;

/// What a waiting caller is told.
enum Word<V> {
    /// The answer of the computation it waited for.
    Done(V),
    /// Compute it now, and answer the callers of this turn.
    Lead(Turn<V>),
    /// That computation failed: compute on your own.
    Alone,
}

impl<V: Clone> Flights<V> {
    /// The value of `key` from a computation that began after this call: `compute`'s own,
    /// or that of a concurrent caller of the same key. `compute` must give every caller of
    /// one key the same answer.
    pub(crate) async fn run<F, Fut, E>(&self, key: String, compute: F) -> Result<V, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, E>>,
    {
        let waiting = {
            let mut running = lock(&self.running);
            match running.get_mut(&key) {
                Some(next) => {
                    let (tx, rx) = oneshot::channel();
                    next.push(tx);
                    Some(rx)
                }
                None => {
                    running.insert(key.clone(), Vec::new());
                    None
                }
            }
        };
        let mut turn = match waiting {
            None => Turn::new(self.running.clone(), key, Vec::new()),
            Some(rx) => match rx.await {
                Ok(Word::Done(value)) => return Ok(value),
                Ok(Word::Lead(turn)) => turn,
                // A failed computation, or (never expected) a turn dropped unanswered.
                Ok(Word::Alone) | Err(_) => return compute().await,
            },
        };
        let result = compute().await;
        turn.answer(result.as_ref().ok());
        result
    }
}

/// The duty of the caller computing a key: answer the callers that waited for this
/// computation, then hand the key to those that asked meanwhile. Dropped however the
/// computation ends — answered, failed, cancelled (unanswered callers then get a new
/// leader among them), or never received (a caller cancelled after it was handed the turn).
struct Turn<V> {
    running: Arc<Mutex<HashMap<String, Vec<Waiter<V>>>>>,
    key: String,
    /// Callers that asked before this computation began, not yet answered.
    callers: Vec<Waiter<V>>,
    /// `false` once its callers were taken back from a send that failed.
    armed: bool,
}

impl<V: Clone> Turn<V> {
    fn new(
        running: Arc<Mutex<HashMap<String, Vec<Waiter<V>>>>>,
        key: String,
        callers: Vec<Waiter<V>>,
    ) -> Self {
        Self {
            running,
            key,
            callers,
            armed: true,
        }
    }

    /// Gives every caller of this turn the value, or tells them to compute on their own.
    fn answer(&mut self, value: Option<&V>) {
        for caller in self.callers.drain(..) {
            // A caller that stopped waiting (its request was cancelled).
            let _ = caller.send(match value {
                Some(v) => Word::Done(v.clone()),
                None => Word::Alone,
            });
        }
    }
}

impl<V> Drop for Turn<V> {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let mut callers = std::mem::take(&mut self.callers);
        loop {
            // The first caller still waiting leads the others; those unanswered here asked
            // before any computation that is still to begin.
            while !callers.is_empty() {
                let first = callers.remove(0);
                let turn = Turn {
                    running: self.running.clone(),
                    key: self.key.clone(),
                    callers,
                    armed: true,
                };
                match first.send(Word::Lead(turn)) {
                    Ok(()) => return,
                    Err(word) => {
                        callers = match word {
                            Word::Lead(mut turn) => {
                                turn.armed = false;
                                std::mem::take(&mut turn.callers)
                            }
                            Word::Done(_) | Word::Alone => Vec::new(),
                        }
                    }
                }
            }
            // No one left of this turn: the callers that asked meanwhile are the next
            // turn's; with none, the key is idle.
            let mut running = lock(&self.running);
            match running.get_mut(&self.key) {
                Some(next) if !next.is_empty() => callers = std::mem::take(next),
                _ => {
                    running.remove(&self.key);
                    return;
                }
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // The lock guards a push, a take or a remove, none of which can panic half-way.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use std::{
        sync::atomic::{AtomicUsize, Ordering},
        time::Duration,
    };

    use tokio::sync::Notify;

    use super::*;

    /// A computation that counts itself, waits for `gate` when given one, and returns its
    /// number.
    async fn numbered(count: &AtomicUsize, gate: Option<&Notify>) -> Result<usize, &'static str> {
        let n = count.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(gate) = gate {
            gate.notified().await;
        }
        Ok(n)
    }

    fn idle(flights: &Flights<usize>) -> bool {
        lock(&flights.running).is_empty()
    }

    type Answer = tokio::task::JoinHandle<Result<usize, &'static str>>;

    /// A caller of `key` in a task of its own, with a numbered computation held at `gate`
    /// when given one.
    fn caller(
        flights: &Flights<usize>,
        key: &'static str,
        count: &Arc<AtomicUsize>,
        gate: Option<&Arc<Notify>>,
    ) -> Answer {
        let (flights, count, gate) = (flights.clone(), count.clone(), gate.cloned());
        tokio::spawn(async move {
            flights
                .run(key.into(), || numbered(&count, gate.as_deref()))
                .await
        })
    }

    /// Returns once `n` computations have started.
    async fn until_started(count: &AtomicUsize, n: usize) {
        while count.load(Ordering::SeqCst) < n {
            tokio::task::yield_now().await;
        }
    }

    /// Returns once `n` callers of `key` wait for its next computation.
    async fn until_waiting(flights: &Flights<usize>, key: &str, n: usize) {
        while lock(&flights.running).get(key).map_or(0, Vec::len) < n {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test]
    async fn a_caller_alone_computes_at_once_and_leaves_nothing_behind() {
        let flights = Flights::default();
        let count = AtomicUsize::new(0);
        assert_eq!(
            flights.run("a".into(), || numbered(&count, None)).await,
            Ok(1)
        );
        assert_eq!(
            flights.run("a".into(), || numbered(&count, None)).await,
            Ok(2)
        );
        assert!(idle(&flights));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn callers_arriving_during_a_computation_share_the_next_one_not_the_running_one() {
        let flights = Flights::default();
        let count = Arc::new(AtomicUsize::new(0));
        let gate = Arc::new(Notify::new());
        // The first computation starts and waits at the gate; ten callers ask meanwhile.
        let first = caller(&flights, "page", &count, Some(&gate));
        until_started(&count, 1).await;
        let later: Vec<_> = (0..10)
            .map(|_| caller(&flights, "page", &count, None))
            .collect();
        until_waiting(&flights, "page", 10).await;
        gate.notify_one();
        assert_eq!(first.await.ok(), Some(Ok(1)));
        for answer in later {
            // Not the first computation's answer (begun before they asked): one more, shared.
            assert_eq!(answer.await.ok(), Some(Ok(2)));
        }
        assert_eq!(count.load(Ordering::SeqCst), 2);
        assert!(idle(&flights));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn different_keys_never_share() {
        let flights = Flights::default();
        let count = Arc::new(AtomicUsize::new(0));
        let gate = Arc::new(Notify::new());
        let first = caller(&flights, "a", &count, Some(&gate));
        until_started(&count, 1).await;
        // "b" computes at once, while "a" runs.
        assert_eq!(
            flights.run("b".into(), || numbered(&count, None)).await,
            Ok(2)
        );
        gate.notify_one();
        assert_eq!(first.await.ok(), Some(Ok(1)));
        assert!(idle(&flights));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn when_a_shared_computation_fails_each_of_its_callers_computes_on_its_own() {
        let flights: Flights<usize> = Flights::default();
        let count = Arc::new(AtomicUsize::new(0));
        let gate = Arc::new(Notify::new());
        // A computes (and waits at the gate); B, then C and D ask meanwhile: B will lead
        // the next computation for C and D, and B's fails.
        let a = caller(&flights, "k", &count, Some(&gate));
        until_started(&count, 1).await;
        let b = {
            let flights = flights.clone();
            tokio::spawn(async move {
                flights
                    .run("k".into(), || async {
                        Err::<usize, _>("the database went away")
                    })
                    .await
            })
        };
        until_waiting(&flights, "k", 1).await;
        let others: Vec<_> = (0..2)
            .map(|_| caller(&flights, "k", &count, None))
            .collect();
        until_waiting(&flights, "k", 3).await;
        gate.notify_one();
        assert_eq!(a.await.ok(), Some(Ok(1)));
        assert_eq!(b.await.ok(), Some(Err("the database went away")));
        let mut answers = Vec::new();
        for answer in others {
            answers.push(answer.await.ok().and_then(Result::ok));
        }
        answers.sort_unstable();
        // Not B's error, and not A's answer: a computation each.
        assert_eq!(answers, vec![Some(2), Some(3)]);
        assert!(idle(&flights));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_cancelled_leader_hands_its_waiting_callers_a_new_computation() {
        let flights = Flights::default();
        let count = Arc::new(AtomicUsize::new(0));
        let never = Arc::new(Notify::new());
        let leader = caller(&flights, "k", &count, Some(&never));
        until_started(&count, 1).await;
        let later: Vec<_> = (0..5)
            .map(|_| caller(&flights, "k", &count, None))
            .collect();
        until_waiting(&flights, "k", 5).await;
        // The leader's request goes away mid-computation: its turn passes to the waiting
        // callers, who share one new computation.
        leader.abort();
        for answer in later {
            let answer = tokio::time::timeout(Duration::from_secs(5), answer).await;
            assert_eq!(answer.ok().and_then(Result::ok), Some(Ok(2)));
        }
        assert!(idle(&flights));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn many_callers_at_once_all_get_an_answer_and_the_key_ends_idle() {
        let flights = Flights::default();
        let count = Arc::new(AtomicUsize::new(0));
        let callers: Vec<_> = (0..200)
            .map(|i| {
                let (flights, count) = (flights.clone(), count.clone());
                tokio::spawn(async move {
                    let key = format!("k{}", i % 3);
                    flights
                        .run(key, || async {
                            tokio::time::sleep(Duration::from_millis(2)).await;
                            numbered(&count, None).await
                        })
                        .await
                })
            })
            .collect();
        for caller in callers {
            assert!(matches!(caller.await, Ok(Ok(_))));
        }
        // Shared: far fewer computations than callers.
        assert!(count.load(Ordering::SeqCst) < 200);
        assert!(idle(&flights));
    }
}
