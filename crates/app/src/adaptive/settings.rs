//! Settings versions of a track (admin).

use practicum_domain::{
    adaptive::{DiagnosticMode, TieBreak, TrackSettings, WeaknessRule},
    identity::Role,
    FieldErrors,
};
use practicum_store::adaptive::settings::{self, SettingsVersionRecord};
use serde_json::Value;

use super::{track_lookup::track_by_slug, SettingsVersionView};
use crate::ErrorCode;
use crate::{identity::Actor, App, AppError, OnViolation};

impl From<SettingsVersionRecord> for SettingsVersionView {
    fn from(r: SettingsVersionRecord) -> Self {
        Self {
            settings_version_id: r.id,
            version: r.version,
            is_current: r.is_current,
            settings: r.settings,
            created_at: r.created_at,
        }
    }
}

impl App {
    /// Creates the track's next settings version and makes it current, in one
    /// transaction. Fields left out keep the current version's values (the defaults for
    /// a track's first version), except `tie_break`, which is the fair rule unless given
    /// (see [`merge_settings`]). Inconsistent values are a 422 naming every field.
    /// Stages already started keep the version they pinned.
    pub async fn create_settings_version(
        &self,
        actor: &Actor,
        slug: &str,
        changes: serde_json::Map<String, Value>,
    ) -> Result<SettingsVersionView, AppError> {
        let (mut tx, track) = self.admin_track(actor, slug).await?;
        let base = settings::current(&mut tx, track.id)
            .await?
            .map(|v| v.settings)
            .unwrap_or_default();
        let parsed = merge_settings(base, changes)?;
        let created =
            settings::insert_current(&mut tx, track.id, &parsed, Some(actor.id.0), self.now_ms())
                .await
                .refuse_on(
                    &[
                        "settings_versions_track_version_key",
                        "settings_versions_one_current_key",
                    ],
                    || {
                        AppError::conflict(
                            ErrorCode::SettingsVersionConflict,
                            "another settings version was created at the same time; retry",
                        )
                    },
                )?;
        tx.commit().await?;
        tracing::info!(admin_id = %actor.id, track = %slug, version = created.version, "settings version created");
        Ok(created.into())
    }

    /// Every settings version of the track, newest (current) first.
    pub async fn list_settings_versions(
        &self,
        actor: &Actor,
        slug: &str,
    ) -> Result<Vec<SettingsVersionView>, AppError> {
        actor.require(&[Role::Admin])?;
        let mut conn = self.db.read().await?;
        let track = track_by_slug(&mut conn, slug).await?;
        Ok(settings::list(&mut conn, track.id)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}

/// `changes` applied over `base`, validated by the domain: every bad field at once (422).
///
/// `tie_break` is not inherited from `base`: a new version takes the fair rule
/// ([`TieBreak::default`]) unless the change names one, so that editing any other field
/// of a track whose versions predate the rule (marked `module_order`) also ends the
/// module-order bias. An admin who wants module order says so in each version.
pub(crate) fn merge_settings(
    base: TrackSettings,
    changes: serde_json::Map<String, Value>,
) -> Result<TrackSettings, AppError> {
    let base = TrackSettings {
        tie_break: TieBreak::default(),
        ..base
    };
    let mut merged = match serde_json::to_value(&base) {
        Ok(Value::Object(m)) => m,
        _ => return Err(AppError::internal("settings do not serialize to an object")),
    };
    let mut errors = FieldErrors::new();
    for (field, value) in changes {
        if !merged.contains_key(&field) {
            errors.push(&field, "is not a setting");
            continue;
        }
        if field == "tie_break" {
            if serde_json::from_value::<TieBreak>(value.clone()).is_err() {
                let names: Vec<&str> = TieBreak::ALL.iter().map(|t| t.as_str()).collect();
                errors.push(&field, format!("must be one of: {}", names.join(", ")));
                continue;
            }
            merged.insert(field, value);
            continue;
        }
        if field == "weakness" || field == "diagnostic_mode" {
            let (valid, names): (bool, Vec<&str>) = if field == "weakness" {
                (
                    serde_json::from_value::<WeaknessRule>(value.clone()).is_ok(),
                    WeaknessRule::ALL.iter().map(|w| w.as_str()).collect(),
                )
            } else {
                (
                    serde_json::from_value::<DiagnosticMode>(value.clone()).is_ok(),
                    DiagnosticMode::ALL.iter().map(|d| d.as_str()).collect(),
                )
            };
            if !valid {
                errors.push(&field, format!("must be one of: {}", names.join(", ")));
                continue;
            }
            merged.insert(field, value);
            continue;
        }
        if value.as_u64().is_none_or(|n| n > u64::from(u32::MAX)) {
            errors.push(&field, "must be a non-negative integer");
            continue;
        }
        merged.insert(field, value);
    }
    errors.into_result()?;
    let parsed: TrackSettings = serde_json::from_value(Value::Object(merged))
        .map_err(|e| FieldErrors::single("settings", e.to_string()))?;
    let problems = parsed.validate();
    if !problems.is_empty() {
        let mut errors = FieldErrors::new();
        for p in problems {
            errors.push(p.field, p.message);
        }
        return Err(errors.into());
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn changes(v: Value) -> serde_json::Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!("an object"),
        }
    }

    fn legacy() -> TrackSettings {
        TrackSettings {
            tie_break: TieBreak::ModuleOrder,
            level_exam_questions: 25,
            ..TrackSettings::default()
        }
    }

    #[test]
    fn a_new_version_takes_the_fair_tie_break_unless_it_names_one() {
        let next = merge_settings(legacy(), changes(json!({"level_exam_pass_pct": 80}))).unwrap();
        assert_eq!(next.tie_break, TieBreak::FewerAskedThenDraw);
        assert_eq!(next.level_exam_questions, 25, "other fields are inherited");
        let kept = merge_settings(legacy(), changes(json!({"tie_break": "module_order"}))).unwrap();
        assert_eq!(kept.tie_break, TieBreak::ModuleOrder);
    }

    #[test]
    fn weakness_and_diagnostic_mode_are_inherited_and_checked() {
        let mastery = merge_settings(
            TrackSettings::default(),
            changes(json!({"weakness": "mastery", "diagnostic_mode": "adaptive"})),
        )
        .unwrap();
        assert_eq!(mastery.weakness, WeaknessRule::Mastery);
        let next = merge_settings(mastery, changes(json!({"level_exam_pass_pct": 80}))).unwrap();
        assert_eq!(next.weakness, WeaknessRule::Mastery, "inherited");
        assert_eq!(next.diagnostic_mode, DiagnosticMode::Adaptive);
        let Err(AppError::Invalid(errors)) = merge_settings(
            TrackSettings::default(),
            changes(json!({"weakness": "luck", "diagnostic_mode": 3})),
        ) else {
            panic!("accepted");
        };
        let text = serde_json::to_string(&errors).unwrap();
        assert!(
            text.contains("errors, mastery") && text.contains("fixed, adaptive"),
            "{text}"
        );
    }

    #[test]
    fn an_unknown_tie_break_is_a_field_error_listing_the_rules() {
        for bad in [json!("random"), json!(1), json!(null)] {
            let Err(AppError::Invalid(errors)) =
                merge_settings(TrackSettings::default(), changes(json!({"tie_break": bad})))
            else {
                panic!("{bad} accepted");
            };
            let text = serde_json::to_string(&errors).unwrap();
            assert!(text.contains("tie_break"), "{text}");
            assert!(
                text.contains("module_order, fewer_asked_then_draw"),
                "{text}"
            );
        }
        // Counts still refuse strings.
        assert!(merge_settings(
            TrackSettings::default(),
            changes(json!({"level_exam_questions": "module_order"}))
        )
        .is_err());
    }
}
