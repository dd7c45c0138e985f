use axum::http::{Method, StatusCode};
use serde_json::json;

use super::*;

#[db_test]
async fn translated_texts_follow_accept_language(t: TestApp) {
    let (ada, bob, producer) = two_teachers_and_producer(&t).await;
    let stu = t.student("stu@example.org").await;
    let slug = draft(&t, &ada, "Calculus").await;
    let other = draft(&t, &bob, "Algebra").await;
    let (module_id, lessons) = module_with_lessons(&t, &ada, &slug, "Limits", 2).await;
    let (_, other_lessons) = module_with_lessons(&t, &bob, &other, "Groups", 1).await;
    publish(&t, &ada, &producer, &slug).await;

    let put = |lang: &str| format!("/api/v1/courses/{slug}/translations/{lang}");
    let german = json!({"title": "Analysis", "description": "Grenzwerte und Ableitungen",
        "modules": [{"module_id": module_id, "title": "Grenzwerte"}],
        "lessons": [{"lesson_id": lessons[0], "title": "Folgen",
                     "content": [{"type": "text", "text": "Lies das."}]}]});
    for token in [&bob, &stu] {
        assert_error(
            &t.call(Method::PUT, &put("de"), Some(token), Some(german.clone()))
                .await,
            StatusCode::FORBIDDEN,
            "not_course_editor",
        );
    }
    for (lang, body) in [
        ("en", german.clone()),
        ("deutsch", german.clone()),
        (
            "de",
            json!({"title": "X", "lessons": [{"lesson_id": other_lessons[0], "title": "Y"}]}),
        ),
        (
            "de",
            json!({"title": "X", "lessons": [{"lesson_id": lessons[0], "title": "Y", "content": [{"type": "gif"}]}]}),
        ),
    ] {
        assert_error(
            &t.call(Method::PUT, &put(lang), Some(&ada), Some(body))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
    }
    let r = t
        .call(Method::PUT, &put("de"), Some(&ada), Some(german))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["language"], "de");

    let course = format!("/api/v1/courses/{slug}");
    let plain = t.get(&course, None).await;
    assert_eq!(content_language(&plain), "en");
    assert_eq!(plain.body["title"], "Calculus");
    for accept in ["fr;q=0.9, de;q=0.8", "de-AT", "DE"] {
        let r = get_lang(&t, &course, None, Some(accept)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(content_language(&r), "de", "{accept}");
        assert_eq!(r.body["title"], "Analysis");
        assert_eq!(r.body["description"], "Grenzwerte und Ableitungen");
        assert_eq!(r.body["modules"][0]["title"], "Grenzwerte");
        assert_eq!(r.body["modules"][0]["lessons"][0]["title"], "Folgen");
        assert_eq!(
            r.body["modules"][0]["lessons"][1]["title"],
            "Limits lesson 2"
        );
    }
    for accept in ["de;q=0, fr", "fr", "en;q=0.9, de;q=0.5", "*"] {
        let r = get_lang(&t, &course, None, Some(accept)).await;
        assert_eq!(content_language(&r), "en", "{accept}");
        assert_eq!(r.body["title"], "Calculus", "{accept}");
    }

    // The catalog translates course by course.
    let list = get_lang(&t, "/api/v1/courses", None, Some("de, en;q=0.5")).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    assert_eq!(list.body["items"][0]["title"], "Analysis");
    assert_eq!(content_language(&list), "de");
    let list = t.get("/api/v1/courses", None).await;
    assert_eq!(list.body["items"][0]["title"], "Calculus");
    assert_eq!(content_language(&list), "en");

    enroll(&t, &stu, &slug).await;
    // The translated lesson reads in German, the other one in the course's own language.
    let lesson = |id: i64| format!("/api/v1/lessons/{id}");
    let l1 = get_lang(&t, &lesson(lessons[0]), Some(&stu), Some("de")).await;
    assert_eq!(l1.status, StatusCode::OK, "{}", l1.body);
    assert_eq!(content_language(&l1), "de");
    assert_eq!(l1.body["title"], "Folgen");
    assert_eq!(l1.body["content"][0]["text"], "Lies das.");
    let l2 = get_lang(&t, &lesson(lessons[1]), Some(&stu), Some("de")).await;
    assert_eq!(content_language(&l2), "en");
    assert_eq!(l2.body["title"], "Limits lesson 2");
}

/// Module descriptions, requirements and what-you-will-learn follow `Accept-Language`
/// like the titles (issue 12, item 9); an omitted description keeps the earlier one.
#[db_test]
async fn module_descriptions_and_course_lists_are_translated(t: TestApp) {
    let (ada, producer) = teacher_and_producer(&t).await;
    let slug = draft(&t, &ada, "Calculus").await;
    let r = edit_course(
        &t,
        &ada,
        &slug,
        json!({"requirements": ["Algebra"], "what_you_will_learn": ["Derivatives"]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mut modules = Vec::new();
    for (title, description) in [("Limits", "Sequences and limits"), ("Series", "Sums")] {
        let m = add_module(
            &t,
            &ada,
            &slug,
            json!({"title": title, "description": description}),
        )
        .await;
        assert_eq!(m.status, StatusCode::CREATED, "{}", m.body);
        modules.push(m.body["module_id"].as_i64().unwrap());
    }
    publish(&t, &ada, &producer, &slug).await;
    let put = format!("/api/v1/courses/{slug}/translations/de");
    let too_long = "x".repeat(20_000);
    assert_error(
        &t.call(
            Method::PUT,
            &put,
            Some(&ada),
            Some(json!({"title": "Analysis",
                "modules": [{"module_id": modules[0], "title": "Grenzwerte", "description": too_long}]})),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    let r = t
        .call(
            Method::PUT,
            &put,
            Some(&ada),
            Some(json!({"title": "Analysis",
                "requirements": ["Algebra (Schule)"], "what_you_will_learn": ["Ableitungen"],
                "modules": [
                    {"module_id": modules[0], "title": "Grenzwerte", "description": "Folgen und Grenzwerte"},
                    {"module_id": modules[1], "title": "Reihen"}
                ]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let course = format!("/api/v1/courses/{slug}");
    let de = get_lang(&t, &course, None, Some("de")).await;
    assert_eq!(content_language(&de), "de");
    assert_eq!(de.body["requirements"], json!(["Algebra (Schule)"]));
    assert_eq!(de.body["what_you_will_learn"], json!(["Ableitungen"]));
    assert_eq!(de.body["modules"][0]["title"], "Grenzwerte");
    assert_eq!(
        de.body["modules"][0]["description"],
        "Folgen und Grenzwerte"
    );
    // No translated description: the original is shown.
    assert_eq!(de.body["modules"][1]["title"], "Reihen");
    assert_eq!(de.body["modules"][1]["description"], "Sums");
    let en = get_lang(&t, &course, None, Some("fr, en;q=0.5")).await;
    assert_eq!(en.body["modules"][0]["description"], "Sequences and limits");
    assert_eq!(en.body["requirements"], json!(["Algebra"]));

    // A later translation without descriptions keeps the earlier one.
    let r = t
        .call(
            Method::PUT,
            &put,
            Some(&ada),
            Some(json!({"title": "Analysis I",
                "modules": [{"module_id": modules[0], "title": "Grenzwerte I"}]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let de = get_lang(&t, &course, None, Some("de")).await;
    assert_eq!(de.body["modules"][0]["title"], "Grenzwerte I");
    assert_eq!(
        de.body["modules"][0]["description"],
        "Folgen und Grenzwerte"
    );
    assert_eq!(de.body["requirements"], json!(["Algebra (Schule)"]));
}
