//! Spaced review and item calibration over HTTP: cards for missed questions and modules
//! come due on FSRS's schedule, are answered, and move; due counts reach the learner's
//! stage; the calibration job estimates difficulties and flags questions for admins.

use std::{sync::Arc, time::Duration};

use axum::http::StatusCode;
use practicum_domain::{adaptive::mastery::ItemDifficulty, identity::UserId};
use practicum_store::adaptive::mastery::{self, ResponseRow};
use practicum_testkit::TestClock;
use rstest::rstest;
use serde_json::{json, Value};

use super::support::*;
use crate::support::*;

async fn start_with_clock(backend: Backend) -> Option<(TestApp, Arc<TestClock>)> {
    let clock = Arc::new(TestClock::new(1_800_000_000_000));
    let c = clock.clone();
    let t = TestApp::start_custom(backend, test_config(), move |app| app.with_clock(c)).await?;
    Some((t, clock))
}

fn option(q: &Value, text: &str) -> Value {
    q["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["text"] == text)
        .unwrap()["option_id"]
        .clone()
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn adaptive_missed_questions_and_modules_come_back_for_review(#[case] backend: Backend) {
    let Some((t, clock)) = start_with_clock(backend).await else {
        return;
    };
    build_track(&t).await;
    let me = learner_weak_in(&t, "forgetful@example.org", "Beta").await;
    let other = learner_after_diagnostic(&t, "other@example.org").await;
    // Right after the diagnostic nothing is due (a missed card comes back in hours).
    let due = t.get_ok("/api/v1/review/due", Some(&me)).await;
    assert_eq!(due["due_count"], 0);
    assert_eq!(
        t.get("/api/v1/progress/current-stage", Some(&me))
            .await
            .body["review_due"],
        0
    );

    clock.advance(Duration::from_secs(86_400));
    let due = t.get("/api/v1/review/due?limit=50", Some(&me)).await;
    let items = due.body["items"].as_array().unwrap().clone();
    // The two missed Beta questions, and the one module whose review was rated "again".
    let kinds: Vec<&str> = items.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "question").count(),
        2,
        "{}",
        due.body
    );
    assert!(kinds.contains(&"module"), "{}", due.body);
    assert!(
        items.iter().all(|i| i["module_name"] == "Beta"),
        "{}",
        due.body
    );
    assert!(items
        .iter()
        .all(|i| i["question"]["options"][0].get("is_correct").is_none()));
    assert_eq!(due.body["due_count"].as_u64(), Some(items.len() as u64));
    let stage = t.get("/api/v1/progress/current-stage", Some(&me)).await;
    assert_eq!(stage.body["review_due"], due.body["due_count"]);
    assert_eq!(
        t.get("/api/v1/progress/mastery", Some(&me)).await.body["review_due"],
        due.body["due_count"]
    );
    let limited = t.get("/api/v1/review/due?limit=1", Some(&me)).await;
    assert_eq!(limited.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(limited.body["due_count"], due.body["due_count"]);

    let card = &items[0];
    let url = format!("/api/v1/review/{}/answer", card["card_id"]);
    let right = json!({"option_id": option(&card["question"], "right")});
    // Someone else's card is unknown to them; a foreign option is refused.
    assert_error(
        &t.post(&url, Some(&other), right.clone()).await,
        StatusCode::NOT_FOUND,
        "review card_not_found",
    );
    assert_error(
        &t.post(&url, Some(&me), json!({"option_id": 999999})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    let before = t.get("/api/v1/progress/mastery", Some(&me)).await;
    let r = t.post_ok(&url, Some(&me), right.clone()).await;
    assert_eq!(
        (r["is_correct"].as_bool(), r["rating"].as_str()),
        (Some(true), Some("good"))
    );
    assert!(r["interval_days"].as_f64().unwrap() > 1.0, "{}", r);
    assert_error(
        &t.post(&url, Some(&me), right).await,
        StatusCode::CONFLICT,
        "review_not_due",
    );
    let after = t.get("/api/v1/progress/mastery", Some(&me)).await;
    let beta = |v: &Value| {
        v["modules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["module_name"] == "Beta")
            .unwrap()
            .clone()
    };
    assert_eq!(
        beta(&after.body)["answers"].as_i64(),
        beta(&before.body)["answers"].as_i64().map(|n| n + 1)
    );
    assert!(beta(&after.body)["ability"].as_f64() > beta(&before.body)["ability"].as_f64());
    let now_due = t.get("/api/v1/review/due?limit=50", Some(&me)).await;
    assert_eq!(
        now_due.body["due_count"].as_i64(),
        due.body["due_count"].as_i64().map(|n| n - 1)
    );

    // A wrong answer brings the card back sooner than a right one did.
    let second = &now_due.body["items"][0];
    let r2 = t
        .post(
            &format!("/api/v1/review/{}/answer", second["card_id"]),
            Some(&me),
            json!({"option_id": option(&second["question"], "wrong")}),
        )
        .await;
    assert_eq!(r2.body["rating"], "again", "{}", r2.body);
    assert!(r2.body["interval_days"].as_f64() < r["interval_days"].as_f64());
}

#[db_test]
async fn adaptive_calibration_estimates_difficulties_and_flags_questions(t: TestApp) {
    let admin = build_track(&t).await;
    assert!(practicum_server::wiring::job_registry()
        .kinds()
        .contains(&"calibrate_items"));
    let me = learner_after_diagnostic(&t, "calib@example.org").await;
    let user = UserId(
        t.get("/api/v1/auth/me", Some(&me)).await.body["user_id"]
            .as_i64()
            .unwrap(),
    );
    let questions = t
        .get(
            &format!("/api/v1/admin/tracks/{SLUG}/questions?page_size=100"),
            Some(&admin),
        )
        .await;
    // Two questions the diagnostic did not ask (its draw is random), so that the count of
    // answered questions below is exact.
    let asked: Vec<i64> = {
        use practicum_store::Session;
        use sqlx::Row;
        let mut conn = t.db.db.read().await.unwrap();
        sqlx::query("SELECT DISTINCT question_id FROM item_responses WHERE question_id IS NOT NULL")
            .fetch_all(conn.conn())
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get("question_id").unwrap())
            .collect()
    };
    let items: Vec<&Value> = questions.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| !asked.contains(&q["question_id"].as_i64().unwrap()))
        .collect();
    let (easy, hard) = (items[0], items[1]);
    // Twenty-five answers each: everyone right on one, no one right on the other.
    {
        let mut tx = t.db.db.write().await.unwrap();
        for (q, correct) in [(easy, true), (hard, false)] {
            let rows: Vec<ResponseRow> = (0..25)
                .map(|i| ResponseRow {
                    user_id: user,
                    module_id: q["module_id"].as_i64().unwrap(),
                    question_id: q["question_id"].as_i64(),
                    attempt_id: None,
                    source: "quiz",
                    correct,
                    difficulty: ItemDifficulty {
                        mean: 0.0,
                        variance: 0.5,
                    },
                    answered_at: i,
                })
                .collect();
            mastery::insert_responses(&mut tx, &rows).await.unwrap();
        }
        tx.commit().await.unwrap();
    }
    let learner_try = t
        .post("/api/v1/admin/calibration/run", Some(&me), json!({}))
        .await;
    assert_eq!(learner_try.status, StatusCode::UNAUTHORIZED);
    let run = t
        .post_ok("/api/v1/admin/calibration/run", Some(&admin), json!({}))
        .await;
    let answered = count(
        &t,
        "SELECT COUNT(DISTINCT question_id) AS n FROM item_responses WHERE question_id IS NOT NULL",
    )
    .await;
    assert_eq!(
        answered,
        i64::try_from(asked.len()).unwrap() + 2,
        "the diagnostic's questions and the two others"
    );
    assert_eq!(run["questions"], answered, "{}", run);
    assert_eq!(run["flagged"], 2);
    let list = t
        .get_ok(
            &format!("/api/v1/admin/tracks/{SLUG}/calibration"),
            Some(&admin),
        )
        .await;
    assert_eq!(list["total"], answered);
    let flagged = t
        .get(
            &format!("/api/v1/admin/tracks/{SLUG}/calibration?flagged=true"),
            Some(&admin),
        )
        .await;
    let flags: Vec<(i64, Value, f64)> = flagged.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["question_id"].as_i64().unwrap(),
                i["flags"].clone(),
                i["difficulty"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(flags.len(), 2, "{}", flagged.body);
    let of = |q: &Value| {
        flags
            .iter()
            .find(|f| f.0 == q["question_id"].as_i64().unwrap())
            .unwrap()
            .clone()
    };
    assert_eq!(of(easy).1, json!(["too_easy"]));
    assert_eq!(of(hard).1, json!(["too_hard"]));
    assert!(of(easy).2 < of(hard).2, "the easy one is estimated easier");
    assert_eq!(
        t.get("/api/v1/admin/tracks/nope/calibration", Some(&admin))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // The model now grades with the calibrated difficulty.
    let mut conn = t.db.db.read().await.unwrap();
    let d = mastery::difficulties(&mut conn, &[easy["question_id"].as_i64().unwrap()])
        .await
        .unwrap();
    assert!(d.values().next().unwrap().calibrated.is_some());
}
