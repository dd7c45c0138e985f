//! The identity context's read models for profile parts: what use-cases hand to `api`,
//! converted from store rows (ADR 0037).

use practicum_domain::Timestamp;
use practicum_store::identity::profiles::{AchievementRecord, SpecializationRecord};

/// A specialization a profile can list.
#[derive(Debug, Clone)]
pub struct SpecializationEntry {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

impl From<SpecializationRecord> for SpecializationEntry {
    fn from(s: SpecializationRecord) -> Self {
        Self {
            id: s.id,
            slug: s.slug,
            name: s.name,
        }
    }
}

/// An achievement awarded to a profile's user.
#[derive(Debug, Clone)]
pub struct AchievementEntry {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub description: String,
    pub awarded_at: Timestamp,
}

impl From<AchievementRecord> for AchievementEntry {
    fn from(a: AchievementRecord) -> Self {
        Self {
            id: a.id,
            code: a.code,
            title: a.title,
            description: a.description,
            awarded_at: a.awarded_at,
        }
    }
}
