//! Admin input for questions and articles, validated the same way whether it comes one
//! at a time or in a bulk import (there the field names carry the row index).

use practicum_domain::{
    adaptive::{ContentKind, Difficulty, ParseStageKeyError, StageKey},
    FieldErrors,
};
use practicum_store::adaptive::catalog::{ModuleRecord, StageRecord};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct OptionInput {
    pub text: String,
    #[serde(default)]
    pub is_correct: bool,
}

/// A question's own fields.
#[derive(Debug, Clone, Deserialize)]
pub struct QuestionBody {
    pub text: String,
    /// 1..5; 3 when absent.
    pub difficulty: Option<i64>,
    pub options: Vec<OptionInput>,
}

/// A bank question: its module (by name) and target stage (`junior_1`).
#[derive(Debug, Clone, Deserialize)]
pub struct QuestionInput {
    pub module: String,
    pub stage: String,
    #[serde(flatten)]
    pub body: QuestionBody,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ArticleInput {
    pub module: String,
    pub stage: String,
    pub title: String,
    /// `optional` or `required`.
    pub kind: String,
    #[serde(default)]
    pub markdown: String,
    pub position: Option<i32>,
    /// The mini-test of a required article (bank questions of the article's module and
    /// stage); an optional article has none.
    #[serde(default)]
    pub minitest: Vec<QuestionBody>,
}

/// One document of questions and articles, written all or nothing.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ImportInput {
    /// Modules to create when missing, in order.
    #[serde(default)]
    pub modules: Vec<String>,
    #[serde(default)]
    pub questions: Vec<QuestionInput>,
    #[serde(default)]
    pub articles: Vec<ArticleInput>,
}

/// A question ready to insert.
pub(crate) struct ValidQuestion {
    pub text: String,
    pub difficulty: u8,
    pub options: Vec<(String, bool)>,
}

pub(crate) fn text_field(errors: &mut FieldErrors, field: &str, value: &str, max: usize) {
    if value.trim().is_empty() {
        errors.push(field, "must not be empty");
    } else if value.chars().count() > max {
        errors.push(field, format!("must be at most {max} characters"));
    }
}

pub(crate) fn validate_body(
    errors: &mut FieldErrors,
    prefix: &str,
    body: &QuestionBody,
) -> Option<ValidQuestion> {
    let before = errors.0.len();
    text_field(errors, &format!("{prefix}text"), &body.text, 4000);
    let difficulty = body.difficulty.unwrap_or(3);
    let difficulty = match u8::try_from(difficulty).ok().map(Difficulty::new) {
        Some(Ok(d)) => d.get(),
        _ => {
            errors.push(&format!("{prefix}difficulty"), "must be from 1 to 5");
            3
        }
    };
    if body.options.len() < 2 {
        errors.push(
            &format!("{prefix}options"),
            "a question needs at least 2 options",
        );
    }
    let correct = body.options.iter().filter(|o| o.is_correct).count();
    if correct != 1 {
        errors.push(
            &format!("{prefix}options"),
            format!("exactly one option must be correct ({correct} are)"),
        );
    }
    for (i, o) in body.options.iter().enumerate() {
        text_field(errors, &format!("{prefix}options[{i}].text"), &o.text, 1000);
    }
    (errors.0.len() == before).then(|| ValidQuestion {
        text: body.text.trim().to_owned(),
        difficulty,
        options: body
            .options
            .iter()
            .map(|o| (o.text.trim().to_owned(), o.is_correct))
            .collect(),
    })
}

pub(crate) fn resolve_module(
    errors: &mut FieldErrors,
    field: &str,
    name: &str,
    modules: &[ModuleRecord],
) -> Option<i64> {
    let found = modules.iter().find(|m| m.name == name.trim()).map(|m| m.id);
    if found.is_none() {
        errors.push(field, format!("no module named \"{name}\" in this track"));
    }
    found
}

/// A stage key given in a path or a query (`junior_2`); a malformed one is 422 on `stage`.
pub(crate) fn stage_key(raw: &str) -> Result<StageKey, FieldErrors> {
    raw.parse()
        .map_err(|e: ParseStageKeyError| FieldErrors::single("stage", e.to_string()))
}

pub(crate) fn resolve_stage(
    errors: &mut FieldErrors,
    field: &str,
    key: &str,
    stages: &[StageRecord],
) -> Option<i64> {
    match key.parse::<StageKey>() {
        Err(e) => {
            errors.push(field, e.to_string());
            None
        }
        Ok(key) => {
            let found = stages.iter().find(|s| s.key == key).map(|s| s.id);
            if found.is_none() {
                errors.push(field, format!("the track has no stage {key}"));
            }
            found
        }
    }
}

pub(crate) fn parse_kind(errors: &mut FieldErrors, field: &str, kind: &str) -> Option<ContentKind> {
    match kind {
        "optional" => Some(ContentKind::Optional),
        "required" => Some(ContentKind::Required),
        _ => {
            errors.push(field, "must be optional or required");
            None
        }
    }
}

/// A validated question of the bank.
pub(crate) struct ResolvedQuestion {
    pub module_id: i64,
    pub stage_id: i64,
    pub question: ValidQuestion,
}

pub(crate) fn validate_question(
    errors: &mut FieldErrors,
    prefix: &str,
    q: &QuestionInput,
    modules: &[ModuleRecord],
    stages: &[StageRecord],
) -> Option<ResolvedQuestion> {
    let module_id = resolve_module(errors, &format!("{prefix}module"), &q.module, modules);
    let stage_id = resolve_stage(errors, &format!("{prefix}stage"), &q.stage, stages);
    let question = validate_body(errors, prefix, &q.body);
    Some(ResolvedQuestion {
        module_id: module_id?,
        stage_id: stage_id?,
        question: question?,
    })
}

/// A validated article with its mini-test.
pub(crate) struct ResolvedArticle {
    pub module_id: i64,
    pub stage_id: i64,
    pub title: String,
    pub kind: ContentKind,
    pub markdown: String,
    pub position: i32,
    pub minitest: Vec<ValidQuestion>,
}

pub(crate) fn validate_article(
    errors: &mut FieldErrors,
    prefix: &str,
    a: &ArticleInput,
    modules: &[ModuleRecord],
    stages: &[StageRecord],
) -> Option<ResolvedArticle> {
    let module_id = resolve_module(errors, &format!("{prefix}module"), &a.module, modules);
    let stage_id = resolve_stage(errors, &format!("{prefix}stage"), &a.stage, stages);
    text_field(errors, &format!("{prefix}title"), &a.title, 300);
    let kind = parse_kind(errors, &format!("{prefix}kind"), &a.kind);
    match kind {
        Some(ContentKind::Required) if a.minitest.is_empty() => errors.push(
            &format!("{prefix}minitest"),
            "a required article needs mini-test questions",
        ),
        Some(ContentKind::Optional) if !a.minitest.is_empty() => errors.push(
            &format!("{prefix}minitest"),
            "an optional article has no mini-test",
        ),
        _ => {}
    }
    let minitest: Vec<Option<ValidQuestion>> = a
        .minitest
        .iter()
        .enumerate()
        .map(|(i, q)| validate_body(errors, &format!("{prefix}minitest[{i}]."), q))
        .collect();
    let minitest: Option<Vec<ValidQuestion>> = minitest.into_iter().collect();
    Some(ResolvedArticle {
        module_id: module_id?,
        stage_id: stage_id?,
        title: a.title.trim().to_owned(),
        kind: kind?,
        markdown: a.markdown.clone(),
        position: a.position.unwrap_or(0),
        minitest: minitest?,
    })
}
