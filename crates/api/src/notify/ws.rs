//! `GET /ws`: the caller's notifications, live.
//!
//! Authentication happens before the upgrade (401 otherwise): the access token is taken
//! from `Sec-WebSocket-Protocol: bearer, <token>` (the server answers with the protocol
//! `bearer`), from `?token=`, or from `Authorization: Bearer`. With `?since_id=N` the caller's notifications with an id
//! above N are sent first, then live ones, without duplicates. Frames are JSON text
//! `{"type":"notification","notification":{…}}`. The server pings every heartbeat and
//! closes a connection that stops answering, that falls behind its bounded buffer, or
//! whose sends stall; a user may hold a limited number of connections per process.
//!
//! **Live analytics**: a teacher (own courses) or a producer or admin (any course) sends
//! `{"type":"subscribe","course":"<slug>"}`; the server answers
//! `{"type":"subscribed","course":…}` or `{"type":"error","course":…,"error":{code,
//! message}}` (not allowed, no such course, malformed message), and from then on sends
//! `{"type":"analytics_update","course":…,"analytics":{…}}` whenever an analytics refresh
//! (on any process: PostgreSQL carries the signal) changes that course's figures.
//!
//! A socket ends with its session: on logout, password change or reset, deactivation or
//! role change (signalled to every process) and at every heartbeat the socket re-checks
//! the session it was opened with, and closes with 4401 (session ended) or 4403 (role
//! changed: reconnect) when it no longer holds.

use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
    time::Duration,
};

use axum::{
    extract::{
        ws::{rejection::WebSocketUpgradeRejection, CloseFrame, Message, Utf8Bytes, WebSocket},
        State, WebSocketUpgrade,
    },
    http::{HeaderMap, StatusCode},
    response::Response,
};
use futures::{SinkExt, StreamExt};
use practicum_app::{
    identity::{Actor, LiveSession},
    notify::{NotificationView, SubscribeError, Subscription},
};
use tokio::sync::broadcast::error::RecvError;

use super::dto::{LiveFrame, LiveSocketQuery, NotificationResponse};
use crate::{
    error::{ApiError, ApiResult, ErrorBody},
    extract::AppQuery,
    state::ApiState,
};
use practicum_app::ErrorCode;

/// How long one frame may take to send before the client counts as stalled.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// Open the live notification socket (WebSocket upgrade).
#[utoipa::path(get, path = "/ws", tag = "notifications", security(("bearer" = [])),
    params(
        LiveSocketQuery,
        ("Sec-WebSocket-Protocol" = Option<String>, Header, description = "`bearer, <access token>`"),
    ),
    responses(
        (status = 101, description = "Switching to the WebSocket protocol"),
        (status = 400, description = "Not a WebSocket upgrade request", body = ErrorBody),
        (status = 401, description = "No valid access token", body = ErrorBody),
        (status = 429, description = "Too many live connections for this user", body = ErrorBody),
    ))]
pub async fn live_socket(
    State(state): State<ApiState>,
    headers: HeaderMap,
    AppQuery(q): AppQuery<LiveSocketQuery>,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> ApiResult<Response> {
    let token = protocol_token(&headers)
        .or(q.token.clone())
        .or_else(|| authorization_token(&headers))
        .ok_or_else(|| {
            ApiError::unauthenticated(
                "an access token is required (Sec-WebSocket-Protocol: bearer, <token> or ?token=)",
            )
        })?;
    let (actor, session) = state.app.authenticate_session(&token).await?;
    crate::middleware::access_log::record_user(actor.id.0);
    let upgrade = upgrade.map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::WebsocketUpgradeRequired,
            format!("this route only speaks WebSocket: {e}"),
        )
    })?;
    let since_id = q.since_id.map(|s| s.max(0));
    let subscription = state
        .app
        .notification_hub()
        .subscribe(actor.id)
        .map_err(|e| match e {
            SubscribeError::TooManyConnections { limit } => ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::TooManyConnections,
                format!("at most {limit} live connections per user"),
            ),
        })?;
    let heartbeat = state.config.ws_heartbeat;
    Ok(upgrade
        .protocols(["bearer"])
        .max_message_size(4096)
        .on_upgrade(move |socket| async move {
            metrics::gauge!("ws_connections").increment(1.0);
            run(
                socket,
                state,
                actor,
                session,
                since_id,
                subscription,
                heartbeat,
            )
            .await;
            metrics::gauge!("ws_connections").decrement(1.0);
        }))
}

/// `Authorization: Bearer <token>`, for clients that can set headers.
fn authorization_token(headers: &HeaderMap) -> Option<String> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
        .filter(|t| !t.is_empty())
}

/// The token of `Sec-WebSocket-Protocol: bearer, <token>`.
fn protocol_token(headers: &HeaderMap) -> Option<String> {
    let value = headers
        .get(axum::http::header::SEC_WEBSOCKET_PROTOCOL)?
        .to_str()
        .ok()?;
    let mut parts = value.split(',').map(str::trim);
    while let Some(p) = parts.next() {
        if p.eq_ignore_ascii_case("bearer") {
            return parts.next().filter(|t| !t.is_empty()).map(str::to_owned);
        }
    }
    None
}

/// At most this many courses followed per socket.
const MAX_ANALYTICS_SUBSCRIPTIONS: usize = 50;

async fn run(
    socket: WebSocket,
    state: ApiState,
    actor: Actor,
    session: LiveSession,
    since_id: Option<i64>,
    mut subscription: Subscription,
    heartbeat: Duration,
) {
    let user = session.user;
    let (mut sink, mut stream) = socket.split();
    // Subscribed before the replay query: whatever commits meanwhile arrives live, and
    // the ids already replayed are skipped, so there is neither a gap nor a duplicate.
    let mut replayed = HashSet::new();
    if let Some(after) = since_id {
        match state.app.notifications_since(user, after).await {
            Ok(missed) => {
                for n in missed {
                    replayed.insert(n.id);
                    if !send(&mut sink, n).await {
                        return;
                    }
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "replaying notifications failed");
                return;
            }
        }
    }
    let floor = since_id.unwrap_or(0);
    let mut ping = tokio::time::interval(heartbeat);
    ping.tick().await;
    let mut awaiting_pong = false;
    // Followed courses (id → slug) and, once there is one, the refresh signals.
    let mut followed: HashMap<i64, String> = HashMap::new();
    let mut analytics: Option<tokio::sync::broadcast::Receiver<i64>> = None;
    loop {
        tokio::select! {
            r = async {
                match analytics.as_mut() {
                    Some(rx) => rx.recv().await,
                    None => std::future::pending().await,
                }
            } => match r {
                Ok(course_id) => {
                    let Some(slug) = followed.get(&course_id) else { continue };
                    match state.app.course_rollup_by_id(course_id).await {
                        Ok(Some(rollup)) => {
                            let frame = serde_json::json!({
                                "type": "analytics_update",
                                "course": slug,
                                "analytics": crate::analytics::dto::CourseStatsResponse::from(rollup),
                            });
                            if !send_json(&mut sink, &frame).await {
                                return;
                            }
                        }
                        Ok(None) => {}
                        Err(e) => tracing::warn!(error = %e, course_id, "loading a course's figures failed"),
                    }
                }
                // Updates are snapshots: a missed one is superseded by the next.
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return,
            },
            r = subscription.rx.recv() => match r {
                Ok(n) => {
                    if n.id <= floor || replayed.contains(&n.id) {
                        continue;
                    }
                    if !send(&mut sink, Arc::unwrap_or_clone(n)).await {
                        return;
                    }
                }
                Err(RecvError::Lagged(missed)) => {
                    tracing::info!(%user, missed, "live client fell behind; closing");
                    let _ = sink.send(Message::Close(Some(CloseFrame {
                        code: 1013,
                        reason: Utf8Bytes::from_static("too slow; reconnect with since_id"),
                    }))).await;
                    return;
                }
                Err(RecvError::Closed) => return,
            },
            changed = subscription.session.changed() => {
                if changed.is_err() || !session_holds(&state, &session, &mut sink).await {
                    return;
                }
            }
            _ = ping.tick() => {
                if awaiting_pong {
                    tracing::info!(%user, "live client stopped answering pings; closing");
                    return;
                }
                if !session_holds(&state, &session, &mut sink).await {
                    return;
                }
                awaiting_pong = true;
                if !matches!(tokio::time::timeout(SEND_TIMEOUT, sink.send(Message::Ping(Default::default()))).await, Ok(Ok(()))) {
                    return;
                }
            }
            m = stream.next() => match m {
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return,
                Some(Ok(Message::Text(text))) => {
                    awaiting_pong = false;
                    let reply = subscribe(&state, &actor, &text, &mut followed).await;
                    if analytics.is_none() && !followed.is_empty() {
                        analytics = Some(state.app.analytics_updates());
                    }
                    if !send_json(&mut sink, &reply).await {
                        return;
                    }
                }
                // Any traffic shows the client is alive.
                Some(Ok(_)) => awaiting_pong = false,
            },
        }
    }
}

/// Close code for a socket whose session ended (logout, password change, deactivation,
/// token revoked): do not reconnect with the same token.
pub const CLOSE_SESSION_ENDED: u16 = 4401;
/// Close code for a socket opened under a role the account no longer has: reconnect.
pub const CLOSE_ROLE_CHANGED: u16 = 4403;

/// Re-checks the socket's session; when it ended, sends a close frame saying why and
/// returns `false`. A database error keeps the socket (the next heartbeat checks again).
async fn session_holds(
    state: &ApiState,
    session: &LiveSession,
    sink: &mut futures::stream::SplitSink<WebSocket, Message>,
) -> bool {
    match state.app.check_live_session(session).await {
        Ok(()) => true,
        Err(practicum_app::AppError::Unauthorized { code, .. }) => {
            let close = if code == ErrorCode::RoleChanged {
                CLOSE_ROLE_CHANGED
            } else {
                CLOSE_SESSION_ENDED
            };
            tracing::info!(user = %session.user, reason = code.as_str(), "live session ended; closing");
            let _ = tokio::time::timeout(
                SEND_TIMEOUT,
                sink.send(Message::Close(Some(CloseFrame {
                    code: close,
                    reason: Utf8Bytes::from(code.as_str()),
                }))),
            )
            .await;
            false
        }
        Err(e) => {
            tracing::warn!(error = %e, "re-checking a live session failed; keeping the socket");
            true
        }
    }
}

/// Handles a client message (`{"type":"subscribe","course":slug}`): the frame to answer.
async fn subscribe(
    state: &ApiState,
    actor: &Actor,
    text: &str,
    followed: &mut HashMap<i64, String>,
) -> serde_json::Value {
    #[derive(serde::Deserialize)]
    struct ClientMessage {
        #[serde(rename = "type")]
        kind: String,
        course: Option<String>,
    }
    let error = |course: Option<&str>, code: &str, message: String| {
        serde_json::json!({"type": "error", "course": course,
            "error": {"code": code, "message": message}})
    };
    let message = match serde_json::from_str::<ClientMessage>(text) {
        Ok(m) if m.kind == "subscribe" => m,
        Ok(m) => {
            return error(
                None,
                "unknown_message",
                format!(
                    "unknown message type {:?}; send {{\"type\":\"subscribe\",\"course\":slug}}",
                    m.kind
                ),
            )
        }
        Err(e) => return error(None, "invalid_message", format!("not a message: {e}")),
    };
    let Some(slug) = message.course else {
        return error(None, "invalid_message", "course is required".into());
    };
    if followed.len() >= MAX_ANALYTICS_SUBSCRIPTIONS && !followed.values().any(|s| *s == slug) {
        return error(
            Some(&slug),
            "too_many_subscriptions",
            format!("at most {MAX_ANALYTICS_SUBSCRIPTIONS} courses per connection"),
        );
    }
    match state.app.analytics_subscription(actor, &slug).await {
        Ok(course_id) => {
            followed.insert(course_id, slug.clone());
            serde_json::json!({"type": "subscribed", "course": slug})
        }
        Err(e) => {
            let e = ApiError::from(e);
            error(Some(&slug), e.code.as_str(), e.message)
        }
    }
}

/// Sends one JSON frame; `false` when the client is gone or stalled.
async fn send_json(
    sink: &mut futures::stream::SplitSink<WebSocket, Message>,
    frame: &serde_json::Value,
) -> bool {
    matches!(
        tokio::time::timeout(
            SEND_TIMEOUT,
            sink.send(Message::Text(frame.to_string().into()))
        )
        .await,
        Ok(Ok(()))
    )
}

/// Sends one notification frame; `false` when the client is gone or stalled.
async fn send(
    sink: &mut futures::stream::SplitSink<WebSocket, Message>,
    n: NotificationView,
) -> bool {
    let frame = LiveFrame {
        frame_type: "notification",
        notification: NotificationResponse::from(n),
    };
    let Ok(text) = serde_json::to_string(&frame) else {
        return false;
    };
    let ok = matches!(
        tokio::time::timeout(SEND_TIMEOUT, sink.send(Message::Text(text.into()))).await,
        Ok(Ok(()))
    );
    if ok {
        metrics::counter!("ws_messages_sent_total").increment(1);
    }
    ok
}
