//! Registration, login, sessions and password reset.

use axum::{
    extract::{FromRequest, Request, State},
    http::{header, StatusCode},
    response::Response,
    Json,
};
use practicum_app::{
    identity::{LoginInput, MeChanges, RegisterInput},
    Scope,
};
use practicum_domain::identity::Role;

use super::dto::*;
use super::session_cookie::{deliver, SessionTransport, USER_COOKIE};
use crate::{
    error::{ApiError, ApiResult, ErrorBody, NotSignedIn},
    extract::{AdminUser, AppForm, AppJson, ClientIp, CurrentAccount, CurrentUser},
    rate_limit::Bucket,
    state::ApiState,
};
use practicum_app::ErrorCode;

/// Create an account (role `student`) and sign in.
///
/// With `X-Session-Transport: cookie` the refresh token is set as the `HttpOnly` cookie
/// `practicum_refresh` (path `/api/v1/auth`) and left out of the body.
#[utoipa::path(post, path = "/auth/register", tag = "identity", security(),
    params(("X-Session-Transport" = Option<String>, Header, description = "`cookie`: the refresh token goes into an HttpOnly cookie instead of the body (browsers); absent or `json`: in the body")),
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created; signed in", body = TokenResponse,
            headers(("set-cookie" = String, description = "With `X-Session-Transport: cookie`: `practicum_refresh=…; Path=/api/v1/auth; HttpOnly; SameSite=Strict`"))),
        (status = 409, description = "E-mail (case-insensitive) or username taken", body = ErrorBody),
        (status = 422, description = "Weak password, malformed e-mail or name, unknown track_slug", body = ErrorBody),
        (status = 429, description = "Too many attempts", body = ErrorBody),
    ))]
pub async fn register_user(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    transport: SessionTransport,
    AppJson(body): AppJson<RegisterRequest>,
) -> ApiResult<Response> {
    state.limiter.check_address(Bucket::AccountLookup, ip)?;
    let input = RegisterInput {
        email: body.email,
        username: body.username,
        password: body.password,
        full_name: body.full_name,
        role: Role::Student,
        track_slug: body.track_slug,
    };
    let tokens = state.app.register_user(input).await?;
    Ok(deliver(
        &state,
        transport,
        USER_COOKIE,
        StatusCode::CREATED,
        tokens,
    ))
}

/// Alias of `POST /auth/register`.
#[utoipa::path(post, path = "/auth/signup", tag = "identity", security(),
    params(("X-Session-Transport" = Option<String>, Header, description = "`cookie`: the refresh token goes into an HttpOnly cookie instead of the body (browsers); absent or `json`: in the body")),
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created; signed in", body = TokenResponse),
        (status = 409, description = "E-mail or username taken", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
pub async fn sign_up(
    state: State<ApiState>,
    ip: ClientIp,
    transport: SessionTransport,
    body: AppJson<RegisterRequest>,
) -> ApiResult<Response> {
    register_user(state, ip, transport, body).await
}

/// A login body as JSON or as an OAuth2 password form.
pub struct LoginBody {
    pub(crate) login: String,
    pub(crate) password: String,
}

impl<S: Send + Sync> FromRequest<S> for LoginBody {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let ct = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if ct.starts_with("application/x-www-form-urlencoded") {
            let AppForm(f) = AppForm::<LoginForm>::from_request(req, state).await?;
            if f.grant_type.as_deref().is_some_and(|g| g != "password") {
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::UnsupportedGrantType,
                    "grant_type must be password",
                ));
            }
            return Ok(Self {
                login: f.username,
                password: f.password,
            });
        }
        let AppJson(j) = AppJson::<LoginRequest>::from_request(req, state).await?;
        let login = j.username.or(j.email).ok_or_else(|| {
            ApiError::from(practicum_app::AppError::Invalid(
                practicum_domain::FieldErrors::single("username", "username or email is required"),
            ))
        })?;
        Ok(Self {
            login,
            password: j.password,
        })
    }
}

/// Sign in with e-mail or username and password (JSON or OAuth2 form).
///
/// With `X-Session-Transport: cookie` the refresh token is set as the `HttpOnly` cookie
/// `practicum_refresh` (path `/api/v1/auth`) and left out of the body; the access token
/// stays in the body (keep it in memory).
#[utoipa::path(post, path = "/auth/login", tag = "identity", security(),
    params(("X-Session-Transport" = Option<String>, Header, description = "`cookie`: the refresh token goes into an HttpOnly cookie instead of the body (browsers); absent or `json`: in the body")),
    request_body(content(
        (LoginRequest = "application/json"),
        (LoginForm = "application/x-www-form-urlencoded"),
    )),
    responses(
        (status = 200, description = "Signed in", body = TokenResponse,
            headers(("set-cookie" = String, description = "With `X-Session-Transport: cookie`: `practicum_refresh=…; Path=/api/v1/auth; HttpOnly; SameSite=Strict`"))),
        (status = 401, description = "Wrong login or password (same answer for an unknown account)", body = ErrorBody),
        (status = 429, description = "Too many attempts", body = ErrorBody),
    ))]
pub async fn log_in(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    transport: SessionTransport,
    body: LoginBody,
) -> ApiResult<Response> {
    let tokens = sign_in(&state, ip, body, Scope::User).await?;
    Ok(deliver(
        &state,
        transport,
        USER_COOKIE,
        StatusCode::OK,
        tokens,
    ))
}

/// User and admin logins have separate buckets (see `rate_limit`), each keyed by client
/// address and account together, so hammering one cannot lock anyone out of the other.
pub(super) async fn sign_in(
    state: &ApiState,
    ip: Option<std::net::IpAddr>,
    body: LoginBody,
    scope: Scope,
) -> ApiResult<practicum_app::identity::AuthTokens> {
    let bucket = match scope {
        Scope::User => Bucket::Login,
        Scope::Admin => Bucket::AdminLogin,
    };
    state.limiter.check_login(bucket, ip, &body.login).await?;
    let input = LoginInput {
        login: body.login,
        password: body.password,
    };
    Ok(state.app.log_in(input, scope).await?)
}

/// Change the password (the current one is required). Every session of the account ends
/// — other devices, access tokens, reset links, live sockets — and this device gets a
/// fresh session in the answer (with `X-Session-Transport: cookie`, its refresh token
/// replaces the `practicum_refresh` cookie, which the change has revoked).
#[utoipa::path(post, path = "/auth/change-password", tag = "identity", security(("bearer" = [])),
    params(("X-Session-Transport" = Option<String>, Header, description = "`cookie`: the refresh token goes into an HttpOnly cookie instead of the body (browsers); absent or `json`: in the body")),
    request_body = ChangePasswordRequest,
    responses(
        (status = 200, description = "Changed; a fresh session for this device", body = TokenResponse,
            headers(("set-cookie" = String, description = "With `X-Session-Transport: cookie`: `practicum_refresh=…; Path=/api/v1/auth; HttpOnly; SameSite=Strict`"))),
        NotSignedIn,
        (status = 409, description = "The password changed meanwhile", body = ErrorBody),
        (status = 422, description = "Wrong current password, or a weak new one", body = ErrorBody),
        (status = 429, description = "Too many attempts", body = ErrorBody),
    ))]
pub async fn change_password(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    CurrentUser(actor): CurrentUser,
    transport: SessionTransport,
    AppJson(body): AppJson<ChangePasswordRequest>,
) -> ApiResult<Response> {
    // Checking the current password is a password guess: the login limiter applies.
    state
        .limiter
        .check_login(Bucket::Login, ip, &format!("user:{}", actor.id))
        .await?;
    let tokens = state
        .app
        .change_password(&actor, &body.current_password, &body.new_password)
        .await?;
    Ok(deliver(
        &state,
        transport,
        USER_COOKIE,
        StatusCode::OK,
        tokens,
    ))
}

/// Whether an account uses this e-mail. Rate limited per client address together with
/// registration (both tell whether an account exists); a deployment may turn it off.
#[utoipa::path(post, path = "/auth/check-email", tag = "identity", security(),
    request_body = EmailRequest,
    responses(
        (status = 200, description = "Answer", body = CheckEmailResponse),
        (status = 404, description = "Turned off by this deployment (`CHECK_EMAIL_ENABLED=false`)", body = ErrorBody),
        (status = 422, description = "Malformed e-mail", body = ErrorBody),
        (status = 429, description = "Too many attempts", body = ErrorBody),
    ))]
pub async fn check_email(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    AppJson(body): AppJson<EmailRequest>,
) -> ApiResult<Json<CheckEmailResponse>> {
    if !state.config.check_email_enabled {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::CheckEmailDisabled,
            "this server does not tell which e-mails have accounts",
        ));
    }
    state.limiter.check_address(Bucket::AccountLookup, ip)?;
    Ok(Json(CheckEmailResponse {
        exists: state.app.check_email(&body.email).await?,
    }))
}

/// Send a password-reset link. Always 202, whether or not the account exists.
#[utoipa::path(post, path = "/auth/forgot-password", tag = "identity", security(),
    request_body = EmailRequest,
    responses(
        (status = 202, description = "If the account exists, a link is on its way", body = MessageResponse),
        (status = 422, description = "Malformed e-mail", body = ErrorBody),
        (status = 429, description = "Too many attempts", body = ErrorBody),
    ))]
pub async fn forgot_password(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    AppJson(body): AppJson<EmailRequest>,
) -> ApiResult<(StatusCode, Json<MessageResponse>)> {
    state.limiter.check_address(Bucket::PasswordReset, ip)?;
    state
        .limiter
        .check_account(Bucket::PasswordReset, &body.email)?;
    state.app.request_password_reset(&body.email).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(MessageResponse {
            message: "if the account exists, a reset link was sent",
        }),
    ))
}

/// Set a new password with the token from the e-mail. Ends every session of the account.
#[utoipa::path(post, path = "/auth/reset-password", tag = "identity", security(),
    request_body = ResetPasswordRequest,
    responses(
        (status = 204, description = "Password changed"),
        (status = 400, description = "Invalid, expired or used token", body = ErrorBody),
        (status = 422, description = "Weak password", body = ErrorBody),
        (status = 429, description = "Too many attempts", body = ErrorBody),
    ))]
pub async fn reset_password(
    State(state): State<ApiState>,
    ClientIp(ip): ClientIp,
    AppJson(body): AppJson<ResetPasswordRequest>,
) -> ApiResult<StatusCode> {
    state.limiter.check_address(Bucket::PasswordReset, ip)?;
    state
        .app
        .reset_password(&body.token, &body.new_password)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in account.
#[utoipa::path(get, path = "/auth/me", tag = "identity", security(("bearer" = [])),
    responses(
        (status = 200, description = "The account", body = UserResponse),
        (status = 401, description = "Not signed in, token expired, revoked or account deactivated", body = ErrorBody),
    ))]
pub async fn get_me(
    CurrentAccount(_actor, account): CurrentAccount,
) -> ApiResult<Json<UserResponse>> {
    Ok(Json(account.into()))
}

/// Alias of `GET /auth/me`.
#[utoipa::path(get, path = "/users/me", tag = "identity", security(("bearer" = [])),
    responses(
        (status = 200, description = "The account", body = UserResponse),
        NotSignedIn,
    ))]
pub async fn get_users_me(account: CurrentAccount) -> ApiResult<Json<UserResponse>> {
    get_me(account).await
}

/// Change the signed-in account's name or username.
#[utoipa::path(patch, path = "/auth/me", tag = "identity", security(("bearer" = [])),
    request_body = UpdateMeRequest,
    responses(
        (status = 200, description = "Updated account", body = UserResponse),
        NotSignedIn,
        (status = 409, description = "Username taken", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
pub async fn update_me(
    State(state): State<ApiState>,
    CurrentUser(actor): CurrentUser,
    AppJson(body): AppJson<UpdateMeRequest>,
) -> ApiResult<Json<UserResponse>> {
    let changes = MeChanges {
        full_name: body.full_name,
        username: body.username,
    };
    Ok(Json(state.app.update_me(&actor, changes).await?.into()))
}

/// The admin behind an admin-scoped token (for admin consoles to check their session).
#[utoipa::path(get, path = "/admin/me", tag = "identity", security(("bearer" = [])),
    responses(
        (status = 200, description = "The admin account", body = UserResponse),
        (status = 401, description = "No token, or not an admin-scoped token", body = ErrorBody),
    ))]
pub async fn get_admin_me(
    State(state): State<ApiState>,
    AdminUser(actor): AdminUser,
) -> ApiResult<Json<UserResponse>> {
    Ok(Json(state.app.get_me(&actor).await?.into()))
}
