//! `GET /content/my`, `POST /content/{id}/read`, `GET /progress/eligibility`.

use practicum_domain::{adaptive::gates, identity::UserId};
use practicum_store::{adaptive::content, Session};

use super::{context::Learner, ContentItemView, EligibilityView, MyContentView};
use crate::ErrorCode;
use crate::{App, AppError};

impl App {
    pub(crate) async fn content_view(
        &self,
        s: &mut dyn Session,
        l: &Learner,
    ) -> Result<MyContentView, AppError> {
        let path = self.path_state(s, l).await?;
        Ok(MyContentView {
            key: l.progress.key,
            eligibility: path.content.judged(gates::level_exam(&path.state)),
            items: path
                .rows
                .into_iter()
                .map(|r| ContentItemView {
                    closed: r.closed(),
                    read: r.read_at.is_some(),
                    minitest_passed: r.minitest_passed_at.is_some(),
                    article_id: r.article_id,
                    module_id: r.module_id,
                    title: r.title,
                    kind: r.kind,
                    markdown: r.markdown,
                    minitest_tries: r.minitest_tries,
                    reason: r.reason,
                })
                .collect(),
        })
    }

    /// The content assigned at the learner's current stage (empty before assignment).
    pub async fn my_content(&self, user: UserId) -> Result<MyContentView, AppError> {
        let mut tx = self.db.write().await?;
        let l = self.learner(&mut tx, user).await?;
        let view = self.content_view(&mut tx, &l).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// Marks an assigned article read: that closes an optional article (a required one
    /// closes by its mini-test). Idempotent; an article not assigned at the current stage
    /// is 404.
    pub async fn mark_content_read(&self, user: UserId, article_id: i64) -> Result<(), AppError> {
        let mut tx = self.db.write().await?;
        let l = self.learner(&mut tx, user).await?;
        if !content::mark_read(
            &mut tx,
            user,
            l.progress.stage_id,
            article_id,
            self.now_ms(),
        )
        .await?
        {
            return Err(AppError::NotFound(ErrorCode::ContentNotFound));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Whether the level exam may start now: exactly the decision the exam start
    /// applies (`practicum_domain::adaptive::gates::level_exam`), with its reason.
    pub async fn eligibility(&self, user: UserId) -> Result<EligibilityView, AppError> {
        let mut tx = self.db.write().await?;
        let l = self.learner(&mut tx, user).await?;
        let path = self.path_state(&mut tx, &l).await?;
        tx.commit().await?;
        Ok(EligibilityView {
            key: l.progress.key,
            content_assigned: path.state.content_assigned,
            report: path.content.judged(gates::level_exam(&path.state)),
        })
    }
}
