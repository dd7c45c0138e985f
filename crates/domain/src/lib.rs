//! placeholder
pub mod adaptive;
