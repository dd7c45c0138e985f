//! A course names its teacher with a link to the teacher's public profile.

use axum::http::StatusCode;

use super::*;

#[db_test]
async fn courses_carry_the_slug_of_their_teachers_public_profile(t: TestApp) {
    let (ada, bob, producer) = two_teachers_and_producer(&t).await;
    let mut slugs = Vec::new();
    for (teacher, title) in [(&ada, "Deep Learning"), (&bob, "Statistics")] {
        let me = t.get("/api/v1/accounts/profiles/me", Some(teacher)).await;
        assert_eq!(me.status, StatusCode::OK, "{}", me.body);
        let profile = me.body["slug"].as_str().expect("profile slug").to_owned();
        let course = draft(&t, teacher, title).await;
        publish(&t, teacher, &producer, &course).await;
        slugs.push((course, profile));
    }
    assert_ne!(slugs[0].1, slugs[1].1, "two teachers, two profiles");

    for (course, profile) in &slugs {
        let page = t.get(&format!("/api/v1/courses/{course}"), None).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert_eq!(page.body["teacher_slug"], profile.as_str());
        // The slug opens the public profile of the teacher the course names.
        let public = t
            .get(&format!("/api/v1/accounts/profiles/{profile}"), None)
            .await;
        assert_eq!(public.status, StatusCode::OK, "{}", public.body);
        assert_eq!(public.body["user_id"], page.body["teacher_id"]);
        assert_eq!(public.body["full_name"], page.body["teacher_name"]);
    }

    let list = t.get("/api/v1/courses", None).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let items = list.body["items"].as_array().expect("items");
    assert_eq!(items.len(), 2, "{}", list.body);
    for item in items {
        let (_, profile) = slugs
            .iter()
            .find(|(course, _)| item["slug"] == course.as_str())
            .expect("a listed course is one of ours");
        assert_eq!(item["teacher_slug"], profile.as_str());
    }
}
