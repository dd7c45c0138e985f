//! Request and response bodies of the identity and accounts routes.

use crate::page::page_response;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use practicum_app::identity::{
    AchievementEntry, AuthTokens, ProfileView, SpecializationEntry, UserView,
};
use practicum_domain::clock::to_datetime;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterRequest {
    #[schema(example = "ada@example.org")]
    pub email: Option<String>,
    /// Optional login name (3..=32 of letters, digits, `.`, `_`, `-`).
    pub username: Option<String>,
    /// 8..=128 characters, not a common password.
    #[schema(example = "correct-h0rse")]
    pub password: String,
    #[schema(example = "Ada Lovelace")]
    pub full_name: Option<String>,
    /// The adaptive-learning track to follow (`GET /tracks`): the learner starts at its
    /// `trainee_0` right away. Unknown or unpublished is 422. Without it, the default
    /// track applies on the first adaptive request (or choose later with
    /// `POST /progress/track`).
    #[schema(example = "ml-engineer")]
    pub track_slug: Option<String>,
}

/// Login with JSON: `username` may be an e-mail or a username; `email` is accepted too.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub username: Option<String>,
    pub email: Option<String>,
    pub password: String,
}

/// Login with an OAuth2 password form (`grant_type=password`), as OAuth2 clients send it.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginForm {
    pub username: String,
    pub password: String,
    pub grant_type: Option<String>,
    pub scope: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    #[schema(example = "bearer")]
    pub token_type: &'static str,
    /// Absent when the request asked for the cookie transport (`X-Session-Transport:
    /// cookie`): the refresh token is then in an `HttpOnly` cookie, out of script's reach.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Lifetime of the access token in seconds.
    pub expires_in: i64,
    /// `user`, or `admin` for tokens from `/admin/login`.
    pub scope: &'static str,
    pub user: UserResponse,
}

impl From<AuthTokens> for TokenResponse {
    fn from(t: AuthTokens) -> Self {
        Self {
            access_token: t.access_token,
            token_type: "bearer",
            refresh_token: Some(t.refresh_token),
            expires_in: t.expires_in,
            scope: t.scope.as_str(),
            user: t.user.into(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserResponse {
    pub user_id: i64,
    pub email: Option<String>,
    pub username: Option<String>,
    pub full_name: String,
    /// `student`, `teacher`, `producer` or `admin`.
    pub role: &'static str,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
}

impl From<UserView> for UserResponse {
    fn from(u: UserView) -> Self {
        Self {
            user_id: u.user_id.0,
            email: u.email,
            username: u.username,
            full_name: u.full_name,
            role: u.role.as_str(),
            is_active: u.is_active,
            created_at: to_datetime(u.created_at),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema, Default)]
pub struct RefreshRequest {
    /// Required, unless the session travels in the cookie (`X-Session-Transport: cookie`,
    /// body `{}`).
    pub refresh_token: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema, Default)]
pub struct LogoutRequest {
    /// Ends this session (its refresh family and the access token of the request);
    /// omitted, every session of the account ends (every access token too).
    pub refresh_token: Option<String>,
}

/// `POST /auth/change-password`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    /// At least 8 characters (the registration policy).
    pub new_password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EmailRequest {
    pub email: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CheckEmailResponse {
    pub exists: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MessageResponse {
    pub message: &'static str,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetPasswordRequest {
    /// The token from the e-mailed link.
    pub token: String,
    pub new_password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateMeRequest {
    pub full_name: Option<String>,
    pub username: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UsersQuery {
    /// Only accounts with this role.
    pub role: Option<String>,
    /// Substring of e-mail, username or name.
    pub search: Option<String>,
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u32>,
}

page_response!(UserPage of UserResponse);

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateUserRequest {
    pub role: Option<String>,
    pub is_active: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SpecializationResponse {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

impl From<SpecializationEntry> for SpecializationResponse {
    fn from(s: SpecializationEntry) -> Self {
        Self {
            id: s.id,
            slug: s.slug,
            name: s.name,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateSpecializationRequest {
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AchievementResponse {
    pub id: i64,
    pub code: String,
    pub title: String,
    pub description: String,
    pub awarded_at: DateTime<Utc>,
}

impl From<AchievementEntry> for AchievementResponse {
    fn from(a: AchievementEntry) -> Self {
        Self {
            id: a.id,
            code: a.code,
            title: a.title,
            description: a.description,
            awarded_at: to_datetime(a.awarded_at),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AwardAchievementRequest {
    pub code: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileResponse {
    pub user_id: i64,
    pub slug: String,
    pub full_name: String,
    pub role: &'static str,
    pub bio: String,
    /// Visible to the owner and admins only.
    pub phone: Option<String>,
    pub social_links: BTreeMap<String, String>,
    pub avatar_url: Option<String>,
    /// Average rating over the visible reviews of the teacher's published courses; null
    /// until such a review exists.
    pub rating: Option<f64>,
    /// How many reviews `rating` averages.
    pub rating_count: i64,
    pub specializations: Vec<SpecializationResponse>,
    pub achievements: Vec<AchievementResponse>,
    pub updated_at: DateTime<Utc>,
}

impl From<ProfileView> for ProfileResponse {
    fn from(p: ProfileView) -> Self {
        Self {
            user_id: p.user_id.0,
            slug: p.slug,
            full_name: p.full_name,
            role: p.role.as_str(),
            bio: p.bio,
            phone: p.phone,
            social_links: p.social_links,
            avatar_url: p.avatar_url,
            rating: p.rating,
            rating_count: p.rating_count,
            specializations: p.specializations.into_iter().map(Into::into).collect(),
            achievements: p.achievements.into_iter().map(Into::into).collect(),
            updated_at: to_datetime(p.updated_at),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateProfileRequest {
    /// New profile address (3..=60 of lowercase letters, digits and `-`).
    pub slug: Option<String>,
    pub bio: Option<String>,
    /// E.164, e.g. `+4915112345678`; an empty string clears it.
    pub phone: Option<String>,
    /// `{network: https-url}` for github, gitlab, linkedin, telegram, twitter, website, youtube.
    pub social_links: Option<BTreeMap<String, String>>,
    /// Specialization slugs; replaces the current list.
    pub specializations: Option<Vec<String>>,
}

/// Multipart body of an avatar upload.
#[derive(Debug, ToSchema)]
pub struct AvatarForm {
    /// PNG, JPEG or WebP, at most 1 MiB.
    #[schema(format = Binary, value_type = String)]
    pub avatar: Vec<u8>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProfilesQuery {
    /// Substring of the full name (case-insensitive).
    pub search: Option<String>,
    /// Only accounts with this role (`student`, `teacher`, `producer`, `admin`).
    pub role: Option<String>,
    /// Only profiles listing this specialization (its slug).
    pub specialization: Option<String>,
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u32>,
}

/// A profile as the public directory lists it (no phone, no achievements).
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileSummaryResponse {
    pub user_id: i64,
    pub slug: String,
    pub full_name: String,
    pub role: &'static str,
    pub bio: String,
    pub avatar_url: Option<String>,
    /// Average rating over the visible reviews of the user's published courses.
    pub rating: Option<f64>,
    pub rating_count: i64,
    pub specializations: Vec<SpecializationResponse>,
}

impl From<ProfileView> for ProfileSummaryResponse {
    fn from(p: ProfileView) -> Self {
        Self {
            user_id: p.user_id.0,
            slug: p.slug,
            full_name: p.full_name,
            role: p.role.as_str(),
            bio: p.bio,
            avatar_url: p.avatar_url,
            rating: p.rating,
            rating_count: p.rating_count,
            specializations: p.specializations.into_iter().map(Into::into).collect(),
        }
    }
}

page_response! {
    /// One page of the profile directory.
    ProfilePage of ProfileSummaryResponse
}
