use practicum_auth::{Scope, Verified};
use practicum_domain::identity::{PlainPassword, Role};
use practicum_store::identity::users;

use super::{AuthTokens, UserView};
use crate::ErrorCode;
use crate::{App, AppError};

#[derive(Debug)]
pub struct LoginInput {
    /// E-mail or username.
    pub login: String,
    pub password: String,
}

fn bad_credentials() -> AppError {
    AppError::unauthorized(ErrorCode::InvalidCredentials, "incorrect login or password")
}

impl App {
    /// Signs in with e-mail or username. Unknown account, wrong password and deactivated
    /// account all answer the same 401 after the same amount of hashing work. A legacy
    /// bcrypt hash is replaced by argon2id on success. `Scope::Admin` (from `/admin/login`)
    /// is only granted to admins.
    pub async fn log_in(&self, input: LoginInput, scope: Scope) -> Result<AuthTokens, AppError> {
        let password = PlainPassword::for_login(&input.password);
        let user = {
            let mut conn = self.db.read().await?;
            users::find_by_login(&mut conn, &input.login).await?
        };
        let Some(user) = user else {
            self.hasher.verify_dummy(&password).await?;
            return Err(bad_credentials());
        };
        let verified = self.hasher.verify(&password, &user.password_hash).await?;
        if verified == Verified::No || !user.is_active {
            return Err(bad_credentials());
        }
        if scope == Scope::Admin && user.role != Role::Admin {
            return Err(bad_credentials());
        }
        let mut tx = self.db.write().await?;
        if let Verified::YesRehash(new_hash) = &verified {
            users::upgrade_password_hash(&mut tx, user.id, &user.password_hash, new_hash).await?;
            tracing::info!(user_id = %user.id, "password hash upgraded to argon2id");
        }
        let version = user.token_version;
        let tokens = self
            .issue_session(&mut tx, UserView::from(user), version, scope, None)
            .await?;
        tx.commit().await?;
        Ok(tokens)
    }
}
