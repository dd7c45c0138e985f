//! The analytics event log, the per-course rollups built from it, trending, and the
//! monthly partitions of the log on PostgreSQL.

use practicum_domain::{
    analytics::{trending_decay, EventKind, TRENDING_WEIGHTS, TRENDING_WINDOW_DAYS},
    identity::UserId,
    Timestamp,
};
use sqlx::any::AnyRow;

use crate::query::{all, count, optional, run};
use crate::row::decode;
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

/// Brings every rollup up to date: folds the events appended since the last refresh into
/// the partial aggregates, then rewrites `course_analytics` from them (see
/// [`refresh_rows`]); a constant number of set-based statements whatever the number of
/// courses or events. Idempotent; run it in one transaction.
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
            run(
                sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(ANALYTICS_CHANNEL)
                    .bind(payload),
                s.conn(),
            )
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

/// Forgets the partial aggregates, so that the next [`refresh`] rebuilds them from the
/// whole event log. Needed only when events already folded in were changed or removed
/// (the log is append-only; tests that move events back in time call it).
pub async fn reset_incremental(s: &mut dyn Session) -> Result<(), StoreError> {
    run(sqlx::query("DELETE FROM analytics_watermark"), s.conn()).await
}

/// Like [`refresh`], after [`reset_incremental`]: every partial is rebuilt from the log.
pub async fn refresh_full(s: &mut dyn Session, now: Timestamp) -> Result<Vec<i64>, StoreError> {
    reset_incremental(s).await?;
    refresh(s, now).await
}

/// Folds the events appended since the last refresh into the partial aggregates (daily
/// rows, all-time views, hourly trending weights), drops the partials that fell out of
/// their windows, then rewrites `course_analytics` from the partials and the (small)
/// source tables. A constant number of set-based statements; the event log is read only
/// from the watermark on. Without a watermark (first run, or after
/// [`reset_incremental`]) the partials are rebuilt from the whole log.
async fn refresh_rows(s: &mut dyn Session, now: Timestamp) -> Result<(), StoreError> {
    if s.backend() == Backend::Postgres {
        // Ids come from a sequence when a row is inserted, not when it commits: a writer
        // still in flight may hold an id below MAX(id). SHARE waits for every such writer
        // and holds new ones back until this transaction ends, so no committed-later event
        // can slip under the watermark.
        run(
            sqlx::query("LOCK TABLE analytics_events IN SHARE MODE"),
            s.conn(),
        )
        .await?;
    }
    let watermark: Option<i64> =
        sqlx::query("SELECT last_event_id FROM analytics_watermark WHERE id = 1")
            .fetch_optional(s.conn())
            .await?
            .map(|r| get(&r, "last_event_id"))
            .transpose()?;
    let last: i64 = get(
        &sqlx::query("SELECT COALESCE(MAX(id), 0) AS n FROM analytics_events")
            .fetch_one(s.conn())
            .await?,
        "n",
    )?;
    let from = match watermark {
        Some(w) => w,
        None => {
            for table in [
                "course_analytics_daily",
                "analytics_course_totals",
                "analytics_hourly",
            ] {
                run(sqlx::query(&format!("DELETE FROM {table}")), s.conn()).await?;
            }
            0
        }
    };
    let day_since = (now / DAY_MS - (TREND_DAYS_KEPT - 1)) * DAY_MS;
    let now_hour = now / HOUR_MS;
    let hour_since = now_hour - (TRENDING_WINDOW_DAYS * 24 - 1);
    if last > from {
        // A rebuild reads every event: under the lock above (SQLite: the one writer) that is
        // exactly `id <= last`, and without the id predicate the covering indexes on
        // `(course_id, kind, occurred_at, amount_cents)` and `(occurred_at, course_id, kind)`
        // serve it, as they served the refresh before it was incremental.
        let ids = (from > 0).then_some((from, last));
        fold_new_events(s, ids, day_since, hour_since).await?;
    }
    run(
        sqlx::query(
            "INSERT INTO analytics_watermark (id, last_event_id) VALUES (1, $1) \
             ON CONFLICT (id) DO UPDATE SET last_event_id = excluded.last_event_id",
        )
        .bind(last.max(from)),
        s.conn(),
    )
    .await?;
    run(
        sqlx::query("DELETE FROM course_analytics_daily WHERE day < $1").bind(day_since),
        s.conn(),
    )
    .await?;
    run(
        sqlx::query("DELETE FROM analytics_hourly WHERE hour < $1").bind(hour_since),
        s.conn(),
    )
    .await?;
    run(sqlx::query("DELETE FROM analytics_decay"), s.conn()).await?;
    run(sqlx::query(&decay_rows_sql()), s.conn()).await?;
    run(sqlx::query("DELETE FROM course_analytics"), s.conn()).await?;
    // Completion: learners enrolled who completed every lesson of a course with lessons.
    // Trending: each clock hour's weight, decayed by the whole hours since that hour.
    run(
        sqlx::query(
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
             trend AS ( \
                 SELECT h.course_id, SUM(h.weight * d.factor) AS score FROM analytics_hourly h \
                 JOIN analytics_decay d ON d.age = $2 - h.hour GROUP BY h.course_id) \
             INSERT INTO course_analytics (course_id, views, enrollments, completed, \
                 completion_rate, revenue_cents, rating_avg, rating_count, trending_score, \
                 refreshed_at) \
             SELECT c.id, COALESCE(v.views, 0), COALESCE(en.n, 0), COALESCE(cp.n, 0), \
                 CASE WHEN COALESCE(en.n, 0) = 0 THEN 0.0 \
                      ELSE CAST(COALESCE(cp.n, 0) AS DOUBLE PRECISION) / en.n END, \
                 COALESCE(en.revenue, 0), c.rating_avg, c.rating_count, \
                 COALESCE(tr.score, 0.0), $1 \
             FROM courses c \
             LEFT JOIN analytics_course_totals v ON v.course_id = c.id \
             LEFT JOIN enrolled en ON en.course_id = c.id \
             LEFT JOIN completed cp ON cp.course_id = c.id \
             LEFT JOIN trend tr ON tr.course_id = c.id",
        )
        .bind(now)
        .bind(now_hour),
        s.conn(),
    )
    .await
}

/// Adds the events with `from < id <= to` (`ids`; every event when `None`) to the
/// partials: daily rows from `day_since`, views of all time, trending weights from clock
/// hour `hour_since` (later hours too: an event stamped in the future counts once its hour
/// is reached). Events of courses that no longer exist are left out, as the rollups leave
/// them out.
async fn fold_new_events(
    s: &mut dyn Session,
    ids: Option<(i64, i64)>,
    day_since: Timestamp,
    hour_since: i64,
) -> Result<(), StoreError> {
    // The id predicate binds `$1`, `$2`; the statement's own parameter follows it.
    let (id_filter, since) = match ids {
        Some(_) => ("e.id > $1 AND e.id <= $2 AND", "$3"),
        None => ("", "$1"),
    };
    // `WHERE` before `ON CONFLICT` keeps SQLite's parser from reading `ON` as a join.
    let daily = format!(
        "INSERT INTO course_analytics_daily (course_id, day, views, enrollments, completions, \
             reviews, revenue_cents) \
         SELECT e.course_id, (e.occurred_at / 86400000) * 86400000, \
             SUM(CASE WHEN e.kind = 'course_view' THEN 1 ELSE 0 END), \
             SUM(CASE WHEN e.kind = 'enrollment' THEN 1 ELSE 0 END), \
             SUM(CASE WHEN e.kind = 'lesson_completed' THEN 1 ELSE 0 END), \
             SUM(CASE WHEN e.kind = 'review_posted' THEN 1 ELSE 0 END), \
             SUM(CASE WHEN e.kind = 'enrollment' THEN COALESCE(e.amount_cents, 0) ELSE 0 END) \
         FROM analytics_events e JOIN courses c ON c.id = e.course_id \
         WHERE {id_filter} e.occurred_at >= {since} \
         GROUP BY e.course_id, (e.occurred_at / 86400000) * 86400000 \
         ON CONFLICT (course_id, day) DO UPDATE SET \
             views = course_analytics_daily.views + excluded.views, \
             enrollments = course_analytics_daily.enrollments + excluded.enrollments, \
             completions = course_analytics_daily.completions + excluded.completions, \
             reviews = course_analytics_daily.reviews + excluded.reviews, \
             revenue_cents = course_analytics_daily.revenue_cents + excluded.revenue_cents",
    );
    bind_ids(sqlx::query(&daily), ids)
        .bind(day_since)
        .execute(s.conn())
        .await?;
    let totals = format!(
        "INSERT INTO analytics_course_totals (course_id, views) \
         SELECT e.course_id, COUNT(*) FROM analytics_events e JOIN courses c ON c.id = e.course_id \
         WHERE {id_filter} e.kind = 'course_view' \
         GROUP BY e.course_id \
         ON CONFLICT (course_id) DO UPDATE SET \
             views = analytics_course_totals.views + excluded.views",
    );
    bind_ids(sqlx::query(&totals), ids)
        .execute(s.conn())
        .await?;
    let hourly = format!(
        "INSERT INTO analytics_hourly (course_id, hour, weight) \
         SELECT e.course_id, e.occurred_at / {HOUR_MS}, SUM({weights}) \
         FROM analytics_events e JOIN courses c ON c.id = e.course_id \
         WHERE {id_filter} e.occurred_at >= {since} \
         GROUP BY e.course_id, e.occurred_at / {HOUR_MS} \
         ON CONFLICT (course_id, hour) DO UPDATE SET \
             weight = analytics_hourly.weight + excluded.weight",
        weights = weights_case(),
    );
    bind_ids(sqlx::query(&hourly), ids)
        .bind(hour_since * HOUR_MS)
        .execute(s.conn())
        .await?;
    Ok(())
}

/// Binds `from`, `to` of an id range as `$1`, `$2`; nothing for "every event".
fn bind_ids<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ids: Option<(i64, i64)>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    match ids {
        Some((from, to)) => query.bind(from).bind(to),
        None => query,
    }
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
    let total: i64 = count(
        sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM courses c WHERE {filter}"
        ))
        .bind(t),
        s.conn(),
    )
    .await?;
    let items = all(
        sqlx::query(&format!(
        "SELECT {ROLLUP_COLUMNS} FROM courses c LEFT JOIN course_analytics a ON a.course_id = c.id \
         WHERE {filter} ORDER BY c.id DESC LIMIT $2 OFFSET $3"
    ))
        .bind(t)
        .bind(limit)
        .bind(offset),
        s.conn(),
        rollup_from_row,
    )
    .await?;
    Ok((items, total))
}

pub async fn course_rollup(
    s: &mut dyn Session,
    course_id: i64,
) -> Result<Option<CourseRollup>, StoreError> {
    optional(
        sqlx::query(&format!(
        "SELECT {ROLLUP_COLUMNS} FROM courses c LEFT JOIN course_analytics a ON a.course_id = c.id \
         WHERE c.id = $1"
    ))
        .bind(course_id),
        s.conn(),
        rollup_from_row,
    )
    .await
}

/// One day of a course's trend (days without activity have no row).
#[derive(Debug, Clone, Copy, Default, sqlx::FromRow)]
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
    all(
        sqlx::query(
            "SELECT day, views, enrollments, completions, reviews, revenue_cents \
             FROM course_analytics_daily WHERE course_id = $1 AND day >= $2 ORDER BY day",
        )
        .bind(course_id)
        .bind(since),
        s.conn(),
        decode,
    )
    .await
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
    let total: i64 = count(
        sqlx::query(
            "SELECT COUNT(*) AS n FROM courses c JOIN course_analytics a ON a.course_id = c.id \
             WHERE c.status = 'published' AND a.trending_score > 0",
        ),
        s.conn(),
    )
    .await?;
    let sql = format!(
        "SELECT {COLUMNS} FROM {FROM} JOIN course_analytics a ON a.course_id = c.id \
         WHERE c.status = 'published' AND a.trending_score > 0 \
         ORDER BY a.trending_score DESC, c.id DESC LIMIT $1 OFFSET $2"
    );
    let mut items: Vec<CourseRecord> = all(
        sqlx::query(&sql).bind(limit).bind(offset),
        s.conn(),
        course_from_row,
    )
    .await?;
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
    let total: i64 = count(
        sqlx::query(
            "SELECT COUNT(*) AS n FROM courses c \
             WHERE c.status = 'published' AND c.rating_count >= $1",
        )
        .bind(min_reviews),
        s.conn(),
    )
    .await?;
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
    let total: i64 = count(sqlx::query("SELECT COUNT(*) AS n FROM users"), s.conn()).await?;
    let items = all(
        sqlx::query(
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
        .bind(offset),
        s.conn(),
        |r| {
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
        },
    )
    .await?;
    Ok((items, total))
}

/// The partitions of the event log and how many rows each holds (PostgreSQL; empty on
/// SQLite). For tests and operators.
pub async fn partitions(s: &mut dyn Session) -> Result<Vec<(String, i64)>, StoreError> {
    if s.backend() == Backend::Sqlite {
        return Ok(Vec::new());
    }
    all(
        sqlx::query(
            "SELECT CAST(c.relname AS TEXT) AS name, \
                    (SELECT COUNT(*) FROM analytics_events e WHERE e.tableoid = c.oid) AS n \
             FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid \
             JOIN pg_class p ON p.oid = i.inhparent \
             WHERE p.relname = 'analytics_events' ORDER BY c.relname",
        ),
        s.conn(),
        |r| Ok((get(r, "name")?, get(r, "n")?)),
    )
    .await
}
