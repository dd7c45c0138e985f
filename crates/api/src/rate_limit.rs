//! Rate limiting of credential endpoints, per client address and per account, with GCRA
//! (the `governor` crate): `AUTH_RATE_LIMIT_PER_MINUTE` attempts, refilled evenly.
//!
//! The state is per process; behind a load balancer each process allows the quota, which
//! bounds brute force at `processes × quota` per minute.

use std::{net::IpAddr, num::NonZeroU32};

use governor::{clock::Clock, DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::ApiError;

pub struct AuthRateLimiter {
    limiter: Option<DefaultKeyedRateLimiter<String>>,
}

impl AuthRateLimiter {
    pub fn new(per_minute: u32) -> Self {
        Self {
            limiter: NonZeroU32::new(per_minute).map(|n| RateLimiter::keyed(Quota::per_minute(n))),
        }
    }

    /// Counts one attempt at `action` by `ip` and on `account`; 429 with `Retry-After`
    /// when either is over its quota.
    pub fn check(
        &self,
        action: &str,
        ip: Option<IpAddr>,
        account: Option<&str>,
    ) -> Result<(), ApiError> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        let mut keys = Vec::with_capacity(2);
        if let Some(ip) = ip {
            keys.push(format!("{action}|ip|{ip}"));
        }
        if let Some(account) = account
            .map(|a| a.trim().to_lowercase())
            .filter(|a| !a.is_empty())
        {
            keys.push(format!("{action}|acct|{account}"));
        }
        if keys.is_empty() {
            keys.push(format!("{action}|anonymous"));
        }
        for key in keys {
            if let Err(not_until) = limiter.check_key(&key) {
                let wait = not_until.wait_time_from(governor::clock::DefaultClock::default().now());
                return Err(ApiError::rate_limited(wait.as_secs().max(1)));
            }
        }
        if limiter.len() > 100_000 {
            limiter.retain_recent();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_account_and_zero_disables() {
        let l = AuthRateLimiter::new(2);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        assert!(l.check("login", Some(ip), Some("a@x.org")).is_ok());
        assert!(l.check("login", Some(ip), Some("a@x.org")).is_ok());
        let e = l.check("login", Some(ip), Some("A@x.org")).unwrap_err();
        assert_eq!(e.status, axum::http::StatusCode::TOO_MANY_REQUESTS);
        assert!(e.retry_after.unwrap() >= 1);
        let off = AuthRateLimiter::new(0);
        for _ in 0..100 {
            assert!(off.check("login", Some(ip), None).is_ok());
        }
    }
}
