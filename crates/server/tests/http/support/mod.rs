//! `TestApp`: the production router with test wiring, and request helpers that check the
//! status and return the JSON body.

use axum::{
    body::Body,
    extract::connect_info::MockConnectInfo,
    http::{header, Method, Request, StatusCode},
    Router,
};
use http_body_util::BodyExt;
use practicum_api::ApiConfig;
use practicum_app::App;
pub use practicum_testkit::Backend;
use practicum_testkit::TestDb;
use serde_json::{json, Value};
use std::net::SocketAddr;
use tower::ServiceExt;

mod courses;
mod upload;
pub use courses::*;
pub use upload::{multipart_put, PNG};

pub const PASSWORD: &str = "correct-h0rse-battery";

pub struct TestApp {
    pub router: Router,
    pub app: App,
    pub db: TestDb,
}

pub struct Response {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
    pub bytes: Vec<u8>,
}

impl TestApp {
    /// The app with rate limiting off; `None` when the backend is not configured.
    pub async fn start(backend: Backend) -> Option<Self> {
        Self::start_with(
            backend,
            ApiConfig {
                auth_rate_limit_per_minute: 0,
                ..ApiConfig::default()
            },
        )
        .await
    }

    pub async fn start_with(backend: Backend, config: ApiConfig) -> Option<Self> {
        Self::start_custom(backend, config, |app| app).await
    }

    /// Like [`TestApp::start_with`], with the use-case layer adjusted by `customize`
    /// (a model, ML limits).
    pub async fn start_custom(
        backend: Backend,
        config: ApiConfig,
        customize: impl FnOnce(App) -> App,
    ) -> Option<Self> {
        let db = TestDb::create(backend).await?;
        let app = customize(practicum_testkit::test_app(db.db.clone()));
        let router = practicum_server::wiring::build_router(app.clone(), config)
            .layer(MockConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))));
        Some(Self { router, app, db })
    }

    pub async fn send(&self, req: Request<Body>) -> Response {
        let res = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("router is infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes()
            .to_vec();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Response {
            status,
            headers,
            body,
            bytes,
        }
    }

    /// A JSON request; `token` adds `Authorization: Bearer`.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Response {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(t) = token {
            req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        let req = match body {
            Some(b) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        };
        self.send(req.expect("request")).await
    }

    /// A request with extra headers and an optional JSON body.
    pub async fn call_with(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> Response {
        let mut req = Request::builder().method(method).uri(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = match body {
            Some(b) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        };
        self.send(req.expect("request")).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.call(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.call(Method::POST, path, token, Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.call(Method::PATCH, path, token, Some(body)).await
    }

    /// Registers through the API and returns the token response.
    pub async fn register(&self, email: &str) -> Value {
        let r = self
            .post(
                "/api/v1/auth/register",
                None,
                json!({"email": email, "password": PASSWORD, "full_name": "Test User"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.body
    }

    /// Registers and returns the access token.
    pub async fn student(&self, email: &str) -> String {
        self.register(email).await["access_token"]
            .as_str()
            .expect("token")
            .to_owned()
    }

    /// Creates an account with a role through the use-case layer, then logs in.
    pub async fn user_with_role(
        &self,
        email: &str,
        role: practicum_domain::identity::Role,
    ) -> Value {
        self.app
            .create_user_with_role(
                practicum_app::identity::EnsureAdmin {
                    email: email.into(),
                    password: PASSWORD.into(),
                    full_name: "Role User".into(),
                },
                role,
            )
            .await
            .expect("create user");
        self.login(email, PASSWORD).await
    }

    pub async fn login(&self, login: &str, password: &str) -> Value {
        let r = self
            .post(
                "/api/v1/auth/login",
                None,
                json!({"username": login, "password": password}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.body
    }

    /// An admin's user-scoped token and admin-scoped token.
    pub async fn admin(&self, email: &str) -> (String, String) {
        let user = self
            .user_with_role(email, practicum_domain::identity::Role::Admin)
            .await;
        let r = self
            .post(
                "/api/v1/admin/login",
                None,
                json!({"username": email, "password": PASSWORD}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        (token(&user), token(&r.body))
    }
}

pub fn token(body: &Value) -> String {
    body["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned()
}

/// Asserts the error envelope and its code.
#[track_caller]
pub fn assert_error(r: &Response, status: StatusCode, code: &str) {
    assert_eq!(r.status, status, "body: {}", r.body);
    assert_eq!(r.body["error"]["code"], code, "body: {}", r.body);
    assert!(r.body["error"]["message"].is_string(), "body: {}", r.body);
}

/// The PostgreSQL cases may only be skipped outside CI.
#[test]
fn postgres_tests_are_not_skipped_on_ci() {
    if std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false") {
        assert!(
            practicum_testkit::postgres_url().is_some(),
            "CI is set but PRACTICUM_TEST_POSTGRES_URL is not: the PostgreSQL cases would be skipped"
        );
    }
}
