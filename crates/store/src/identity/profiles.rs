//! Public profiles, specializations, achievements and avatars.

use practicum_domain::{
    identity::{Role, UserId},
    Timestamp,
};
use sqlx::any::AnyRow;

use crate::query::{all, count, new_id, release_savepoint, rollback_to_savepoint, run, savepoint};
use crate::row::decode;
use crate::{
    row::{flag, get},
    Session, StoreError,
};

#[derive(Debug, Clone)]
pub struct ProfileRecord {
    pub user_id: UserId,
    pub slug: String,
    pub full_name: String,
    pub role: Role,
    pub bio: String,
    pub phone: Option<String>,
    /// JSON object `{network: url}`, validated by the domain before it is stored.
    pub social_links: String,
    pub has_avatar: bool,
    /// Visible reviews of the user's published courses: how many, and their ratings' sum.
    pub rating_count: i64,
    pub rating_sum: i64,
    pub updated_at: Timestamp,
    pub specializations: Vec<SpecializationRecord>,
    pub achievements: Vec<AchievementRecord>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SpecializationRecord {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AchievementRecord {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub description: String,
    pub awarded_at: Timestamp,
}

/// Creates the profile of a new user under `base` or, when taken, the first free
/// `base-N`. A savepoint makes a lost race on the slug retryable inside the caller's
/// transaction (PostgreSQL would otherwise abort the whole transaction).
pub async fn insert_with_unique_slug(
    s: &mut dyn Session,
    user_id: UserId,
    base: &str,
    now: Timestamp,
) -> Result<String, StoreError> {
    let taken: Vec<String> = all(
        sqlx::query("SELECT slug FROM profiles WHERE slug = $1 OR slug LIKE $2")
            .bind(base)
            .bind(format!("{base}-%")),
        s.conn(),
        |r| get(r, "slug"),
    )
    .await?;
    let mut candidates = std::iter::once(base.to_owned())
        .chain((2..).map(|n| format!("{base}-{n}")))
        .filter(|c| !taken.contains(c));
    for attempt in 0..5 {
        let slug = match attempt {
            0 => candidates
                .next()
                .unwrap_or_else(|| format!("{base}-{}", user_id.0)),
            _ => format!("{base}-{}-{attempt}", user_id.0),
        };
        savepoint(s.conn()).await?;
        let inserted = sqlx::query(
            "INSERT INTO profiles (user_id, slug, bio, social_links, updated_at) \
             VALUES ($1, $2, '', '{}', $3)",
        )
        .bind(user_id.0)
        .bind(&slug)
        .bind(now)
        .execute(s.conn())
        .await;
        match inserted.map_err(StoreError::from) {
            Ok(_) => {
                release_savepoint(s.conn()).await?;
                return Ok(slug);
            }
            Err(e) if e.is_unique("profiles_slug_key") => {
                rollback_to_savepoint(s.conn()).await?;
                release_savepoint(s.conn()).await?;
            }
            Err(e) => return Err(e),
        }
    }
    Err(StoreError::Busy)
}

fn profile_from_row(r: &AnyRow) -> Result<ProfileRecord, StoreError> {
    let role: String = get(r, "role")?;
    Ok(ProfileRecord {
        user_id: UserId(get(r, "user_id")?),
        slug: get(r, "slug")?,
        full_name: get(r, "full_name")?,
        role: role
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("role {role}")))?,
        bio: get(r, "bio")?,
        phone: get(r, "phone")?,
        social_links: get(r, "social_links")?,
        has_avatar: flag(r, "has_avatar")?,
        rating_count: get(r, "rating_count")?,
        rating_sum: get(r, "rating_sum")?,
        updated_at: get(r, "updated_at")?,
        specializations: Vec::new(),
        achievements: Vec::new(),
    })
}

/// Loads a profile with its specializations and achievements in three queries.
/// Only active accounts have public profiles.
pub async fn find(
    s: &mut dyn Session,
    by: ProfileKey<'_>,
) -> Result<Option<ProfileRecord>, StoreError> {
    let condition = match by {
        ProfileKey::Slug(_) => "p.slug = $1",
        ProfileKey::User(_) => "p.user_id = $1",
    };
    let sql = format!(
        "SELECT p.user_id, p.slug, u.full_name, u.role, p.bio, p.phone, p.social_links, \
         p.rating_count, p.rating_sum, p.updated_at, CASE WHEN a.user_id IS NULL THEN 0 ELSE 1 END AS has_avatar \
         FROM profiles p JOIN users u ON u.id = p.user_id \
         LEFT JOIN avatars a ON a.user_id = p.user_id \
         WHERE {condition} AND u.is_active = $2"
    );
    let query = match by {
        ProfileKey::Slug(slug) => sqlx::query(&sql).bind(slug),
        ProfileKey::User(id) => sqlx::query(&sql).bind(id.0),
    };
    let row = query.bind(true).fetch_optional(s.conn()).await?;
    let Some(row) = row else { return Ok(None) };
    let mut profile = profile_from_row(&row)?;
    profile.specializations = all(
        sqlx::query(
            "SELECT s.id, s.slug, s.name FROM profile_specializations ps \
             JOIN specializations s ON s.id = ps.specialization_id \
             WHERE ps.user_id = $1 ORDER BY s.name",
        )
        .bind(profile.user_id.0),
        s.conn(),
        decode,
    )
    .await?;
    profile.achievements = all(
        sqlx::query(
            "SELECT id, code, title, description, awarded_at FROM achievements \
             WHERE user_id = $1 ORDER BY awarded_at DESC, id DESC",
        )
        .bind(profile.user_id.0),
        s.conn(),
        decode,
    )
    .await?;
    Ok(Some(profile))
}

/// How to address a profile.
#[derive(Debug, Clone, Copy)]
pub enum ProfileKey<'a> {
    Slug(&'a str),
    User(UserId),
}

/// Owner's edits; `None` leaves a field as it is. `phone: Some(None)` clears it.
pub struct ProfileChanges<'a> {
    pub slug: Option<&'a str>,
    pub bio: Option<&'a str>,
    pub phone: Option<Option<&'a str>>,
    pub social_links: Option<&'a str>,
}

pub async fn update(
    s: &mut dyn Session,
    user_id: UserId,
    c: &ProfileChanges<'_>,
    now: Timestamp,
) -> Result<(), StoreError> {
    run(
        sqlx::query(
            "UPDATE profiles SET slug = COALESCE($1, slug), bio = COALESCE($2, bio), \
             phone = CASE WHEN $3 = 1 THEN $4 ELSE phone END, \
             social_links = COALESCE($5, social_links), updated_at = $6 WHERE user_id = $7",
        )
        .bind(c.slug)
        .bind(c.bio)
        .bind(i64::from(c.phone.is_some()))
        .bind(c.phone.flatten())
        .bind(c.social_links)
        .bind(now)
        .bind(user_id.0),
        s.conn(),
    )
    .await
}

/// Replaces a profile's specializations with those of `slugs`; unknown slugs are returned.
pub async fn set_specializations(
    s: &mut dyn Session,
    user_id: UserId,
    slugs: &[String],
) -> Result<Vec<String>, StoreError> {
    run(
        sqlx::query("DELETE FROM profile_specializations WHERE user_id = $1").bind(user_id.0),
        s.conn(),
    )
    .await?;
    let mut unknown = Vec::new();
    for slug in slugs {
        let r = sqlx::query(
            "INSERT INTO profile_specializations (user_id, specialization_id) \
             SELECT $1, id FROM specializations WHERE slug = $2",
        )
        .bind(user_id.0)
        .bind(slug)
        .execute(s.conn())
        .await?;
        if r.rows_affected() == 0 {
            unknown.push(slug.clone());
        }
    }
    Ok(unknown)
}

pub async fn list_specializations(
    s: &mut dyn Session,
) -> Result<Vec<SpecializationRecord>, StoreError> {
    all(
        sqlx::query("SELECT id, slug, name FROM specializations ORDER BY name, id"),
        s.conn(),
        decode,
    )
    .await
}

pub async fn insert_specialization(
    s: &mut dyn Session,
    slug: &str,
    name: &str,
) -> Result<SpecializationRecord, StoreError> {
    let row = sqlx::query(
        "INSERT INTO specializations (slug, name) VALUES ($1, $2) RETURNING id, slug, name",
    )
    .bind(slug)
    .bind(name)
    .fetch_one(s.conn())
    .await?;
    decode(&row)
}

pub async fn insert_achievement(
    s: &mut dyn Session,
    user_id: UserId,
    code: &str,
    title: &str,
    description: &str,
    now: Timestamp,
) -> Result<i64, StoreError> {
    new_id(
        sqlx::query(
            "INSERT INTO achievements (user_id, code, title, description, awarded_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(user_id.0)
        .bind(code)
        .bind(title)
        .bind(description)
        .bind(now),
        s.conn(),
    )
    .await
}

pub async fn put_avatar(
    s: &mut dyn Session,
    user_id: UserId,
    content_type: &str,
    bytes: &[u8],
    now: Timestamp,
) -> Result<(), StoreError> {
    let query = sqlx::query(
        "INSERT INTO avatars (user_id, content_type, bytes, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id) DO UPDATE SET content_type = excluded.content_type, \
         bytes = excluded.bytes, updated_at = excluded.updated_at",
    )
    .bind(user_id.0)
    .bind(content_type)
    .bind(bytes)
    .bind(now);
    run(query, s.conn()).await
}

/// The avatar of the profile `slug`: (content type, bytes).
pub async fn get_avatar(
    s: &mut dyn Session,
    slug: &str,
) -> Result<Option<(String, Vec<u8>)>, StoreError> {
    let row = sqlx::query(
        "SELECT a.content_type, a.bytes FROM avatars a JOIN profiles p ON p.user_id = a.user_id \
         JOIN users u ON u.id = a.user_id WHERE p.slug = $1 AND u.is_active = $2",
    )
    .bind(slug)
    .bind(true)
    .fetch_optional(s.conn())
    .await?;
    row.map(|r| Ok((get(&r, "content_type")?, get(&r, "bytes")?)))
        .transpose()
}

/// What the public directory filters on; `None` does not filter.
#[derive(Debug, Clone, Copy, Default)]
pub struct DirectoryFilter<'a> {
    /// Case-insensitive substring of the full name.
    pub name: Option<&'a str>,
    pub role: Option<Role>,
    /// A specialization's slug.
    pub specialization: Option<&'a str>,
}

/// One page of active accounts' public profiles by name (then id), with their
/// specializations (one query for the page) and no achievements; and the total.
pub async fn directory(
    s: &mut dyn Session,
    f: DirectoryFilter<'_>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<ProfileRecord>, i64), StoreError> {
    let pattern = f.name.map(|q| format!("%{}%", q.to_lowercase()));
    let filter = "u.is_active = $1 AND ($2 IS NULL OR LOWER(u.full_name) LIKE $2) \
                  AND ($3 IS NULL OR u.role = $3) \
                  AND ($4 IS NULL OR EXISTS (SELECT 1 FROM profile_specializations ps \
                       JOIN specializations sp ON sp.id = ps.specialization_id \
                       WHERE ps.user_id = p.user_id AND sp.slug = $4))";
    let from = "profiles p JOIN users u ON u.id = p.user_id \
                LEFT JOIN avatars a ON a.user_id = p.user_id";
    let total: i64 = count(
        sqlx::query(&format!("SELECT COUNT(*) AS n FROM {from} WHERE {filter}"))
            .bind(true)
            .bind(pattern.as_deref())
            .bind(f.role.map(Role::as_str))
            .bind(f.specialization),
        s.conn(),
    )
    .await?;
    let sql = format!(
        "SELECT p.user_id, p.slug, u.full_name, u.role, p.bio, p.phone, p.social_links, \
         p.rating_count, p.rating_sum, p.updated_at, \
         CASE WHEN a.user_id IS NULL THEN 0 ELSE 1 END AS has_avatar \
         FROM {from} WHERE {filter} ORDER BY u.full_name, p.user_id LIMIT $5 OFFSET $6"
    );
    let mut page: Vec<ProfileRecord> = all(
        sqlx::query(&sql)
            .bind(true)
            .bind(pattern.as_deref())
            .bind(f.role.map(Role::as_str))
            .bind(f.specialization)
            .bind(limit)
            .bind(offset),
        s.conn(),
        profile_from_row,
    )
    .await?;
    if page.is_empty() {
        return Ok((page, total));
    }
    let ids: Vec<String> = page.iter().map(|p| p.user_id.0.to_string()).collect();
    // The ids are integers read back from the database: safe to inline.
    let specs = sqlx::query(&format!(
        "SELECT ps.user_id, s.id, s.slug, s.name FROM profile_specializations ps \
         JOIN specializations s ON s.id = ps.specialization_id \
         WHERE ps.user_id IN ({}) ORDER BY s.name",
        ids.join(", ")
    ))
    .fetch_all(s.conn())
    .await?;
    for row in &specs {
        let user: i64 = get(row, "user_id")?;
        if let Some(p) = page.iter_mut().find(|p| p.user_id.0 == user) {
            p.specializations.push(decode(row)?);
        }
    }
    Ok((page, total))
}
