//! The exam start draws from the database without loading the bank; the attempt it
//! stores must be exactly what the pure engine draws over the whole bank from the
//! attempt's stored seed (so an attempt can be audited, and the SQL draw key stays the
//! domain's).

use axum::http::StatusCode;
use std::collections::BTreeSet;

use practicum_domain::{
    adaptive::{level_exam_draw, QuestionId},
    identity::UserId,
};
use practicum_store::adaptive::{attempts, content};
use serde_json::{json, Value};

use super::support::*;
use crate::support::*;

/// 40 more trainee questions per module, so the draw has to choose.
fn more_questions() -> Value {
    let mut questions = Vec::new();
    for module in MODULES {
        for i in 0..40 {
            questions.push(json!({
                "module": module, "stage": "trainee_0",
                "text": format!("extra {module} {i}"), "difficulty": (i * 7) % 5 + 1,
                "options": [{"text": "wrong"}, {"text": "right", "is_correct": true}]
            }));
        }
    }
    json!({ "questions": questions })
}

/// Asserts that attempt `attempt_id` (on track `slug`) is what the pure engine draws over
/// the whole active bank from its stored seed, `seen` being the questions asked before.
pub(super) async fn replay(t: &TestApp, slug: &str, attempt_id: i64, seen: &BTreeSet<QuestionId>) {
    let mut conn = t.db.db.read().await.unwrap();
    let attempt = stored_attempt(&mut conn, attempt_id).await;
    let modules = track_modules(&mut conn, slug).await;
    let whole_bank = whole_bank(&mut conn, attempt.stage_id).await;
    let stats = attempts::diagnostic_of(&mut conn, attempt.user_id)
        .await
        .unwrap()
        .and_then(|d| d.module_stats)
        .unwrap_or_default();
    let settings =
        practicum_store::adaptive::settings::find(&mut conn, attempt.settings_version_id)
            .await
            .unwrap()
            .unwrap()
            .settings;
    // The K weakest are ranked with the tie seed stored with the stage's content.
    let tie_seed = content::tie_seed(&mut conn, attempt.user_id, attempt.stage_id)
        .await
        .unwrap();
    assert!(tie_seed.is_some(), "the content assignment stores its seed");
    let expected: Vec<i64> = level_exam_draw(
        &modules,
        &whole_bank,
        &stats,
        seen,
        &settings.level_exam_plan(settings.weakness_ties(tie_seed)),
        attempt.seed as u64,
    )
    .unwrap()
    .iter()
    .map(|d| d.question_id.0)
    .collect();
    let stored: Vec<i64> = attempts::questions(&mut conn, attempt_id)
        .await
        .unwrap()
        .into_iter()
        .map(|(q, _)| q)
        .collect();
    assert_eq!(
        stored, expected,
        "attempt {attempt_id} re-drawn from its seed"
    );
}

pub(super) async fn asked(t: &TestApp, user: UserId) -> BTreeSet<QuestionId> {
    let mut conn = t.db.db.read().await.unwrap();
    attempts::seen_questions(&mut conn, user)
        .await
        .unwrap()
        .into_iter()
        .map(QuestionId)
        .collect()
}

/// A learner ready for the level exam (diagnostic graded, content closed), with its id.
async fn ready_for_the_exam(t: &TestApp, email: &str) -> (String, UserId) {
    let me = learner_after_diagnostic(t, email).await;
    let r = t.get("/api/v1/auth/me", Some(&me)).await;
    let user = UserId(r.body["user_id"].as_i64().unwrap());
    t.post_created("/api/v1/content/assign", Some(&me), json!({}))
        .await;
    close_content(t, &me).await;
    (me, user)
}

/// One failed level exam: started, replayed from its seed with what was seen before it,
/// then submitted all wrong. Returns the questions it asked that had been seen before and
/// the statements its start ran.
async fn sit_and_fail(t: &TestApp, me: &str, user: UserId) -> (usize, u64) {
    let seen_before = asked(t, user).await;
    let before = t.db.db.query_count();
    let exam = start(t, me, "exams/level")
        .await
        .expect_status(StatusCode::CREATED);
    let statements = t.db.db.query_count() - before;
    let attempt_id = exam["attempt_id"].as_i64().unwrap();
    replay(t, SLUG, attempt_id, &seen_before).await;
    let ids: Vec<i64> = exam["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["question_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 6);
    let reused = ids
        .iter()
        .filter(|id| seen_before.contains(&QuestionId(**id)))
        .count();
    let r = t
        .post_ok(
            &format!("/api/v1/exams/level/{attempt_id}/submit"),
            Some(me),
            answers(&exam["questions"], |_| false),
        )
        .await;
    assert_eq!(r["passed"], false);
    (reused, statements)
}

#[db_test]
async fn adaptive_exam_draw_replays_from_the_stored_seed(t: TestApp) {
    let admin = build_track(&t).await;
    t.post_created(
        &format!("/api/v1/admin/tracks/{SLUG}/import"),
        Some(&admin),
        more_questions(),
    )
    .await;
    let (me, user) = ready_for_the_exam(&t, "draw@example.org").await;

    // Three failed attempts: each replays with what was seen before it, and none asks a
    // question seen before while unseen ones remain.
    let mut statements = Vec::new();
    for _ in 0..3 {
        let (reused, n) = sit_and_fail(&t, &me, user).await;
        assert_eq!(reused, 0);
        statements.push(n);
    }
    // The seen questions are left out inside the window scan: a start runs the same
    // statements whatever the learner was asked before.
    assert!(
        statements.iter().all(|n| *n == statements[0]),
        "statements per start: {statements:?}"
    );
}

/// The small bank (four questions per module at the stage): two exams of six ask its
/// twelve questions, so the third one's windows come up short of unseen questions and fall
/// back on the seen ones (the store reads them only then: one statement more). Each
/// attempt still replays from its seed over the whole bank.
#[db_test]
async fn adaptive_exam_draw_falls_back_on_seen_questions_when_the_unseen_run_out(t: TestApp) {
    build_track(&t).await;
    let (me, user) = ready_for_the_exam(&t, "retake@example.org").await;

    let mut reused = 0;
    let mut statements = Vec::new();
    for round in 0..3 {
        let (r, n) = sit_and_fail(&t, &me, user).await;
        reused = r;
        statements.push(n);
        if round < 2 {
            assert_eq!(reused, 0, "unseen questions first");
        }
    }
    assert_eq!(reused, 6, "the third exam asks only seen questions");
    // Only the start whose windows came up short read the seen questions.
    assert_eq!(statements[1], statements[0], "{statements:?}");
    assert_eq!(statements[2], statements[0] + 1, "{statements:?}");
}
