//! Read-your-writes with a read replica (`DATABASE_READ_URL`).
//!
//! A request that changed something (any method but GET/HEAD/OPTIONS, answered below
//! 400) gets a signed `practicum_rw` cookie valid for `READ_YOUR_WRITES_SECS`. While a
//! client sends a genuine, unexpired one back, its lag-tolerant reads go to the primary,
//! so a user always sees their own writes even when the replica is behind; everyone
//! else's reads of the same data may be that far behind. The marker is signed with the
//! token key (a client cannot pin itself to the primary for longer) and carries no
//! identity: it only says "this client wrote a moment ago", on any process behind the
//! proxy. Without a replica nothing is set or read.

use axum::{
    extract::{Request, State},
    http::{header, HeaderValue, Method},
    middleware::Next,
    response::Response,
};

use crate::state::ApiState;

pub const COOKIE: &str = "practicum_rw";

pub async fn route_reads(State(state): State<ApiState>, req: Request, next: Next) -> Response {
    if !state.app.db().has_replica() {
        return next.run(req).await;
    }
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let recent = marker(&req).is_some_and(|m| state.app.jwt().verify_write_marker(m));
    let mut response = if recent {
        practicum_app::with_primary_reads(next.run(req)).await
    } else {
        next.run(req).await
    };
    if writes && response.status().as_u16() < 400 {
        let ttl = i64::try_from(state.config.read_your_writes.as_secs()).unwrap_or(i64::MAX);
        let now = chrono::Utc::now().timestamp();
        if let Ok(m) = state.app.jwt().issue_write_marker(now, ttl) {
            let secure = if state.config.session_cookie_secure {
                "; Secure"
            } else {
                ""
            };
            let cookie =
                format!("{COOKIE}={m}; Path=/; Max-Age={ttl}; HttpOnly; SameSite=Lax{secure}");
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
        }
    }
    response
}

/// The marker the client sent back, if any.
fn marker(req: &Request) -> Option<&str> {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
}
