//! The standalone ML service's routes, at the root, over the same users, history and model.

use axum::{
    extract::{Request, State},
    http::{HeaderMap, StatusCode},
    Json,
};
use practicum_app::{identity::RegisterInput, AppError, Scope};
use practicum_domain::{clock::to_datetime, identity::Role};

use super::{dto::*, history::recorded_calls};
use crate::{
    error::{ApiResult, ErrorBody, NotSignedIn},
    extract::{AppJson, AppQuery, ClientIp, CurrentUser, MaybeUser},
    identity::LoginBody,
    middleware::security_headers::NoStore,
    state::ApiState,
};
use practicum_app::ErrorCode;

/// Create an account by username (standalone ML service). `is_admin: true` needs an admin's
/// bearer token.
#[utoipa::path(post, path = "/register", tag = "ml", security((), ("bearer" = [])),
    request_body = LegacyRegisterRequest,
    responses(
        (status = 201, description = "Account created", body = LegacyUser),
        (status = 400, description = "Username already taken", body = ErrorBody),
        (status = 401, description = "An invalid bearer token was sent", body = ErrorBody),
        (status = 403, description = "is_admin requested by someone who is not an admin", body = ErrorBody),
        (status = 422, description = "Invalid username or weak password", body = ErrorBody),
        (status = 429, description = "Too many attempts", body = ErrorBody),
    ))]
pub async fn register(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    MaybeUser(caller): MaybeUser,
    AppJson(body): AppJson<LegacyRegisterRequest>,
) -> ApiResult<(StatusCode, Json<LegacyUser>)> {
    state
        .limiter
        .check_address(crate::rate_limit::Bucket::AccountLookup, ip)?;
    if body.is_admin && !caller.as_ref().is_some_and(|c| c.role == Role::Admin) {
        return Err(AppError::forbidden(
            ErrorCode::AdminRequired,
            "only an admin may create an admin account",
        )
        .into());
    }
    let input = RegisterInput {
        email: None,
        username: Some(body.username),
        password: body.password,
        full_name: None,
        role: if body.is_admin {
            Role::Admin
        } else {
            Role::Student
        },
        track_slug: None,
    };
    let tokens = state.app.register_user(input).await.map_err(|e| match e {
        // The standalone service answered 400 for a taken username; its clients rely on it.
        AppError::Conflict { code, message, .. } => AppError::bad_request(code, message),
        other => other,
    })?;
    let user = tokens.user;
    Ok((
        StatusCode::CREATED,
        Json(LegacyUser {
            id: user.user_id.0,
            username: user.username.unwrap_or_default(),
            is_admin: user.role == Role::Admin,
            created_at: to_datetime(user.created_at),
        }),
    ))
}

/// Sign in with an OAuth2 password form (or JSON) and get an access token.
#[utoipa::path(post, path = "/token", tag = "ml", security(),
    request_body(content(
        (crate::identity::dto::LoginForm = "application/x-www-form-urlencoded"),
        (crate::identity::dto::LoginRequest = "application/json"),
    )),
    responses(
        (status = 200, description = "Signed in", body = LegacyToken),
        (status = 401, description = "Wrong username or password", body = ErrorBody),
        (status = 429, description = "Too many attempts", body = ErrorBody),
    ))]
pub async fn token(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    body: LoginBody,
) -> ApiResult<(NoStore, Json<LegacyToken>)> {
    state
        .limiter
        .check_login(crate::rate_limit::Bucket::Login, ip, &body.login)
        .await?;
    let tokens = state
        .app
        .log_in(
            practicum_app::identity::LoginInput {
                login: body.login,
                password: body.password,
            },
            Scope::User,
        )
        .await?;
    Ok((
        NoStore,
        Json(LegacyToken {
            access_token: tokens.access_token,
            token_type: "bearer",
        }),
    ))
}

/// Same as `POST /api/v1/ml/forward`; also takes a form-urlencoded `data` field.
#[utoipa::path(post, path = "/forward", operation_id = "legacy_forward", tag = "ml", security(("bearer" = [])),
    request_body(content(
        (ForwardForm = "multipart/form-data"),
        (ForwardDataForm = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "Top-K classes (`result`; `results` for several images), or the echoed `data`", body = ForwardResponse),
        (status = 400, description = "Nothing sent, malformed multipart, or invalid JSON in `data`", body = ErrorBody),
        NotSignedIn,
        (status = 413, description = "An image over the size limit, or too many images", body = ErrorBody),
        (status = 415, description = "Unsupported image format", body = ErrorBody),
        (status = 422, description = "Not an image, truncated, decompression bomb, or bad top_k", body = ErrorBody),
        (status = 503, description = "No model configured, or the queue is full (`Retry-After`)", body = ErrorBody),
    ))]
pub async fn forward(
    state: State<ApiState>,
    actor: CurrentUser,
    req: Request,
) -> ApiResult<Json<ForwardResponse>> {
    super::forward::forward(state, actor, req).await
}

/// The inference history (admin), newest first: `{total, items}`.
#[utoipa::path(get, path = "/history", tag = "ml", security(("bearer" = [])),
    params(HistoryQuery),
    responses(
        (status = 200, description = "Recorded calls", body = LegacyHistory),
        HistoryReadRefusals,
    ))]
pub async fn history(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppQuery(q): AppQuery<HistoryQuery>,
) -> ApiResult<Json<LegacyHistory>> {
    let page = recorded_calls(&state, &actor, &q).await?;
    Ok(Json(LegacyHistory {
        total: page.total,
        items: page.items.into_iter().map(Into::into).collect(),
    }))
}

/// Delete the history with the static ADMIN_TOKEN (`Authorization: Bearer <ADMIN_TOKEN>`, or
/// `X-Admin-Token` beside an admin's JWT); 204 when done.
#[utoipa::path(delete, path = "/history", operation_id = "legacy_delete_history", tag = "ml", security(("bearer" = [])),
    params(DeleteHistoryQuery,
        ("X-Admin-Token" = Option<String>, Header, description = "The ADMIN_TOKEN, when the bearer is an admin's JWT")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No admin token sent", body = ErrorBody),
        (status = 403, description = "Wrong admin token", body = ErrorBody),
        AdminTokenRefusals,
    ))]
pub async fn delete_history(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    AppQuery(q): AppQuery<DeleteHistoryQuery>,
) -> ApiResult<StatusCode> {
    super::history::clear(&state, &headers, ip, &q).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Same as `GET /api/v1/ml/stats`.
#[utoipa::path(get, path = "/stats", operation_id = "legacy_stats", tag = "ml", security(("bearer" = [])),
    params(StatsQuery),
    responses(
        (status = 200, description = "Aggregates (zeros on an empty history)", body = StatsResponse),
        StatsRefusals,
    ))]
pub async fn stats(
    state: State<ApiState>,
    actor: CurrentUser,
    q: AppQuery<StatsQuery>,
) -> ApiResult<Json<StatsResponse>> {
    super::history::stats(state, actor, q).await
}
