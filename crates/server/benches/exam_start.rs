//! Exam start over a large bank: the time `POST /exams/level/start` spends in its
//! use-case (load the bank, the learner's evidence and seen questions, draw, insert the
//! attempt) with 100 000 active questions at the stage.
//!
//! `cargo bench -p practicum-server --bench exam_start [-- postgres]`
//! (`BENCH_QUESTIONS` changes the bank size; PostgreSQL needs
//! `PRACTICUM_TEST_POSTGRES_URL`). Plain `std` timing on a fresh database.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "a benchmark binary: failing loudly is the right thing"
)]

use std::time::{Duration, Instant};

use practicum_app::{
    adaptive::{AnswerInput, AttemptView, TrackDocument},
    identity::EnsureAdmin,
};
use practicum_domain::{adaptive::ExamKind, identity::Role};
use practicum_testkit::{Backend, TestDb};
use serde_json::json;

const MODULES: usize = 10;
const ROUNDS: usize = 20;

fn wrong_answers(a: &AttemptView) -> Vec<AnswerInput> {
    // The first option of every generated question is a wrong one.
    a.questions
        .iter()
        .map(|q| AnswerInput {
            question_id: q.question_id,
            option_id: q.options[0].option_id,
        })
        .collect()
}

#[tokio::main]
async fn main() {
    let backend = if std::env::args().any(|a| a == "postgres") {
        Backend::Postgres
    } else {
        Backend::Sqlite
    };
    let total: usize = std::env::var("BENCH_QUESTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let db = TestDb::create(backend)
        .await
        .expect("PRACTICUM_TEST_POSTGRES_URL is needed for postgres");
    let app = practicum_testkit::test_app(db.db.clone());

    let modules: Vec<String> = (0..MODULES).map(|m| format!("Module {m}")).collect();
    let questions: Vec<_> = (0..total)
        .map(|i| {
            json!({
                "module": modules[i % MODULES], "stage": "trainee_0",
                "text": format!("Question {i}"), "difficulty": i % 5 + 1,
                "options": [{"text": "no"}, {"text": "yes", "is_correct": true}, {"text": "maybe"}],
            })
        })
        .collect();
    let doc: TrackDocument = serde_json::from_value(json!({
        "slug": "bench", "title": "Bench", "ranks": ["trainee"],
        "modules": modules, "questions": questions,
    }))
    .unwrap();
    let t0 = Instant::now();
    app.install_track(doc).await.unwrap();
    println!(
        "{} backend: installed {total} questions over {MODULES} modules in {:.1?}",
        backend.as_str(),
        t0.elapsed()
    );

    let learner = app
        .create_user_with_role(
            EnsureAdmin {
                email: "bench@example.org".into(),
                password: "bench-password-123".into(),
                full_name: "Bench".into(),
            },
            Role::Student,
        )
        .await
        .unwrap()
        .user_id;
    let d = app.start_diagnostic(learner).await.unwrap();
    app.submit_diagnostic(learner, wrong_answers(&d))
        .await
        .unwrap();
    app.assign_content(learner).await.unwrap();

    let mut times: Vec<Duration> = Vec::with_capacity(ROUNDS);
    let mut statements: Vec<u64> = Vec::with_capacity(ROUNDS);
    // The failed submit that follows each start (it shares the writer with the starts).
    let mut submit_times: Vec<Duration> = Vec::with_capacity(ROUNDS);
    let mut submit_statements: Vec<u64> = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let before = db.db.query_count();
        let t = Instant::now();
        let attempt = app.start_exam(learner, ExamKind::Level).await.unwrap();
        times.push(t.elapsed());
        statements.push(db.db.query_count() - before);
        assert_eq!(attempt.questions.len(), 20);
        let before = db.db.query_count();
        let t = Instant::now();
        let graded = app
            .submit_exam(
                learner,
                ExamKind::Level,
                attempt.attempt_id,
                wrong_answers(&attempt),
            )
            .await
            .unwrap();
        submit_times.push(t.elapsed());
        submit_statements.push(db.db.query_count() - before);
        assert!(!graded.passed);
    }
    times.sort();
    println!(
        "exam start ({ROUNDS} rounds, 20 questions drawn): median {:.1?}, p90 {:.1?}, max {:.1?}",
        times[ROUNDS / 2],
        times[ROUNDS * 9 / 10],
        times[ROUNDS - 1]
    );
    statements.sort_unstable();
    println!(
        "statements per start (repository queries, BEGIN/COMMIT not counted): min {}, max {}",
        statements[0],
        statements[ROUNDS - 1]
    );
    submit_times.sort();
    submit_statements.sort_unstable();
    println!(
        "exam submit (failed, 20 answers): median {:.1?}, p90 {:.1?}, max {:.1?}; statements min {}, max {}",
        submit_times[ROUNDS / 2],
        submit_times[ROUNDS * 9 / 10],
        submit_times[ROUNDS - 1],
        submit_statements[0],
        submit_statements[ROUNDS - 1]
    );
}
