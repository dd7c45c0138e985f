//! Ranks, stages and the order in which a track walks through them.
//!
//! A stage is a `(rank, level)` pair. `trainee` has only level 0; every other rank has
//! levels 1, 2 and 3. [`StageKey`] can only hold such a pair, so code that receives one
//! never has to re-check it. A track chooses which ranks it uses ([`TrackRanks`]); the
//! learner walks them in rank order, level by level.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A career rank, in the order a learner climbs them (`Ord` follows that order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rank {
    Trainee,
    Junior,
    Middle,
    Senior,
}

impl Rank {
    /// All ranks in climbing order.
    pub const ALL: [Rank; 4] = [Rank::Trainee, Rank::Junior, Rank::Middle, Rank::Senior];

    /// The name used in stage keys, the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Rank::Trainee => "trainee",
            Rank::Junior => "junior",
            Rank::Middle => "middle",
            Rank::Senior => "senior",
        }
    }

    /// Levels of this rank, lowest first: `[0]` for trainee, `[1, 2, 3]` otherwise.
    pub fn levels(self) -> &'static [u8] {
        match self {
            Rank::Trainee => &[0],
            _ => &[1, 2, 3],
        }
    }

    /// The first level of this rank (where a learner enters it).
    pub fn first_level(self) -> u8 {
        match self {
            Rank::Trainee => 0,
            _ => 1,
        }
    }

    /// The last level of this rank; passing its exam leads to the rank final (or, for
    /// trainee, straight to the approval of the rank transition).
    pub fn last_level(self) -> u8 {
        match self {
            Rank::Trainee => 0,
            _ => 3,
        }
    }
}

impl fmt::Display for Rank {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Rank {
    type Err = ParseStageKeyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rank::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| ParseStageKeyError::UnknownRank(s.to_owned()))
    }
}

/// A stage of the career path, e.g. `trainee_0` or `middle_2`.
///
/// Invariant: `level` is valid for `rank` (0 for trainee, 1..=3 otherwise); the only
/// constructors ([`StageKey::new`], parsing, deserialising) check it. Ordered by rank,
/// then level — the order a learner passes through stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StageKey {
    rank: Rank,
    level: u8,
}

/// Why a stage key or rank name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseStageKeyError {
    #[error("unknown rank `{0}` (expected trainee, junior, middle or senior)")]
    UnknownRank(String),
    #[error("rank {rank} has no level {level} (trainee has level 0, other ranks 1 to 3)")]
    InvalidLevel { rank: Rank, level: u8 },
    #[error("`{0}` is not a stage key like `trainee_0` or `junior_1`")]
    Malformed(String),
}

impl StageKey {
    /// The stage every learner starts at.
    pub const TRAINEE_0: StageKey = StageKey {
        rank: Rank::Trainee,
        level: 0,
    };

    /// A stage, if `level` exists for `rank`.
    pub fn new(rank: Rank, level: u8) -> Result<Self, ParseStageKeyError> {
        if rank.levels().contains(&level) {
            Ok(StageKey { rank, level })
        } else {
            Err(ParseStageKeyError::InvalidLevel { rank, level })
        }
    }

    /// The first stage of a rank (`trainee_0`, `junior_1`, …).
    pub fn first_of(rank: Rank) -> Self {
        StageKey {
            rank,
            level: rank.first_level(),
        }
    }

    pub fn rank(self) -> Rank {
        self.rank
    }

    pub fn level(self) -> u8 {
        self.level
    }

    /// Whether this is the last level of its rank (trainee_0, or level 3).
    pub fn is_last_level_of_rank(self) -> bool {
        self.level == self.rank.last_level()
    }

    /// The next level of the same rank, if any (`junior_1` → `junior_2`).
    pub fn next_level_in_rank(self) -> Option<StageKey> {
        if self.is_last_level_of_rank() {
            None
        } else {
            Some(StageKey {
                rank: self.rank,
                level: self.level + 1,
            })
        }
    }
}

impl fmt::Display for StageKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}_{}", self.rank, self.level)
    }
}

impl FromStr for StageKey {
    type Err = ParseStageKeyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (rank, level) = s
            .rsplit_once('_')
            .ok_or_else(|| ParseStageKeyError::Malformed(s.to_owned()))?;
        let rank: Rank = rank.parse()?;
        // Only plain decimal digits: `junior_+1` or `junior_01` are not stage keys.
        if level.len() != 1 || !level.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseStageKeyError::Malformed(s.to_owned()));
        }
        let level: u8 = level
            .parse()
            .map_err(|_| ParseStageKeyError::Malformed(s.to_owned()))?;
        StageKey::new(rank, level)
    }
}

impl TryFrom<String> for StageKey {
    type Error = ParseStageKeyError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<StageKey> for String {
    fn from(value: StageKey) -> Self {
        value.to_string()
    }
}

/// The ranks a track defines, in climbing order.
///
/// Invariant: non-empty, strictly increasing, and starting with `trainee` — every
/// learner starts at `trainee_0`, so a track without it could not be entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrackRanks(Vec<Rank>);

/// Why a list of ranks cannot describe a track.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrackRanksError {
    #[error("a track must start with the trainee rank")]
    MissingTrainee,
    #[error("rank {0} is listed twice or out of order")]
    OutOfOrder(Rank),
}

impl TrackRanks {
    /// The ranks of a track; order in the input does not matter, duplicates are refused.
    pub fn new(ranks: impl IntoIterator<Item = Rank>) -> Result<Self, TrackRanksError> {
        let mut ranks: Vec<Rank> = ranks.into_iter().collect();
        ranks.sort();
        if let Some(pair) = ranks.windows(2).find(|w| w[0] == w[1]) {
            return Err(TrackRanksError::OutOfOrder(pair[1]));
        }
        if ranks.first() != Some(&Rank::Trainee) {
            return Err(TrackRanksError::MissingTrainee);
        }
        Ok(TrackRanks(ranks))
    }

    /// A track with every rank.
    pub fn all() -> Self {
        TrackRanks(Rank::ALL.to_vec())
    }

    pub fn ranks(&self) -> &[Rank] {
        &self.0
    }

    pub fn contains(&self, stage: StageKey) -> bool {
        self.0.contains(&stage.rank())
    }

    /// The rank after `rank` in this track, `None` after the last one (or if `rank` is
    /// not part of the track).
    pub fn next_rank(&self, rank: Rank) -> Option<Rank> {
        let pos = self.0.iter().position(|r| *r == rank)?;
        self.0.get(pos + 1).copied()
    }

    /// The stage after `stage` along the path: the next level of the same rank, else
    /// the first level of the next rank; `None` after the last stage (graduation) or
    /// when `stage` is not in this track.
    pub fn next_stage(&self, stage: StageKey) -> Option<StageKey> {
        if !self.contains(stage) {
            return None;
        }
        stage
            .next_level_in_rank()
            .or_else(|| self.next_rank(stage.rank()).map(StageKey::first_of))
    }

    /// Every stage of the track in path order.
    pub fn stages(&self) -> impl Iterator<Item = StageKey> + '_ {
        self.0.iter().flat_map(|&rank| {
            rank.levels()
                .iter()
                .map(move |&level| StageKey { rank, level })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> StageKey {
        s.parse().unwrap()
    }

    #[test]
    fn stage_keys_round_trip_through_text() {
        for s in ["trainee_0", "junior_1", "junior_3", "middle_2", "senior_3"] {
            assert_eq!(key(s).to_string(), s);
        }
    }

    #[test]
    fn invalid_stage_keys_are_refused() {
        for s in [
            "trainee_1",
            "junior_0",
            "senior_4",
            "junior",
            "junior_",
            "lead_1",
            "junior_01",
            "junior_+1",
            "",
            "_1",
            "junior_x",
        ] {
            assert!(s.parse::<StageKey>().is_err(), "{s} should not parse");
        }
        assert_eq!(
            StageKey::new(Rank::Trainee, 1),
            Err(ParseStageKeyError::InvalidLevel {
                rank: Rank::Trainee,
                level: 1
            })
        );
    }

    #[test]
    fn stage_key_serialises_as_its_text() {
        let json = serde_json::to_string(&key("middle_2")).unwrap();
        assert_eq!(json, "\"middle_2\"");
        assert_eq!(
            serde_json::from_str::<StageKey>("\"junior_3\"").unwrap(),
            key("junior_3")
        );
        assert!(serde_json::from_str::<StageKey>("\"trainee_3\"").is_err());
    }

    #[test]
    fn stage_order_follows_the_path() {
        assert!(key("trainee_0") < key("junior_1"));
        assert!(key("junior_3") < key("middle_1"));
        assert!(key("middle_1") < key("middle_2"));
    }

    #[test]
    fn next_stage_walks_levels_then_ranks() {
        let all = TrackRanks::all();
        assert_eq!(all.next_stage(key("trainee_0")), Some(key("junior_1")));
        assert_eq!(all.next_stage(key("junior_1")), Some(key("junior_2")));
        assert_eq!(all.next_stage(key("junior_3")), Some(key("middle_1")));
        assert_eq!(all.next_stage(key("senior_3")), None);
    }

    #[test]
    fn next_stage_skips_ranks_the_track_does_not_define() {
        let track = TrackRanks::new([Rank::Senior, Rank::Trainee, Rank::Junior]).unwrap();
        assert_eq!(track.next_stage(key("junior_3")), Some(key("senior_1")));
        assert_eq!(track.next_stage(key("senior_3")), None);
        assert_eq!(track.next_stage(key("middle_1")), None, "not in the track");
        assert_eq!(track.stages().count(), 7);
        assert_eq!(track.stages().last(), Some(key("senior_3")));
    }

    #[test]
    fn track_ranks_must_start_with_trainee_and_be_unique() {
        assert_eq!(
            TrackRanks::new([Rank::Junior]),
            Err(TrackRanksError::MissingTrainee)
        );
        assert_eq!(TrackRanks::new([]), Err(TrackRanksError::MissingTrainee));
        assert_eq!(
            TrackRanks::new([Rank::Trainee, Rank::Junior, Rank::Junior]),
            Err(TrackRanksError::OutOfOrder(Rank::Junior))
        );
        let only_trainee = TrackRanks::new([Rank::Trainee]).unwrap();
        assert_eq!(only_trainee.next_stage(StageKey::TRAINEE_0), None);
    }
}
