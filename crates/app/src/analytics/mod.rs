//! Analytics: the event log (written in the transaction of each action it records; course
//! views through an in-process buffer), per-course rollups, trending, user activity, and
//! the monthly partitions of the log on PostgreSQL.

mod course_analytics;
mod live;
mod partitions;
mod read_models;
mod refresh;
mod top_rated;
mod trending;
mod user_activity;
mod views;

pub use crate::state::view_buffer::ViewBuffer;
pub use course_analytics::{CourseAnalytics, TrendDay};
pub use read_models::{ActivityTotals, CourseFigures, UserActivityEntry};
pub use refresh::RefreshReport;
pub use top_rated::{RankedCourse, TopRatedListing};
pub use trending::TrendingListing;
pub use user_activity::UserActivityReport;

use practicum_domain::identity::Role;
use practicum_store::{
    catalog::courses::{self, CourseRecord},
    Session,
};

use crate::{identity::Actor, AppError, ErrorCode};

/// Who reads course analytics: teachers (their own courses), producers and admins (all).
pub(crate) const ANALYSTS: &[Role] = &[Role::Teacher, Role::Producer, Role::Admin];

/// The course `slug` (404 when there is none) if `actor` may read its analytics: staff,
/// or its teacher; another teacher is 403 with `refusal`.
pub(crate) async fn analysed_course(
    s: &mut dyn Session,
    actor: &Actor,
    slug: &str,
    refusal: &'static str,
) -> Result<CourseRecord, AppError> {
    let course = courses::find_by_slug(s, slug)
        .await?
        .ok_or(AppError::NotFound(ErrorCode::CourseNotFound))?;
    if !actor.role.is_staff() && course.teacher_id != actor.id {
        return Err(AppError::forbidden(ErrorCode::NotCourseTeacher, refusal));
    }
    Ok(course)
}
