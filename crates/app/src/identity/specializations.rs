//! The specializations a profile can list: anyone reads them, admins add one.

use practicum_domain::{
    identity::{Role, Slug},
    FieldErrors,
};
use practicum_store::identity::profiles::{self, SpecializationRecord};

use super::Actor;
use crate::ErrorCode;
use crate::{App, AppError};

impl App {
    pub async fn list_specializations(&self) -> Result<Vec<SpecializationRecord>, AppError> {
        let mut conn = self.db.read_lagging().await?;
        Ok(profiles::list_specializations(&mut conn).await?)
    }

    pub async fn create_specialization(
        &self,
        actor: &Actor,
        name: &str,
    ) -> Result<SpecializationRecord, AppError> {
        actor.require(&[Role::Admin])?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(FieldErrors::single("name", "must be 1..=80 characters").into());
        }
        let slug = Slug::derive(name);
        let mut tx = self.db.write().await?;
        let rec = profiles::insert_specialization(&mut tx, slug.as_str(), name)
            .await
            .map_err(|e| {
                if e.is_unique("specializations_slug_key") {
                    AppError::conflict(
                        ErrorCode::SpecializationExists,
                        "this specialization already exists",
                    )
                } else {
                    e.into()
                }
            })?;
        tx.commit().await?;
        Ok(rec)
    }
}
