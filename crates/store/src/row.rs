//! Decoding helpers for `Any` rows: the one place that knows SQLite stores flags as
//! integers while PostgreSQL has `BOOLEAN`.

use sqlx::{any::AnyRow, Row};

use crate::StoreError;

pub(crate) fn get<'r, T>(row: &'r AnyRow, column: &str) -> Result<T, StoreError>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    row.try_get(column).map_err(StoreError::from)
}

/// Reads a boolean column: `BOOLEAN` on PostgreSQL, `INTEGER` 0/1 on SQLite.
pub(crate) fn flag(row: &AnyRow, column: &str) -> Result<bool, StoreError> {
    match row.try_get::<bool, _>(column) {
        Ok(b) => Ok(b),
        Err(_) => Ok(row.try_get::<i64, _>(column)? != 0),
    }
}

/// Reads a row into a type that derives `sqlx::FromRow`: each field the column of its
/// name, decoded as [`get`] decodes it.
pub(crate) fn decode<T>(row: &AnyRow) -> Result<T, StoreError>
where
    T: for<'r> sqlx::FromRow<'r, AnyRow>,
{
    T::from_row(row).map_err(StoreError::from)
}
