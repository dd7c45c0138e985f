//! `read_model!`: declares a read model together with its `From` the store row it copies.
//! A read model is `app`'s own type, so that no row type reaches `api` (ADR 0037); where it
//! is the row's fields as they are, each field is named once, here, instead of once in the
//! struct and again in a hand-written field-by-field `From`.

/// ```ignore
/// read_model! {
///     /// A tag as listed.
///     #[derive(Debug, Clone)]
///     pub struct TagEntry from TagRecord {
///         pub id: i64,
///         pub slug: String,
///     }
/// }
/// ```
/// declares `TagEntry` with those fields and `impl From<TagRecord> for TagEntry`, which
/// moves each field out of the row. A field written `pub payload: Value = stored_json` is
/// the row's field passed through that function.
macro_rules! read_model {
    (
        $(#[$meta:meta])*
        pub struct $name:ident from $row:ty {
            $( $(#[$field_meta:meta])* pub $field:ident : $ty:ty $(= $convert:path)? ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $( $(#[$field_meta])* pub $field: $ty, )*
        }

        impl From<$row> for $name {
            fn from(row: $row) -> Self {
                Self {
                    $( $field: read_model!(@field row.$field $(, $convert)?), )*
                }
            }
        }
    };
    (@field $value:expr) => {
        $value
    };
    (@field $value:expr, $convert:path) => {
        $convert($value)
    };
}

/// A JSON column stored as text, as a read model shows it: text that does not parse
/// (never written by this code) reads as `null`.
pub(crate) fn stored_json(text: String) -> serde_json::Value {
    serde_json::from_str(&text).unwrap_or(serde_json::Value::Null)
}
