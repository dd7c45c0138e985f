//! `GET /content/my`, `POST /content/{id}/read`, `GET /progress/eligibility`.

use practicum_domain::{
    adaptive::{ArticleId, ContentItem, EligibilityReport},
    identity::UserId,
};
use practicum_store::{adaptive::content, Session};

use super::{context::Learner, ContentItemView, EligibilityView, MyContentView};
use crate::{App, AppError};

impl App {
    pub(crate) async fn content_view(
        &self,
        s: &mut dyn Session,
        l: &Learner,
    ) -> Result<MyContentView, AppError> {
        let rows = content::list(s, l.progress.user_id, l.progress.stage_id).await?;
        let report = EligibilityReport::from_items(
            &rows
                .iter()
                .map(|r| ContentItem {
                    article_id: ArticleId(r.article_id),
                    kind: r.kind,
                    closed: r.closed(),
                })
                .collect::<Vec<_>>(),
        );
        Ok(MyContentView {
            key: l.progress.key,
            eligibility: report,
            items: rows
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
            return Err(AppError::NotFound { what: "content" });
        }
        tx.commit().await?;
        Ok(())
    }

    /// Whether the level exam may start: every required article closed, and the stage's
    /// content assigned.
    pub async fn eligibility(&self, user: UserId) -> Result<EligibilityView, AppError> {
        let mut tx = self.db.write().await?;
        let l = self.learner(&mut tx, user).await?;
        let view = self.eligibility_in(&mut tx, &l).await?;
        tx.commit().await?;
        Ok(view)
    }

    pub(crate) async fn eligibility_in(
        &self,
        s: &mut dyn Session,
        l: &Learner,
    ) -> Result<EligibilityView, AppError> {
        let assigned = content::is_assigned(s, l.progress.user_id, l.progress.stage_id).await?;
        let view = self.content_view(s, l).await?;
        Ok(EligibilityView {
            key: l.progress.key,
            content_assigned: assigned,
            report: view.eligibility,
        })
    }
}
