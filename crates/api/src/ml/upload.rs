//! Reads the multipart body of a forward call, enforcing the limits while streaming: an
//! image field is read chunk by chunk and reading stops as soon as it passes the limit,
//! so an oversized upload is never buffered whole.

use axum::extract::{multipart::Field, FromRequest, Multipart, Request};
use practicum_app::{
    ml::{ForwardInput, MlLimits, UploadProblem},
    ports::ImageProblem,
};

/// Largest total of the `top_k` and `data` fields, in bytes.
const MAX_TEXT_FIELD: usize = 256 * 1024;

/// Default number of classes returned.
pub const DEFAULT_TOP_K: usize = 5;

enum Read {
    Done(Vec<u8>),
    /// Over the limit after this many bytes.
    TooLarge(u64),
}

async fn read_limited(field: &mut Field<'_>, limit: usize) -> Result<Read, UploadProblem> {
    let mut buf = Vec::new();
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| UploadProblem::Malformed(e.body_text()))?
    {
        if buf.len() + chunk.len() > limit {
            return Ok(Read::TooLarge((buf.len() + chunk.len()) as u64));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(Read::Done(buf))
}

/// Turns the request into what the use-case classifies (or the reason it was refused).
pub async fn read_forward(req: Request, limits: &MlLimits) -> ForwardInput {
    let empty_body = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim() == "0");
    let is_multipart = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    let is_form = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    if is_form && !empty_body {
        return read_form(req).await;
    }
    if empty_body || !is_multipart {
        let problem = if empty_body || !req.headers().contains_key(axum::http::header::CONTENT_TYPE)
        {
            UploadProblem::Image(ImageProblem::Empty)
        } else {
            UploadProblem::Malformed(
                "send the image as multipart/form-data with a field named image".into(),
            )
        };
        return ForwardInput::Refused {
            problem,
            input_bytes: 0,
        };
    }
    let mut multipart = match Multipart::from_request(req, &()).await {
        Ok(m) => m,
        Err(e) => {
            return ForwardInput::Refused {
                problem: UploadProblem::Malformed(e.body_text()),
                input_bytes: 0,
            }
        }
    };
    match read_fields(&mut multipart, limits).await {
        Ok(input) => input,
        Err((problem, input_bytes)) => ForwardInput::Refused {
            problem,
            input_bytes,
        },
    }
}

/// A form-urlencoded body (as the standalone service also accepted): its `data` field is
/// echoed like the multipart one. Read up to the text-field limit.
async fn read_form(req: Request) -> ForwardInput {
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_TEXT_FIELD).await {
        Ok(b) => b,
        Err(_) => {
            return ForwardInput::Refused {
                problem: UploadProblem::Image(ImageProblem::TooLarge),
                input_bytes: MAX_TEXT_FIELD as u64,
            }
        }
    };
    let input_bytes = bytes.len() as u64;
    let req = Request::from_parts(parts, axum::body::Body::from(bytes));
    match axum::Form::<std::collections::HashMap<String, String>>::from_request(req, &()).await {
        Ok(axum::Form(mut fields)) => match fields.remove("data") {
            Some(d) => ForwardInput::Data(d),
            None => ForwardInput::Refused {
                problem: UploadProblem::Malformed(
                    "a form-urlencoded body needs a field named data".into(),
                ),
                input_bytes,
            },
        },
        Err(e) => ForwardInput::Refused {
            problem: UploadProblem::Malformed(e.body_text()),
            input_bytes,
        },
    }
}

async fn read_fields(
    multipart: &mut Multipart,
    limits: &MlLimits,
) -> Result<ForwardInput, (UploadProblem, u64)> {
    let mut images: Vec<Vec<u8>> = Vec::new();
    let mut top_k: Option<String> = None;
    let mut data: Option<String> = None;
    let mut read = 0u64;
    let mut text_bytes = 0usize;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err((UploadProblem::Malformed(e.body_text()), read)),
        };
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "image" | "images" | "file" => {
                if images.len() >= limits.max_images_per_request {
                    return Err((UploadProblem::TooManyImages, read));
                }
                match read_limited(&mut field, limits.max_image_bytes)
                    .await
                    .map_err(|p| (p, read))?
                {
                    Read::Done(bytes) => {
                        read += bytes.len() as u64;
                        images.push(bytes);
                    }
                    Read::TooLarge(n) => {
                        return Err((UploadProblem::Image(ImageProblem::TooLarge), read + n))
                    }
                }
            }
            "top_k" | "data" => {
                let bytes = match read_limited(&mut field, MAX_TEXT_FIELD - text_bytes)
                    .await
                    .map_err(|p| (p, read))?
                {
                    Read::Done(b) => b,
                    Read::TooLarge(n) => {
                        return Err((UploadProblem::Image(ImageProblem::TooLarge), read + n))
                    }
                };
                read += bytes.len() as u64;
                text_bytes += bytes.len();
                let text = String::from_utf8_lossy(&bytes).into_owned();
                if name == "top_k" {
                    top_k = Some(text);
                } else {
                    data = Some(text);
                }
            }
            // Unknown fields are skipped without being buffered.
            _ => {}
        }
    }
    let top_k = match top_k.as_deref().map(str::trim) {
        None | Some("") => DEFAULT_TOP_K,
        Some(t) => t
            .parse::<usize>()
            .map_err(|_| (UploadProblem::InvalidTopK, read))?,
    };
    if images.is_empty() {
        if let Some(d) = data {
            return Ok(ForwardInput::Data(d));
        }
        return Err((UploadProblem::Image(ImageProblem::Empty), read));
    }
    if images.iter().all(Vec::is_empty) {
        return Err((UploadProblem::Image(ImageProblem::Empty), 0));
    }
    Ok(ForwardInput::Images { images, top_k })
}
