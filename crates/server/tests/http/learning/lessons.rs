use axum::http::StatusCode;
use practicum_domain::identity::Role;
use rstest::rstest;
use serde_json::json;

use super::count;
use crate::{courses::*, support::*};

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn enrolled_learners_read_complete_and_answer(#[case] backend: Backend) {
    let Some(t) = TestApp::start(backend).await else {
        return;
    };
    let ada = user(&t, "ada@example.org", Role::Teacher).await;
    let bob = user(&t, "bob@example.org", Role::Teacher).await;
    let producer = user(&t, "prod@example.org", Role::Producer).await;
    let stu = t.student("stu@example.org").await;
    let other = t.student("other@example.org").await;
    let slug = draft(&t, &ada, "Optimisation").await;
    let (module_id, _) = module_with_lessons(&t, &ada, &slug, "Basics", 0).await;
    let quiz = t
        .post(
            &format!("/api/v1/courses/{slug}/lessons"),
            Some(&ada),
            json!({"module_id": module_id, "title": "Gradients", "content": quiz_content()}),
        )
        .await;
    let lesson_id = quiz.body["lesson_id"].as_i64().unwrap();
    let lesson = format!("/api/v1/lessons/{lesson_id}");
    let complete = format!("{lesson}/complete");

    // Before publication: the teacher reads it (answers included); others do not know it.
    let own = t.get(&lesson, Some(&ada)).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert_eq!(own.body["content"][1]["correct_option_id"], "b");
    assert_error(
        &t.get(&lesson, Some(&stu)).await,
        StatusCode::NOT_FOUND,
        "lesson_not_found",
    );
    assert_error(
        &t.get(&lesson, None).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );

    publish(&t, &ada, &producer, &slug).await;
    for token in [&stu, &other, &bob] {
        assert_error(
            &t.get(&lesson, Some(token)).await,
            StatusCode::FORBIDDEN,
            "not_enrolled",
        );
        assert_error(
            &t.post(&complete, Some(token), json!({})).await,
            StatusCode::FORBIDDEN,
            "not_enrolled",
        );
    }
    assert_eq!(t.get(&lesson, Some(&producer)).await.status, StatusCode::OK);
    assert_error(
        &t.post(&complete, Some(&ada), json!({})).await,
        StatusCode::FORBIDDEN,
        "not_enrolled",
    );
    assert_error(
        &t.get("/api/v1/lessons/999999", Some(&stu)).await,
        StatusCode::NOT_FOUND,
        "lesson_not_found",
    );

    let r = t
        .post(
            &format!("/api/v1/courses/{slug}/enroll"),
            Some(&stu),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let read = t.get(&lesson, Some(&stu)).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert_eq!(read.body["title"], "Gradients");
    assert_eq!(read.body["completed"], false);
    assert_eq!(read.body["content"][1]["type"], "quiz");
    assert!(
        read.body["content"][1].get("correct_option_id").is_none(),
        "{}",
        read.body
    );

    // Completion is idempotent.
    let first = t.post(&complete, Some(&stu), json!({})).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.body["first_time"], true);
    let again = t.post(&complete, Some(&stu), json!({})).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["first_time"], false);
    assert_eq!(again.body["completed_at"], first.body["completed_at"]);
    assert_eq!(
        count(&t, "SELECT COUNT(*) AS n FROM lesson_completions").await,
        1
    );
    assert_eq!(t.get(&lesson, Some(&stu)).await.body["completed"], true);

    // Quiz answers.
    let check = "/api/v1/quizzes/answers/check";
    let wrong = t
        .post(
            check,
            Some(&stu),
            json!({"lesson_id": lesson_id, "question_id": "q1", "answer_id": "a"}),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::OK, "{}", wrong.body);
    assert_eq!(
        wrong.body,
        json!({"is_correct": false, "correct_answer_id": "b"})
    );
    let right = t
        .post(
            check,
            Some(&stu),
            json!({"lesson_id": lesson_id, "question_id": "q1", "answer_id": "b"}),
        )
        .await;
    assert_eq!(
        right.body,
        json!({"is_correct": true, "correct_answer_id": "b"})
    );
    assert_error(
        &t.post(
            check,
            Some(&stu),
            json!({"lesson_id": lesson_id, "question_id": "q9", "answer_id": "b"}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "question_not_found",
    );
    assert_error(
        &t.post(
            check,
            Some(&stu),
            json!({"lesson_id": lesson_id, "question_id": "q1", "answer_id": "z"}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_error(
        &t.post(
            check,
            Some(&other),
            json!({"lesson_id": lesson_id, "question_id": "q1", "answer_id": "b"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        "not_enrolled",
    );
}
