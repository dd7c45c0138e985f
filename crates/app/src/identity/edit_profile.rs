//! The owner edits their profile.

use std::collections::BTreeMap;

use practicum_domain::{
    identity::{Bio, Phone, Slug, SocialLinks},
    FieldErrors,
};
use practicum_store::identity::profiles::{self, ProfileChanges, ProfileKey};

use super::{profiles::view, Actor, ProfileView};
use crate::ErrorCode;
use crate::{App, AppError, OnViolation};

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
            .conflict_on(
                "profiles_slug_key",
                ErrorCode::SlugTaken,
                "this profile address is already taken",
            )?;
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
}
