//! Request and response bodies of the adaptive-learning routes.

mod admin;
mod learner;
mod mastery;

pub use admin::*;
pub use learner::*;
pub use mastery::*;

use practicum_domain::adaptive::ContentKind;

fn kind_str(k: ContentKind) -> &'static str {
    match k {
        ContentKind::Optional => "optional",
        ContentKind::Required => "required",
    }
}
