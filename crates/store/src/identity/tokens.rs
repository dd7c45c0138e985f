//! Refresh-token families and password-reset tokens. Only SHA-256 hashes are stored.

use practicum_domain::{identity::UserId, Timestamp};

use crate::query::{affected, changed, run};
use crate::{row::get, Session, StoreError};

pub struct NewRefreshToken<'a> {
    pub user_id: UserId,
    pub family_id: &'a str,
    pub token_hash: &'a str,
    pub scope: &'a str,
    pub now: Timestamp,
    pub expires_at: Timestamp,
}

pub async fn insert_refresh(
    s: &mut dyn Session,
    t: &NewRefreshToken<'_>,
) -> Result<(), StoreError> {
    let query = sqlx::query(
        "INSERT INTO refresh_tokens (user_id, family_id, token_hash, scope, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(t.user_id.0)
    .bind(t.family_id)
    .bind(t.token_hash)
    .bind(t.scope)
    .bind(t.now)
    .bind(t.expires_at);
    run(query, s.conn()).await
}

/// A stored refresh token, looked up by hash.
#[derive(Debug, Clone)]
pub struct RefreshTokenRecord {
    pub id: i64,
    pub user_id: UserId,
    pub family_id: String,
    pub scope: String,
    pub expires_at: Timestamp,
    pub used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

pub async fn find_refresh(
    s: &mut dyn Session,
    token_hash: &str,
) -> Result<Option<RefreshTokenRecord>, StoreError> {
    let row = sqlx::query(
        "SELECT id, user_id, family_id, scope, expires_at, used_at, revoked_at \
         FROM refresh_tokens WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(s.conn())
    .await?;
    row.map(|r| {
        Ok(RefreshTokenRecord {
            id: get(&r, "id")?,
            user_id: UserId(get(&r, "user_id")?),
            family_id: get(&r, "family_id")?,
            scope: get(&r, "scope")?,
            expires_at: get(&r, "expires_at")?,
            used_at: get(&r, "used_at")?,
            revoked_at: get(&r, "revoked_at")?,
        })
    })
    .transpose()
}

/// Marks a token used, only if it is still fresh. Returns false when another request used
/// or revoked it first: the caller treats that as reuse. This conditional update is what
/// makes two concurrent refreshes with one token yield exactly one new token.
pub async fn mark_refresh_used(
    s: &mut dyn Session,
    id: i64,
    now: Timestamp,
) -> Result<bool, StoreError> {
    changed(
        sqlx::query(
            "UPDATE refresh_tokens SET used_at = $1 \
             WHERE id = $2 AND used_at IS NULL AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(id),
        s.conn(),
    )
    .await
}

pub async fn revoke_family(
    s: &mut dyn Session,
    family_id: &str,
    now: Timestamp,
) -> Result<u64, StoreError> {
    affected(
        sqlx::query(
            "UPDATE refresh_tokens SET revoked_at = $1 WHERE family_id = $2 AND revoked_at IS NULL",
        )
        .bind(now)
        .bind(family_id),
        s.conn(),
    )
    .await
}

pub async fn revoke_all_for_user(
    s: &mut dyn Session,
    user_id: UserId,
    now: Timestamp,
) -> Result<u64, StoreError> {
    let sql = stamp_unstamped("refresh_tokens", "revoked_at");
    affected(sqlx::query(&sql).bind(now).bind(user_id.0), s.conn()).await
}

/// Sets `column` (`revoked_at`, `used_at`) of the rows of `table` of the user `$2` to
/// `$1` where it is still NULL.
fn stamp_unstamped(table: &str, column: &str) -> String {
    format!("UPDATE {table} SET {column} = $1 WHERE user_id = $2 AND {column} IS NULL")
}

pub async fn insert_reset(
    s: &mut dyn Session,
    user_id: UserId,
    token_hash: &str,
    now: Timestamp,
    expires_at: Timestamp,
) -> Result<(), StoreError> {
    run(
        sqlx::query(
            "INSERT INTO password_reset_tokens (user_id, token_hash, created_at, expires_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(user_id.0)
        .bind(token_hash)
        .bind(now)
        .bind(expires_at),
        s.conn(),
    )
    .await
}

/// Consumes a reset token atomically: returns its user only if it was unused and unexpired.
pub async fn consume_reset(
    s: &mut dyn Session,
    token_hash: &str,
    now: Timestamp,
) -> Result<Option<UserId>, StoreError> {
    let row = sqlx::query(
        "UPDATE password_reset_tokens SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
    )
    .bind(now)
    .bind(token_hash)
    .fetch_optional(s.conn())
    .await?;
    row.map(|r| get(&r, "user_id").map(UserId)).transpose()
}

/// Ends every outstanding reset token of the account (after a reset or a password
/// change: an older link must not set the password again).
pub async fn invalidate_resets(
    s: &mut dyn Session,
    user_id: UserId,
    now: Timestamp,
) -> Result<u64, StoreError> {
    let sql = stamp_unstamped("password_reset_tokens", "used_at");
    affected(sqlx::query(&sql).bind(now).bind(user_id.0), s.conn()).await
}

/// Puts one access token (by hash) on the denylist until it would expire. Idempotent.
pub async fn revoke_access(
    s: &mut dyn Session,
    token_hash: &str,
    user_id: UserId,
    expires_at: Timestamp,
) -> Result<(), StoreError> {
    let query = sqlx::query(
        "INSERT INTO revoked_access_tokens (token_hash, user_id, expires_at) VALUES ($1, $2, $3) \
         ON CONFLICT (token_hash) DO NOTHING",
    )
    .bind(token_hash)
    .bind(user_id.0)
    .bind(expires_at);
    run(query, s.conn()).await
}

/// Deletes refresh and reset tokens that expired before `before`, and denylist entries
/// of access tokens that expired (housekeeping).
pub async fn delete_expired(s: &mut dyn Session, before: Timestamp) -> Result<u64, StoreError> {
    let c = sqlx::query("DELETE FROM revoked_access_tokens WHERE expires_at < $1")
        .bind(before)
        .execute(s.conn())
        .await?;
    let a = sqlx::query("DELETE FROM refresh_tokens WHERE expires_at < $1")
        .bind(before)
        .execute(s.conn())
        .await?;
    let b = sqlx::query("DELETE FROM password_reset_tokens WHERE expires_at < $1")
        .bind(before)
        .execute(s.conn())
        .await?;
    Ok(a.rows_affected() + b.rows_affected() + c.rows_affected())
}
