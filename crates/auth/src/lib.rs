//! Credentials: password hashing, access tokens (JWT) and opaque tokens.
//!
//! CPU-heavy hashing runs on tokio's blocking pool behind a semaphore, so a burst of
//! logins can neither stall request handling nor spawn unbounded threads.

mod jwt;
mod opaque;
mod password;

pub use jwt::{AccessClaims, JwtKeys, Scope, TokenError};
pub use opaque::{constant_time_eq, hash_token, new_token};
pub use password::{HashCost, PasswordError, PasswordHasher, Verified};
