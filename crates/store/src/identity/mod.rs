//! Accounts, sessions, password resets, profiles.

pub mod outbox;
pub mod personal_data;
pub mod profiles;
pub mod tokens;
pub mod users;
