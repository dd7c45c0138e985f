//! The fields of a course as clients send them, validated all at once.

use practicum_domain::{
    catalog::{
        CourseTitle, Currency, Description, Difficulty, ImageUrl, ItemList, Language, Price,
    },
    identity::Slug,
    FieldErrors,
};
use practicum_store::{
    catalog::{courses::CourseRecord, taxonomy},
    Session,
};

use crate::{validated, AppError};

/// `POST /courses` and `PATCH /courses/{slug}`: `None` keeps a field (on create: its
/// default); `cover_image_url: Some("")` and `category_slug: Some("")` clear them, and so
/// does an empty list.
#[derive(Debug, Default, Clone)]
pub struct CourseInput {
    pub title: Option<String>,
    pub description: Option<String>,
    /// In major units (`49.99`).
    pub price: Option<f64>,
    pub currency: Option<String>,
    pub cover_image_url: Option<String>,
    pub difficulty: Option<String>,
    pub language: Option<String>,
    pub category_slug: Option<String>,
    /// Tag names; unknown tags are created.
    pub tags: Option<Vec<String>>,
    /// One-line items; `Some(vec![])` clears the list.
    pub requirements: Option<Vec<String>>,
    pub what_you_will_learn: Option<Vec<String>>,
}

/// A course's fields after validation, owned.
pub(crate) struct ValidCourse {
    pub title: String,
    pub description: String,
    pub price_cents: i64,
    pub currency: String,
    pub cover_image_url: Option<String>,
    pub difficulty: String,
    pub language: String,
    pub category_id: Option<i64>,
    /// (slug, name) pairs; `None` keeps the tags.
    pub tags: Option<Vec<(String, String)>>,
    pub requirements: Vec<String>,
    pub what_you_will_learn: Vec<String>,
}

impl ValidCourse {
    pub fn fields(&self) -> practicum_store::catalog::courses::CourseFields<'_> {
        practicum_store::catalog::courses::CourseFields {
            title: &self.title,
            description: &self.description,
            price_cents: self.price_cents,
            currency: &self.currency,
            cover_image_url: self.cover_image_url.as_deref(),
            difficulty: &self.difficulty,
            language: &self.language,
            category_id: self.category_id,
            requirements: &self.requirements,
            what_you_will_learn: &self.what_you_will_learn,
        }
    }
}

/// Maps a write of the course row: a foreign-key failure there means the category was
/// deleted after it was looked up (a concurrent `DELETE /courses/categories/{slug}`).
pub(crate) fn category_vanished(e: practicum_store::StoreError) -> AppError {
    match e {
        practicum_store::StoreError::ForeignKey { .. } => {
            FieldErrors::single("category_slug", "the category was just deleted").into()
        }
        other => other.into(),
    }
}

impl CourseInput {
    /// Validates the input over `base` (the stored course, or defaults on create),
    /// resolving the category. Every invalid field is reported at once.
    pub(crate) async fn validate(
        &self,
        s: &mut dyn Session,
        base: Option<&CourseRecord>,
    ) -> Result<ValidCourse, AppError> {
        let mut errors = FieldErrors::new();
        let title = match (&self.title, base) {
            (Some(t), _) => errors
                .check("title", CourseTitle::parse(t))
                .map(|t| t.as_str().to_owned()),
            (None, Some(b)) => Some(b.title.clone()),
            (None, None) => {
                errors.push("title", "is required");
                None
            }
        };
        let description = match &self.description {
            Some(d) => errors
                .check("description", Description::parse(d))
                .map(|d| d.as_str().to_owned()),
            None => Some(base.map(|b| b.description.clone()).unwrap_or_default()),
        };
        let price_cents = match self.price {
            Some(p) => errors
                .check("price", Price::from_major(p))
                .map(Price::cents),
            None => Some(base.map_or(0, |b| b.price_cents)),
        };
        let currency = match &self.currency {
            Some(c) => errors
                .check("currency", Currency::parse(c))
                .map(|c| c.as_str().to_owned()),
            None => Some(base.map_or_else(|| "USD".to_owned(), |b| b.currency.clone())),
        };
        let stored_cover = base.and_then(|b| b.cover_image_url.as_deref());
        let cover_image_url = match self.cover_image_url.as_deref().map(str::trim) {
            Some("") => Some(None),
            // Sent back unchanged (a form that resends every field): the address of an
            // uploaded cover is not an https URL, and need not be.
            Some(u) if Some(u) == stored_cover => Some(Some(u.to_owned())),
            Some(u) => errors
                .check("cover_image_url", ImageUrl::parse(u))
                .map(|u| Some(u.as_str().to_owned())),
            None => Some(base.and_then(|b| b.cover_image_url.clone())),
        };
        let difficulty = match &self.difficulty {
            Some(d) => errors
                .check("difficulty", Difficulty::parse(d))
                .map(|d| d.as_str().to_owned()),
            None => Some(base.map_or_else(|| "beginner".to_owned(), |b| b.difficulty.clone())),
        };
        let language = match &self.language {
            Some(l) => errors
                .check("language", Language::parse(l))
                .map(|l| l.as_str().to_owned()),
            None => Some(base.map_or_else(|| "en".to_owned(), |b| b.language.clone())),
        };
        let tags = match &self.tags {
            None => None,
            Some(names) if names.len() > 20 => {
                errors.push("tags", "at most 20 tags");
                None
            }
            Some(names) => {
                let mut out: Vec<(String, String)> = Vec::new();
                for name in names {
                    let name = name.trim();
                    if name.is_empty()
                        || name.chars().count() > 50
                        || name.chars().any(char::is_control)
                    {
                        errors.push("tags", "each tag is 1..=50 characters");
                        break;
                    }
                    let slug = Slug::derive(name).as_str().to_owned();
                    if !out.iter().any(|(s, _)| *s == slug) {
                        out.push((slug, name.to_owned()));
                    }
                }
                Some(out)
            }
        };
        let category_id = match self.category_slug.as_deref().map(str::trim) {
            Some("") => Some(None),
            Some(slug) => match taxonomy::find_category(s, slug).await? {
                Some(c) => Some(Some(c.id)),
                None => {
                    errors.push("category_slug", format!("no category '{slug}'"));
                    None
                }
            },
            None => Some(base.and_then(|b| b.category_id)),
        };
        let mut list =
            |field: &'static str, given: &Option<Vec<String>>, stored: Option<&[String]>| {
                match given {
                    Some(items) => errors
                        .check(field, ItemList::parse(items))
                        .map(ItemList::into_items),
                    None => Some(stored.map(<[String]>::to_vec).unwrap_or_default()),
                }
            };
        let requirements = list(
            "requirements",
            &self.requirements,
            base.map(|b| b.requirements.as_slice()),
        );
        let what_you_will_learn = list(
            "what_you_will_learn",
            &self.what_you_will_learn,
            base.map(|b| b.what_you_will_learn.as_slice()),
        );
        errors.into_result()?;
        Ok(ValidCourse {
            title: validated(title)?,
            description: validated(description)?,
            price_cents: validated(price_cents)?,
            currency: validated(currency)?,
            cover_image_url: validated(cover_image_url)?,
            difficulty: validated(difficulty)?,
            language: validated(language)?,
            category_id: validated(category_id)?,
            tags,
            requirements: validated(requirements)?,
            what_you_will_learn: validated(what_you_will_learn)?,
        })
    }
}
