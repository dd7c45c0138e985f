//! The specializations a profile can list: anyone reads them, admins add one.

use practicum_domain::{
    identity::{Role, Slug},
    FieldErrors,
};
use practicum_store::identity::profiles;

use super::{Actor, SpecializationEntry};
use crate::ErrorCode;
use crate::{App, AppError, OnViolation};

impl App {
    pub async fn list_specializations(&self) -> Result<Vec<SpecializationEntry>, AppError> {
        let mut conn = self.db.read_lagging().await?;
        Ok(profiles::list_specializations(&mut conn)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    pub async fn create_specialization(
        &self,
        actor: &Actor,
        name: &str,
    ) -> Result<SpecializationEntry, AppError> {
        actor.require(&[Role::Admin])?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(FieldErrors::single("name", "must be 1..=80 characters").into());
        }
        let slug = Slug::derive(name);
        let mut tx = self.db.write().await?;
        let rec = profiles::insert_specialization(&mut tx, slug.as_str(), name)
            .await
            .conflict_on(
                "specializations_slug_key",
                ErrorCode::SpecializationExists,
                "this specialization already exists",
            )?;
        tx.commit().await?;
        Ok(rec.into())
    }
}
