//! Catalog: categories, tags, courses, modules and lessons.

pub mod cards;
pub mod courses;
pub mod covers;
pub mod listing;
pub mod outline;
pub mod search_totals;
pub mod syllabus;
pub mod taxonomy;
pub mod translations;

/// `$first, $first+1, …` placeholders for an `IN (…)` list of `n` values: the `Any`
/// driver has no array binds, and one query with a list beats one query per item.
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}
