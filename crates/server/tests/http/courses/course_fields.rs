//! A course's requirements and what learners will learn: set on create and edit, shown on
//! the course page, translated like its other texts.

use axum::http::{Method, StatusCode};
use practicum_domain::identity::Role;
use serde_json::json;

use super::*;

#[db_test]
async fn requirements_and_outcomes_are_set_shown_and_translated(t: TestApp) {
    let (ada, producer) = teacher_and_producer(&t).await;

    let created = create_course(
        &t,
        &ada,
        json!({"title": "Calculus", "requirements": [" Algebra ", "Curiosity"],
               "what_you_will_learn": ["Take limits"]}),
    )
    .await;
    assert_eq!(created["requirements"], json!(["Algebra", "Curiosity"]));
    assert_eq!(created["what_you_will_learn"], json!(["Take limits"]));
    let slug = created["slug"].as_str().unwrap().to_owned();
    let course = format!("/api/v1/courses/{slug}");

    // A course created without them has empty lists.
    let plain = draft(&t, &ada, "Algebra").await;
    let r = t.get(&format!("/api/v1/courses/{plain}"), Some(&ada)).await;
    assert_eq!(r.body["requirements"], json!([]));
    assert_eq!(r.body["what_you_will_learn"], json!([]));

    // Every bad list is reported at once, with the item that is wrong.
    let r = t
        .patch(
            &course,
            Some(&ada),
            json!({"requirements": ["ok", "  "], "what_you_will_learn": vec!["x"; 31]}),
        )
        .await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let fields = r.body["error"]["details"]["fields"].to_string();
    assert!(fields.contains("requirements"), "{fields}");
    assert!(fields.contains("item 1"), "{fields}");
    assert!(fields.contains("what_you_will_learn"), "{fields}");

    // PATCH replaces a list given, keeps one omitted, and `[]` clears.
    let r = t
        .patch(
            &course,
            Some(&ada),
            json!({"what_you_will_learn": ["Take limits", "Differentiate"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["requirements"], json!(["Algebra", "Curiosity"]));
    assert_eq!(
        r.body["what_you_will_learn"],
        json!(["Take limits", "Differentiate"])
    );
    module_with_lessons(&t, &ada, &slug, "Limits", 1).await;
    publish(&t, &ada, &producer, &slug).await;
    let r = t.get(&course, None).await;
    assert_eq!(r.body["requirements"], json!(["Algebra", "Curiosity"]));

    // Translated with the other texts; a list not translated shows the original.
    let put = format!("{course}/translations/de");
    let r = t
        .call(
            Method::PUT,
            &put,
            Some(&ada),
            Some(json!({"title": "Analysis", "requirements": ["Algebra", "Neugier"]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let de = get_lang(&t, &course, None, Some("de")).await;
    assert_eq!(de.body["title"], "Analysis");
    assert_eq!(de.body["requirements"], json!(["Algebra", "Neugier"]));
    assert_eq!(
        de.body["what_you_will_learn"],
        json!(["Take limits", "Differentiate"])
    );
    // A later PUT without the lists keeps their translation; one with a list replaces it.
    let r = t
        .call(
            Method::PUT,
            &put,
            Some(&ada),
            Some(json!({"title": "Analysis I", "what_you_will_learn": ["Grenzwerte bilden"]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let de = get_lang(&t, &course, None, Some("de")).await;
    assert_eq!(de.body["title"], "Analysis I");
    assert_eq!(de.body["requirements"], json!(["Algebra", "Neugier"]));
    assert_eq!(de.body["what_you_will_learn"], json!(["Grenzwerte bilden"]));
    let en = get_lang(&t, &course, None, Some("en")).await;
    assert_eq!(en.body["requirements"], json!(["Algebra", "Curiosity"]));
    let bad = t
        .call(
            Method::PUT,
            &put,
            Some(&ada),
            Some(json!({"title": "Analysis", "requirements": ["a\nb"]})),
        )
        .await;
    assert_error(&bad, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
}

#[db_test]
async fn modules_have_descriptions(t: TestApp) {
    let ada = user(&t, "ada@example.org", Role::Teacher).await;
    let slug = draft(&t, &ada, "Calculus").await;
    let r = add_module(
        &t,
        &ada,
        &slug,
        json!({"title": "Limits", "description": "Sequences and their limits"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["description"], "Sequences and their limits");
    let r = add_module(&t, &ada, &slug, json!({"title": "Series"})).await;
    assert_eq!(r.body["description"], "");
    let r = t.get(&format!("/api/v1/courses/{slug}"), Some(&ada)).await;
    assert_eq!(
        r.body["modules"][0]["description"],
        "Sequences and their limits"
    );
    let r = add_module(
        &t,
        &ada,
        &slug,
        json!({"title": "", "description": "x".repeat(10_001)}),
    )
    .await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert!(r.body["error"]["details"]["fields"]
        .to_string()
        .contains("description"));
}
