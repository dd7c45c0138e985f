//! Producers and admins rename, re-slug, re-nest and delete categories and tags. A
//! category or tag that courses use is not deleted (409): courses are re-labelled first.

use practicum_domain::{
    catalog::CourseTitle,
    identity::{Role, Slug},
    FieldErrors,
};
use practicum_store::catalog::taxonomy::{self};
use serde_json::json;

use super::{
    taxonomy::{category_slug_free, tag_slug_free},
    CategoryEntry, TagEntry,
};
use crate::ErrorCode;
use crate::{identity::Actor, validated, App, AppError, OnViolation};

/// Who curates the taxonomy.
const CURATORS: &[Role] = &[Role::Producer, Role::Admin];

/// `PATCH /courses/categories/{slug}`: `None` keeps a field; `parent_slug: Some("")`
/// makes the category top-level.
#[derive(Debug, Clone, Default)]
pub struct CategoryPatch {
    pub name: Option<String>,
    pub slug: Option<String>,
    pub parent_slug: Option<String>,
}

/// `PATCH /courses/tags/{slug}`: `None` keeps a field (the slug does not follow a new
/// name unless given, so that links keep working).
#[derive(Debug, Clone, Default)]
pub struct TagPatch {
    pub name: Option<String>,
    pub slug: Option<String>,
}

/// The validated (name, slug) of a patch over the stored ones.
fn patched_name_and_slug(
    name: Option<&str>,
    slug: Option<&str>,
    stored_name: &str,
    stored_slug: &str,
) -> Result<(String, String), AppError> {
    let mut errors = FieldErrors::new();
    let name = match name {
        Some(n) => errors
            .check("name", CourseTitle::parse(n))
            .map(|n| n.as_str().to_owned()),
        None => Some(stored_name.to_owned()),
    };
    let slug = match slug {
        Some(s) => errors
            .check("slug", Slug::parse(s))
            .map(|s| s.as_str().to_owned()),
        None => Some(stored_slug.to_owned()),
    };
    errors.into_result()?;
    Ok((validated(name)?, validated(slug)?))
}

impl App {
    pub async fn update_category(
        &self,
        actor: &Actor,
        slug: &str,
        patch: CategoryPatch,
    ) -> Result<CategoryEntry, AppError> {
        actor.require(CURATORS)?;
        let mut tx = self.db.write().await?;
        taxonomy::lock_category_tree(&mut tx).await?;
        let current = taxonomy::find_category(&mut tx, slug)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::CategoryNotFound))?;
        let (name, new_slug) = patched_name_and_slug(
            patch.name.as_deref(),
            patch.slug.as_deref(),
            &current.name,
            &current.slug,
        )?;
        let parent_id = match patch.parent_slug.as_deref().map(str::trim) {
            None => current.parent_id,
            Some("") => None,
            Some(p) => {
                let all = taxonomy::list_categories(&mut tx).await?;
                let parent = all.iter().find(|c| c.slug == p).ok_or_else(|| {
                    FieldErrors::single("parent_slug", format!("no category '{p}'"))
                })?;
                // Walk up from the new parent: meeting this category would make a cycle.
                let mut at = Some(parent.id);
                while let Some(id) = at {
                    if id == current.id {
                        return Err(FieldErrors::single(
                            "parent_slug",
                            "would nest the category inside itself",
                        )
                        .into());
                    }
                    at = all.iter().find(|c| c.id == id).and_then(|c| c.parent_id);
                }
                Some(parent.id)
            }
        };
        let category = category_slug_free(
            taxonomy::update_category(&mut tx, current.id, &new_slug, &name, parent_id).await,
            &new_slug,
        )?;
        self.commit_catalog_change(tx).await?;
        Ok(category.into())
    }

    /// Refused (409) while courses are in the category or categories are nested in it.
    pub async fn delete_category(&self, actor: &Actor, slug: &str) -> Result<(), AppError> {
        actor.require(CURATORS)?;
        let mut tx = self.db.write().await?;
        let category = taxonomy::find_category(&mut tx, slug)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::CategoryNotFound))?;
        // Checked first for a clear answer; the foreign keys hold it when a course takes
        // the category meanwhile (see migration 0093).
        let (children, courses) = taxonomy::category_usage(&mut tx, category.id).await?;
        if children > 0 {
            return Err(AppError::Conflict {
                code: ErrorCode::CategoryHasChildren,
                message: format!(
                    "{children} categories are nested in '{slug}': move or delete them first"
                ),
                details: Some(json!({ "children": children })),
            });
        }
        if courses > 0 {
            return Err(category_in_use(slug, courses));
        }
        taxonomy::delete_category(&mut tx, category.id)
            .await
            .refuse_on_foreign_key(|| category_in_use(slug, 1))?;
        self.commit_catalog_change(tx).await?;
        Ok(())
    }

    pub async fn update_tag(
        &self,
        actor: &Actor,
        slug: &str,
        patch: TagPatch,
    ) -> Result<TagEntry, AppError> {
        actor.require(CURATORS)?;
        let mut tx = self.db.write().await?;
        let current = taxonomy::find_tag(&mut tx, slug)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::TagNotFound))?;
        let (name, new_slug) = patched_name_and_slug(
            patch.name.as_deref(),
            patch.slug.as_deref(),
            &current.name,
            &current.slug,
        )?;
        let tag = tag_slug_free(
            taxonomy::update_tag(&mut tx, current.id, &new_slug, &name).await,
            &new_slug,
        )?;
        self.commit_catalog_change(tx).await?;
        Ok(tag.into())
    }

    /// Refused (409) while courses carry the tag.
    pub async fn delete_tag(&self, actor: &Actor, slug: &str) -> Result<(), AppError> {
        actor.require(CURATORS)?;
        let mut tx = self.db.write().await?;
        let tag = taxonomy::find_tag(&mut tx, slug)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::TagNotFound))?;
        // Checked first for a clear answer; the foreign key holds it when a course takes
        // the tag meanwhile (see migration 0093).
        let courses = taxonomy::tag_usage(&mut tx, tag.id).await?;
        if courses > 0 {
            return Err(tag_in_use(slug, courses));
        }
        taxonomy::delete_tag(&mut tx, tag.id)
            .await
            .refuse_on_foreign_key(|| tag_in_use(slug, 1))?;
        self.commit_catalog_change(tx).await?;
        Ok(())
    }
}

fn category_in_use(slug: &str, courses: i64) -> AppError {
    AppError::Conflict {
        code: ErrorCode::CategoryInUse,
        message: format!(
            "courses are in the category '{slug}' ({courses} so far): move them to another \
             category first"
        ),
        details: Some(json!({ "courses": courses })),
    }
}

fn tag_in_use(slug: &str, courses: i64) -> AppError {
    AppError::Conflict {
        code: ErrorCode::TagInUse,
        message: format!(
            "courses carry the tag '{slug}' ({courses} so far): remove it from them first"
        ),
        details: Some(json!({ "courses": courses })),
    }
}
