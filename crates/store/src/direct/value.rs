//! Values across the boundary: the `Any` arguments sqlx built, bound as sqlx's SQLite
//! driver binds them; SQLite's values, returned as the `AnyRow`s sqlx's `Any` driver
//! returns (typed by the value SQLite stored, not by the column's declared type).

use std::sync::Arc;

use rusqlite::{
    types::{ToSqlOutput, ValueRef},
    Row, Statement,
};
use sqlx::any::{AnyArguments, AnyRow, AnyTypeInfo, AnyTypeInfoKind, AnyValue};
use sqlx_core::{
    any::{AnyColumn, AnyValueKind},
    ext::ustr::UStr,
};

use super::DirectError;

/// The columns of a statement's rows: their names (shared by every row, as in sqlx) and
/// the columns themselves.
#[derive(Clone)]
pub(super) struct Shape {
    names: Arc<sqlx_core::HashMap<UStr, usize>>,
    columns: Arc<[UStr]>,
}

impl Shape {
    pub(super) fn of(statement: &Statement<'_>) -> Self {
        let columns: Arc<[UStr]> = statement
            .column_names()
            .into_iter()
            .map(UStr::new)
            .collect();
        let names = columns
            .iter()
            .enumerate()
            .map(|(i, name)| (name.clone(), i))
            .collect();
        Self {
            names: Arc::new(names),
            columns,
        }
    }
}

/// Binds `args` to `statement`: a `$N` (or `?N`) parameter is the N-th argument, so the
/// statements of a batch share one numbering; a plain `?` takes the next one. Parameters
/// beyond the arguments stay NULL, as with sqlx.
pub(super) fn bind(
    statement: &mut Statement<'_>,
    args: Option<&AnyArguments<'_>>,
) -> Result<(), DirectError> {
    let values: &[AnyValueKind<'_>] = match args {
        Some(args) => &args.values.0,
        None => &[],
    };
    let mut next = 0;
    for index in 1..=statement.parameter_count() {
        let n = match statement.parameter_name(index) {
            Some(name) => {
                let digits = name
                    .strip_prefix('$')
                    .or_else(|| name.strip_prefix('?'))
                    .ok_or_else(|| {
                        DirectError::protocol(format!("unsupported parameter {name}"))
                    })?;
                digits
                    .parse::<usize>()
                    .map_err(|_| DirectError::protocol(format!("unsupported parameter {name}")))?
            }
            None => {
                next += 1;
                next
            }
        };
        let Some(value) = n.checked_sub(1).and_then(|i| values.get(i)) else {
            break;
        };
        statement.raw_bind_parameter(index, to_sql(value)?)?;
    }
    Ok(())
}

/// One argument as SQLite takes it (sqlx's mapping: a boolean is the integer 0 or 1).
fn to_sql<'a>(value: &'a AnyValueKind<'_>) -> Result<ToSqlOutput<'a>, DirectError> {
    Ok(ToSqlOutput::Borrowed(match value {
        AnyValueKind::Null(_) => ValueRef::Null,
        AnyValueKind::Bool(b) => ValueRef::Integer(i64::from(*b)),
        AnyValueKind::SmallInt(i) => ValueRef::Integer(i64::from(*i)),
        AnyValueKind::Integer(i) => ValueRef::Integer(i64::from(*i)),
        AnyValueKind::BigInt(i) => ValueRef::Integer(*i),
        AnyValueKind::Real(r) => ValueRef::Real(f64::from(*r)),
        AnyValueKind::Double(d) => ValueRef::Real(*d),
        AnyValueKind::Text(t) => ValueRef::Text(t.as_bytes()),
        AnyValueKind::Blob(b) => ValueRef::Blob(b),
        other => {
            return Err(DirectError::protocol(format!(
                "an argument of a kind SQLite does not take: {other:?}"
            )))
        }
    }))
}

/// The current row, as sqlx's `Any` driver would have returned it.
pub(super) fn any_row(row: &Row<'_>, shape: &Shape) -> Result<AnyRow, DirectError> {
    let mut columns = Vec::with_capacity(shape.columns.len());
    let mut values = Vec::with_capacity(shape.columns.len());
    for (ordinal, name) in shape.columns.iter().enumerate() {
        let kind = match row.get_ref(ordinal)? {
            ValueRef::Null => AnyValueKind::Null(AnyTypeInfoKind::Null),
            ValueRef::Integer(i) => AnyValueKind::BigInt(i),
            ValueRef::Real(r) => AnyValueKind::Double(r),
            ValueRef::Text(t) => AnyValueKind::Text(
                String::from_utf8(t.to_vec())
                    .map_err(|e| DirectError::protocol(format!("text that is not UTF-8: {e}")))?
                    .into(),
            ),
            ValueRef::Blob(b) => AnyValueKind::Blob(b.to_vec().into()),
        };
        columns.push(AnyColumn {
            ordinal,
            name: name.clone(),
            type_info: AnyTypeInfo {
                kind: type_kind(&kind),
            },
        });
        values.push(AnyValue { kind });
    }
    Ok(AnyRow {
        column_names: shape.names.clone(),
        columns,
        values,
    })
}

fn type_kind(kind: &AnyValueKind<'_>) -> AnyTypeInfoKind {
    match kind {
        AnyValueKind::BigInt(_) => AnyTypeInfoKind::BigInt,
        AnyValueKind::Double(_) => AnyTypeInfoKind::Double,
        AnyValueKind::Text(_) => AnyTypeInfoKind::Text,
        AnyValueKind::Blob(_) => AnyTypeInfoKind::Blob,
        _ => AnyTypeInfoKind::Null,
    }
}
