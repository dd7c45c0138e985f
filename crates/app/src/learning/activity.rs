//! The caller's activity log: events clients report, and those use-cases record.

use practicum_domain::{learning::ActivityKind, FieldErrors};
use practicum_store::learning::activity::{self, NewActivity};
use serde_json::Value;

use super::ActivityEntry;
use crate::{identity::Actor, validated, App, AppError, OnViolation, Page, PageRequest};

/// `POST /activity-log`.
#[derive(Debug, Clone)]
pub struct ActivityInput {
    pub kind: String,
    pub course_id: Option<i64>,
    pub lesson_id: Option<i64>,
    /// A JSON object of at most 4 KiB.
    pub payload: Option<Value>,
}

const MAX_PAYLOAD: usize = 4096;

impl App {
    pub async fn record_activity(
        &self,
        actor: &Actor,
        input: ActivityInput,
    ) -> Result<i64, AppError> {
        let mut errors = FieldErrors::new();
        let kind = errors.check("kind", ActivityKind::parse(&input.kind));
        let payload = match &input.payload {
            None => "{}".to_owned(),
            Some(v @ Value::Object(_)) => v.to_string(),
            Some(_) => {
                errors.push("payload", "must be a JSON object");
                String::new()
            }
        };
        if payload.len() > MAX_PAYLOAD {
            errors.push("payload", format!("must be at most {MAX_PAYLOAD} bytes"));
        }
        errors.into_result()?;
        let kind = validated(kind)?;
        let mut tx = self.db.write().await?;
        let id = activity::record(
            &mut tx,
            &NewActivity {
                user_id: actor.id,
                kind: kind.as_str(),
                course_id: input.course_id,
                lesson_id: input.lesson_id,
                payload: &payload,
                now: self.now_ms(),
            },
        )
        .await
        .refuse_on_foreign_key(|| {
            FieldErrors::single(
                "course_id",
                "course_id and lesson_id must name existing items",
            )
            .into()
        })?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn my_activity(
        &self,
        actor: &Actor,
        page: PageRequest,
    ) -> Result<Page<ActivityEntry>, AppError> {
        let mut conn = self.db.read().await?;
        let (items, total) =
            activity::page(&mut conn, actor.id, page.limit(), page.offset()).await?;
        Ok(Page::new(items, total, page).convert())
    }
}
