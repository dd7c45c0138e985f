//! Everything stored about one person: the export a user may ask for (GDPR art. 15/20)
//! and the erasure an administrator performs (art. 17), which replaces the personal data
//! and keeps the learning records, now anonymous.

use practicum_domain::{identity::UserId, Timestamp};
use serde_json::{Map, Value};
use sqlx::{any::AnyRow, Column, Row};

use crate::query::run;
use crate::{row::get, Session, StoreError};

/// The sections of the export and the query of each (`$1` is the user). Secrets (token
/// and password hashes, e-mail bodies with their links) and image bytes are left out;
/// everything else about the user is in.
const SECTIONS: &[(&str, &str)] = &[
    (
        "account",
        "SELECT id, email, username, full_name, role, is_active, created_at, updated_at \
         FROM users WHERE id = $1",
    ),
    (
        "profile",
        "SELECT slug, bio, phone, social_links, rating_count, rating_sum, updated_at \
         FROM profiles WHERE user_id = $1",
    ),
    (
        "avatar",
        "SELECT content_type, updated_at FROM avatars WHERE user_id = $1",
    ),
    (
        "specializations",
        "SELECT s.slug, s.name FROM profile_specializations ps \
         JOIN specializations s ON s.id = ps.specialization_id WHERE ps.user_id = $1",
    ),
    (
        "achievements",
        "SELECT code, title, description, awarded_at FROM achievements WHERE user_id = $1",
    ),
    (
        "sessions",
        "SELECT id, scope, created_at, expires_at, used_at, revoked_at FROM refresh_tokens \
         WHERE user_id = $1 ORDER BY id",
    ),
    (
        "password_resets",
        "SELECT id, created_at, expires_at, used_at FROM password_reset_tokens \
         WHERE user_id = $1 ORDER BY id",
    ),
    // Bodies are left out: a reset e-mail's link would turn a stolen access token into
    // a password reset.
    (
        "emails",
        "SELECT o.id, o.recipient, o.subject, o.created_at, o.sent_at FROM email_outbox o \
         JOIN users u ON u.email = o.recipient WHERE u.id = $1 ORDER BY o.id",
    ),
    (
        "courses_taught",
        "SELECT id, slug, title, status, created_at FROM courses WHERE teacher_id = $1 \
         ORDER BY id",
    ),
    (
        "enrollments",
        "SELECT * FROM enrollments WHERE user_id = $1 ORDER BY id",
    ),
    (
        "favorites",
        "SELECT * FROM favorites WHERE user_id = $1 ORDER BY created_at",
    ),
    (
        "lesson_completions",
        "SELECT * FROM lesson_completions WHERE user_id = $1 ORDER BY id",
    ),
    (
        "activity",
        "SELECT * FROM activity_log WHERE user_id = $1 ORDER BY id",
    ),
    (
        "reviews",
        "SELECT id, course_id, rating, body, hidden_at, hidden_reason, created_at, updated_at \
         FROM reviews WHERE user_id = $1 ORDER BY id",
    ),
    (
        "review_replies",
        "SELECT * FROM review_replies WHERE author_id = $1 ORDER BY id",
    ),
    (
        "interactions",
        "SELECT * FROM interactions WHERE user_id = $1 ORDER BY id",
    ),
    (
        "category_preferences",
        "SELECT * FROM category_preferences WHERE user_id = $1",
    ),
    (
        "notifications",
        "SELECT * FROM notifications WHERE user_id = $1 ORDER BY id",
    ),
    (
        "analytics_events",
        "SELECT * FROM analytics_events WHERE user_id = $1 ORDER BY id",
    ),
    (
        "ml_requests",
        "SELECT * FROM ml_requests WHERE user_id = $1 ORDER BY id",
    ),
    (
        "adaptive_stages",
        "SELECT * FROM stage_progress WHERE user_id = $1 ORDER BY id",
    ),
    (
        "adaptive_attempts",
        "SELECT * FROM attempts WHERE user_id = $1 ORDER BY id",
    ),
    (
        "adaptive_diagnostic",
        "SELECT * FROM diagnostics WHERE user_id = $1",
    ),
    (
        "adaptive_content",
        "SELECT * FROM content_assignments WHERE user_id = $1 ORDER BY id",
    ),
    (
        "adaptive_minitests",
        "SELECT * FROM minitest_attempts WHERE user_id = $1 ORDER BY id",
    ),
    (
        "adaptive_approvals",
        "SELECT * FROM approval_requests WHERE user_id = $1 ORDER BY id",
    ),
    (
        "adaptive_mastery",
        "SELECT * FROM mastery_estimates WHERE user_id = $1",
    ),
    (
        "adaptive_responses",
        "SELECT * FROM item_responses WHERE user_id = $1 ORDER BY id",
    ),
    (
        "adaptive_review_cards",
        "SELECT * FROM review_cards WHERE user_id = $1 ORDER BY id",
    ),
];

/// One column's value as JSON, whatever its type on either backend (bytes as their
/// length: nothing stored per user is binary but the avatar, which is left out).
fn cell(row: &AnyRow, i: usize) -> Value {
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        return v.map_or(Value::Null, Value::from);
    }
    if let Ok(v) = row.try_get::<Option<i32>, _>(i) {
        return v.map_or(Value::Null, Value::from);
    }
    if let Ok(v) = row.try_get::<Option<i16>, _>(i) {
        return v.map_or(Value::Null, Value::from);
    }
    if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
        return v.map_or(Value::Null, Value::from);
    }
    if let Ok(v) = row.try_get::<Option<f32>, _>(i) {
        return v.map_or(Value::Null, |f| Value::from(f64::from(f)));
    }
    if let Ok(v) = row.try_get::<Option<bool>, _>(i) {
        return v.map_or(Value::Null, Value::from);
    }
    if let Ok(v) = row.try_get::<Option<String>, _>(i) {
        return v.map_or(Value::Null, Value::from);
    }
    if let Ok(v) = row.try_get::<Option<Vec<u8>>, _>(i) {
        return v.map_or(Value::Null, |b| Value::from(format!("{} bytes", b.len())));
    }
    Value::Null
}

fn object(row: &AnyRow) -> Value {
    let mut map = Map::new();
    for (i, column) in row.columns().iter().enumerate() {
        map.insert(column.name().to_owned(), cell(row, i));
    }
    Value::Object(map)
}

/// Everything stored about `user`, one section per kind of record; `None` for an unknown
/// user. Timestamps are milliseconds since the epoch, as stored.
pub async fn export(s: &mut dyn Session, user: UserId) -> Result<Option<Value>, StoreError> {
    let mut out = Map::new();
    for (name, sql) in SECTIONS {
        let rows = sqlx::query(sql).bind(user.0).fetch_all(s.conn()).await?;
        let items: Vec<Value> = rows.iter().map(object).collect();
        let value = match *name {
            "account" | "profile" | "avatar" | "adaptive_diagnostic" => {
                items.into_iter().next().unwrap_or(Value::Null)
            }
            _ => Value::Array(items),
        };
        out.insert((*name).to_owned(), value);
    }
    if out.get("account").is_none_or(Value::is_null) {
        return Ok(None);
    }
    Ok(Some(Value::Object(out)))
}

/// The placeholder e-mail an erased account keeps (unique, never deliverable).
pub fn erased_email(user: UserId) -> String {
    format!("erased-{}@erased.invalid", user.0)
}

/// Replaces `user`'s personal data: name, e-mail, username, password, avatar, phone, bio,
/// social links, specializations, achievements, pending e-mails, notifications and
/// sessions; the account is deactivated and marked erased. Enrollments, completions,
/// reviews, attempts and the rest stay, pointing at the anonymous row. `false` when there
/// is no such user.
pub async fn erase(s: &mut dyn Session, user: UserId, now: Timestamp) -> Result<bool, StoreError> {
    let Some(row) = sqlx::query("SELECT email FROM users WHERE id = $1")
        .bind(user.0)
        .fetch_optional(s.conn())
        .await?
    else {
        return Ok(false);
    };
    let old_email: Option<String> = get(&row, "email")?;
    let email = erased_email(user);
    run(
        sqlx::query(
            "UPDATE users SET email = $1, email_norm = $1, username = NULL, username_norm = NULL, \
             full_name = 'Deleted user', password_hash = '!erased', is_active = $2, \
             token_version = token_version + 1, erased_at = COALESCE(erased_at, $3), \
             updated_at = $3 WHERE id = $4",
        )
        .bind(&email)
        .bind(false)
        .bind(now)
        .bind(user.0),
        s.conn(),
    )
    .await?;
    run(
        sqlx::query(
            "UPDATE profiles SET slug = $1, bio = '', phone = NULL, social_links = '{}', \
             updated_at = $2 WHERE user_id = $3",
        )
        .bind(format!("erased-{}", user.0))
        .bind(now)
        .bind(user.0),
        s.conn(),
    )
    .await?;
    for sql in [
        "DELETE FROM avatars WHERE user_id = $1",
        "DELETE FROM profile_specializations WHERE user_id = $1",
        "DELETE FROM achievements WHERE user_id = $1",
        "DELETE FROM refresh_tokens WHERE user_id = $1",
        "DELETE FROM password_reset_tokens WHERE user_id = $1",
        "DELETE FROM notifications WHERE user_id = $1",
    ] {
        run(sqlx::query(sql).bind(user.0), s.conn()).await?;
    }
    if let Some(old) = old_email.filter(|e| *e != email) {
        run(
            sqlx::query("DELETE FROM email_outbox WHERE recipient = $1").bind(old),
            s.conn(),
        )
        .await?;
    }
    Ok(true)
}

/// Whether the account was erased (an erased account is never reactivated).
pub async fn is_erased(s: &mut dyn Session, user: UserId) -> Result<bool, StoreError> {
    let row = sqlx::query("SELECT erased_at FROM users WHERE id = $1")
        .bind(user.0)
        .fetch_optional(s.conn())
        .await?;
    Ok(match row {
        Some(r) => get::<Option<i64>>(&r, "erased_at")?.is_some(),
        None => false,
    })
}
