use axum::http::StatusCode;
use futures::future::join_all;
use serde_json::json;

use crate::support::*;

fn refresh_of(body: &serde_json::Value) -> String {
    body["refresh_token"].as_str().unwrap().to_owned()
}

#[db_test]
async fn refresh_rotates_and_reuse_revokes_the_family(t: TestApp) {
    t.register("ada@example.org").await;
    let login = t.login("ada@example.org", PASSWORD).await;
    let other_device = t.login("ada@example.org", PASSWORD).await;
    let r1 = refresh_of(&login);

    let second = t.refresh(&r1).await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    let r2 = refresh_of(&second.body);
    assert_ne!(r1, r2);
    assert_eq!(
        t.me(Some(&token(&second.body))).await.status,
        StatusCode::OK
    );

    // r1 is presented again: theft. The family (r2 too) is revoked.
    let reuse = t.refresh(&r1).await;
    assert_error(&reuse, StatusCode::UNAUTHORIZED, "refresh_token_reused");
    let after = t.refresh(&r2).await;
    assert_error(&after, StatusCode::UNAUTHORIZED, "refresh_token_reused");

    // Another login's family is untouched.
    let other = t.refresh(refresh_of(&other_device)).await;
    assert_eq!(other.status, StatusCode::OK);

    let unknown = t.refresh("not-a-token").await;
    assert_error(&unknown, StatusCode::UNAUTHORIZED, "invalid_refresh_token");
}

#[db_test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_refreshes_with_one_token_yield_one_new_pair(t: TestApp) {
    let r = refresh_of(&t.register("ada@example.org").await);
    let results = join_all((0..10).map(|_| t.refresh(&r))).await;
    let ok = results
        .iter()
        .filter(|x| x.status == StatusCode::OK)
        .count();
    assert_eq!(
        ok,
        1,
        "{:?}",
        results.iter().map(|x| x.status).collect::<Vec<_>>()
    );
}

#[db_test]
async fn logout_ends_the_session(t: TestApp) {
    let reg = t.register("ada@example.org").await;
    let r = t.logout(&token(&reg), Some(&refresh_of(&reg))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let refreshed = t.refresh(refresh_of(&reg)).await;
    assert_eq!(refreshed.status, StatusCode::UNAUTHORIZED);

    // Without a body: every session of the account.
    let a = t.login("ada@example.org", PASSWORD).await;
    let b = t.login("ada@example.org", PASSWORD).await;
    let r = t.logout(&token(&a), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    for s in [a, b] {
        let x = t.refresh(refresh_of(&s)).await;
        assert_eq!(x.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        t.post("/api/v1/auth/logout", None, json!({})).await.status,
        StatusCode::UNAUTHORIZED
    );
}
