//! The OpenAPI document: info, security scheme, tags, and the shared error responses
//! added to every operation.

use utoipa::{
    openapi::{
        security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
        ContentBuilder, RefOr, ResponseBuilder,
    },
    Modify, OpenApi, PartialSchema,
};

use crate::error::ErrorBody;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Practicum API",
        description = "Courses, adaptive learning, community and image classification for an \
                       online ML-learning platform. Errors share one envelope: \
                       `{\"error\": {\"code\", \"message\", \"details\"}}`.",
        version = "1.0.0"
    ),
    components(schemas(ErrorBody)),
    tags(
        (name = "platform", description = "Health, metrics, documentation"),
        (name = "identity", description = "Registration, login, sessions, password reset"),
        (name = "accounts", description = "Admin user management and public profiles"),
        (name = "ml", description = "Image classification, its history and statistics; \
                                    also the standalone ML service's routes at the root"),
        (name = "courses", description = "Catalog: courses and their workflow, categories, tags, modules, lessons"),
        (name = "learning", description = "Enrollment, favorites, lessons, progress, dashboard, activity"),
        (name = "adaptive", description = "Adaptive learning: tracks, diagnostic, content, exams, approvals"),
        (name = "notifications", description = "Notifications of the caller, and the live WebSocket"),
        (name = "jobs", description = "Background jobs (admin)"),
    )
)]
pub struct ApiDoc;

/// Completes the document once every route is merged in: the bearer scheme and the
/// shared error responses. (utoipa's `modifiers(...)` would run before the routes exist.)
pub fn finalize(doc: &mut utoipa::openapi::OpenApi) {
    Security.modify(doc);
    CommonErrors.modify(doc);
}

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("An access token from POST /api/v1/auth/login"))
                    .build(),
            ),
        );
    }
}

/// Statuses any operation can answer (malformed or oversized input, rate limits, an
/// unexpected failure), documented once here so no operation forgets them. Operations
/// list their specific statuses themselves.
struct CommonErrors;

const COMMON: &[(&str, &str)] = &[
    ("400", "Malformed request"),
    ("413", "Request body too large"),
    ("415", "Unsupported media type"),
    ("422", "Invalid values; `details.fields` lists them"),
    ("429", "Rate limited; see `Retry-After`"),
    (
        "500",
        "Unexpected failure; `details.request_id` identifies it in the logs",
    ),
    ("503", "Temporarily unavailable; see `Retry-After`"),
];

impl Modify for CommonErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let error = || {
            ResponseBuilder::new().content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(ErrorBody::schema()))
                    .build(),
            )
        };
        for item in openapi.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                // Secured when some requirement names a scheme (`security(())` alone is public).
                let secured = op.security.as_ref().is_some_and(|reqs| {
                    serde_json::to_value(reqs).is_ok_and(|v| {
                        v.as_array().is_some_and(|a| {
                            a.iter()
                                .any(|r| r.as_object().is_some_and(|o| !o.is_empty()))
                        })
                    })
                });
                let mut codes: Vec<(&str, &str)> = COMMON.to_vec();
                if secured {
                    codes.push(("401", "Missing, invalid or expired token"));
                }
                for (code, description) in codes {
                    op.responses
                        .responses
                        .entry(code.to_owned())
                        .or_insert_with(|| RefOr::T(error().description(description).build()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// utoipa registers schemas by type name, so two DTOs with one name in different
    /// contexts silently overwrite each other in the document (it happened with
    /// `ModuleResponse` of courses and of adaptive learning). Names must be unique.
    #[test]
    fn schema_type_names_are_unique_across_contexts() {
        fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let mut derives_schema = false;
                    for line in text.lines() {
                        let line = line.trim();
                        if line.starts_with("#[derive(") {
                            derives_schema =
                                line.contains("ToSchema") || line.contains("IntoParams");
                        } else if let Some(rest) = line
                            .strip_prefix("pub struct ")
                            .or_else(|| line.strip_prefix("pub enum "))
                        {
                            if derives_schema {
                                let name: String = rest
                                    .chars()
                                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                                    .collect();
                                out.push((name, path.display().to_string()));
                            }
                            derives_schema = false;
                        }
                    }
                }
            }
        }
        let mut found = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        found.sort();
        let dupes: Vec<_> = found.windows(2).filter(|w| w[0].0 == w[1].0).collect();
        assert!(dupes.is_empty(), "schema names used twice: {dupes:?}");
        assert!(
            found.len() > 50,
            "the scan found only {} schema types",
            found.len()
        );
    }
}
