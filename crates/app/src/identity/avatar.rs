//! Profile pictures: the owner uploads one, anyone reads it.

use practicum_store::identity::profiles::{self, ProfileKey};

use super::{profiles::view, Actor, ProfileView};
use crate::ErrorCode;
use crate::{upload::ImageUpload, App, AppError};

impl App {
    /// Stores the caller's avatar. The bytes must be a PNG, JPEG or WebP image, whatever
    /// the client declared, and at most [`crate::upload::IMAGE_MAX_BYTES`].
    pub async fn upload_avatar(
        &self,
        actor: &Actor,
        upload: ImageUpload,
    ) -> Result<ProfileView, AppError> {
        let image = upload.check("avatar")?;
        let mut tx = self.db.write().await?;
        profiles::put_avatar(
            &mut tx,
            actor.id,
            image.format().content_type(),
            image.bytes(),
            self.now_ms(),
        )
        .await?;
        let p = profiles::find(&mut tx, ProfileKey::User(actor.id))
            .await?
            .ok_or(AppError::NotFound(ErrorCode::ProfileNotFound))?;
        tx.commit().await?;
        Ok(view(p, true))
    }

    pub async fn get_avatar(&self, slug: &str) -> Result<(String, Vec<u8>), AppError> {
        let mut conn = self.db.read_lagging().await?;
        profiles::get_avatar(&mut conn, slug)
            .await?
            .ok_or(AppError::NotFound(ErrorCode::AvatarNotFound))
    }
}
