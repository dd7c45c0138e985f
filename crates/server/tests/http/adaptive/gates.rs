//! The reports agree with the steps they predict (issue #12, item 1): for every learner
//! state of the table, `GET /progress/eligibility`, `GET /content/my` and the `actions`
//! of `GET /progress/current-stage` say what `POST /content/assign`,
//! `POST /exams/level/start`, `POST /exams/rank-final/start` and
//! `POST /progress/request-approval` then do — allowed steps succeed, refused ones answer
//! with the reported status and code.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use super::support::*;
use crate::support::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Fresh,
    Diagnosed,
    RequiredOpen,
    ContentClosed,
    LevelInProgress,
    TraineePending,
    TraineeRejected,
    Junior1Fresh,
    Junior3Reading,
    RankFinalOpen,
    RankFinalInProgress,
    GraduationPending,
    GraduationRejected,
    Graduated,
}

const STEPS: [(&str, &str); 4] = [
    ("assign_content", "/api/v1/content/assign"),
    ("level_exam", "/api/v1/exams/level/start"),
    ("rank_final", "/api/v1/exams/rank-final/start"),
    ("request_approval", "/api/v1/progress/request-approval"),
];

/// The expected decision per step (`ok` or the refusal's code), in `STEPS` order.
const TABLE: [(State, [&str; 4]); 14] = [
    (
        State::Fresh,
        [
            "diagnostic_required",
            "content_not_assigned",
            "rank_final_not_open",
            "nothing_to_approve",
        ],
    ),
    // The bug of issue #12: a diagnosed trainee without content is not eligible.
    (
        State::Diagnosed,
        [
            "ok",
            "content_not_assigned",
            "rank_final_not_open",
            "nothing_to_approve",
        ],
    ),
    (
        State::RequiredOpen,
        [
            "content_already_assigned",
            "not_eligible",
            "rank_final_not_open",
            "nothing_to_approve",
        ],
    ),
    (
        State::ContentClosed,
        [
            "content_already_assigned",
            "ok",
            "rank_final_not_open",
            "nothing_to_approve",
        ],
    ),
    (
        State::LevelInProgress,
        [
            "content_already_assigned",
            "attempt_in_progress",
            "rank_final_not_open",
            "nothing_to_approve",
        ],
    ),
    (
        State::TraineePending,
        [
            "stage_pending_approval",
            "stage_pending_approval",
            "stage_pending_approval",
            "stage_pending_approval",
        ],
    ),
    (
        State::TraineeRejected,
        [
            "content_already_assigned",
            "exam_already_passed",
            "rank_final_not_open",
            "ok",
        ],
    ),
    (
        State::Junior1Fresh,
        [
            "ok",
            "content_not_assigned",
            "rank_final_not_open",
            "nothing_to_approve",
        ],
    ),
    (
        State::Junior3Reading,
        [
            "content_already_assigned",
            "not_eligible",
            "rank_final_not_open",
            "nothing_to_approve",
        ],
    ),
    (
        State::RankFinalOpen,
        [
            "content_already_assigned",
            "exam_already_passed",
            "ok",
            "nothing_to_approve",
        ],
    ),
    (
        State::RankFinalInProgress,
        [
            "content_already_assigned",
            "exam_already_passed",
            "attempt_in_progress",
            "nothing_to_approve",
        ],
    ),
    (
        State::GraduationPending,
        [
            "stage_pending_approval",
            "stage_pending_approval",
            "stage_pending_approval",
            "stage_pending_approval",
        ],
    ),
    (
        State::GraduationRejected,
        [
            "content_already_assigned",
            "exam_already_passed",
            "exam_already_passed",
            "ok",
        ],
    ),
    (
        State::Graduated,
        ["graduated", "graduated", "graduated", "graduated"],
    ),
];

async fn ok(t: &TestApp, path: &str, token: &str) -> Value {
    let r = t.post(path, Some(token), json!({})).await;
    assert!(r.status.is_success(), "{path}: {} {}", r.status, r.body);
    r.body
}

async fn submit_all_right(t: &TestApp, kind: &str, exam: &Value, token: &str) -> Value {
    let r = t
        .post(
            &format!("/api/v1/exams/{kind}/{}/submit", exam["attempt_id"]),
            Some(token),
            answers(&exam["questions"], |_| true),
        )
        .await;
    assert_eq!(r.body["passed"], true, "{}", r.body);
    r.body
}

/// Rejects the approval a graded exam asked for when `reject`, approves it otherwise.
async fn settle(t: &TestApp, admin: &str, graded: &Value, reject: bool) {
    let verdict = if reject { "reject" } else { "approve" };
    let body = json!({"reason": "once more, please"});
    decide(t, admin, &graded["progress"]["approval_id"], verdict, body)
        .await
        .expect_status(StatusCode::OK);
}

/// A new learner walked to `state` through the API.
async fn learner_in(t: &TestApp, admin: &str, state: State, email: &str) -> String {
    use State::*;
    let me = if state == Fresh {
        return t.student(email).await;
    } else {
        learner_after_diagnostic(t, email).await
    };
    if state == Diagnosed {
        return me;
    }
    ok(t, "/api/v1/content/assign", &me).await;
    if state == RequiredOpen {
        return me;
    }
    close_content(t, &me).await;
    if state == ContentClosed {
        return me;
    }
    let exam = ok(t, "/api/v1/exams/level/start", &me).await;
    if state == LevelInProgress {
        return me;
    }
    let graded = submit_all_right(t, "level", &exam, &me).await;
    if state == TraineePending {
        return me;
    }
    settle(t, admin, &graded, state == TraineeRejected).await;
    if matches!(state, TraineeRejected | Junior1Fresh) {
        return me;
    }
    pass_level(t, &me).await;
    pass_level(t, &me).await;
    ok(t, "/api/v1/content/assign", &me).await;
    if state == Junior3Reading {
        return me;
    }
    close_content(t, &me).await;
    let exam = ok(t, "/api/v1/exams/level/start", &me).await;
    submit_all_right(t, "level", &exam, &me).await;
    if state == RankFinalOpen {
        return me;
    }
    let fin = ok(t, "/api/v1/exams/rank-final/start", &me).await;
    if state == RankFinalInProgress {
        return me;
    }
    let graded = submit_all_right(t, "rank-final", &fin, &me).await;
    if state == GraduationPending {
        return me;
    }
    settle(t, admin, &graded, state == GraduationRejected).await;
    me
}

/// `(allowed, code, status)` as a report states it.
fn reported(action: &Value) -> (bool, String, Option<u64>) {
    let allowed = action["allowed"].as_bool().expect("allowed");
    let reason = &action["reason"];
    if allowed {
        assert!(reason.is_null(), "an allowed step has no reason: {action}");
        return (true, "ok".into(), None);
    }
    (
        false,
        reason["code"].as_str().expect("code").to_owned(),
        reason["status"].as_u64(),
    )
}

#[db_test]
async fn adaptive_reports_and_steps_agree_in_every_learner_state(t: TestApp) {
    let admin = build_track(&t).await;
    for (n, (state, expected)) in TABLE.iter().enumerate() {
        let me = learner_in(&t, &admin, *state, &format!("s{n}@example.org")).await;
        let stage = t.get("/api/v1/progress/current-stage", Some(&me)).await;
        assert_eq!(stage.status, StatusCode::OK, "{state:?}: {}", stage.body);
        let actions = &stage.body["actions"];

        // The eligibility report (and the one inside `GET /content/my`) is the level
        // exam's decision.
        let level = reported(&actions["level_exam"]);
        assert_eq!(
            stage.body["rank_final_open"],
            reported(&actions["rank_final"]).0,
            "{state:?}"
        );
        for path in ["/api/v1/progress/eligibility", "/api/v1/content/my"] {
            let r = t.get(path, Some(&me)).await;
            if *state == State::Graduated {
                assert_error(&r, StatusCode::PRECONDITION_FAILED, "graduated");
                continue;
            }
            assert_eq!(r.status, StatusCode::OK, "{state:?} {path}: {}", r.body);
            let report = if path.ends_with("/my") {
                &r.body["eligibility"]
            } else {
                &r.body
            };
            assert_eq!(report["eligible"], level.0, "{state:?} {path}: {report}");
            let code = report["reason"]["code"].as_str().unwrap_or("ok");
            assert_eq!(code, level.1, "{state:?} {path}: {report}");
        }

        // The table, then each step against what was reported. Refused steps change
        // nothing, so they run on this learner; an allowed step runs on a fresh learner
        // walked to the same state.
        for (i, (name, path)) in STEPS.iter().enumerate() {
            let (allowed, code, status) = reported(&actions[name]);
            assert_eq!(code, expected[i], "{state:?} {name}: {actions}");
            let doer = if allowed {
                learner_in(&t, &admin, *state, &format!("s{n}-{name}@example.org")).await
            } else {
                me.clone()
            };
            let r = t
                .call(Method::POST, path, Some(&doer), Some(json!({})))
                .await;
            if allowed {
                assert!(
                    r.status.is_success(),
                    "{state:?} {name} reported allowed: {} {}",
                    r.status,
                    r.body
                );
            } else {
                let status = StatusCode::from_u16(status.expect("status") as u16).expect("code");
                assert_error(&r, status, &code);
            }
        }
    }
}
