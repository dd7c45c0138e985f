//! `demo` brings the model up on a fresh clone: when the ONNX Runtime library is missing
//! it runs `scripts/fetch-onnxruntime.sh` (the one way the project installs it: the
//! `onnxruntime` wheel from PyPI through pip, unpacked into `<repo>/.ort/lib`, where the
//! server looks). When that cannot work (no script, no pip, no network) the demo still
//! serves, with the ML routes off, and says exactly what to run.

use std::{
    path::{Path, PathBuf},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use practicum_inference::runtime::{locate_library, ORT_DYLIB_ENV, ORT_VERSION};

/// Where the fetch script lives, relative to the repository root.
pub const FETCH_SCRIPT: &str = "scripts/fetch-onnxruntime.sh";

/// The longest a download may take before the demo gives up and serves without it.
const FETCH_TIMEOUT: Duration = Duration::from_secs(300);

/// What `demo` does about the library.
#[derive(Debug, PartialEq, Eq)]
pub enum Plan {
    /// Found where the server looks: nothing to do.
    Present(PathBuf),
    /// `ORT_DYLIB_PATH` names a file that does not exist: the user chose a path, and
    /// installing elsewhere would not change what the server loads.
    ExplicitPathMissing(PathBuf),
    /// Missing; the repository's script can install it.
    Fetch { script: PathBuf },
    /// Missing, and no script in the working directory or above it (not run from a clone).
    NoScript,
}

/// Decides from where the library was looked for (`located`), the explicit setting and
/// the working directory.
pub fn plan(located: Option<PathBuf>, explicit: Option<PathBuf>, cwd: &Path) -> Plan {
    if let Some(path) = located {
        return Plan::Present(path);
    }
    if let Some(path) = explicit {
        return Plan::ExplicitPathMissing(path);
    }
    match find_script(cwd) {
        Some(script) => Plan::Fetch { script },
        None => Plan::NoScript,
    }
}

/// The fetch script in `dir` or the nearest ancestor that has one: the library is then
/// installed in that ancestor's `.ort/lib`, which the server finds from `dir`.
pub fn find_script(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FETCH_SCRIPT))
        .find(|p| p.is_file())
}

/// Makes sure the library is there before `demo` serves, installing it if it can (and
/// `fetch` allows). Never fails: every outcome is a message on stdout, and the server
/// copes with a missing library.
pub async fn ensure_for_demo(fetch: bool) {
    let explicit = std::env::var_os(ORT_DYLIB_ENV)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from);
    let cwd = std::env::current_dir().unwrap_or_default();
    match plan(locate_library().ok(), explicit, &cwd) {
        Plan::Present(path) => tracing::debug!(library = %path.display(), "ONNX Runtime present"),
        Plan::ExplicitPathMissing(path) => ml_off(&format!(
            "{ORT_DYLIB_ENV}={} does not exist; unset it to let the demo install ONNX Runtime, \
             or point it at libonnxruntime.so.{ORT_VERSION}",
            path.display()
        )),
        Plan::NoScript => ml_off(&format!(
            "no {FETCH_SCRIPT} in {} or above (run the demo from the repository)",
            cwd.display()
        )),
        Plan::Fetch { .. } if !fetch => {
            ml_off("it is not installed and --no-runtime-fetch was given")
        }
        Plan::Fetch { script } => {
            println!(
                "ONNX Runtime {ORT_VERSION} is not installed: fetching it once with {} \
                 (the onnxruntime wheel from PyPI, through pip) ...",
                script.display()
            );
            let run = tokio::task::spawn_blocking(move || run_script(&script)).await;
            let outcome = match run {
                Ok(outcome) => outcome,
                Err(e) => Err(format!("the fetch task failed: {e}")),
            };
            match outcome
                .and_then(|()| locate_library().map_err(|e| format!("the script ran but {e}")))
            {
                Ok(path) => println!("ONNX Runtime installed: {}", path.display()),
                Err(reason) => ml_off(&reason),
            }
        }
    }
}

/// Runs the fetch script to completion (its output shown as it comes), bounded in time.
fn run_script(script: &Path) -> Result<(), String> {
    let mut command = Command::new("bash");
    command
        .arg(script)
        .env("ORT_VERSION", ORT_VERSION)
        .stdin(Stdio::null());
    // Offline, pip would retry each request five times with a long timeout: fail fast.
    for (key, value) in [("PIP_DEFAULT_TIMEOUT", "20"), ("PIP_RETRIES", "1")] {
        if std::env::var_os(key).is_none() {
            command.env(key, value);
        }
    }
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot run {} with bash: {e}", script.display()))?;
    let deadline = Instant::now() + FETCH_TIMEOUT;
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                return Err(format!(
                    "{} failed ({status}): see its message above",
                    script.display()
                ))
            }
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{} did not finish within {} s",
                    script.display(),
                    FETCH_TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(200)),
            Err(e) => return Err(format!("waiting for {}: {e}", script.display())),
        }
    }
}

/// The message when the demo serves without the model.
pub fn ml_off_message(reason: &str) -> String {
    format!(
        "ONNX Runtime is not available: {reason}.\n\
         The demo serves without it: the ML routes answer 503 model_unavailable.\n\
         To turn them on, install the library and restart the demo; from the repository root:\n    \
         ./{FETCH_SCRIPT}    (needs pip or pip3, and access to PyPI)\n\
         or set {ORT_DYLIB_ENV} to an existing libonnxruntime.so.{ORT_VERSION}."
    )
}

fn ml_off(reason: &str) {
    tracing::warn!(%reason, "ONNX Runtime is not available: the ML routes are off");
    println!("{}", ml_off_message(reason));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_found_library_needs_nothing_whatever_else_is_set() {
        let lib = PathBuf::from("/x/.ort/lib/libonnxruntime.so");
        assert_eq!(
            plan(Some(lib.clone()), Some("/elsewhere".into()), Path::new("/")),
            Plan::Present(lib)
        );
    }

    #[test]
    fn an_explicit_path_that_points_nowhere_is_not_overridden() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("scripts")).unwrap();
        std::fs::write(dir.path().join(FETCH_SCRIPT), "exit 0").unwrap();
        assert_eq!(
            plan(None, Some("/nope.so".into()), dir.path()),
            Plan::ExplicitPathMissing("/nope.so".into())
        );
    }

    #[test]
    fn the_script_is_found_in_the_working_directory_or_above() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("scripts")).unwrap();
        std::fs::create_dir_all(root.path().join("crates/server")).unwrap();
        std::fs::write(root.path().join(FETCH_SCRIPT), "exit 0").unwrap();
        let script = root.path().join(FETCH_SCRIPT);
        for cwd in [root.path().to_owned(), root.path().join("crates/server")] {
            assert_eq!(
                plan(None, None, &cwd),
                Plan::Fetch {
                    script: script.clone()
                }
            );
        }
        let elsewhere = tempfile::tempdir().unwrap();
        assert_eq!(plan(None, None, elsewhere.path()), Plan::NoScript);
    }

    #[test]
    fn this_repository_has_the_script() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert!(find_script(here).is_some_and(|s| s.ends_with(FETCH_SCRIPT)));
    }

    #[test]
    fn a_failing_script_is_an_error_with_its_name_not_a_crash() {
        let dir = tempfile::tempdir().unwrap();
        let script = dir.path().join("fetch.sh");
        std::fs::write(&script, "echo 'no network' >&2; exit 3").unwrap();
        let e = run_script(&script).unwrap_err();
        assert!(e.contains("fetch.sh") && e.contains('3'), "{e}");
        std::fs::write(&script, "exit 0").unwrap();
        assert_eq!(run_script(&script), Ok(()));
    }

    #[test]
    fn the_message_says_what_to_run() {
        let m = ml_off_message("pip is missing");
        assert!(m.contains("pip is missing"));
        assert!(m.contains("./scripts/fetch-onnxruntime.sh"));
        assert!(m.contains("ORT_DYLIB_PATH"));
        assert!(m.contains("model_unavailable"));
    }
}
