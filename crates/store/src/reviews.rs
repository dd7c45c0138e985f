//! Course reviews, their replies, moderation, and the rating aggregates (the course's and its
//! teacher's profile rating).

use practicum_domain::{identity::UserId, Timestamp};
use sqlx::any::AnyRow;

use crate::query::{all, changed, count, new_id, optional, run, where_all, Param, Params};
use crate::{row::get, Session, StoreError};

/// A review as stored, with its author's name and its course's slug.
#[derive(Debug, Clone)]
pub struct ReviewRecord {
    pub id: i64,
    pub course_id: i64,
    pub course_slug: String,
    pub course_teacher_id: UserId,
    pub user_id: UserId,
    pub author_name: String,
    pub rating: i64,
    pub body: String,
    pub hidden_at: Option<Timestamp>,
    pub hidden_reason: Option<String>,
    pub reply_count: i64,
    /// How many users reported the review.
    pub report_count: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

const COLUMNS: &str =
    "r.id, r.course_id, c.slug AS course_slug, c.teacher_id AS course_teacher_id, \
     r.user_id, u.full_name AS author_name, r.rating, r.body, r.hidden_at, r.hidden_reason, \
     (SELECT COUNT(*) FROM review_replies rr WHERE rr.review_id = r.id) AS reply_count, \
     (SELECT COUNT(*) FROM review_reports rp WHERE rp.review_id = r.id) AS report_count, \
     r.created_at, r.updated_at";

const FROM: &str =
    "reviews r JOIN courses c ON c.id = r.course_id JOIN users u ON u.id = r.user_id";

fn from_row(r: &AnyRow) -> Result<ReviewRecord, StoreError> {
    Ok(ReviewRecord {
        id: get(r, "id")?,
        course_id: get(r, "course_id")?,
        course_slug: get(r, "course_slug")?,
        course_teacher_id: UserId(get(r, "course_teacher_id")?),
        user_id: UserId(get(r, "user_id")?),
        author_name: get(r, "author_name")?,
        rating: get(r, "rating")?,
        body: get(r, "body")?,
        hidden_at: get(r, "hidden_at")?,
        hidden_reason: get(r, "hidden_reason")?,
        reply_count: get(r, "reply_count")?,
        report_count: get(r, "report_count")?,
        created_at: get(r, "created_at")?,
        updated_at: get(r, "updated_at")?,
    })
}

/// Inserts a review. A second one by the same learner for the same course is
/// `StoreError::Unique` with `reviews_user_course_key`.
pub async fn insert(
    s: &mut dyn Session,
    course_id: i64,
    user_id: UserId,
    rating: i64,
    body: &str,
    now: Timestamp,
) -> Result<i64, StoreError> {
    new_id(
        sqlx::query(
            "INSERT INTO reviews (course_id, user_id, rating, body, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(course_id)
        .bind(user_id.0)
        .bind(rating)
        .bind(body)
        .bind(now),
        s.conn(),
    )
    .await
}

pub async fn find(s: &mut dyn Session, id: i64) -> Result<Option<ReviewRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE r.id = $1");
    optional(sqlx::query(&sql).bind(id), s.conn(), from_row).await
}

pub async fn update(
    s: &mut dyn Session,
    id: i64,
    rating: i64,
    body: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    run(
        sqlx::query("UPDATE reviews SET rating = $1, body = $2, updated_at = $3 WHERE id = $4")
            .bind(rating)
            .bind(body)
            .bind(now)
            .bind(id),
        s.conn(),
    )
    .await
}

pub async fn delete(s: &mut dyn Session, id: i64) -> Result<(), StoreError> {
    run(
        sqlx::query("DELETE FROM reviews WHERE id = $1").bind(id),
        s.conn(),
    )
    .await
}

/// Records `user`'s report of a review; `false` when that user had reported it already
/// (the primary key decides when two reports race).
pub async fn report(
    s: &mut dyn Session,
    review_id: i64,
    user: UserId,
    reason: &str,
    now: Timestamp,
) -> Result<bool, StoreError> {
    changed(
        sqlx::query(
            "INSERT INTO review_reports (review_id, user_id, reason, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (review_id, user_id) DO NOTHING",
        )
        .bind(review_id)
        .bind(user.0)
        .bind(reason)
        .bind(now),
        s.conn(),
    )
    .await
}

/// Hides the review (`Some(reason)`) or shows it again (`None`).
pub async fn set_hidden(
    s: &mut dyn Session,
    id: i64,
    hidden: Option<(&str, UserId)>,
    now: Timestamp,
) -> Result<(), StoreError> {
    match hidden {
        Some((reason, by)) => {
            sqlx::query(
                "UPDATE reviews SET hidden_at = $1, hidden_reason = $2, hidden_by = $3 \
                 WHERE id = $4",
            )
            .bind(now)
            .bind(reason)
            .bind(by.0)
            .bind(id)
            .execute(s.conn())
            .await?
        }
        None => {
            sqlx::query(
                "UPDATE reviews SET hidden_at = NULL, hidden_reason = NULL, hidden_by = NULL \
                 WHERE id = $1",
            )
            .bind(id)
            .execute(s.conn())
            .await?
        }
    };
    Ok(())
}

/// Recomputes the course's `rating_avg` and `rating_count` from its visible reviews, with
/// one SQL aggregate (never by incremental arithmetic). Run it in the transaction of every
/// review change.
///
/// The course row is locked by a statement of its own first. On PostgreSQL (READ
/// COMMITTED) a statement reads the snapshot taken when it began, so an aggregate in the
/// locking `UPDATE` itself would miss a review committed by the transaction it waited
/// for, and two learners reviewing one course at once left `rating_count` one short (the
/// crash test's invariant caught it). Taken after the lock, the aggregate's snapshot
/// includes every review committed before; SQLite serialises writers anyway.
pub async fn refresh_course_rating(s: &mut dyn Session, course_id: i64) -> Result<(), StoreError> {
    run(
        sqlx::query("UPDATE courses SET rating_count = rating_count WHERE id = $1").bind(course_id),
        s.conn(),
    )
    .await?;
    run(
        sqlx::query(
            "UPDATE courses SET \
               rating_avg = COALESCE((SELECT CAST(AVG(rating) AS DOUBLE PRECISION) FROM reviews \
                                      WHERE course_id = $1 AND hidden_at IS NULL), 0), \
               rating_count = (SELECT COUNT(*) FROM reviews \
                               WHERE course_id = $1 AND hidden_at IS NULL) \
             WHERE id = $1",
        )
        .bind(course_id),
        s.conn(),
    )
    .await
}

/// Recomputes the rating on the public profile of `teacher`: count and sum of the visible
/// reviews of their published courses. Run it in the transaction of every change to a
/// review or to a course's `published` status. The profile row is locked by a first
/// statement so that the aggregate, read by a second one, sees every transaction that
/// committed before (PostgreSQL's READ COMMITTED takes a snapshot per statement): two
/// reviews of the teacher's courses committed at once never lose each other.
pub async fn refresh_teacher_rating(
    s: &mut dyn Session,
    teacher: UserId,
) -> Result<(), StoreError> {
    run(
        sqlx::query("UPDATE profiles SET rating_count = rating_count WHERE user_id = $1")
            .bind(teacher.0),
        s.conn(),
    )
    .await?;
    run(
        sqlx::query(
            "UPDATE profiles SET \
               rating_count = (SELECT COUNT(*) FROM reviews r JOIN courses c ON c.id = r.course_id \
                               WHERE c.teacher_id = $1 AND c.status = 'published' \
                                 AND r.hidden_at IS NULL), \
               rating_sum = (SELECT COALESCE(SUM(r.rating), 0) FROM reviews r \
                             JOIN courses c ON c.id = r.course_id \
                             WHERE c.teacher_id = $1 AND c.status = 'published' \
                               AND r.hidden_at IS NULL) \
             WHERE user_id = $1",
        )
        .bind(teacher.0),
        s.conn(),
    )
    .await
}

/// Both aggregates a review change touches: the course's and its teacher's.
pub async fn refresh_ratings(s: &mut dyn Session, course_id: i64) -> Result<(), StoreError> {
    refresh_course_rating(s, course_id).await?;
    let row = sqlx::query("SELECT teacher_id FROM courses WHERE id = $1")
        .bind(course_id)
        .fetch_optional(s.conn())
        .await?;
    if let Some(row) = row {
        refresh_teacher_rating(s, UserId(get(&row, "teacher_id")?)).await?;
    }
    Ok(())
}

/// Filters of the review lists; `None` does not filter.
#[derive(Debug, Clone, Default)]
pub struct ReviewFilter {
    pub course_id: Option<i64>,
    pub course_slug: Option<String>,
    pub user_id: Option<UserId>,
    pub rating_gte: Option<i64>,
    pub rating_lte: Option<i64>,
    /// Hidden reviews are included only when true (moderators).
    pub include_hidden: bool,
    /// Only reviews of published courses (everyone but staff).
    pub only_published: bool,
    /// Only reviews someone reported (moderators).
    pub only_reported: bool,
}

/// One page of reviews, newest first, and the total (two queries).
pub async fn page(
    s: &mut dyn Session,
    f: &ReviewFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<ReviewRecord>, i64), StoreError> {
    let mut conditions: Vec<String> = Vec::new();
    let mut args = Params::default();
    let mut filter = |condition: &str, p: Param| {
        let p = args.add(p);
        conditions.push(format!("{condition} {p}"));
    };
    if let Some(id) = f.course_id {
        filter("r.course_id =", Param::Int(id));
    }
    if let Some(slug) = f.course_slug.as_deref() {
        filter("c.slug =", Param::Text(slug.to_owned()));
    }
    if let Some(user) = f.user_id {
        filter("r.user_id =", Param::Int(user.0));
    }
    if let Some(min) = f.rating_gte {
        filter("r.rating >=", Param::Int(min));
    }
    if let Some(max) = f.rating_lte {
        filter("r.rating <=", Param::Int(max));
    }
    if !f.include_hidden {
        conditions.push("r.hidden_at IS NULL".to_owned());
    }
    if f.only_published {
        conditions.push("c.status = 'published'".to_owned());
    }
    if f.only_reported {
        conditions
            .push("EXISTS (SELECT 1 FROM review_reports rp WHERE rp.review_id = r.id)".to_owned());
    }
    let where_sql = where_all(&conditions);
    let count_sql = format!("SELECT COUNT(*) AS n FROM {FROM} WHERE {where_sql}");
    let total = count(args.bind(&count_sql), s.conn()).await?;
    let page_sql = format!(
        "SELECT {COLUMNS} FROM {FROM} WHERE {where_sql} \
         ORDER BY r.created_at DESC, r.id DESC {}",
        args.limit_offset()
    );
    let page = args.bind(&page_sql).bind(limit).bind(offset);
    let items = all(page, s.conn(), from_row).await?;
    Ok((items, total))
}

/// A reply to a review.
#[derive(Debug, Clone)]
pub struct ReplyRecord {
    pub id: i64,
    pub review_id: i64,
    pub author_id: UserId,
    pub author_name: String,
    pub body: String,
    pub created_at: Timestamp,
}

pub async fn insert_reply(
    s: &mut dyn Session,
    review_id: i64,
    author_id: UserId,
    body: &str,
    now: Timestamp,
) -> Result<i64, StoreError> {
    new_id(
        sqlx::query(
            "INSERT INTO review_replies (review_id, author_id, body, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(review_id)
        .bind(author_id.0)
        .bind(body)
        .bind(now),
        s.conn(),
    )
    .await
}

/// Every reply to the review, oldest first (at most `limit`).
pub async fn replies(
    s: &mut dyn Session,
    review_id: i64,
    limit: i64,
    offset: i64,
) -> Result<(Vec<ReplyRecord>, i64), StoreError> {
    let total: i64 = count(
        sqlx::query("SELECT COUNT(*) AS n FROM review_replies WHERE review_id = $1")
            .bind(review_id),
        s.conn(),
    )
    .await?;
    let items = all(
        sqlx::query(
            "SELECT rr.id, rr.review_id, rr.author_id, u.full_name AS author_name, rr.body, \
             rr.created_at FROM review_replies rr JOIN users u ON u.id = rr.author_id \
             WHERE rr.review_id = $1 ORDER BY rr.created_at, rr.id LIMIT $2 OFFSET $3",
        )
        .bind(review_id)
        .bind(limit)
        .bind(offset),
        s.conn(),
        |r| {
            Ok(ReplyRecord {
                id: get(r, "id")?,
                review_id: get(r, "review_id")?,
                author_id: UserId(get(r, "author_id")?),
                author_name: get(r, "author_name")?,
                body: get(r, "body")?,
                created_at: get(r, "created_at")?,
            })
        },
    )
    .await?;
    Ok((items, total))
}
