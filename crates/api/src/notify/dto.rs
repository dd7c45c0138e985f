use crate::page::page_response;
use chrono::{DateTime, Utc};
use practicum_app::notify::NotificationView;
use practicum_domain::clock::to_datetime;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

/// One notification of the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationResponse {
    pub id: i64,
    /// `approval_decided`, `exam_graded`, `course_published`, `review_created`, `review_replied`.
    #[schema(example = "course_published")]
    pub kind: String,
    /// Kind-specific fields (ids, titles, outcomes).
    #[schema(value_type = Object)]
    pub payload: Value,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

impl From<NotificationView> for NotificationResponse {
    fn from(n: NotificationView) -> Self {
        Self {
            id: n.id,
            kind: n.kind,
            payload: n.payload,
            created_at: to_datetime(n.created_at),
            read_at: n.read_at.map(to_datetime),
        }
    }
}

page_response!(NotificationPage of NotificationResponse);

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NotificationListQuery {
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u32>,
    /// Only notifications not read yet.
    #[serde(default)]
    pub unread_only: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationsMarkedResponse {
    /// How many notifications changed to read.
    pub marked: u64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LiveSocketQuery {
    /// The access token, when the client cannot set `Sec-WebSocket-Protocol`.
    pub token: Option<String>,
    /// Replay the caller's notifications with a larger id first (what was missed).
    #[param(minimum = 0)]
    pub since_id: Option<i64>,
}

/// A frame the server sends on `/ws`.
#[derive(Debug, Serialize, ToSchema)]
pub struct LiveFrame {
    /// `notification`.
    #[serde(rename = "type")]
    pub frame_type: &'static str,
    pub notification: NotificationResponse,
}
