use practicum_domain::{identity::UserId, Timestamp};
use sqlx::any::AnyRow;

use crate::query::{affected, count, new_id};
use crate::{row::get, Session, StoreError};

/// One recorded `/ml/forward` call (or one image of it).
#[derive(Debug, Clone, PartialEq)]
pub struct MlRequestRecord {
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
    /// The top-K predictions as JSON text, on success.
    pub result_json: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
}

/// Fields of a new history row.
#[derive(Debug, Clone)]
pub struct NewMlRequest<'a> {
    pub created_at: Timestamp,
    /// `image_classification` or `json_echo`.
    pub request_type: &'a str,
    pub user_id: Option<UserId>,
    pub model_name: Option<&'a str>,
    pub model_version: Option<&'a str>,
    pub status_code: u16,
    pub preprocess_ms: f64,
    pub inference_ms: f64,
    pub processing_ms: f64,
    pub input_bytes: i64,
    pub image_width: Option<i64>,
    pub image_height: Option<i64>,
    pub result_json: Option<&'a str>,
    pub error_code: Option<&'a str>,
    pub error_message: Option<&'a str>,
}

/// Filters of the history listing; every bound is optional. `to` is exclusive.
#[derive(Debug, Clone, Copy, Default)]
pub struct HistoryFilter {
    pub status_code: Option<u16>,
    pub user_id: Option<UserId>,
    pub from: Option<Timestamp>,
    pub to: Option<Timestamp>,
}

const COLUMNS: &str =
    "id, created_at, request_type, user_id, model_name, model_version, status_code, \
                       preprocess_ms, inference_ms, processing_ms, input_bytes, image_width, \
                       image_height, result_json, error_code, error_message";

/// `$1..$4` are status, user, from, to (see [`bind_filter`]).
const FILTER: &str = "($1 IS NULL OR status_code = $1) AND ($2 IS NULL OR user_id = $2) \
                      AND ($3 IS NULL OR created_at >= $3) AND ($4 IS NULL OR created_at < $4)";

fn from_row(r: &AnyRow) -> Result<MlRequestRecord, StoreError> {
    let status: i32 = get(r, "status_code")?;
    Ok(MlRequestRecord {
        id: get(r, "id")?,
        created_at: get(r, "created_at")?,
        request_type: get(r, "request_type")?,
        user_id: get::<Option<i64>>(r, "user_id")?.map(UserId),
        model_name: get(r, "model_name")?,
        model_version: get(r, "model_version")?,
        status_code: u16::try_from(status)
            .map_err(|_| StoreError::Corrupt(format!("status_code {status}")))?,
        preprocess_ms: get(r, "preprocess_ms")?,
        inference_ms: get(r, "inference_ms")?,
        processing_ms: get(r, "processing_ms")?,
        input_bytes: get(r, "input_bytes")?,
        image_width: get::<Option<i32>>(r, "image_width")?.map(i64::from),
        image_height: get::<Option<i32>>(r, "image_height")?.map(i64::from),
        result_json: get(r, "result_json")?,
        error_code: get(r, "error_code")?,
        error_message: get(r, "error_message")?,
    })
}

fn to_i32(v: Option<i64>) -> Option<i32> {
    v.and_then(|v| i32::try_from(v).ok())
}

/// Records one call; returns its id.
pub async fn insert(s: &mut dyn Session, r: &NewMlRequest<'_>) -> Result<i64, StoreError> {
    let query = sqlx::query(
        "INSERT INTO ml_requests (created_at, user_id, model_name, model_version, status_code, \
         preprocess_ms, inference_ms, processing_ms, input_bytes, image_width, image_height, \
         result_json, error_code, error_message, request_type) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    )
    .bind(r.created_at)
    .bind(r.user_id.map(|u| u.0))
    .bind(r.model_name)
    .bind(r.model_version)
    .bind(i32::from(r.status_code))
    .bind(r.preprocess_ms)
    .bind(r.inference_ms)
    .bind(r.processing_ms)
    .bind(r.input_bytes)
    .bind(to_i32(r.image_width))
    .bind(to_i32(r.image_height))
    .bind(r.result_json)
    .bind(r.error_code)
    .bind(r.error_message)
    .bind(r.request_type);
    new_id(query, s.conn()).await
}

/// One page of the history, newest first, and the number of matching rows.
pub async fn list(
    s: &mut dyn Session,
    f: &HistoryFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<MlRequestRecord>, i64), StoreError> {
    let status = f.status_code.map(i32::from);
    let user = f.user_id.map(|u| u.0);
    let total: i64 = count(
        sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM ml_requests WHERE {FILTER}"
        ))
        .bind(status)
        .bind(user)
        .bind(f.from)
        .bind(f.to),
        s.conn(),
    )
    .await?;
    let sql = format!(
        "SELECT {COLUMNS} FROM ml_requests WHERE {FILTER} \
         ORDER BY created_at DESC, id DESC LIMIT $5 OFFSET $6"
    );
    let rows = sqlx::query(&sql)
        .bind(status)
        .bind(user)
        .bind(f.from)
        .bind(f.to)
        .bind(limit)
        .bind(offset)
        .fetch_all(s.conn())
        .await?;
    Ok((rows.iter().map(from_row).collect::<Result<_, _>>()?, total))
}

/// Deletes the history, or only the rows created before `older_than`. Returns how many.
pub async fn delete(s: &mut dyn Session, older_than: Option<Timestamp>) -> Result<u64, StoreError> {
    affected(
        sqlx::query("DELETE FROM ml_requests WHERE ($1 IS NULL OR created_at < $1)")
            .bind(older_than),
        s.conn(),
    )
    .await
}
