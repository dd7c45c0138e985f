//! Identifier newtypes for the adaptive context.
//!
//! Distinct types keep a question id from being passed where a module id is expected;
//! the values are the database's integer keys, carried through unchanged.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A module (topic) of a track.
    ModuleId
);
id_type!(
    /// A question of the bank.
    QuestionId
);
id_type!(
    /// An answer option of one question.
    OptionId
);
id_type!(
    /// A reading article assigned to a learner at a stage.
    ArticleId
);
