//! The closed set of error codes: the `code` of every error envelope, with the statuses it
//! is answered with. `docs/API-CONVENTIONS.md` lists the same table (a test compares them)
//! and the OpenAPI document lists the codes as the enum of `ErrorDetail.code` (ADR 0038).

use std::{fmt, str::FromStr};

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// Declares [`ErrorCode`]: each variant with its wire string and the statuses it is answered
/// with (empty: any status without a code of its own, from outside the handlers).
macro_rules! error_codes {
    ($($variant:ident = $code:literal, [$($status:literal),*];)*) => {
        /// A stable, machine-readable error code; [`ErrorCode::as_str`] is its wire form.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($variant,)*
        }

        impl ErrorCode {
            /// Every code, in the order of the table in `docs/API-CONVENTIONS.md`.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The wire form (byte-identical to the codes answered before the enum existed).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }

            /// The HTTP statuses this code is answered with.
            pub const fn statuses(self) -> &'static [u16] {
                match self {
                    $(ErrorCode::$variant => &[$($status),*],)*
                }
            }
        }
    };
}

error_codes! {
    BadRequest = "bad_request", [400];
    EmptyInput = "empty_input", [400];
    InvalidJson = "invalid_json", [400];
    InvalidRefreshToken = "invalid_refresh_token", [400, 401];
    InvalidResetToken = "invalid_reset_token", [400];
    InvalidSessionTransport = "invalid_session_transport", [400];
    MalformedJson = "malformed_json", [400];
    MalformedMultipart = "malformed_multipart", [400];
    SessionTransportRequired = "session_transport_required", [400];
    UnsupportedGrantType = "unsupported_grant_type", [400];
    WebsocketUpgradeRequired = "websocket_upgrade_required", [400];
    AccountInactive = "account_inactive", [401];
    AdminTokenRequired = "admin_token_required", [401];
    InvalidCredentials = "invalid_credentials", [401];
    InvalidToken = "invalid_token", [401];
    RefreshTokenExpired = "refresh_token_expired", [401];
    RefreshTokenMissing = "refresh_token_missing", [401];
    RefreshTokenReused = "refresh_token_reused", [401];
    RoleChanged = "role_changed", [401];
    TokenExpired = "token_expired", [401];
    TokenRevoked = "token_revoked", [401];
    Unauthenticated = "unauthenticated", [401];
    AdminRequired = "admin_required", [403];
    Forbidden = "forbidden", [403];
    InvalidAdminToken = "invalid_admin_token", [403];
    InvalidMetricsToken = "invalid_metrics_token", [403];
    NotCourseEditor = "not_course_editor", [403];
    NotCourseStaff = "not_course_staff", [403];
    NotCourseTeacher = "not_course_teacher", [403];
    NotEnrolled = "not_enrolled", [403];
    NotReviewAuthor = "not_review_author", [403];
    NotYourAttempt = "not_your_attempt", [403];
    OwnReview = "own_review", [403];
    ApprovalRequestNotFound = "approval_request_not_found", [404];
    ArticleNotFound = "article_not_found", [404];
    AttemptNotFound = "attempt_not_found", [404];
    AvatarNotFound = "avatar_not_found", [404];
    CategoryNotFound = "category_not_found", [404];
    CheckEmailDisabled = "check_email_disabled", [404];
    ContentNotFound = "content_not_found", [404];
    CourseNotFound = "course_not_found", [404];
    CoverNotFound = "cover_not_found", [404];
    DiagnosticNotFound = "diagnostic_not_found", [404];
    JobNotFound = "job_not_found", [404];
    LessonNotFound = "lesson_not_found", [404];
    MinitestNotFound = "minitest_not_found", [404];
    ModuleNotFound = "module_not_found", [404];
    NotFound = "not_found", [404];
    NotificationNotFound = "notification_not_found", [404];
    ProfileNotFound = "profile_not_found", [404];
    QuestionNotFound = "question_not_found", [404];
    ResourceNotFound = "resource_not_found", [404];
    ReviewCardNotFound = "review card_not_found", [404];
    ReviewQuestionNotFound = "review question_not_found", [404];
    ReviewNotFound = "review_not_found", [404];
    StageNotFound = "stage_not_found", [404];
    TagNotFound = "tag_not_found", [404];
    TrackProgressNotFound = "track progress_not_found", [404];
    TrackNotFound = "track_not_found", [404];
    UserNotFound = "user_not_found", [404];
    MethodNotAllowed = "method_not_allowed", [405];
    RequestTimeout = "request_timeout", [408];
    AccountErased = "account_erased", [409];
    AchievementExists = "achievement_exists", [409];
    AlreadyEnrolled = "already_enrolled", [409];
    AlreadyReported = "already_reported", [409];
    AlreadyReviewed = "already_reviewed", [409];
    AnswerAlreadyRecorded = "answer_already_recorded", [409];
    ApprovalAlreadyDecided = "approval_already_decided", [409];
    ApprovalAlreadyPending = "approval_already_pending", [409];
    AttemptAlreadySubmitted = "attempt_already_submitted", [409];
    AttemptInProgress = "attempt_in_progress", [409];
    AttemptStageLeft = "attempt_stage_left", [409];
    CannotChangeOwnAdmin = "cannot_change_own_admin", [409];
    CannotEraseOwnAccount = "cannot_erase_own_account", [409];
    CategoryExists = "category_exists", [409];
    CategoryHasChildren = "category_has_children", [409];
    CategoryInUse = "category_in_use", [409];
    ContentAlreadyAssigned = "content_already_assigned", [409];
    CourseHasLearners = "course_has_learners", [409];
    CourseNotOpen = "course_not_open", [409];
    DiagnosticAlreadyStarted = "diagnostic_already_started", [409];
    DiagnosticFinished = "diagnostic_finished", [409];
    DiagnosticIsAdaptive = "diagnostic_is_adaptive", [409];
    DiagnosticNotAdaptive = "diagnostic_not_adaptive", [409];
    EmailTaken = "email_taken", [409, 400];
    ExamAlreadyPassed = "exam_already_passed", [409];
    IllegalStageTransition = "illegal_stage_transition", [409];
    IllegalStatusChange = "illegal_status_change", [409];
    JobNotDead = "job_not_dead", [409];
    LessonHasCompletions = "lesson_has_completions", [409];
    LessonMoved = "lesson_moved", [409];
    ModuleExists = "module_exists", [409];
    ModuleHasCompletions = "module_has_completions", [409];
    PasswordChangedConcurrently = "password_changed_concurrently", [409];
    ReferencedByHistory = "referenced_by_history", [409];
    ReviewNotDue = "review_not_due", [409];
    SettingsVersionConflict = "settings_version_conflict", [409];
    SlugTaken = "slug_taken", [409];
    SpecializationExists = "specialization_exists", [409];
    StageAlreadyStarted = "stage_already_started", [409];
    StageChanged = "stage_changed", [409];
    StageExists = "stage_exists", [409];
    StagePendingApproval = "stage_pending_approval", [409];
    StatusChanged = "status_changed", [409];
    TagExists = "tag_exists", [409];
    TagInUse = "tag_in_use", [409];
    TrackProgressExists = "track_progress_exists", [409];
    TrackSlugTaken = "track_slug_taken", [409];
    UsernameTaken = "username_taken", [409, 400];
    ContentNotAssigned = "content_not_assigned", [412];
    DiagnosticNotAvailable = "diagnostic_not_available", [412];
    DiagnosticRequired = "diagnostic_required", [412];
    ExamNotConfigured = "exam_not_configured", [412];
    Graduated = "graduated", [412];
    NoTrackAvailable = "no_track_available", [412];
    NotEligible = "not_eligible", [412];
    NothingToApprove = "nothing_to_approve", [412];
    QuestionBankShort = "question_bank_short", [412];
    RankFinalNotOpen = "rank_final_not_open", [412];
    ImageTooLarge = "image_too_large", [413];
    PayloadTooLarge = "payload_too_large", [413];
    TooManyImages = "too_many_images", [413];
    UnsupportedImageFormat = "unsupported_image_format", [415];
    UnsupportedMediaType = "unsupported_media_type", [415];
    DecompressionBomb = "decompression_bomb", [422];
    InvalidBody = "invalid_body", [422];
    InvalidQuery = "invalid_query", [422];
    InvalidText = "invalid_text", [422];
    NotAnImage = "not_an_image", [422];
    TruncatedImage = "truncated_image", [422];
    UnprocessableEntity = "unprocessable_entity", [422];
    ValidationFailed = "validation_failed", [422];
    RateLimited = "rate_limited", [429];
    TooManyConnections = "too_many_connections", [429];
    Internal = "internal", [500];
    AdminTokenNotConfigured = "admin_token_not_configured", [503];
    DatabaseBusy = "database_busy", [503];
    InferenceQueueFull = "inference_queue_full", [503];
    ModelUnavailable = "model_unavailable", [503];
    ServerBusy = "server_busy", [503];
    Unavailable = "unavailable", [503];
    Error = "error", [];
}

impl ErrorCode {
    /// What a `…_not_found` code says is missing (`course` for `course_not_found`).
    pub fn missing_thing(self) -> &'static str {
        let code = self.as_str();
        code.strip_suffix("_not_found").unwrap_or(code)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown wire code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown error code {0:?}")]
pub struct UnknownErrorCode(pub String);

impl FromStr for ErrorCode {
    type Err = UnknownErrorCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownErrorCode(s.to_owned()))
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::ErrorCode;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let mut seen = HashSet::new();
        for &code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate code {code}");
            assert_eq!(code.as_str().parse::<ErrorCode>(), Ok(code));
            let json = serde_json::to_string(&code).expect("serializes");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(
                serde_json::from_str::<ErrorCode>(&json).expect("parses"),
                code
            );
        }
        assert!("no_such_code".parse::<ErrorCode>().is_err());
    }

    /// `docs/API-CONVENTIONS.md` lists every code with its statuses, in the enum's order.
    #[test]
    fn the_docs_table_lists_exactly_the_enum() {
        let docs = include_str!("../../../docs/API-CONVENTIONS.md");
        let section = docs
            .split("\n## Error codes\n")
            .nth(1)
            .expect("docs/API-CONVENTIONS.md has an '## Error codes' section");
        let documented: Vec<(String, String)> = section
            .lines()
            .skip_while(|l| !l.starts_with("| code |"))
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .map(|l| {
                let cells: Vec<&str> = l.split(" | ").collect();
                let code = cells[0].trim_start_matches("| ").trim_matches('`');
                (code.to_owned(), cells[1].to_owned())
            })
            .collect();
        let expected: Vec<(String, String)> = ErrorCode::ALL
            .iter()
            .map(|c| {
                let statuses = c.statuses();
                let status = if statuses.is_empty() {
                    "other".to_owned()
                } else {
                    statuses
                        .iter()
                        .map(u16::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                (c.as_str().to_owned(), status)
            })
            .collect();
        assert_eq!(documented, expected);
    }

    #[test]
    fn not_found_codes_name_what_is_missing() {
        assert_eq!(ErrorCode::CourseNotFound.missing_thing(), "course");
        assert_eq!(ErrorCode::ReviewCardNotFound.missing_thing(), "review card");
    }
}
