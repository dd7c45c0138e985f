//! Practicum's pure business rules: validated value types, state machines and policies.
//!
//! Nothing here performs I/O, awaits, reads the clock or knows about HTTP or SQL: callers
//! pass time in through [`Clock`] so that every rule is deterministic and testable.

pub mod adaptive;
pub mod analytics;
pub mod catalog;
pub mod clock;
pub mod error;
pub mod identity;
pub mod image;
pub mod learning;

pub use clock::{Clock, Timestamp};
pub use error::{FieldError, FieldErrors};
