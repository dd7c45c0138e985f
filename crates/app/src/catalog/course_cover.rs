//! A course's cover image: its teacher or staff upload one (checked like avatars), and
//! whoever may see the course reads it.

use practicum_domain::catalog::CourseStatus;
use practicum_store::catalog::{covers, syllabus};

use super::{course_view, editable_course, visible_course, CourseView};
use crate::ErrorCode;
use crate::{identity::Actor, upload::ImageUpload, App, AppError};

/// A cover as served: content type, bytes, and whether the public may cache it.
#[derive(Debug)]
pub struct CoverImage {
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub public: bool,
}

/// Where an uploaded cover is served. The version makes every upload a new address, so
/// that browsers and proxies never show the previous image.
pub(crate) fn cover_url(slug: &str, version: i64) -> String {
    format!("/api/v1/courses/{slug}/cover?v={version}")
}

impl App {
    /// Stores the cover and makes it the course's `cover_image_url`.
    pub async fn upload_course_cover(
        &self,
        actor: &Actor,
        slug: &str,
        upload: ImageUpload,
    ) -> Result<CourseView, AppError> {
        let image = upload.check("cover")?;
        let mut tx = self.db.write().await?;
        let (course, _) = editable_course(&mut tx, actor, slug).await?;
        // Locked before the cover changes: it is copied onto the course's enrollments
        // (migration 0148), and an enrolment in progress must commit first.
        syllabus::lock_course(&mut tx, course.id).await?;
        let now = self.now_ms();
        covers::put(
            &mut tx,
            course.id,
            image.format().content_type(),
            image.bytes(),
            &cover_url(&course.slug, now),
            now,
        )
        .await?;
        let view = course_view(&mut tx, slug).await?;
        self.commit_catalog_change(tx).await?;
        Ok(view)
    }

    /// The uploaded cover, for those who may see the course (404 otherwise, and when it
    /// has none).
    pub async fn course_cover(
        &self,
        viewer: Option<&Actor>,
        slug: &str,
    ) -> Result<CoverImage, AppError> {
        let mut conn = self.db.read().await?;
        let course = visible_course(&mut conn, viewer, slug).await?;
        let cover = covers::get_cover(&mut conn, course.id)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::CoverNotFound))?;
        Ok(CoverImage {
            content_type: cover.content_type,
            bytes: cover.bytes,
            public: course.status == CourseStatus::Published,
        })
    }
}
