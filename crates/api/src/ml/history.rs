use axum::{extract::State, http::HeaderMap, Json};
use practicum_app::{
    identity::Actor,
    ml::{HistoryFilter, MlRequestView},
    Page, PageRequest,
};
use practicum_domain::identity::UserId;

use super::{admin_token::require_admin_token, dto::*};
use crate::{
    error::{ApiResult, ErrorBody},
    extract::{AppQuery, ClientIp, CurrentUser},
    state::ApiState,
};

fn filter(q: &HistoryQuery) -> HistoryFilter {
    HistoryFilter {
        status_code: q.status,
        user_id: q.user_id.map(UserId),
        from: q.from.map(|t| t.timestamp_millis()),
        to: q.to.map(|t| t.timestamp_millis()),
    }
}

/// The page of recorded calls a history query asks for (admin): `GET /ml/history` and the
/// standalone service's `GET /history` answer it in their own shapes.
pub(super) async fn recorded_calls(
    state: &ApiState,
    actor: &Actor,
    q: &HistoryQuery,
) -> ApiResult<Page<MlRequestView>> {
    let page = PageRequest::new(q.page, q.page_size);
    Ok(state.app.list_ml_history(actor, filter(q), page).await?)
}

/// The inference history (admin), newest first, filtered by status, user and time range.
#[utoipa::path(get, path = "/ml/history", tag = "ml", security(("bearer" = [])),
    params(HistoryQuery),
    responses(
        (status = 200, description = "One page of recorded calls", body = HistoryPage),
        HistoryReadRefusals,
    ))]
pub async fn list_history(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppQuery(q): AppQuery<HistoryQuery>,
) -> ApiResult<Json<HistoryPage>> {
    let page = recorded_calls(&state, &actor, &q).await?;
    Ok(Json(HistoryPage::from(page)))
}

/// Delete the history (or the calls before `older_than`). Needs the static ADMIN_TOKEN as
/// `Authorization: Bearer <ADMIN_TOKEN>`, or as `X-Admin-Token` beside an admin's JWT.
#[utoipa::path(delete, path = "/ml/history", tag = "ml", security(("bearer" = [])),
    params(DeleteHistoryQuery,
        ("X-Admin-Token" = Option<String>, Header, description = "The ADMIN_TOKEN, when the bearer is an admin's JWT")),
    responses(
        (status = 200, description = "Deleted; how many rows", body = DeletedResponse),
        (status = 401, description = "No admin token sent (or X-Admin-Token without a valid JWT)", body = ErrorBody),
        (status = 403, description = "Wrong admin token, or X-Admin-Token with a non-admin's JWT", body = ErrorBody),
        AdminTokenRefusals,
    ))]
pub async fn delete_history(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    AppQuery(q): AppQuery<DeleteHistoryQuery>,
) -> ApiResult<Json<DeletedResponse>> {
    Ok(Json(DeletedResponse {
        deleted: clear(&state, &headers, ip, &q).await?,
    }))
}

pub(super) async fn clear(
    state: &ApiState,
    headers: &HeaderMap,
    ip: Option<std::net::IpAddr>,
    q: &DeleteHistoryQuery,
) -> ApiResult<u64> {
    require_admin_token(state, headers, ip).await?;
    // The token was checked above; the use-case checks it again (it is its own guard).
    let presented = headers
        .get("x-admin-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| {
            headers
                .get(axum::http::header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split_once(' ').map(|(_, t)| t.trim().to_owned()))
        });
    Ok(state
        .app
        .clear_ml_history(
            presented.as_deref(),
            q.older_than.map(|t| t.timestamp_millis()),
        )
        .await?)
}

/// Statistics of the inference history (admin), overall and per model, over an optional
/// window. Times in milliseconds; percentiles interpolate linearly between recorded times.
#[utoipa::path(get, path = "/ml/stats", tag = "ml", security(("bearer" = [])),
    params(StatsQuery),
    responses(
        (status = 200, description = "Aggregates (zeros on an empty history)", body = StatsResponse),
        StatsRefusals,
    ))]
pub async fn stats(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppQuery(q): AppQuery<StatsQuery>,
) -> ApiResult<Json<StatsResponse>> {
    Ok(Json(
        state
            .app
            .ml_stats(
                &actor,
                q.from.map(|t| t.timestamp_millis()),
                q.to.map(|t| t.timestamp_millis()),
            )
            .await?
            .into(),
    ))
}
