//! A real `practicum serve` child process, and a minimal HTTP/1.1 client to talk to it
//! (the tests need no HTTP client crate).

use std::{
    io::{Read, Write},
    net::{SocketAddr, TcpListener, TcpStream},
    path::Path,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use serde_json::Value;

/// A `practicum serve` child process on a free local port, killed when dropped.
pub struct ServeProcess {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl ServeProcess {
    /// Starts `practicum serve` over `database_url` in `dir` (an empty working directory: no
    /// `.env`, no default model to load) with a cleared environment: the test JWT secret,
    /// four database connections, and `env` on top. Its stdout goes to `stdout`.
    pub fn start(database_url: &str, dir: &Path, env: &[(&str, &str)], stdout: Stdio) -> Self {
        let addr = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_practicum"))
            .arg("serve")
            .current_dir(dir)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATABASE_URL", database_url)
            .env("BIND_ADDR", addr.to_string())
            .env("JWT_SECRET", practicum_testkit::TEST_JWT_SECRET)
            .env("DB_MAX_CONNECTIONS", "4")
            .envs(env.iter().copied())
            .stdout(stdout)
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start practicum serve");
        Self { child, addr }
    }

    /// Waits (a minute at the most) until `GET path` with `headers` answers 200; panics if
    /// the process exits first.
    pub fn wait_until_ok(&mut self, path: &str, headers: &[(&str, &str)]) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("practicum serve exited early: {status}");
            }
            let answer = http_exchange(self.addr, "GET", path, None, headers, None);
            if answer.is_some_and(|r| r.status == 200) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("practicum serve on {} never answered {path}", self.addr);
    }
}

/// What came back over the wire.
pub struct RawResponse {
    /// 0 when the status line could not be read.
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl RawResponse {
    /// The body as JSON (`null` when it is not JSON).
    pub fn json(&self) -> Value {
        serde_json::from_str(self.body.trim()).unwrap_or(Value::Null)
    }

    /// The `Content-Length` header (0 when absent).
    pub fn content_length(&self) -> u64 {
        self.head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length:")
                    .map(|v| v.trim().parse().unwrap())
            })
            .unwrap_or(0)
    }
}

/// One request on a fresh connection (`Connection: close`), with `Authorization: Bearer`
/// when `token` is given, then `headers`, then a JSON `body` when given. `None` when the
/// server cannot be reached or the answer cannot be read.
pub fn http_exchange(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Option<RawResponse> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(1)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(t) = token {
        request.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        request.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ));
    } else {
        request.push_str("\r\n");
    }
    s.write_all(request.as_bytes()).ok()?;
    let mut response = String::new();
    s.read_to_string(&mut response).ok()?;
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    Some(RawResponse {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    })
}
