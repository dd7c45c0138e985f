//! Names the queries for the database metrics: a table, for every source file of this
//! crate, of the lines where each function starts. `Session::conn` is `#[track_caller]`,
//! so the statement a repository function runs is labelled with that function's name
//! (`identity::users::find_by_email`) without touching any function body: new
//! repository functions are named the day they are written. See `src/instrument.rs`.

use std::{
    env, fs,
    path::{Path, PathBuf},
};

fn main() {
    println!("cargo:rerun-if-changed=src");
    let src = Path::new("src");
    let mut files = Vec::new();
    collect(src, &mut files);
    files.sort();
    let mut out = String::from(
        "/// Each source file under `src/`: where its functions start, each\n\
         /// function by its full name (`identity::users::find_by_email`).\n\
         pub(crate) static FUNCTIONS: &[super::SourceFile] = &[\n",
    );
    for file in files {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        let rel = file
            .strip_prefix(src)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let module = module_path(&rel);
        let mut fns = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if let Some(name) = fn_name(line) {
                let full = if module.is_empty() {
                    name
                } else {
                    format!("{module}::{name}")
                };
                fns.push(format!("({}, {:?})", i + 1, full));
            }
        }
        out.push_str(&format!(
            "    super::SourceFile {{ file: {rel:?}, fns: &[{}] }},\n",
            fns.join(", ")
        ));
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("query_names.rs");
    if let Err(e) = fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// `identity/users.rs` → `identity::users`; `adaptive/mod.rs` → `adaptive`; `lib.rs` → ``.
fn module_path(rel: &str) -> String {
    let stem = rel.trim_end_matches(".rs");
    let stem = stem
        .strip_suffix("/mod")
        .unwrap_or(if stem == "lib" { "" } else { stem });
    stem.replace('/', "::")
}

/// The name of a function whose signature starts on this line (`pub async fn find(`,
/// `pub(crate) fn x<T>(`), if any.
fn fn_name(line: &str) -> Option<String> {
    let mut rest = line.trim_start();
    if rest.starts_with("//") {
        return None;
    }
    for prefix in [
        "pub(crate) ",
        "pub(super) ",
        "pub ",
        "async ",
        "const ",
        "unsafe ",
    ] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
        rest = rest.strip_prefix("async ").unwrap_or(rest);
    }
    let rest = rest.strip_prefix("fn ")?;
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}
