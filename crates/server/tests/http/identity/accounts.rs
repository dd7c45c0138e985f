use axum::http::StatusCode;
use practicum_domain::identity::Role;
use serde_json::json;

use crate::support::*;

#[db_test]
async fn only_admins_manage_users(t: TestApp) {
    let student = t.student("sam@example.org").await;
    let teacher = token(&t.user_with_role("tess@example.org", Role::Teacher).await);
    let (admin, _) = t.admin("root@example.org").await;

    for who in [&student, &teacher] {
        assert_error(
            &t.get("/api/v1/accounts/users", Some(who)).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        );
        assert_error(
            &t.patch(
                "/api/v1/accounts/users/1",
                Some(who),
                json!({"role": "admin"}),
            )
            .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        );
    }
    assert_eq!(
        t.get("/api/v1/accounts/users", None).await.status,
        StatusCode::UNAUTHORIZED
    );

    let all = t
        .get("/api/v1/accounts/users?page=1&page_size=2", Some(&admin))
        .await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(all.body["total"], 3);
    assert_eq!(all.body["items"].as_array().unwrap().len(), 2);
    let teachers = t
        .get("/api/v1/accounts/users?role=teacher", Some(&admin))
        .await;
    assert_eq!(teachers.body["total"], 1);
    assert_eq!(teachers.body["items"][0]["email"], "tess@example.org");
    let bad_role = t
        .get("/api/v1/accounts/users?role=wizard", Some(&admin))
        .await;
    assert_error(
        &bad_role,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );

    // Promote the student; the new role applies to their existing token at once.
    let sam_id = t.me(Some(&student)).await.body["user_id"].as_i64().unwrap();
    let r = t
        .patch_user(&admin, sam_id, json!({"role": "producer"}))
        .await;
    assert_eq!(r.body["role"], "producer");
    assert_eq!(t.me(Some(&student)).await.body["role"], "producer");

    let missing = t
        .patch(
            "/api/v1/accounts/users/999999",
            Some(&admin),
            json!({"role": "teacher"}),
        )
        .await;
    assert_error(&missing, StatusCode::NOT_FOUND, "user_not_found");
    let me = t.me(Some(&admin)).await.body["user_id"].as_i64().unwrap();
    let own = t.patch_user(&admin, me, json!({"is_active": false})).await;
    assert_error(&own, StatusCode::CONFLICT, "cannot_change_own_admin");
}
