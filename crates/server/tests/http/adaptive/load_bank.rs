//! `practicum seed-load --questions N`: the generated level-exam bank and learners. Every
//! seeded learner can start the level exam at once; what the folded draw stores replays
//! from the seed over the whole bank (with the diagnostic's questions seen); answering the
//! first option of every question fails, so the load script's retakes stay valid.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use practicum_domain::identity::{PlainPassword, UserId};
use practicum_server::seed_load::{load_exam, min_questions, plan, SeedLoadArgs, LOAD_PASSWORD};
use practicum_store::seed_load;
use serde_json::{json, Value};

use super::draw::{asked, replay};
use crate::support::*;

/// The first option of every question (never the correct one in the generated bank).
fn first_options(questions: &Value) -> Value {
    let answers: Vec<Value> = questions
        .as_array()
        .unwrap()
        .iter()
        .map(
            |q| json!({"question_id": q["question_id"], "option_id": q["options"][0]["option_id"]}),
        )
        .collect();
    json!({ "answers": answers })
}

#[db_test]
async fn seeded_learners_start_and_retake_the_level_exam(t: TestApp) {
    let args = SeedLoadArgs {
        courses: 5,
        learners: 4,
        enrollments: 8,
        teachers: 2,
        questions: min_questions() * 3,
        force: false,
    };
    let hash = t
        .app
        .hasher()
        .hash(&PlainPassword::new_checked(LOAD_PASSWORD).unwrap())
        .await
        .unwrap();
    let report = seed_load::load(&t.db.db, &plan(&args, hash, 1_700_000_000_000))
        .await
        .unwrap();
    let (slug, made) = load_exam(
        &t.app,
        &t.db.db,
        "",
        args.questions,
        report.learner_ids.clone().collect(),
    )
    .await
    .unwrap();
    assert_eq!(
        (made.modules, made.questions, made.options, made.learners),
        (10, args.questions, 3 * args.questions, 4)
    );

    for n in 1..=args.learners {
        let me = token(
            &t.login(&format!("learner{n}@load.example.org"), LOAD_PASSWORD)
                .await,
        );
        let user = UserId(
            t.get("/api/v1/auth/me", Some(&me)).await.body["user_id"]
                .as_i64()
                .unwrap(),
        );
        // The diagnostic is graded, the content assigned: the exam is open.
        let gate = t.get("/api/v1/progress/eligibility", Some(&me)).await;
        assert_eq!(gate.status, StatusCode::OK, "{}", gate.body);
        assert_eq!(gate.body["eligible"], true, "{}", gate.body);
        let seen_at_start = asked(&t, user).await;
        assert_eq!(seen_at_start.len(), 30, "the diagnostic's questions");
        for round in 0..2 {
            let seen_before: BTreeSet<_> = asked(&t, user).await;
            let exam = t
                .post("/api/v1/exams/level/start", Some(&me), json!({}))
                .await;
            assert_eq!(exam.status, StatusCode::CREATED, "{}", exam.body);
            assert_eq!(exam.body["attempt_no"], round + 1);
            let attempt_id = exam.body["attempt_id"].as_i64().unwrap();
            replay(&t, &slug, attempt_id, &seen_before).await;
            let again = t
                .post("/api/v1/exams/level/start", Some(&me), json!({}))
                .await;
            assert_eq!(again.status, StatusCode::CONFLICT, "one open attempt");
            let graded = t
                .post(
                    &format!("/api/v1/exams/level/{attempt_id}/submit"),
                    Some(&me),
                    first_options(&exam.body["questions"]),
                )
                .await;
            assert_eq!(graded.status, StatusCode::OK, "{}", graded.body);
            assert_eq!(graded.body["passed"], false);
            assert_eq!(graded.body["score_total"], 0);
        }
    }
}
