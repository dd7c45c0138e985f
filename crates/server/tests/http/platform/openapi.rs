//! The generated document is the contract: every operation is tagged, summarised,
//! declares its security and documents its error responses, and its parameters are
//! where the routes read them (clients are generated from it).

use std::collections::{BTreeMap, BTreeSet};

use axum::http::StatusCode;
use serde_json::Value;

use crate::support::*;

const METHODS: [&str; 7] = ["get", "post", "put", "patch", "delete", "head", "options"];

/// Generated clients name one function per operation id: two operations with one id give
/// one of them the other's request and response types (the studio's "add a module" was
/// typed as the admin's track module).
#[test]
fn operation_ids_are_unique() {
    let doc = serde_json::to_value(practicum_api::openapi()).unwrap();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut dups = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let at = format!("{} {path}", method.to_uppercase());
            if let Some(first) = seen.insert(id.to_owned(), at.clone()) {
                dups.push(format!("{id}: {first} and {at}"));
            }
        }
    }
    assert!(seen.len() >= 20, "only {} operation ids", seen.len());
    assert_eq!(dups, Vec::<String>::new(), "operation ids used twice");
}

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
    // Paths served by several routers keep every method in the document.
    for (path, methods) in [
        (
            "/api/v1/lessons/{lesson_id}",
            &["get", "patch", "delete"][..],
        ),
        (
            "/api/v1/courses/{slug}/modules/{module_id}",
            &["patch", "delete"],
        ),
        ("/api/v1/courses/{slug}/cover", &["get", "put"]),
        ("/api/v1/courses/categories/{slug}", &["patch", "delete"]),
        ("/api/v1/courses/tags/{slug}", &["patch", "delete"]),
    ] {
        for m in methods {
            assert!(
                paths[path].get(*m).is_some(),
                "{} {path} is not documented",
                m.to_uppercase()
            );
        }
    }
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
        "/api/v1/courses/{slug}/modules/{module_id}",
        "/api/v1/courses/{slug}/modules/{module_id}/lessons/reorder",
        "/api/v1/courses/{slug}/cover",
        "/api/v1/courses/categories/{slug}",
        "/api/v1/courses/tags/{slug}",
        "/api/v1/courses/mine",
        "/api/v1/courses/queue",
        "/api/v1/courses/{slug}/enroll",
        "/api/v1/courses/{slug}/favorite",
        "/api/v1/courses/favorites",
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
#[db_test]
async fn the_served_document_is_the_printed_one(t: TestApp) {
    let served = t.get("/api/openapi.json", None).await;
    assert_eq!(served.status, StatusCode::OK);
    let printed: Value =
        serde_json::from_str(&practicum_server::cli::openapi_json().unwrap()).unwrap();
    assert_eq!(served.body, printed);
}

/// The variables of a path template: `/a/{slug}/b/{id}` → `["slug", "id"]`.
fn template_variables(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// Every parameter problem of one operation: a path parameter missing from the
/// template (e.g. a query parameter documented `in: path`), a template variable without
/// exactly one required path parameter, and a (name, location) pair declared twice.
fn parameter_problems(path: &str, shared: &[Value], op: &Value) -> Vec<String> {
    let own = op["parameters"].as_array().cloned().unwrap_or_default();
    let params: Vec<&Value> = shared.iter().chain(own.iter()).collect();
    let variables = template_variables(path);
    let mut problems = Vec::new();
    let mut seen: BTreeMap<(String, String), usize> = BTreeMap::new();
    for p in &params {
        let (Some(name), Some(location)) = (p["name"].as_str(), p["in"].as_str()) else {
            problems.push(format!("a parameter without name or location: {p}"));
            continue;
        };
        *seen
            .entry((name.to_owned(), location.to_owned()))
            .or_default() += 1;
        if location == "path" {
            if !variables.contains(&name) {
                problems.push(format!(
                    "`{name}` is declared in: path but the path has no {{{name}}}"
                ));
            }
            if p["required"] != Value::Bool(true) {
                problems.push(format!("path parameter `{name}` is not required"));
            }
        }
    }
    for variable in &variables {
        let n = seen
            .get(&((*variable).to_owned(), "path".to_owned()))
            .copied()
            .unwrap_or(0);
        if n != 1 {
            problems.push(format!("{{{variable}}} has {n} in: path parameters, not 1"));
        }
    }
    for ((name, location), n) in seen {
        if n > 1 {
            problems.push(format!("`{name}` in: {location} is declared {n} times"));
        }
    }
    problems
}

#[test]
fn the_parameter_check_catches_each_kind_of_mistake() {
    let op = |params: Value| serde_json::json!({ "parameters": params });
    let p = |name: &str, location: &str| serde_json::json!({"name": name, "in": location, "required": location == "path"});
    assert!(parameter_problems(
        "/t/{slug}",
        &[],
        &op(serde_json::json!([p("slug", "path"), p("page", "query")]))
    )
    .is_empty());
    // A query parameter documented in the path (issue 19's defect).
    assert_eq!(
        parameter_problems("/t", &[], &op(serde_json::json!([p("page", "path")]))).len(),
        1
    );
    // A template variable nobody declares, or declares twice.
    assert_eq!(
        parameter_problems("/t/{slug}", &[], &op(serde_json::json!([]))).len(),
        1
    );
    assert_eq!(
        parameter_problems(
            "/t/{slug}",
            &[p("slug", "path")],
            &op(serde_json::json!([p("slug", "path")]))
        )
        .len(),
        2
    );
    // The same name in two places is fine; twice in one place is not.
    assert!(parameter_problems(
        "/t/{id}",
        &[],
        &op(serde_json::json!([p("id", "path"), p("id", "query")]))
    )
    .is_empty());
    assert_eq!(
        parameter_problems(
            "/t",
            &[],
            &op(serde_json::json!([p("page", "query"), p("page", "query")]))
        )
        .len(),
        1
    );
}

#[db_test]
async fn the_served_document_puts_every_parameter_where_the_route_reads_it(t: TestApp) {
    let doc = t.get("/api/openapi.json", None).await;
    assert_eq!(doc.status, StatusCode::OK);
    let paths = doc.body["paths"].as_object().unwrap();
    let mut problems = Vec::new();
    let mut operations = 0;
    let mut locations: BTreeSet<String> = BTreeSet::new();
    for (path, item) in paths {
        let shared = item["parameters"].as_array().cloned().unwrap_or_default();
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            operations += 1;
            for p in op["parameters"].as_array().into_iter().flatten() {
                locations.insert(p["in"].as_str().unwrap_or("?").to_owned());
            }
            for problem in parameter_problems(path, &shared, op) {
                problems.push(format!("{} {path}: {problem}", method.to_uppercase()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(operations >= 100, "only {operations} operations checked");
    assert!(
        locations.contains("path") && locations.contains("query"),
        "{locations:?}"
    );

    // The admin list routes of issue 19, by name: page, page_size and stage are query
    // parameters.
    for (path, method, names) in [
        ("/api/v1/tracks", "get", &["page", "page_size"][..]),
        ("/api/v1/admin/tracks", "get", &["page", "page_size"][..]),
        (
            "/api/v1/admin/tracks/{slug}/questions",
            "get",
            &["stage", "page", "page_size"][..],
        ),
    ] {
        let params = doc.body["paths"][path][method]["parameters"]
            .as_array()
            .unwrap_or_else(|| panic!("{method} {path} has no parameters"));
        for name in names {
            let p = params
                .iter()
                .find(|p| p["name"] == *name)
                .unwrap_or_else(|| panic!("{method} {path}: no `{name}`"));
            assert_eq!(p["in"], "query", "{method} {path}: `{name}`");
        }
    }
}
