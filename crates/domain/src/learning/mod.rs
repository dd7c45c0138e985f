//! Learning: progress through a course and the events a learner leaves behind.

/// `round(100 · completed / total)`, halves rounded up, in integers so that 1 of 3 is 33
/// and 2 of 3 is 67 on every platform. A course without lessons is 0 % done.
pub fn progress_percent(completed: i64, total: i64) -> i64 {
    if total <= 0 {
        return 0;
    }
    let completed = completed.clamp(0, total);
    (200 * completed + total) / (2 * total)
}

/// The name of an activity event: 1..=50 of lowercase letters, digits, `_` and `.`
/// (`video.watched`), so that reports can group by it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityKind(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be 1..=50 lowercase letters, digits, '_' or '.'")]
pub struct ActivityKindError;

impl ActivityKind {
    pub fn parse(raw: &str) -> Result<Self, ActivityKindError> {
        let ok = (1..=50).contains(&raw.len())
            && raw
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.'));
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(ActivityKindError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_rounds_half_up() {
        assert_eq!(progress_percent(0, 0), 0);
        assert_eq!(progress_percent(0, 3), 0);
        assert_eq!(progress_percent(1, 3), 33);
        assert_eq!(progress_percent(2, 3), 67);
        assert_eq!(progress_percent(1, 8), 13);
        assert_eq!(progress_percent(1, 200), 1);
        assert_eq!(progress_percent(3, 3), 100);
        assert_eq!(progress_percent(5, 3), 100);
        for n in 1..=50 {
            for k in 0..=n {
                let exact = 100.0 * k as f64 / n as f64;
                assert_eq!(
                    progress_percent(k, n),
                    (exact + 1e-9).round() as i64,
                    "{k}/{n}"
                );
            }
        }
    }

    #[test]
    fn kinds() {
        assert!(ActivityKind::parse("video.watched").is_ok());
        assert!(ActivityKind::parse("Video").is_err());
        assert!(ActivityKind::parse("").is_err());
    }
}
