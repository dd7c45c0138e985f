mod accounts;
mod login;
pub mod password_reset;
mod profiles;
mod rate_limit;
mod refresh;
mod register;
mod sessions;
mod tokens;
