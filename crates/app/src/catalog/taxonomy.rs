//! Categories (staff curate them) and tags (authors add them).

use practicum_domain::{catalog::CourseTitle, identity::Role, identity::Slug, FieldErrors};
use practicum_store::{
    catalog::taxonomy::{self},
    StoreError,
};

use super::AUTHORS;
use super::{CategoryEntry, TagEntry};
use crate::ErrorCode;
use crate::{identity::Actor, validated, App, AppError, OnViolation};

/// `POST /courses/categories`: the slug is derived from the name unless given.
#[derive(Debug, Default)]
pub struct CategoryInput {
    pub name: String,
    pub slug: Option<String>,
    pub parent_slug: Option<String>,
}

fn name_and_slug(name: &str, slug: Option<&str>) -> Result<(String, String), AppError> {
    let mut errors = FieldErrors::new();
    let name = errors.check("name", CourseTitle::parse(name));
    let slug = match slug {
        Some(s) => errors.check("slug", Slug::parse(s)),
        None => name.as_ref().map(|n| Slug::derive(n.as_str())),
    };
    errors.into_result()?;
    Ok((
        validated(name)?.as_str().to_owned(),
        validated(slug)?.as_str().to_owned(),
    ))
}

/// A slug that another category has is 409.
#[track_caller]
pub(super) fn category_slug_free<T>(
    stored: Result<T, StoreError>,
    slug: &str,
) -> Result<T, AppError> {
    stored.conflict_on(
        "categories_slug_key",
        ErrorCode::CategoryExists,
        format!("the category '{slug}' exists"),
    )
}

/// A slug that another tag has is 409.
#[track_caller]
pub(super) fn tag_slug_free<T>(stored: Result<T, StoreError>, slug: &str) -> Result<T, AppError> {
    stored.conflict_on(
        "tags_slug_key",
        ErrorCode::TagExists,
        format!("the tag '{slug}' exists"),
    )
}

impl App {
    pub async fn list_categories(&self) -> Result<Vec<CategoryEntry>, AppError> {
        let mut conn = self.db.read().await?;
        Ok(taxonomy::list_categories(&mut conn)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    pub async fn create_category(
        &self,
        actor: &Actor,
        input: CategoryInput,
    ) -> Result<CategoryEntry, AppError> {
        actor.require(&[Role::Producer, Role::Admin])?;
        let (name, slug) = name_and_slug(&input.name, input.slug.as_deref())?;
        let mut tx = self.db.write().await?;
        let parent_id = match input.parent_slug.as_deref() {
            None => None,
            Some(p) => Some(
                taxonomy::find_category(&mut tx, p)
                    .await?
                    .ok_or_else(|| {
                        FieldErrors::single("parent_slug", format!("no category '{p}'"))
                    })?
                    .id,
            ),
        };
        let category = category_slug_free(
            taxonomy::insert_category(&mut tx, &slug, &name, parent_id, self.now_ms()).await,
            &slug,
        )?;
        self.commit_catalog_change(tx).await?;
        Ok(category.into())
    }

    pub async fn list_tags(&self) -> Result<Vec<TagEntry>, AppError> {
        let mut conn = self.db.read().await?;
        Ok(taxonomy::list_tags(&mut conn)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    pub async fn create_tag(&self, actor: &Actor, name: &str) -> Result<TagEntry, AppError> {
        actor.require(AUTHORS)?;
        let (name, slug) = name_and_slug(name, None)?;
        let mut tx = self.db.write().await?;
        let tag = tag_slug_free(taxonomy::insert_tag(&mut tx, &slug, &name).await, &slug)?;
        self.commit_catalog_change(tx).await?;
        Ok(tag.into())
    }
}
