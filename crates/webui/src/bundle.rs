//! Where the files come from: the embedded `web/dist`, or (in tests) anything else.

use std::borrow::Cow;

/// One file of the bundle and the SHA-256 of its bytes (its `ETag`).
pub struct Asset {
    pub bytes: Cow<'static, [u8]>,
    pub sha256: [u8; 32],
}

/// A read-only set of files addressed by their path relative to the bundle root
/// (`index.html`, `assets/index-3HGeax8p.js`).
pub trait Bundle {
    fn get(&self, path: &str) -> Option<Asset>;
}

/// `web/dist` as it was when this binary was compiled (also in debug builds: the
/// `debug-embed` feature). A missing folder embeds nothing (`allow_missing`).
#[derive(rust_embed::Embed)]
#[folder = "../../web/dist/"]
#[allow_missing = true]
struct Dist;

/// The bundle compiled into this binary.
pub struct Embedded;

impl Bundle for Embedded {
    fn get(&self, path: &str) -> Option<Asset> {
        Dist::get(path).map(|file| Asset {
            sha256: file.metadata.sha256_hash(),
            bytes: file.data,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The folder is resolved at compile time relative to this crate, so a bundle that
    /// exists in the repository is the one in the binary.
    #[test]
    fn the_embedded_bundle_is_web_dist() {
        let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../web/dist");
        match std::fs::read(dist.join("index.html")) {
            Ok(on_disk) => {
                let embedded = Embedded.get("index.html").expect("index.html embedded");
                assert_eq!(embedded.bytes.as_ref(), on_disk.as_slice());
            }
            Err(_) => assert!(Embedded.get("index.html").is_none()),
        }
    }
}
