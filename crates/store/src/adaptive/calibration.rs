//! Item calibration's rows: the responses it reads and the estimates it writes.

use practicum_domain::Timestamp;

use crate::query::{all, count, run};
use crate::{
    row::{decode, flag, get},
    Session, StoreError,
};

/// A graded answer to a bank question, as calibration reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalibrationResponse {
    pub user_id: i64,
    pub module_id: i64,
    pub question_id: i64,
    pub correct: bool,
}

/// Every graded answer to a bank question (one query, streamed into memory: the job's
/// cost grows with the log).
pub async fn responses(s: &mut dyn Session) -> Result<Vec<CalibrationResponse>, StoreError> {
    all(
        sqlx::query(
            "SELECT user_id, module_id, question_id, correct FROM item_responses \
             WHERE question_id IS NOT NULL ORDER BY id",
        ),
        s.conn(),
        |r| {
            Ok(CalibrationResponse {
                user_id: get(r, "user_id")?,
                module_id: get(r, "module_id")?,
                question_id: get(r, "question_id")?,
                correct: flag(r, "correct")?,
            })
        },
    )
    .await
}

/// The author difficulty of every question that has graded answers.
pub async fn answered_questions(s: &mut dyn Session) -> Result<Vec<(i64, u8)>, StoreError> {
    all(
        sqlx::query(
            "SELECT id, difficulty FROM questions WHERE id IN \
             (SELECT DISTINCT question_id FROM item_responses WHERE question_id IS NOT NULL) \
             ORDER BY id",
        ),
        s.conn(),
        |r| {
            let d: i64 = get(r, "difficulty")?;
            Ok((get(r, "id")?, u8::try_from(d).unwrap_or(3)))
        },
    )
    .await
}

/// A question's stored calibration. As a row, its `difficulty` is the column
/// `cal_difficulty` (queries that join `questions` name it so).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CalibrationRow {
    pub question_id: i64,
    #[sqlx(rename = "cal_difficulty")]
    pub difficulty: f64,
    pub variance: f64,
    pub responses: i64,
    pub share_correct: f64,
    pub discrimination: Option<f64>,
    /// Comma-separated flag names (empty: none).
    pub flags: String,
    pub calibrated_at: Timestamp,
}

/// Writes calibrations (insert or replace).
pub async fn upsert(s: &mut dyn Session, rows: &[CalibrationRow]) -> Result<(), StoreError> {
    for c in rows {
        run(
            sqlx::query(
                "INSERT INTO question_calibrations (question_id, difficulty, variance, responses, \
                 share_correct, discrimination, flags, calibrated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (question_id) DO UPDATE SET difficulty = excluded.difficulty, \
                 variance = excluded.variance, responses = excluded.responses, \
                 share_correct = excluded.share_correct, discrimination = excluded.discrimination, \
                 flags = excluded.flags, calibrated_at = excluded.calibrated_at",
            )
            .bind(c.question_id)
            .bind(c.difficulty)
            .bind(c.variance)
            .bind(c.responses)
            .bind(c.share_correct)
            .bind(c.discrimination)
            .bind(c.flags.as_str())
            .bind(c.calibrated_at),
            s.conn(),
        )
        .await?;
    }
    Ok(())
}

/// A calibrated question of a track, for the admin list.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibratedQuestion {
    pub question_id: i64,
    pub module_id: i64,
    pub module_name: String,
    pub stage_id: i64,
    pub text: String,
    pub author_difficulty: u8,
    pub is_active: bool,
    pub calibration: CalibrationRow,
}

/// One page of the track's calibrated questions (flagged ones only when asked), most
/// responses first; and how many there are. Two queries.
pub async fn list(
    s: &mut dyn Session,
    track_id: i64,
    flagged_only: bool,
    offset: i64,
    limit: i64,
) -> Result<(Vec<CalibratedQuestion>, i64), StoreError> {
    let filter = if flagged_only {
        " AND c.flags <> ''"
    } else {
        ""
    };
    let from = format!(
        "FROM question_calibrations c JOIN questions q ON q.id = c.question_id \
         JOIN track_modules m ON m.id = q.module_id WHERE m.track_id = $1{filter}"
    );
    let total: i64 = count(
        sqlx::query(&format!("SELECT COUNT(*) AS n {from}")).bind(track_id),
        s.conn(),
    )
    .await?;
    let rows = sqlx::query(&format!(
        "SELECT c.question_id, c.difficulty AS cal_difficulty, c.variance, c.responses, \
         c.share_correct, c.discrimination, c.flags, c.calibrated_at, q.module_id, \
         m.name AS module_name, q.stage_id, q.text, q.difficulty, q.is_active {from} \
         ORDER BY c.responses DESC, c.question_id LIMIT $2 OFFSET $3"
    ))
    .bind(track_id)
    .bind(limit)
    .bind(offset)
    .fetch_all(s.conn())
    .await?;
    let items = rows
        .iter()
        .map(|r| {
            let author: i64 = get(r, "difficulty")?;
            Ok(CalibratedQuestion {
                question_id: get(r, "question_id")?,
                module_id: get(r, "module_id")?,
                module_name: get(r, "module_name")?,
                stage_id: get(r, "stage_id")?,
                text: get(r, "text")?,
                author_difficulty: u8::try_from(author).unwrap_or(3),
                is_active: flag(r, "is_active")?,
                calibration: decode(r)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok((items, total))
}
