//! Moves a course through its workflow (draft → review → published → archived). Staff
//! sending a course back to draft may say why; the teacher sees it on the course and is
//! notified.

use practicum_domain::{
    catalog::{CourseStatus, Description},
    FieldErrors,
};
use practicum_store::catalog::courses::{self};
use serde_json::json;

use super::editable_course;
use super::CourseEntry;
use crate::ErrorCode;
use crate::{identity::Actor, validated, App, AppError};

impl App {
    /// An illegal move is 409 with the moves the caller may make from here in
    /// `details.allowed`. `comment` is accepted only with a move back to draft: it is
    /// stored as the course's `review_comment` until the course is published.
    pub async fn change_course_status(
        &self,
        actor: &Actor,
        slug: &str,
        status: &str,
        comment: Option<&str>,
    ) -> Result<CourseEntry, AppError> {
        let mut errors = FieldErrors::new();
        let to = errors.check("status", status.parse::<CourseStatus>());
        let comment = comment
            .and_then(|c| errors.check("comment", Description::parse(c)))
            .filter(|c| !c.as_str().is_empty());
        if comment.is_some() && to.is_some_and(|to| to != CourseStatus::Draft) {
            errors.push("comment", "only a move back to draft takes a comment");
        }
        errors.into_result()?;
        let to = validated(to)?;
        let mut tx = self.db.write().await?;
        let (course, mover) = editable_course(&mut tx, actor, slug).await?;
        let from = course.status;
        if let Err(allowed) = from.move_to(to, mover) {
            let allowed: Vec<&str> = allowed.iter().map(|s| s.as_str()).collect();
            return Err(AppError::Conflict {
                code: ErrorCode::IllegalStatusChange,
                message: format!("a {from} course cannot be moved to {to} by you"),
                details: Some(
                    json!({ "from": from.as_str(), "to": to.as_str(), "allowed": allowed }),
                ),
            });
        }
        if !courses::set_status(&mut tx, course.id, from, to, self.now_ms()).await? {
            return Err(AppError::conflict(
                ErrorCode::StatusChanged,
                "the course's status changed meanwhile; reload and retry",
            ));
        }
        match to {
            CourseStatus::Draft => {
                let comment = comment.as_ref().map(Description::as_str);
                courses::set_review_comment(&mut tx, course.id, comment).await?;
            }
            CourseStatus::Published => {
                courses::set_review_comment(&mut tx, course.id, None).await?
            }
            CourseStatus::Review | CourseStatus::Archived => {}
        }
        // Only published courses count in the teacher's profile rating.
        if (from == CourseStatus::Published) != (to == CourseStatus::Published) {
            practicum_store::reviews::refresh_teacher_rating(&mut tx, course.teacher_id).await?;
        }
        let course = courses::find_by_slug(&mut tx, slug)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::CourseNotFound))?;
        if to == CourseStatus::Draft && course.teacher_id != actor.id {
            self.notify(
                &mut tx,
                course.teacher_id,
                crate::notify::kinds::COURSE_SENT_BACK,
                json!({ "course_id": course.id, "slug": course.slug, "title": course.title,
                        "comment": course.review_comment }),
            )
            .await?;
        }
        if to == CourseStatus::Published && course.teacher_id != actor.id {
            self.notify(
                &mut tx,
                course.teacher_id,
                crate::notify::kinds::COURSE_PUBLISHED,
                json!({ "course_id": course.id, "slug": course.slug, "title": course.title }),
            )
            .await?;
        }
        self.commit_catalog_change(tx).await?;
        Ok(course.into())
    }
}
