//! Accounts, sessions, password resets, profiles.

pub mod outbox;
pub mod profiles;
pub mod tokens;
pub mod users;
