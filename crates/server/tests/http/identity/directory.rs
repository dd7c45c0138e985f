//! `GET /accounts/profiles` (issue #12, item 3): the public directory, paginated in the
//! list envelope, searched by name, filtered by role and specialization.

use axum::http::StatusCode;
use practicum_domain::identity::Role;
use serde_json::{json, Value};

use crate::support::*;

async fn named(t: &TestApp, email: &str, name: &str, role: Role) -> String {
    let tok = token(&t.user_with_role(email, role).await);
    let r = t.patch_me(&tok, json!({"full_name": name})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    tok
}

fn names(body: &Value) -> Vec<&str> {
    body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["full_name"].as_str().expect("name"))
        .collect()
}

#[db_test]
async fn the_profile_directory_searches_and_filters(t: TestApp) {
    let (admin, _) = t.admin("root@example.org").await;
    let r = t.patch_me(&admin, json!({"full_name": "Zed Admin"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let spec = t.add_specialization(&admin, "Computer Vision").await;
    assert_eq!(spec.status, StatusCode::CREATED, "{}", spec.body);
    let ada = named(&t, "ada@example.org", "Ada Lovelace", Role::Teacher).await;
    let _grace = named(&t, "grace@example.org", "Grace Hopper", Role::Teacher).await;
    let alan = named(&t, "alan@example.org", "Alan Turing", Role::Student).await;
    let r = t
        .patch_profile(
            &ada,
            json!({"specializations": ["computer-vision"], "phone": "+4915112345678"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let gone = named(&t, "gone@example.org", "Adam Gone", Role::Teacher).await;
    let gone_id = t.me(Some(&gone)).await.body["user_id"].clone();
    let r = t
        .patch_user(&admin, gone_id, json!({"is_active": false}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);

    // Everyone, by name; deactivated accounts are not listed; phones never.
    let all = t.get("/api/v1/accounts/profiles", None).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert_eq!(
        names(&all.body),
        ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Zed Admin"]
    );
    assert_eq!(all.body["total"], 4);
    assert_eq!(
        (all.body["page"].clone(), all.body["page_size"].clone()),
        (json!(1), json!(20))
    );
    assert!(
        !all.body.to_string().contains("+4915112345678"),
        "phone leaked"
    );
    assert_eq!(
        all.body["items"][0]["specializations"][0]["slug"],
        "computer-vision"
    );
    assert_eq!(all.body["items"][0]["role"], "teacher");
    assert_eq!(all.body["items"][0]["rating_count"], 0);

    // Pages keep the order and the total.
    let p2 = t
        .get("/api/v1/accounts/profiles?page=2&page_size=3", Some(&alan))
        .await;
    assert_eq!(names(&p2.body), ["Zed Admin"]);
    assert_eq!(p2.body["total"], 4);

    // Search by name (case-insensitive), role, specialization, and all at once.
    let r = t.get("/api/v1/accounts/profiles?search=LOVE", None).await;
    assert_eq!(names(&r.body), ["Ada Lovelace"]);
    let r = t.get("/api/v1/accounts/profiles?role=teacher", None).await;
    assert_eq!(names(&r.body), ["Ada Lovelace", "Grace Hopper"]);
    let r = t
        .get(
            "/api/v1/accounts/profiles?specialization=computer-vision",
            None,
        )
        .await;
    assert_eq!(names(&r.body), ["Ada Lovelace"]);
    let r = t
        .get("/api/v1/accounts/profiles?role=student&search=a", None)
        .await;
    assert_eq!(names(&r.body), ["Alan Turing"]);
    assert_eq!(r.body["total"], 1);
    let r = t
        .get("/api/v1/accounts/profiles?specialization=nobody", None)
        .await;
    assert_eq!(r.body["total"], 0);
    assert_eq!(names(&r.body), Vec::<&str>::new());

    // A role that does not exist is a 422 naming the field.
    let r = t.get("/api/v1/accounts/profiles?role=wizard", None).await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(r.body["error"]["details"]["fields"][0]["field"], "role");
}
