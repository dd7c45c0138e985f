use practicum_auth::Scope;
use practicum_domain::{
    identity::{Email, FullName, PlainPassword, Role, Slug, Username},
    FieldErrors,
};
use practicum_store::identity::{profiles, users};

use super::{AuthTokens, UserView};
use crate::ErrorCode;
use crate::{adaptive::placement_for, App, AppError};

/// `POST /auth/register`. `email` or `username` (or both) identify the account.
#[derive(Debug)]
pub struct RegisterInput {
    pub email: Option<String>,
    pub username: Option<String>,
    pub password: String,
    pub full_name: Option<String>,
    pub role: Role,
    /// The adaptive track to follow (its slug). When given, the learner is placed at its
    /// `trainee_0` in the registration's transaction; unknown or not open is 422.
    /// Without it the default track applies on the first adaptive request.
    pub track_slug: Option<String>,
}

impl App {
    /// Creates an account with its public profile (and, with `track_slug`, its placement
    /// on that adaptive track) and signs it in, in one transaction.
    /// A taken e-mail or username is 409 — checked first for a clear answer, and held by
    /// the unique constraints when registrations race.
    pub async fn register_user(&self, input: RegisterInput) -> Result<AuthTokens, AppError> {
        let mut errors = FieldErrors::new();
        let email = match input.email.as_deref() {
            Some(e) => errors.check("email", Email::parse(e)),
            None if input.username.is_none() => {
                errors.push("email", "is required");
                None
            }
            None => None,
        };
        let username = input
            .username
            .as_deref()
            .and_then(|u| errors.check("username", Username::parse(u)));
        let password = errors.check("password", PlainPassword::new_checked(&input.password));
        let default_name = username
            .as_ref()
            .map(|u| u.as_str().to_owned())
            .unwrap_or_default();
        let full_name = errors.check(
            "full_name",
            FullName::parse(input.full_name.as_deref().unwrap_or(&default_name)),
        );
        errors.into_result()?;
        let (Some(password), Some(full_name)) = (password, full_name) else {
            return Err(AppError::internal("validated fields missing"));
        };

        let hash = self.hasher.hash(&password).await?;
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let placement = match input.track_slug.as_deref() {
            Some(slug) => Some(placement_for(&mut tx, slug).await?),
            None => None,
        };
        if let Some(e) = &email {
            if users::email_exists(&mut tx, &e.normalized()).await? {
                return Err(email_taken());
            }
        }
        let id = users::insert(
            &mut tx,
            &users::NewUser {
                email: email.as_ref().map(Email::as_str),
                username: username.as_ref().map(Username::as_str),
                full_name: full_name.as_str(),
                password_hash: &hash,
                role: input.role,
                now,
            },
        )
        .await
        .map_err(|e| {
            if e.is_unique("users_email_norm_key") {
                email_taken()
            } else if e.is_unique("users_username_norm_key") {
                AppError::conflict(ErrorCode::UsernameTaken, "this username is already taken")
            } else {
                e.into()
            }
        })?;
        let base = Slug::derive(
            username
                .as_ref()
                .map_or(full_name.as_str(), Username::as_str),
        );
        profiles::insert_with_unique_slug(&mut tx, id, base.as_str(), now).await?;
        if let Some(at) = &placement {
            self.place_on_track(&mut tx, id, at).await?;
        }
        let user = users::find_by_id(&mut tx, id)
            .await?
            .ok_or_else(|| AppError::internal("user vanished"))?;
        let version = user.token_version;
        let tokens = self
            .issue_session(&mut tx, UserView::from(user), version, Scope::User, None)
            .await?;
        tx.commit().await?;
        tracing::info!(user_id = %id, "account registered");
        Ok(tokens)
    }
}

fn email_taken() -> AppError {
    AppError::conflict(
        ErrorCode::EmailTaken,
        "an account with this e-mail already exists",
    )
}
