use axum::http::StatusCode;
use futures::future::join_all;
use practicum_store::Session;
use serde_json::json;

use super::cast;
use crate::{courses::*, support::*};

/// A published course with `modules` × `lessons` lessons; returns its slug and lesson ids.
async fn course(
    t: &TestApp,
    teacher: &str,
    producer: &str,
    title: &str,
    modules: usize,
    lessons: usize,
) -> (String, Vec<i64>) {
    let slug = draft(t, teacher, title).await;
    let mut ids = Vec::new();
    for m in 0..modules {
        ids.extend(
            module_with_lessons(t, teacher, &slug, &format!("Part {m}"), lessons)
                .await
                .1,
        );
    }
    publish(t, teacher, producer, &slug).await;
    (slug, ids)
}

/// Runs the GET and returns (body, number of repository queries it ran).
async fn counted(t: &TestApp, path: &str, token: &str) -> (serde_json::Value, u64) {
    let before = t.db.db.query_count();
    let r = t.get(path, Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    (r.body, t.db.db.query_count() - before)
}

#[db_test]
async fn progress_after_k_of_n_lessons(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let (slug, lessons) = course(&t, &ada, &producer, "Linear Algebra", 2, 3).await;
    let (empty, _) = course(&t, &ada, &producer, "Empty course", 0, 0).await;
    let progress_page = format!("/api/v1/dashboard/courses/{slug}");
    assert_error(
        &t.get(&progress_page, Some(&stu)).await,
        StatusCode::FORBIDDEN,
        "not_enrolled",
    );
    // Before any enrollment the dashboard is an empty list (the statement's JSON array
    // of no rows is `[]` on both databases).
    let none = t.get_ok("/api/v1/dashboard/my-courses", Some(&stu)).await;
    assert_eq!(none, json!([]));
    enroll(&t, &stu, &empty).await;
    enroll(&t, &stu, &slug).await;

    let mine = t.get("/api/v1/dashboard/my-courses", Some(&stu)).await;
    assert_eq!(mine.body.as_array().unwrap().len(), 2, "{}", mine.body);
    for (k, expected) in [
        (0usize, 0),
        (1, 17),
        (2, 33),
        (3, 50),
        (4, 67),
        (5, 83),
        (6, 100),
    ] {
        if k > 0 {
            complete(&t, &stu, lessons[k - 1]).await;
        }
        let mine = t.get("/api/v1/dashboard/my-courses", Some(&stu)).await;
        let item = mine
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["slug"] == slug.as_str())
            .unwrap()
            .clone();
        assert_eq!(item["progress_percent"], expected, "after {k} of 6: {item}");
        assert_eq!(item["title"], "Linear Algebra");
        assert!(item["last_activity_at"].is_string());
        match lessons.get(k) {
            Some(next) => assert_eq!(item["next_lesson"]["lesson_id"], *next),
            None => assert!(item["next_lesson"].is_null()),
        }
        let one = t.get(&progress_page, Some(&stu)).await;
        assert_eq!(one.status, StatusCode::OK, "{}", one.body);
        assert_eq!(one.body["overall_progress_percent"], expected);
        let statuses: Vec<&str> = one.body["modules"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|m| {
                m["lessons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|l| l["status"].as_str().unwrap())
            })
            .collect();
        assert_eq!(statuses.len(), 6);
        assert!(
            statuses[..k].iter().all(|s| *s == "completed"),
            "{statuses:?}"
        );
        if k < 6 {
            assert_eq!(statuses[k], "next");
            assert!(
                statuses[k + 1..].iter().all(|s| *s == "not_started"),
                "{statuses:?}"
            );
        }
    }
    // The most recently active course comes first; an empty course is 0 %.
    let mine = t.get("/api/v1/dashboard/my-courses", Some(&stu)).await;
    assert_eq!(mine.body[0]["slug"], slug.as_str());
    assert_eq!(mine.body[1]["progress_percent"], 0);
    assert!(mine.body[1]["next_lesson"].is_null());
    assert_eq!(
        t.get("/api/v1/dashboard/my-courses", Some(&producer))
            .await
            .body,
        json!([])
    );

    // Archiving the course keeps the learner's progress page.
    let r = t
        .post(
            &format!("/api/v1/courses/{slug}/status"),
            Some(&ada),
            json!({"status": "archived"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let one = t.get(&progress_page, Some(&stu)).await;
    assert_eq!(one.status, StatusCode::OK, "{}", one.body);
    assert_eq!(one.body["overall_progress_percent"], 100);
    let other = t.student("other@example.org").await;
    assert_error(
        &t.get(&progress_page, Some(&other)).await,
        StatusCode::NOT_FOUND,
        "course_not_found",
    );
}

#[db_test]
async fn the_dashboard_runs_a_constant_number_of_queries(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;

    let (first, lessons) = course(&t, &ada, &producer, "Course 0", 1, 1).await;
    enroll(&t, &stu, &first).await;
    complete(&t, &stu, lessons[0]).await;
    let (one, q_one) = counted(&t, "/api/v1/dashboard/my-courses", &stu).await;
    assert_eq!(one.as_array().unwrap().len(), 1);
    let (_, q_small) = counted(&t, &format!("/api/v1/dashboard/courses/{first}"), &stu).await;

    for i in 1..50 {
        let (slug, lessons) = course(&t, &ada, &producer, &format!("Course {i}"), 1, 2).await;
        enroll(&t, &stu, &slug).await;
        if i % 2 == 0 {
            complete(&t, &stu, lessons[0]).await;
        }
    }
    let (big, _) = course(&t, &ada, &producer, "Big course", 5, 6).await;
    enroll(&t, &stu, &big).await;
    let (fifty, q_fifty) = counted(&t, "/api/v1/dashboard/my-courses", &stu).await;
    assert_eq!(fifty.as_array().unwrap().len(), 51);
    assert_eq!(
        q_one, q_fifty,
        "my-courses: {q_one} queries for 1 course, {q_fifty} for 51"
    );
    let (progress, q_big) = counted(&t, &format!("/api/v1/dashboard/courses/{big}"), &stu).await;
    assert_eq!(progress["total_lessons"], 30);
    assert_eq!(
        q_small, q_big,
        "course dashboard: {q_small} queries for 1 lesson, {q_big} for 30"
    );
}

/// The dashboard's counts and next lesson are kept on the enrollment by the writes
/// (ADR 0058): completions fired at once, by one learner in one course, while the
/// teacher adds a lesson, leave exactly what a recount gives.
#[db_test]
async fn concurrent_completions_and_an_outline_change_leave_the_dashboard_exact(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let other = t.student("other@example.org").await;
    let (slug, lessons) = course(&t, &ada, &producer, "Statistics", 3, 4).await;
    enroll(&t, &stu, &slug).await;
    enroll(&t, &other, &slug).await;
    let part0 = t
        .get_ok(&format!("/api/v1/courses/{slug}"), Some(&ada))
        .await["modules"][0]["module_id"]
        .as_i64()
        .unwrap();

    // `stu` completes the first 8 of 12 at once, `other` all 12 in reverse order, and the
    // teacher appends a lesson to the first module meanwhile.
    let requests: Vec<(&str, String)> = lessons[..8]
        .iter()
        .map(|l| (stu.as_str(), *l))
        .chain(lessons.iter().rev().map(|l| (other.as_str(), *l)))
        .map(|(who, l)| (who, format!("/api/v1/lessons/{l}/complete")))
        .collect();
    let completions = requests
        .iter()
        .map(|(who, path)| t.post(path, Some(who), json!({})));
    let body = json!({"module_id": part0, "title": "Late lesson",
                      "content": [{"type": "text", "text": "x"}]});
    let (done, added) = futures::join!(join_all(completions), add_lesson(&t, &ada, &slug, body));
    for r in &done {
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);

    // Outline now: Part 0 lessons 1–4, Late lesson, Part 1 …, Part 2 … (13 lessons).
    for (who, completed, percent) in [(&stu, 8, 62), (&other, 12, 92)] {
        let mine = t.get_ok("/api/v1/dashboard/my-courses", Some(who)).await;
        let item = &mine[0];
        assert_eq!(item["total_lessons"], 13, "{item}");
        assert_eq!(item["completed_lessons"], completed, "{item}");
        assert_eq!(item["progress_percent"], percent, "{item}");
        assert_eq!(item["next_lesson"]["title"], "Late lesson", "{item}");
        let detail = t
            .get_ok(&format!("/api/v1/dashboard/courses/{slug}"), Some(who))
            .await;
        assert_eq!(detail["completed_lessons"], completed);
        assert_eq!(detail["total_lessons"], 13);
    }

    // The last lesson done: nothing left to continue with.
    let late = t
        .get_ok(&format!("/api/v1/courses/{slug}"), Some(&ada))
        .await["modules"][0]["lessons"][4]["lesson_id"]
        .as_i64()
        .unwrap();
    complete(&t, &other, late).await;
    let mine = t.get_ok("/api/v1/dashboard/my-courses", Some(&other)).await;
    assert_eq!(mine[0]["progress_percent"], 100, "{mine}");
    assert_eq!(mine[0]["next_lesson"], json!(null), "{mine}");

    // Modules reordered, the last part first: `stu` has not started it.
    let ids: Vec<i64> = t
        .get_ok(&format!("/api/v1/courses/{slug}"), Some(&ada))
        .await["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["module_id"].as_i64().unwrap())
        .collect();
    let r = t
        .post(
            &format!("/api/v1/courses/{slug}/modules/reorder"),
            Some(&ada),
            json!({"module_ids": [ids[2], ids[0], ids[1]]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mine = t.get_ok("/api/v1/dashboard/my-courses", Some(&stu)).await;
    assert_eq!(mine[0]["next_lesson"]["title"], "Part 2 lesson 1", "{mine}");
    assert_eq!(mine[0]["completed_lessons"], 8, "{mine}");
}

/// Two completions of one course by one learner, the second one's transaction waiting
/// for the first's: the stored next lesson accounts for both. On PostgreSQL the trigger
/// locks the enrollment before it reads; without that lock the second would compute the
/// next lesson from a snapshot taken before the first committed (and name the first's
/// lesson, completed by then).
#[db_test]
async fn a_completion_that_waits_for_another_counts_it(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let (slug, lessons) = course(&t, &ada, &producer, "Probability", 1, 3).await;
    enroll(&t, &stu, &slug).await;
    let me = t.get_ok("/api/v1/auth/me", Some(&stu)).await["user_id"]
        .as_i64()
        .unwrap();
    let course_id = t
        .get_ok(&format!("/api/v1/courses/{slug}"), Some(&ada))
        .await["course_id"]
        .as_i64()
        .unwrap();
    const INSERT: &str = "INSERT INTO lesson_completions (user_id, lesson_id, course_id, \
                          completed_at) VALUES ($1, $2, $3, 1)";
    let mut first = t.db.db.write().await.unwrap();
    sqlx::query(INSERT)
        .bind(me)
        .bind(lessons[0])
        .bind(course_id)
        .execute(Session::conn(&mut first))
        .await
        .unwrap();
    let (db, second_lesson) = (t.db.db.clone(), lessons[1]);
    let second = tokio::spawn(async move {
        let mut tx = db.write().await.unwrap();
        sqlx::query(INSERT)
            .bind(me)
            .bind(second_lesson)
            .bind(course_id)
            .execute(Session::conn(&mut tx))
            .await
            .unwrap();
        tx.commit().await.unwrap();
    });
    // The second reaches its wait (PostgreSQL: the enrollment's row; SQLite: the writer).
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    first.commit().await.unwrap();
    second.await.unwrap();

    let mine = t.get_ok("/api/v1/dashboard/my-courses", Some(&stu)).await;
    assert_eq!(mine[0]["completed_lessons"], 2, "{mine}");
    assert_eq!(mine[0]["next_lesson"]["title"], "Part 0 lesson 3", "{mine}");
}

/// An enrollment that waits for an outline change to commit starts from the changed
/// outline: here a lesson added to the first module, empty until then, is where the new
/// learner starts. On PostgreSQL the enrollment's trigger locks the course before it reads
/// the outline; without that lock it would read the outline as it was, and the change,
/// which could not see the uncommitted enrollment, would not correct it.
#[db_test]
async fn an_enrollment_that_waits_for_an_outline_change_starts_from_it(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let slug = draft(&t, &ada, "Topology").await;
    let (first_module, _) = module_with_lessons(&t, &ada, &slug, "Intro", 0).await;
    module_with_lessons(&t, &ada, &slug, "Part", 2).await;
    publish(&t, &ada, &producer, &slug).await;

    let mut change = t.db.db.write().await.unwrap();
    practicum_store::catalog::syllabus::insert_lesson(
        &mut change,
        first_module,
        "Welcome",
        "[]",
        1,
    )
    .await
    .unwrap();
    let path = format!("/api/v1/courses/{slug}/enroll");
    let commit_later = async {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        change.commit().await.unwrap();
    };
    let (enrolled, ()) = futures::join!(t.post(&path, Some(&stu), json!({})), commit_later);
    assert_eq!(enrolled.status, StatusCode::CREATED, "{}", enrolled.body);

    let mine = t.get_ok("/api/v1/dashboard/my-courses", Some(&stu)).await;
    assert_eq!(mine[0]["total_lessons"], 3, "{mine}");
    assert_eq!(mine[0]["next_lesson"]["title"], "Welcome", "{mine}");
}

/// What a dashboard request must answer: (completed, total) lessons, or an error.
type Expected = Result<(i64, i64), (StatusCode, &'static str)>;

/// The dashboard reads of concurrent requests share statements on PostgreSQL (ADR 0065):
/// each learner still gets their own dashboard, asked many times at once, alongside a
/// course they are not enrolled in and slugs that match no course.
#[db_test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_dashboards_are_each_their_own_learners(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let other = t.student("other@example.org").await;
    let nobody = t.student("nobody@example.org").await;
    let (stats, stats_lessons) = course(&t, &ada, &producer, "Statistics", 2, 2).await;
    let (vision, _) = course(&t, &ada, &producer, "Vision", 1, 3).await;
    enroll(&t, &stu, &vision).await;
    enroll(&t, &stu, &stats).await;
    complete(&t, &stu, stats_lessons[0]).await;
    enroll(&t, &other, &vision).await;

    let t = &t;
    let mut asks: Vec<(&str, String, Expected)> = Vec::new();
    let page = |slug: &str| format!("/api/v1/dashboard/courses/{slug}");
    for _ in 0..3 {
        asks.extend([
            (stu.as_str(), page(&stats), Ok((1, 4))),
            (stu.as_str(), page(&vision), Ok((0, 3))),
            (other.as_str(), page(&vision), Ok((0, 3))),
            (
                other.as_str(),
                page(&stats),
                Err((StatusCode::FORBIDDEN, "not_enrolled")),
            ),
            (
                nobody.as_str(),
                page(&stats),
                Err((StatusCode::FORBIDDEN, "not_enrolled")),
            ),
            (
                stu.as_str(),
                page("no-such-course"),
                Err((StatusCode::NOT_FOUND, "course_not_found")),
            ),
            (
                stu.as_str(),
                page("a%2C%22b%22"),
                Err((StatusCode::NOT_FOUND, "course_not_found")),
            ),
        ]);
    }
    let mine = |who: &str| {
        let who = who.to_owned();
        async move {
            (
                who.clone(),
                t.get("/api/v1/dashboard/my-courses", Some(&who)).await,
            )
        }
    };
    let (pages, lists) = futures::join!(
        join_all(asks.iter().map(|(who, path, _)| t.get(path, Some(who)))),
        join_all([&stu, &other, &nobody, &stu, &other, &nobody].map(|who| mine(who))),
    );
    for ((who, path, expected), r) in asks.iter().zip(&pages) {
        match expected {
            Ok((completed, total)) => {
                assert_eq!(r.status, StatusCode::OK, "{who} {path}: {}", r.body);
                assert_eq!(
                    r.body["completed_lessons"], *completed,
                    "{path}: {}",
                    r.body
                );
                assert_eq!(r.body["total_lessons"], *total, "{path}: {}", r.body);
            }
            Err((status, code)) => assert_error(r, *status, code),
        }
    }
    for (who, r) in &lists {
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let slugs: Vec<&str> = r
            .body
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["slug"].as_str().unwrap())
            .collect();
        let expected: Vec<&str> = if who == &stu {
            // Most recently active first: the completion in Statistics.
            vec![&stats, &vision]
        } else if who == &other {
            vec![&vision]
        } else {
            vec![]
        };
        assert_eq!(slugs, expected, "{}", r.body);
    }
}
