//! Admin user management.

use axum::{
    extract::State,
    http::{header, StatusCode},
    response::IntoResponse,
    Json,
};
use practicum_app::{
    identity::{UserChanges, UserFilter},
    PageRequest,
};
use practicum_domain::{identity::UserId, FieldErrors};

use super::dto::*;
use crate::{
    error::{ApiResult, ErrorBody, NotSignedIn},
    extract::{AppJson, AppPath, AppQuery, CurrentUser},
    state::ApiState,
};

fn parse_role(
    field: &str,
    raw: Option<&str>,
    errors: &mut FieldErrors,
) -> Option<practicum_domain::identity::Role> {
    raw.and_then(|r| errors.check(field, r.parse()))
}

/// List accounts (admin), newest first, filtered by role or a search text.
#[utoipa::path(get, path = "/accounts/users", tag = "accounts", security(("bearer" = [])),
    params(UsersQuery),
    responses(
        (status = 200, description = "One page of accounts", body = UserPage),
        NotSignedIn,
        (status = 403, description = "Not an admin", body = ErrorBody),
    ))]
pub async fn list_users(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppQuery(q): AppQuery<UsersQuery>,
) -> ApiResult<Json<UserPage>> {
    let mut errors = FieldErrors::new();
    let role = parse_role("role", q.role.as_deref(), &mut errors);
    errors
        .into_result()
        .map_err(practicum_app::AppError::from)?;
    let page = state
        .app
        .list_users(
            &actor,
            UserFilter {
                role,
                search: q.search,
            },
            PageRequest::new(q.page, q.page_size),
        )
        .await?;
    Ok(Json(UserPage::from(page)))
}

/// One account (admin).
#[utoipa::path(get, path = "/accounts/users/{user_id}", tag = "accounts", security(("bearer" = [])),
    params(("user_id" = i64, Path, description = "Account id")),
    responses(
        (status = 200, description = "The account", body = UserResponse),
        NotSignedIn,
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
    ))]
pub async fn get_user(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(user_id): AppPath<i64>,
) -> ApiResult<Json<UserResponse>> {
    Ok(Json(
        state.app.get_user(&actor, UserId(user_id)).await?.into(),
    ))
}

/// Change an account's role or deactivate/reactivate it (admin). A deactivated account
/// cannot log in and its tokens stop working at once.
#[utoipa::path(patch, path = "/accounts/users/{user_id}", tag = "accounts", security(("bearer" = [])),
    params(("user_id" = i64, Path, description = "Account id")),
    request_body = UpdateUserRequest,
    responses(
        (status = 200, description = "Updated account", body = UserResponse),
        NotSignedIn,
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
        (status = 409, description = "An admin cannot demote or deactivate themselves", body = ErrorBody),
        (status = 422, description = "Unknown role", body = ErrorBody),
    ))]
pub async fn update_user(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(user_id): AppPath<i64>,
    AppJson(body): AppJson<UpdateUserRequest>,
) -> ApiResult<Json<UserResponse>> {
    let mut errors = FieldErrors::new();
    let role = parse_role("role", body.role.as_deref(), &mut errors);
    errors
        .into_result()
        .map_err(practicum_app::AppError::from)?;
    let changes = UserChanges {
        role,
        is_active: body.is_active,
    };
    Ok(Json(
        state
            .app
            .update_user(&actor, UserId(user_id), changes)
            .await?
            .into(),
    ))
}

/// Erase an account (admin): the account is deactivated and its personal data replaced
/// — name ("Deleted user"), e-mail (a placeholder), username, password, avatar, phone,
/// bio, social links, specializations, achievements, notifications, sessions. Its
/// enrollments, progress, reviews and attempts stay, anonymous. It can no longer log in
/// and cannot be reactivated. Repeating it changes nothing.
#[utoipa::path(delete, path = "/accounts/users/{user_id}", tag = "accounts", security(("bearer" = [])),
    params(("user_id" = i64, Path, description = "Account id")),
    responses(
        (status = 204, description = "Erased"),
        NotSignedIn,
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such account", body = ErrorBody),
        (status = 409, description = "An admin cannot erase their own account", body = ErrorBody),
    ))]
pub async fn erase_user(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(id): AppPath<i64>,
) -> ApiResult<StatusCode> {
    state.app.erase_user(&actor, UserId(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Everything stored about you, as one JSON document (sections per kind of record:
/// account, profile, sessions, enrollments, completions, reviews, interactions,
/// notifications, adaptive progress and attempts, …; secrets such as password and token
/// hashes are left out). Sent as a download, never cached.
#[utoipa::path(get, path = "/accounts/me/export", tag = "accounts", security(("bearer" = [])),
    responses(
        (status = 200, description = "The export", body = Object,
            headers(("Cache-Control" = String, description = "no-store"))),
        NotSignedIn,
    ))]
pub async fn export_my_data(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
) -> ApiResult<impl IntoResponse> {
    let data = state.app.export_my_data(&actor).await?;
    Ok((
        [
            (header::CACHE_CONTROL, "no-store"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"practicum-export.json\"",
            ),
        ],
        Json(data),
    ))
}
