//! `GET /courses/favorites`: the caller's bookmarks, as a catalog page.

use axum::http::StatusCode;

use super::{cast, toggle_favorite};
use crate::{courses::*, support::*};

fn slugs(body: &serde_json::Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["slug"].as_str().unwrap().to_owned())
        .collect()
}

#[db_test]
async fn learners_list_their_own_favorites(t: TestApp) {
    let (ada, producer, stu) = cast(&t).await;
    let other = t.student("other@example.org").await;
    let mut published = Vec::new();
    for title in ["Statistics", "Algebra", "Geometry"] {
        let slug = draft(&t, &ada, title).await;
        publish(&t, &ada, &producer, &slug).await;
        published.push(slug);
    }
    let list = "/api/v1/courses/favorites";
    assert_error(
        &t.get(list, None).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );
    let empty = t.get(list, Some(&stu)).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert_eq!(empty.body["total"], 0);

    // Two bookmarks of three courses; another learner bookmarks the third.
    for slug in [&published[0], &published[2]] {
        let r = toggle_favorite(&t, &stu, slug).await;
        assert_eq!(r.body["favorited"], true);
    }
    toggle_favorite(&t, &other, &published[1]).await;

    let mine = t.get(list, Some(&stu)).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert_eq!(mine.body["total"], 2);
    // Newest published first, like the catalog.
    assert_eq!(
        slugs(&mine.body),
        vec![published[2].clone(), published[0].clone()]
    );
    assert_eq!(mine.body["items"][0]["title"], "Geometry");
    assert_eq!(
        slugs(&t.get(list, Some(&other)).await.body),
        vec![published[1].clone()]
    );

    // Pages, and an un-bookmark takes the course out.
    let page = t
        .get(&format!("{list}?page=2&page_size=1"), Some(&stu))
        .await;
    assert_eq!(slugs(&page.body), vec![published[0].clone()]);
    assert_eq!(page.body["total"], 2);
    toggle_favorite(&t, &stu, &published[2]).await;
    assert_eq!(
        slugs(&t.get(list, Some(&stu)).await.body),
        vec![published[0].clone()]
    );
    // The route is not taken for a course called "favorites".
    assert_error(
        &t.get("/api/v1/courses/favorites/favorite", Some(&stu))
            .await,
        StatusCode::NOT_FOUND,
        "course_not_found",
    );
}
