//! The top-1 classes this process has predicted, for `/metrics` with bounded
//! cardinality: the N most frequent get a series each, every other class is summed
//! under `other`.
//!
//! The exact tally is kept here (one entry per class the model can answer: its label
//! list bounds it) and ranked when metrics are scraped, so "most frequent" is measured,
//! not guessed from which classes came first.

use std::{collections::HashMap, sync::Mutex};

/// How many classes get a series of their own.
pub const TOP_CLASSES: usize = 20;

/// Per-class counts of top-1 predictions since start.
#[derive(Debug, Default)]
pub struct PredictedClasses {
    counts: Mutex<HashMap<String, u64>>,
}

impl PredictedClasses {
    /// Counts one prediction whose top-1 label is `class`.
    pub fn record(&self, class: &str) {
        let mut counts = match self.counts.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        match counts.get_mut(class) {
            Some(n) => *n += 1,
            None => {
                counts.insert(class.to_owned(), 1);
            }
        }
    }

    /// The `n` most frequent classes with their counts (most frequent first, ties by
    /// name), and the sum of all the others.
    pub fn top(&self, n: usize) -> (Vec<(String, u64)>, u64) {
        let counts = match self.counts.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut all: Vec<(String, u64)> = counts.iter().map(|(k, v)| (k.clone(), *v)).collect();
        drop(counts);
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let other = all.iter().skip(n).map(|(_, c)| c).sum();
        all.truncate(n);
        (all, other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_frequent_classes_are_kept_and_the_rest_summed() {
        let p = PredictedClasses::default();
        // 30 classes: class k is predicted k+1 times.
        for k in 0..30u64 {
            for _ in 0..=k {
                p.record(&format!("class-{k:02}"));
            }
        }
        let (top, other) = p.top(3);
        assert_eq!(
            top,
            vec![
                ("class-29".to_owned(), 30),
                ("class-28".to_owned(), 29),
                ("class-27".to_owned(), 28),
            ]
        );
        // 1 + 2 + … + 27.
        assert_eq!(other, 27 * 28 / 2);
        let (all, none) = p.top(100);
        assert_eq!(all.len(), 30);
        assert_eq!(none, 0);
    }
}
