//! The analytics event log, the per-course rollups built from it, trending, and the
//! monthly partitions of the log on PostgreSQL.

use practicum_domain::{
    analytics::{trending_decay, EventKind, TRENDING_WEIGHTS, TRENDING_WINDOW_DAYS},
    identity::UserId,
    Timestamp,
};
use sqlx::any::AnyRow;

use crate::{
    catalog::courses::{attach_tags, from_row as course_from_row, CourseRecord, COLUMNS, FROM},
    row::get,
    Backend, Session, StoreError,
};

/// One event to append.
#[derive(Debug, Clone, Copy)]
pub struct NewEvent {
    pub kind: EventKind,
    pub user_id: Option<UserId>,
    pub course_id: Option<i64>,
    pub amount_cents: Option<i64>,
    pub occurred_at: Timestamp,
}

/// Appends one event (inside the transaction of the action it records).
pub async fn record(s: &mut dyn Session, e: &NewEvent) -> Result<(), StoreError> {
    record_many(s, std::slice::from_ref(e)).await
}

/// Appends events in multi-row `INSERT`s of at most 500 rows each.
pub async fn record_many(s: &mut dyn Session, events: &[NewEvent]) -> Result<(), StoreError> {
    for chunk in events.chunks(500) {
        let values = (0..chunk.len())
            .map(|i| {
                let b = i * 5;
                format!(
                    "(${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO analytics_events (kind, user_id, course_id, amount_cents, occurred_at) \
             VALUES {values}"
        );
        let mut q = sqlx::query(&sql);
        for e in chunk {
            q = q
                .bind(e.kind.as_str())
                .bind(e.user_id.map(|u| u.0))
                .bind(e.course_id)
                .bind(e.amount_cents)
                .bind(e.occurred_at);
        }
        q.execute(s.conn()).await?;
    }
    Ok(())
}

/// Days of daily rows the rollup keeps for the trend.
pub const TREND_DAYS_KEPT: i64 = 90;

const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;

/// `INSERT INTO analytics_decay … VALUES (0, 1.0), (1, 0.99…), …`: the decay factor
/// of the domain's trending rule per whole hour of age, as literals.
fn decay_rows_sql() -> String {
    let hours = TRENDING_WINDOW_DAYS * 24;
    let rows = (0..hours)
        .map(|h| {
            let f = trending_decay(h);
            format!("({h}, {f:.15})")
        })
        .collect::<Vec<_>>()
        .join(", ");
    format!("INSERT INTO analytics_decay (age, factor) VALUES {rows}")
}

fn weights_case() -> String {
    let arms = TRENDING_WEIGHTS
        .iter()
        .map(|(k, w)| format!("WHEN '{}' THEN {w:.3}", k.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    format!("CASE e.kind {arms} ELSE 0 END")
}

/// Rewrites every rollup from the source tables and the event log, set-based: a constant
/// number of statements whatever the number of courses. Idempotent; run it in one
/// transaction.
/// Returns the courses whose figures (views, enrollments, completions, revenue, rating)
/// changed; on PostgreSQL it also queues them on [`ANALYTICS_CHANNEL`] (delivered to
/// every process if the transaction commits).
pub async fn refresh(s: &mut dyn Session, now: Timestamp) -> Result<Vec<i64>, StoreError> {
    let before = figures(s).await?;
    refresh_rows(s, now).await?;
    let after = figures(s).await?;
    let changed: Vec<i64> = after
        .iter()
        .filter(|(id, f)| before.get(id) != Some(f))
        .map(|(id, _)| *id)
        .collect();
    if s.backend() == crate::Backend::Postgres {
        // A NOTIFY payload holds under 8000 bytes: ids in chunks.
        for chunk in changed.chunks(500) {
            let payload = chunk
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(ANALYTICS_CHANNEL)
                .bind(payload)
                .execute(s.conn())
                .await?;
        }
    }
    Ok(changed)
}

/// The channel that tells every process "these courses' figures changed"; payload
/// comma-separated course ids.
pub const ANALYTICS_CHANNEL: &str = "practicum_analytics";

/// Each course's figures as the rollup holds them (text, so that floats compare exactly).
async fn figures(
    s: &mut dyn Session,
) -> Result<std::collections::HashMap<i64, String>, StoreError> {
    let rows = sqlx::query(
        "SELECT course_id, views, enrollments, completed, completion_rate, revenue_cents, \
         rating_avg, rating_count FROM course_analytics",
    )
    .fetch_all(s.conn())
    .await?;
    rows.iter()
        .map(|r| {
            let id: i64 = get(r, "course_id")?;
            let rate: f64 = get(r, "completion_rate")?;
            let avg: f64 = get(r, "rating_avg")?;
            let text = format!(
                "{}|{}|{}|{rate}|{}|{avg}|{}",
                get::<i64>(r, "views")?,
                get::<i64>(r, "enrollments")?,
                get::<i64>(r, "completed")?,
                get::<i64>(r, "revenue_cents")?,
                get::<i64>(r, "rating_count")?,
            );
            Ok((id, text))
        })
        .collect()
}

async fn refresh_rows(s: &mut dyn Session, now: Timestamp) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM analytics_decay")
        .execute(s.conn())
        .await?;
    sqlx::query(&decay_rows_sql()).execute(s.conn()).await?;
    sqlx::query("DELETE FROM course_analytics")
        .execute(s.conn())
        .await?;
    // Completion: learners enrolled who completed every lesson of a course with lessons.
    let totals = format!(
        "WITH lesson_totals AS ( \
             SELECT m.course_id, COUNT(*) AS n FROM lessons l JOIN modules m ON m.id = l.module_id \
             GROUP BY m.course_id), \
         done AS ( \
             SELECT lc.course_id, lc.user_id, COUNT(*) AS n FROM lesson_completions lc \
             JOIN enrollments en ON en.user_id = lc.user_id AND en.course_id = lc.course_id \
             GROUP BY lc.course_id, lc.user_id), \
         completed AS ( \
             SELECT d.course_id, COUNT(*) AS n FROM done d \
             JOIN lesson_totals t ON t.course_id = d.course_id AND d.n >= t.n AND t.n > 0 \
             GROUP BY d.course_id), \
         enrolled AS ( \
             SELECT course_id, COUNT(*) AS n, SUM(price_cents) AS revenue FROM enrollments \
             GROUP BY course_id), \
         viewed AS ( \
             SELECT course_id, COUNT(*) AS n FROM analytics_events \
             WHERE kind = 'course_view' AND course_id IS NOT NULL GROUP BY course_id), \
         by_hour AS ( \
             SELECT e.course_id, ($1 - e.occurred_at) / {HOUR_MS} AS age, \
                 SUM({weights}) AS w FROM analytics_events e \
             WHERE e.occurred_at > $2 AND e.occurred_at <= $1 AND e.course_id IS NOT NULL \
             GROUP BY e.course_id, ($1 - e.occurred_at) / {HOUR_MS}), \
         trend AS ( \
             SELECT h.course_id, SUM(h.w * d.factor) AS score FROM by_hour h \
             JOIN analytics_decay d ON d.age = h.age GROUP BY h.course_id) \
         INSERT INTO course_analytics (course_id, views, enrollments, completed, \
             completion_rate, revenue_cents, rating_avg, rating_count, trending_score, \
             refreshed_at) \
         SELECT c.id, COALESCE(v.n, 0), COALESCE(en.n, 0), COALESCE(cp.n, 0), \
             CASE WHEN COALESCE(en.n, 0) = 0 THEN 0.0 \
                  ELSE CAST(COALESCE(cp.n, 0) AS DOUBLE PRECISION) / en.n END, \
             COALESCE(en.revenue, 0), c.rating_avg, c.rating_count, \
             COALESCE(tr.score, 0.0), $1 \
         FROM courses c \
         LEFT JOIN viewed v ON v.course_id = c.id \
         LEFT JOIN enrolled en ON en.course_id = c.id \
         LEFT JOIN completed cp ON cp.course_id = c.id \
         LEFT JOIN trend tr ON tr.course_id = c.id",
        weights = weights_case(),
    );
    sqlx::query(&totals)
        .bind(now)
        .bind(now - TRENDING_WINDOW_DAYS * DAY_MS)
        .execute(s.conn())
        .await?;
    sqlx::query("DELETE FROM course_analytics_daily")
        .execute(s.conn())
        .await?;
    let since = (now / DAY_MS - (TREND_DAYS_KEPT - 1)) * DAY_MS;
    sqlx::query(
        "INSERT INTO course_analytics_daily (course_id, day, views, enrollments, completions, \
             reviews, revenue_cents) \
         SELECT e.course_id, (e.occurred_at / 86400000) * 86400000 AS day, \
             SUM(CASE WHEN e.kind = 'course_view' THEN 1 ELSE 0 END), \
             SUM(CASE WHEN e.kind = 'enrollment' THEN 1 ELSE 0 END), \
             SUM(CASE WHEN e.kind = 'lesson_completed' THEN 1 ELSE 0 END), \
             SUM(CASE WHEN e.kind = 'review_posted' THEN 1 ELSE 0 END), \
             SUM(CASE WHEN e.kind = 'enrollment' THEN COALESCE(e.amount_cents, 0) ELSE 0 END) \
         FROM analytics_events e JOIN courses c ON c.id = e.course_id \
         WHERE e.occurred_at >= $1 \
         GROUP BY e.course_id, (e.occurred_at / 86400000) * 86400000",
    )
    .bind(since)
    .execute(s.conn())
    .await?;
    Ok(())
}

/// A course's rollup (zeros and no `refreshed_at` before the first refresh).
#[derive(Debug, Clone)]
pub struct CourseRollup {
    pub course_id: i64,
    pub slug: String,
    pub title: String,
    pub teacher_id: UserId,
    pub views: i64,
    pub enrollments: i64,
    pub completed: i64,
    pub completion_rate: f64,
    pub revenue_cents: i64,
    pub currency: String,
    pub rating_avg: f64,
    pub rating_count: i64,
    pub trending_score: f64,
    pub refreshed_at: Option<Timestamp>,
}

const ROLLUP_COLUMNS: &str = "c.id AS course_id, c.slug, c.title, c.teacher_id, c.currency, \
     COALESCE(a.views, 0) AS views, COALESCE(a.enrollments, 0) AS enrollments, \
     COALESCE(a.completed, 0) AS completed, \
     COALESCE(a.completion_rate, 0.0) AS completion_rate, \
     COALESCE(a.revenue_cents, 0) AS revenue_cents, \
     COALESCE(a.rating_avg, 0.0) AS rating_avg, COALESCE(a.rating_count, 0) AS rating_count, \
     COALESCE(a.trending_score, 0.0) AS trending_score, a.refreshed_at";

fn rollup_from_row(r: &AnyRow) -> Result<CourseRollup, StoreError> {
    Ok(CourseRollup {
        course_id: get(r, "course_id")?,
        slug: get(r, "slug")?,
        title: get(r, "title")?,
        teacher_id: UserId(get(r, "teacher_id")?),
        views: get(r, "views")?,
        enrollments: get(r, "enrollments")?,
        completed: get(r, "completed")?,
        completion_rate: get(r, "completion_rate")?,
        revenue_cents: get(r, "revenue_cents")?,
        currency: get(r, "currency")?,
        rating_avg: get(r, "rating_avg")?,
        rating_count: get(r, "rating_count")?,
        trending_score: get(r, "trending_score")?,
        refreshed_at: get(r, "refreshed_at")?,
    })
}

/// One page of course rollups (all courses, or one teacher's), by id, and the total.
pub async fn course_rollups(
    s: &mut dyn Session,
    teacher: Option<UserId>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<CourseRollup>, i64), StoreError> {
    // 0 stands for "every teacher" (ids start at 1).
    let filter = "($1 = 0 OR c.teacher_id = $1)";
    let t = teacher.map_or(0, |u| u.0);
    let total: i64 = get(
        &sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM courses c WHERE {filter}"
        ))
        .bind(t)
        .fetch_one(s.conn())
        .await?,
        "n",
    )?;
    let items = sqlx::query(&format!(
        "SELECT {ROLLUP_COLUMNS} FROM courses c LEFT JOIN course_analytics a ON a.course_id = c.id \
         WHERE {filter} ORDER BY c.id DESC LIMIT $2 OFFSET $3"
    ))
    .bind(t)
    .bind(limit)
    .bind(offset)
    .fetch_all(s.conn())
    .await?
    .iter()
    .map(rollup_from_row)
    .collect::<Result<_, _>>()?;
    Ok((items, total))
}

pub async fn course_rollup(
    s: &mut dyn Session,
    course_id: i64,
) -> Result<Option<CourseRollup>, StoreError> {
    sqlx::query(&format!(
        "SELECT {ROLLUP_COLUMNS} FROM courses c LEFT JOIN course_analytics a ON a.course_id = c.id \
         WHERE c.id = $1"
    ))
    .bind(course_id)
    .fetch_optional(s.conn())
    .await?
    .as_ref()
    .map(rollup_from_row)
    .transpose()
}

/// One day of a course's trend (days without activity have no row).
#[derive(Debug, Clone, Copy, Default)]
pub struct DailyRow {
    pub day: Timestamp,
    pub views: i64,
    pub enrollments: i64,
    pub completions: i64,
    pub reviews: i64,
    pub revenue_cents: i64,
}

/// The course's daily rows from `since` (a day start), oldest first.
pub async fn daily(
    s: &mut dyn Session,
    course_id: i64,
    since: Timestamp,
) -> Result<Vec<DailyRow>, StoreError> {
    sqlx::query(
        "SELECT day, views, enrollments, completions, reviews, revenue_cents \
         FROM course_analytics_daily WHERE course_id = $1 AND day >= $2 ORDER BY day",
    )
    .bind(course_id)
    .bind(since)
    .fetch_all(s.conn())
    .await?
    .iter()
    .map(|r| {
        Ok(DailyRow {
            day: get(r, "day")?,
            views: get(r, "views")?,
            enrollments: get(r, "enrollments")?,
            completions: get(r, "completions")?,
            reviews: get(r, "reviews")?,
            revenue_cents: get(r, "revenue_cents")?,
        })
    })
    .collect()
}

/// Published courses by their trending score at the last refresh, highest first, then
/// newest id; courses without recent activity are left out. Decay is exponential, so
/// the order computed at the refresh is the order at any later time (every score shrinks
/// by the same factor); only activity after the refresh is missing until the next one.
pub async fn trending_page(
    s: &mut dyn Session,
    limit: i64,
    offset: i64,
) -> Result<(Vec<CourseRecord>, i64), StoreError> {
    let total: i64 = get(
        &sqlx::query(
            "SELECT COUNT(*) AS n FROM courses c JOIN course_analytics a ON a.course_id = c.id \
             WHERE c.status = 'published' AND a.trending_score > 0",
        )
        .fetch_one(s.conn())
        .await?,
        "n",
    )?;
    let sql = format!(
        "SELECT {COLUMNS} FROM {FROM} JOIN course_analytics a ON a.course_id = c.id \
         WHERE c.status = 'published' AND a.trending_score > 0 \
         ORDER BY a.trending_score DESC, c.id DESC LIMIT $1 OFFSET $2"
    );
    let mut items: Vec<CourseRecord> = sqlx::query(&sql)
        .bind(limit)
        .bind(offset)
        .fetch_all(s.conn())
        .await?
        .iter()
        .map(course_from_row)
        .collect::<Result<_, _>>()?;
    attach_tags(s, &mut items).await?;
    Ok((items, total))
}

/// One page of the top-rated published courses — at least `min_reviews` visible reviews
/// (`courses.rating_count`, kept by every review change), by average rating, then by
/// more reviews, then newest id — each with its dense rank over all such courses (equal
/// averages share a rank; the next average takes the next rank); and the total.
pub async fn top_rated_page(
    s: &mut dyn Session,
    min_reviews: i64,
    limit: i64,
    offset: i64,
) -> Result<(Vec<(i64, CourseRecord)>, i64), StoreError> {
    let total: i64 = get(
        &sqlx::query(
            "SELECT COUNT(*) AS n FROM courses c \
             WHERE c.status = 'published' AND c.rating_count >= $1",
        )
        .bind(min_reviews)
        .fetch_one(s.conn())
        .await?,
        "n",
    )?;
    let sql = format!(
        "SELECT {COLUMNS}, ranked.rating_rank FROM {FROM} \
         JOIN (SELECT id, DENSE_RANK() OVER (ORDER BY rating_avg DESC) AS rating_rank \
               FROM courses WHERE status = 'published' AND rating_count >= $1) ranked \
           ON ranked.id = c.id \
         ORDER BY ranked.rating_rank, c.rating_count DESC, c.id DESC LIMIT $2 OFFSET $3"
    );
    let rows = sqlx::query(&sql)
        .bind(min_reviews)
        .bind(limit)
        .bind(offset)
        .fetch_all(s.conn())
        .await?;
    let mut items: Vec<CourseRecord> =
        rows.iter().map(course_from_row).collect::<Result<_, _>>()?;
    attach_tags(s, &mut items).await?;
    let ranks: Vec<i64> = rows
        .iter()
        .map(|r| get(r, "rating_rank"))
        .collect::<Result<_, _>>()?;
    Ok((ranks.into_iter().zip(items).collect(), total))
}

/// Platform-wide user activity over a window.
#[derive(Debug, Clone, Copy)]
pub struct ActivitySummary {
    pub users_total: i64,
    pub registrations: i64,
    pub active_users: i64,
    pub events: i64,
}

pub async fn activity_summary(
    s: &mut dyn Session,
    since: Timestamp,
) -> Result<ActivitySummary, StoreError> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM users) AS users_total, \
                (SELECT COUNT(*) FROM users WHERE created_at >= $1) AS registrations, \
                (SELECT COUNT(DISTINCT user_id) FROM analytics_events \
                 WHERE occurred_at >= $1 AND user_id IS NOT NULL) AS active_users, \
                (SELECT COUNT(*) FROM analytics_events WHERE occurred_at >= $1) AS events",
    )
    .bind(since)
    .fetch_one(s.conn())
    .await?;
    Ok(ActivitySummary {
        users_total: get(&row, "users_total")?,
        registrations: get(&row, "registrations")?,
        active_users: get(&row, "active_users")?,
        events: get(&row, "events")?,
    })
}

/// One user's activity over the window.
#[derive(Debug, Clone)]
pub struct UserActivity {
    pub user_id: UserId,
    pub email: Option<String>,
    pub full_name: String,
    pub role: String,
    pub registered_at: Timestamp,
    pub events: i64,
    pub enrollments: i64,
    pub lessons_completed: i64,
    pub last_event_at: Option<Timestamp>,
}

/// Users by events in the window (most first, then id), one page, and the total.
pub async fn user_activity(
    s: &mut dyn Session,
    since: Timestamp,
    limit: i64,
    offset: i64,
) -> Result<(Vec<UserActivity>, i64), StoreError> {
    let total: i64 = get(
        &sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(s.conn())
            .await?,
        "n",
    )?;
    let items = sqlx::query(
        "SELECT u.id, u.email, u.full_name, u.role, u.created_at, \
             COALESCE(e.n, 0) AS events, COALESCE(e.enrollments, 0) AS enrollments, \
             COALESCE(e.completions, 0) AS completions, e.last_at \
         FROM users u LEFT JOIN ( \
             SELECT user_id, COUNT(*) AS n, \
                 SUM(CASE WHEN kind = 'enrollment' THEN 1 ELSE 0 END) AS enrollments, \
                 SUM(CASE WHEN kind = 'lesson_completed' THEN 1 ELSE 0 END) AS completions, \
                 MAX(occurred_at) AS last_at \
             FROM analytics_events WHERE occurred_at >= $1 AND user_id IS NOT NULL \
             GROUP BY user_id) e ON e.user_id = u.id \
         ORDER BY COALESCE(e.n, 0) DESC, u.id ASC LIMIT $2 OFFSET $3",
    )
    .bind(since)
    .bind(limit)
    .bind(offset)
    .fetch_all(s.conn())
    .await?
    .iter()
    .map(|r| {
        Ok(UserActivity {
            user_id: UserId(get(r, "id")?),
            email: get(r, "email")?,
            full_name: get(r, "full_name")?,
            role: get(r, "role")?,
            registered_at: get(r, "created_at")?,
            events: get(r, "events")?,
            enrollments: get(r, "enrollments")?,
            lessons_completed: get(r, "completions")?,
            last_event_at: get(r, "last_at")?,
        })
    })
    .collect::<Result<_, StoreError>>()?;
    Ok((items, total))
}

/// The partitions of the event log and how many rows each holds (PostgreSQL; empty on
/// SQLite). For tests and operators.
pub async fn partitions(s: &mut dyn Session) -> Result<Vec<(String, i64)>, StoreError> {
    if s.backend() == Backend::Sqlite {
        return Ok(Vec::new());
    }
    sqlx::query(
        "SELECT CAST(c.relname AS TEXT) AS name, \
                (SELECT COUNT(*) FROM analytics_events e WHERE e.tableoid = c.oid) AS n \
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid \
         JOIN pg_class p ON p.oid = i.inhparent \
         WHERE p.relname = 'analytics_events' ORDER BY c.relname",
    )
    .fetch_all(s.conn())
    .await?
    .iter()
    .map(|r| Ok((get(r, "name")?, get(r, "n")?)))
    .collect()
}
