//! Public profiles: anyone reads one; the owner and admins also see its private fields.

use std::collections::BTreeMap;

use practicum_domain::{
    identity::{Role, UserId},
    Timestamp,
};
use practicum_store::identity::profiles::{self, ProfileKey, ProfileRecord};

use super::{AchievementEntry, Actor, SpecializationEntry};
use crate::ErrorCode;
use crate::{App, AppError};

#[derive(Debug, Clone)]
pub struct ProfileView {
    pub user_id: UserId,
    pub slug: String,
    pub full_name: String,
    pub role: Role,
    pub bio: String,
    /// Only shown to the owner and admins.
    pub phone: Option<String>,
    pub social_links: BTreeMap<String, String>,
    pub avatar_url: Option<String>,
    /// Average rating over the visible reviews of the user's published courses; `None`
    /// until such a review exists.
    pub rating: Option<f64>,
    /// How many reviews `rating` averages.
    pub rating_count: i64,
    pub specializations: Vec<SpecializationEntry>,
    pub achievements: Vec<AchievementEntry>,
    pub updated_at: Timestamp,
}

pub(super) fn view(p: ProfileRecord, show_private: bool) -> ProfileView {
    let social_links = serde_json::from_str(&p.social_links).unwrap_or_default();
    ProfileView {
        avatar_url: p
            .has_avatar
            .then(|| format!("/api/v1/accounts/profiles/{}/avatar", p.slug)),
        user_id: p.user_id,
        slug: p.slug,
        full_name: p.full_name,
        role: p.role,
        bio: p.bio,
        phone: if show_private { p.phone } else { None },
        social_links,
        rating: (p.rating_count > 0).then(|| p.rating_sum as f64 / p.rating_count as f64),
        rating_count: p.rating_count,
        specializations: p.specializations.into_iter().map(Into::into).collect(),
        achievements: p.achievements.into_iter().map(Into::into).collect(),
        updated_at: p.updated_at,
    }
}

impl App {
    pub async fn get_profile(
        &self,
        viewer: Option<&Actor>,
        slug: &str,
    ) -> Result<ProfileView, AppError> {
        let mut conn = self.db.read_lagging().await?;
        let p = profiles::find(&mut conn, ProfileKey::Slug(slug))
            .await?
            .ok_or(AppError::NotFound(ErrorCode::ProfileNotFound))?;
        let private = viewer.is_some_and(|v| v.id == p.user_id || v.role == Role::Admin);
        Ok(view(p, private))
    }

    pub async fn get_my_profile(&self, actor: &Actor) -> Result<ProfileView, AppError> {
        let mut conn = self.db.read_lagging().await?;
        let p = profiles::find(&mut conn, ProfileKey::User(actor.id))
            .await?
            .ok_or(AppError::NotFound(ErrorCode::ProfileNotFound))?;
        Ok(view(p, true))
    }
}
