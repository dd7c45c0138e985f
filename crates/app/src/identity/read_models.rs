//! The identity context's read models for profile parts: what use-cases hand to `api`,
//! converted from store rows (ADR 0037).

use practicum_domain::Timestamp;
use practicum_store::identity::profiles::{AchievementRecord, SpecializationRecord};

read_model! {
    /// A specialization a profile can list.
    #[derive(Debug, Clone)]
    pub struct SpecializationEntry from SpecializationRecord {
        pub id: i64,
        pub slug: String,
        pub name: String,
    }
}

read_model! {
    /// An achievement awarded to a profile's user.
    #[derive(Debug, Clone)]
    pub struct AchievementEntry from AchievementRecord {
        pub id: i64,
        pub code: String,
        pub title: String,
        pub description: String,
        pub awarded_at: Timestamp,
    }
}
