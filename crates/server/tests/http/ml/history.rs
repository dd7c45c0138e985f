use axum::http::{Method, StatusCode};
use rstest::rstest;

use super::*;

/// The headers of a refused `DELETE` and the error it must answer.
type Refusal<'a> = (&'a [(&'a str, &'a str)], StatusCode, &'a str);

#[db_test]
async fn history_is_admin_only_newest_first_and_filtered(MlApp(t): MlApp) {
    let ada = t.register("ada@example.org").await;
    let ada_token = token(&ada);
    let ada_id = ada["user"]["user_id"].as_i64().unwrap();
    let bob = t.student("bob@example.org").await;
    let (admin, _) = t.admin("root@example.org").await;

    ml_forward(&t, Some(&ada_token), &[image(fixture("cat.jpg"))]).await;
    ml_forward(&t, Some(&bob), &[image(GIF.to_vec())]).await;
    ml_forward(&t, Some(&ada_token), &[image(fixture("dog.jpg"))]).await;

    let r = t.get("/api/v1/ml/history", Some(&bob)).await;
    assert_error(&r, StatusCode::FORBIDDEN, "forbidden");
    let r = t.get("/api/v1/ml/history", None).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "unauthenticated");

    let all = all_history(&t, &admin, "").await;
    assert_eq!(all.len(), 3);
    // Newest first: ids descending.
    let ids: Vec<i64> = all.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "{ids:?}");
    assert_eq!(
        all[0]["result"][0]["class"],
        expected_top1("dog.jpg").1.as_str()
    );

    let mine = format!("user_id={ada_id}");
    for (query, n) in [
        ("status=200", 2),
        (mine.as_str(), 2),
        ("status=415", 1),
        ("from=2999-01-01T00:00:00Z", 0),
        ("to=2000-01-01T00:00:00Z", 0),
        ("from=2000-01-01T00:00:00Z&to=2999-01-01T00:00:00Z", 3),
    ] {
        assert_eq!(all_history(&t, &admin, query).await.len(), n, "{query}");
    }
    let mine = all_history(&t, &admin, &mine).await;
    assert!(mine.iter().all(|r| r["user_id"] == ada_id));
    let failed = all_history(&t, &admin, "status=415").await;
    assert_eq!(failed[0]["error_code"], "unsupported_image_format");

    let page = t
        .get("/api/v1/ml/history?page=2&page_size=2", Some(&admin))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body["total"], 3);
    assert_eq!(page.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(page.body["items"][0]["id"], ids[2]);

    let bad = t
        .get("/api/v1/ml/history?from=yesterday", Some(&admin))
        .await;
    assert_error(&bad, StatusCode::UNPROCESSABLE_ENTITY, "invalid_query");
}

#[db_test]
async fn deleting_history_needs_the_admin_token(MlApp(t): MlApp) {
    let student = t.student("learner@example.org").await;
    let (admin, _) = t.admin("root@example.org").await;
    for _ in 0..2 {
        ml_forward(&t, Some(&student), &[image(GIF.to_vec())]).await;
    }
    let path = "/api/v1/ml/history";
    let bearer = |v: &str| format!("Bearer {v}");

    let (admin_jwt, student_jwt) = (bearer(&admin), bearer(&student));
    let wrong_token = bearer("wrong-token");
    // An admin's JWT alone is not the admin token; X-Admin-Token needs an admin beside it.
    let refused: [Refusal; 6] = [
        (&[], StatusCode::UNAUTHORIZED, "admin_token_required"),
        (
            &[("authorization", &admin_jwt)],
            StatusCode::UNAUTHORIZED,
            "admin_token_required",
        ),
        (
            &[("authorization", &wrong_token)],
            StatusCode::FORBIDDEN,
            "invalid_admin_token",
        ),
        (
            &[("authorization", &admin_jwt), ("x-admin-token", "wrong")],
            StatusCode::FORBIDDEN,
            "invalid_admin_token",
        ),
        (
            &[("x-admin-token", ADMIN_TOKEN)],
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
        ),
        (
            &[
                ("authorization", &student_jwt),
                ("x-admin-token", ADMIN_TOKEN),
            ],
            StatusCode::FORBIDDEN,
            "forbidden",
        ),
    ];
    for (headers, status, code) in refused {
        let r = t.call_with(Method::DELETE, path, headers, None).await;
        assert_error(&r, status, code);
    }
    assert_eq!(
        all_history(&t, &admin, "").await.len(),
        2,
        "nothing deleted by refused calls"
    );

    // older_than in the past deletes nothing.
    let r = t
        .call_with(
            Method::DELETE,
            &format!("{path}?older_than=2000-01-01T00:00:00Z"),
            &[("authorization", &bearer(ADMIN_TOKEN))],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["deleted"], 0);
    assert_eq!(all_history(&t, &admin, "").await.len(), 2);

    let r = t
        .call_with(
            Method::DELETE,
            path,
            &[
                ("authorization", &bearer(&admin)),
                ("x-admin-token", ADMIN_TOKEN),
            ],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["deleted"], 2);
    assert_eq!(all_history(&t, &admin, "").await.len(), 0);

    // The root route answers 204.
    post_multipart(&t, "/forward", Some(&student), &[image(GIF.to_vec())]).await;
    assert_eq!(all_history(&t, &admin, "").await.len(), 1);
    let r = t.call_with(Method::DELETE, "/history", &[], None).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "admin_token_required");
    let r = t
        .call_with(
            Method::DELETE,
            "/history",
            &[("authorization", &bearer("nope"))],
            None,
        )
        .await;
    assert_error(&r, StatusCode::FORBIDDEN, "invalid_admin_token");
    let r = t
        .call_with(
            Method::DELETE,
            "/history",
            &[("authorization", &bearer(ADMIN_TOKEN))],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(all_history(&t, &admin, "").await.len(), 0);
}

/// On PostgreSQL the history is partitioned by month: 24 monthly partitions plus a
/// default one, and a new row lands in the partition of its month.
#[tokio::test]
async fn postgres_history_is_partitioned_by_month() {
    use practicum_store::Session;
    use sqlx::Row;
    let Some(t) = start_ml(Backend::Postgres).await else {
        return;
    };
    let student = t.student("learner@example.org").await;
    ml_forward(&t, Some(&student), &[image(GIF.to_vec())]).await;
    let mut conn = t.db.db.read().await.unwrap();
    let partitions: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM pg_inherits WHERE inhparent = 'ml_requests'::regclass",
    )
    .fetch_one(conn.conn())
    .await
    .unwrap()
    .try_get("n")
    .unwrap();
    assert_eq!(partitions, 25);
    let part: String = sqlx::query("SELECT tableoid::regclass::text AS part FROM ml_requests")
        .fetch_one(conn.conn())
        .await
        .unwrap()
        .try_get("part")
        .unwrap();
    let now = chrono::Utc::now();
    let expected = if (2026..=2027).contains(&chrono::Datelike::year(&now)) {
        now.format("ml_requests_%Y_%m").to_string()
    } else {
        "ml_requests_default".to_owned()
    };
    assert_eq!(part, expected);
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn wrong_admin_tokens_are_rate_limited_per_address(#[case] backend: Backend) {
    // No model needed: the token is checked before anything else.
    let Some(t) = TestApp::start_custom(
        backend,
        ApiConfig {
            auth_rate_limit_per_minute: 3,
            trust_proxy_headers: true,
            ..ApiConfig::default()
        },
        |app| {
            let model = practicum_app::ml::Ml::default().model;
            app.with_ml(practicum_app::ml::Ml {
                model,
                limits: limits(),
            })
        },
    )
    .await
    else {
        return;
    };
    let guess = |from: &'static str, token: &'static str| {
        let t = &t;
        async move {
            let auth = format!("Bearer {token}");
            let headers = [("authorization", auth.as_str()), ("x-forwarded-for", from)];
            t.call_with(Method::DELETE, "/api/v1/ml/history", &headers, None)
                .await
        }
    };
    for _ in 0..3 {
        assert_error(
            &guess("203.0.113.5", "guess").await,
            StatusCode::FORBIDDEN,
            "invalid_admin_token",
        );
    }
    let r = guess("203.0.113.5", "guess").await;
    assert_error(&r, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    assert!(r.headers.contains_key(axum::http::header::RETRY_AFTER));
    // Refused before comparison: even the right token gets 429 from that address now.
    assert_error(
        &guess("203.0.113.5", ADMIN_TOKEN).await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
    );
    // Another address is not affected, and right tokens never count.
    for _ in 0..5 {
        let r = guess("198.51.100.5", ADMIN_TOKEN).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
}
