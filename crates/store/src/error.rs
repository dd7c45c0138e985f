//! The one place that turns driver errors into backend-neutral categories.

use sqlx::error::ErrorKind;

/// What went wrong in the database, in terms `app` can map to business conflicts.
///
/// Unique violations carry the constraint's canonical name (the PostgreSQL constraint or
/// index name). SQLite reports the columns instead (`UNIQUE constraint failed: users.email_norm`),
/// so [`UNIQUE_CONSTRAINTS`] translates its message into the same name.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("row not found")]
    NotFound,
    #[error("unique constraint {constraint} violated")]
    Unique { constraint: String },
    #[error("foreign key constraint violated: {detail}")]
    ForeignKey { detail: String },
    #[error("check constraint violated: {detail}")]
    Check { detail: String },
    #[error("the database is busy; try again")]
    Busy,
    #[error("configuration: {0}")]
    Config(String),
    #[error("schema: {0}")]
    Schema(String),
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    #[error("database error")]
    Db(#[source] sqlx::Error),
}

/// Canonical unique-constraint names and the column list SQLite reports for each.
const UNIQUE_CONSTRAINTS: &[(&str, &str)] = &[
    ("users_email_norm_key", "users.email_norm"),
    ("users_username_norm_key", "users.username_norm"),
    ("refresh_tokens_token_hash_key", "refresh_tokens.token_hash"),
    (
        "password_reset_tokens_token_hash_key",
        "password_reset_tokens.token_hash",
    ),
    ("profiles_slug_key", "profiles.slug"),
    ("specializations_slug_key", "specializations.slug"),
    (
        "achievements_user_code_key",
        "achievements.user_id, achievements.code",
    ),
    ("categories_slug_key", "categories.slug"),
    ("tags_slug_key", "tags.slug"),
    ("courses_slug_key", "courses.slug"),
    (
        "modules_course_position_key",
        "modules.course_id, modules.position",
    ),
    (
        "lessons_module_position_key",
        "lessons.module_id, lessons.position",
    ),
    (
        "enrollments_user_course_key",
        "enrollments.user_id, enrollments.course_id",
    ),
    (
        "lesson_completions_user_lesson_key",
        "lesson_completions.user_id, lesson_completions.lesson_id",
    ),
    ("tracks_slug_key", "tracks.slug"),
    (
        "stages_track_rank_level_key",
        "stages.track_id, stages.rank, stages.level",
    ),
    (
        "track_modules_track_name_key",
        "track_modules.track_id, track_modules.name",
    ),
    (
        "question_options_one_correct_key",
        "question_options.question_id",
    ),
    (
        "settings_versions_track_version_key",
        "settings_versions.track_id, settings_versions.version",
    ),
    (
        "settings_versions_one_current_key",
        "settings_versions.track_id",
    ),
    (
        "stage_progress_user_stage_key",
        "stage_progress.user_id, stage_progress.stage_id",
    ),
    ("stage_progress_one_current_key", "stage_progress.user_id"),
    (
        "attempts_no_key",
        "attempts.user_id, attempts.stage_id, attempts.kind, attempts.attempt_no",
    ),
    // SQLite names the columns only, and two partial indexes share them: an insert can
    // only break `attempts_one_open_key` (new attempts are not passed), an update to
    // passed only `attempts_one_pass_key`; callers test for both (see `is_unique_any`).
    (
        "attempts_one_open_key",
        "attempts.user_id, attempts.stage_id, attempts.kind",
    ),
    (
        "attempt_questions_pkey",
        "attempt_questions.attempt_id, attempt_questions.question_id",
    ),
    (
        "attempt_answers_pkey",
        "attempt_answers.attempt_id, attempt_answers.question_id",
    ),
    (
        "review_cards_user_question_key",
        "review_cards.user_id, review_cards.question_id",
    ),
    (
        "review_cards_user_module_key",
        "review_cards.user_id, review_cards.module_id",
    ),
    ("diagnostics_user_key", "diagnostics.user_id"),
    (
        "content_batches_user_stage_key",
        "content_batches.user_id, content_batches.stage_id",
    ),
    (
        "content_assignments_user_stage_article_key",
        "content_assignments.user_id, content_assignments.stage_id, content_assignments.article_id",
    ),
    (
        "approval_requests_one_pending_key",
        "approval_requests.user_id, approval_requests.from_stage_id",
    ),
    (
        "reviews_user_course_key",
        "reviews.user_id, reviews.course_id",
    ),
    ("jobs_dedupe_key_key", "jobs.dedupe_key"),
];

impl StoreError {
    /// True when this is the unique violation named `constraint`.
    pub fn is_unique(&self, constraint: &str) -> bool {
        matches!(self, StoreError::Unique { constraint: c } if c == constraint)
    }

    /// True when this is a unique violation of any of `constraints`.
    pub fn is_unique_any(&self, constraints: &[&str]) -> bool {
        constraints.iter().any(|c| self.is_unique(c))
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) => {
                let message = db.message().to_owned();
                let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
                match db.kind() {
                    ErrorKind::UniqueViolation => {
                        let constraint = db
                            .constraint()
                            .map(str::to_owned)
                            .unwrap_or_else(|| sqlite_unique_name(&message));
                        StoreError::Unique { constraint }
                    }
                    ErrorKind::ForeignKeyViolation => StoreError::ForeignKey {
                        detail: db.constraint().map(str::to_owned).unwrap_or(message),
                    },
                    ErrorKind::CheckViolation => StoreError::Check {
                        detail: db.constraint().map(str::to_owned).unwrap_or(message),
                    },
                    // SQLite runs `ON DELETE RESTRICT` as an internal trigger, so it
                    // reports SQLITE_CONSTRAINT_TRIGGER rather than a foreign-key kind,
                    // with the foreign-key message.
                    _ if message == "FOREIGN KEY constraint failed" => {
                        StoreError::ForeignKey { detail: message }
                    }
                    // SQLITE_BUSY (5) / SQLITE_LOCKED (6); PostgreSQL serialization
                    // failure and deadlock: the caller may retry the whole use-case.
                    _ if matches!(code.as_str(), "5" | "6" | "40001" | "40P01") => StoreError::Busy,
                    _ => StoreError::Db(err),
                }
            }
            sqlx::Error::PoolTimedOut => StoreError::Busy,
            _ => StoreError::Db(err),
        }
    }
}

fn sqlite_unique_name(message: &str) -> String {
    let columns = message
        .strip_prefix("UNIQUE constraint failed: ")
        .unwrap_or(message);
    UNIQUE_CONSTRAINTS
        .iter()
        .find(|(_, cols)| *cols == columns)
        .map(|(name, _)| (*name).to_owned())
        .unwrap_or_else(|| columns.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_messages_map_to_canonical_names() {
        assert_eq!(
            sqlite_unique_name("UNIQUE constraint failed: users.email_norm"),
            "users_email_norm_key"
        );
        assert_eq!(sqlite_unique_name("UNIQUE constraint failed: x.y"), "x.y");
    }
}
