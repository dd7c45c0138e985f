//! Bytes → model input tensor, the same pipeline as the reference (torchvision / PIL):
//! decode → EXIF orientation → RGB8 → resize short side → center crop → `/255` →
//! `(x - mean) / std` → CHW `f32`.
//!
//! Untrusted input: the format is sniffed from the bytes (never from a file name), the
//! dimensions are read from the header and checked *before* any pixel buffer is
//! allocated, and the decoder runs under [`image::Limits`] as a second line of defence.

use std::io::Cursor;
use std::time::{Duration, Instant};

use fast_image_resize as fir;
use image::metadata::Orientation;
use image::{
    ColorType, DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, RgbImage,
};
use ndarray::Array3;

use crate::error::InputError;

/// Sizes and normalisation of one model's input, plus the safety limits.
#[derive(Debug, Clone, PartialEq)]
pub struct PreprocessConfig {
    /// The short side is resized to this many pixels (256 for ImageNet models).
    pub resize_short_side: u32,
    /// Side of the square center crop fed to the model (224).
    pub crop: u32,
    /// Per-channel mean on the 0..1 scale (RGB).
    pub mean: [f32; 3],
    /// Per-channel standard deviation on the 0..1 scale (RGB).
    pub std: [f32; 3],
    /// Largest `width * height` decoded; above it the input is a decompression bomb.
    pub max_pixels: u64,
    /// Largest upload in bytes.
    pub max_input_bytes: usize,
}

impl Default for PreprocessConfig {
    /// ImageNet defaults; 40 megapixels (a 120 MB RGB buffer at most) and 20 MB uploads.
    fn default() -> Self {
        Self {
            resize_short_side: 256,
            crop: 224,
            mean: [0.485, 0.456, 0.406],
            std: [0.229, 0.224, 0.225],
            max_pixels: 40_000_000,
            max_input_bytes: 20 * 1024 * 1024,
        }
    }
}

/// A decoded, normalised image ready for [`crate::InferencePool::classify`].
#[derive(Debug, Clone)]
pub struct PreprocessedImage {
    /// `[3, crop, crop]`, channels RGB, normalised.
    pub tensor: Array3<f32>,
    /// Width of the decoded image after EXIF orientation (what a viewer shows).
    pub width: u32,
    /// Height of the decoded image after EXIF orientation.
    pub height: u32,
    /// The sniffed format.
    pub format: ImageFormat,
    /// Decode + preprocessing wall time (recorded separately from inference).
    pub elapsed: Duration,
}

/// Formats decoded here. Others are recognised by signature and refused as unsupported.
const SUPPORTED: [ImageFormat; 3] = [ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::WebP];

/// A buffer above this many bytes is freed after use rather than kept for the next image
/// (2 MiB: the decoded pixels of an image up to about 800 × 800), so that one large
/// upload does not stay resident for good.
const KEEP_AT_MOST: usize = 2 << 20;

/// The working memory of [`preprocess_into`], kept from one image to the next by a caller
/// that preprocesses many (one per worker): the decoded pixels, the resized image and the
/// resizer's intermediate rows. Reusing them keeps the request path off the allocator
/// for these blocks, which are above glibc's mmap threshold (128 KiB in the service's
/// environment) for any photo, so each one would otherwise be mapped, faulted in page by
/// page and unmapped on every request.
#[derive(Default)]
pub struct PreprocessBuffers {
    decoded: Vec<u8>,
    resized: Vec<u8>,
    resizer: fir::Resizer,
}

impl std::fmt::Debug for PreprocessBuffers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreprocessBuffers")
            .field("decoded", &self.decoded.capacity())
            .field("resized", &self.resized.capacity())
            .field("resizer", &self.resizer.size_of_internal_buffers())
            .finish()
    }
}

impl PreprocessBuffers {
    /// Frees whatever grew above [`KEEP_AT_MOST`].
    fn trim(&mut self) {
        for buffer in [&mut self.decoded, &mut self.resized] {
            if buffer.capacity() > KEEP_AT_MOST {
                *buffer = Vec::new();
            }
        }
        if self.resizer.size_of_internal_buffers() > KEEP_AT_MOST {
            self.resizer.reset_internal_buffers();
        }
    }
}

/// Decodes and preprocesses one uploaded image.
///
/// # Errors
/// An [`InputError`] saying what is wrong with the bytes; never panics on any input.
pub fn preprocess(
    bytes: &[u8],
    config: &PreprocessConfig,
) -> Result<PreprocessedImage, InputError> {
    preprocess_into(bytes, config, &mut PreprocessBuffers::default(), Vec::new())
}

/// [`preprocess`] with reused working memory, writing the tensor into `tensor`'s
/// allocation (any contents are overwritten; pass `Vec::new()` for a fresh one, or a
/// tensor the pool is done with, see [`crate::InferencePool::spare_tensor`]).
/// The result is the same as [`preprocess`]'s whatever `buffers` and `tensor` held.
///
/// # Errors
/// As [`preprocess`].
pub fn preprocess_into(
    bytes: &[u8],
    config: &PreprocessConfig,
    buffers: &mut PreprocessBuffers,
    tensor: Vec<f32>,
) -> Result<PreprocessedImage, InputError> {
    let started = Instant::now();
    let result = preprocess_with(bytes, config, buffers, tensor);
    buffers.trim();
    let (tensor, width, height, format) = result?;
    Ok(PreprocessedImage {
        tensor,
        width,
        height,
        format,
        elapsed: started.elapsed(),
    })
}

fn preprocess_with(
    bytes: &[u8],
    config: &PreprocessConfig,
    buffers: &mut PreprocessBuffers,
    tensor: Vec<f32>,
) -> Result<(Array3<f32>, u32, u32, ImageFormat), InputError> {
    let (decoded, format) = decode_reusing(bytes, config, &mut buffers.decoded)?;
    let (width, height, pixels) = match &decoded {
        Decoded::Image(image) => (image.width(), image.height(), image.as_raw().as_slice()),
        Decoded::InBuffer { width, height } => (*width, *height, buffers.decoded.as_slice()),
    };
    let (new_w, new_h) = resize_short_side(
        (pixels, width, height),
        config.resize_short_side,
        &mut buffers.resized,
        &mut buffers.resizer,
    )?;
    let tensor = crop_normalize((buffers.resized.as_slice(), new_w, new_h), config, tensor);
    Ok((tensor, width, height, format))
}

/// Sniffs, checks the declared size, decodes under limits and applies EXIF orientation.
///
/// # Errors
/// See [`preprocess`].
pub fn decode(
    bytes: &[u8],
    config: &PreprocessConfig,
) -> Result<(RgbImage, ImageFormat), InputError> {
    let mut buffer = Vec::new();
    let (decoded, format) = decode_reusing(bytes, config, &mut buffer)?;
    let image = match decoded {
        Decoded::Image(image) => image,
        Decoded::InBuffer { width, height } => {
            RgbImage::from_raw(width, height, buffer).ok_or(InputError::Truncated)?
        }
    };
    Ok((image, format))
}

/// Where [`decode_reusing`] left the upright RGB8 pixels.
enum Decoded {
    /// In the caller's buffer (`width * height * 3` bytes): the image was stored as RGB8
    /// and upright, the common case of a JPEG photo.
    InBuffer { width: u32, height: u32 },
    /// In a new image: any other pixel format, or an EXIF orientation to apply.
    Image(RgbImage),
}

/// [`decode`], writing the pixels into `buffer` when they need no conversion.
fn decode_reusing(
    bytes: &[u8],
    config: &PreprocessConfig,
    buffer: &mut Vec<u8>,
) -> Result<(Decoded, ImageFormat), InputError> {
    if bytes.is_empty() {
        return Err(InputError::Empty);
    }
    if bytes.len() > config.max_input_bytes {
        return Err(InputError::TooLarge {
            limit: config.max_input_bytes,
        });
    }
    let format = image::guess_format(bytes).map_err(|_| InputError::NotAnImage)?;
    if !SUPPORTED.contains(&format) {
        return Err(InputError::Unsupported(format_name(format)));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    // Our own dimension check comes first; the decoder limits are applied just after it.
    reader.no_limits();
    let mut decoder = reader.into_decoder().map_err(header_error)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > config.max_pixels {
        return Err(InputError::DecompressionBomb { width, height });
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    // The output buffer (at most 16 bytes a pixel for RGBA32F) plus decoder scratch.
    limits.max_alloc = Some(
        config
            .max_pixels
            .saturating_mul(16)
            .saturating_add(64 << 20),
    );
    decoder
        .set_limits(limits)
        .map_err(|_| InputError::DecompressionBomb { width, height })?;
    // A broken EXIF block is not worth refusing the image for: keep it upright-as-stored.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let decoded =
        if decoder.color_type() == ColorType::Rgb8 && orientation == Orientation::NoTransforms {
            // What `DynamicImage::from_decoder` does for RGB8, into the reused buffer (the
            // size is bounded by `max_pixels` above).
            let len = usize::try_from(decoder.total_bytes())
                .map_err(|_| InputError::DecompressionBomb { width, height })?;
            buffer.clear();
            buffer.resize(len, 0);
            decoder
                .read_image(buffer)
                .map_err(|e| body_error(e, width, height))?;
            Decoded::InBuffer { width, height }
        } else {
            let mut image =
                DynamicImage::from_decoder(decoder).map_err(|e| body_error(e, width, height))?;
            image.apply_orientation(orientation);
            Decoded::Image(image.into_rgb8())
        };
    if format == ImageFormat::Jpeg && jpeg_is_truncated(bytes) {
        // zune-jpeg fills missing scan data with grey instead of failing.
        return Err(InputError::Truncated);
    }
    Ok((decoded, format))
}

fn format_name(format: ImageFormat) -> String {
    format
        .extensions_str()
        .first()
        .map_or_else(|| format!("{format:?}"), |ext| ext.to_uppercase())
}

/// An error while reading the header: the bytes start like an image but are not one,
/// unless they simply end too early.
fn header_error(error: ImageError) -> InputError {
    match error {
        ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            InputError::Truncated
        }
        _ => InputError::NotAnImage,
    }
}

/// An error while decoding pixel data after a valid header.
fn body_error(error: ImageError, width: u32, height: u32) -> InputError {
    match error {
        ImageError::Limits(_) => InputError::DecompressionBomb { width, height },
        ImageError::Unsupported(_) => InputError::Unsupported("this variant of the format".into()),
        _ => InputError::Truncated,
    }
}

/// A baseline or progressive JPEG ends with EOI (`FF D9`) after its last scan (`FF DA`).
/// Inside entropy-coded data `FF` is always stuffed (`FF 00`) or a restart marker, so a
/// missing EOI after the last SOS means the file was cut short. Trailing bytes after EOI
/// are tolerated, as decoders do.
fn jpeg_is_truncated(bytes: &[u8]) -> bool {
    let last_sos = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    match last_sos {
        Some(sos) => !bytes[sos..].windows(2).any(|w| w == [0xFF, 0xD9]),
        None => true,
    }
}

/// Resizes `(pixels, width, height)` (RGB8) into `dst` so that the short side becomes
/// `short_side`, with an antialiased bilinear (triangle) filter whose support widens with
/// the downscale factor — Pillow's `Image.BILINEAR`, which the reference probabilities
/// were computed with. Returns the new dimensions.
fn resize_short_side(
    (pixels, w, h): (&[u8], u32, u32),
    short_side: u32,
    dst: &mut Vec<u8>,
    resizer: &mut fir::Resizer,
) -> Result<(u32, u32), InputError> {
    let (new_w, new_h) = short_side_dimensions(w, h, short_side);
    let src = fir::images::ImageRef::new(w, h, pixels, fir::PixelType::U8x3)
        .map_err(|_| InputError::Truncated)?;
    dst.clear();
    dst.resize(new_w as usize * new_h as usize * 3, 0);
    let mut dst_image =
        fir::images::Image::from_slice_u8(new_w, new_h, dst.as_mut_slice(), fir::PixelType::U8x3)
            .map_err(|_| InputError::Truncated)?;
    let options = fir::ResizeOptions::new()
        .resize_alg(fir::ResizeAlg::Convolution(fir::FilterType::Bilinear));
    resizer
        .resize(&src, &mut dst_image, &options)
        .map_err(|_| InputError::Truncated)?;
    Ok((new_w, new_h))
}

/// `(round(w * s / min), round(h * s / min))`, never below 1 pixel.
#[must_use]
pub fn short_side_dimensions(width: u32, height: u32, short_side: u32) -> (u32, u32) {
    let min = f64::from(width.min(height).max(1));
    let scale = |side: u32| {
        let scaled = (f64::from(side) * f64::from(short_side) / min).round();
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "clamped to 1..=u32::MAX"
        )]
        let scaled = scaled.clamp(1.0, f64::from(u32::MAX)) as u32;
        scaled
    };
    (scale(width), scale(height))
}

/// Center-crops `crop × crop` at `((w - crop) / 2, (h - crop) / 2)` of `(pixels, w, h)`
/// (RGB8) and normalises into CHW, in `out`'s allocation. An image smaller than the crop
/// (only possible when `resize_short_side < crop`) is zero-padded (mean colour) rather
/// than refused.
fn crop_normalize(
    (pixels, w, h): (&[u8], u32, u32),
    config: &PreprocessConfig,
    mut out: Vec<f32>,
) -> Array3<f32> {
    let crop = config.crop as usize;
    let (w, h) = (w as usize, h as usize);
    let (left, top) = (w.saturating_sub(crop) / 2, h.saturating_sub(crop) / 2);
    let scale: [f32; 3] = std::array::from_fn(|c| 1.0 / (255.0 * config.std[c]));
    let offset: [f32; 3] = std::array::from_fn(|c| config.mean[c] / config.std[c]);
    let plane = crop * crop;
    out.clear();
    if w - left >= crop && h - top >= crop {
        // The common case: written plane by plane, row by row, in the tensor's order
        // (no zero fill first, no scattered stores).
        out.reserve_exact(3 * plane);
        for c in 0..3 {
            for y in 0..crop {
                let row_start = ((top + y) * w + left) * 3;
                let row = &pixels[row_start..row_start + crop * 3];
                // `chunks_exact` has an exact length, so `extend` reserves once and writes
                // without a capacity check per element (a `step_by` iterator does not).
                let (s, o) = (scale[c], offset[c]);
                out.extend(row.chunks_exact(3).map(|p| f32::from(p[c]) * s - o));
            }
        }
        return into_tensor(out, crop);
    }
    out.resize(3 * plane, 0.0);
    for y in 0..crop.min(h - top) {
        let row_start = ((top + y) * w + left) * 3;
        let row = &pixels[row_start..row_start + crop.min(w - left) * 3];
        for (x, rgb) in row.chunks_exact(3).enumerate() {
            for c in 0..3 {
                out[c * plane + y * crop + x] = f32::from(rgb[c]) * scale[c] - offset[c];
            }
        }
    }
    into_tensor(out, crop)
}

fn into_tensor(out: Vec<f32>, crop: usize) -> Array3<f32> {
    #[expect(
        clippy::expect_used,
        reason = "`out` has exactly 3 * crop * crop elements"
    )]
    let tensor = Array3::from_shape_vec((3, crop, crop), out).expect("length matches the shape");
    tensor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_side_goes_to_the_target_and_the_ratio_is_kept() {
        assert_eq!(short_side_dimensions(400, 210, 256), (488, 256));
        assert_eq!(short_side_dimensions(210, 400, 256), (256, 488));
        assert_eq!(short_side_dimensions(400, 400, 256), (256, 256));
        assert_eq!(short_side_dimensions(1, 10_000, 256), (256, 2_560_000));
    }

    #[test]
    fn crop_is_centered_and_normalised_channel_first() {
        // 4x2 image, crop 2: columns 1..3 kept; red = x, green = y, blue = 255.
        let image = RgbImage::from_fn(4, 2, |x, y| image::Rgb([x as u8, y as u8, 255]));
        let config = PreprocessConfig {
            crop: 2,
            mean: [0.0; 3],
            std: [1.0; 3],
            ..Default::default()
        };
        let tensor = crop_normalize((image.as_raw().as_slice(), 4, 2), &config, Vec::new());
        assert_eq!(tensor.shape(), &[3, 2, 2]);
        assert!(
            (tensor[[0, 0, 0]] - 1.0 / 255.0).abs() < 1e-6,
            "left edge is column 1"
        );
        assert!((tensor[[0, 1, 1]] - 2.0 / 255.0).abs() < 1e-6);
        assert!(
            (tensor[[1, 1, 0]] - 1.0 / 255.0).abs() < 1e-6,
            "green plane holds y"
        );
        assert!((tensor[[2, 0, 1]] - 1.0).abs() < 1e-6);
    }

    #[test]
    fn the_in_order_crop_equals_the_per_pixel_one() {
        // The per-pixel loop the padded path still uses, over a whole image: the in-order
        // path must give the very same floats.
        let (w, h) = (423usize, 256usize);
        let pixels: Vec<u8> = (0..w * h * 3)
            .map(|i| ((i * 31 + i / 7) % 256) as u8)
            .collect();
        let config = PreprocessConfig::default();
        let crop = config.crop as usize;
        let (left, top) = ((w - crop) / 2, (h - crop) / 2);
        let mut expected = vec![0.0f32; 3 * crop * crop];
        for y in 0..crop {
            for x in 0..crop {
                for c in 0..3 {
                    let v = f32::from(pixels[((top + y) * w + left + x) * 3 + c]);
                    expected[c * crop * crop + y * crop + x] =
                        v * (1.0 / (255.0 * config.std[c])) - config.mean[c] / config.std[c];
                }
            }
        }
        let tensor = crop_normalize((&pixels, w as u32, h as u32), &config, vec![9.0; 17]);
        assert_eq!(tensor.shape(), &[3, crop, crop]);
        assert!(tensor.as_slice().unwrap() == expected.as_slice());
    }

    #[test]
    fn imagenet_normalisation_maps_mean_grey_to_zero() {
        let config = PreprocessConfig {
            crop: 1,
            ..Default::default()
        };
        let grey = RgbImage::from_pixel(1, 1, image::Rgb([124, 116, 104]));
        let tensor = crop_normalize((grey.as_raw().as_slice(), 1, 1), &config, vec![7.0; 5]);
        assert!(tensor.iter().all(|v| v.abs() < 0.01), "{tensor:?}");
    }

    #[test]
    fn a_jpeg_without_eoi_after_its_last_scan_is_truncated() {
        assert!(!jpeg_is_truncated(&[
            0xFF, 0xD8, 0xFF, 0xDA, 1, 2, 0xFF, 0xD9
        ]));
        assert!(
            !jpeg_is_truncated(&[0xFF, 0xD8, 0xFF, 0xDA, 1, 0xFF, 0xD9, 0, 0]),
            "trailer ok"
        );
        assert!(jpeg_is_truncated(&[0xFF, 0xD8, 0xFF, 0xDA, 1, 2, 3]));
        // An EOI before the last scan (an EXIF thumbnail) does not count.
        assert!(jpeg_is_truncated(&[
            0xFF, 0xD8, 0xFF, 0xD9, 0xFF, 0xDA, 1, 2
        ]));
    }

    #[test]
    fn every_error_has_a_distinct_code() {
        let errors = [
            InputError::Empty,
            InputError::NotAnImage,
            InputError::Truncated,
            InputError::Unsupported("GIF".into()),
            InputError::TooLarge { limit: 1 },
            InputError::DecompressionBomb {
                width: 1,
                height: 1,
            },
        ];
        let mut codes: Vec<_> = errors.iter().map(InputError::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), errors.len());
    }
}
