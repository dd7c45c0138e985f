//! Spaced review: `GET /review/due` and `POST /review/{id}/answer`.

use practicum_domain::{
    adaptive::{review::Rating, OptionId},
    identity::UserId,
    FieldErrors, Timestamp,
};
use practicum_store::adaptive::{
    mastery,
    review::{self, CardKind, CardRow},
};

use super::{
    context::{answer_keys, question_views},
    learner_model::{next_module_question, record_graded, review_card, GradedAnswer},
    QuestionView,
};
use crate::ErrorCode;
use crate::{App, AppError};

/// A due card with the question its review asks.
#[derive(Debug, Clone)]
pub struct DueCardView {
    pub card_id: i64,
    /// `question` (a question once missed) or `module` (a module whose memory decays).
    pub kind: &'static str,
    pub module_id: i64,
    pub module_name: String,
    pub due_at: Timestamp,
    pub reps: i64,
    pub lapses: i64,
    pub question: QuestionView,
    pub reason: String,
}

#[derive(Debug, Clone)]
pub struct DueView {
    /// All due cards (the list is capped at `limit`).
    pub due_count: i64,
    pub items: Vec<DueCardView>,
}

/// The outcome of a review answer.
#[derive(Debug, Clone)]
pub struct ReviewResultView {
    pub card_id: i64,
    pub is_correct: bool,
    pub correct_option_id: i64,
    pub rating: &'static str,
    pub next_due_at: Timestamp,
    pub interval_days: f64,
    /// The module's mastery after the answer, and its sd.
    pub mastery: f64,
    pub mastery_sd: f64,
}

fn kind_str(k: CardKind) -> &'static str {
    k.as_str()
}

impl App {
    /// The caller's due review cards, soonest first (at most `limit`, 1..=50), with the
    /// question each asks (never the answer), and how many are due in all. Two queries
    /// for the cards plus two for their questions and module names.
    pub async fn due_reviews(&self, user: UserId, limit: u32) -> Result<DueView, AppError> {
        let now = self.now_ms();
        let mut conn = self.db.read().await?;
        let (cards, due_count) =
            review::due(&mut conn, user, now, i64::from(limit.clamp(1, 50))).await?;
        let ids: Vec<i64> = cards.iter().filter_map(|c| c.question_id).collect();
        let questions = question_views(&mut conn, &ids).await?;
        let modules = practicum_store::adaptive::catalog::module_names(
            &mut conn,
            &cards.iter().map(|c| c.module_id).collect::<Vec<_>>(),
        )
        .await?;
        let items = cards
            .iter()
            .filter_map(|c| {
                let question = questions.iter().find(|q| Some(q.question_id) == c.question_id)?;
                let module_name = modules.get(&c.module_id).cloned().unwrap_or_default();
                let reason = match c.kind {
                    CardKind::Question => format!(
                        "you missed this question of {module_name}; reviewing it now, as recall fades, fixes it"
                    ),
                    CardKind::Module => format!(
                        "your memory of {module_name} is predicted to have faded to about 90 % recall"
                    ),
                };
                Some(DueCardView {
                    card_id: c.id,
                    kind: kind_str(c.kind),
                    module_id: c.module_id,
                    module_name,
                    due_at: c.due_at,
                    reps: c.reps,
                    lapses: c.lapses,
                    question: question.clone(),
                    reason,
                })
            })
            .collect();
        Ok(DueView { due_count, items })
    }

    /// Answers a review card of the caller's (404 for an unknown card or someone
    /// else's; 409 when not due yet; 422 for an option of another question): grades it,
    /// updates the learner model, and reschedules the card with FSRS (right = `good`,
    /// wrong = `again`), all in one transaction.
    pub async fn answer_review(
        &self,
        user: UserId,
        card_id: i64,
        option_id: i64,
    ) -> Result<ReviewResultView, AppError> {
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        mastery::lock_learner(&mut tx, user).await?;
        let card: CardRow = review::find(&mut tx, card_id)
            .await?
            .filter(|c| c.user_id == user)
            .ok_or(AppError::NotFound(ErrorCode::ReviewCardNotFound))?;
        if card.due_at > now {
            return Err(AppError::Conflict {
                code: ErrorCode::ReviewNotDue,
                message: "this card is not due yet".into(),
                details: Some(serde_json::json!({ "due_at": card.due_at })),
            });
        }
        let question_id = card
            .question_id
            .ok_or(AppError::NotFound(ErrorCode::ReviewQuestionNotFound))?;
        let key = answer_keys(&mut tx, &[question_id])
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound(ErrorCode::ReviewQuestionNotFound))?;
        if !key.options.contains(&OptionId(option_id)) {
            return Err(
                FieldErrors::single("option_id", "is not an option of this question").into(),
            );
        }
        let is_correct = key.correct.contains(&OptionId(option_id));
        let correct_option_id = key.correct.iter().next().map_or(0, |o| o.0);
        let estimates = record_graded(
            &mut tx,
            user,
            None,
            "review",
            &[GradedAnswer {
                question_id: Some(question_id),
                module_id: card.module_id,
                correct: is_correct,
            }],
            now,
        )
        .await?;
        let ability = estimates.get(&card.module_id).copied().unwrap_or_default();
        let next_question = match card.kind {
            CardKind::Question => Some(question_id),
            CardKind::Module => {
                next_module_question(&mut tx, user, card.module_id, ability, Some(question_id))
                    .await?
            }
        };
        let rating = Rating::for_answer(is_correct);
        let updated = review_card(&mut tx, &card, rating, next_question, now).await?;
        tx.commit().await?;
        let (mastery, mastery_sd) = ability.mastery();
        Ok(ReviewResultView {
            card_id,
            is_correct,
            correct_option_id,
            rating: rating.as_str(),
            next_due_at: updated.due_at,
            interval_days: (updated.due_at - now) as f64 / 86_400_000.0,
            mastery,
            mastery_sd,
        })
    }
}
