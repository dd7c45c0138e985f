//! Spaced-review cards: a missed question, or a module, with its FSRS memory state and
//! when it is due. One card per (learner, question) and per (learner, module): partial
//! unique indexes.

use practicum_domain::{adaptive::review::MemoryState, identity::UserId, Timestamp};
use sqlx::any::AnyRow;

use crate::query::{all, count, new_id, optional, run, value_rows, AnyQuery};
use crate::{row::get, Session, StoreError};

/// What a card reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardKind {
    Question,
    Module,
}

impl CardKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CardKind::Question => "question",
            CardKind::Module => "module",
        }
    }

    fn parse(raw: &str) -> Result<Self, StoreError> {
        match raw {
            "question" => Ok(CardKind::Question),
            "module" => Ok(CardKind::Module),
            other => Err(StoreError::Corrupt(format!("review card kind {other}"))),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CardRow {
    pub id: i64,
    pub user_id: UserId,
    pub kind: CardKind,
    pub module_id: i64,
    /// The question the next review asks (a question card's own question).
    pub question_id: Option<i64>,
    pub memory: MemoryState,
    pub reps: i64,
    pub lapses: i64,
    pub last_rating: String,
    pub last_review_at: Timestamp,
    pub due_at: Timestamp,
    pub created_at: Timestamp,
}

const COLUMNS: &str = "id, user_id, kind, module_id, question_id, stability, difficulty, reps, \
     lapses, last_rating, last_review_at, due_at, created_at";

fn card(r: &AnyRow) -> Result<CardRow, StoreError> {
    let kind: String = get(r, "kind")?;
    let stability: f64 = get(r, "stability")?;
    let difficulty: f64 = get(r, "difficulty")?;
    Ok(CardRow {
        id: get(r, "id")?,
        user_id: UserId(get(r, "user_id")?),
        kind: CardKind::parse(&kind)?,
        module_id: get(r, "module_id")?,
        question_id: get(r, "question_id")?,
        memory: MemoryState {
            stability: stability as f32,
            difficulty: difficulty as f32,
        },
        reps: get(r, "reps")?,
        lapses: get(r, "lapses")?,
        last_rating: get(r, "last_rating")?,
        last_review_at: get(r, "last_review_at")?,
        due_at: get(r, "due_at")?,
        created_at: get(r, "created_at")?,
    })
}

pub async fn find(s: &mut dyn Session, id: i64) -> Result<Option<CardRow>, StoreError> {
    optional(
        sqlx::query(&format!("SELECT {COLUMNS} FROM review_cards WHERE id = $1")).bind(id),
        s.conn(),
        card,
    )
    .await
}

/// The learner's cards for the given questions and modules (one query).
pub async fn cards_of(
    s: &mut dyn Session,
    user_id: UserId,
    question_ids: &[i64],
    module_ids: &[i64],
) -> Result<Vec<CardRow>, StoreError> {
    let list = |ids: &[i64]| {
        if ids.is_empty() {
            "NULL".to_owned()
        } else {
            super::id_list(ids)
        }
    };
    all(
        sqlx::query(&format!(
            "SELECT {COLUMNS} FROM review_cards WHERE user_id = $1 AND \
             ((kind = 'question' AND question_id IN ({})) OR (kind = 'module' AND module_id IN ({})))",
            list(question_ids),
            list(module_ids)
        ))
        .bind(user_id.0),
        s.conn(),
        card,
    )
    .await
}

/// Inserts a card; returns its id. A second card for the same question or module of a
/// learner breaks `review_cards_user_question_key` / `review_cards_user_module_key`.
pub async fn insert(s: &mut dyn Session, c: &CardRow) -> Result<i64, StoreError> {
    let query = sqlx::query(
        "INSERT INTO review_cards (user_id, kind, module_id, question_id, stability, difficulty, \
         reps, lapses, last_rating, last_review_at, due_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(c.user_id.0)
    .bind(c.kind.as_str())
    .bind(c.module_id);
    let query = bind_schedule(query, c).bind(c.created_at);
    new_id(query, s.conn()).await
}

/// Inserts cards in one multi-row `INSERT` (ids in `cards`' order); a card that already
/// exists breaks the same keys as [`insert`].
pub async fn insert_many(s: &mut dyn Session, cards: &[CardRow]) -> Result<(), StoreError> {
    if cards.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO review_cards (user_id, kind, module_id, question_id, stability, difficulty, \
         reps, lapses, last_rating, last_review_at, due_at, created_at) VALUES {}",
        value_rows(cards.len(), 12)
    );
    let mut query = sqlx::query(&sql);
    for c in cards {
        query = query
            .bind(c.user_id.0)
            .bind(c.kind.as_str())
            .bind(c.module_id);
        query = bind_schedule(query, c).bind(c.created_at);
    }
    run(query, s.conn()).await
}

/// Binds a card's schedule, `question_id` to `due_at` in column order: the same eight
/// parameters of [`insert`] and [`update`].
fn bind_schedule<'q>(query: AnyQuery<'q>, c: &'q CardRow) -> AnyQuery<'q> {
    query
        .bind(c.question_id)
        .bind(f64::from(c.memory.stability))
        .bind(f64::from(c.memory.difficulty))
        .bind(c.reps)
        .bind(c.lapses)
        .bind(c.last_rating.as_str())
        .bind(c.last_review_at)
        .bind(c.due_at)
}

/// Stores a card's new schedule (and, for a module card, its next question).
pub async fn update(s: &mut dyn Session, c: &CardRow) -> Result<(), StoreError> {
    let query = sqlx::query(
        "UPDATE review_cards SET question_id = $1, stability = $2, difficulty = $3, reps = $4, \
         lapses = $5, last_rating = $6, last_review_at = $7, due_at = $8 WHERE id = $9",
    );
    run(bind_schedule(query, c).bind(c.id), s.conn()).await
}

/// The learner's cards due at `now` whose question can be asked (active), soonest
/// first, at most `limit`; and how many are due in all. Two queries.
pub async fn due(
    s: &mut dyn Session,
    user_id: UserId,
    now: Timestamp,
    limit: i64,
) -> Result<(Vec<CardRow>, i64), StoreError> {
    let from = "FROM review_cards r JOIN questions q ON q.id = r.question_id \
                WHERE r.user_id = $1 AND r.due_at <= $2 AND q.is_active = $3";
    let total: i64 = count(
        sqlx::query(&format!("SELECT COUNT(*) AS n {from}"))
            .bind(user_id.0)
            .bind(now)
            .bind(true),
        s.conn(),
    )
    .await?;
    let columns = COLUMNS
        .split(", ")
        .map(|c| format!("r.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let rows = sqlx::query(&format!(
        "SELECT {columns} {from} ORDER BY r.due_at, r.id LIMIT $4"
    ))
    .bind(user_id.0)
    .bind(now)
    .bind(true)
    .bind(limit)
    .fetch_all(s.conn())
    .await?;
    let cards = rows.iter().map(card).collect::<Result<Vec<_>, _>>()?;
    Ok((cards, total))
}

/// How many of the learner's cards are due at `now` (active questions only).
pub async fn due_count(
    s: &mut dyn Session,
    user_id: UserId,
    now: Timestamp,
) -> Result<i64, StoreError> {
    count(
        sqlx::query(
            "SELECT COUNT(*) AS n FROM review_cards r JOIN questions q ON q.id = r.question_id \
             WHERE r.user_id = $1 AND r.due_at <= $2 AND q.is_active = $3",
        )
        .bind(user_id.0)
        .bind(now)
        .bind(true),
        s.conn(),
    )
    .await
}
