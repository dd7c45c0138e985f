//! `GET /recommendations`: scored published courses the learner is not enrolled in.

use practicum_domain::identity::Slug;
use practicum_store::recommend::{self, Scoring};

use super::{
    InteractionKind, PREFERENCE_WEIGHT, RATING_WEIGHT, RECENCY_HALF_LIFE_MS, RECENCY_MAX_ROWS,
    RECENCY_WEIGHT, RECENCY_WINDOW_MS, WEAK_MODULES, WEAK_MODULE_BOOST,
};
use crate::catalog::CourseEntry;
use crate::{identity::Actor, App, AppError, Page, PageRequest};

#[derive(Debug, Clone)]
pub struct Recommendation {
    pub course: CourseEntry,
    pub score: f64,
}

/// Recent interest per category: Σ weight(kind) · 2^(−age / half-life), divided by the
/// largest (so the strongest is 1), strongest first.
fn recent_interest(rows: &[recommend::RecentInteraction], now: i64) -> Vec<(i64, f64)> {
    let mut sums: Vec<(i64, f64)> = Vec::new();
    for r in rows {
        let (Some(category), Some(kind)) = (r.category_id, InteractionKind::parse(&r.kind)) else {
            continue;
        };
        let age = (now - r.created_at).max(0) as f64;
        let w = kind.weight() * (-age / RECENCY_HALF_LIFE_MS as f64).exp2();
        match sums.iter_mut().find(|(c, _)| *c == category) {
            Some((_, sum)) => *sum += w,
            None => sums.push((category, w)),
        }
    }
    let max = sums.iter().map(|(_, s)| *s).fold(0.0, f64::max);
    if max <= 0.0 {
        return Vec::new();
    }
    sums.sort_by(|a, b| b.1.total_cmp(&a.1));
    // The ten strongest categories are enough for one page's scores.
    sums.into_iter()
        .take(10)
        .map(|(c, s)| (c, s / max))
        .collect()
}

impl App {
    /// Five to seven queries whatever the number of courses: preferences' maximum, the
    /// latest module stats (and their names), the recent interactions, the total, the
    /// page, its tags.
    pub async fn recommendations(
        &self,
        actor: &Actor,
        page: PageRequest,
    ) -> Result<(Page<Recommendation>, Vec<String>), AppError> {
        let mut conn = self.db.read_lagging().await?;
        let max_preference = recommend::max_preference(&mut conn, actor.id).await?;
        let mut stats = recommend::latest_module_stats(&mut conn, actor.id).await?;
        // Weakest first: most wrong answers, then the module order of the track (id).
        stats.sort_by_key(|(m, _)| (std::cmp::Reverse(m.stats.errors()), m.module_id.0));
        let weak_tags: Vec<String> = stats
            .iter()
            .filter(|(m, _)| m.stats.errors() > 0)
            .take(WEAK_MODULES)
            .map(|(_, name)| Slug::derive(name).as_str().to_owned())
            .collect();
        let now = self.now_ms();
        let recent = recommend::recent_interactions(
            &mut conn,
            actor.id,
            now - RECENCY_WINDOW_MS,
            RECENCY_MAX_ROWS,
        )
        .await?;
        let scoring = Scoring {
            recency_weight: RECENCY_WEIGHT,
            recent: recent_interest(&recent, now),
            rating_weight: RATING_WEIGHT,
            preference_weight: PREFERENCE_WEIGHT,
            max_preference,
            weak_boost: WEAK_MODULE_BOOST,
            weak_tags: weak_tags.clone(),
        };
        let (items, total) =
            recommend::recommended(&mut conn, actor.id, &scoring, page.limit(), page.offset())
                .await?;
        let items = items
            .into_iter()
            .map(|(course, score)| Recommendation {
                course: course.into(),
                score,
            })
            .collect();
        Ok((Page::new(items, total, page), weak_tags))
    }
}
