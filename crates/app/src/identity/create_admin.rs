use practicum_domain::{
    identity::{Email, FullName, PlainPassword, Role, Slug},
    FieldErrors,
};
use practicum_store::identity::{profiles, users};

use super::UserView;
use crate::ErrorCode;
use crate::{App, AppError, OnViolation};

/// What `practicum admin create` and `demo` ask for.
#[derive(Debug)]
pub struct EnsureAdmin {
    pub email: String,
    pub password: String,
    pub full_name: String,
}

impl App {
    /// Creates an admin account. An existing account with this e-mail is 409: promoting
    /// someone is done through `PATCH /accounts/users/{id}` by an admin.
    pub async fn create_admin(&self, input: EnsureAdmin) -> Result<UserView, AppError> {
        self.create_user_with_role(input, Role::Admin).await
    }

    /// Creates an account with a given role (CLI, demo seeding). Same checks as sign-up.
    pub async fn create_user_with_role(
        &self,
        input: EnsureAdmin,
        role: Role,
    ) -> Result<UserView, AppError> {
        let mut errors = FieldErrors::new();
        let email = errors.check("email", Email::parse(&input.email));
        let password = errors.check("password", PlainPassword::new_checked(&input.password));
        let name = errors.check("full_name", FullName::parse(&input.full_name));
        errors.into_result()?;
        let (Some(email), Some(password), Some(name)) = (email, password, name) else {
            return Err(AppError::internal("validated fields missing"));
        };
        let hash = self.hasher.hash(&password).await?;
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        let new = users::NewUser {
            email: Some(email.as_str()),
            username: None,
            full_name: name.as_str(),
            password_hash: &hash,
            role,
            now,
        };
        let id = users::insert(&mut tx, &new).await.conflict_on(
            "users_email_norm_key",
            ErrorCode::EmailTaken,
            "an account with this e-mail already exists",
        )?;
        profiles::insert_with_unique_slug(&mut tx, id, Slug::derive(name.as_str()).as_str(), now)
            .await?;
        let user = users::find_by_id(&mut tx, id)
            .await?
            .ok_or_else(|| AppError::internal("user vanished"))?;
        tx.commit().await?;
        Ok(user.into())
    }
}
