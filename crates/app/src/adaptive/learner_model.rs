//! The learner model's bookkeeping inside the grading transactions: every graded answer
//! (diagnostic, exams, mini-tests, lesson quizzes, reviews) updates the learner's module
//! estimates, is logged for item calibration, and moves the spaced-review cards.

use std::collections::BTreeMap;

use practicum_domain::{
    adaptive::{
        mastery::{draw::RatedQuestion, Ability, ItemDifficulty},
        review::{rating_for_share, schedule, Rating},
        Difficulty, ModuleId, QuestionId,
    },
    identity::UserId,
    Timestamp,
};
use practicum_store::{
    adaptive::{
        mastery::{self, EstimateRow, QuestionDifficulty, ResponseRow},
        review::{self, CardKind, CardRow},
    },
    Session,
};

use crate::AppError;

/// The recall probability spaced review aims at (FSRS's desired retention).
pub const REVIEW_RETENTION: f32 = 0.9;

/// One graded answer for the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GradedAnswer {
    /// `None` for a lesson quiz (not a bank question).
    pub question_id: Option<i64>,
    pub module_id: i64,
    pub correct: bool,
}

/// The difficulty the model uses for a bank question: calibrated when the calibration
/// job has seen it, else the author's.
pub(crate) fn item_difficulty(q: &QuestionDifficulty) -> ItemDifficulty {
    q.calibrated.unwrap_or_else(|| {
        ItemDifficulty::from_author(Difficulty::new(q.author).unwrap_or(Difficulty::MEDIUM))
    })
}

pub(crate) fn rated(q: &QuestionDifficulty) -> RatedQuestion {
    RatedQuestion {
        id: QuestionId(q.question_id),
        module_id: ModuleId(q.module_id),
        author: Difficulty::new(q.author).unwrap_or(Difficulty::MEDIUM),
        difficulty: item_difficulty(q),
    }
}

/// Updates the model from `answers` (in the order graded), in the caller's transaction:
/// the estimates of the modules answered (aged since their last update, then one Glicko
/// update per answer), the response log, and the review cards (a missed question gets a
/// card; a carded question is reviewed by the answer; each module answered gets one
/// review rated from its share right). Returns the new estimates by module.
pub(crate) async fn record_graded(
    s: &mut dyn Session,
    user: UserId,
    attempt_id: Option<i64>,
    source: &'static str,
    answers: &[GradedAnswer],
    now: Timestamp,
) -> Result<BTreeMap<i64, Ability>, AppError> {
    if answers.is_empty() {
        return Ok(BTreeMap::new());
    }
    mastery::lock_learner(s, user).await?;
    let question_ids: Vec<i64> = answers.iter().filter_map(|a| a.question_id).collect();
    let difficulties = mastery::difficulties(s, &question_ids).await?;
    let mut module_ids: Vec<i64> = answers.iter().map(|a| a.module_id).collect();
    module_ids.sort_unstable();
    module_ids.dedup();
    let mut estimates: BTreeMap<i64, EstimateRow> = mastery::estimates(s, user, &module_ids)
        .await?
        .into_iter()
        .map(|e| (e.module_id, e))
        .collect();
    let mut responses = Vec::with_capacity(answers.len());
    let mut per_module: BTreeMap<i64, (u32, u32)> = BTreeMap::new();
    for a in answers {
        let item = a
            .question_id
            .and_then(|q| difficulties.get(&q))
            .map_or(ItemDifficulty::unrated(), item_difficulty);
        let e = estimates.entry(a.module_id).or_insert_with(|| EstimateRow {
            user_id: user,
            module_id: a.module_id,
            ability: Ability::prior(),
            answers: 0,
            correct: 0,
            updated_at: now,
        });
        e.ability = e.ability.aged(now - e.updated_at).update(item, a.correct);
        e.answers += 1;
        e.correct += i64::from(a.correct);
        e.updated_at = now;
        let tally = per_module.entry(a.module_id).or_default();
        tally.0 += u32::from(a.correct);
        tally.1 += 1;
        responses.push(ResponseRow {
            user_id: user,
            module_id: a.module_id,
            question_id: a.question_id,
            attempt_id,
            source,
            correct: a.correct,
            difficulty: item,
            answered_at: now,
        });
    }
    let changed: Vec<EstimateRow> = estimates
        .values()
        .filter(|e| module_ids.contains(&e.module_id))
        .cloned()
        .collect();
    mastery::upsert_many(s, &changed).await?;
    mastery::insert_responses(s, &responses).await?;
    // Reviews answered through the review route schedule their own card.
    if source != "review" {
        update_cards(s, user, answers, &per_module, &estimates, now).await?;
    }
    Ok(estimates.into_iter().map(|(m, e)| (m, e.ability)).collect())
}

/// The review cards after graded answers (see [`record_graded`]): the cards read in one
/// statement, the modules' review pools in one, the new cards written in one.
async fn update_cards(
    s: &mut dyn Session,
    user: UserId,
    answers: &[GradedAnswer],
    per_module: &BTreeMap<i64, (u32, u32)>,
    estimates: &BTreeMap<i64, EstimateRow>,
    now: Timestamp,
) -> Result<(), AppError> {
    let question_ids: Vec<i64> = answers.iter().filter_map(|a| a.question_id).collect();
    let module_ids: Vec<i64> = per_module.keys().copied().collect();
    let cards = review::cards_of(s, user, &question_ids, &module_ids).await?;
    let mut new_cards = Vec::new();
    for a in answers {
        let Some(q) = a.question_id else { continue };
        let existing = cards
            .iter()
            .find(|c| c.kind == CardKind::Question && c.question_id == Some(q));
        match existing {
            Some(card) => {
                review_card(s, card, Rating::for_answer(a.correct), Some(q), now).await?;
            }
            None if !a.correct => {
                new_cards.push(new_card(
                    user,
                    CardKind::Question,
                    a.module_id,
                    Some(q),
                    Rating::Again,
                    now,
                )?);
            }
            None => {}
        }
    }
    let pools = mastery::answered_in_modules(s, user, &module_ids).await?;
    for (&module_id, &(correct, total)) in per_module {
        let ability = estimates
            .get(&module_id)
            .map_or(Ability::prior(), |e| e.ability);
        let existing = cards
            .iter()
            .find(|c| c.kind == CardKind::Module && c.module_id == module_id);
        let last = existing.and_then(|c| c.question_id);
        let pool: Vec<QuestionDifficulty> = pools
            .iter()
            .filter(|q| q.module_id == module_id)
            .cloned()
            .collect();
        let next = nearest_question(&pool, ability, last);
        let rating = rating_for_share(correct, total);
        match existing {
            Some(card) => {
                review_card(s, card, rating, next, now).await?;
            }
            None => new_cards.push(new_card(
                user,
                CardKind::Module,
                module_id,
                next,
                rating,
                now,
            )?),
        }
    }
    review::insert_many(s, &new_cards).await?;
    Ok(())
}

/// The question a module's next review asks: among the learner's answered active
/// questions of the module, the one of difficulty nearest the ability, not the one
/// just asked when there is another (ties by id).
pub(crate) async fn next_module_question(
    s: &mut dyn Session,
    user: UserId,
    module_id: i64,
    ability: Ability,
    avoid: Option<i64>,
) -> Result<Option<i64>, AppError> {
    let pool = mastery::answered_in_module(s, user, module_id).await?;
    Ok(nearest_question(&pool, ability, avoid))
}

/// [`next_module_question`] over the module's `pool` (read by the caller).
fn nearest_question(
    pool: &[QuestionDifficulty],
    ability: Ability,
    avoid: Option<i64>,
) -> Option<i64> {
    let nearest = |skip: Option<i64>| {
        pool.iter()
            .filter(|q| Some(q.question_id) != skip)
            .min_by(|a, b| {
                let da = (item_difficulty(a).mean - ability.mean).abs();
                let db = (item_difficulty(b).mean - ability.mean).abs();
                da.total_cmp(&db).then(a.question_id.cmp(&b.question_id))
            })
            .map(|q| q.question_id)
    };
    nearest(avoid).or_else(|| nearest(None))
}

/// A new card after its first review rated `rating`.
fn new_card(
    user: UserId,
    kind: CardKind,
    module_id: i64,
    question_id: Option<i64>,
    rating: Rating,
    now: Timestamp,
) -> Result<CardRow, AppError> {
    let next = schedule(None, now, rating, REVIEW_RETENTION)
        .map_err(|e| AppError::internal(e.to_string()))?;
    Ok(CardRow {
        id: 0,
        user_id: user,
        kind,
        module_id,
        question_id,
        memory: next.memory,
        reps: 1,
        lapses: i64::from(rating == Rating::Again),
        last_rating: rating.as_str().to_owned(),
        last_review_at: now,
        due_at: next.due_at,
        created_at: now,
    })
}

/// Schedules `card` after a review rated `rating`; `question_id` is what it asks next.
pub(crate) async fn review_card(
    s: &mut dyn Session,
    card: &CardRow,
    rating: Rating,
    question_id: Option<i64>,
    now: Timestamp,
) -> Result<CardRow, AppError> {
    let next = schedule(
        Some((card.memory, card.last_review_at)),
        now,
        rating,
        REVIEW_RETENTION,
    )
    .map_err(|e| AppError::internal(e.to_string()))?;
    let updated = CardRow {
        question_id: match card.kind {
            CardKind::Question => card.question_id,
            CardKind::Module => question_id,
        },
        memory: next.memory,
        reps: card.reps + 1,
        lapses: card.lapses + i64::from(rating == Rating::Again),
        last_rating: rating.as_str().to_owned(),
        last_review_at: now,
        due_at: next.due_at,
        ..card.clone()
    };
    review::update(s, &updated).await?;
    Ok(updated)
}

/// The modules of the learner's current track a lesson quiz of `course_id` is evidence
/// for: those whose name, slugified, is one of the course's tags (the link the
/// recommendations use). Empty for a learner without a track.
pub(crate) async fn quiz_modules(
    s: &mut dyn Session,
    user: UserId,
    course_id: i64,
) -> Result<Vec<i64>, AppError> {
    let Some(current) = practicum_store::adaptive::progress::current(s, user).await? else {
        return Ok(Vec::new());
    };
    let tags = mastery::course_tag_slugs(s, course_id).await?;
    if tags.is_empty() {
        return Ok(Vec::new());
    }
    Ok(
        practicum_store::adaptive::catalog::modules(s, current.track_id)
            .await?
            .into_iter()
            .filter(|m| {
                let slug = practicum_domain::identity::Slug::derive(&m.name);
                tags.iter().any(|t| t == slug.as_str())
            })
            .map(|m| m.id)
            .collect(),
    )
}
