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

/// The process-wide ONNX Runtime environment (ONNX Runtime allows one per process).
static ENVIRONMENT: Mutex<Option<(PathBuf, Environment)>> = Mutex::new(None);

/// Resolves the library: `ORT_DYLIB_PATH` if set, else `.ort/lib/…` in the current
/// directory or any parent (so `cargo test` finds it from a crate directory).
///
/// # Errors
/// [`LoadError::RuntimeMissing`] listing every path checked.
pub fn locate_library() -> Result<PathBuf, LoadError> {
    let mut searched = Vec::new();
    if let Some(path) = std::env::var_os(ORT_DYLIB_ENV).filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        if path.is_file() {
            return Ok(path);
        }
        // An explicit setting that points nowhere is an error, not a hint to look elsewhere.
        searched.push(path);
        return Err(LoadError::RuntimeMissing {
            searched,
            version: ORT_VERSION,
        });
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    for dir in cwd.ancestors() {
        let candidate = dir.join(RELATIVE_LIB);
        if candidate.is_file() {
            return Ok(candidate);
        }
        searched.push(candidate);
    }
    Err(LoadError::RuntimeMissing {
        searched,
        version: ORT_VERSION,
    })
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
