//! Identity use-cases: accounts, sessions, password resets, profiles.

mod authenticate;
mod avatar;
mod award_achievement;
mod change_password;
mod check_email;
mod create_admin;
mod edit_profile;
mod live_session;
mod log_in;
mod log_out;
mod manage_users;
mod personal_data;
mod profile_directory;
mod profiles;
mod read_models;
mod refresh_session;
mod register_user;
mod reset_password;
mod sessions;
mod specializations;
mod update_me;

pub use authenticate::Actor;
pub use create_admin::EnsureAdmin;
pub use edit_profile::ProfileInput;
pub use live_session::LiveSession;
pub use log_in::LoginInput;
pub use manage_users::{UserChanges, UserFilter};
pub use profile_directory::ProfileDirectoryQuery;
pub use profiles::ProfileView;
pub use read_models::{AchievementEntry, SpecializationEntry};
pub use register_user::RegisterInput;
pub use sessions::AuthTokens;
pub use update_me::MeChanges;

use practicum_domain::{
    identity::{Role, UserId},
    Timestamp,
};
use practicum_store::identity::users::UserRecord;

/// An account as its owner and admins see it. Never carries the password hash.
#[derive(Debug, Clone)]
pub struct UserView {
    pub user_id: UserId,
    pub email: Option<String>,
    pub username: Option<String>,
    pub full_name: String,
    pub role: Role,
    pub is_active: bool,
    pub created_at: Timestamp,
}

impl From<UserRecord> for UserView {
    fn from(u: UserRecord) -> Self {
        Self {
            user_id: u.id,
            email: u.email,
            username: u.username,
            full_name: u.full_name,
            role: u.role,
            is_active: u.is_active,
            created_at: u.created_at,
        }
    }
}
