use axum::http::StatusCode;
use futures::future::join_all;
use practicum_domain::identity::Role;
use serde_json::json;

use super::{cast, check_answer, count, quiz_lesson};
use crate::{courses::*, support::*};

#[db_test]
async fn enrolled_learners_read_complete_and_answer(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let bob = user(&t, "bob@example.org", Role::Teacher).await;
    let other = t.student("other@example.org").await;
    let slug = draft(&t, &ada, "Optimisation").await;
    let lesson_id = quiz_lesson(&t, &ada, &slug).await;
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
    // Completing it: the learner does not know it exists, its teacher is not enrolled.
    assert_error(
        &t.post(&complete, Some(&stu), json!({})).await,
        StatusCode::NOT_FOUND,
        "lesson_not_found",
    );
    assert_error(
        &t.post(&complete, Some(&ada), json!({})).await,
        StatusCode::FORBIDDEN,
        "not_enrolled",
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
    assert_error(
        &t.post("/api/v1/lessons/999999/complete", Some(&stu), json!({}))
            .await,
        StatusCode::NOT_FOUND,
        "lesson_not_found",
    );
    // None of the refused completions wrote anything.
    for table in ["lesson_completions", "activity_log", "analytics_events"] {
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        assert_eq!(count(&t, &sql).await, 0, "{table}");
    }

    enroll(&t, &stu, &slug).await;
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
    let answer =
        |q: &str, a: &str| json!({"lesson_id": lesson_id, "question_id": q, "answer_id": a});
    let wrong = check_answer(&t, &stu, answer("q1", "a")).await;
    assert_eq!(wrong.status, StatusCode::OK, "{}", wrong.body);
    assert_eq!(
        wrong.body,
        json!({"is_correct": false, "correct_answer_id": "b"})
    );
    let right = check_answer(&t, &stu, answer("q1", "b")).await;
    assert_eq!(
        right.body,
        json!({"is_correct": true, "correct_answer_id": "b"})
    );
    for (who, question, choice, status, code) in [
        (&stu, "q9", "b", StatusCode::NOT_FOUND, "question_not_found"),
        (
            &stu,
            "q1",
            "z",
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        ),
        (&other, "q1", "b", StatusCode::FORBIDDEN, "not_enrolled"),
    ] {
        let r = check_answer(&t, who, answer(question, choice)).await;
        assert_eq!(r.status, status, "{question}/{choice}: {}", r.body);
        assert_error(&r, status, code);
    }
}

/// Twenty completions of one lesson by one learner at once: one is the first, the others
/// answer its stamp, and the step is recorded once (on PostgreSQL most of them find the
/// first committed after their statement began, ADR 0067).
#[db_test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_completions_make_one(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let slug = draft(&t, &ada, "Race lessons").await;
    let lesson_id = quiz_lesson(&t, &ada, &slug).await;
    publish(&t, &ada, &producer, &slug).await;
    enroll(&t, &stu, &slug).await;
    let path = format!("/api/v1/lessons/{lesson_id}/complete");
    let results = join_all((0..20).map(|_| t.post(&path, Some(&stu), json!({})))).await;
    let mut firsts = 0;
    for r in &results {
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        if r.body["first_time"] == true {
            firsts += 1;
        }
        assert_eq!(r.body["completed_at"], results[0].body["completed_at"]);
    }
    assert_eq!(firsts, 1);
    for (sql, n) in [
        ("SELECT COUNT(*) AS n FROM lesson_completions", 1),
        (
            "SELECT COUNT(*) AS n FROM activity_log WHERE kind = 'lesson.completed'",
            1,
        ),
        (
            "SELECT COUNT(*) AS n FROM analytics_events WHERE kind = 'lesson_completed'",
            1,
        ),
        ("SELECT completed_lessons AS n FROM enrollments", 1),
    ] {
        assert_eq!(count(&t, sql).await, n, "{sql}");
    }
}

/// Enrolling and completing a lesson are each one statement after the token check (ADR
/// 0067): the access check reads in the statement that writes.
#[db_test]
async fn an_enrollment_and_a_completion_are_one_statement_each(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let slug = draft(&t, &ada, "Counted").await;
    let lesson_id = quiz_lesson(&t, &ada, &slug).await;
    publish(&t, &ada, &producer, &slug).await;
    let statements = |path: String| {
        let t = &t;
        let stu = &stu;
        async move {
            let before = t.db.db.query_count();
            let r = t.post(&path, Some(stu), json!({})).await;
            assert!(r.status.is_success(), "{path}: {}", r.body);
            t.db.db.query_count() - before
        }
    };
    let me = {
        let before = t.db.db.query_count();
        t.get_ok("/api/v1/auth/me", Some(&stu)).await;
        t.db.db.query_count() - before
    };
    let enrolling = statements(format!("/api/v1/courses/{slug}/enroll")).await;
    let first = statements(format!("/api/v1/lessons/{lesson_id}/complete")).await;
    let repeat = statements(format!("/api/v1/lessons/{lesson_id}/complete")).await;
    // `/auth/me` is the token check, which reads the account with the session: one
    // statement. A write is that and its own statement (it was four with the check's read
    // and `BEGIN`/`COMMIT` in a transaction; those are not counted here, the read was).
    assert_eq!(me, 1);
    assert_eq!((enrolling, first, repeat), (me + 1, me + 1, me + 1));
}
