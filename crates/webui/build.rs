//! Re-embeds the bundle when `web/dist` changes. rust-embed turns each file into an
//! `include_bytes!`, so cargo notices edits to known files by itself, but not files that
//! appear or disappear (a new build has new hashed names): watching the directory does.

use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let web = Path::new(&manifest).join("../../web");
    let dist = web.join("dist");
    // Without a bundle, watch `web/` so that `npm run build` creating one is noticed; if
    // `web/` is missing too, cargo treats the missing path as changed and re-embeds on
    // every build (a checkout without the web app is rare; correctness wins over speed).
    let watched = if dist.is_dir() { dist } else { web };
    println!("cargo:rerun-if-changed={}", watched.display());
}
