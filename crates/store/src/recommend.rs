//! Category preferences and the scored list of recommended courses.

use practicum_domain::{adaptive::ModuleResult, identity::UserId, Timestamp};

use crate::query::{all, count, new_id};
use crate::row::decode;
use crate::{
    catalog::{
        courses::{attach_tags, from_row, CourseRecord, COLUMNS, FROM},
        placeholders,
    },
    row::get,
    Session, StoreError,
};

/// Adds `weight` to the learner's preference for `category_id` in one atomic upsert;
/// returns the new preference.
pub async fn add_preference(
    s: &mut dyn Session,
    user_id: UserId,
    category_id: i64,
    weight: f64,
    now: Timestamp,
) -> Result<f64, StoreError> {
    let row = sqlx::query(
        "INSERT INTO category_preferences (user_id, category_id, score, updated_at) \
         VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, category_id) DO UPDATE \
         SET score = category_preferences.score + excluded.score, updated_at = excluded.updated_at \
         RETURNING score",
    )
    .bind(user_id.0)
    .bind(category_id)
    .bind(weight)
    .bind(now)
    .fetch_one(s.conn())
    .await?;
    get(&row, "score")
}

/// Stores one interaction (user, course, kind, time); returns its id.
pub async fn insert_interaction(
    s: &mut dyn Session,
    user_id: UserId,
    course_id: i64,
    kind: &str,
    now: Timestamp,
) -> Result<i64, StoreError> {
    new_id(
        sqlx::query(
            "INSERT INTO interactions (user_id, course_id, kind, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(user_id.0)
        .bind(course_id)
        .bind(kind)
        .bind(now),
        s.conn(),
    )
    .await
}

/// One stored interaction as recommendations read it: the course's category (if any),
/// the kind and when.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RecentInteraction {
    pub category_id: Option<i64>,
    pub kind: String,
    pub created_at: Timestamp,
}

/// The learner's interactions since `since`, newest first, at most `limit`.
pub async fn recent_interactions(
    s: &mut dyn Session,
    user_id: UserId,
    since: Timestamp,
    limit: i64,
) -> Result<Vec<RecentInteraction>, StoreError> {
    all(
        sqlx::query(
            "SELECT c.category_id, i.kind, i.created_at FROM interactions i \
             JOIN courses c ON c.id = i.course_id \
             WHERE i.user_id = $1 AND i.created_at >= $2 \
             ORDER BY i.created_at DESC, i.id DESC LIMIT $3",
        )
        .bind(user_id.0)
        .bind(since)
        .bind(limit),
        s.conn(),
        decode,
    )
    .await
}

/// The learner's largest category preference (0 without any).
pub async fn max_preference(s: &mut dyn Session, user_id: UserId) -> Result<f64, StoreError> {
    let row = sqlx::query(
        "SELECT COALESCE(MAX(score), 0.0) AS m FROM category_preferences WHERE user_id = $1",
    )
    .bind(user_id.0)
    .fetch_one(s.conn())
    .await?;
    get(&row, "m")
}

/// The per-module stats of the learner's most recently submitted diagnostic or exam,
/// with the names of the modules (none without one).
pub async fn latest_module_stats(
    s: &mut dyn Session,
    user_id: UserId,
) -> Result<Vec<(ModuleResult, String)>, StoreError> {
    let row = sqlx::query(
        "SELECT module_stats FROM attempts WHERE user_id = $1 AND status = 'submitted' \
         AND module_stats IS NOT NULL ORDER BY submitted_at DESC, id DESC LIMIT 1",
    )
    .bind(user_id.0)
    .fetch_optional(s.conn())
    .await?;
    let Some(row) = row else {
        return Ok(Vec::new());
    };
    let text: String = get(&row, "module_stats")?;
    let stats: Vec<ModuleResult> = serde_json::from_str(&text)
        .map_err(|e| StoreError::Corrupt(format!("attempt module_stats: {e}")))?;
    if stats.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, name FROM track_modules WHERE id IN ({})",
        placeholders(1, stats.len())
    );
    let mut q = sqlx::query(&sql);
    for m in &stats {
        q = q.bind(m.module_id.0);
    }
    let names: Vec<(i64, String)> = q
        .fetch_all(s.conn())
        .await?
        .iter()
        .map(|r| Ok((get(r, "id")?, get(r, "name")?)))
        .collect::<Result<_, StoreError>>()?;
    Ok(stats
        .into_iter()
        .filter_map(|m| {
            names
                .iter()
                .find(|(id, _)| *id == m.module_id.0)
                .map(|(_, n)| (m, n.clone()))
        })
        .collect())
}

/// How recommendations are scored.
#[derive(Debug, Clone)]
pub struct Scoring {
    pub rating_weight: f64,
    pub preference_weight: f64,
    /// The learner's largest preference; preferences are divided by it (0: none).
    pub max_preference: f64,
    /// Added once to a course tagged with any of `weak_tags`.
    pub weak_boost: f64,
    pub weak_tags: Vec<String>,
    /// Weight of the recent-interest term.
    pub recency_weight: f64,
    /// Recent interest per category, 0..=1 (the strongest is 1); others count 0.
    pub recent: Vec<(i64, f64)>,
}

/// Published courses the learner is not enrolled in, best score first; ties broken by
/// more ratings, then the smaller course id. Three queries: total, page, tags.
pub async fn recommended(
    s: &mut dyn Session,
    user_id: UserId,
    scoring: &Scoring,
    limit: i64,
    offset: i64,
) -> Result<(Vec<(CourseRecord, f64)>, i64), StoreError> {
    let base = "c.status = 'published' AND NOT EXISTS \
         (SELECT 1 FROM enrollments en WHERE en.user_id = $1 AND en.course_id = c.id)";
    let total: i64 = count(
        sqlx::query(&format!("SELECT COUNT(*) AS n FROM courses c WHERE {base}")).bind(user_id.0),
        s.conn(),
    )
    .await?;
    // $1 user, $2 rating weight, $3 preference weight, $4 max preference (>0), $5 boost,
    // $6 limit, $7 offset, $8… weak tag slugs, then pairs (category, interest).
    let boost = if scoring.weak_tags.is_empty() {
        "($5 * 0.0)".to_owned()
    } else {
        format!(
            "CASE WHEN EXISTS (SELECT 1 FROM course_tags ct JOIN tags t ON t.id = ct.tag_id \
             WHERE ct.course_id = c.id AND t.slug IN ({})) THEN $5 ELSE 0.0 END",
            placeholders(8, scoring.weak_tags.len())
        )
    };
    let first = 8 + scoring.weak_tags.len();
    // A constant of the use-case, never user input.
    let recency_weight = scoring.recency_weight;
    let recency = if scoring.recent.is_empty() {
        "0.0".to_owned()
    } else {
        let arms: Vec<String> = (0..scoring.recent.len())
            .map(|i| format!("WHEN ${} THEN ${}", first + 2 * i, first + 2 * i + 1))
            .collect();
        format!("CASE c.category_id {} ELSE 0.0 END", arms.join(" "))
    };
    let sql = format!(
        "SELECT {COLUMNS}, \
             ($2 * c.rating_avg / 5.0 + $3 * COALESCE(p.score, 0.0) / $4 + {boost} \
              + {recency_weight} * {recency}) AS score \
         FROM {FROM} \
         LEFT JOIN category_preferences p ON p.user_id = $1 AND p.category_id = c.category_id \
         WHERE {base} \
         ORDER BY score DESC, c.rating_count DESC, c.id ASC LIMIT $6 OFFSET $7"
    );
    let mut q = sqlx::query(&sql)
        .bind(user_id.0)
        .bind(scoring.rating_weight)
        .bind(scoring.preference_weight)
        .bind(if scoring.max_preference > 0.0 {
            scoring.max_preference
        } else {
            1.0
        })
        .bind(scoring.weak_boost)
        .bind(limit)
        .bind(offset);
    for t in &scoring.weak_tags {
        q = q.bind(t.as_str());
    }
    for (category, interest) in &scoring.recent {
        q = q.bind(*category).bind(*interest);
    }
    let rows = q.fetch_all(s.conn()).await?;
    let mut courses: Vec<CourseRecord> = rows.iter().map(from_row).collect::<Result<_, _>>()?;
    let scores: Vec<f64> = rows
        .iter()
        .map(|r| get::<f64>(r, "score"))
        .collect::<Result<_, _>>()?;
    attach_tags(s, &mut courses).await?;
    Ok((courses.into_iter().zip(scores).collect(), total))
}
