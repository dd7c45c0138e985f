//! Images people upload (avatars, course covers): what the bytes are is read from the
//! bytes themselves, never taken from what the client declared.

use std::fmt;

/// The image formats accepted for uploads: the ones every browser shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
    Webp,
}

impl ImageFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Webp => "image/webp",
        }
    }

    /// The format from the file's magic bytes.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageFormat::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageFormat::Jpeg)
        } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(ImageFormat::Webp)
        } else {
            None
        }
    }
}

impl fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.content_type())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    #[error("must be at most {0} bytes")]
    TooLarge(usize),
    #[error("must be a PNG, JPEG or WebP image")]
    NotAnImage,
    #[error("declared as {declared} but the file is {actual}")]
    Mismatch {
        declared: String,
        actual: ImageFormat,
    },
}

/// An uploaded image that passed the checks: at most the given size, a PNG, JPEG or
/// WebP by its magic bytes, and of the type the client declared (when it declared one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedImage {
    format: ImageFormat,
    bytes: Vec<u8>,
}

impl UploadedImage {
    pub fn parse(
        declared_type: Option<&str>,
        bytes: Vec<u8>,
        max_bytes: usize,
    ) -> Result<Self, ImageError> {
        if bytes.len() > max_bytes {
            return Err(ImageError::TooLarge(max_bytes));
        }
        let format = ImageFormat::sniff(&bytes).ok_or(ImageError::NotAnImage)?;
        if let Some(declared) = declared_type {
            if declared != format.content_type() {
                return Err(ImageError::Mismatch {
                    declared: declared.to_owned(),
                    actual: format,
                });
            }
        }
        Ok(Self { format, bytes })
    }

    pub fn format(&self) -> ImageFormat {
        self.format
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n rest";

    #[test]
    fn the_bytes_decide() {
        let img = UploadedImage::parse(Some("image/png"), PNG.to_vec(), 100).unwrap();
        assert_eq!(img.format(), ImageFormat::Png);
        assert_eq!(img.bytes(), PNG);
        assert!(UploadedImage::parse(None, PNG.to_vec(), 100).is_ok());
        assert_eq!(
            UploadedImage::parse(Some("image/jpeg"), PNG.to_vec(), 100)
                .unwrap_err()
                .to_string(),
            "declared as image/jpeg but the file is image/png"
        );
        assert_eq!(
            UploadedImage::parse(Some("image/png"), b"<svg onload=alert(1)>".to_vec(), 100),
            Err(ImageError::NotAnImage)
        );
        assert_eq!(
            UploadedImage::parse(None, PNG.to_vec(), 5),
            Err(ImageError::TooLarge(5))
        );
        assert_eq!(
            ImageFormat::sniff(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(ImageFormat::Webp)
        );
        assert_eq!(
            ImageFormat::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(ImageFormat::Jpeg)
        );
        assert_eq!(ImageFormat::sniff(b"GIF89a"), None);
    }
}
