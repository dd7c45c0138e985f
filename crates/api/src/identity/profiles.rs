//! Public profiles, avatars, specializations and achievements.

use axum::{
    extract::{Multipart, State},
    http::{header, StatusCode},
    response::IntoResponse,
    Json,
};
use practicum_app::{
    identity::{ProfileDirectoryQuery, ProfileInput},
    PageRequest,
};
use practicum_domain::FieldErrors;

use super::dto::*;
use crate::{
    error::{ApiResult, ErrorBody, NotSignedIn},
    extract::{AppJson, AppPath, AppQuery, CurrentUser, MaybeUser},
    state::ApiState,
    upload::image_field,
};

/// The signed-in user's profile, private fields included.
#[utoipa::path(get, path = "/accounts/profiles/me", tag = "accounts", security(("bearer" = [])),
    responses(
        (status = 200, description = "Own profile", body = ProfileResponse),
        NotSignedIn,
    ))]
pub async fn get_my_profile(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
) -> ApiResult<Json<ProfileResponse>> {
    Ok(Json(state.app.get_my_profile(&actor).await?.into()))
}

/// Edit the signed-in user's profile.
#[utoipa::path(patch, path = "/accounts/profiles/me", tag = "accounts", security(("bearer" = [])),
    request_body = UpdateProfileRequest,
    responses(
        (status = 200, description = "Updated profile", body = ProfileResponse),
        NotSignedIn,
        (status = 409, description = "Slug taken", body = ErrorBody),
        (status = 422, description = "Invalid phone, slug, links or specializations", body = ErrorBody),
    ))]
pub async fn update_my_profile(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppJson(body): AppJson<UpdateProfileRequest>,
) -> ApiResult<Json<ProfileResponse>> {
    let input = ProfileInput {
        slug: body.slug,
        bio: body.bio,
        phone: body.phone,
        social_links: body.social_links,
        specializations: body.specializations,
    };
    Ok(Json(
        state.app.update_my_profile(&actor, input).await?.into(),
    ))
}

/// Upload the signed-in user's avatar (multipart field `avatar`; PNG, JPEG or WebP, ≤ 1 MiB).
#[utoipa::path(put, path = "/accounts/profiles/me/avatar", tag = "accounts", security(("bearer" = [])),
    request_body(content = AvatarForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "Profile with the new avatar", body = ProfileResponse),
        NotSignedIn,
        (status = 413, description = "Larger than 1 MiB", body = ErrorBody),
        (status = 422, description = "Not a PNG, JPEG or WebP image, or no `avatar` field", body = ErrorBody),
    ))]
pub async fn upload_avatar(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    mut multipart: Multipart,
) -> ApiResult<Json<ProfileResponse>> {
    let upload = image_field(&mut multipart, "avatar").await?;
    Ok(Json(state.app.upload_avatar(&actor, upload).await?.into()))
}

/// The public directory of profiles (active accounts), by name; search by name, filter by
/// role and specialization. Anyone may read it; phones never appear here.
#[utoipa::path(get, path = "/accounts/profiles", tag = "accounts", security((), ("bearer" = [])),
    params(ProfilesQuery),
    responses(
        (status = 200, description = "One page of profiles", body = ProfilePage),
        (status = 422, description = "Unknown role", body = ErrorBody),
    ))]
pub async fn list_profiles(
    State(state): State<ApiState>,
    AppQuery(q): AppQuery<ProfilesQuery>,
) -> ApiResult<Json<ProfilePage>> {
    let mut errors = FieldErrors::new();
    let role = q
        .role
        .as_deref()
        .filter(|r| !r.trim().is_empty())
        .and_then(|r| errors.check("role", r.trim().parse()));
    errors
        .into_result()
        .map_err(practicum_app::AppError::from)?;
    let page = state
        .app
        .list_profiles(
            ProfileDirectoryQuery {
                search: q.search,
                role,
                specialization: q.specialization,
            },
            PageRequest::new(q.page, q.page_size),
        )
        .await?;
    Ok(Json(ProfilePage::from(page)))
}

/// A public profile. Phone numbers are shown only to the owner and admins.
#[utoipa::path(get, path = "/accounts/profiles/{slug}", tag = "accounts", security((), ("bearer" = [])),
    params(("slug" = String, Path, description = "Profile address")),
    responses(
        (status = 200, description = "The profile", body = ProfileResponse),
        (status = 401, description = "An invalid token was sent", body = ErrorBody),
        (status = 404, description = "No such (active) profile", body = ErrorBody),
    ))]
pub async fn get_profile(
    State(state): State<ApiState>,
    MaybeUser(viewer): MaybeUser,
    AppPath(slug): AppPath<String>,
) -> ApiResult<Json<ProfileResponse>> {
    Ok(Json(
        state.app.get_profile(viewer.as_ref(), &slug).await?.into(),
    ))
}

/// A profile's avatar image.
#[utoipa::path(get, path = "/accounts/profiles/{slug}/avatar", tag = "accounts", security(),
    params(("slug" = String, Path, description = "Profile address")),
    responses(
        (status = 200, description = "The image", content_type = "image/*", body = Vec<u8>),
        (status = 404, description = "No avatar", body = ErrorBody),
    ))]
pub async fn get_avatar(
    State(state): State<ApiState>,
    AppPath(slug): AppPath<String>,
) -> ApiResult<impl IntoResponse> {
    let (content_type, bytes) = state.app.get_avatar(&slug).await?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=300".to_owned()),
        ],
        bytes,
    ))
}

/// Award an achievement to a profile (admin).
#[utoipa::path(post, path = "/accounts/profiles/{slug}/achievements", tag = "accounts", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Profile address")),
    request_body = AwardAchievementRequest,
    responses(
        (status = 201, description = "Profile with the new achievement", body = ProfileResponse),
        NotSignedIn,
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such profile", body = ErrorBody),
        (status = 409, description = "Already awarded", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
pub async fn award_achievement(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppPath(slug): AppPath<String>,
    AppJson(body): AppJson<AwardAchievementRequest>,
) -> ApiResult<(StatusCode, Json<ProfileResponse>)> {
    let p = state
        .app
        .award_achievement(&actor, &slug, &body.code, &body.title, &body.description)
        .await?;
    Ok((StatusCode::CREATED, Json(p.into())))
}

/// All specializations a profile can list.
#[utoipa::path(get, path = "/accounts/specializations", tag = "accounts", security(),
    responses((status = 200, description = "Specializations by name", body = Vec<SpecializationResponse>)))]
pub async fn list_specializations(
    State(state): State<ApiState>,
) -> ApiResult<Json<Vec<SpecializationResponse>>> {
    let list = state.app.list_specializations().await?;
    Ok(Json(list.into_iter().map(Into::into).collect()))
}

/// Add a specialization (admin).
#[utoipa::path(post, path = "/accounts/specializations", tag = "accounts", security(("bearer" = [])),
    request_body = CreateSpecializationRequest,
    responses(
        (status = 201, description = "Created", body = SpecializationResponse),
        NotSignedIn,
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 409, description = "Exists", body = ErrorBody),
        (status = 422, description = "Invalid name", body = ErrorBody),
    ))]
pub async fn create_specialization(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppJson(body): AppJson<CreateSpecializationRequest>,
) -> ApiResult<(StatusCode, Json<SpecializationResponse>)> {
    let s = state.app.create_specialization(&actor, &body.name).await?;
    Ok((StatusCode::CREATED, Json(SpecializationResponse::from(s))))
}
