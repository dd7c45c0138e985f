//! Course rollups, user activity, and the on-demand refresh.

use axum::{extract::State, Json};
use practicum_app::PageRequest;
use practicum_domain::clock::to_datetime;

use super::dto::*;
use crate::{
    error::{ApiResult, ErrorBody, NotSignedIn},
    extract::{AppPath, AppQuery, CurrentUser},
    page::PageQuery,
    state::ApiState,
};

/// Per-course analytics: teachers see their own courses, producers and admins all.
#[utoipa::path(get, path = "/analytics/courses", tag = "analytics", security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page of course rollups, newest course first", body = CourseStatsPage),
        NotSignedIn,
        (status = 403, description = "Not a teacher, producer or admin", body = ErrorBody),
    ))]
pub async fn list_course_analytics(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppQuery(q): AppQuery<PageQuery>,
) -> ApiResult<Json<CourseStatsPage>> {
    let page = state
        .app
        .list_course_analytics(&actor, PageRequest::new(q.page, q.page_size))
        .await?;
    Ok(Json(CourseStatsPage::from(page)))
}

/// One course's views, enrollments, completion rate, revenue, rating and daily trend.
#[utoipa::path(get, path = "/analytics/courses/{slug}", tag = "analytics", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Course address"), CourseTrendQuery),
    responses(
        (status = 200, description = "The course's rollup with its trend", body = CourseStatsResponse),
        NotSignedIn,
        (status = 403, description = "Not this course's teacher, a producer or an admin", body = ErrorBody),
        (status = 404, description = "No such course", body = ErrorBody),
    ))]
pub async fn get_course_analytics(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(slug): AppPath<String>,
    AppQuery(q): AppQuery<CourseTrendQuery>,
) -> ApiResult<Json<CourseStatsResponse>> {
    Ok(Json(
        state
            .app
            .course_analytics(&actor, &slug, q.days)
            .await?
            .into(),
    ))
}

/// User activity (admin): registrations, active users, events per user.
#[utoipa::path(get, path = "/analytics/users", tag = "analytics", security(("bearer" = [])),
    params(UserActivityQuery),
    responses(
        (status = 200, description = "The window's summary and one page of users", body = UserActivityResponse),
        NotSignedIn,
        (status = 403, description = "Not an admin", body = ErrorBody),
    ))]
pub async fn user_activity(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppQuery(q): AppQuery<UserActivityQuery>,
) -> ApiResult<Json<UserActivityResponse>> {
    let r = state
        .app
        .user_activity(&actor, q.days, PageRequest::new(q.page, q.page_size))
        .await?;
    Ok(Json(UserActivityResponse {
        days: r.days,
        since: to_datetime(r.since),
        users_total: r.summary.users_total,
        registrations: r.summary.registrations,
        active_users: r.summary.active_users,
        events: r.summary.events,
        items: r.users.items.into_iter().map(Into::into).collect(),
        total: r.users.total,
        page: r.users.page,
        page_size: r.users.page_size,
    }))
}

/// Recompute every course rollup now (producer/admin); the job system also runs it.
#[utoipa::path(post, path = "/analytics/refresh", tag = "analytics", security(("bearer" = [])),
    responses(
        (status = 200, description = "Refreshed", body = AnalyticsRefreshResponse),
        NotSignedIn,
        (status = 403, description = "Not a producer or admin", body = ErrorBody),
    ))]
pub async fn refresh_analytics(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
) -> ApiResult<Json<AnalyticsRefreshResponse>> {
    let r = state.app.refresh_analytics_as(&actor).await?;
    Ok(Json(AnalyticsRefreshResponse {
        refreshed_at: to_datetime(r.refreshed_at),
        views_flushed: r.views_flushed,
    }))
}
