//! Grades one answer to a quiz question of a lesson.

use practicum_domain::{
    catalog::{ContentBlock, LessonContent},
    FieldErrors,
};
use practicum_store::{catalog::syllabus, learning::activity, Session};
use serde_json::json;

use super::lesson_access;
use crate::ErrorCode;
use crate::{
    adaptive::learner_model::{quiz_modules, record_graded, GradedAnswer},
    identity::Actor,
    App, AppError,
};

#[derive(Debug, Clone)]
pub struct QuizVerdict {
    pub is_correct: bool,
    pub correct_answer_id: String,
}

impl App {
    /// The lesson must be readable by the caller; the question must be one of its quizzes
    /// (404) and the answer one of its options (422). Learners' answers are logged.
    /// Without `lesson_id` the question is looked up in the lessons the caller may read
    /// (enrolled courses, own courses; staff every course): none is 404, several 422
    /// asking for `lesson_id`.
    pub async fn check_quiz_answer(
        &self,
        actor: &Actor,
        lesson_id: Option<i64>,
        question_id: &str,
        answer_id: &str,
    ) -> Result<QuizVerdict, AppError> {
        let mut tx = self.db.write().await?;
        let lesson_id = match lesson_id {
            Some(id) => id,
            None => lesson_of_question(&mut tx, actor, question_id).await?,
        };
        let access = lesson_access(&mut tx, actor, lesson_id).await?;
        let blocks: Vec<ContentBlock> = serde_json::from_str(&access.lesson.content)
            .map_err(|e| AppError::internal(format!("lesson {lesson_id} content: {e}")))?;
        let content = LessonContent::parse(blocks)
            .map_err(|e| AppError::internal(format!("lesson {lesson_id} content: {e}")))?;
        let correct = content
            .correct_option(question_id)
            .ok_or(AppError::NotFound(ErrorCode::QuestionNotFound))?
            .to_owned();
        if !content.has_option(question_id, answer_id) {
            return Err(
                FieldErrors::single("answer_id", "is not an option of this question").into(),
            );
        }
        let is_correct = correct == answer_id;
        if access.enrolled {
            let payload = json!({"question_id": question_id, "answer_id": answer_id, "is_correct": is_correct});
            activity::record(
                &mut tx,
                &activity::NewActivity {
                    user_id: actor.id,
                    kind: "quiz.answered",
                    course_id: Some(access.lesson.course_id),
                    lesson_id: Some(lesson_id),
                    payload: &payload.to_string(),
                    now: self.now_ms(),
                },
            )
            .await?;
            // The answer is evidence for the learner's adaptive modules the course is
            // tagged with.
            let modules = quiz_modules(&mut tx, actor.id, access.lesson.course_id).await?;
            let answers: Vec<GradedAnswer> = modules
                .into_iter()
                .map(|module_id| GradedAnswer {
                    question_id: None,
                    module_id,
                    correct: is_correct,
                })
                .collect();
            record_graded(&mut tx, actor.id, None, "quiz", &answers, self.now_ms()).await?;
        }
        tx.commit().await?;
        Ok(QuizVerdict {
            is_correct,
            correct_answer_id: correct,
        })
    }
}

/// The one lesson readable by `actor` that holds quiz question `question_id`.
async fn lesson_of_question(
    s: &mut dyn Session,
    actor: &Actor,
    question_id: &str,
) -> Result<i64, AppError> {
    let candidates =
        syllabus::lessons_mentioning(s, actor.id, actor.role.is_staff(), question_id).await?;
    let mut found = Vec::new();
    for (id, content) in candidates {
        let Ok(blocks) = serde_json::from_str::<Vec<ContentBlock>>(&content) else {
            continue;
        };
        if LessonContent::parse(blocks).is_ok_and(|c| c.correct_option(question_id).is_some()) {
            found.push(id);
        }
    }
    match found.as_slice() {
        [] => Err(AppError::NotFound(ErrorCode::QuestionNotFound)),
        [one] => Ok(*one),
        _ => Err(FieldErrors::single(
            "lesson_id",
            "the question is in several lessons you may read: send lesson_id",
        )
        .into()),
    }
}
