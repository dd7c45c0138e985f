//! An image as a client uploads it (a multipart file field), checked the same way for
//! every kind of upload: avatars, course covers.

use practicum_domain::{image::UploadedImage, FieldErrors};

/// An uploaded file before its checks.
#[derive(Debug)]
pub struct ImageUpload {
    pub declared_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// Uploaded images are small; anything larger is refused by these checks (and with 413
/// by `api` when the whole body passes `MAX_BODY_BYTES`).
pub const IMAGE_MAX_BYTES: usize = 1024 * 1024;

impl ImageUpload {
    /// A PNG, JPEG or WebP image by its bytes, of the declared type, at most
    /// [`IMAGE_MAX_BYTES`]; otherwise a 422 on `field`.
    pub(crate) fn check(self, field: &str) -> Result<UploadedImage, FieldErrors> {
        UploadedImage::parse(self.declared_type.as_deref(), self.bytes, IMAGE_MAX_BYTES)
            .map_err(|e| FieldErrors::single(field, e.to_string()))
    }
}
