//! Editing a course's outline: `PATCH|DELETE /courses/{slug}/modules/{module_id}`,
//! `POST /courses/{slug}/modules/{module_id}/lessons/reorder`, `PATCH|DELETE
//! /lessons/{lesson_id}` — ownership, what learners completed, progress afterwards.

use axum::http::{Method, StatusCode};
use futures::future::join_all;
use practicum_domain::identity::Role;
use serde_json::{json, Value};

use super::*;

/// (module title, [lesson titles]) of the course as its teacher sees it.
async fn outline(t: &TestApp, slug: &str, token: &str) -> Vec<(String, Vec<String>)> {
    let r = t.get(&format!("/api/v1/courses/{slug}"), Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body["modules"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, m)| {
            assert_eq!(m["position"], i as i64 + 1, "module positions: {}", r.body);
            let lessons = m["lessons"]
                .as_array()
                .unwrap()
                .iter()
                .enumerate()
                .map(|(j, l)| {
                    assert_eq!(l["position"], j as i64 + 1, "lesson positions: {}", r.body);
                    l["title"].as_str().unwrap().to_owned()
                })
                .collect();
            (m["title"].as_str().unwrap().to_owned(), lessons)
        })
        .collect()
}

fn titles(list: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    list.iter()
        .map(|(m, ls)| {
            (
                (*m).to_owned(),
                ls.iter().map(|l| (*l).to_owned()).collect(),
            )
        })
        .collect()
}

#[db_test]
async fn modules_and_lessons_are_edited_moved_reordered_and_deleted(t: TestApp) {
    let ada = user(&t, "ada@example.org", Role::Teacher).await;
    let slug = draft(&t, &ada, "Calculus").await;
    let other = draft(&t, &ada, "Algebra").await;
    let (a, a_lessons) = module_with_lessons(&t, &ada, &slug, "Limits", 3).await;
    let (b, b_lessons) = module_with_lessons(&t, &ada, &slug, "Series", 1).await;
    let (c, _) = module_with_lessons(&t, &ada, &slug, "Integrals", 0).await;
    let (foreign, _) = module_with_lessons(&t, &ada, &other, "Groups", 0).await;
    let module = |id: i64| format!("/api/v1/courses/{slug}/modules/{id}");
    let lesson = |id: i64| format!("/api/v1/lessons/{id}");

    // Modules: rename and describe; omitted fields stay; bad values are 422.
    let r = t
        .patch(
            &module(a),
            Some(&ada),
            json!({"title": "Limits and continuity", "description": "Epsilons"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["title"], "Limits and continuity");
    assert_eq!(r.body["description"], "Epsilons");
    let r = t
        .patch(&module(a), Some(&ada), json!({"description": "Deltas too"}))
        .await;
    assert_eq!(r.body["title"], "Limits and continuity");
    assert_eq!(r.body["description"], "Deltas too");
    assert_error(
        &t.patch(&module(a), Some(&ada), json!({"title": " "})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    // A module of another course is not found under this one.
    assert_error(
        &t.patch(&module(foreign), Some(&ada), json!({"title": "X"}))
            .await,
        StatusCode::NOT_FOUND,
        "module_not_found",
    );

    // Lessons: title and content; the content is validated like on create.
    let r = t
        .patch(
            &lesson(a_lessons[0]),
            Some(&ada),
            json!({"title": "Sequences", "content": quiz_content()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["title"], "Sequences");
    let read = t.get(&lesson(a_lessons[0]), Some(&ada)).await;
    assert_eq!(read.body["content"][1]["type"], "quiz");
    assert_error(
        &t.patch(
            &lesson(a_lessons[0]),
            Some(&ada),
            json!({"content": [{"type": "quiz", "id": "q", "question": "?",
                    "options": [{"id": "a", "text": "1"}], "correct_option_id": "z"}]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_error(
        &t.patch(
            &lesson(a_lessons[0]),
            Some(&ada),
            json!({"module_id": foreign}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_error(
        &t.patch(&lesson(999_999), Some(&ada), json!({"title": "X"}))
            .await,
        StatusCode::NOT_FOUND,
        "lesson_not_found",
    );
    assert_eq!(
        outline(&t, &slug, &ada).await,
        titles(&[
            (
                "Limits and continuity",
                &["Sequences", "Limits lesson 2", "Limits lesson 3"]
            ),
            ("Series", &["Series lesson 1"]),
            ("Integrals", &[]),
        ])
    );

    // Move the first lesson to the end of another module: the gap closes.
    let r = t
        .patch(&lesson(a_lessons[0]), Some(&ada), json!({"module_id": b}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["module_id"], b);
    assert_eq!(r.body["position"], 2);
    // … and into an empty module.
    let r = t
        .patch(&lesson(a_lessons[2]), Some(&ada), json!({"module_id": c}))
        .await;
    assert_eq!(r.body["position"], 1);
    assert_eq!(
        outline(&t, &slug, &ada).await,
        titles(&[
            ("Limits and continuity", &["Limits lesson 2"]),
            ("Series", &["Series lesson 1", "Sequences"]),
            ("Integrals", &["Limits lesson 3"]),
        ])
    );

    // Reorder within a module: exactly its lessons, once each.
    let reorder = format!("{}/lessons/reorder", module(b));
    for bad in [
        json!({"lesson_ids": [b_lessons[0]]}),
        json!({"lesson_ids": [b_lessons[0], a_lessons[0], a_lessons[0]]}),
        json!({"lesson_ids": [b_lessons[0], a_lessons[1]]}),
    ] {
        assert_error(
            &t.post(&reorder, Some(&ada), bad).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
    }
    let r = t
        .post(
            &reorder,
            Some(&ada),
            json!({"lesson_ids": [a_lessons[0], b_lessons[0]]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let ids: Vec<i64> = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["lesson_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [a_lessons[0], b_lessons[0]]);
    assert_error(
        &t.post(
            &format!("/api/v1/courses/{slug}/modules/{foreign}/lessons/reorder"),
            Some(&ada),
            json!({"lesson_ids": []}),
        )
        .await,
        StatusCode::NOT_FOUND,
        "module_not_found",
    );

    // Delete a lesson, then a module with its lessons: later ones move up.
    let r = delete(&t, &lesson(a_lessons[0]), Some(&ada)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_error(
        &t.get(&lesson(a_lessons[0]), Some(&ada)).await,
        StatusCode::NOT_FOUND,
        "lesson_not_found",
    );
    let r = delete(&t, &module(a), Some(&ada)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_error(
        &t.get(&lesson(a_lessons[1]), Some(&ada)).await,
        StatusCode::NOT_FOUND,
        "lesson_not_found",
    );
    assert_error(
        &delete(&t, &module(a), Some(&ada)).await,
        StatusCode::NOT_FOUND,
        "module_not_found",
    );
    assert_eq!(
        outline(&t, &slug, &ada).await,
        titles(&[
            ("Series", &["Series lesson 1"]),
            ("Integrals", &["Limits lesson 3"]),
        ])
    );
    // New modules and lessons still append after the closed gaps.
    module_with_lessons(&t, &ada, &slug, "Vectors", 1).await;
    assert_eq!(outline(&t, &slug, &ada).await.len(), 3);
}

#[db_test]
async fn only_the_course_staff_edit_its_outline(t: TestApp) {
    let (ada, bob, producer) = two_teachers_and_producer(&t).await;
    let stu = t.student("stu@example.org").await;
    let slug = draft(&t, &ada, "Calculus").await;
    let (m, lessons) = module_with_lessons(&t, &ada, &slug, "Limits", 2).await;
    let hidden = draft(&t, &ada, "Algebra").await;
    let (hm, hidden_lessons) = module_with_lessons(&t, &ada, &hidden, "Groups", 1).await;
    publish(&t, &ada, &producer, &slug).await;

    let requests = |slug: &str, m: i64, l: i64, ls: Vec<i64>| {
        vec![
            (
                Method::PATCH,
                format!("/api/v1/courses/{slug}/modules/{m}"),
                Some(json!({"title": "Hijacked"})),
            ),
            (
                Method::POST,
                format!("/api/v1/courses/{slug}/modules/{m}/lessons/reorder"),
                Some(json!({"lesson_ids": ls})),
            ),
            (
                Method::PATCH,
                format!("/api/v1/lessons/{l}"),
                Some(json!({"title": "Hijacked"})),
            ),
            (Method::DELETE, format!("/api/v1/lessons/{l}"), None),
            (
                Method::DELETE,
                format!("/api/v1/courses/{slug}/modules/{m}"),
                None,
            ),
        ]
    };
    // Another teacher and a student see the published course but may not change it;
    // anonymous callers are asked to sign in.
    for (method, path, body) in requests(&slug, m, lessons[0], lessons.clone()) {
        for (token, status, code) in [
            (Some(&bob), StatusCode::FORBIDDEN, "not_course_editor"),
            (Some(&stu), StatusCode::FORBIDDEN, "not_course_editor"),
            (None, StatusCode::UNAUTHORIZED, "unauthenticated"),
        ] {
            let r = t
                .call(
                    method.clone(),
                    &path,
                    token.map(String::as_str),
                    body.clone(),
                )
                .await;
            assert_eq!(r.status, status, "{method} {path}: {}", r.body);
            if token.is_some() {
                assert_error(&r, status, code);
            }
        }
    }
    // Someone else's draft does not exist for them.
    for (method, path, body) in requests(&hidden, hm, hidden_lessons[0], hidden_lessons.clone()) {
        let r = t.call(method.clone(), &path, Some(&bob), body).await;
        assert_eq!(
            r.status,
            StatusCode::NOT_FOUND,
            "{method} {path}: {}",
            r.body
        );
    }
    assert_eq!(
        outline(&t, &slug, &ada).await,
        titles(&[("Limits", &["Limits lesson 1", "Limits lesson 2"])])
    );
    // Staff edit any course.
    let r = edit_lesson(&t, &producer, lessons[1], json!({"title": "Fixed typo"})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

/// `(progress_percent on /dashboard/my-courses, {lesson title: status} on
/// /dashboard/courses/{slug})` for the learner.
async fn progress(t: &TestApp, learner: &str, slug: &str) -> (i64, Vec<(String, String)>) {
    let mine = t.get("/api/v1/dashboard/my-courses", Some(learner)).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    let course = mine
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == slug)
        .unwrap()
        .clone();
    let detail = t
        .get(&format!("/api/v1/dashboard/courses/{slug}"), Some(learner))
        .await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.body);
    assert_eq!(
        detail.body["overall_progress_percent"], course["progress_percent"],
        "both views agree"
    );
    assert_eq!(
        detail.body["completed_lessons"],
        course["completed_lessons"]
    );
    assert_eq!(detail.body["total_lessons"], course["total_lessons"]);
    let statuses = detail.body["modules"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["lessons"].as_array().unwrap().clone())
        .map(|l: Value| {
            (
                l["title"].as_str().unwrap().to_owned(),
                l["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect::<Vec<(String, String)>>();
    // The lesson to continue with (kept on the enrollment, ADR 0058) is the one the
    // outline marks next.
    let next = statuses
        .iter()
        .find(|(_, status)| status == "next")
        .map(|(title, _)| title.as_str());
    assert_eq!(course["next_lesson"]["title"].as_str(), next, "{course}");
    (course["progress_percent"].as_i64().unwrap(), statuses)
}

fn statuses(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(t, s)| ((*t).to_owned(), (*s).to_owned()))
        .collect()
}

#[db_test]
async fn completed_content_is_kept_and_progress_stays_right(t: TestApp) {
    let (ada, producer) = teacher_and_producer(&t).await;
    let stu = t.student("stu@example.org").await;
    let slug = draft(&t, &ada, "Calculus").await;
    let (a, a_lessons) = module_with_lessons(&t, &ada, &slug, "A", 2).await;
    let (b, b_lessons) = module_with_lessons(&t, &ada, &slug, "B", 2).await;
    publish(&t, &ada, &producer, &slug).await;
    enroll(&t, &stu, &slug).await;
    for l in [a_lessons[0], b_lessons[0]] {
        complete(&t, &stu, l).await;
    }
    assert_eq!(
        progress(&t, &stu, &slug).await,
        (
            50,
            statuses(&[
                ("A lesson 1", "completed"),
                ("A lesson 2", "next"),
                ("B lesson 1", "completed"),
                ("B lesson 2", "not_started"),
            ])
        )
    );

    // What the learner completed is part of their record: deleting it is refused,
    // saying why, and nothing changes.
    let r = delete(&t, &format!("/api/v1/lessons/{}", a_lessons[0]), Some(&ada)).await;
    assert_error(&r, StatusCode::CONFLICT, "lesson_has_completions");
    assert_eq!(r.body["error"]["details"]["learners"], 1);
    assert!(r.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("published"));
    let r = delete(
        &t,
        &format!("/api/v1/courses/{slug}/modules/{a}"),
        Some(&producer),
    )
    .await;
    assert_error(&r, StatusCode::CONFLICT, "module_has_completions");
    assert_eq!(progress(&t, &stu, &slug).await.0, 50);

    // A new lesson lowers the percentage: 2 of 5.
    let r = add_lesson(
        &t,
        &ada,
        &slug,
        json!({"module_id": b, "title": "B lesson 3", "content": [{"type": "text", "text": "x"}]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(progress(&t, &stu, &slug).await.0, 40);

    // Deleting a lesson nobody completed raises it again: 2 of 4.
    let r = delete(&t, &format!("/api/v1/lessons/{}", a_lessons[1]), Some(&ada)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert_eq!(
        progress(&t, &stu, &slug).await,
        (
            50,
            statuses(&[
                ("A lesson 1", "completed"),
                ("B lesson 1", "completed"),
                ("B lesson 2", "next"),
                ("B lesson 3", "not_started"),
            ])
        )
    );

    // Moving a completed lesson keeps it completed, wherever it goes.
    let r = edit_lesson(
        &t,
        &ada,
        a_lessons[0],
        json!({"module_id": b, "title": "Moved"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        progress(&t, &stu, &slug).await,
        (
            50,
            statuses(&[
                ("B lesson 1", "completed"),
                ("B lesson 2", "next"),
                ("B lesson 3", "not_started"),
                ("Moved", "completed"),
            ])
        )
    );
    // Module A is empty now, so nobody completed anything in it: it may go.
    let r = delete(
        &t,
        &format!("/api/v1/courses/{slug}/modules/{a}"),
        Some(&ada),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    // Reordering changes which lesson is next, not the percentage.
    let ids: Vec<i64> = t
        .get(&format!("/api/v1/courses/{slug}"), Some(&ada))
        .await
        .body["modules"][0]["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["lesson_id"].as_i64().unwrap())
        .collect();
    let new_order = vec![ids[3], ids[2], ids[0], ids[1]];
    let r = reorder(&t, &ada, (&slug, b), &new_order).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        progress(&t, &stu, &slug).await,
        (
            50,
            statuses(&[
                ("Moved", "completed"),
                ("B lesson 3", "next"),
                ("B lesson 1", "completed"),
                ("B lesson 2", "not_started"),
            ])
        )
    );
    let mine = t.get("/api/v1/dashboard/my-courses", Some(&stu)).await;
    assert_eq!(mine.body[0]["next_lesson"]["title"], "B lesson 3");
    assert_eq!(mine.body[0]["completed_lessons"], 2);
    assert_eq!(mine.body[0]["total_lessons"], 4);
}

#[db_test]
async fn a_draft_may_lose_completed_content(t: TestApp) {
    let ada = user(&t, "ada@example.org", Role::Teacher).await;
    let stu = t.student("stu@example.org").await;
    let slug = draft(&t, &ada, "Calculus").await;
    let (a, a_lessons) = module_with_lessons(&t, &ada, &slug, "A", 1).await;
    let (_, b_lessons) = module_with_lessons(&t, &ada, &slug, "B", 1).await;
    // The API never lets a learner into a draft; completions there come from data
    // written before this rule (or by hand). Write them directly.
    let me = t.get("/api/v1/auth/me", Some(&stu)).await.body["user_id"]
        .as_i64()
        .unwrap();
    let course_id = t
        .get(&format!("/api/v1/courses/{slug}"), Some(&ada))
        .await
        .body["course_id"]
        .as_i64()
        .unwrap();
    {
        let mut conn = t.db.db.write().await.unwrap();
        for lesson in [a_lessons[0], b_lessons[0]] {
            sqlx::query(
                "INSERT INTO lesson_completions (user_id, lesson_id, course_id, completed_at) \
                 VALUES ($1, $2, $3, 1)",
            )
            .bind(me)
            .bind(lesson)
            .bind(course_id)
            .execute(practicum_store::Session::conn(&mut conn))
            .await
            .unwrap();
        }
        conn.commit().await.unwrap();
    }
    let r = delete(&t, &format!("/api/v1/lessons/{}", b_lessons[0]), Some(&ada)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let r = delete(
        &t,
        &format!("/api/v1/courses/{slug}/modules/{a}"),
        Some(&ada),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    assert!(outline(&t, &slug, &ada).await[0].1.is_empty());
    let mut conn = t.db.db.read().await.unwrap();
    let left: i64 = sqlx::Row::get(
        &sqlx::query("SELECT COUNT(*) AS n FROM lesson_completions")
            .fetch_one(practicum_store::Session::conn(&mut conn))
            .await
            .unwrap(),
        "n",
    );
    assert_eq!(left, 0);
}

#[db_test]
async fn a_lesson_completed_while_it_is_deleted_is_never_lost_silently(t: TestApp) {
    let (ada, producer) = teacher_and_producer(&t).await;
    let slug = draft(&t, &ada, "Calculus").await;
    let (_, lessons) = module_with_lessons(&t, &ada, &slug, "A", 6).await;
    publish(&t, &ada, &producer, &slug).await;
    let mut learners = Vec::new();
    for i in 0..3 {
        let stu = t.student(&format!("stu{i}@example.org")).await;
        enroll(&t, &stu, &slug).await;
        learners.push(stu);
    }
    // Each lesson: its deletion races three learners completing it. Either the delete
    // wins (the learners get 404 and nothing of theirs is kept) or a completion does
    // (the delete is refused with 409 and the lesson stays) — never both.
    for lesson in lessons {
        let del_path = format!("/api/v1/lessons/{lesson}");
        let done_path = format!("/api/v1/lessons/{lesson}/complete");
        let del = delete(&t, &del_path, Some(&ada));
        let dones = join_all(
            learners
                .iter()
                .map(|s| t.post(&done_path, Some(s), json!({}))),
        );
        let (del, dones) = futures::join!(del, dones);
        let completed = dones.iter().filter(|r| r.status == StatusCode::OK).count();
        for r in &dones {
            assert!(
                r.status == StatusCode::OK || r.status == StatusCode::NOT_FOUND,
                "{}: {}",
                r.status,
                r.body
            );
        }
        let still_there = t.get(&del_path, Some(&ada)).await.status == StatusCode::OK;
        if del.status == StatusCode::NO_CONTENT {
            assert_eq!(completed, 0, "a completion was deleted with its lesson");
            assert!(!still_there);
        } else {
            assert_error(&del, StatusCode::CONFLICT, "lesson_has_completions");
            assert!(completed > 0);
            assert!(still_there);
        }
    }
}

#[db_test]
async fn concurrent_outline_edits_keep_positions_whole(t: TestApp) {
    let ada = user(&t, "ada@example.org", Role::Teacher).await;
    let slug = draft(&t, &ada, "Calculus").await;
    let (a, a_lessons) = module_with_lessons(&t, &ada, &slug, "A", 4).await;
    let (b, _) = module_with_lessons(&t, &ada, &slug, "B", 2).await;
    let reorder = format!("/api/v1/courses/{slug}/modules/{a}/lessons/reorder");
    let mut reversed = a_lessons.clone();
    reversed.reverse();
    let add = format!("/api/v1/courses/{slug}/lessons");
    let moved = format!("/api/v1/lessons/{}", a_lessons[1]);
    let gone = format!("/api/v1/lessons/{}", a_lessons[2]);
    // Reorders, appends, a move out of the module and a deletion, all at once.
    let mut calls = Vec::new();
    for i in 0..4 {
        let order = if i % 2 == 0 { &a_lessons } else { &reversed };
        calls.push(t.call(
            Method::POST,
            &reorder,
            Some(&ada),
            Some(json!({"lesson_ids": order})),
        ));
    }
    for i in 0..2 {
        calls.push(t.call(
            Method::POST,
            &add,
            Some(&ada),
            Some(json!({"module_id": a, "title": format!("New {i}"),
                        "content": [{"type": "text", "text": "x"}]})),
        ));
    }
    calls.push(t.call(
        Method::PATCH,
        &moved,
        Some(&ada),
        Some(json!({"module_id": b})),
    ));
    calls.push(t.call(Method::DELETE, &gone, Some(&ada), None));
    for r in join_all(calls).await {
        // A reorder that lost to an append or a move no longer lists the module's
        // lessons exactly (422); a move that lost to a reorder may be asked to retry.
        assert!(
            r.status.is_success()
                || r.status == StatusCode::UNPROCESSABLE_ENTITY
                || r.status == StatusCode::CONFLICT,
            "{}: {}",
            r.status,
            r.body
        );
    }
    // Positions are 1..n in every module (checked by `outline`), and every lesson is
    // somewhere exactly once.
    let lines = outline(&t, &slug, &ada).await;
    let count: usize = lines.iter().map(|(_, l)| l.len()).sum();
    assert_eq!(count, 4 + 2 + 2 - 1);
}
