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
