use axum::http::StatusCode;
use serde_json::json;
use sqlx::Row;

use crate::support::*;

/// The reset token, read from the e-mail the outbox holds for `email`.
pub async fn token_from_outbox(t: &TestApp, email: &str) -> String {
    let mut conn = t.db.db.read().await.unwrap();
    let row =
        sqlx::query("SELECT body FROM email_outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1")
            .bind(email)
            .fetch_one(practicum_store::Session::conn(&mut conn))
            .await
            .unwrap();
    let body: String = row.try_get("body").unwrap();
    body.split("token=")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned()
}

#[db_test]
async fn forgot_then_reset_password(t: TestApp) {
    let reg = t.register("ada@example.org").await;
    let old_access = token(&reg);

    // Unknown accounts get the same answer, and no mail.
    let unknown = t.forgot_password("nobody@example.org").await;
    let known = t.forgot_password("ada@example.org").await;
    assert_eq!(
        (unknown.status, known.status),
        (StatusCode::ACCEPTED, StatusCode::ACCEPTED)
    );
    assert_eq!(unknown.body, known.body);
    let mut conn = t.db.db.read().await.unwrap();
    assert_eq!(
        practicum_store::identity::outbox::pending_count(&mut conn, "nobody@example.org")
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        practicum_store::identity::outbox::pending_count(&mut conn, "ada@example.org")
            .await
            .unwrap(),
        1
    );
    drop(conn);

    let reset_token = token_from_outbox(&t, "ada@example.org").await;
    let weak = t.reset_password(&reset_token, "short").await;
    assert_error(&weak, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let ok = t.reset_password(&reset_token, "a-brand-new-s3cret").await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT, "{}", ok.body);

    // Single use; old password and old sessions are gone; the new password works.
    let again = t.reset_password(&reset_token, "another-n3w-secret").await;
    assert_error(&again, StatusCode::BAD_REQUEST, "invalid_reset_token");
    let old = t.try_login("ada@example.org", PASSWORD).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    assert_error(
        &t.me(Some(&old_access)).await,
        StatusCode::UNAUTHORIZED,
        "token_revoked",
    );
    let refresh = t.refresh(&reg["refresh_token"]).await;
    assert_eq!(refresh.status, StatusCode::UNAUTHORIZED);
    t.login("ada@example.org", "a-brand-new-s3cret").await;
}

#[db_test]
async fn check_email_answers_exists(t: TestApp) {
    t.register("ada@example.org").await;
    let yes = t.check_email("ADA@example.org").await;
    assert_eq!(yes.body, json!({"exists": true}));
    let no = t.check_email("bob@example.org").await;
    assert_eq!(no.body, json!({"exists": false}));
    let bad = t.check_email("bob").await;
    assert_error(&bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
}

#[db_test]
async fn a_reset_spends_every_older_link_of_the_account(t: TestApp) {
    t.register("ada@example.org").await;
    let forgot = || t.forgot_password("ada@example.org");
    assert_eq!(forgot().await.status, StatusCode::ACCEPTED);
    let older = token_from_outbox(&t, "ada@example.org").await;
    assert_eq!(forgot().await.status, StatusCode::ACCEPTED);
    let newer = token_from_outbox(&t, "ada@example.org").await;
    assert_ne!(older, newer);
    let r = t.reset_password(&newer, "the-newer-passw0rd").await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = t.reset_password(&older, "the-older-passw0rd").await;
    assert_error(&r, StatusCode::BAD_REQUEST, "invalid_reset_token");
    let r = t.try_login("ada@example.org", "the-older-passw0rd").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    t.login("ada@example.org", "the-newer-passw0rd").await;
}
