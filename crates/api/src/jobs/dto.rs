use crate::page::page_response;
use chrono::{DateTime, Utc};
use practicum_app::jobs::JobView;
use practicum_domain::clock::to_datetime;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

/// A background job.
#[derive(Debug, Serialize, ToSchema)]
pub struct BackgroundJobResponse {
    pub id: i64,
    #[schema(example = "email_outbox")]
    pub kind: String,
    #[schema(value_type = Object)]
    pub payload: Value,
    /// `queued`, `running`, `succeeded` or `dead`.
    pub status: String,
    pub attempts: i32,
    pub max_attempts: i32,
    /// When it is (or was) due.
    pub run_at: DateTime<Utc>,
    /// The worker holding it while running.
    pub lease_owner: Option<String>,
    pub lease_expires_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// `kind:slot` for periodic jobs.
    pub dedupe_key: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<JobView> for BackgroundJobResponse {
    fn from(j: JobView) -> Self {
        Self {
            id: j.id,
            kind: j.kind,
            payload: j.payload,
            status: j.status,
            attempts: j.attempts,
            max_attempts: j.max_attempts,
            run_at: to_datetime(j.run_at),
            lease_owner: j.lease_owner,
            lease_expires_at: j.lease_expires_at.map(to_datetime),
            last_error: j.last_error,
            dedupe_key: j.dedupe_key,
            created_at: to_datetime(j.created_at),
            updated_at: to_datetime(j.updated_at),
            finished_at: j.finished_at.map(to_datetime),
        }
    }
}

page_response!(BackgroundJobPage of BackgroundJobResponse);

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BackgroundJobQuery {
    #[param(minimum = 1)]
    pub page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    pub page_size: Option<u32>,
    /// `queued`, `running`, `succeeded` or `dead`.
    pub status: Option<String>,
    pub kind: Option<String>,
}
