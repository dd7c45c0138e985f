//! `DELETE /accounts/users/{id}` (an administrator erases an account) and
//! `GET /accounts/me/export` (a user downloads everything stored about them).

use practicum_domain::identity::{Role, UserId};
use practicum_store::identity::{personal_data, tokens};

use super::Actor;
use crate::ErrorCode;
use crate::{App, AppError};

impl App {
    /// Deactivates `id` and replaces its personal data in one transaction (see
    /// `practicum_store::identity::personal_data::erase`): the account can no longer log
    /// in, its sessions and live sockets end, and its learning records stay, anonymous.
    /// Admin only; an admin cannot erase their own account (409); unknown id 404.
    /// Erasing an erased account again changes nothing.
    pub async fn erase_user(&self, actor: &Actor, id: UserId) -> Result<(), AppError> {
        actor.require(&[Role::Admin])?;
        if id == actor.id {
            return Err(AppError::conflict(
                ErrorCode::CannotEraseOwnAccount,
                "admins cannot erase their own account",
            ));
        }
        let now = self.now_ms();
        let mut tx = self.db.write().await?;
        tokens::revoke_all_for_user(&mut tx, id, now).await?;
        if !personal_data::erase(&mut tx, id, now).await? {
            return Err(AppError::NotFound(ErrorCode::UserNotFound));
        }
        self.sessions_changed(&mut tx, id).await?;
        self.commit_catalog_change(tx).await?;
        tracing::info!(admin_id = %actor.id, user_id = %id, "account erased by admin");
        Ok(())
    }

    /// Everything stored about the caller, as one JSON document.
    pub async fn export_my_data(&self, actor: &Actor) -> Result<serde_json::Value, AppError> {
        let mut tx = self.db.write().await?;
        let data = personal_data::export(&mut tx, actor.id)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::UserNotFound))?;
        tx.commit().await?;
        Ok(serde_json::json!({
            "format": "practicum-export/1",
            "exported_at": practicum_domain::clock::to_datetime(self.now_ms()),
            "timestamps": "milliseconds since 1970-01-01 UTC, as stored",
            "data": data,
        }))
    }

    /// Whether `id` was erased (reactivation is refused for those).
    pub(crate) async fn is_erased(&self, id: UserId) -> Result<bool, AppError> {
        let mut conn = self.db.read().await?;
        Ok(personal_data::is_erased(&mut conn, id).await?)
    }
}
