use practicum_domain::identity::{Role, UserId};
use practicum_store::identity::users;

use super::{Actor, UserView};
use crate::ErrorCode;
use crate::{App, AppError, Page, PageRequest};

/// Filters of `GET /accounts/users`.
#[derive(Debug, Default)]
pub struct UserFilter {
    pub role: Option<Role>,
    pub search: Option<String>,
}

/// `PATCH /accounts/users/{id}`.
#[derive(Debug, Default)]
pub struct UserChanges {
    pub role: Option<Role>,
    pub is_active: Option<bool>,
}

impl App {
    pub async fn list_users(
        &self,
        actor: &Actor,
        filter: UserFilter,
        page: PageRequest,
    ) -> Result<Page<UserView>, AppError> {
        actor.require(&[Role::Admin])?;
        let mut conn = self.db.read().await?;
        let search = filter
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let (rows, total) =
            users::list(&mut conn, filter.role, search, page.limit(), page.offset()).await?;
        Ok(Page::new(rows, total, page).convert())
    }

    pub async fn get_user(&self, actor: &Actor, id: UserId) -> Result<UserView, AppError> {
        actor.require(&[Role::Admin])?;
        let mut conn = self.db.read().await?;
        users::find_by_id(&mut conn, id)
            .await?
            .map(UserView::from)
            .ok_or(AppError::NotFound(ErrorCode::UserNotFound))
    }

    /// Changes a role or (de)activates an account. Admins cannot demote or deactivate
    /// themselves, so the platform never loses its last admin by accident.
    pub async fn update_user(
        &self,
        actor: &Actor,
        id: UserId,
        changes: UserChanges,
    ) -> Result<UserView, AppError> {
        actor.require(&[Role::Admin])?;
        let self_lockout =
            changes.is_active == Some(false) || changes.role.is_some_and(|r| r != Role::Admin);
        if id == actor.id && self_lockout {
            return Err(AppError::conflict(
                ErrorCode::CannotChangeOwnAdmin,
                "admins cannot demote or deactivate their own account",
            ));
        }
        if changes.is_active == Some(true) && self.is_erased(id).await? {
            return Err(AppError::conflict(
                ErrorCode::AccountErased,
                "this account's personal data was erased; it cannot be reactivated",
            ));
        }
        let mut tx = self.db.write().await?;
        if !users::update_admin(&mut tx, id, changes.role, changes.is_active, self.now_ms()).await?
        {
            return Err(AppError::NotFound(ErrorCode::UserNotFound));
        }
        if changes.is_active == Some(false) {
            practicum_store::identity::tokens::revoke_all_for_user(&mut tx, id, self.now_ms())
                .await?;
        }
        if changes.is_active == Some(false) || changes.role.is_some() {
            // Open sockets re-check: a deactivated account's close, and so do those
            // opened under the old role (they reconnect with the new one).
            self.sessions_changed(&mut tx, id).await?;
        }
        let user = users::find_by_id(&mut tx, id)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::UserNotFound))?;
        tx.commit().await?;
        tracing::info!(admin_id = %actor.id, user_id = %id, role = ?changes.role, is_active = ?changes.is_active, "account changed by admin");
        Ok(user.into())
    }
}
