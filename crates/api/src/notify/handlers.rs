use axum::{extract::State, Json};
use practicum_app::PageRequest;

use super::dto::*;
use crate::{
    error::{ApiResult, ErrorBody, NotSignedIn},
    extract::{AppPath, AppQuery, CurrentUser},
    state::ApiState,
};

/// The caller's notifications, newest first.
#[utoipa::path(get, path = "/notifications", tag = "notifications", security(("bearer" = [])),
    params(NotificationListQuery),
    responses(
        (status = 200, description = "One page of notifications", body = NotificationPage),
        NotSignedIn,
    ))]
pub async fn list_notifications(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppQuery(q): AppQuery<NotificationListQuery>,
) -> ApiResult<Json<NotificationPage>> {
    let page = state
        .app
        .list_notifications(&actor, q.unread_only, PageRequest::new(q.page, q.page_size))
        .await?;
    Ok(Json(NotificationPage::from(page)))
}

/// Mark one of the caller's notifications read (idempotent).
#[utoipa::path(post, path = "/notifications/{notification_id}/read", tag = "notifications", security(("bearer" = [])),
    params(("notification_id" = i64, Path, description = "Notification id")),
    responses(
        (status = 200, description = "The notification, read", body = NotificationResponse),
        NotSignedIn,
        (status = 404, description = "No such notification of the caller", body = ErrorBody),
    ))]
pub async fn mark_notification_read(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<Json<NotificationResponse>> {
    Ok(Json(
        state.app.mark_notification_read(&actor, id).await?.into(),
    ))
}

/// Mark all of the caller's notifications read.
#[utoipa::path(post, path = "/notifications/read-all", tag = "notifications", security(("bearer" = [])),
    responses(
        (status = 200, description = "How many changed", body = NotificationsMarkedResponse),
        NotSignedIn,
    ))]
pub async fn mark_all_notifications_read(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
) -> ApiResult<Json<NotificationsMarkedResponse>> {
    let marked = state.app.mark_all_notifications_read(&actor).await?;
    Ok(Json(NotificationsMarkedResponse { marked }))
}
