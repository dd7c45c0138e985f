use practicum_domain::{
    identity::{FullName, Username},
    FieldErrors,
};
use practicum_store::identity::users;

use super::{Actor, UserView};
use crate::ErrorCode;
use crate::{App, AppError, OnViolation};

/// `PATCH /auth/me`: fields the owner may change.
#[derive(Debug, Default)]
pub struct MeChanges {
    pub full_name: Option<String>,
    pub username: Option<String>,
}

impl App {
    pub async fn get_me(&self, actor: &Actor) -> Result<UserView, AppError> {
        let mut conn = self.db.read().await?;
        let user = users::find_by_id(&mut conn, actor.id).await?;
        user.map(UserView::from)
            .ok_or(AppError::NotFound(ErrorCode::UserNotFound))
    }

    pub async fn update_me(&self, actor: &Actor, changes: MeChanges) -> Result<UserView, AppError> {
        let mut errors = FieldErrors::new();
        let full_name = changes
            .full_name
            .as_deref()
            .and_then(|n| errors.check("full_name", FullName::parse(n)));
        let username = changes
            .username
            .as_deref()
            .and_then(|u| errors.check("username", Username::parse(u)));
        errors.into_result()?;
        let mut tx = self.db.write().await?;
        let own = users::OwnChanges {
            full_name: full_name.as_ref().map(FullName::as_str),
            username: username.as_ref().map(Username::as_str),
        };
        users::update_own(&mut tx, actor.id, &own, self.now_ms())
            .await
            .conflict_on(
                "users_username_norm_key",
                ErrorCode::UsernameTaken,
                "this username is already taken",
            )?;
        let user = users::find_by_id(&mut tx, actor.id)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::UserNotFound))?;
        self.commit_catalog_change(tx).await?;
        Ok(user.into())
    }
}
