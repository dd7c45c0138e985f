//! Read routing for read-your-writes: while a request runs inside [`with_primary_reads`]
//! (its user wrote a moment ago), [`crate::Db::read_lagging`] reads from the primary
//! instead of the replica. The API decides, from a signed recent-write marker the client
//! sends back; this crate only honours it.

use std::future::Future;

tokio::task_local! {
    static PRIMARY_READS: bool;
}

/// Runs `fut` with lag-tolerant reads sent to the primary.
pub fn with_primary_reads<F: Future>(fut: F) -> impl Future<Output = F::Output> {
    PRIMARY_READS.scope(true, fut)
}

/// Whether this task's reads must see the primary.
pub fn primary_reads() -> bool {
    PRIMARY_READS.try_with(|p| *p).unwrap_or(false)
}
