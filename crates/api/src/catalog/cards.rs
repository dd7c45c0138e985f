//! The catalog's stored cards (ADR 0060) as the API writes them: a card is this API's
//! JSON of a course in a list ([`CourseSummaryResponse`]) cut around the counters it
//! leaves out, and a catalog page is written from the cards without building a course.

use bytes::{BufMut, Bytes, BytesMut};
use practicum_app::{
    catalog::{BuiltCourseCard, CatalogListing, CourseEntry, ListedCourse},
    App, AppError,
};

use super::dto::CourseSummaryResponse;

/// Courses rendered per transaction by [`build_course_cards`].
const BATCH: i64 = 200;

/// `course` as its card: the JSON of [`CourseSummaryResponse`] up to the value of
/// `enrollment_count` and from the comma after it on. The count is written in by the
/// database on each page read (`listing::list_published_cards`), so that an enrolment
/// leaves the card as it is. A key is found by `,"key":`, which no string value can hold
/// (a quote inside a JSON string is escaped).
pub fn render_card(course: CourseEntry) -> Result<(String, String), AppError> {
    const COUNT: &str = ",\"enrollment_count\":";
    let json = serde_json::to_string(&CourseSummaryResponse::from(course))
        .map_err(|e| AppError::internal(format!("serializing a course card: {e}")))?;
    let head_end = json.find(COUNT).map(|at| at + COUNT.len());
    let tail_start = json.find(",\"published_at\":");
    match (head_end, tail_start) {
        (Some(h), Some(t)) if h < t => Ok((json[..h].to_owned(), json[t..].to_owned())),
        _ => Err(AppError::internal(
            "a course in a list no longer has enrollment_count just before published_at",
        )),
    }
}

/// The body of a catalog page: the JSON of a `CoursePage`, its stored cards copied.
pub fn page_body(listing: CatalogListing) -> Result<Bytes, AppError> {
    let page = listing.page;
    let size: usize = page
        .items
        .iter()
        .map(|i| match i {
            ListedCourse::Card(card) => card.len() + 1,
            ListedCourse::Course(_) => 1024,
        })
        .sum();
    let mut out = BytesMut::with_capacity(size + 80);
    out.put_slice(b"{\"items\":[");
    for (n, item) in page.items.into_iter().enumerate() {
        if n > 0 {
            out.put_u8(b',');
        }
        match item {
            ListedCourse::Card(card) => out.put_slice(card.as_bytes()),
            ListedCourse::Course(course) => {
                serde_json::to_writer((&mut out).writer(), &CourseSummaryResponse::from(*course))
                    .map_err(|e| AppError::internal(format!("serializing a page: {e}")))?
            }
        }
    }
    let rest = format!(
        "],\"total\":{},\"page\":{},\"page_size\":{}}}",
        page.total, page.page, page.page_size
    );
    out.put_slice(rest.as_bytes());
    Ok(out.freeze())
}

/// Builds every stale card, [`BATCH`] courses a transaction, and returns how many were
/// stored. Stops early when a whole batch was rewritten under it (those cards stay
/// stale for the next call).
///
/// First, one built card is compared with what this build renders for its course: if
/// they differ, the cards were written by a build whose JSON of a course differs (a field
/// added, renamed, or written otherwise), and every card is marked stale and rebuilt. No
/// migration has to remember to do it.
pub async fn build_course_cards(app: &App) -> Result<usize, AppError> {
    if let Some(stored) = app.sample_course_card().await? {
        if render_card(stored.course)? != (stored.head, stored.tail) {
            let n = app.renew_all_course_cards().await?;
            tracing::info!(
                cards = n,
                "the catalog cards are in another format; rebuilding them all"
            );
        }
    }
    let mut stored = 0;
    loop {
        let stale = app.stale_course_cards(BATCH).await?;
        let full = stale.len() as i64 == BATCH;
        let mut built = Vec::with_capacity(stale.len());
        for s in stale {
            let course_id = s.course.id;
            let (head, tail) = render_card(s.course)?;
            built.push(BuiltCourseCard {
                course_id,
                version: s.version,
                head,
                tail,
            });
        }
        let n = app.store_course_cards(&built).await?;
        stored += n;
        if !full || n == 0 {
            return Ok(stored);
        }
    }
}

#[cfg(test)]
mod tests {
    use practicum_app::{catalog::CourseEntry, Page, PageRequest};
    use practicum_domain::{catalog::CourseStatus, identity::UserId};

    use super::*;
    use crate::catalog::dto::CoursePage;

    fn course(id: i64, title: &str, rating_avg: f64) -> CourseEntry {
        CourseEntry {
            id,
            slug: format!("course-{id}"),
            title: title.to_owned(),
            description: "Says \",\"enrollment_count\":1,\"published_at\":2, and \\ \u{e9}"
                .to_owned(),
            price_cents: 1999,
            currency: "USD".to_owned(),
            cover_image_url: None,
            difficulty: "beginner".to_owned(),
            language: "en".to_owned(),
            teacher_id: UserId(7),
            teacher_name: "Ada".to_owned(),
            teacher_slug: Some("ada".to_owned()),
            category_id: Some(3),
            category_slug: Some("computer-vision".to_owned()),
            status: CourseStatus::Published,
            rating_avg,
            rating_count: 3,
            enrollment_count: 12,
            created_at: 1_700_000_000_000,
            updated_at: 1_700_000_100_000,
            published_at: Some(1_700_000_200_000),
            requirements: vec![],
            what_you_will_learn: vec![],
            review_comment: None,
            tags: vec!["cnn".to_owned(), "pytorch".to_owned()],
        }
    }

    /// The card as a page reads it: the enrolment count written in by the database.
    fn card_of(c: &CourseEntry) -> ListedCourse {
        let (head, tail) = render_card(c.clone()).unwrap();
        ListedCourse::Card(format!("{head}{}{tail}", c.enrollment_count))
    }

    #[test]
    fn a_page_of_cards_is_the_page_of_courses_byte_for_byte() {
        let courses = [
            course(1, "Plain", 4.333333333333333),
            course(
                2,
                "Quote \" and , in a title, and the separator \u{1e}",
                5.0,
            ),
            course(3, "Unrated", 0.0),
        ];
        let request = PageRequest::new(Some(2), Some(3));
        let expected =
            serde_json::to_vec(&CoursePage::from(Page::new(courses.to_vec(), 8, request))).unwrap();
        let mut items: Vec<ListedCourse> = courses.iter().map(card_of).collect();
        // A course shown from its tables sits among the cards.
        items[1] = ListedCourse::Course(Box::new(courses[1].clone()));
        let listing = CatalogListing {
            page: Page::new(items, 8, request),
            languages: vec!["en".to_owned()],
        };
        let body = page_body(listing).unwrap();
        assert_eq!(
            String::from_utf8(body.to_vec()).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }

    #[test]
    fn a_card_is_cut_at_the_counters_not_inside_a_text() {
        let (head, tail) = render_card(course(1, "x", 1.0)).unwrap();
        assert!(
            head.ends_with("\"rating_count\":3,\"enrollment_count\":"),
            "{head}"
        );
        assert!(tail.starts_with(",\"published_at\":"), "{tail}");
        assert!(!tail.contains("enrollment_count"));
    }
}
