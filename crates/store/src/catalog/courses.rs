//! Courses and their tags.

use practicum_domain::{catalog::CourseStatus, identity::UserId, Timestamp};
use sqlx::any::AnyRow;

use super::placeholders;
use crate::query::{
    all, changed, optional, release_savepoint, rollback_to_savepoint, run, savepoint, AnyQuery,
};
use crate::{row::get, Session, StoreError};

/// A course as stored, with its teacher's name, category slug and tag slugs.
#[derive(Debug, Clone)]
pub struct CourseRecord {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub description: String,
    pub price_cents: i64,
    pub currency: String,
    pub cover_image_url: Option<String>,
    pub difficulty: String,
    pub language: String,
    pub teacher_id: UserId,
    pub teacher_name: String,
    /// The teacher's public profile (`/api/v1/accounts/profiles/{slug}`); `None` without a profile.
    pub teacher_slug: Option<String>,
    pub category_id: Option<i64>,
    pub category_slug: Option<String>,
    pub status: CourseStatus,
    pub rating_avg: f64,
    pub rating_count: i64,
    pub enrollment_count: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub published_at: Option<Timestamp>,
    /// What learners should know beforehand, in order.
    pub requirements: Vec<String>,
    /// What learners will be able to do after the course, in order.
    pub what_you_will_learn: Vec<String>,
    /// Why staff last sent the course back to draft; `None` once published.
    pub review_comment: Option<String>,
    pub tags: Vec<String>,
}

/// The columns [`from_row`] reads, for queries over `courses c` joined to its teacher
/// `u`, the teacher's profile `tp` and its category `cat`.
pub(crate) const COLUMNS: &str = "c.id, c.slug, c.title, c.description, c.price_cents, \
     c.currency, c.cover_image_url, c.difficulty, c.language, c.teacher_id, \
     u.full_name AS teacher_name, tp.slug AS teacher_slug, c.category_id, cat.slug AS category_slug, c.status, \
     c.rating_avg, c.rating_count, c.enrollment_count, c.created_at, c.updated_at, \
     c.published_at, c.requirements, c.what_you_will_learn, c.review_comment";

pub(crate) const FROM: &str = "courses c JOIN users u ON u.id = c.teacher_id \
     LEFT JOIN profiles tp ON tp.user_id = c.teacher_id \
     LEFT JOIN categories cat ON cat.id = c.category_id";

pub(crate) fn from_row(r: &AnyRow) -> Result<CourseRecord, StoreError> {
    let status: String = get(r, "status")?;
    Ok(CourseRecord {
        id: get(r, "id")?,
        slug: get(r, "slug")?,
        title: get(r, "title")?,
        description: get(r, "description")?,
        price_cents: get(r, "price_cents")?,
        currency: get(r, "currency")?,
        cover_image_url: get(r, "cover_image_url")?,
        difficulty: get(r, "difficulty")?,
        language: get(r, "language")?,
        teacher_id: UserId(get(r, "teacher_id")?),
        teacher_name: get(r, "teacher_name")?,
        teacher_slug: get(r, "teacher_slug")?,
        category_id: get(r, "category_id")?,
        category_slug: get(r, "category_slug")?,
        status: status
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("course status {status}")))?,
        rating_avg: get(r, "rating_avg")?,
        rating_count: get(r, "rating_count")?,
        enrollment_count: get(r, "enrollment_count")?,
        created_at: get(r, "created_at")?,
        updated_at: get(r, "updated_at")?,
        published_at: get(r, "published_at")?,
        requirements: item_list(r, "requirements")?,
        what_you_will_learn: item_list(r, "what_you_will_learn")?,
        review_comment: get(r, "review_comment")?,
        tags: Vec::new(),
    })
}

/// A JSON list of strings stored in `column`.
fn item_list(r: &AnyRow, column: &str) -> Result<Vec<String>, StoreError> {
    let text: String = get(r, column)?;
    parse_items(&text, column)
}

/// Parses a stored JSON list of strings (course requirements, learning outcomes).
pub(crate) fn parse_items(text: &str, what: &str) -> Result<Vec<String>, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

/// A list of strings as stored: JSON text.
pub fn items_json(items: &[String]) -> String {
    serde_json::Value::from(items).to_string()
}

/// The editable fields of a course.
#[derive(Debug, Clone)]
pub struct CourseFields<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub price_cents: i64,
    pub currency: &'a str,
    pub cover_image_url: Option<&'a str>,
    pub difficulty: &'a str,
    pub language: &'a str,
    pub category_id: Option<i64>,
    pub requirements: &'a [String],
    pub what_you_will_learn: &'a [String],
}

/// Inserts a draft under `base` or, when taken, the first free `base-2`, `base-3`, ….
/// A savepoint makes a lost race on the slug retryable inside the caller's transaction.
/// Returns the id and the slug given.
pub async fn insert(
    s: &mut dyn Session,
    base: &str,
    f: &CourseFields<'_>,
    teacher_id: UserId,
    now: Timestamp,
) -> Result<(i64, String), StoreError> {
    for _ in 0..5 {
        let taken: Vec<String> = all(
            sqlx::query("SELECT slug FROM courses WHERE slug = $1 OR slug LIKE $2")
                .bind(base)
                .bind(format!("{base}-%")),
            s.conn(),
            |r| get(r, "slug"),
        )
        .await?;
        let Some(slug) = std::iter::once(base.to_owned())
            .chain((2..).map(|n| format!("{base}-{n}")))
            .find(|c| !taken.contains(c))
        else {
            break;
        };
        savepoint(s.conn()).await?;
        let query = sqlx::query(
            "INSERT INTO courses (slug, teacher_id, title, description, price_cents, currency, \
             cover_image_url, difficulty, language, category_id, status, \
             created_at, updated_at, requirements, what_you_will_learn) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', $11, $11, $12, $13) \
             RETURNING id",
        )
        .bind(&slug)
        .bind(teacher_id.0);
        let inserted = bind_fields(query, f, now).fetch_one(s.conn()).await;
        match inserted.map_err(StoreError::from) {
            Ok(row) => {
                release_savepoint(s.conn()).await?;
                return Ok((get(&row, "id")?, slug));
            }
            Err(e) if e.is_unique("courses_slug_key") => {
                rollback_to_savepoint(s.conn()).await?;
                release_savepoint(s.conn()).await?;
            }
            Err(e) => return Err(e),
        }
    }
    Err(StoreError::Busy)
}

/// The slug of course `id`.
pub async fn slug_of(s: &mut dyn Session, id: i64) -> Result<Option<String>, StoreError> {
    sqlx::query("SELECT slug FROM courses WHERE id = $1")
        .bind(id)
        .fetch_optional(s.conn())
        .await?
        .map(|r| get(&r, "slug"))
        .transpose()
}

/// The course `slug` with its tags (two queries).
pub async fn find_by_slug(
    s: &mut dyn Session,
    slug: &str,
) -> Result<Option<CourseRecord>, StoreError> {
    let Some(mut course) = find_by_slug_without_tags(s, slug).await? else {
        return Ok(None);
    };
    attach_tags(s, std::slice::from_mut(&mut course)).await?;
    Ok(Some(course))
}

/// The course `slug` with `tags` left empty (one query): what [`find_by_slug`] attaches
/// the tags to, never for what is shown on its own.
pub async fn find_by_slug_without_tags(
    s: &mut dyn Session,
    slug: &str,
) -> Result<Option<CourseRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE c.slug = $1");
    optional(sqlx::query(&sql).bind(slug), s.conn(), from_row).await
}

/// Fills in the tags of `courses` with one query.
pub async fn attach_tags(
    s: &mut dyn Session,
    courses: &mut [CourseRecord],
) -> Result<(), StoreError> {
    if courses.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT ct.course_id, t.slug FROM course_tags ct JOIN tags t ON t.id = ct.tag_id \
         WHERE ct.course_id IN ({}) ORDER BY t.slug",
        placeholders(1, courses.len())
    );
    let mut q = sqlx::query(&sql);
    for c in courses.iter() {
        q = q.bind(c.id);
    }
    for row in q.fetch_all(s.conn()).await? {
        let course_id: i64 = get(&row, "course_id")?;
        let slug: String = get(&row, "slug")?;
        if let Some(c) = courses.iter_mut().find(|c| c.id == course_id) {
            c.tags.push(slug);
        }
    }
    Ok(())
}

pub async fn update(
    s: &mut dyn Session,
    id: i64,
    f: &CourseFields<'_>,
    now: Timestamp,
) -> Result<(), StoreError> {
    let query = sqlx::query(
        "UPDATE courses SET title = $1, description = $2, price_cents = $3, currency = $4, \
         cover_image_url = $5, difficulty = $6, language = $7, category_id = $8, \
         updated_at = $9, requirements = $10, what_you_will_learn = $11 WHERE id = $12",
    );
    run(bind_fields(query, f, now).bind(id), s.conn()).await
}

/// Binds `f` (title to language, category, `now`, requirements, what you will learn), in
/// the order [`insert`] and [`update`] name the columns.
fn bind_fields<'q>(q: AnyQuery<'q>, f: &CourseFields<'q>, now: Timestamp) -> AnyQuery<'q> {
    q.bind(f.title)
        .bind(f.description)
        .bind(f.price_cents)
        .bind(f.currency)
        .bind(f.cover_image_url)
        .bind(f.difficulty)
        .bind(f.language)
        .bind(f.category_id)
        .bind(now)
        .bind(items_json(f.requirements))
        .bind(items_json(f.what_you_will_learn))
}

/// Moves the course to `to` only if it is still in `from` (a concurrent move loses).
/// Publishing stamps `published_at` the first time. Returns whether the row changed.
pub async fn set_status(
    s: &mut dyn Session,
    id: i64,
    from: CourseStatus,
    to: CourseStatus,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let stamp = i64::from(to == CourseStatus::Published);
    changed(
        sqlx::query(
            "UPDATE courses SET status = $1, updated_at = $2, \
             published_at = CASE WHEN $3 = 1 THEN COALESCE(published_at, $2) ELSE published_at END \
             WHERE id = $4 AND status = $5",
        )
        .bind(to.as_str())
        .bind(now)
        .bind(stamp)
        .bind(id)
        .bind(from.as_str()),
        s.conn(),
    )
    .await
}

/// Records why the course was sent back (`None` clears it).
pub async fn set_review_comment(
    s: &mut dyn Session,
    id: i64,
    comment: Option<&str>,
) -> Result<(), StoreError> {
    run(
        sqlx::query("UPDATE courses SET review_comment = $1 WHERE id = $2")
            .bind(comment)
            .bind(id),
        s.conn(),
    )
    .await
}

/// Replaces the course's tags with `tags` (slug, name), creating unknown tags.
pub async fn set_tags(
    s: &mut dyn Session,
    course_id: i64,
    tags: &[(String, String)],
) -> Result<(), StoreError> {
    run(
        sqlx::query("DELETE FROM course_tags WHERE course_id = $1").bind(course_id),
        s.conn(),
    )
    .await?;
    for (slug, name) in tags {
        let tag_id = super::taxonomy::ensure_tag(s, slug, name).await?;
        let query = sqlx::query(
            "INSERT INTO course_tags (course_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(course_id)
        .bind(tag_id);
        run(query, s.conn()).await?;
    }
    Ok(())
}

/// Deletes the course with its modules and lessons. A course with enrollments is kept
/// (`StoreError::ForeignKey`): learners' records are not deleted behind their back.
pub async fn delete(s: &mut dyn Session, id: i64) -> Result<(), StoreError> {
    run(
        sqlx::query("DELETE FROM courses WHERE id = $1").bind(id),
        s.conn(),
    )
    .await
}
