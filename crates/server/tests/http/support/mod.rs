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
use practicum_store::Session;
pub use practicum_testkit::Backend;
use practicum_testkit::TestDb;
use serde_json::{json, Value};
use std::net::SocketAddr;
use tower::ServiceExt;

mod auth;
mod config;
mod courses;
mod serve_process;
mod upload;
pub use courses::*;
pub use serve_process::{http_exchange, ServeProcess};
pub use upload::{multipart_put, PNG};

pub const PASSWORD: &str = "correct-h0rse-battery";

/// The API configuration of [`TestApp::start`]: the auth routes' rate limit off.
pub fn test_config() -> ApiConfig {
    ApiConfig {
        auth_rate_limit_per_minute: 0,
        ..ApiConfig::default()
    }
}

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

impl Response {
    /// Asserts the status; returns the body.
    #[track_caller]
    pub fn expect_status(self, status: StatusCode) -> Value {
        assert_eq!(self.status, status, "{}", self.body);
        self.body
    }
}

impl TestApp {
    /// The app with rate limiting off; `None` when the backend is not configured.
    pub async fn start(backend: Backend) -> Option<Self> {
        Self::start_with(backend, test_config()).await
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
        let bearer = authorization(token);
        self.call_with(method, path, &headers(&bearer, None), body)
            .await
    }

    /// A request with extra headers and an optional JSON body.
    pub async fn call_with(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> Response {
        let Some(json) = body else {
            return self.call_raw(method, path, headers, Body::empty()).await;
        };
        let mut headers = headers.to_vec();
        headers.push((header::CONTENT_TYPE.as_str(), "application/json"));
        let body = Body::from(json.to_string());
        self.call_raw(method, path, &headers, body).await
    }

    /// A request with extra headers and a body sent as it is.
    pub async fn call_raw(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Body,
    ) -> Response {
        let mut req = Request::builder().method(method).uri(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req.body(body).expect("request")).await
    }

    /// A `POST` of a form-urlencoded body; `token` adds `Authorization: Bearer`.
    pub async fn post_form(&self, path: &str, token: Option<&str>, form: &str) -> Response {
        let bearer = authorization(token);
        let headers = headers(&bearer, Some("application/x-www-form-urlencoded"));
        let body = Body::from(form.to_owned());
        self.call_raw(Method::POST, path, &headers, body).await
    }

    /// Runs `query` in a write transaction of its own.
    pub async fn execute<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) {
        let mut tx = self.db.db.write().await.expect("write");
        query.execute(tx.conn()).await.expect("execute");
        tx.commit().await.expect("commit");
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

    /// A JSON request that must answer `status`; returns the body.
    pub async fn call_expect(
        &self,
        status: StatusCode,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Value {
        let r = self.call(method.clone(), path, token, body).await;
        assert_eq!(r.status, status, "{method} {path}: {}", r.body);
        r.body
    }

    /// `GET` answered 200; returns the body.
    pub async fn get_ok(&self, path: &str, token: Option<&str>) -> Value {
        self.call_expect(StatusCode::OK, Method::GET, path, token, None)
            .await
    }

    /// `POST` answered 200; returns the body.
    pub async fn post_ok(&self, path: &str, token: Option<&str>, body: Value) -> Value {
        self.call_expect(StatusCode::OK, Method::POST, path, token, Some(body))
            .await
    }

    /// `POST` answered 201; returns the body.
    pub async fn post_created(&self, path: &str, token: Option<&str>, body: Value) -> Value {
        self.call_expect(StatusCode::CREATED, Method::POST, path, token, Some(body))
            .await
    }

    /// `PATCH` answered 200; returns the body.
    pub async fn patch_ok(&self, path: &str, token: Option<&str>, body: Value) -> Value {
        self.call_expect(StatusCode::OK, Method::PATCH, path, token, Some(body))
            .await
    }

    /// Registers through the API and returns the token response.
    pub async fn register(&self, email: &str) -> Value {
        let body = json!({"email": email, "password": PASSWORD, "full_name": "Test User"});
        self.post_created("/api/v1/auth/register", None, body).await
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
        let body = json!({"username": login, "password": password});
        self.post_ok("/api/v1/auth/login", None, body).await
    }

    /// An admin's user-scoped token and admin-scoped token.
    pub async fn admin(&self, email: &str) -> (String, String) {
        let user = self
            .user_with_role(email, practicum_domain::identity::Role::Admin)
            .await;
        let body = json!({"username": email, "password": PASSWORD});
        let admin = self.post_ok("/api/v1/admin/login", None, body).await;
        (token(&user), token(&admin))
    }
}

/// A teacher and the producer who publishes what the teacher submits.
pub struct Staff {
    pub teacher: String,
    pub producer: String,
}

impl TestApp {
    /// `teach@example.org` (teacher) and `prod@example.org` (producer), logged in.
    pub async fn staff(&self) -> Staff {
        use practicum_domain::identity::Role;
        let teacher = self.user_with_role("teach@example.org", Role::Teacher);
        let teacher = token(&teacher.await);
        let producer = self.user_with_role("prod@example.org", Role::Producer);
        let producer = token(&producer.await);
        Staff { teacher, producer }
    }
}

/// The `Authorization` value for `token`.
pub fn authorization(token: Option<&str>) -> Option<String> {
    token.map(|t| format!("Bearer {t}"))
}

/// The headers of a request: `Authorization` when there is a `bearer`, and
/// `Content-Type` when there is a `content_type`.
pub fn headers<'a>(
    bearer: &'a Option<String>,
    content_type: Option<&'a str>,
) -> Vec<(&'a str, &'a str)> {
    let auth = bearer
        .as_deref()
        .map(|b| (header::AUTHORIZATION.as_str(), b));
    let kind = content_type.map(|c| (header::CONTENT_TYPE.as_str(), c));
    auth.into_iter().chain(kind).collect()
}

pub fn token(body: &Value) -> String {
    body["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned()
}

/// The `slug`s of a page's `items`, in order.
pub fn item_slugs(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["slug"].as_str().expect("slug").to_owned())
        .collect()
}

/// The fields a validation error names, in order.
pub fn error_fields(r: &Response) -> Vec<String> {
    r.body["error"]["details"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().expect("field").to_owned())
        .collect()
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
