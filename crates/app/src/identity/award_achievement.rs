//! Admins award achievements shown on profiles.

use practicum_domain::{
    identity::{Role, Slug},
    FieldErrors,
};
use practicum_store::identity::profiles::{self, ProfileKey};

use super::{profiles::view, Actor, ProfileView};
use crate::ErrorCode;
use crate::{App, AppError, OnViolation};

impl App {
    /// Awards an achievement (admin). The same code twice for one user is 409.
    pub async fn award_achievement(
        &self,
        actor: &Actor,
        slug: &str,
        code: &str,
        title: &str,
        description: &str,
    ) -> Result<ProfileView, AppError> {
        actor.require(&[Role::Admin])?;
        let mut errors = FieldErrors::new();
        if Slug::parse(code).is_err() {
            errors.push("code", "must be 3..=60 lowercase letters, digits or '-'");
        }
        if title.trim().is_empty() || title.chars().count() > 120 {
            errors.push("title", "must be 1..=120 characters");
        }
        if description.chars().count() > 1000 {
            errors.push("description", "must be at most 1000 characters");
        }
        errors.into_result()?;
        let mut tx = self.db.write().await?;
        let p = profiles::find(&mut tx, ProfileKey::Slug(slug))
            .await?
            .ok_or(AppError::NotFound(ErrorCode::ProfileNotFound))?;
        profiles::insert_achievement(
            &mut tx,
            p.user_id,
            code,
            title.trim(),
            description,
            self.now_ms(),
        )
        .await
        .conflict_on(
            "achievements_user_code_key",
            ErrorCode::AchievementExists,
            "this user already has this achievement",
        )?;
        let p = profiles::find(&mut tx, ProfileKey::User(p.user_id))
            .await?
            .ok_or(AppError::NotFound(ErrorCode::ProfileNotFound))?;
        tx.commit().await?;
        Ok(view(p, true))
    }
}
