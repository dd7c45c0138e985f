//! A small track built through the admin API: trainee + junior, three modules, four
//! questions per module and stage (the correct option is always the text "right"), an
//! optional and a required article (two mini-test questions) per module and stage.

use axum::http::StatusCode;
use futures::future::join_all;
use practicum_domain::adaptive::{BankQuestion, Difficulty, ModuleId, QuestionId, StageModule};
use practicum_store::{
    adaptive::{
        attempts::{self, AttemptRecord},
        bank, catalog,
    },
    Session,
};
use serde_json::{json, Value};
use sqlx::Row;

use crate::support::*;

pub const SLUG: &str = "ml-test";
pub const MODULES: [&str; 3] = ["Alpha", "Beta", "Gamma"];
pub const STAGES: [&str; 4] = ["trainee_0", "junior_1", "junior_2", "junior_3"];

pub fn settings() -> Value {
    json!({
        "content_k_weak_modules": 1,
        "content_optional_per_module": 1,
        "content_required_per_weak_module": 1,
        "minitest_questions": 2,
        "minitest_pass_correct": 2,
        "diagnostic_questions_per_module": 2,
        "level_exam_questions": 6,
        "min_questions_per_module": 1,
        "max_questions_per_module": 4,
        "level_exam_pass_pct": 60,
        "rank_final_questions": 6,
        "rank_final_pass_pct": 60
    })
}

fn question(module: &str, stage: &str, i: usize) -> Value {
    json!({
        "module": module, "stage": stage, "text": format!("{stage} {module} question {i}"),
        "difficulty": (i % 5) + 1,
        "options": [{"text": "wrong"}, {"text": "right", "is_correct": true}, {"text": "also wrong"}]
    })
}

fn minitest_question(i: usize) -> Value {
    json!({"text": format!("check {i}"), "options": [{"text": "right", "is_correct": true}, {"text": "wrong"}]})
}

pub fn import_document() -> Value {
    let mut questions = Vec::new();
    let mut articles = Vec::new();
    for stage in STAGES {
        for module in MODULES {
            for i in 0..4 {
                questions.push(question(module, stage, i));
            }
            articles.push(json!({"module": module, "stage": stage, "kind": "optional",
                "title": format!("Read about {module} at {stage}"), "markdown": "# Notes"}));
            articles.push(json!({"module": module, "stage": stage, "kind": "required",
                "title": format!("Master {module} at {stage}"), "markdown": "# Must read",
                "minitest": [minitest_question(1), minitest_question(2)]}));
        }
    }
    json!({"modules": MODULES, "questions": questions, "articles": articles})
}

/// Builds and publishes the track; returns the admin-scoped token.
pub async fn build_track(t: &TestApp) -> String {
    let (_, admin) = t.admin("admin@example.org").await;
    new_track(
        t,
        &admin,
        json!({"slug": SLUG, "title": "ML test track", "ranks": ["trainee", "junior"]}),
    )
    .await
    .expect_status(StatusCode::CREATED);
    t.post_created(
        &format!("/api/v1/admin/tracks/{SLUG}/import"),
        Some(&admin),
        import_document(),
    )
    .await;
    t.post_created(
        &format!("/api/v1/admin/tracks/{SLUG}/settings"),
        Some(&admin),
        settings(),
    )
    .await;
    t.patch_ok(
        &format!("/api/v1/admin/tracks/{SLUG}"),
        Some(&admin),
        json!({"is_published": true}),
    )
    .await;
    admin
}

/// Answers every question: the "right" option when `correct(question)` says so.
pub fn answers(questions: &Value, correct: impl Fn(&Value) -> bool) -> Value {
    let answers: Vec<Value> = questions
        .as_array()
        .expect("questions")
        .iter()
        .map(|q| {
            let want = if correct(q) { "right" } else { "wrong" };
            let option = q["options"]
                .as_array()
                .expect("options")
                .iter()
                .find(|o| o["text"] == want)
                .expect("option");
            json!({"question_id": q["question_id"], "option_id": option["option_id"]})
        })
        .collect();
    json!({ "answers": answers })
}

/// Closes every assigned article: reads the optional ones, passes the mini-tests.
pub async fn close_content(t: &TestApp, token: &str) {
    let my = t.get_ok("/api/v1/content/my", Some(token)).await;
    for item in my["items"].as_array().expect("items") {
        let id = &item["id"];
        if item["kind"] == "optional" {
            t.post(
                &format!("/api/v1/content/{id}/read"),
                Some(token),
                json!({}),
            )
            .await
            .expect_status(StatusCode::NO_CONTENT);
        } else {
            let m = t
                .get_ok(&format!("/api/v1/content/{id}/minitest"), Some(token))
                .await;
            let r = submit_minitest(t, token, id, answers(&m["questions"], |_| true))
                .await
                .expect_status(StatusCode::OK);
            assert_eq!(r["closed"], true);
        }
    }
}

/// Passes the level exam of the learner's stage (content closed first).
pub async fn pass_level(t: &TestApp, token: &str) -> Value {
    t.post_created("/api/v1/content/assign", Some(token), json!({}))
        .await;
    close_content(t, token).await;
    let exam = start(t, token, "exams/level")
        .await
        .expect_status(StatusCode::CREATED);
    let r = submit_exam(t, token, "level", &exam, |_| true)
        .await
        .expect_status(StatusCode::OK);
    assert_eq!(r["passed"], true);
    r
}

/// A learner at trainee_0 with the diagnostic submitted (all correct).
pub async fn learner_after_diagnostic(t: &TestApp, email: &str) -> String {
    let token = t.student(email).await;
    let d = start(t, &token, "diagnostika")
        .await
        .expect_status(StatusCode::CREATED);
    submit_diagnostic(t, &token, &d, |_| true).await;
    token
}

/// A learner at trainee_0 whose diagnostic got every question of `module` (a name of
/// [`MODULES`]) wrong and the rest right: that module is strictly the weakest, whatever
/// the tie rule.
pub async fn learner_weak_in(t: &TestApp, email: &str, module: &str) -> String {
    let track = t.get(&format!("/api/v1/tracks/{SLUG}"), None).await;
    let module_id = track.body["modules"]
        .as_array()
        .expect("modules")
        .iter()
        .find(|m| m["name"] == module)
        .expect("module")["module_id"]
        .clone();
    let token = t.student(email).await;
    let d = start(t, &token, "diagnostika")
        .await
        .expect_status(StatusCode::CREATED);
    submit_diagnostic(t, &token, &d, |q| q["module_id"] != module_id).await;
    token
}

/// Counts the rows of `from` (a table, optionally with `WHERE …`).
pub async fn rows(t: &TestApp, from: &str) -> i64 {
    count(t, &format!("SELECT COUNT(*) AS n FROM {from}")).await
}

/// Counts rows with a query returning `n`.
pub async fn count(t: &TestApp, sql: &str) -> i64 {
    let mut conn = t.db.db.read().await.expect("read");
    sqlx::query(sql)
        .fetch_one(conn.conn())
        .await
        .expect("count")
        .try_get::<i64, _>("n")
        .expect("n")
}

/// Submits the diagnostic answered by `correct` (200 expected); returns the result.
pub async fn submit_diagnostic(
    t: &TestApp,
    token: &str,
    diagnostic: &Value,
    correct: impl Fn(&Value) -> bool,
) -> Value {
    let body = answers(&diagnostic["questions"], correct);
    t.post_ok("/api/v1/diagnostika/submit", Some(token), body)
        .await
}

/// Submits an exam attempt (`kind`: `level` or `rank-final`) answered by `correct`.
pub async fn submit_exam(
    t: &TestApp,
    token: &str,
    kind: &str,
    exam: &Value,
    correct: impl Fn(&Value) -> bool,
) -> Response {
    let path = format!("/api/v1/exams/{kind}/{}/submit", exam["attempt_id"]);
    t.post(&path, Some(token), answers(&exam["questions"], correct))
        .await
}

/// Submits the mini-test of an article.
pub async fn submit_minitest(t: &TestApp, token: &str, article: &Value, body: Value) -> Response {
    let path = format!("/api/v1/content/{article}/minitest/submit");
    t.post(&path, Some(token), body).await
}

/// An admin's decision (`verdict`: `approve` or `reject`) on an approval.
pub async fn decide(t: &TestApp, admin: &str, id: &Value, verdict: &str, body: Value) -> Response {
    let path = format!("/api/v1/admin/approvals/{id}/{verdict}");
    t.post(&path, Some(admin), body).await
}

/// A stored attempt.
pub async fn stored_attempt(conn: &mut dyn Session, id: i64) -> AttemptRecord {
    attempts::find(conn, id)
        .await
        .expect("attempt")
        .expect("attempt exists")
}

/// The modules of the test track, as the pure engine takes them.
pub async fn stage_modules(conn: &mut dyn Session) -> Vec<StageModule> {
    track_modules(conn, SLUG).await
}

/// The modules of the track `slug`, as the pure engine takes them.
pub async fn track_modules(conn: &mut dyn Session, slug: &str) -> Vec<StageModule> {
    let track = catalog::find_track_by_slug(conn, slug)
        .await
        .expect("track")
        .expect("track exists");
    catalog::modules(conn, track.id)
        .await
        .expect("modules")
        .into_iter()
        .map(|m| StageModule {
            id: ModuleId(m.id),
            name: m.name,
            order: m.position,
        })
        .collect()
}

/// The whole active bank of a stage, as the pure engine takes it.
pub async fn whole_bank(conn: &mut dyn Session, stage_id: i64) -> Vec<BankQuestion> {
    bank::active_bank(conn, &[stage_id])
        .await
        .expect("bank")
        .into_iter()
        .map(|r| BankQuestion {
            id: QuestionId(r.id),
            module_id: ModuleId(r.module_id),
            difficulty: Difficulty::new(r.difficulty).expect("difficulty"),
        })
        .collect()
}

/// How many identical requests a race sends at once.
const N: usize = 20;

/// Sends `N` identical `POST`s at once; their statuses.
pub async fn fire(t: &TestApp, path: &str, token: &str, body: Value) -> Vec<StatusCode> {
    join_all((0..N).map(|_| t.post(path, Some(token), body.clone())))
        .await
        .into_iter()
        .map(|r| r.status)
        .collect()
}

/// Exactly one of the racing requests won with `success`, the others got 409.
#[track_caller]
pub fn exactly_one(statuses: &[StatusCode], success: StatusCode) {
    let won = statuses.iter().filter(|s| **s == success).count();
    let lost = statuses
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!((won, lost), (1, N - 1), "{statuses:?}");
}

/// `POST /api/v1/{what}/start` (`diagnostika`, `exams/level`, `exams/rank-final`).
pub async fn start(t: &TestApp, token: &str, what: &str) -> Response {
    let path = format!("/api/v1/{what}/start");
    t.post(&path, Some(token), json!({})).await
}

/// Where the test track's settings versions are listed and added.
pub fn settings_url() -> String {
    format!("/api/v1/admin/tracks/{SLUG}/settings")
}

/// Adds a settings version to the test track: `changes` over the current one.
pub async fn new_settings(t: &TestApp, token: &str, changes: Value) -> Response {
    t.post(&settings_url(), Some(token), changes).await
}

/// A second track (`other`, trainee only) with a settings version, not published.
pub async fn draft_other_track(t: &TestApp, admin: &str) {
    let other = json!({"slug": "other", "title": "Other", "ranks": ["trainee"]});
    new_track(t, admin, other)
        .await
        .expect_status(StatusCode::CREATED);
    t.post_created(
        "/api/v1/admin/tracks/other/settings",
        Some(admin),
        json!({}),
    )
    .await;
}

/// A second published track (`other`, trainee only) besides the default one.
pub async fn other_track(t: &TestApp, admin: &str) {
    draft_other_track(t, admin).await;
    let published = json!({"is_published": true});
    t.patch_ok("/api/v1/admin/tracks/other", Some(admin), published)
        .await;
}

/// `POST /api/v1/admin/tracks` as `token`.
pub async fn new_track(t: &TestApp, token: &str, track: Value) -> Response {
    t.post("/api/v1/admin/tracks", Some(token), track).await
}
