use std::collections::{HashMap, HashSet};

use practicum_domain::{
    identity::{Role, UserId},
    Timestamp,
};
use sqlx::any::AnyRow;

use crate::query::{changed, count, optional, run};
use crate::{
    row::{flag, get},
    Backend, Session, StoreError,
};

/// An account as stored. `password_hash` never leaves `app`.
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: UserId,
    pub email: Option<String>,
    pub username: Option<String>,
    pub full_name: String,
    pub password_hash: String,
    pub role: Role,
    pub is_active: bool,
    pub token_version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

const COLUMNS: &str = "id, email, username, full_name, password_hash, role, is_active, \
                       token_version, created_at, updated_at";

fn from_row(r: &AnyRow) -> Result<UserRecord, StoreError> {
    let role: String = get(r, "role")?;
    Ok(UserRecord {
        id: UserId(get(r, "id")?),
        email: get(r, "email")?,
        username: get(r, "username")?,
        full_name: get(r, "full_name")?,
        password_hash: get(r, "password_hash")?,
        role: role
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("role {role}")))?,
        is_active: flag(r, "is_active")?,
        token_version: get(r, "token_version")?,
        created_at: get(r, "created_at")?,
        updated_at: get(r, "updated_at")?,
    })
}

/// Fields of a new account; uniqueness of e-mail and username is the database's job.
pub struct NewUser<'a> {
    pub email: Option<&'a str>,
    pub username: Option<&'a str>,
    pub full_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub now: Timestamp,
}

/// Inserts an account. A taken e-mail or username is `StoreError::Unique` with
/// `users_email_norm_key` / `users_username_norm_key`.
pub async fn insert(s: &mut dyn Session, u: &NewUser<'_>) -> Result<UserId, StoreError> {
    let row = sqlx::query(
        "INSERT INTO users (email, email_norm, username, username_norm, full_name, \
         password_hash, role, is_active, token_version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $9) RETURNING id",
    )
    .bind(u.email)
    .bind(u.email.map(str::to_lowercase))
    .bind(u.username)
    .bind(u.username.map(str::to_lowercase))
    .bind(u.full_name)
    .bind(u.password_hash)
    .bind(u.role.as_str())
    .bind(true)
    .bind(u.now)
    .fetch_one(s.conn())
    .await?;
    Ok(UserId(get(&row, "id")?))
}

pub async fn find_by_id(s: &mut dyn Session, id: UserId) -> Result<Option<UserRecord>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    optional(sqlx::query(&sql).bind(id.0), s.conn(), from_row).await
}

/// The account behind an access token, and whether that token (by hash) was revoked by a
/// logout: one primary-key read each, in one statement — what every authenticated
/// request costs on SQLite (on PostgreSQL concurrent requests share [`find_for_tokens`]).
pub async fn find_for_token(
    s: &mut dyn Session,
    id: UserId,
    token_hash: &str,
) -> Result<Option<(UserRecord, bool)>, StoreError> {
    // Built once: this statement runs on every authenticated request on SQLite.
    static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        format!(
            "SELECT {COLUMNS}, CASE WHEN EXISTS (SELECT 1 FROM revoked_access_tokens \
             WHERE token_hash = $2) THEN 1 ELSE 0 END AS token_revoked FROM users WHERE id = $1"
        )
    });
    optional(
        sqlx::query(SQL.as_str()).bind(id.0).bind(token_hash),
        s.conn(),
        |r| Ok((from_row(r)?, flag(r, "token_revoked")?)),
    )
    .await
}

/// [`find_for_token`] for several tokens at once, in the order asked: on PostgreSQL one
/// statement for all of them (the accounts by primary key, the revoked hashes by theirs;
/// ADR 0065), on SQLite, where a statement costs no round trip, one [`find_for_token`]
/// each. `token_hash` is [`practicum_auth`]'s hex digest (it never holds a comma).
pub async fn find_for_tokens(
    s: &mut dyn Session,
    tokens: &[(UserId, String)],
) -> Result<Vec<Option<(UserRecord, bool)>>, StoreError> {
    if s.backend() == Backend::Sqlite {
        let mut found = Vec::with_capacity(tokens.len());
        for (id, token_hash) in tokens {
            found.push(find_for_token(s, *id, token_hash).await?);
        }
        return Ok(found);
    }
    let ids = tokens
        .iter()
        .map(|(id, _)| id.0.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let hashes = tokens
        .iter()
        .map(|(_, hash)| hash.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let sql = format!(
        "SELECT {COLUMNS}, NULL AS revoked_hash FROM users \
         WHERE id = ANY(CAST(string_to_array($1, ',') AS BIGINT[])) \
         UNION ALL \
         SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, token_hash \
         FROM revoked_access_tokens WHERE token_hash = ANY(string_to_array($2, ','))"
    );
    let rows = sqlx::query(&sql)
        .bind(ids)
        .bind(hashes)
        .fetch_all(s.conn())
        .await?;
    let mut accounts = HashMap::with_capacity(tokens.len());
    let mut revoked = HashSet::new();
    for r in &rows {
        match get::<Option<String>>(r, "revoked_hash")? {
            Some(hash) => {
                revoked.insert(hash);
            }
            None => {
                let user = from_row(r)?;
                accounts.insert(user.id, user);
            }
        }
    }
    Ok(tokens
        .iter()
        .map(|(id, hash)| {
            accounts
                .get(id)
                .map(|user| (user.clone(), revoked.contains(hash)))
        })
        .collect())
}

/// Invalidates every access token of the account issued before (logout everywhere).
pub async fn bump_token_version(
    s: &mut dyn Session,
    id: UserId,
    now: Timestamp,
) -> Result<(), StoreError> {
    run(
        sqlx::query(
            "UPDATE users SET token_version = token_version + 1, updated_at = $1 WHERE id = $2",
        )
        .bind(now)
        .bind(id.0),
        s.conn(),
    )
    .await
}

/// Finds an account by e-mail or username, case-insensitively.
pub async fn find_by_login(
    s: &mut dyn Session,
    login: &str,
) -> Result<Option<UserRecord>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE email_norm = $1 OR username_norm = $1 \
         ORDER BY CASE WHEN email_norm = $1 THEN 0 ELSE 1 END LIMIT 1"
    );
    let norm = login.trim().to_lowercase();
    optional(sqlx::query(&sql).bind(norm), s.conn(), from_row).await
}

pub async fn email_exists(s: &mut dyn Session, email_norm: &str) -> Result<bool, StoreError> {
    let row = sqlx::query("SELECT COUNT(*) AS n FROM users WHERE email_norm = $1")
        .bind(email_norm)
        .fetch_one(s.conn())
        .await?;
    Ok(get::<i64>(&row, "n")? > 0)
}

/// Replaces the stored hash without ending sessions (a transparent rehash on login).
pub async fn upgrade_password_hash(
    s: &mut dyn Session,
    id: UserId,
    old_hash: &str,
    new_hash: &str,
) -> Result<(), StoreError> {
    // Conditional on the old hash, so a concurrent password change is never overwritten.
    run(
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash = $3")
            .bind(new_hash)
            .bind(id.0)
            .bind(old_hash),
        s.conn(),
    )
    .await
}

/// Sets a new password and invalidates every access token issued before (token_version).
pub async fn set_password(
    s: &mut dyn Session,
    id: UserId,
    hash: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let query = sqlx::query(SET_PASSWORD).bind(hash).bind(now).bind(id.0);
    run(query, s.conn()).await
}

/// A new password hash (`$1`, at `$2`) for the user `$3`, ending every access token
/// issued before.
const SET_PASSWORD: &str = "UPDATE users SET password_hash = $1, \
     token_version = token_version + 1, updated_at = $2 WHERE id = $3";

/// Sets a new password only if the stored hash is still `old_hash` (no concurrent change),
/// and invalidates every access token issued before. False when it changed meanwhile.
pub async fn replace_password(
    s: &mut dyn Session,
    id: UserId,
    old_hash: &str,
    hash: &str,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let sql = format!("{SET_PASSWORD} AND password_hash = $4");
    let query = sqlx::query(&sql).bind(hash).bind(now).bind(id.0);
    changed(query.bind(old_hash), s.conn()).await
}

/// Changes to an account that its owner may make.
pub struct OwnChanges<'a> {
    pub full_name: Option<&'a str>,
    pub username: Option<&'a str>,
}

pub async fn update_own(
    s: &mut dyn Session,
    id: UserId,
    c: &OwnChanges<'_>,
    now: Timestamp,
) -> Result<(), StoreError> {
    run(
        sqlx::query(
            "UPDATE users SET full_name = COALESCE($1, full_name), \
             username = COALESCE($2, username), username_norm = COALESCE($3, username_norm), \
             updated_at = $4 WHERE id = $5",
        )
        .bind(c.full_name)
        .bind(c.username)
        .bind(c.username.map(str::to_lowercase))
        .bind(now)
        .bind(id.0),
        s.conn(),
    )
    .await
}

/// Changes an admin may make. Deactivation also bumps `token_version`, so every access
/// token of the account stops working at once.
pub async fn update_admin(
    s: &mut dyn Session,
    id: UserId,
    role: Option<Role>,
    is_active: Option<bool>,
    now: Timestamp,
) -> Result<bool, StoreError> {
    changed(
        sqlx::query(
            "UPDATE users SET role = COALESCE($1, role), is_active = COALESCE($2, is_active), \
             token_version = token_version + $3, updated_at = $4 WHERE id = $5",
        )
        .bind(role.map(Role::as_str))
        .bind(is_active)
        .bind(i64::from(is_active == Some(false)))
        .bind(now)
        .bind(id.0),
        s.conn(),
    )
    .await
}

/// One page of accounts, newest first, optionally of one role; and the total.
pub async fn list(
    s: &mut dyn Session,
    role: Option<Role>,
    search: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<UserRecord>, i64), StoreError> {
    let pattern = search.map(|q| format!("%{}%", q.to_lowercase()));
    let filter = "($1 IS NULL OR role = $1) AND ($2 IS NULL OR email_norm LIKE $2 \
                  OR username_norm LIKE $2 OR LOWER(full_name) LIKE $2)";
    let total: i64 = count(
        sqlx::query(&format!("SELECT COUNT(*) AS n FROM users WHERE {filter}"))
            .bind(role.map(Role::as_str))
            .bind(pattern.as_deref()),
        s.conn(),
    )
    .await?;
    let sql = format!(
        "SELECT {COLUMNS} FROM users WHERE {filter} ORDER BY created_at DESC, id DESC \
         LIMIT $3 OFFSET $4"
    );
    let rows = sqlx::query(&sql)
        .bind(role.map(Role::as_str))
        .bind(pattern.as_deref())
        .bind(limit)
        .bind(offset)
        .fetch_all(s.conn())
        .await?;
    Ok((rows.iter().map(from_row).collect::<Result<_, _>>()?, total))
}
