//! The totals of SQLite's catalog searches, each with the version of the search index it
//! was counted at (ADR 0064, migration 0147).
//!
//! A search's page is cheap to find in the index, but its exact total walks every match of
//! every word (`neural networks`: 630 and 1,250 entries, two thirds of the statement). The
//! index has a version (`catalog_search_version`), drawn anew by the triggers that change
//! the index, in the writing transaction. A page's statement reads that version and, when
//! it equals the one a total was counted at, takes that total instead of counting; else it
//! counts, and the total is remembered with the version read beside it. Both are read by
//! the one statement, from one snapshot, so a total is reused only where counting again
//! would give the same number: nothing here can be stale. The version is random, not a
//! counter, so that a database restored from a backup cannot come back to a version this
//! process remembers for other contents.

use std::{collections::HashMap, sync::Mutex};

/// Searches remembered at most; past it the memo starts afresh.
const CAPACITY: usize = 1024;

/// A search's total and the version of the index it was counted at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub version: i64,
    pub total: i64,
}

/// The remembered totals, by search (the full-text query its words make). One per process,
/// shared by every request.
#[derive(Debug, Default)]
pub struct SearchTotals {
    totals: Mutex<HashMap<String, Counted>>,
}

impl SearchTotals {
    /// The total remembered for `query`, if any.
    #[must_use]
    pub fn get(&self, query: &str) -> Option<Counted> {
        self.lock().get(query).copied()
    }

    /// Remembers `counted` for `query` (the last one counted wins: every pair is exact for
    /// its version).
    pub(crate) fn remember(&self, query: &str, counted: Counted) {
        let mut totals = self.lock();
        if let Some(known) = totals.get_mut(query) {
            // A search seen before (most pages): no key allocated.
            *known = counted;
            return;
        }
        if totals.len() >= CAPACITY {
            totals.clear();
        }
        totals.insert(query.to_owned(), counted);
    }

    /// How many searches are remembered.
    #[must_use]
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether none is.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Counted>> {
        // A panic while holding the lock leaves a valid map.
        self.totals
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_total_counted_for_a_search_is_the_one_kept() {
        let totals = SearchTotals::default();
        assert_eq!(totals.get("\"a\""), None);
        totals.remember(
            "\"a\"",
            Counted {
                version: 7,
                total: 3,
            },
        );
        totals.remember(
            "\"a\"",
            Counted {
                version: -2,
                total: 4,
            },
        );
        assert_eq!(
            totals.get("\"a\""),
            Some(Counted {
                version: -2,
                total: 4
            })
        );
        assert_eq!(totals.len(), 1);
    }

    #[test]
    fn the_memo_is_bounded() {
        let totals = SearchTotals::default();
        for n in 0..=CAPACITY {
            totals.remember(
                &n.to_string(),
                Counted {
                    version: 1,
                    total: 1,
                },
            );
        }
        assert!(totals.len() <= CAPACITY);
        assert!(
            totals.get(&CAPACITY.to_string()).is_some(),
            "the newest is kept"
        );
    }
}
