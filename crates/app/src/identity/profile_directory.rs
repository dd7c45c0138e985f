//! `GET /accounts/profiles`: the public directory of profiles.

use practicum_domain::identity::Role;
use practicum_store::identity::profiles::{self, DirectoryFilter};

use super::profiles::{view, ProfileView};
use crate::{
    page::{Page, PageRequest},
    App, AppError,
};

/// Filters of the directory; blank text filters are ignored.
#[derive(Debug, Default)]
pub struct ProfileDirectoryQuery {
    /// Substring of the full name, case-insensitive.
    pub search: Option<String>,
    pub role: Option<Role>,
    /// A specialization's slug.
    pub specialization: Option<String>,
}

fn blank_to_none(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl App {
    /// Active accounts' public profiles by name, paginated; anyone may read it. Private
    /// fields (the phone) are never shown here, and achievements only on the profile.
    pub async fn list_profiles(
        &self,
        q: ProfileDirectoryQuery,
        page: PageRequest,
    ) -> Result<Page<ProfileView>, AppError> {
        let mut conn = self.db.read().await?;
        let filter = DirectoryFilter {
            name: blank_to_none(&q.search),
            role: q.role,
            specialization: blank_to_none(&q.specialization),
        };
        let (rows, total) =
            profiles::directory(&mut conn, filter, page.limit(), page.offset()).await?;
        Ok(Page::new(
            rows.into_iter().map(|p| view(p, false)).collect(),
            total,
            page,
        ))
    }
}
