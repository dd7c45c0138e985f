//! Learner history is never rewritten: a question asked in an attempt, an option chosen
//! in one, or an article assigned to a learner is held by foreign keys (RESTRICT / NO
//! ACTION), so deleting it — directly or through its module — is a 409 that points to
//! retiring it instead. Unreferenced rows delete with their dependants.

use practicum_store::StoreError;

use crate::AppError;
use crate::ErrorCode;

/// A delete or change refused because learner history refers to the row.
pub(super) fn in_history(what: &str, instead: &str) -> AppError {
    AppError::conflict(
        ErrorCode::ReferencedByHistory,
        format!("this {what} is part of learners' history and cannot be removed; {instead}"),
    )
}

pub(super) fn held(e: StoreError, what: &str, instead: &str) -> AppError {
    match e {
        StoreError::ForeignKey { .. } => in_history(what, instead),
        other => other.into(),
    }
}

pub(super) const RETIRE_QUESTION: &str =
    "retire it instead (POST …/questions/{id}/deactivate or PATCH is_active=false) and add a new one";
pub(super) const RETIRE_ARTICLE: &str =
    "retire it instead (POST …/articles/{id}/deactivate or PATCH is_active=false)";
pub(super) const RETIRE_MODULE: &str = "retire its questions and articles instead";
pub(super) const UNPUBLISH: &str = "unpublish the track instead (PATCH is_published=false)";
