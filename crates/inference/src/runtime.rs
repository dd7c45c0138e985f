//! Finding and loading the ONNX Runtime shared library.
//!
//! `ort` is built with `load-dynamic`: nothing is downloaded at build time, and the
//! library is looked up at run time. `ort`'s own fallback (`setup_api`) *panics* when
//! the library is missing, so this module always resolves an existing file first and
//! hands `ort` an absolute path; a missing library becomes a [`LoadError`] that says
//! how to get one.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ort::environment::Environment;

use crate::error::LoadError;

/// The ONNX Runtime release this crate is built and tested against (`api-31`).
pub const ORT_VERSION: &str = "1.31.1";

/// Environment variable naming the library file explicitly.
pub const ORT_DYLIB_ENV: &str = "ORT_DYLIB_PATH";

/// Where `scripts/fetch-onnxruntime.sh` puts the library, relative to the repository root.
const RELATIVE_LIB: &str = ".ort/lib/libonnxruntime.so.1.31.1";

/// The library's file name, as a release directory ships it in `lib/` beside `bin/`.
const LIB_FILE: &str = "libonnxruntime.so.1.31.1";

/// The process-wide ONNX Runtime environment (ONNX Runtime allows one per process).
static ENVIRONMENT: Mutex<Option<(PathBuf, Environment)>> = Mutex::new(None);

/// Resolves the library: `ORT_DYLIB_PATH` if set, else the first existing file of
/// [`library_candidates`] for this executable and working directory.
///
/// # Errors
/// [`LoadError::RuntimeMissing`] listing every path checked.
pub fn locate_library() -> Result<PathBuf, LoadError> {
    if let Some(path) = std::env::var_os(ORT_DYLIB_ENV).filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        if path.is_file() {
            return Ok(path);
        }
        // An explicit setting that points nowhere is an error, not a hint to look elsewhere.
        return Err(LoadError::RuntimeMissing {
            searched: vec![path],
            version: ORT_VERSION,
        });
    }
    let exe = std::env::current_exe().ok();
    let cwd = std::env::current_dir().unwrap_or_default();
    let searched = library_candidates(exe.as_deref(), &cwd);
    match searched.iter().find(|p| p.is_file()) {
        Some(found) => Ok(found.clone()),
        None => Err(LoadError::RuntimeMissing {
            searched,
            version: ORT_VERSION,
        }),
    }
}

/// Where the library is looked for, in order, when `ORT_DYLIB_PATH` is not set:
///
/// 1. beside the executable, as a release directory lays it out (`bin/practicum` and
///    `lib/libonnxruntime.so.…`), or in `lib/` next to it: a release started from any
///    directory uses the library it shipped with;
/// 2. `.ort/lib/…` in the working directory or any parent (a checkout: `cargo test`
///    finds it from a crate directory);
/// 3. `.ort/lib/…` in a parent of the executable (a checkout's `target/debug/practicum`
///    started from elsewhere).
pub fn library_candidates(exe: Option<&Path>, cwd: &Path) -> Vec<PathBuf> {
    let mut candidates = Vec::new();
    let exe_dir = exe.and_then(Path::parent);
    if let Some(dir) = exe_dir {
        if let Some(parent) = dir.parent() {
            candidates.push(parent.join("lib").join(LIB_FILE));
        }
        candidates.push(dir.join("lib").join(LIB_FILE));
    }
    candidates.extend(cwd.ancestors().map(|d| d.join(RELATIVE_LIB)));
    if let Some(dir) = exe_dir {
        for candidate in dir.ancestors().map(|d| d.join(RELATIVE_LIB)) {
            if !candidates.contains(&candidate) {
                candidates.push(candidate);
            }
        }
    }
    candidates
}

/// Returns the process-wide environment, loading the library at `library` the first time.
///
/// Later calls reuse the first library whatever path they give (a process cannot load
/// two ONNX Runtimes), but a path that does not exist is still refused, so a wrong
/// setting is reported rather than silently masked.
///
/// # Errors
/// [`LoadError::RuntimeMissing`] if the file does not exist, [`LoadError::RuntimeLoad`] if
/// ONNX Runtime refuses it (not a library, version older than 1.31).
pub fn environment(library: &Path) -> Result<Environment, LoadError> {
    if !library.is_file() {
        return Err(LoadError::RuntimeMissing {
            searched: vec![library.to_path_buf()],
            version: ORT_VERSION,
        });
    }
    let mut guard = ENVIRONMENT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, env)) = guard.as_ref() {
        return Ok(env.clone());
    }
    let absolute = std::path::absolute(library).unwrap_or_else(|_| library.to_path_buf());
    let load_error = |message: String| LoadError::RuntimeLoad {
        path: absolute.clone(),
        message,
        version: ORT_VERSION,
    };
    // `ort` should return errors here, but it calls into foreign code and has `expect`s
    // on some paths: a panic must not take the server down.
    let built = std::panic::catch_unwind(|| {
        ort::init_from(&absolute)
            .map_err(|e| e.to_string())?
            .with_name("practicum")
            .build()
            .map_err(|e| e.to_string())
    })
    .map_err(|_| load_error("ONNX Runtime panicked while loading".into()))?
    .map_err(load_error)?;
    tracing::info!(library = %absolute.display(), "ONNX Runtime loaded");
    *guard = Some((absolute, built.clone()));
    Ok(built)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::library_candidates;

    #[test]
    fn a_release_layout_is_searched_beside_the_executable_before_the_working_directory() {
        let found = library_candidates(
            Some(Path::new("/opt/practicum/bin/practicum")),
            Path::new("/srv/data"),
        );
        assert_eq!(
            found[0],
            Path::new("/opt/practicum/lib/libonnxruntime.so.1.31.1")
        );
        assert_eq!(
            found[1],
            Path::new("/opt/practicum/bin/lib/libonnxruntime.so.1.31.1")
        );
        assert_eq!(
            found[2],
            Path::new("/srv/data/.ort/lib/libonnxruntime.so.1.31.1")
        );
        assert!(found.contains(
            &Path::new("/opt/practicum/.ort/lib/libonnxruntime.so.1.31.1").to_path_buf()
        ));
    }

    #[test]
    fn without_an_executable_path_only_the_working_directory_is_searched() {
        let found = library_candidates(None, Path::new("/a/b"));
        assert_eq!(
            found,
            vec![
                Path::new("/a/b/.ort/lib/libonnxruntime.so.1.31.1").to_path_buf(),
                Path::new("/a/.ort/lib/libonnxruntime.so.1.31.1").to_path_buf(),
                Path::new("/.ort/lib/libonnxruntime.so.1.31.1").to_path_buf(),
            ]
        );
    }

    #[test]
    fn a_checkout_binary_started_elsewhere_finds_the_checkout_library() {
        let found = library_candidates(
            Some(Path::new("/work/repo/target/debug/practicum")),
            Path::new("/tmp/x"),
        );
        assert!(found
            .contains(&Path::new("/work/repo/.ort/lib/libonnxruntime.so.1.31.1").to_path_buf()));
        let unique: std::collections::HashSet<_> = found.iter().collect();
        assert_eq!(unique.len(), found.len(), "no path is checked twice");
    }
}
