//! A test app whose API config differs from the test default in a field or two.

use practicum_api::ApiConfig;

use super::{Backend, TestApp};

impl TestApp {
    /// Like [`TestApp::start`] (login rate limiting off), with `change` made to the config.
    pub async fn start_tuned(
        backend: Backend,
        change: impl FnOnce(&mut ApiConfig),
    ) -> Option<Self> {
        let mut config = super::test_config();
        change(&mut config);
        Self::start_with(backend, config).await
    }
}
