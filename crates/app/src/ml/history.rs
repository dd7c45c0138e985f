use practicum_auth::constant_time_eq;
use practicum_domain::{
    identity::{Role, UserId},
    Timestamp,
};
use practicum_store::ml::history::{self, MlRequestRecord};
use secrecy::ExposeSecret;
use serde_json::Value;

use crate::ErrorCode;
use crate::{identity::Actor, App, AppError, Page, PageRequest};

/// Filters of `GET /ml/history`; `to` is exclusive.
#[derive(Debug, Clone, Copy, Default)]
pub struct HistoryFilter {
    pub status_code: Option<u16>,
    pub user_id: Option<UserId>,
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
}

/// One history row as admins see it.
#[derive(Debug, Clone)]
pub struct MlRequestView {
    pub id: i64,
    pub created_at: Timestamp,
    /// `image_classification` or `json_echo`.
    pub request_type: String,
    pub user_id: Option<UserId>,
    pub model_name: Option<String>,
    pub model_version: Option<String>,
    pub status_code: u16,
    pub preprocess_ms: f64,
    pub inference_ms: f64,
    pub processing_ms: f64,
    pub input_bytes: i64,
    pub image_width: Option<i64>,
    pub image_height: Option<i64>,
    /// The top-K predictions on success (the echoed JSON for `json_echo`).
    pub result: Option<Value>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
}

impl From<MlRequestRecord> for MlRequestView {
    fn from(r: MlRequestRecord) -> Self {
        Self {
            id: r.id,
            created_at: r.created_at,
            request_type: r.request_type,
            user_id: r.user_id,
            model_name: r.model_name,
            model_version: r.model_version,
            status_code: r.status_code,
            preprocess_ms: r.preprocess_ms,
            inference_ms: r.inference_ms,
            processing_ms: r.processing_ms,
            input_bytes: r.input_bytes,
            image_width: r.image_width,
            image_height: r.image_height,
            result: r
                .result_json
                .as_deref()
                .and_then(|j| serde_json::from_str(j).ok()),
            error_code: r.error_code,
            error_message: r.error_message,
        }
    }
}

impl App {
    /// The inference history (admin), newest first.
    pub async fn list_ml_history(
        &self,
        actor: &Actor,
        filter: HistoryFilter,
        page: PageRequest,
    ) -> Result<Page<MlRequestView>, AppError> {
        actor.require(&[Role::Admin])?;
        let mut conn = self.db.read_lagging().await?;
        let (rows, total) = history::list(
            &mut conn,
            &history::HistoryFilter {
                status_code: filter.status_code,
                user_id: filter.user_id,
                from: filter.from,
                to: filter.to,
            },
            page.limit(),
            page.offset(),
        )
        .await?;
        Ok(Page::new(rows, total, page).convert())
    }

    /// Deletes the history (or the rows older than `older_than`) for the holder of the
    /// static `ADMIN_TOKEN`, compared in constant time. Missing 401, wrong 403, not
    /// configured 503. Returns how many rows were deleted.
    pub async fn clear_ml_history(
        &self,
        presented: Option<&str>,
        older_than: Option<Timestamp>,
    ) -> Result<u64, AppError> {
        self.check_admin_token(presented)?;
        let mut tx = self.db.write().await?;
        let deleted = history::delete(&mut tx, older_than).await?;
        tx.commit().await?;
        tracing::info!(deleted, ?older_than, "inference history deleted");
        Ok(deleted)
    }

    /// Whether `presented` is the configured `ADMIN_TOKEN`.
    pub fn check_admin_token(&self, presented: Option<&str>) -> Result<(), AppError> {
        let Some(expected) = &self.ml.serving.limits.admin_token else {
            return Err(AppError::Unavailable {
                code: ErrorCode::AdminTokenNotConfigured,
                message: "this operation needs ADMIN_TOKEN to be set on the server".into(),
                retry_after: None,
            });
        };
        let Some(presented) = presented.filter(|p| !p.is_empty()) else {
            return Err(AppError::unauthorized(
                ErrorCode::AdminTokenRequired,
                "send the admin token as Authorization: Bearer <ADMIN_TOKEN> or X-Admin-Token",
            ));
        };
        if constant_time_eq(presented.as_bytes(), expected.expose_secret().as_bytes()) {
            Ok(())
        } else {
            Err(AppError::forbidden(
                ErrorCode::InvalidAdminToken,
                "the admin token is wrong",
            ))
        }
    }
}
