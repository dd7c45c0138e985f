//! The auth and account endpoints as one call each, for the tests that check the answer
//! themselves (`TestApp::register`, `login` and `admin` assert success).

use axum::http::Method;
use serde::Serialize;
use serde_json::{json, Value};

use super::{Response, TestApp};

impl TestApp {
    /// `GET /auth/me` as `token` (anonymous when `None`).
    pub async fn me(&self, token: Option<&str>) -> Response {
        self.get("/api/v1/auth/me", token).await
    }

    /// `POST /auth/register` with `body`, unchecked.
    pub async fn try_register(&self, body: Value) -> Response {
        self.post("/api/v1/auth/register", None, body).await
    }

    /// `POST /auth/login` with a username (or e-mail) and password, unchecked.
    pub async fn try_login(&self, username: &str, password: &str) -> Response {
        let body = json!({"username": username, "password": password});
        self.post("/api/v1/auth/login", None, body).await
    }

    /// `POST /auth/refresh` with `refresh_token` in the body.
    pub async fn refresh(&self, refresh_token: impl Serialize) -> Response {
        let body = json!({ "refresh_token": refresh_token });
        self.post("/api/v1/auth/refresh", None, body).await
    }

    /// `POST /auth/logout` as `access`: of the session of `refresh_token`, or of every
    /// session when `None`.
    pub async fn logout(&self, access: &str, refresh_token: Option<&str>) -> Response {
        let body = refresh_token.map(|r| json!({ "refresh_token": r }));
        self.call(Method::POST, "/api/v1/auth/logout", Some(access), body)
            .await
    }

    /// `POST /auth/check-email` for `email`.
    pub async fn check_email(&self, email: &str) -> Response {
        let body = json!({ "email": email });
        self.post("/api/v1/auth/check-email", None, body).await
    }

    /// `POST /auth/forgot-password` for `email`.
    pub async fn forgot_password(&self, email: &str) -> Response {
        let body = json!({ "email": email });
        self.post("/api/v1/auth/forgot-password", None, body).await
    }

    /// `POST /auth/reset-password` with the mailed `token`.
    pub async fn reset_password(&self, token: &str, new_password: &str) -> Response {
        let body = json!({"token": token, "new_password": new_password});
        self.post("/api/v1/auth/reset-password", None, body).await
    }

    /// `POST /auth/change-password` as `access`.
    pub async fn change_password(&self, access: &str, current: &str, new: &str) -> Response {
        let body = json!({"current_password": current, "new_password": new});
        self.post("/api/v1/auth/change-password", Some(access), body)
            .await
    }

    /// `PATCH /auth/me` (name, username) as `token`.
    pub async fn patch_me(&self, token: &str, body: Value) -> Response {
        self.patch("/api/v1/auth/me", Some(token), body).await
    }

    /// `PATCH /accounts/profiles/me` as `token`.
    pub async fn patch_profile(&self, token: &str, body: Value) -> Response {
        self.patch("/api/v1/accounts/profiles/me", Some(token), body)
            .await
    }

    /// `POST /accounts/specializations` named `name`, as `token`.
    pub async fn add_specialization(&self, token: &str, name: &str) -> Response {
        let body = json!({ "name": name });
        self.post("/api/v1/accounts/specializations", Some(token), body)
            .await
    }

    /// `PATCH /accounts/users/{id}` (role, `is_active`) as `admin`.
    pub async fn patch_user(
        &self,
        admin: &str,
        id: impl std::fmt::Display,
        body: Value,
    ) -> Response {
        self.patch(&format!("/api/v1/accounts/users/{id}"), Some(admin), body)
            .await
    }
}
