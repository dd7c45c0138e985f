//! Ties between equally weak modules: the settings option, the seed stored with the
//! content assignment (and the choice replayed from it), versions from before the rule
//! keeping module order, and exam-based weakness at later stages preferring the module
//! asked fewer questions.

use axum::http::StatusCode;
use practicum_domain::{
    adaptive::{weakest_modules, ModuleId, ModuleResult, ModuleStats},
    identity::UserId,
};
use practicum_store::{
    adaptive::{attempts, content, progress, settings as versions},
    migrate,
};
use serde_json::{json, Value};

use super::support::*;
use crate::support::*;

/// The module ids of Alpha, Beta, Gamma.
async fn module_ids(t: &TestApp) -> Vec<i64> {
    let track = t.get_ok(&format!("/api/v1/tracks/{SLUG}"), None).await;
    track["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["module_id"].as_i64().unwrap())
        .collect()
}

async fn user_id(t: &TestApp, token: &str) -> UserId {
    let me = t.get("/api/v1/auth/me", Some(token)).await;
    UserId(me.body["user_id"].as_i64().unwrap())
}

/// Assigns the learner's content; returns the modules given required reading.
async fn assign(t: &TestApp, token: &str) -> Vec<i64> {
    let r = t
        .post_created("/api/v1/content/assign", Some(token), json!({}))
        .await;
    r["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "required")
        .map(|i| i["module_id"].as_i64().unwrap())
        .collect()
}

/// The weakest module recomputed from what the database stored: the diagnostic's
/// per-module results, the pinned version's rule and the assignment's tie seed.
async fn replayed_weakest(t: &TestApp, user: UserId, modules: &[i64]) -> (Option<u64>, ModuleId) {
    let mut conn = t.db.db.read().await.unwrap();
    let stage = progress::current(&mut conn, user).await.unwrap().unwrap();
    let tie_seed = content::tie_seed(&mut conn, user, stage.stage_id)
        .await
        .unwrap();
    let pinned = versions::find(&mut conn, stage.settings_version_id)
        .await
        .unwrap()
        .unwrap()
        .settings;
    let diagnostic = attempts::diagnostic_of(&mut conn, user)
        .await
        .unwrap()
        .and_then(|d| d.module_stats)
        .unwrap();
    let in_order: Vec<ModuleResult> = modules
        .iter()
        .map(|&m| ModuleResult {
            module_id: ModuleId(m),
            stats: diagnostic
                .iter()
                .find(|r| r.module_id.0 == m)
                .map_or(ModuleStats::default(), |r| r.stats),
        })
        .collect();
    let k = pinned.content_k_weak_modules as usize;
    let weakest = weakest_modules(&in_order, k, pinned.weakness_ties(tie_seed));
    assert_eq!(weakest.len(), 1);
    (tie_seed, weakest[0])
}

#[db_test]
async fn adaptive_settings_expose_and_accept_the_tie_break(t: TestApp) {
    let admin = build_track(&t).await;
    let list = t.get_ok(&settings_url(), Some(&admin)).await;
    assert_eq!(
        list["items"][0]["settings"]["tie_break"], "fewer_asked_then_draw",
        "a new version takes the fair rule"
    );

    let r = new_settings(&t, &admin, json!({"tie_break": "module_order"}))
        .await
        .expect_status(StatusCode::CREATED);
    assert_eq!(r["version"], 2);
    assert_eq!(r["settings"]["tie_break"], "module_order");
    assert_eq!(r["settings"]["level_exam_questions"], 6, "others inherited");

    // Not inherited: the next version is fair again unless it says otherwise.
    let r = new_settings(&t, &admin, json!({"level_exam_pass_pct": 70}))
        .await
        .expect_status(StatusCode::CREATED);
    assert_eq!(r["settings"]["tie_break"], "fewer_asked_then_draw");

    for bad in [json!("random"), json!(2)] {
        let r = new_settings(&t, &admin, json!({"tie_break": bad})).await;
        assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert!(
            r.body["error"]["details"].to_string().contains("tie_break"),
            "{}",
            r.body
        );
    }
    let list = t.get(&settings_url(), Some(&admin)).await;
    let rules: Vec<&Value> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| &v["settings"]["tie_break"])
        .collect();
    assert_eq!(
        rules,
        [
            &json!("fewer_asked_then_draw"),
            &json!("module_order"),
            &json!("fewer_asked_then_draw")
        ],
        "newest first; refused versions were not stored"
    );
    let learner = t.student("curious@example.org").await;
    let r = new_settings(&t, &learner, json!({"tie_break": "module_order"})).await;
    assert!(
        matches!(r.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN),
        "{}",
        r.status
    );

    // The option is in the document, for both the request and the stored version.
    let doc = t.get("/api/openapi.json", None).await;
    let schemas = &doc.body["components"]["schemas"];
    assert!(schemas["SettingsRequest"]["properties"]["tie_break"].is_object());
    assert!(schemas["SettingsBody"]["properties"]["tie_break"].is_object());
    assert_eq!(
        schemas["WeaknessTieBreak"]["enum"],
        json!(["module_order", "fewer_asked_then_draw"])
    );
}

/// All-tied learners (every diagnostic answer right): each assignment stores a seed, and
/// the required module is exactly what the pinned rule draws from it.
#[db_test]
async fn adaptive_assignment_stores_its_tie_seed_and_replays_from_it(t: TestApp) {
    build_track(&t).await;
    let modules = module_ids(&t).await;
    let mut seeds = Vec::new();
    for i in 0..6 {
        let me = learner_after_diagnostic(&t, &format!("tied{i}@example.org")).await;
        let user = user_id(&t, &me).await;
        let required = assign(&t, &me).await;
        let (seed, weakest) = replayed_weakest(&t, user, &modules).await;
        let seed = seed.expect("the assignment stores its tie seed");
        assert_eq!(
            required,
            vec![weakest.0],
            "learner {i} replayed from seed {seed}"
        );
        seeds.push(seed);
    }
    seeds.sort_unstable();
    seeds.dedup();
    assert_eq!(seeds.len(), 6, "a seed per learner");
}

/// A version stored before the rule existed is marked `module_order` by the migration,
/// and a stage pinned to it picks the first of equally weak modules, as it always did;
/// a version created afterwards uses the fair rule.
#[db_test]
async fn adaptive_a_version_from_before_the_rule_keeps_module_order(t: TestApp) {
    let admin = build_track(&t).await;
    // Back to the schema (and the settings document) from before the rule, then forward.
    migrate::down_to(&t.db.db, 60).await.unwrap();
    let raw = column_text(&t, "SELECT settings AS s FROM settings_versions").await;
    assert!(!raw.contains("tie_break"), "{raw}");
    let reapplied = migrate::up(&t.db.db).await.unwrap();
    assert!(
        reapplied.starts_with(&[61, 62]),
        "the tie-break migrations ran again: {reapplied:?}"
    );

    let list = t.get(&settings_url(), Some(&admin)).await;
    assert_eq!(
        list.body["items"][0]["settings"]["tie_break"],
        "module_order"
    );
    let modules = module_ids(&t).await;
    let early = t.student("early@example.org").await;
    let stage = t.get("/api/v1/progress/current-stage", Some(&early)).await;
    assert_eq!(
        stage.body["settings_version"], 1,
        "pinned before the new version"
    );

    for i in 0..4 {
        let me = learner_after_diagnostic(&t, &format!("old{i}@example.org")).await;
        assert_eq!(
            assign(&t, &me).await,
            vec![modules[0]],
            "learner {i}: the first module"
        );
    }

    // A new version takes the fair rule; the learner pinned before keeps module order.
    let r = new_settings(&t, &admin, json!({"level_exam_pass_pct": 60})).await;
    assert_eq!(
        r.body["settings"]["tie_break"], "fewer_asked_then_draw",
        "{}",
        r.body
    );
    let d = start(&t, &early, "diagnostika").await;
    submit_diagnostic(&t, &early, &d.body, |_| true).await;
    assert_eq!(assign(&t, &early).await, vec![modules[0]]);

    let late = learner_after_diagnostic(&t, "late@example.org").await;
    let stage = t.get("/api/v1/progress/current-stage", Some(&late)).await;
    assert_eq!(stage.body["settings_version"], 2);
    let required = assign(&t, &late).await;
    let user = user_id(&t, &late).await;
    let (seed, weakest) = replayed_weakest(&t, user, &modules).await;
    assert!(seed.is_some());
    assert_eq!(required, vec![weakest.0]);
}

/// At junior_1 the evidence is the passed trainee exam, where the weak module got more
/// questions: equal errors then favour the module asked fewer (under the fair rule),
/// for the required reading and for the exam's extra questions alike.
#[db_test]
async fn adaptive_exam_evidence_ties_go_to_the_module_asked_fewer(t: TestApp) {
    let admin = build_track(&t).await;
    let modules = module_ids(&t).await;
    let (alpha, beta) = (json!(modules[0]), json!(modules[1]));

    // Both learners: Alpha wrong in the diagnostic, so the trainee exam asks Alpha 4
    // questions and the others 1; one Alpha and the Beta question answered wrong
    // (4 of 6 passes at 60 %) leaves Alpha 1 error of 4 and Beta 1 error of 1.
    let fair = t.student("fair@example.org").await;
    let legacy = t.student("legacy@example.org").await;
    for me in [&fair, &legacy] {
        let d = start(&t, me, "diagnostika").await;
        submit_diagnostic(&t, me, &d.body, |q| q["module_id"] != alpha).await;
        assert_eq!(assign(&t, me).await, vec![modules[0]]);
        close_content(&t, me).await;
        let exam = start(&t, me, "exams/level")
            .await
            .expect_status(StatusCode::CREATED);
        let per_module = count_by_module(&exam["questions"], &modules);
        assert_eq!(per_module, vec![4, 1, 1]);
        let first_alpha = exam["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["module_id"] == alpha)
            .unwrap()["question_id"]
            .clone();
        let r = submit_exam(&t, me, "level", &exam, |q| {
            q["question_id"] != first_alpha && q["module_id"] != beta
        })
        .await;
        assert_eq!(r.body["passed"], true, "{}", r.body);
    }

    // The fair learner is approved under version 1 (fair); the legacy learner after an
    // admin pinned module order in version 2.
    approve(&t, &admin, &fair).await;
    new_settings(&t, &admin, json!({"tie_break": "module_order"}))
        .await
        .expect_status(StatusCode::CREATED);
    approve(&t, &admin, &legacy).await;

    for (me, weakest, exam_split) in [
        (&fair, modules[1], vec![1, 4, 1]),
        (&legacy, modules[0], vec![4, 1, 1]),
    ] {
        let stage = t.get("/api/v1/progress/current-stage", Some(me)).await;
        assert_eq!(stage.body["stage"], "junior_1", "{}", stage.body);
        assert_eq!(assign(&t, me).await, vec![weakest]);
        close_content(&t, me).await;
        let exam = start(&t, me, "exams/level")
            .await
            .expect_status(StatusCode::CREATED);
        assert_eq!(count_by_module(&exam["questions"], &modules), exam_split);
    }
}

fn count_by_module(questions: &Value, modules: &[i64]) -> Vec<usize> {
    modules
        .iter()
        .map(|m| {
            questions
                .as_array()
                .unwrap()
                .iter()
                .filter(|q| q["module_id"] == *m)
                .count()
        })
        .collect()
}

async fn approve(t: &TestApp, admin: &str, learner: &str) {
    let user = user_id(t, learner).await;
    let pending = t
        .get_ok("/api/v1/admin/approvals/pending", Some(admin))
        .await;
    let id = pending["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["user_id"] == user.0)
        .unwrap_or_else(|| panic!("no request of user {user}: {}", pending))["id"]
        .clone();
    decide(t, admin, &id, "approve", json!({}))
        .await
        .expect_status(StatusCode::OK);
}

/// Every value of column `s` of a query, joined.
async fn column_text(t: &TestApp, sql: &str) -> String {
    use practicum_store::Session;
    use sqlx::Row;
    let mut conn = t.db.db.read().await.unwrap();
    sqlx::query(sql)
        .fetch_all(conn.conn())
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String, _>("s").unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}
