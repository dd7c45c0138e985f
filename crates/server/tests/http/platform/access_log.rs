//! The access log, read from what a real `practicum serve` writes to a file and to a
//! pipe: one line per request with the method, the route template (never the query
//! string), the status, the latency, the user id, the request id and the bytes sent;
//! JSON by default in production; sampling keeps every error; no terminal colour codes.

use std::{io::Read, net::SocketAddr, process::Stdio};

use serde_json::Value;

use crate::support::*;

/// A `practicum serve` with the access log on and no job workers, once it answers.
fn start(
    database_url: &str,
    dir: &std::path::Path,
    env: &[(&str, &str)],
    stdout: Stdio,
) -> ServeProcess {
    let base = [("JOBS_WORKERS", "0"), ("LOG_LEVEL", "warn,access=info")];
    let mut server = ServeProcess::start(database_url, dir, &[&base[..], env].concat(), stdout);
    server.wait_until_ok("/health/live", &[("X-Request-Id", "ready-probe")]);
    server
}

/// A GET with a chosen request id: the status, the `Content-Length` and the body
/// (0, 0 and empty when nothing came back).
fn get(addr: SocketAddr, path: &str, token: Option<&str>, request_id: &str) -> (u16, u64, String) {
    let headers = [("X-Request-Id", request_id)];
    http_exchange(addr, "GET", path, token, &headers, None).map_or((0, 0, String::new()), |r| {
        (r.status, r.content_length(), r.body)
    })
}

/// The access lines among JSON log lines, each as an object.
fn access_lines(log: &str) -> Vec<Value> {
    log.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .filter(|v| v["target"] == "access")
        .collect()
}

fn the_line<'a>(lines: &'a [Value], request_id: &str) -> &'a Value {
    let found: Vec<&Value> = lines
        .iter()
        .filter(|l| l["request_id"] == request_id)
        .collect();
    assert_eq!(found.len(), 1, "one line for {request_id}: {lines:#?}");
    found[0]
}

#[db_test(flavor = "multi_thread", worker_threads = 2)]
async fn a_production_server_writes_one_json_access_line_per_request_to_a_file(t: TestApp) {
    let token = t.student("ada@example.org").await;
    let dir = tempfile::tempdir().unwrap();
    let log_path = dir.path().join("server.log");
    let url = t.db.url.clone();
    let (log, answers) = tokio::task::spawn_blocking({
        let dir = dir.path().to_owned();
        let log_path = log_path.clone();
        move || {
            let file = std::fs::File::create(&log_path).unwrap();
            // Production with LOG_FORMAT unset: JSON lines.
            let server = start(
                &url,
                &dir,
                &[
                    ("APP_ENV", "production"),
                    ("ADMIN_TOKEN", "access-log-admin-token-0123456789abcdef"),
                ],
                Stdio::from(file),
            );
            let me = get(server.addr, "/api/v1/auth/me", Some(&token), "req-me");
            let missing = get(
                server.addr,
                "/api/v1/courses/no-such-course",
                None,
                "req-404",
            );
            let unmatched = get(
                server.addr,
                "/no/such/page.php?token=secret-in-query",
                None,
                "req-unmatched",
            );
            let bad_token = get(server.addr, "/api/v1/auth/me", Some("not-a-jwt"), "req-401");
            drop(server);
            (
                std::fs::read_to_string(&log_path).unwrap(),
                [me, missing, unmatched, bad_token],
            )
        }
    })
    .await
    .unwrap();
    let [me, missing, unmatched, bad_token] = answers;

    assert!(
        !log.contains('\u{1b}'),
        "colour codes in a log file:\n{log}"
    );
    assert!(
        !log.contains("secret-in-query"),
        "the query string leaked into the log:\n{log}"
    );
    let lines = access_lines(&log);

    let line = the_line(&lines, "req-me");
    assert_eq!(me.0, 200, "{}", me.2);
    let user_id = serde_json::from_str::<Value>(&me.2).unwrap()["user_id"].clone();
    assert!(user_id.is_i64(), "{}", me.2);
    assert_eq!(line["method"], "GET");
    assert_eq!(line["route"], "/api/v1/auth/me");
    assert_eq!(line["status"], 200);
    assert_eq!(line["user_id"], user_id);
    assert_eq!(line["bytes"], me.1);
    assert!(me.1 > 0);
    assert_eq!(line["level"], "INFO");
    let latency = line["latency_ms"].as_f64().expect("latency_ms is a number");
    assert!((0.0..10_000.0).contains(&latency), "{latency}");

    let line = the_line(&lines, "req-404");
    assert_eq!(missing.0, 404);
    assert_eq!(line["route"], "/api/v1/courses/{slug}");
    assert_eq!(line["status"], 404);
    assert_eq!(line["bytes"], missing.1);
    assert!(line.get("user_id").is_none_or(Value::is_null), "{line}");

    let line = the_line(&lines, "req-unmatched");
    assert_eq!(line["route"], "unmatched");
    assert_eq!(line["status"], unmatched.0);

    let line = the_line(&lines, "req-401");
    assert_eq!(bad_token.0, 401);
    assert_eq!(line["status"], 401);
    assert!(line.get("user_id").is_none_or(Value::is_null), "{line}");
}

#[db_test(flavor = "multi_thread", worker_threads = 2)]
async fn sampled_text_logs_into_a_pipe_keep_every_error_and_carry_no_colour(t: TestApp) {
    let dir = tempfile::tempdir().unwrap();
    let url = t.db.url.clone();
    let log = tokio::task::spawn_blocking({
        let dir = dir.path().to_owned();
        move || {
            let mut server = start(
                &url,
                &dir,
                &[
                    ("LOG_FORMAT", "text"),
                    ("ACCESS_LOG_SAMPLE", "0.5"),
                    // Colour used to be on whatever the output was; a pipe must get none.
                    ("TERM", "xterm-256color"),
                ],
                Stdio::piped(),
            );
            for i in 0..10 {
                assert_eq!(
                    get(server.addr, "/health/live", None, &format!("ok-{i}")).0,
                    200
                );
            }
            for i in 0..3 {
                get(
                    server.addr,
                    "/api/v1/courses/nope",
                    None,
                    &format!("missing-{i}"),
                );
            }
            let mut out = server.child.stdout.take().unwrap();
            drop(server);
            let mut log = String::new();
            out.read_to_string(&mut log).unwrap();
            log
        }
    })
    .await
    .unwrap();
    assert!(
        !log.contains('\u{1b}'),
        "colour codes in piped logs:\n{log}"
    );
    let sampled = (0..10)
        .filter(|i| {
            log.contains(&format!("request_id=ok-{i} "))
                || log.contains(&format!("request_id=ok-{i}\n"))
        })
        .count();
    // The readiness probe before them counts too, so half of eleven: five or six.
    assert!(
        (5..=6).contains(&sampled),
        "{sampled} of 10 sampled:\n{log}"
    );
    for i in 0..3 {
        let line = log
            .lines()
            .find(|l| l.contains(&format!("request_id=missing-{i}")))
            .unwrap_or_else(|| panic!("error answer missing-{i} not logged:\n{log}"));
        assert!(line.contains("status=404"), "{line}");
        assert!(line.contains("route=/api/v1/courses/{slug}"), "{line}");
    }
}
