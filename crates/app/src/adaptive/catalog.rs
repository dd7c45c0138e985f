//! Admin catalog use-cases: tracks, stages, modules, questions and articles.

use practicum_domain::{
    adaptive::{Rank, StageKey},
    identity::{Role, Slug},
    FieldErrors,
};
use practicum_store::{
    adaptive::{
        articles::{self, NewArticle},
        bank::{self, NewQuestion},
        catalog::{self, TrackRecord},
    },
    Session, StoreError,
};

use super::{
    catalog_input::{text_field, validate_article, validate_question, ResolvedArticle},
    ArticleInput, ModuleView, QuestionInput, StageView, TrackView,
};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError, Page, PageRequest};

/// `POST /admin/tracks`.
#[derive(Debug, Clone)]
pub struct NewTrackInput {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub is_published: bool,
    /// Ranks whose stages are created with the track (`trainee`, `junior`, …).
    pub ranks: Vec<String>,
}

/// `PATCH /admin/tracks/{slug}`.
#[derive(Debug, Clone, Default)]
pub struct TrackChanges {
    pub title: Option<String>,
    pub description: Option<String>,
    pub is_published: Option<bool>,
}

pub(crate) async fn track_by_slug(
    s: &mut dyn Session,
    slug: &str,
) -> Result<TrackRecord, AppError> {
    catalog::find_track_by_slug(s, slug)
        .await?
        .ok_or(AppError::NotFound(ErrorCode::TrackNotFound))
}

pub(crate) async fn track_view(s: &mut dyn Session, t: TrackRecord) -> Result<TrackView, AppError> {
    Ok(track_views(s, vec![t]).await?.remove(0))
}

/// Tracks with their stages and modules in three queries whatever their number.
pub(crate) async fn track_views(
    s: &mut dyn Session,
    tracks: Vec<TrackRecord>,
) -> Result<Vec<TrackView>, AppError> {
    let ids: Vec<i64> = tracks.iter().map(|t| t.id).collect();
    let stages = catalog::stages_of_tracks(s, &ids).await?;
    let modules = catalog::modules_of_tracks(s, &ids).await?;
    Ok(tracks
        .into_iter()
        .map(|t| TrackView {
            stages: stages
                .iter()
                .filter(|st| st.track_id == t.id)
                .map(|st| StageView {
                    stage_id: st.id,
                    key: st.key,
                })
                .collect(),
            modules: modules
                .iter()
                .filter(|m| m.track_id == t.id)
                .map(|m| ModuleView {
                    module_id: m.id,
                    name: m.name.clone(),
                    position: m.position,
                })
                .collect(),
            track_id: t.id,
            slug: t.slug,
            title: t.title,
            description: t.description,
            is_published: t.is_published,
        })
        .collect())
}

impl App {
    /// Creates a track, with the stages of `ranks` (every level of each rank).
    pub async fn create_track(
        &self,
        actor: &Actor,
        input: NewTrackInput,
    ) -> Result<TrackView, AppError> {
        actor.require(&[Role::Admin])?;
        let mut tx = self.db.write().await?;
        let id = create_track_in(&mut tx, &input, self.now_ms()).await?;
        let track = catalog::find_track(&mut tx, id)
            .await?
            .ok_or_else(|| AppError::internal("track vanished"))?;
        let view = track_view(&mut tx, track).await?;
        tx.commit().await?;
        tracing::info!(admin_id = %actor.id, track = %view.slug, "track created");
        Ok(view)
    }

    pub async fn update_track(
        &self,
        actor: &Actor,
        slug: &str,
        changes: TrackChanges,
    ) -> Result<TrackView, AppError> {
        actor.require(&[Role::Admin])?;
        let mut errors = FieldErrors::new();
        if let Some(t) = &changes.title {
            text_field(&mut errors, "title", t, 200);
        }
        errors.into_result()?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        catalog::update_track(
            &mut tx,
            track.id,
            changes.title.as_deref().map(str::trim),
            changes.description.as_deref(),
            changes.is_published,
            self.now_ms(),
        )
        .await?;
        let track = track_by_slug(&mut tx, slug).await?;
        let view = track_view(&mut tx, track).await?;
        tx.commit().await?;
        Ok(view)
    }

    /// Every track, published or not (admin), one page in creation order.
    pub async fn admin_list_tracks(
        &self,
        actor: &Actor,
        page: PageRequest,
    ) -> Result<Page<TrackView>, AppError> {
        actor.require(&[Role::Admin])?;
        let mut conn = self.db.read().await?;
        let (tracks, total) =
            catalog::list_tracks(&mut conn, true, page.limit(), page.offset()).await?;
        Ok(Page::new(
            track_views(&mut conn, tracks).await?,
            total,
            page,
        ))
    }

    /// Adds a stage (`junior_2`) to a track; an existing one is 409.
    pub async fn create_stage(
        &self,
        actor: &Actor,
        slug: &str,
        key: &str,
    ) -> Result<StageView, AppError> {
        actor.require(&[Role::Admin])?;
        let key: StageKey =
            key.parse()
                .map_err(|e: practicum_domain::adaptive::ParseStageKeyError| {
                    FieldErrors::single("stage", e.to_string())
                })?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        let id = catalog::insert_stage(&mut tx, track.id, key)
            .await
            .map_err(|e| {
                if e.is_unique("stages_track_rank_level_key") {
                    AppError::conflict(
                        ErrorCode::StageExists,
                        format!("the track already has {key}"),
                    )
                } else {
                    e.into()
                }
            })?;
        tx.commit().await?;
        Ok(StageView { stage_id: id, key })
    }

    /// Adds a module; a name used in the track is 409.
    pub async fn create_module(
        &self,
        actor: &Actor,
        slug: &str,
        name: &str,
        position: Option<i32>,
    ) -> Result<ModuleView, AppError> {
        actor.require(&[Role::Admin])?;
        let mut errors = FieldErrors::new();
        text_field(&mut errors, "name", name, 200);
        errors.into_result()?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        let position = match position {
            Some(p) => p,
            None => i32::try_from(catalog::modules(&mut tx, track.id).await?.len()).unwrap_or(0),
        };
        let id = insert_module(&mut tx, track.id, name.trim(), position).await?;
        tx.commit().await?;
        Ok(ModuleView {
            module_id: id,
            name: name.trim().to_owned(),
            position,
        })
    }

    /// Adds a question with its options to the bank; returns its id.
    pub async fn create_question(
        &self,
        actor: &Actor,
        slug: &str,
        input: QuestionInput,
    ) -> Result<i64, AppError> {
        actor.require(&[Role::Admin])?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        let modules = catalog::modules(&mut tx, track.id).await?;
        let stages = catalog::stages(&mut tx, track.id).await?;
        let mut errors = FieldErrors::new();
        let resolved = validate_question(&mut errors, "", &input, &modules, &stages);
        errors.into_result()?;
        let q = resolved.ok_or_else(|| AppError::internal("validated question missing"))?;
        let id =
            insert_question(&mut tx, q.module_id, q.stage_id, &q.question, self.now_ms()).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Retires (or reactivates) a question: retired questions are never drawn again, and
    /// attempts that asked them keep them.
    pub async fn set_question_active(
        &self,
        actor: &Actor,
        slug: &str,
        question_id: i64,
        active: bool,
    ) -> Result<(), AppError> {
        actor.require(&[Role::Admin])?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        if !bank::set_question_active(&mut tx, track.id, question_id, active).await? {
            return Err(AppError::NotFound(ErrorCode::QuestionNotFound));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Adds an article (with its mini-test questions, for a required one); returns its id.
    pub async fn create_article(
        &self,
        actor: &Actor,
        slug: &str,
        input: ArticleInput,
    ) -> Result<i64, AppError> {
        actor.require(&[Role::Admin])?;
        let mut tx = self.db.write().await?;
        let track = track_by_slug(&mut tx, slug).await?;
        let modules = catalog::modules(&mut tx, track.id).await?;
        let stages = catalog::stages(&mut tx, track.id).await?;
        let mut errors = FieldErrors::new();
        let resolved = validate_article(&mut errors, "", &input, &modules, &stages);
        errors.into_result()?;
        let a = resolved.ok_or_else(|| AppError::internal("validated article missing"))?;
        let id = insert_article(&mut tx, &a, self.now_ms()).await?;
        tx.commit().await?;
        Ok(id)
    }
}

pub(crate) async fn insert_module(
    s: &mut dyn Session,
    track_id: i64,
    name: &str,
    position: i32,
) -> Result<i64, AppError> {
    catalog::insert_module(s, track_id, name, position)
        .await
        .map_err(|e: StoreError| {
            if e.is_unique("track_modules_track_name_key") {
                AppError::conflict(
                    ErrorCode::ModuleExists,
                    format!("the track already has a module named \"{name}\""),
                )
            } else {
                e.into()
            }
        })
}

pub(crate) async fn insert_question(
    s: &mut dyn Session,
    module_id: i64,
    stage_id: i64,
    q: &super::catalog_input::ValidQuestion,
    now: i64,
) -> Result<i64, AppError> {
    Ok(bank::insert_question(
        s,
        &NewQuestion {
            module_id,
            stage_id,
            text: &q.text,
            difficulty: q.difficulty,
            options: q.options.iter().map(|(t, c)| (t.as_str(), *c)).collect(),
        },
        now,
    )
    .await?)
}

pub(crate) async fn insert_article(
    s: &mut dyn Session,
    a: &ResolvedArticle,
    now: i64,
) -> Result<i64, AppError> {
    let id = articles::insert_article(
        s,
        &NewArticle {
            stage_id: a.stage_id,
            module_id: a.module_id,
            title: &a.title,
            kind: a.kind,
            markdown: &a.markdown,
            position: a.position,
        },
        now,
    )
    .await?;
    for q in &a.minitest {
        let qid = insert_question(s, a.module_id, a.stage_id, q, now).await?;
        articles::link_article_question(s, id, qid).await?;
    }
    Ok(id)
}

/// Validates and inserts a track with the stages of its ranks; returns its id.
pub(crate) async fn create_track_in(
    tx: &mut dyn Session,
    input: &NewTrackInput,
    now: i64,
) -> Result<i64, AppError> {
    let mut errors = FieldErrors::new();
    let slug = errors.check("slug", Slug::parse(&input.slug));
    text_field(&mut errors, "title", &input.title, 200);
    let mut ranks = Vec::new();
    for (i, r) in input.ranks.iter().enumerate() {
        if let Some(rank) = errors.check(&format!("ranks[{i}]"), r.parse::<Rank>()) {
            if ranks.contains(&rank) {
                errors.push(&format!("ranks[{i}]"), "is listed twice");
            }
            ranks.push(rank);
        }
    }
    errors.into_result()?;
    let slug = slug.ok_or_else(|| AppError::internal("validated slug missing"))?;
    let id = catalog::insert_track(
        tx,
        slug.as_str(),
        input.title.trim(),
        &input.description,
        input.is_published,
        now,
    )
    .await
    .map_err(|e| {
        if e.is_unique("tracks_slug_key") {
            AppError::conflict(
                ErrorCode::TrackSlugTaken,
                "a track with this slug already exists",
            )
        } else {
            e.into()
        }
    })?;
    ranks.sort();
    for rank in ranks {
        for &level in rank.levels() {
            let key = StageKey::new(rank, level).map_err(|e| AppError::internal(e.to_string()))?;
            catalog::insert_stage(tx, id, key).await?;
        }
    }
    Ok(id)
}
