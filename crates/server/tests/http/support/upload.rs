//! Multipart uploads (avatars, covers) the way a browser sends them.

use axum::{
    body::Body,
    http::{header, Method, Request},
};

/// The smallest PNG header the image check accepts.
pub const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

/// A `PUT` of one file part named `field`, declared as `content_type`, to `uri`.
pub fn multipart_put(
    uri: &str,
    token: &str,
    field: &str,
    content_type: &str,
    bytes: &[u8],
) -> Request<Body> {
    let boundary = "XyZ-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"upload\"\r\nContent-Type: {content_type}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Request::builder()
        .method(Method::PUT)
        .uri(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap()
}
