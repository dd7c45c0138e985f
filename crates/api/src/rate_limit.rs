//! Rate limiting of credential endpoints with GCRA (the `governor` crate), every key
//! spelled out: `<bucket>|<dimension>|<value>`.
//!
//! - **Login** (`/auth/login` and the root `/token` share the bucket `login`;
//!   `/admin/login` has its own, `admin_login`):
//!   - per client address *and* account together (`pair`): `per_minute`, then 429 — an
//!     attacker's address exhausts only its own pair, never the owner's;
//!   - per client address over all accounts (`ip`): `address_per_minute`, then 429 —
//!     one address cannot spray passwords over many accounts;
//!   - per account from all addresses (`acct`): `account_per_minute`; above it an attempt
//!     *waits* for the next slot (at most [`MAX_SLOWDOWN`], then 429): many addresses
//!     together are slowed to that rate, and the owner still gets in.
//! - **Other credential routes** (register and check-email share `account_lookup`,
//!   `refresh`, `password_reset`): per client address, `per_minute`; reset e-mails also
//!   per recipient.
//! - **The static admin token**: failed presentations per client address
//!   ([`AdminTokenGuard`]).
//!
//! The state is per process: behind a load balancer each process allows the quota. (The
//! per-user limits of writes and classification, in `user_rate_limit`, can be shared.)

use std::{
    collections::HashMap,
    net::IpAddr,
    num::NonZeroU32,
    sync::Mutex,
    time::{Duration, Instant},
};

use governor::{clock::Clock, DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::ApiError;

/// The longest a login waits for its account's next slot before it is refused.
pub const MAX_SLOWDOWN: Duration = Duration::from_secs(5);

/// Size above which a limiter forgets keys that are back to full capacity.
const HOUSEKEEPING_KEYS: usize = 100_000;

/// The rate-limited actions, each a bucket of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    /// `/auth/login`, `/token`.
    Login,
    /// `/admin/login`.
    AdminLogin,
    /// `/auth/register`, `/auth/signup`, `/register`, `/auth/check-email`: each tells
    /// whether an account exists, so they share one budget per address.
    AccountLookup,
    Refresh,
    PasswordReset,
}

impl Bucket {
    pub fn as_str(self) -> &'static str {
        match self {
            Bucket::Login => "login",
            Bucket::AdminLogin => "admin_login",
            Bucket::AccountLookup => "account_lookup",
            Bucket::Refresh => "refresh",
            Bucket::PasswordReset => "password_reset",
        }
    }
}

/// Quotas per minute; 0 turns a dimension off (`per_minute` 0 turns everything off).
#[derive(Debug, Clone, Copy)]
pub struct Quotas {
    pub per_minute: u32,
    pub account_per_minute: u32,
    pub address_per_minute: u32,
}

fn keyed(per_minute: u32) -> Option<DefaultKeyedRateLimiter<String>> {
    NonZeroU32::new(per_minute).map(|n| RateLimiter::keyed(Quota::per_minute(n)))
}

/// Consumes one cell of `key`, or says how long until one is free.
fn take(limiter: &DefaultKeyedRateLimiter<String>, key: String) -> Result<(), Duration> {
    let result = limiter.check_key(&key).map_err(|not_until| {
        not_until.wait_time_from(governor::clock::DefaultClock::default().now())
    });
    if limiter.len() > HOUSEKEEPING_KEYS {
        limiter.retain_recent();
    }
    result
}

fn refused(wait: Duration) -> ApiError {
    ApiError::rate_limited(wait.as_secs().max(1))
}

fn address(ip: Option<IpAddr>) -> String {
    ip.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

fn normalize(account: &str) -> String {
    account.trim().to_lowercase()
}

pub struct AuthRateLimiter {
    /// Per address (and per address and account together, for logins).
    per_address: Option<DefaultKeyedRateLimiter<String>>,
    accounts: Option<DefaultKeyedRateLimiter<String>>,
    addresses: Option<DefaultKeyedRateLimiter<String>>,
    pub admin_token: AdminTokenGuard,
}

impl AuthRateLimiter {
    pub fn new(q: Quotas) -> Self {
        let on = q.per_minute > 0;
        Self {
            per_address: keyed(q.per_minute),
            accounts: keyed(q.account_per_minute).filter(|_| on),
            addresses: keyed(q.address_per_minute).filter(|_| on),
            admin_token: AdminTokenGuard::new(q.per_minute),
        }
    }

    /// Counts one attempt at `bucket` from `ip`; 429 with `Retry-After` over the quota.
    pub fn check_address(&self, bucket: Bucket, ip: Option<IpAddr>) -> Result<(), ApiError> {
        match &self.per_address {
            Some(l) => take(l, format!("{}|ip|{}", bucket.as_str(), address(ip))).map_err(refused),
            None => Ok(()),
        }
    }

    /// Counts one request at `bucket` aimed at `account` (say, reset e-mails sent to one
    /// address), whoever sends it; 429 over `per_minute`.
    pub fn check_account(&self, bucket: Bucket, account: &str) -> Result<(), ApiError> {
        match &self.per_address {
            Some(l) => take(
                l,
                format!("{}|acct|{}", bucket.as_str(), normalize(account)),
            )
            .map_err(refused),
            None => Ok(()),
        }
    }

    /// Counts one login attempt on `account` from `ip` (see the module documentation):
    /// refused when the address and account pair or the address is over its quota;
    /// delayed, up to [`MAX_SLOWDOWN`], when the account is.
    pub async fn check_login(
        &self,
        bucket: Bucket,
        ip: Option<IpAddr>,
        account: &str,
    ) -> Result<(), ApiError> {
        let Some(pairs) = &self.per_address else {
            return Ok(());
        };
        let (b, ip, account) = (bucket.as_str(), address(ip), normalize(account));
        take(pairs, format!("{b}|pair|{ip}|{account}")).map_err(refused)?;
        if let Some(addresses) = &self.addresses {
            take(addresses, format!("{b}|ip|{ip}")).map_err(refused)?;
        }
        if let Some(accounts) = &self.accounts {
            let key = format!("{b}|acct|{account}");
            let started = Instant::now();
            loop {
                match take(accounts, key.clone()) {
                    Ok(()) => break,
                    Err(wait) if started.elapsed() + wait <= MAX_SLOWDOWN => {
                        tokio::time::sleep(wait).await;
                    }
                    Err(wait) => {
                        tracing::warn!(target: "security", event = "login_account_throttled", bucket = b, %ip, "an account receives more login attempts than its ceiling");
                        return Err(refused(wait));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Failed presentations of the static admin token, per client address: after
/// `per_minute` failures the address is refused (429) *before* its token is compared,
/// until the bucket refills, so guessing gains nothing from the answers.
pub struct AdminTokenGuard {
    failures: Option<DefaultKeyedRateLimiter<String>>,
    blocked: Mutex<HashMap<IpAddr, Instant>>,
}

impl AdminTokenGuard {
    fn new(per_minute: u32) -> Self {
        Self {
            failures: keyed(per_minute),
            blocked: Mutex::new(HashMap::new()),
        }
    }

    fn blocked(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, Instant>> {
        // Entries are independent: a panic while holding the lock leaves nothing half-done.
        self.blocked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// 429 while `ip` is blocked after too many failures.
    pub fn before_attempt(&self, ip: Option<IpAddr>) -> Result<(), ApiError> {
        let Some(ip) = ip else { return Ok(()) };
        let now = Instant::now();
        let mut blocked = self.blocked();
        match blocked.get(&ip) {
            Some(until) if *until > now => Err(refused(*until - now)),
            Some(_) => {
                blocked.remove(&ip);
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Records a failed presentation from `ip`, logged as a security event; 429 once the
    /// address is over its quota (and blocked until a cell is free again).
    pub fn failed(&self, ip: Option<IpAddr>, why: &'static str) -> Result<(), ApiError> {
        tracing::warn!(target: "security", event = "admin_token_rejected", ip = %address(ip), reason = why, "a wrong or missing admin token was presented");
        let Some(limiter) = &self.failures else {
            return Ok(());
        };
        match take(limiter, format!("admin_token|ip|{}", address(ip))) {
            Ok(()) => Ok(()),
            Err(wait) => {
                if let Some(ip) = ip {
                    let mut blocked = self.blocked();
                    if blocked.len() > HOUSEKEEPING_KEYS {
                        let now = Instant::now();
                        blocked.retain(|_, until| *until > now);
                    }
                    blocked.insert(ip, Instant::now() + wait);
                }
                Err(refused(wait))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(per_minute: u32, account: u32, addr: u32) -> AuthRateLimiter {
        AuthRateLimiter::new(Quotas {
            per_minute,
            account_per_minute: account,
            address_per_minute: addr,
        })
    }

    #[tokio::test]
    async fn pairs_are_separate_and_zero_disables() {
        let l = limiter(2, 100, 100);
        let attacker: IpAddr = "10.0.0.1".parse().unwrap();
        let owner: IpAddr = "10.0.0.2".parse().unwrap();
        for _ in 0..2 {
            l.check_login(Bucket::Login, Some(attacker), "a@x.org")
                .await
                .unwrap();
        }
        let e = l
            .check_login(Bucket::Login, Some(attacker), "A@x.org ")
            .await
            .unwrap_err();
        assert_eq!(e.status, axum::http::StatusCode::TOO_MANY_REQUESTS);
        assert!(e.retry_after.unwrap() >= 1);
        // The owner's address and the admin bucket are untouched.
        l.check_login(Bucket::Login, Some(owner), "a@x.org")
            .await
            .unwrap();
        l.check_login(Bucket::AdminLogin, Some(attacker), "a@x.org")
            .await
            .unwrap();
        let off = limiter(0, 1, 1);
        for _ in 0..100 {
            off.check_login(Bucket::Login, Some(attacker), "a@x.org")
                .await
                .unwrap();
            off.check_address(Bucket::Refresh, Some(attacker)).unwrap();
        }
    }

    #[tokio::test]
    async fn an_address_cannot_spray_many_accounts() {
        let l = limiter(10, 100, 3);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        for n in 0..3 {
            l.check_login(Bucket::Login, Some(ip), &format!("u{n}@x.org"))
                .await
                .unwrap();
        }
        assert!(l
            .check_login(Bucket::Login, Some(ip), "u9@x.org")
            .await
            .is_err());
    }

    #[tokio::test]
    async fn the_account_ceiling_slows_rather_than_refuses() {
        // 600 a minute: a burst of 600, then one slot every 100 ms.
        let l = limiter(100, 600, 100_000);
        for n in 0..605 {
            let ip: IpAddr = format!("10.0.{}.{}", n / 250, n % 250 + 1).parse().unwrap();
            l.check_login(Bucket::Login, Some(ip), "owner@x.org")
                .await
                .expect("attempts over the ceiling wait for a slot instead of failing");
        }
    }

    #[test]
    fn admin_token_failures_block_the_address_before_comparison() {
        let g = AdminTokenGuard::new(2);
        let ip: Option<IpAddr> = Some("10.0.0.9".parse().unwrap());
        let other: Option<IpAddr> = Some("10.0.0.8".parse().unwrap());
        g.before_attempt(ip).unwrap();
        g.failed(ip, "wrong").unwrap();
        g.failed(ip, "wrong").unwrap();
        let e = g.failed(ip, "wrong").unwrap_err();
        assert_eq!(e.status, axum::http::StatusCode::TOO_MANY_REQUESTS);
        assert!(g.before_attempt(ip).is_err());
        g.before_attempt(other).unwrap();
    }
}
