//! The learner's two dashboard reads: the learning context's state. On PostgreSQL the
//! reads of concurrent requests share statements (ADR 0065), as the token checks do
//! (`token_checks.rs`): a statement's fixed cost there is most of what one dashboard's
//! read costs `postgres`. On SQLite each request reads on its own, as before.
//!
//! Each answer is read by a statement that started after its request asked: an
//! enrolment or a completion committed before the request is seen. Nothing is cached.

use practicum_domain::identity::UserId;
use practicum_store::{
    coalesce::SharedRead,
    learning::progress::{self, CourseOutline, EnrolledCourse},
    Db,
};

/// At most this many requests' reads in one statement.
const MAX_BATCH: usize = 64;
/// At most this many batches of one read out at once: one measured best (ADR 0065).
const MAX_RUNNING: usize = 1;

/// The dashboard reads of one process. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Dashboards {
    /// A learner's enrolled courses ([`progress::enrolled_courses`]).
    pub(crate) courses: SharedRead<UserId, Vec<EnrolledCourse>>,
    /// A course's outline with a learner's completions, by course slug
    /// ([`progress::course_outline`]).
    pub(crate) outlines: SharedRead<(UserId, String), Option<CourseOutline>>,
}

impl Dashboards {
    pub(crate) fn new(db: &Db) -> Self {
        Self {
            courses: SharedRead::on(
                db,
                |conn, learners| {
                    Box::pin(async move { progress::enrolled_courses_of(conn, &learners).await })
                },
                MAX_BATCH,
                MAX_RUNNING,
            ),
            outlines: SharedRead::on(
                db,
                |conn, asked| {
                    Box::pin(async move { progress::course_outlines_of(conn, &asked).await })
                },
                MAX_BATCH,
                MAX_RUNNING,
            ),
        }
    }
}
