//! Per-user notifications, and PostgreSQL's `LISTEN/NOTIFY` channel that carries "a new
//! one exists" to every server process.

use practicum_domain::{identity::UserId, Timestamp};
use sqlx::any::AnyRow;

use crate::query::{affected, run};
use crate::{row::get, Backend, Db, Session, StoreError, Tx};

/// The `LISTEN/NOTIFY` channel; payload `"<user_id>:<notification_id>"`.
pub const CHANNEL: &str = "practicum_notifications";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationRecord {
    pub id: i64,
    pub user_id: UserId,
    pub kind: String,
    /// JSON text.
    pub payload: String,
    pub created_at: Timestamp,
    pub read_at: Option<Timestamp>,
}

const COLUMNS: &str = "id, user_id, kind, payload, created_at, read_at";

fn from_row(r: &AnyRow) -> Result<NotificationRecord, StoreError> {
    Ok(NotificationRecord {
        id: get(r, "id")?,
        user_id: UserId(get(r, "user_id")?),
        kind: get(r, "kind")?,
        payload: get(r, "payload")?,
        created_at: get(r, "created_at")?,
        read_at: get(r, "read_at")?,
    })
}

/// Inserts a notification in the caller's transaction. On PostgreSQL it also queues a
/// `pg_notify` on [`CHANNEL`], which PostgreSQL delivers only if the transaction commits.
pub async fn insert(
    tx: &mut Tx,
    user: UserId,
    kind: &str,
    payload: &str,
    now: Timestamp,
) -> Result<NotificationRecord, StoreError> {
    let row = sqlx::query(&format!(
        "INSERT INTO notifications (user_id, kind, payload, created_at) VALUES ($1, $2, $3, $4) \
         RETURNING {COLUMNS}"
    ))
    .bind(user.0)
    .bind(kind)
    .bind(payload)
    .bind(now)
    .fetch_one(tx.conn())
    .await?;
    let record = from_row(&row)?;
    if tx.backend() == Backend::Postgres {
        run(
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(format!("{}:{}", user.0, record.id)),
            tx.conn(),
        )
        .await?;
    }
    Ok(record)
}

/// The user's notifications, newest first, with the total.
pub async fn list(
    s: &mut dyn Session,
    user: UserId,
    unread_only: bool,
    limit: i64,
    offset: i64,
) -> Result<(Vec<NotificationRecord>, i64), StoreError> {
    const WHERE: &str = "user_id = $1 AND ($2 = 0 OR read_at IS NULL)";
    let unread = i64::from(unread_only);
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM notifications WHERE {WHERE} ORDER BY id DESC LIMIT $3 OFFSET $4"
    ))
    .bind(user.0)
    .bind(unread)
    .bind(limit)
    .bind(offset)
    .fetch_all(s.conn())
    .await?;
    let total = sqlx::query(&format!(
        "SELECT COUNT(*) AS n FROM notifications WHERE {WHERE}"
    ))
    .bind(user.0)
    .bind(unread)
    .fetch_one(s.conn())
    .await?;
    Ok((
        rows.iter().map(from_row).collect::<Result<_, _>>()?,
        get(&total, "n")?,
    ))
}

/// The user's notifications with an id above `after`, oldest first, at most `limit`
/// (what a reconnecting WebSocket client missed).
pub async fn since(
    s: &mut dyn Session,
    user: UserId,
    after: i64,
    limit: i64,
) -> Result<Vec<NotificationRecord>, StoreError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM notifications WHERE user_id = $1 AND id > $2 \
         ORDER BY id LIMIT $3"
    ))
    .bind(user.0)
    .bind(after)
    .bind(limit)
    .fetch_all(s.conn())
    .await?;
    rows.iter().map(from_row).collect()
}

pub async fn find(s: &mut dyn Session, id: i64) -> Result<Option<NotificationRecord>, StoreError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM notifications WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(s.conn())
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Marks the user's own notification read (idempotent: the first time is kept). `None`
/// when it does not exist or is someone else's.
pub async fn mark_read(
    s: &mut dyn Session,
    user: UserId,
    id: i64,
    now: Timestamp,
) -> Result<Option<NotificationRecord>, StoreError> {
    let row = sqlx::query(&format!(
        "UPDATE notifications SET read_at = COALESCE(read_at, $3) \
         WHERE id = $1 AND user_id = $2 RETURNING {COLUMNS}"
    ))
    .bind(id)
    .bind(user.0)
    .bind(now)
    .fetch_optional(s.conn())
    .await?;
    row.as_ref().map(from_row).transpose()
}

/// Marks every unread notification of the user read; returns how many.
pub async fn mark_all_read(
    s: &mut dyn Session,
    user: UserId,
    now: Timestamp,
) -> Result<u64, StoreError> {
    affected(
        sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
            .bind(user.0)
            .bind(now),
        s.conn(),
    )
    .await
}

/// The channel that tells every process "this account's sessions changed" (logout
/// everywhere, password change or reset, deactivation, role change); payload `<user_id>`.
pub const SESSIONS_CHANNEL: &str = "practicum_sessions";

/// Queues "the sessions of `user` changed" in the caller's transaction: on PostgreSQL a
/// `pg_notify` on [`SESSIONS_CHANNEL`], delivered to every process only if it commits.
/// SQLite (one process) signals in-process after commit instead (the caller's job).
pub async fn sessions_changed(tx: &mut Tx, user: UserId) -> Result<(), StoreError> {
    if tx.backend() == Backend::Postgres {
        run(
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(SESSIONS_CHANNEL)
                .bind(user.0.to_string()),
            tx.conn(),
        )
        .await?;
    }
    Ok(())
}

/// What the listener hears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    /// Notification `id` of `user` was committed.
    Notification(UserId, i64),
    /// The sessions of `user` changed: live sockets re-check theirs.
    SessionsChanged(UserId),
    /// An analytics refresh changed these courses' figures.
    AnalyticsChanged(Vec<i64>),
}

/// A dedicated PostgreSQL connection listening on [`CHANNEL`] (the `Any` pool cannot
/// `LISTEN`). sqlx's listener reconnects by itself when the connection drops; notices
/// sent meanwhile are lost, which the WebSocket's `since_id` replay covers.
pub struct Listener(sqlx::postgres::PgListener);

impl Listener {
    /// `None` on SQLite (one process: in-process delivery is enough).
    pub async fn connect(db: &Db) -> Result<Option<Self>, StoreError> {
        if db.backend() != Backend::Postgres {
            return Ok(None);
        }
        let mut l = sqlx::postgres::PgListener::connect(db.url()).await?;
        l.listen_all([
            CHANNEL,
            SESSIONS_CHANNEL,
            crate::analytics::ANALYTICS_CHANNEL,
        ])
        .await?;
        Ok(Some(Self(l)))
    }

    /// The next signal; malformed payloads are skipped.
    pub async fn recv(&mut self) -> Result<Signal, StoreError> {
        loop {
            let n = self.0.recv().await?;
            if n.channel() == crate::analytics::ANALYTICS_CHANNEL {
                let ids: Result<Vec<i64>, _> = n.payload().split(',').map(str::parse).collect();
                if let Ok(ids) = ids {
                    return Ok(Signal::AnalyticsChanged(ids));
                }
            } else if n.channel() == SESSIONS_CHANNEL {
                if let Ok(u) = n.payload().parse::<i64>() {
                    return Ok(Signal::SessionsChanged(UserId(u)));
                }
            } else if let Some((u, id)) = n.payload().split_once(':') {
                if let (Ok(u), Ok(id)) = (u.parse::<i64>(), id.parse::<i64>()) {
                    return Ok(Signal::Notification(UserId(u), id));
                }
            }
            tracing::warn!(
                channel = n.channel(),
                payload = n.payload(),
                "malformed notification payload"
            );
        }
    }
}
