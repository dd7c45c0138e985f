//! Hand-written, reversible migrations, embedded in the binary, one logical change each.
//!
//! Each migration exists once per dialect (`migrations/{sqlite,postgres}/NNNN_name.{up,down}.sql`)
//! with identical numbering; a test checks that both directories and [`MIGRATIONS`] agree.
//! sqlx's migrator applies them and records them in `_sqlx_migrations` (with checksums, so
//! an edited migration is refused). `serve` only *checks* the schema: it never runs DDL.

use std::borrow::Cow;

use futures_core::future::BoxFuture;
use sqlx::{
    error::BoxDynError,
    migrate::{Migration, MigrationSource, MigrationType, Migrator},
    Row,
};

use crate::{Backend, Db, StoreError};

/// One migration: version, name, and (up, down) SQL per dialect.
pub struct Embedded {
    pub version: i64,
    pub name: &'static str,
    sqlite: (&'static str, &'static str),
    postgres: (&'static str, &'static str),
}

macro_rules! migration {
    ($version:literal, $file:literal) => {
        Embedded {
            version: $version,
            name: $file,
            sqlite: (
                include_str!(concat!("../migrations/sqlite/", $file, ".up.sql")),
                include_str!(concat!("../migrations/sqlite/", $file, ".down.sql")),
            ),
            postgres: (
                include_str!(concat!("../migrations/postgres/", $file, ".up.sql")),
                include_str!(concat!("../migrations/postgres/", $file, ".down.sql")),
            ),
        }
    };
}

/// Every migration, in order. Add new ones at the end; never edit an applied one.
pub const MIGRATIONS: &[Embedded] = &[
    migration!(1, "0001_users"),
    migration!(2, "0002_refresh_tokens"),
    migration!(3, "0003_password_reset_tokens"),
    migration!(4, "0004_email_outbox"),
    migration!(5, "0005_profiles"),
    migration!(6, "0006_specializations_achievements"),
    migration!(7, "0007_ml_requests"),
    migration!(10, "0010_categories_tags"),
    migration!(11, "0011_courses"),
    migration!(12, "0012_modules_lessons"),
    migration!(13, "0013_enrollments"),
    migration!(14, "0014_favorites"),
    migration!(15, "0015_lesson_completions"),
    migration!(16, "0016_activity_log"),
    migration!(17, "0017_course_search"),
    migration!(18, "0018_translations"),
    migration!(20, "0020_adaptive_catalog"),
    migration!(21, "0021_adaptive_settings_versions"),
    migration!(22, "0022_adaptive_stage_progress"),
    migration!(23, "0023_adaptive_attempts"),
    migration!(24, "0024_adaptive_diagnostics"),
    migration!(25, "0025_adaptive_content"),
    migration!(26, "0026_adaptive_approval_requests"),
    migration!(27, "0027_adaptive_question_draw_index"),
    migration!(28, "0028_adaptive_assigned_articles_restrict"),
    migration!(29, "0029_adaptive_minitest_attempts"),
    migration!(40, "0040_reviews"),
    migration!(41, "0041_analytics_events"),
    migration!(42, "0042_course_analytics"),
    migration!(43, "0043_category_preferences"),
    migration!(44, "0044_analytics_decay"),
    migration!(50, "0050_jobs"),
    migration!(51, "0051_notifications"),
    migration!(60, "0060_adaptive_stage_progress_restrict"),
    migration!(61, "0061_adaptive_settings_tie_break"),
    migration!(62, "0062_adaptive_content_tie_seed"),
    migration!(70, "0070_revoked_access_tokens"),
    migration!(80, "0080_profile_rating"),
    migration!(81, "0081_user_erasure"),
    migration!(82, "0082_interactions"),
    migration!(85, "0085_ml_request_type"),
    migration!(86, "0086_module_translation_description"),
    migration!(90, "0090_course_outcomes"),
    migration!(91, "0091_module_descriptions"),
    migration!(92, "0092_lesson_completions_keep"),
    migration!(93, "0093_taxonomy_in_use"),
    migration!(94, "0094_course_covers"),
    migration!(95, "0095_course_review_comment"),
    migration!(100, "0100_adaptive_learner_model"),
    migration!(101, "0101_adaptive_settings_weakness"),
    migration!(110, "0110_attempt_questions_by_question"),
    migration!(125, "0125_catalog_order_indexes"),
    migration!(126, "0126_catalog_counts"),
    migration!(127, "0127_course_search_vector"),
    migration!(130, "0130_review_reports"),
    migration!(140, "0140_analytics_incremental"),
    migration!(141, "0141_dashboard_progress"),
    migration!(142, "0142_course_search_index_fastupdate_off"),
    migration!(143, "0143_course_cards"),
    migration!(144, "0144_catalog_order_indexes_cover_filters"),
    migration!(145, "0145_course_tags_listing"),
    migration!(146, "0146_catalog_search_newest"),
    migration!(147, "0147_catalog_search_version"),
    migration!(148, "0148_enrollment_course_card"),
    migration!(149, "0149_course_outline_copy"),
    migration!(150, "0150_course_search_table"),
];

#[derive(Debug)]
struct Source(Backend);

impl MigrationSource<'static> for Source {
    fn resolve(self) -> BoxFuture<'static, Result<Vec<Migration>, BoxDynError>> {
        Box::pin(async move {
            let mut out = Vec::new();
            for m in MIGRATIONS {
                let (up, down) = match self.0 {
                    Backend::Sqlite => m.sqlite,
                    Backend::Postgres => m.postgres,
                };
                let description = Cow::Borrowed(&m.name[5..]);
                out.push(Migration::new(
                    m.version,
                    description.clone(),
                    MigrationType::ReversibleUp,
                    Cow::Borrowed(up),
                    false,
                ));
                out.push(Migration::new(
                    m.version,
                    description,
                    MigrationType::ReversibleDown,
                    Cow::Borrowed(down),
                    false,
                ));
            }
            Ok(out)
        })
    }
}

async fn migrator(backend: Backend) -> Result<Migrator, StoreError> {
    Migrator::new(Source(backend))
        .await
        .map_err(|e| StoreError::Schema(e.to_string()))
}

/// Applies every pending migration. Returns the versions applied.
pub async fn up(db: &Db) -> Result<Vec<i64>, StoreError> {
    let before = applied(db).await?;
    let mut conn = db.migration_connection().await?;
    migrator(db.backend())
        .await?
        .run(conn.any()?)
        .await
        .map_err(migrate_err)?;
    drop(conn);
    let after = applied(db).await?;
    Ok(after.into_iter().filter(|v| !before.contains(v)).collect())
}

/// Reverts applied migrations newer than `target` (0 reverts everything), newest first.
pub async fn down_to(db: &Db, target: i64) -> Result<Vec<i64>, StoreError> {
    let before = applied(db).await?;
    let mut conn = db.migration_connection().await?;
    migrator(db.backend())
        .await?
        .undo(conn.any()?, target)
        .await
        .map_err(migrate_err)?;
    drop(conn);
    let after = applied(db).await?;
    Ok(before
        .into_iter()
        .filter(|v| !after.contains(v))
        .rev()
        .collect())
}

/// Reverts the newest applied migration, if any.
pub async fn down_one(db: &Db) -> Result<Vec<i64>, StoreError> {
    let applied = applied(db).await?;
    match applied.len() {
        0 => Ok(Vec::new()),
        n => down_to(db, if n >= 2 { applied[n - 2] } else { 0 }).await,
    }
}

/// The state of one known migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationStatus {
    pub version: i64,
    pub name: &'static str,
    pub applied: bool,
}

/// Every known migration and whether it is applied.
pub async fn status(db: &Db) -> Result<Vec<MigrationStatus>, StoreError> {
    let applied = applied(db).await?;
    Ok(MIGRATIONS
        .iter()
        .map(|m| MigrationStatus {
            version: m.version,
            name: m.name,
            applied: applied.contains(&m.version),
        })
        .collect())
}

/// Succeeds only when the database has exactly the migrations this binary knows.
/// Reads the migrations table directly, so it never creates anything.
pub async fn ensure_current(db: &Db) -> Result<(), StoreError> {
    let applied = applied(db).await?;
    let known: Vec<i64> = MIGRATIONS.iter().map(|m| m.version).collect();
    let pending: Vec<&str> = MIGRATIONS
        .iter()
        .filter(|m| !applied.contains(&m.version))
        .map(|m| m.name)
        .collect();
    if !pending.is_empty() {
        return Err(StoreError::Schema(format!(
            "the database schema is out of date: {} pending migration(s) ({}). \
             Run `practicum migrate up` first (with the same DATABASE_URL).",
            pending.len(),
            pending.join(", ")
        )));
    }
    if let Some(unknown) = applied.iter().find(|v| !known.contains(v)) {
        return Err(StoreError::Schema(format!(
            "the database has migration {unknown}, which this binary does not know: \
             it was migrated by a newer Practicum. Deploy the newer binary."
        )));
    }
    Ok(())
}

/// Versions recorded as applied; empty when the migrations table does not exist yet.
async fn applied(db: &Db) -> Result<Vec<i64>, StoreError> {
    let mut conn = db.migration_connection().await?;
    let exists_sql = match db.backend() {
        Backend::Sqlite => {
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'"
        }
        Backend::Postgres => {
            "SELECT COUNT(*) AS n FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'"
        }
    };
    let n: i64 = sqlx::query(exists_sql)
        .fetch_one(conn.any()?)
        .await?
        .try_get("n")?;
    if n == 0 {
        return Ok(Vec::new());
    }
    let rows = sqlx::query("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
        .fetch_all(conn.any()?)
        .await?;
    rows.iter()
        .map(|r| r.try_get::<i64, _>("version").map_err(StoreError::from))
        .collect()
}

fn migrate_err(e: sqlx::migrate::MigrateError) -> StoreError {
    StoreError::Schema(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(dir: &str) -> Vec<String> {
        let path = format!("{}/migrations/{dir}", env!("CARGO_MANIFEST_DIR"));
        let mut names: Vec<String> = std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn both_dialects_list_the_same_migrations_and_all_are_embedded() {
        let sqlite = listed("sqlite");
        assert_eq!(sqlite, listed("postgres"));
        let embedded: Vec<String> = MIGRATIONS
            .iter()
            .flat_map(|m| [format!("{}.down.sql", m.name), format!("{}.up.sql", m.name)])
            .collect();
        let mut sorted = embedded.clone();
        sorted.sort();
        assert_eq!(sqlite, sorted);
        // Strictly increasing, not contiguous: contexts developed in parallel reserve
        // ranges of version numbers (ML 0007, courses 0010, adaptive 0020).
        for pair in MIGRATIONS.windows(2) {
            assert!(
                pair[0].version < pair[1].version,
                "{} must come after {}",
                pair[1].name,
                pair[0].name
            );
        }
        for m in MIGRATIONS {
            assert!(m.version > 0);
            assert!(m.name.starts_with(&format!("{:04}_", m.version)));
        }
    }
}
