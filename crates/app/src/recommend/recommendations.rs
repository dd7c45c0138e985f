//! `GET /recommendations`: scored published courses the learner is not enrolled in.

use practicum_domain::identity::Slug;
use practicum_store::{
    catalog::courses::CourseRecord,
    recommend::{self, Scoring},
};

use super::{PREFERENCE_WEIGHT, RATING_WEIGHT, WEAK_MODULES, WEAK_MODULE_BOOST};
use crate::{identity::Actor, App, AppError, Page, PageRequest};

#[derive(Debug, Clone)]
pub struct Recommendation {
    pub course: CourseRecord,
    pub score: f64,
}

impl App {
    /// Four to six queries whatever the number of courses: preferences' maximum, the
    /// latest module stats (and their names), the total, the page, its tags.
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
        let scoring = Scoring {
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
            .map(|(course, score)| Recommendation { course, score })
            .collect();
        Ok((Page::new(items, total, page), weak_tags))
    }
}
