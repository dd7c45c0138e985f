//! The lists staff work from: a teacher's own courses in every status (drafts included),
//! and the producers' moderation queue (courses waiting in review by default).

use practicum_domain::{catalog::CourseStatus, identity::Role, FieldErrors};
use practicum_store::catalog::listing::{self, ManagedScope};

use super::CourseEntry;
use super::AUTHORS;
use crate::{identity::Actor, App, AppError, Page, PageRequest};

fn parse_status(status: Option<&str>) -> Result<Option<CourseStatus>, AppError> {
    status
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<CourseStatus>()
                .map_err(|e| FieldErrors::single("status", e.to_string()).into())
        })
        .transpose()
}

impl App {
    /// The caller's own courses, optionally of one status, most recently changed first.
    pub async fn authored_courses(
        &self,
        actor: &Actor,
        status: Option<&str>,
        page: PageRequest,
    ) -> Result<Page<CourseEntry>, AppError> {
        actor.require(AUTHORS)?;
        let status = parse_status(status)?;
        let mut conn = self.db.read().await?;
        let (items, total) = listing::list_managed(
            &mut conn,
            ManagedScope::Teacher(actor.id),
            status,
            page.limit(),
            page.offset(),
        )
        .await?;
        Ok(Page::new(items, total, page).convert())
    }

    /// Every teacher's courses in `status` (`review` when omitted), the one unchanged the
    /// longest first: what producers and admins moderate.
    pub async fn moderation_queue(
        &self,
        actor: &Actor,
        status: Option<&str>,
        page: PageRequest,
    ) -> Result<Page<CourseEntry>, AppError> {
        actor.require(&[Role::Producer, Role::Admin])?;
        let status = parse_status(status)?.unwrap_or(CourseStatus::Review);
        let mut conn = self.db.read().await?;
        let (items, total) = listing::list_managed(
            &mut conn,
            ManagedScope::Queue,
            Some(status),
            page.limit(),
            page.offset(),
        )
        .await?;
        Ok(Page::new(items, total, page).convert())
    }
}
