//! Identity routes (`/auth/*`, `/users/me`, `/admin/login`, `/admin/session/*`) and accounts
//! (`/accounts/users`, `/accounts/profiles`, `/accounts/specializations`).

mod accounts;
mod admin_session;
mod auth;
pub mod dto;
mod profiles;
pub mod session_cookie;
mod sessions;

pub(crate) use auth::LoginBody;

use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::ApiState;

pub fn router() -> OpenApiRouter<ApiState> {
    auth_routes()
        .routes(routes!(auth::get_users_me))
        .routes(routes!(admin_session::admin_log_in))
        .routes(routes!(admin_session::refresh_admin_session))
        .routes(routes!(admin_session::log_out_admin_session))
        .routes(routes!(auth::get_admin_me))
        .routes(routes!(accounts::list_users))
        .routes(routes!(
            accounts::get_user,
            accounts::update_user,
            accounts::erase_user
        ))
        .routes(routes!(accounts::export_my_data))
        .routes(routes!(
            profiles::get_my_profile,
            profiles::update_my_profile
        ))
        .routes(routes!(profiles::upload_avatar))
        .routes(routes!(profiles::list_profiles))
        .routes(routes!(profiles::get_profile))
        .routes(routes!(profiles::get_avatar))
        .routes(routes!(profiles::award_achievement))
        .routes(routes!(
            profiles::list_specializations,
            profiles::create_specialization
        ))
}

/// The `/auth/*` routes (mounted under `/api/v1`, and again under `/api` for clients of the
/// course platform Practicum replaces).
fn auth_routes() -> OpenApiRouter<ApiState> {
    OpenApiRouter::new()
        .routes(routes!(auth::register_user))
        .routes(routes!(auth::sign_up))
        .routes(routes!(auth::log_in))
        .routes(routes!(sessions::refresh_session))
        .routes(routes!(sessions::log_out))
        .routes(routes!(auth::change_password))
        .routes(routes!(auth::check_email))
        .routes(routes!(auth::forgot_password))
        .routes(routes!(auth::reset_password))
        .routes(routes!(auth::get_me, auth::update_me))
}

/// Compatibility routes: `/api/auth/*`, the same handlers as `/api/v1/auth/*` (outside the
/// OpenAPI document, which documents the canonical paths). A browser-session cookie set
/// here is scoped to `/api/auth`, so the browser sends it back to this alias's refresh
/// and logout.
pub fn compat_auth_router() -> axum::Router<ApiState> {
    let (router, _) = auth_routes().split_for_parts();
    axum::Router::new()
        .nest("/api", router)
        .layer(axum::middleware::map_response(
            session_cookie::rescope_to_alias,
        ))
}
