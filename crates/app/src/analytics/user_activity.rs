//! `GET /analytics/users` (admin): registrations, active learners and events per user over
//! a window.

use practicum_domain::{identity::Role, Timestamp};
use practicum_store::analytics::{self};

use super::{ActivityTotals, UserActivityEntry};
use crate::{identity::Actor, App, AppError, Page, PageRequest};

#[derive(Debug, Clone)]
pub struct UserActivityReport {
    pub days: i64,
    pub since: Timestamp,
    pub summary: ActivityTotals,
    pub users: Page<UserActivityEntry>,
}

impl App {
    /// Over the last `days` days (1..=365, default 30).
    pub async fn user_activity(
        &self,
        actor: &Actor,
        days: Option<u32>,
        page: PageRequest,
    ) -> Result<UserActivityReport, AppError> {
        actor.require(&[Role::Admin])?;
        let days = i64::from(days.unwrap_or(30).clamp(1, 365));
        let since = self.now_ms() - days * 86_400_000;
        let mut conn = self.db.read_lagging().await?;
        let summary = analytics::activity_summary(&mut conn, since).await?;
        let (items, total) =
            analytics::user_activity(&mut conn, since, page.limit(), page.offset()).await?;
        Ok(UserActivityReport {
            days,
            since,
            summary: summary.into(),
            users: Page::new(items, total, page).convert(),
        })
    }
}
