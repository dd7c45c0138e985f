use axum::http::StatusCode;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use jsonwebtoken::{encode, EncodingKey, Header};
use serde_json::json;

use crate::support::*;

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn forge(claims: serde_json::Value) -> String {
    encode(
        &Header::default(),
        &claims,
        &EncodingKey::from_secret(practicum_testkit::TEST_JWT_SECRET.as_bytes()),
    )
    .unwrap()
}

#[db_test]
async fn bad_tokens_are_401(t: TestApp) {
    let reg = t.register("ada@example.org").await;
    let good = token(&reg);
    let id = reg["user"]["user_id"].as_i64().unwrap().to_string();
    assert_eq!(t.me(Some(&good)).await.status, StatusCode::OK);

    // No token, garbage.
    assert_error(
        &t.me(None).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );
    assert_error(
        &t.me(Some("garbage")).await,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    );

    // Tampered payload: student → admin, signature no longer matches.
    let parts: Vec<&str> = good.split('.').collect();
    let payload = String::from_utf8(URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(payload.replace("student", "admin")),
        parts[2]
    );
    assert_error(
        &t.me(Some(&forged)).await,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    );

    // alg: none.
    let none_header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let unsigned = format!("{none_header}.{}.", parts[1]);
    assert_error(
        &t.me(Some(&unsigned)).await,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    );

    // Expired, correctly signed.
    let expired = forge(
        json!({"sub": id, "role": "student", "scope": "user", "ver": 0, "iat": now() - 7200, "exp": now() - 3600, "iss": "practicum"}),
    );
    assert_error(
        &t.me(Some(&expired)).await,
        StatusCode::UNAUTHORIZED,
        "token_expired",
    );

    // Correctly signed, but for an older token version (after a reset or deactivation).
    let stale = forge(
        json!({"sub": id, "role": "student", "scope": "user", "ver": 7, "iat": now(), "exp": now() + 600, "iss": "practicum"}),
    );
    assert_error(
        &t.me(Some(&stale)).await,
        StatusCode::UNAUTHORIZED,
        "token_revoked",
    );
}

#[db_test]
async fn deactivated_account_cannot_log_in_and_its_tokens_stop_working(t: TestApp) {
    let reg = t.register("ada@example.org").await;
    let student = token(&reg);
    let refresh = reg["refresh_token"].as_str().unwrap().to_owned();
    let (admin, _) = t.admin("root@example.org").await;
    let id = reg["user"]["user_id"].as_i64().unwrap();

    let r = t.patch_user(&admin, id, json!({"is_active": false})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["is_active"], false);

    assert_eq!(t.me(Some(&student)).await.status, StatusCode::UNAUTHORIZED);
    let login = t.try_login("ada@example.org", PASSWORD).await;
    assert_error(&login, StatusCode::UNAUTHORIZED, "invalid_credentials");
    let refreshed = t.refresh(&refresh).await;
    assert_eq!(refreshed.status, StatusCode::UNAUTHORIZED);

    // Reactivated, the account can log in again (old tokens stay dead).
    t.patch_user(&admin, id, json!({"is_active": true})).await;
    t.login("ada@example.org", PASSWORD).await;
    assert_eq!(t.me(Some(&student)).await.status, StatusCode::UNAUTHORIZED);
}

/// The signature of a token is checked once (ADR 0071); everything else is checked on
/// every request: the expiry, the account, the logout denylist. And a token that differs
/// from one already accepted by a single byte is checked in full.
#[db_test]
async fn a_token_seen_before_is_still_checked_on_every_request(t: TestApp) {
    let reg = t.register("ada@example.org").await;
    let id = reg["user"]["user_id"].as_i64().unwrap().to_string();

    // Accepted within the 5 s leeway: 4 s past its expiry.
    let late = forge(
        json!({"sub": id, "role": "student", "scope": "user", "ver": 0, "iat": now() - 600, "exp": now() - 4, "iss": "practicum"}),
    );
    assert_eq!(t.me(Some(&late)).await.status, StatusCode::OK);
    // Two seconds later it is past the leeway: refused, although it was accepted before.
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_error(
        &t.me(Some(&late)).await,
        StatusCode::UNAUTHORIZED,
        "token_expired",
    );

    // The same claims under a wrong signature, after the genuine token was accepted.
    let good = token(&t.login("ada@example.org", PASSWORD).await);
    assert_eq!(t.me(Some(&good)).await.status, StatusCode::OK);
    let (head, signature) = good.rsplit_once('.').unwrap();
    let mut bytes = URL_SAFE_NO_PAD.decode(signature).unwrap();
    bytes[0] ^= 1;
    let bad = format!("{head}.{}", URL_SAFE_NO_PAD.encode(bytes));
    assert_error(
        &t.me(Some(&bad)).await,
        StatusCode::UNAUTHORIZED,
        "invalid_token",
    );

    // A logout refuses the accepted token at once; so does a deactivation.
    assert_eq!(t.me(Some(&good)).await.status, StatusCode::OK);
    assert_eq!(t.logout(&good, None).await.status, StatusCode::NO_CONTENT);
    assert_error(
        &t.me(Some(&good)).await,
        StatusCode::UNAUTHORIZED,
        "token_revoked",
    );
    let again = token(&t.login("ada@example.org", PASSWORD).await);
    assert_eq!(t.me(Some(&again)).await.status, StatusCode::OK);
    let (admin, _) = t.admin("root@example.org").await;
    let uid = reg["user"]["user_id"].as_i64().unwrap();
    let r = t.patch_user(&admin, uid, json!({"is_active": false})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_error(
        &t.me(Some(&again)).await,
        StatusCode::UNAUTHORIZED,
        "account_inactive",
    );
}
