mod accounts;
mod login;
mod password_reset;
mod profiles;
mod rate_limit;
mod refresh;
mod register;
mod tokens;
