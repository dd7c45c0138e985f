//! Public profiles: anyone reads, the owner edits, admins award achievements.

use std::collections::BTreeMap;

use practicum_domain::{
    identity::{Bio, Phone, Role, Slug, SocialLinks, UserId},
    FieldErrors, Timestamp,
};
use practicum_store::identity::profiles::{
    self, AchievementRecord, ProfileChanges, ProfileKey, ProfileRecord, SpecializationRecord,
};

use super::Actor;
use crate::ErrorCode;
use crate::{upload::ImageUpload, App, AppError};

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
    pub specializations: Vec<SpecializationRecord>,
    pub achievements: Vec<AchievementRecord>,
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
        specializations: p.specializations,
        achievements: p.achievements,
        updated_at: p.updated_at,
    }
}

/// `PATCH /accounts/profiles/me`: `None` keeps a field; `phone: Some("")` clears it.
#[derive(Debug, Default)]
pub struct ProfileInput {
    pub slug: Option<String>,
    pub bio: Option<String>,
    pub phone: Option<String>,
    pub social_links: Option<BTreeMap<String, String>>,
    pub specializations: Option<Vec<String>>,
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

    /// The owner edits their profile; every field is validated before anything is written.
    pub async fn update_my_profile(
        &self,
        actor: &Actor,
        input: ProfileInput,
    ) -> Result<ProfileView, AppError> {
        let mut errors = FieldErrors::new();
        let slug = input
            .slug
            .as_deref()
            .and_then(|s| errors.check("slug", Slug::parse(s)));
        let bio = input
            .bio
            .as_deref()
            .and_then(|b| errors.check("bio", Bio::parse(b)));
        let phone = match input.phone.as_deref().map(str::trim) {
            None => None,
            Some("") => Some(None),
            Some(p) => errors.check("phone", Phone::parse(p)).map(Some),
        };
        let links = input
            .social_links
            .as_ref()
            .and_then(|l| errors.check("social_links", SocialLinks::parse(l)));
        if input.specializations.as_ref().is_some_and(|s| s.len() > 20) {
            errors.push("specializations", "at most 20 specializations");
        }
        errors.into_result()?;
        let links_json = match &links {
            Some(l) => Some(
                serde_json::to_string(l.as_map()).map_err(|e| AppError::internal(e.to_string()))?,
            ),
            None => None,
        };
        let mut tx = self.db.write().await?;
        let changes = ProfileChanges {
            slug: slug.as_ref().map(Slug::as_str),
            bio: bio.as_ref().map(Bio::as_str),
            phone: phone.as_ref().map(|p| p.as_ref().map(Phone::as_str)),
            social_links: links_json.as_deref(),
        };
        profiles::update(&mut tx, actor.id, &changes, self.now_ms())
            .await
            .map_err(|e| {
                if e.is_unique("profiles_slug_key") {
                    AppError::conflict(
                        ErrorCode::SlugTaken,
                        "this profile address is already taken",
                    )
                } else {
                    e.into()
                }
            })?;
        if let Some(specs) = &input.specializations {
            let unknown = profiles::set_specializations(&mut tx, actor.id, specs).await?;
            if !unknown.is_empty() {
                return Err(FieldErrors::single(
                    "specializations",
                    format!("unknown specializations: {}", unknown.join(", ")),
                )
                .into());
            }
        }
        let p = profiles::find(&mut tx, ProfileKey::User(actor.id))
            .await?
            .ok_or(AppError::NotFound(ErrorCode::ProfileNotFound))?;
        tx.commit().await?;
        Ok(view(p, true))
    }

    /// Stores the caller's avatar. The bytes must be a PNG, JPEG or WebP image, whatever
    /// the client declared, and at most [`crate::upload::IMAGE_MAX_BYTES`].
    pub async fn upload_avatar(
        &self,
        actor: &Actor,
        upload: ImageUpload,
    ) -> Result<ProfileView, AppError> {
        let image = upload.check("avatar")?;
        let mut tx = self.db.write().await?;
        profiles::put_avatar(
            &mut tx,
            actor.id,
            image.format().content_type(),
            image.bytes(),
            self.now_ms(),
        )
        .await?;
        let p = profiles::find(&mut tx, ProfileKey::User(actor.id))
            .await?
            .ok_or(AppError::NotFound(ErrorCode::ProfileNotFound))?;
        tx.commit().await?;
        Ok(view(p, true))
    }

    pub async fn get_avatar(&self, slug: &str) -> Result<(String, Vec<u8>), AppError> {
        let mut conn = self.db.read_lagging().await?;
        profiles::get_avatar(&mut conn, slug)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::AvatarNotFound))
    }

    pub async fn list_specializations(&self) -> Result<Vec<SpecializationRecord>, AppError> {
        let mut conn = self.db.read_lagging().await?;
        Ok(profiles::list_specializations(&mut conn).await?)
    }

    pub async fn create_specialization(
        &self,
        actor: &Actor,
        name: &str,
    ) -> Result<SpecializationRecord, AppError> {
        actor.require(&[Role::Admin])?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(FieldErrors::single("name", "must be 1..=80 characters").into());
        }
        let slug = Slug::derive(name);
        let mut tx = self.db.write().await?;
        let rec = profiles::insert_specialization(&mut tx, slug.as_str(), name)
            .await
            .map_err(|e| {
                if e.is_unique("specializations_slug_key") {
                    AppError::conflict(
                        ErrorCode::SpecializationExists,
                        "this specialization already exists",
                    )
                } else {
                    e.into()
                }
            })?;
        tx.commit().await?;
        Ok(rec)
    }

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
        .map_err(|e| {
            if e.is_unique("achievements_user_code_key") {
                AppError::conflict(
                    ErrorCode::AchievementExists,
                    "this user already has this achievement",
                )
            } else {
                e.into()
            }
        })?;
        let p = profiles::find(&mut tx, ProfileKey::User(p.user_id))
            .await?
            .ok_or(AppError::NotFound(ErrorCode::ProfileNotFound))?;
        tx.commit().await?;
        Ok(view(p, true))
    }
}
