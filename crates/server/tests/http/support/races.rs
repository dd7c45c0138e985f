//! Concurrent attempts at one thing (one account, one enrollment): exactly one wins.

use axum::http::StatusCode;

use super::Response;

/// Exactly one of `results` answered `won`; every other one is a 409 with the error `code`.
#[track_caller]
pub fn assert_one_won(results: &[Response], won: StatusCode, code: &str) {
    let winners = results.iter().filter(|r| r.status == won).count();
    let conflicts = results
        .iter()
        .filter(|r| r.status == StatusCode::CONFLICT && r.body["error"]["code"] == code)
        .count();
    assert_eq!(
        (winners, conflicts),
        (1, results.len() - 1),
        "{:?}",
        results
            .iter()
            .map(|r| (r.status, r.body.to_string()))
            .collect::<Vec<_>>()
    );
}
