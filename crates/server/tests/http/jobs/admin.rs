use axum::http::StatusCode;
use practicum_domain::identity::Role;
use serde_json::json;

use super::*;

/// Admins list, filter, inspect and retry jobs; nobody else may.
#[db_test]
async fn admins_see_and_retry_jobs(Clocked { t, .. }: Clocked) {
    let (w, _) = flaky_worker(&t, u32::MAX, 1);
    let dead = enqueue(&t, "flaky", json!({}), None, 1).await;
    w.run_once().await.unwrap().unwrap();
    let queued = enqueue(&t, "other", json!({"x": 1}), Some(T0 + 1_000_000), 3).await;

    let (user_token, admin) = t.admin("root@example.com").await;
    let student = t.student("ann@example.com").await;
    let teacher = token(&t.user_with_role("tea@example.com", Role::Teacher).await);
    for who in [&student, &teacher, &user_token] {
        assert_error(
            &t.get("/api/v1/admin/jobs", Some(who)).await,
            StatusCode::UNAUTHORIZED,
            "admin_token_required",
        );
        assert_error(
            &t.post(
                &format!("/api/v1/admin/jobs/{dead}/retry"),
                Some(who),
                json!({}),
            )
            .await,
            StatusCode::UNAUTHORIZED,
            "admin_token_required",
        );
    }
    assert_eq!(
        t.get("/api/v1/admin/jobs", None).await.status,
        StatusCode::UNAUTHORIZED
    );

    let all = t.get("/api/v1/admin/jobs?page_size=1", Some(&admin)).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert_eq!(all.body["total"], 2);
    assert_eq!(all.body["items"][0]["id"], queued, "newest first");
    let dead_list = t.get("/api/v1/admin/jobs?status=dead", Some(&admin)).await;
    assert_eq!(dead_list.body["total"], 1);
    assert_eq!(dead_list.body["items"][0]["id"], dead);
    let by_kind = t.get("/api/v1/admin/jobs?kind=other", Some(&admin)).await;
    assert_eq!(by_kind.body["items"][0]["payload"], json!({"x": 1}));
    assert_error(
        &t.get("/api/v1/admin/jobs?status=bogus", Some(&admin)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_error(
        &t.get("/api/v1/admin/jobs/999999", Some(&admin)).await,
        StatusCode::NOT_FOUND,
        "job_not_found",
    );

    // Only a dead job can be retried.
    assert_error(
        &t.post(
            &format!("/api/v1/admin/jobs/{queued}/retry"),
            Some(&admin),
            json!({}),
        )
        .await,
        StatusCode::CONFLICT,
        "job_not_dead",
    );
    let retried = t
        .post_ok(
            &format!("/api/v1/admin/jobs/{dead}/retry"),
            Some(&admin),
            json!({}),
        )
        .await;
    assert_eq!(retried["status"], "queued");
    assert_eq!(retried["attempts"], 0);
    // It runs again (and dies again: the handler always fails).
    let o = w.run_once().await.unwrap().unwrap();
    assert!(
        matches!(o, practicum_app::jobs::JobOutcome::Dead { id, .. } if id == dead),
        "{o:?}"
    );
}
