//! The invariants of spec/adaptive.md hold in the database itself, on both backends:
//! statements that bypass the application are refused with the classified error.

use practicum_store::{Session, StoreError};

use super::support::*;
use crate::support::*;

async fn refused(t: &TestApp, sql: &str) -> StoreError {
    let mut tx = t.db.db.write().await.unwrap();
    let err = sqlx::query(sql)
        .execute(tx.conn())
        .await
        .map(|r| r.rows_affected())
        .map_err(StoreError::from);
    match err {
        Ok(n) => panic!("accepted ({n} rows): {sql}"),
        Err(e) => e,
    }
}

#[track_caller]
fn unique(e: StoreError, name: &str) {
    assert!(e.is_unique(name), "expected unique {name}, got {e:?}");
}

const USER: &str = "(SELECT id FROM users WHERE email = 'inv@example.org')";
const TRAINEE: &str = "(SELECT s.id FROM stages s JOIN tracks t ON t.id = s.track_id \
                       WHERE t.slug = 'ml-test' AND s.rank = 'trainee')";
const JUNIOR1: &str = "(SELECT s.id FROM stages s JOIN tracks t ON t.id = s.track_id \
                       WHERE t.slug = 'ml-test' AND s.rank = 'junior' AND s.level = 1)";
const TRACK: &str = "(SELECT id FROM tracks WHERE slug = 'ml-test')";
const LEVEL_ATTEMPT: &str = "(SELECT MAX(id) FROM attempts WHERE kind = 'level')";

#[db_test]
async fn adaptive_database_enforces_the_invariants(t: TestApp) {
    let admin = build_track(&t).await;
    let me = learner_after_diagnostic(&t, "inv@example.org").await;
    pass_level(&t, &me).await; // trainee_0 pending_approval, one pending request
    draft_other_track(&t, &admin).await;

    // One diagnostic per learner.
    let e = refused(&t, &format!(
        "INSERT INTO diagnostics (user_id, attempt_id, started_at) VALUES ({USER}, {LEVEL_ATTEMPT}, 0)"
    )).await;
    unique(e, "diagnostics_user_key");
    // One progress row per (learner, stage); one current stage per learner.
    let sv = "(SELECT id FROM settings_versions WHERE track_id = (SELECT id FROM tracks WHERE slug = 'ml-test'))";
    let progress = |stage: &str, version: &str, status: &str| {
        format!(
            "INSERT INTO stage_progress (user_id, track_id, stage_id, settings_version_id, \
             status, started_at) VALUES ({USER}, {TRACK}, {stage}, {version}, '{status}', 0)"
        )
    };
    let e = refused(&t, &progress(TRAINEE, sv, "completed")).await;
    unique(e, "stage_progress_user_stage_key");
    let e = refused(&t, &progress(JUNIOR1, sv, "active")).await;
    unique(e, "stage_progress_one_current_key");
    // A pinned settings version belongs to the stage's track.
    let other_sv = "(SELECT id FROM settings_versions WHERE track_id = (SELECT id FROM tracks WHERE slug = 'other'))";
    let e = refused(&t, &progress(JUNIOR1, other_sv, "completed")).await;
    assert!(matches!(e, StoreError::ForeignKey { .. }), "{e:?}");
    // Exactly one current settings version per track.
    let e = refused(
        &t,
        &format!(
            "INSERT INTO settings_versions (track_id, version, settings, is_current, created_at) \
         VALUES ({TRACK}, 9, '{{}}', TRUE, 0)"
        ),
    )
    .await;
    unique(e, "settings_versions_one_current_key");
    // Attempt numbers unique; one passed attempt per exam kind and stage.
    let e = refused(&t, &format!(
        "INSERT INTO attempts (user_id, stage_id, kind, attempt_no, seed, settings_version_id, status, \
         questions_total, passed, started_at) VALUES ({USER}, {TRAINEE}, 'level', 1, 0, {sv}, 'submitted', 6, FALSE, 0)"
    )).await;
    unique(e, "attempts_no_key");
    let e = refused(&t, &format!(
        "INSERT INTO attempts (user_id, stage_id, kind, attempt_no, seed, settings_version_id, status, \
         questions_total, correct, pct, passed, started_at) \
         VALUES ({USER}, {TRAINEE}, 'level', 7, 0, {sv}, 'submitted', 6, 6, 100, TRUE, 0)"
    )).await;
    assert!(matches!(e, StoreError::Unique { .. }), "{e:?}");
    // 0 <= correct <= total, percentages 0..100, difficulty 1..5.
    let e = refused(
        &t,
        &format!("UPDATE attempts SET correct = 7 WHERE id = {LEVEL_ATTEMPT}"),
    )
    .await;
    assert!(matches!(e, StoreError::Check { .. }), "{e:?}");
    let e = refused(
        &t,
        &format!("UPDATE attempts SET pct = 101 WHERE id = {LEVEL_ATTEMPT}"),
    )
    .await;
    assert!(matches!(e, StoreError::Check { .. }), "{e:?}");
    let e = refused(&t, "UPDATE questions SET difficulty = 6").await;
    assert!(matches!(e, StoreError::Check { .. }), "{e:?}");
    // One correct option per question.
    let e = refused(&t, "UPDATE question_options SET is_correct = TRUE").await;
    unique(e, "question_options_one_correct_key");
    // A question once per attempt; an answer to a question of its attempt, with an
    // option of that question.
    let e = refused(&t, &format!(
        "INSERT INTO attempt_questions (attempt_id, question_id, module_id, position) \
         SELECT attempt_id, question_id, module_id, 99 FROM attempt_questions WHERE attempt_id = {LEVEL_ATTEMPT}"
    )).await;
    unique(e, "attempt_questions_pkey");
    let foreign_question = format!(
        "(SELECT MIN(id) FROM questions WHERE id NOT IN (SELECT question_id FROM attempt_questions WHERE attempt_id = {LEVEL_ATTEMPT}))"
    );
    let e = refused(
        &t,
        &format!(
            "INSERT INTO attempt_answers (attempt_id, question_id, option_id, is_correct) \
         VALUES ({LEVEL_ATTEMPT}, {foreign_question}, \
         (SELECT MIN(id) FROM question_options WHERE question_id = {foreign_question}), FALSE)"
        ),
    )
    .await;
    assert!(matches!(e, StoreError::ForeignKey { .. }), "{e:?}");
    let e = refused(&t, &format!(
        "UPDATE attempt_answers SET option_id = (SELECT MIN(id) FROM question_options WHERE question_id = {foreign_question}) \
         WHERE attempt_id = {LEVEL_ATTEMPT}"
    )).await;
    assert!(matches!(e, StoreError::ForeignKey { .. }), "{e:?}");
    // One pending approval request per (learner, from-stage).
    let e = refused(&t, &format!(
        "INSERT INTO approval_requests (user_id, kind, from_stage_id, to_stage_id, status, created_at) \
         VALUES ({USER}, 'rank_transition', {TRAINEE}, {JUNIOR1}, 'pending', 0)"
    )).await;
    unique(e, "approval_requests_one_pending_key");
}
