//! Spaced review: when a missed question, or a module, should come back.
//!
//! Schedules come from FSRS-6 (the Free Spaced Repetition Scheduler that Anki adopted;
//! Ye, Su & Cao 2022, "A stochastic shortest path algorithm for optimizing spaced
//! repetition scheduling", KDD) through the `fsrs` crate with its default parameters: a
//! card's memory state (stability in days, difficulty 1..10) is updated by each review's
//! rating, and the next review is due when the predicted recall probability falls to the
//! desired retention.
//!
//! Two kinds of cards:
//! - a **question** a learner missed (any graded answer): rated `Again` when missed,
//!   `Good` when answered right;
//! - a **module** the learner has answered questions of: after each graded attempt, one
//!   review rated from the share of that module's answers that were right
//!   ([`rating_for_share`]); its review asks a question of the module near the learner's
//!   ability, so the module comes back as the memory of it decays.

use serde::{Deserialize, Serialize};

/// FSRS's memory state of a card.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MemoryState {
    /// Days until recall probability falls to 90 %.
    pub stability: f32,
    /// 1 (easy) to 10 (hard).
    pub difficulty: f32,
}

/// The four answers of a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Again,
    Hard,
    Good,
    Easy,
}

impl Rating {
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }

    /// A single answer: right is `Good`, wrong is `Again`.
    pub fn for_answer(correct: bool) -> Self {
        if correct {
            Rating::Good
        } else {
            Rating::Again
        }
    }
}

/// One review of a module from an attempt's answers on it: under half right `Again`,
/// under 80 % `Hard`, otherwise `Good`.
pub fn rating_for_share(correct: u32, total: u32) -> Rating {
    let (c, t) = (u64::from(correct), u64::from(total.max(1)));
    if c * 2 < t {
        Rating::Again
    } else if c * 5 < t * 4 {
        Rating::Hard
    } else {
        Rating::Good
    }
}

/// A card's schedule after a review.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scheduled {
    pub memory: MemoryState,
    /// Days until the next review.
    pub interval_days: f32,
    /// When it is due (ms since the epoch).
    pub due_at: i64,
}

/// The scheduler refused its input (a corrupt stored state).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("spaced review scheduling failed: {0}")]
pub struct ReviewError(String);

const MS_PER_DAY: i64 = 86_400_000;
/// The shortest interval used, so that a missed card never comes back in the same
/// breath: one minute.
const MIN_INTERVAL_MS: i64 = 60_000;

/// The card's next schedule after a review at `now` rated `rating`. `previous` is the
/// card's memory state and last review time (none for a new card).
pub fn schedule(
    previous: Option<(MemoryState, i64)>,
    now: i64,
    rating: Rating,
    desired_retention: f32,
) -> Result<Scheduled, ReviewError> {
    let fsrs = fsrs::FSRS::new(&[]).map_err(|e| ReviewError(e.to_string()))?;
    let (state, elapsed_days) = match previous {
        Some((m, last)) => (
            Some(fsrs::MemoryState {
                stability: m.stability,
                difficulty: m.difficulty,
            }),
            u32::try_from((now - last).max(0) / MS_PER_DAY).unwrap_or(u32::MAX),
        ),
        None => (None, 0),
    };
    let next = fsrs
        .next_states(state, desired_retention, elapsed_days)
        .map_err(|e| ReviewError(e.to_string()))?;
    let chosen = match rating {
        Rating::Again => next.again,
        Rating::Hard => next.hard,
        Rating::Good => next.good,
        Rating::Easy => next.easy,
    };
    let interval_ms =
        ((f64::from(chosen.interval) * MS_PER_DAY as f64).round() as i64).max(MIN_INTERVAL_MS);
    Ok(Scheduled {
        memory: MemoryState {
            stability: chosen.memory.stability,
            difficulty: chosen.memory.difficulty,
        },
        interval_days: chosen.interval,
        due_at: now.saturating_add(interval_ms),
    })
}

/// The predicted probability of recall `elapsed_ms` after the last review (FSRS-6's
/// forgetting curve with its default decay).
pub fn retrievability(memory: MemoryState, elapsed_ms: i64) -> f32 {
    let days = (elapsed_ms.max(0) as f64 / MS_PER_DAY as f64) as f32;
    fsrs::current_retrievability(
        fsrs::MemoryState {
            stability: memory.stability,
            difficulty: memory.difficulty,
        },
        days,
        fsrs::FSRS6_DEFAULT_DECAY,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = MS_PER_DAY;

    #[test]
    fn a_missed_card_comes_back_sooner_than_a_known_one() {
        let again = schedule(None, 0, Rating::Again, 0.9).unwrap();
        let good = schedule(None, 0, Rating::Good, 0.9).unwrap();
        assert!(again.due_at < good.due_at);
        assert!(again.due_at >= MIN_INTERVAL_MS);
        // Reviewed right when due, the interval grows.
        let second = schedule(Some((good.memory, 0)), good.due_at, Rating::Good, 0.9).unwrap();
        assert!(second.interval_days > good.interval_days);
        assert!(second.memory.stability > good.memory.stability);
        // Forgotten when due: the stability drops.
        let lapse = schedule(
            Some((second.memory, good.due_at)),
            second.due_at,
            Rating::Again,
            0.9,
        )
        .unwrap();
        assert!(lapse.memory.stability < second.memory.stability);
    }

    #[test]
    fn higher_retention_means_sooner_reviews_and_recall_decays() {
        let normal = schedule(None, 0, Rating::Good, 0.9).unwrap();
        let strict = schedule(None, 0, Rating::Good, 0.97).unwrap();
        assert!(strict.due_at < normal.due_at);
        let r_now = retrievability(normal.memory, 0);
        let r_later = retrievability(normal.memory, 30 * DAY);
        assert!(r_now > 0.99 && r_later < r_now);
        let at_due = retrievability(normal.memory, normal.due_at);
        assert!((at_due - 0.9).abs() < 0.02, "{at_due}");
    }

    #[test]
    fn module_ratings_follow_the_share_right() {
        assert_eq!(rating_for_share(0, 4), Rating::Again);
        assert_eq!(rating_for_share(1, 3), Rating::Again);
        assert_eq!(rating_for_share(2, 4), Rating::Hard);
        assert_eq!(rating_for_share(3, 4), Rating::Hard);
        assert_eq!(rating_for_share(4, 5), Rating::Good);
        assert_eq!(rating_for_share(0, 0), Rating::Again);
    }
}
