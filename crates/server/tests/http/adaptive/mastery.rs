//! The learner model over HTTP: estimates updated by every graded answer and visible to
//! the learner and admins, the `weakness` settings option (old versions marked
//! `errors`, pinned stages drawing exactly as before), the `mastery` draw and the "why".

use std::collections::BTreeSet;

use axum::http::StatusCode;
use practicum_domain::{
    adaptive::{
        level_exam_draw,
        mastery::{
            cat::{standings, CatAnswer},
            draw::{mastery_exam_draw, RatedQuestion},
            Ability, ItemDifficulty,
        },
        Difficulty, ModuleId, QuestionId,
    },
    identity::UserId,
};
use practicum_store::{
    adaptive::{attempts, content, mastery, settings as versions},
    migrate,
};
use rstest::rstest;
use serde_json::{json, Value};

use super::support::*;
use crate::courses::{module_with_lessons, publish, quiz_content};
use crate::support::*;

async fn user_id(t: &TestApp, token: &str) -> UserId {
    UserId(
        t.get("/api/v1/auth/me", Some(token)).await.body["user_id"]
            .as_i64()
            .unwrap(),
    )
}

fn module_of<'a>(mastery: &'a Value, name: &str) -> &'a Value {
    mastery["modules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["module_name"] == name)
        .unwrap_or_else(|| panic!("{name} in {mastery}"))
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn adaptive_settings_take_the_weakness_rule_and_old_versions_keep_errors(
    #[case] backend: Backend,
) {
    let Some(t) = TestApp::start(backend).await else {
        return;
    };
    let admin = build_track(&t).await;
    // A version from before the option: back to the old schema and document, then forward.
    migrate::down_to(&t.db.db, 62).await.unwrap();
    migrate::up(&t.db.db).await.unwrap();
    let list = t.get(&settings_url(), Some(&admin)).await;
    assert_eq!(list.body["items"][0]["settings"]["weakness"], "errors");
    assert_eq!(
        list.body["items"][0]["settings"]["diagnostic_mode"],
        "fixed"
    );

    let r = new_settings(
        &t,
        &admin,
        json!({"weakness": "mastery", "diagnostic_mode": "adaptive", "diagnostic_max_questions": 9}),
    )
    .await
    .expect_status(StatusCode::CREATED);
    assert_eq!(r["settings"]["weakness"], "mastery");
    assert_eq!(r["settings"]["diagnostic_max_questions"], 9);
    let r = new_settings(&t, &admin, json!({"level_exam_pass_pct": 65})).await;
    assert_eq!(
        r.body["settings"]["weakness"], "mastery",
        "inherited: {}",
        r.body
    );
    for (field, bad) in [
        ("weakness", json!("luck")),
        ("diagnostic_mode", json!(true)),
        ("diagnostic_confidence_pct", json!(100)),
    ] {
        let r = new_settings(&t, &admin, json!({ field: bad })).await;
        assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert!(
            r.body["error"]["details"].to_string().contains(field),
            "{}",
            r.body
        );
    }
    let doc = t.get("/api/openapi.json", None).await;
    let schemas = &doc.body["components"]["schemas"];
    assert_eq!(
        schemas["WeaknessRuleBody"]["enum"],
        json!(["errors", "mastery"])
    );
    assert!(schemas["SettingsRequest"]["properties"]["diagnostic_mode"].is_object());
}

/// Every graded answer moves the estimates, in the grading's transaction: diagnostic,
/// mini-test, level exam, and a lesson quiz of a course tagged with the module. The
/// stored state is exactly the replay of the logged answers.
#[db_test]
async fn adaptive_every_graded_answer_updates_mastery(t: TestApp) {
    let admin = build_track(&t).await;
    let me = learner_weak_in(&t, "weak-beta@example.org", "Beta").await;
    let m = t.get("/api/v1/progress/mastery", Some(&me)).await;
    assert_eq!(m.status, StatusCode::OK, "{}", m.body);
    assert_eq!(m.body["track"], SLUG);
    let (alpha, beta) = (module_of(&m.body, "Alpha"), module_of(&m.body, "Beta"));
    assert_eq!(
        (alpha["answers"].as_i64(), beta["answers"].as_i64()),
        (Some(2), Some(2))
    );
    assert_eq!(
        (alpha["correct"].as_i64(), beta["correct"].as_i64()),
        (Some(2), Some(0))
    );
    assert!(beta["mastery"].as_f64() < Some(0.5) && alpha["mastery"].as_f64() > Some(0.5));
    assert!(
        beta["ability_sd"].as_f64().unwrap() < 1.0,
        "evidence narrowed it"
    );
    assert!(beta["display"].as_str().unwrap().contains(" ± "));

    // Admins see the same; learners cannot use the admin route.
    let learner = user_id(&t, &me).await;
    let seen = t
        .get_ok(
            &format!("/api/v1/admin/learners/{}/mastery", learner.0),
            Some(&admin),
        )
        .await;
    // The same estimates (the shown uncertainty widens with the time since the evidence,
    // so two reads a few milliseconds apart differ in the last digits).
    for (a, b) in seen["modules"]
        .as_array()
        .unwrap()
        .iter()
        .zip(m.body["modules"].as_array().unwrap())
    {
        assert_eq!(
            (&a["module_id"], &a["answers"], &a["ability"]),
            (&b["module_id"], &b["answers"], &b["ability"])
        );
        assert!(
            (a["ability_sd"].as_f64().unwrap() - b["ability_sd"].as_f64().unwrap()).abs() < 1e-6
        );
    }
    assert_eq!(
        t.get(
            &format!("/api/v1/admin/learners/{}/mastery", learner.0),
            Some(&me)
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    assert_error(
        &t.get("/api/v1/admin/learners/999999/mastery", Some(&admin))
            .await,
        StatusCode::NOT_FOUND,
        "user_not_found",
    );

    // Content (required reading on Beta, with its reason), mini-test, exam.
    let r = t.post("/api/v1/content/assign", Some(&me), json!({})).await;
    let required: Vec<&Value> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "required")
        .collect();
    assert!(
        required[0]["reason"]
            .as_str()
            .unwrap()
            .contains("Beta is your weakest module (2 of 2 wrong"),
        "{}",
        r.body
    );
    close_content(&t, &me).await;
    let after_minitest = t.get("/api/v1/progress/mastery", Some(&me)).await;
    assert_eq!(module_of(&after_minitest.body, "Beta")["answers"], 4);
    let exam = start(&t, &me, "exams/level")
        .await
        .expect_status(StatusCode::CREATED);
    let reasons = exam["reasons"].as_array().unwrap();
    assert_eq!(reasons.len(), 3);
    let beta_reason = reasons.iter().find(|r| r["module_name"] == "Beta").unwrap();
    assert!(
        beta_reason["reason"]
            .as_str()
            .unwrap()
            .contains("because Beta is your weakest"),
        "{beta_reason}"
    );
    assert_eq!(
        reasons
            .iter()
            .map(|r| r["questions"].as_u64().unwrap())
            .sum::<u64>(),
        exam["total_q"].as_u64().unwrap()
    );
    let r = submit_exam(&t, &me, "level", &exam, |_| true).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let after_exam = t.get("/api/v1/progress/mastery", Some(&me)).await;
    let total = |v: &Value| -> i64 {
        v["modules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["answers"].as_i64().unwrap())
            .sum()
    };
    assert_eq!(total(&after_exam.body), total(&after_minitest.body) + 6);

    // A lesson quiz of a course tagged "beta" counts for Beta (unrated, so it moves less).
    let Staff { teacher, producer } = t.staff().await;
    let c = t
        .post(
            "/api/v1/courses",
            Some(&teacher),
            json!({"title": "Beta basics", "description": "x", "price": 0, "tags": ["beta"]}),
        )
        .await;
    let slug = c.body["slug"].as_str().unwrap().to_owned();
    let (module_id, _) = module_with_lessons(&t, &teacher, &slug, "Basics", 0).await;
    let lesson = t
        .post(
            &format!("/api/v1/courses/{slug}/lessons"),
            Some(&teacher),
            json!({"module_id": module_id, "title": "Quiz", "content": quiz_content()}),
        )
        .await;
    publish(&t, &teacher, &producer, &slug).await;
    t.post(
        &format!("/api/v1/courses/{slug}/enroll"),
        Some(&me),
        json!({}),
    )
    .await;
    let before = module_of(&after_exam.body, "Beta")["ability"]
        .as_f64()
        .unwrap();
    t.post_ok(
        "/api/v1/quizzes/answers/check",
        Some(&me),
        json!({"lesson_id": lesson.body["lesson_id"], "question_id": "q1", "answer_id": "b"}),
    )
    .await;
    let after_quiz = t.get("/api/v1/progress/mastery", Some(&me)).await;
    let beta_after = module_of(&after_quiz.body, "Beta");
    assert_eq!(
        beta_after["answers"],
        module_of(&after_exam.body, "Beta")["answers"]
            .as_i64()
            .unwrap()
            + 1
    );
    assert!(beta_after["ability"].as_f64().unwrap() > before);
    assert_eq!(
        module_of(&after_quiz.body, "Alpha")["answers"],
        module_of(&after_exam.body, "Alpha")["answers"]
    );

    // The same answers in the same order give the stored state.
    let mut conn = t.db.db.read().await.unwrap();
    for m in after_quiz.body["modules"].as_array().unwrap() {
        let module_id = m["module_id"].as_i64().unwrap();
        let log = mastery::responses_of(&mut conn, learner, module_id)
            .await
            .unwrap();
        let replayed = Ability::replay(
            &log.iter()
                .map(|r| (r.answered_at, r.difficulty, r.correct))
                .collect::<Vec<_>>(),
        );
        let stored = mastery::estimates(&mut conn, learner, &[module_id])
            .await
            .unwrap();
        assert_eq!(stored[0].ability, replayed, "module {module_id}");
        assert_eq!(stored[0].answers as usize, log.len());
    }
}

/// The exam a learner pinned to an `errors` version starts is exactly the old engine's
/// draw from the stored seed, even after an admin switched the track to `mastery`; a
/// learner pinned to the `mastery` version gets the `mastery` draw from its seed.
#[db_test]
async fn adaptive_a_stage_pinned_to_errors_draws_exactly_as_before(t: TestApp) {
    let admin = build_track(&t).await;
    let old = learner_weak_in(&t, "old@example.org", "Gamma").await;
    new_settings(&t, &admin, json!({"weakness": "mastery"}))
        .await
        .expect_status(StatusCode::CREATED);
    let new = learner_weak_in(&t, "new@example.org", "Gamma").await;
    for (token, mastery_rule) in [(&old, false), (&new, true)] {
        let stage = t.get("/api/v1/progress/current-stage", Some(token)).await;
        assert_eq!(
            stage.body["settings_version"],
            if mastery_rule { 2 } else { 1 }
        );
        let r = t
            .post("/api/v1/content/assign", Some(token), json!({}))
            .await;
        let required: Vec<&Value> = r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["kind"] == "required")
            .collect();
        let why = required[0]["reason"].as_str().unwrap();
        if mastery_rule {
            assert!(
                why.starts_with("your estimated mastery of Gamma is the lowest ("),
                "{why}"
            );
        } else {
            assert!(why.starts_with("Gamma is your weakest module"), "{why}");
        }
        close_content(&t, token).await;
        let exam = start(&t, token, "exams/level")
            .await
            .expect_status(StatusCode::CREATED);
        let drawn: Vec<i64> = exam["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["question_id"].as_i64().unwrap())
            .collect();
        assert_eq!(
            drawn.iter().collect::<BTreeSet<_>>().len(),
            6,
            "no duplicates"
        );
        let replayed = replay(&t, exam["attempt_id"].as_i64().unwrap(), mastery_rule).await;
        assert_eq!(drawn, replayed, "mastery rule: {mastery_rule}");
    }
}

/// The attempt re-drawn from its stored seed by the pure engine of its pinned rule.
async fn replay(t: &TestApp, attempt_id: i64, mastery_rule: bool) -> Vec<i64> {
    let mut conn = t.db.db.read().await.unwrap();
    let attempt = stored_attempt(&mut conn, attempt_id).await;
    let modules = stage_modules(&mut conn).await;
    let pinned = versions::find(&mut conn, attempt.settings_version_id)
        .await
        .unwrap()
        .unwrap()
        .settings;
    let ties = pinned.weakness_ties(
        content::tie_seed(&mut conn, attempt.user_id, attempt.stage_id)
            .await
            .unwrap(),
    );
    let plan = pinned.level_exam_plan(ties);
    // Seen before this attempt: the diagnostic's questions.
    let diagnostic = attempts::diagnostic_of(&mut conn, attempt.user_id)
        .await
        .unwrap()
        .unwrap();
    let seen: BTreeSet<QuestionId> = attempts::questions(&mut conn, diagnostic.id)
        .await
        .unwrap()
        .into_iter()
        .map(|(q, _)| QuestionId(q))
        .collect();
    let drawn = if mastery_rule {
        let bank: Vec<RatedQuestion> = mastery::rated_bank(&mut conn, &[attempt.stage_id])
            .await
            .unwrap()
            .iter()
            .map(|q| RatedQuestion {
                id: QuestionId(q.question_id),
                module_id: ModuleId(q.module_id),
                author: Difficulty::new(q.author).unwrap(),
                difficulty: q.calibrated.unwrap_or_else(|| {
                    ItemDifficulty::from_author(Difficulty::new(q.author).unwrap())
                }),
            })
            .collect();
        // At trainee_0 the start ranks and draws by the diagnostic's standings (each
        // module's estimate from the diagnostic's answers alone), not by the stored
        // estimates, which the mini-tests have moved since.
        let answers: Vec<CatAnswer> = mastery::responses_of_attempt(&mut conn, diagnostic.id)
            .await
            .unwrap()
            .into_iter()
            .map(|r| CatAnswer {
                question_id: QuestionId(r.question_id.expect("a bank question")),
                module_id: ModuleId(r.module_id),
                difficulty: r.difficulty,
                correct: r.correct,
            })
            .collect();
        assert!(!answers.is_empty(), "the diagnostic's answers are logged");
        let estimates: Vec<(ModuleId, Ability)> =
            standings(&modules, &answers, pinned.content_k_weak_modules)
                .into_iter()
                .map(|m| (m.module_id, m.ability))
                .collect();
        mastery_exam_draw(
            &modules,
            &bank,
            &estimates,
            &seen,
            &plan,
            attempt.seed as u64,
        )
        .unwrap()
    } else {
        let whole = whole_bank(&mut conn, attempt.stage_id).await;
        let stats = diagnostic.module_stats.unwrap_or_default();
        level_exam_draw(&modules, &whole, &stats, &seen, &plan, attempt.seed as u64).unwrap()
    };
    drawn.into_iter().map(|d| d.question_id.0).collect()
}
