//! The web app's production bundle (`web/dist`, built by `npm run build` and committed),
//! embedded in the `practicum` binary, and the rules it is served by:
//!
//! - `assets/*` (content-hashed names) are cached for a year, `immutable`;
//! - `index.html` (for `/` and every client-side route) and other root files are `no-cache`
//!   (revalidated with their `ETag`, answered `304` when unchanged);
//! - the precompressed siblings `X.br` / `X.gz` are sent when `Accept-Encoding` allows,
//!   with `Content-Encoding`, `Vary: Accept-Encoding` and `X`'s own `Content-Type`;
//! - an unknown `assets/` file is a 404, any other unknown path is the app's `index.html`
//!   (the client router decides what it shows).
//!
//! Which paths belong to the server (`/api`, `/docs`, …) is the caller's business: this
//! crate is only asked about paths no route matched. Without a bundle at build time the
//! binary still builds and every browser path answers a short page saying how to build it.

mod bundle;
mod encoding;
mod serve;

pub use bundle::{Asset, Bundle, Embedded};
pub use serve::{serve, Outcome, NOT_BUILT_PAGE};

/// Serves `path` from the bundle embedded in this binary.
pub fn serve_embedded(
    method: &axum::http::Method,
    path: &str,
    headers: &axum::http::HeaderMap,
) -> Outcome {
    serve(&Embedded, method, path, headers)
}
