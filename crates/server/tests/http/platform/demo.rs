//! `practicum demo` as a newcomer runs it, on a clone where the ONNX Runtime library cannot
//! be fetched (pip fails): it says so and what to run, then serves the web app and the
//! API anyway, with the ML routes off.

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::{SocketAddr, TcpListener, TcpStream},
    path::Path,
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// The child process, killed when the test ends (or fails).
struct Demo(Child);

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A minimal HTTP/1.1 GET: the status and the body.
fn get(addr: SocketAddr, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(1)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    s.read_to_string(&mut response).ok()?;
    let status = response.split(' ').nth(1)?.parse().ok()?;
    let body = response.split_once("\r\n\r\n")?.1.to_owned();
    Some((status, body))
}

fn repo_root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn demo_serves_with_the_ml_routes_off_and_says_what_to_run_when_the_fetch_fails() {
    // A "clone" without .ort/: the fetch script and the model, nothing else.
    let clone = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(clone.path().join("scripts")).unwrap();
    std::fs::copy(
        repo_root().join("scripts/fetch-onnxruntime.sh"),
        clone.path().join("scripts/fetch-onnxruntime.sh"),
    )
    .unwrap();
    std::os::unix::fs::symlink(repo_root().join("models"), clone.path().join("models")).unwrap();

    let addr = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    // The binary too: from its place in the checkout it would find the checkout's
    // `.ort/lib` (the runtime also looks in the executable's parents).
    let bin = clone.path().join("practicum");
    std::fs::hard_link(env!("CARGO_BIN_EXE_practicum"), &bin)
        .or_else(|_| std::fs::copy(env!("CARGO_BIN_EXE_practicum"), &bin).map(drop))
        .unwrap();
    let child = Command::new(&bin)
        .arg("demo")
        .current_dir(clone.path())
        // No ORT_DYLIB_PATH from the parent; pip "fails" at once, as with no network.
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("PIP", "false")
        .env("DATABASE_URL", "sqlite:demo.db?mode=rwc")
        .env("BIND_ADDR", addr.to_string())
        .env("JOBS_WORKERS", "0")
        .env("LOG_LEVEL", "error")
        .env("PASSWORD_HASH_MEMORY_KIB", "4096")
        .env("PASSWORD_HASH_ITERATIONS", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut demo = Demo(child);
    let output = Arc::new(Mutex::new(String::new()));
    for stream in [
        Box::new(demo.0.stdout.take().unwrap()) as Box<dyn Read + Send>,
        Box::new(demo.0.stderr.take().unwrap()),
    ] {
        let output = Arc::clone(&output);
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let mut o = output.lock().unwrap();
                o.push_str(&line);
                o.push('\n');
            }
        });
    }

    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Ok(Some(status)) = demo.0.try_wait() {
            panic!("demo exited early ({status}):\n{}", output.lock().unwrap());
        }
        if get(addr, "/health/ready").is_some_and(|(s, _)| s == 200) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "demo never became ready:\n{}",
            output.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    let said = output.lock().unwrap().clone();
    assert!(said.contains("fetching it once"), "{said}");
    assert!(said.contains("ONNX Runtime is not available"), "{said}");
    assert!(said.contains("./scripts/fetch-onnxruntime.sh"), "{said}");
    assert!(said.contains("model_unavailable"), "{said}");
    assert!(
        !clone
            .path()
            .join(".ort/lib")
            .read_dir()
            .is_ok_and(|mut d| d.next().is_some()),
        "nothing half-installed"
    );

    let (status, models) = get(addr, "/api/v1/ml/models").unwrap();
    assert_eq!(status, 200);
    assert!(models.contains("not_configured"), "{models}");
    let (status, page) = get(addr, "/").unwrap();
    assert_eq!(status, 200);
    assert!(
        page.to_ascii_lowercase().contains("<!doctype html"),
        "{page}"
    );
    assert!(
        said.contains(&format!("Web app:   http://{addr}/")),
        "{said}"
    );
}
