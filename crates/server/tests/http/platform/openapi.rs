//! The generated document is the contract: every operation is tagged, summarised,
//! declares its security and documents its error responses.

#[test]
fn every_operation_documents_tags_summary_security_and_errors() {
    let doc = serde_json::to_value(practicum_api::openapi()).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    let mut count = 0;
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            if !["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                continue;
            }
            count += 1;
            let at = format!("{} {path}", method.to_uppercase());
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{at}: no tag"
            );
            assert!(
                op["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{at}: no summary"
            );
            assert!(
                op.get("security").is_some(),
                "{at}: no security declaration"
            );
            let responses = op["responses"].as_object().unwrap();
            assert!(
                // 101: the WebSocket upgrade (`/ws`) succeeds by switching protocols.
                responses.keys().any(|k| k.starts_with('2') || k == "101"),
                "{at}: no success response"
            );
            for code in ["400", "422", "500"] {
                assert!(
                    responses.contains_key(code),
                    "{at}: does not document {code}"
                );
            }
            let secured = op["security"]
                .as_array()
                .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
            if secured {
                assert!(responses.contains_key("401"), "{at}: secured but no 401");
            }
            for (code, r) in responses {
                if code.starts_with('4') || code.starts_with('5') {
                    let schema = &r["content"]["application/json"]["schema"];
                    assert!(!schema.is_null(), "{at} {code}: no JSON error schema");
                }
            }
        }
    }
    assert!(count >= 20, "only {count} operations");
    let ops: Vec<&String> = paths.keys().collect();
    for expected in [
        "/api/v1/auth/register",
        "/api/v1/auth/signup",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/auth/check-email",
        "/api/v1/auth/forgot-password",
        "/api/v1/auth/reset-password",
        "/api/v1/auth/me",
        "/api/v1/users/me",
        "/api/v1/admin/login",
        "/api/v1/accounts/users",
        "/api/v1/accounts/users/{user_id}",
        "/api/v1/accounts/profiles/{slug}",
        "/api/v1/accounts/specializations",
        "/api/v1/courses",
        "/api/v1/courses/popular",
        "/api/v1/courses/trending",
        "/api/v1/courses/categories",
        "/api/v1/courses/tags",
        "/api/v1/courses/{slug}",
        "/api/v1/courses/{slug}/status",
        "/api/v1/courses/{slug}/modules",
        "/api/v1/courses/{slug}/modules/reorder",
        "/api/v1/courses/{slug}/lessons",
        "/api/v1/courses/{slug}/translations/{lang}",
        "/api/v1/courses/{slug}/enroll",
        "/api/v1/courses/{slug}/favorite",
        "/api/v1/lessons/{lesson_id}",
        "/api/v1/lessons/{lesson_id}/complete",
        "/api/v1/quizzes/answers/check",
        "/api/v1/activity-log",
        "/api/v1/dashboard/my-courses",
        "/api/v1/dashboard/courses/{slug}",
        "/health/live",
        "/health/ready",
        "/metrics",
    ] {
        assert!(
            ops.iter().any(|p| p.as_str() == expected),
            "{expected} is not documented"
        );
    }
}

/// What `practicum openapi` prints (and `openapi.json` holds) is what the server serves.
#[rstest::rstest]
#[case::sqlite(crate::support::Backend::Sqlite)]
#[case::postgres(crate::support::Backend::Postgres)]
#[tokio::test]
async fn the_served_document_is_the_printed_one(#[case] backend: crate::support::Backend) {
    let Some(t) = crate::support::TestApp::start(backend).await else {
        return;
    };
    let served = t.get("/api/openapi.json", None).await;
    assert_eq!(served.status, axum::http::StatusCode::OK);
    let printed: serde_json::Value =
        serde_json::from_str(&practicum_server::cli::openapi_json().unwrap()).unwrap();
    assert_eq!(served.body, printed);
}
