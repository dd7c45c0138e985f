//! A generated load-test dataset (`practicum seed-load`): categories, tags, teachers,
//! published courses with modules and lessons, learners, enrollments and completed lessons.
//!
//! Speed over generality: rows get explicit ids (after the current maximum of each table)
//! so nothing is read back, and go in multi-row `INSERT`s of [`CHUNK`] rows, a few
//! transactions in all. The values are literals built here from numbers and fixed words —
//! never from input — so there is no parameter limit to respect.

use std::fmt::Write as _;

use practicum_domain::Timestamp;

use crate::catalog::outline::{self, OutlineLessonCopy, OutlineModuleCopy};
use crate::{row::get, Backend, Db, Session, StoreError};

pub mod exam_bank;

/// Rows per `INSERT`.
const CHUNK: usize = 1000;

/// What to generate.
#[derive(Debug, Clone)]
pub struct LoadPlan {
    pub courses: usize,
    pub learners: usize,
    pub teachers: usize,
    pub modules_per_course: usize,
    pub lessons_per_module: usize,
    /// For each learner, the ids (0-based course numbers) of the courses they enroll in,
    /// and for each enrollment how many lessons (in order) they completed.
    pub enrollments: Vec<Vec<(usize, usize)>>,
    /// Rating of each course (avg, count), for the `rating` sort.
    pub ratings: Vec<(f64, i64)>,
    /// Publication time of each course.
    pub published_at: Vec<Timestamp>,
    /// One argon2 hash every generated account uses (one password).
    pub password_hash: String,
    pub now: Timestamp,
}

/// What was made, and the first ids (to name accounts).
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    pub categories: usize,
    pub tags: usize,
    pub teachers: usize,
    pub learners: usize,
    pub courses: usize,
    pub modules: usize,
    pub lessons: usize,
    pub enrollments: usize,
    pub completions: usize,
    /// The e-mail of a generated learner with the most enrollments, and their count.
    pub busiest_learner: Option<(String, usize)>,
    /// The user ids of the generated learners.
    pub learner_ids: std::ops::Range<i64>,
}

const CATEGORIES: &[(&str, &[&str])] = &[
    (
        "Machine Learning",
        &[
            "Supervised Learning",
            "Unsupervised Learning",
            "Reinforcement Learning",
        ],
    ),
    (
        "Deep Learning",
        &[
            "Computer Vision",
            "Natural Language Processing",
            "Generative Models",
        ],
    ),
    (
        "Data Engineering",
        &["Databases", "Pipelines", "Distributed Systems"],
    ),
    (
        "Mathematics",
        &["Linear Algebra", "Probability", "Optimization"],
    ),
    ("Programming", &["Python", "Rust", "Software Design"]),
];

const TAGS: &[&str] = &[
    "python",
    "pytorch",
    "tensorflow",
    "jax",
    "numpy",
    "pandas",
    "sql",
    "rust",
    "statistics",
    "calculus",
    "transformers",
    "cnn",
    "rnn",
    "gans",
    "diffusion",
    "mlops",
    "docker",
    "kubernetes",
    "spark",
    "kafka",
    "visualization",
    "nlp",
    "vision",
    "audio",
    "robotics",
    "ethics",
    "interviews",
    "beginners",
    "projects",
    "research",
];

const ADJECTIVES: &[&str] = &[
    "Practical",
    "Applied",
    "Modern",
    "Hands-on",
    "Intensive",
    "Gentle",
    "Advanced",
    "Essential",
    "Complete",
    "Rapid",
];

const TOPICS: &[&str] = &[
    "Neural Networks",
    "Gradient Boosting",
    "Time Series",
    "Recommender Systems",
    "Computer Vision",
    "Language Models",
    "Bayesian Inference",
    "Feature Engineering",
    "Model Deployment",
    "Data Visualization",
    "Reinforcement Learning",
    "Graph Networks",
    "Causal Inference",
    "Anomaly Detection",
    "Speech Recognition",
    "Optimization",
];

const DIFFICULTIES: &[&str] = &["beginner", "intermediate", "advanced"];

/// Whether the database holds any account or course (`seed-load` refuses it then).
/// Ends a bulk load on PostgreSQL the way an operator ends an import: `VACUUM (ANALYZE)`,
/// outside any transaction. Until autovacuum gets to them, freshly inserted tables have no
/// visibility map (index-only scans read every heap page too) and rows without hint bits
/// (the first reader of each page writes it). Measured on the bench's seed: the catalog's
/// first page 2.8k → 3.3k req/s right after the load (`docs/PERFORMANCE.md`, sixth round).
/// Nothing to do on SQLite (`ANALYZE` inside the load is enough there).
pub async fn vacuum(db: &Db) -> Result<(), StoreError> {
    if db.backend() != Backend::Postgres {
        return Ok(());
    }
    let mut conn = db.migration_connection().await?;
    sqlx::raw_sql("VACUUM (ANALYZE)")
        .execute(conn.any()?)
        .await?;
    Ok(())
}

pub async fn is_empty(db: &Db) -> Result<bool, StoreError> {
    let mut conn = db.read().await?;
    let row =
        sqlx::query("SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM courses) AS n")
            .fetch_one(conn.conn())
            .await?;
    let n: i64 = get(&row, "n")?;
    Ok(n == 0)
}

async fn max_id(s: &mut dyn Session, table: &str) -> Result<i64, StoreError> {
    let row = sqlx::query(&format!("SELECT COALESCE(MAX(id), 0) AS m FROM {table}"))
        .fetch_one(s.conn())
        .await?;
    get(&row, "m")
}

/// A SQL string literal of generated text (which never holds a quote, but be safe).
/// The outline copy (`catalog::outline`) of a course whose `modules` modules, titled
/// "Module 1", …, take ids from `first_module` and whose `lessons` lessons a module,
/// "Lesson 1", …, take ids from `first_lesson`, module after module: as the rows below.
fn outline_copy(first_module: i64, first_lesson: i64, modules: usize, lessons: usize) -> String {
    let copy: Vec<OutlineModuleCopy> = (0..modules)
        .map(|m| OutlineModuleCopy {
            id: first_module + m as i64,
            title: format!("Module {}", m + 1),
            lessons: (0..lessons)
                .map(|l| OutlineLessonCopy {
                    id: first_lesson + (m * lessons + l) as i64,
                    title: format!("Lesson {}", l + 1),
                })
                .collect(),
        })
        .collect();
    outline::render(&copy)
}

fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Runs `INSERT INTO {head} VALUES …` over `rows` in chunks.
async fn insert_rows(
    s: &mut dyn Session,
    head: &str,
    rows: impl Iterator<Item = String>,
) -> Result<usize, StoreError> {
    let mut count = 0;
    let mut sql = String::new();
    let mut in_chunk = 0;
    for row in rows {
        if in_chunk == 0 {
            sql.clear();
            let _ = write!(sql, "INSERT INTO {head} VALUES ");
        } else {
            sql.push_str(", ");
        }
        sql.push_str(&row);
        in_chunk += 1;
        count += 1;
        if in_chunk == CHUNK {
            sqlx::query(&sql).execute(s.conn()).await?;
            in_chunk = 0;
        }
    }
    if in_chunk > 0 {
        sqlx::query(&sql).execute(s.conn()).await?;
    }
    Ok(count)
}

/// After explicit ids, PostgreSQL's identity sequences must move past them.
async fn fix_sequences(s: &mut dyn Session, tables: &[&str]) -> Result<(), StoreError> {
    if s.backend() != Backend::Postgres {
        return Ok(());
    }
    for t in tables {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}))"
        ))
        .execute(s.conn())
        .await?;
    }
    Ok(())
}

/// Writes the dataset: taxonomy, accounts and the catalog in one transaction,
/// enrollments and completions in another.
pub async fn load(db: &Db, plan: &LoadPlan) -> Result<LoadReport, StoreError> {
    let mut report = LoadReport::default();
    let now = plan.now;
    let lessons_per_course = plan.modules_per_course * plan.lessons_per_module;

    let mut tx = db.write().await?;
    let s: &mut dyn Session = &mut tx;
    let cat0 = max_id(s, "categories").await?;
    let tag0 = max_id(s, "tags").await?;
    let user0 = max_id(s, "users").await?;
    let course0 = max_id(s, "courses").await?;
    let module0 = max_id(s, "modules").await?;
    let lesson0 = max_id(s, "lessons").await?;
    // Makes slugs and e-mails unique when loading into a database that has some (--force).
    let run = if course0 == 0 && user0 == 0 {
        String::new()
    } else {
        format!("-{course0}-{user0}")
    };

    // Categories: parents, then their children.
    let mut cats: Vec<String> = Vec::new();
    let mut leaf_ids: Vec<i64> = Vec::new();
    let mut id = cat0;
    for (parent, children) in CATEGORIES {
        id += 1;
        let parent_id = id;
        cats.push(format!(
            "({parent_id}, {}, {}, NULL, {now})",
            lit(&format!("{}{run}", slugify(parent))),
            lit(parent)
        ));
        for child in *children {
            id += 1;
            leaf_ids.push(id);
            cats.push(format!(
                "({id}, {}, {}, {parent_id}, {now})",
                lit(&format!("{}{run}", slugify(child))),
                lit(child)
            ));
        }
    }
    report.categories = insert_rows(
        s,
        "categories (id, slug, name, parent_id, created_at)",
        cats.into_iter(),
    )
    .await?;
    report.tags = insert_rows(
        s,
        "tags (id, slug, name)",
        TAGS.iter().enumerate().map(|(i, t)| {
            format!(
                "({}, {}, {})",
                tag0 + 1 + i as i64,
                lit(&format!("{t}{run}")),
                lit(t)
            )
        }),
    )
    .await?;

    // Accounts: teachers, then learners; one password.
    let hash = lit(&plan.password_hash);
    let account = |id: i64, kind: &str, n: usize, role: &str| {
        let email = format!("{kind}{n}{run}@load.example.org");
        format!(
            "({id}, {}, {}, {}, {hash}, '{role}', {now}, {now})",
            lit(&email),
            lit(&email),
            lit(&format!("{} {n}", capitalize(kind)))
        )
    };
    let users_head =
        "users (id, email, email_norm, full_name, password_hash, role, created_at, updated_at)";
    report.teachers = insert_rows(
        s,
        users_head,
        (0..plan.teachers).map(|i| account(user0 + 1 + i as i64, "teacher", i + 1, "teacher")),
    )
    .await?;
    let learner0 = user0 + plan.teachers as i64;
    report.learner_ids = learner0 + 1..learner0 + 1 + plan.learners as i64;
    report.learners = insert_rows(
        s,
        users_head,
        (0..plan.learners).map(|i| account(learner0 + 1 + i as i64, "learner", i + 1, "student")),
    )
    .await?;

    // Courses, their tags, modules and lessons.
    let course_rows = (0..plan.courses).map(|i| {
        let id = course0 + 1 + i as i64;
        let title = format!(
            "{} {} {}",
            ADJECTIVES[i % ADJECTIVES.len()],
            TOPICS[(i / ADJECTIVES.len()) % TOPICS.len()],
            i + 1
        );
        let description = format!(
            "Learn {} step by step: theory, exercises and a final project. Course number {}.",
            TOPICS[(i / ADJECTIVES.len()) % TOPICS.len()].to_lowercase(),
            i + 1
        );
        let price = if i.is_multiple_of(4) {
            0
        } else {
            900 + (i as i64 * 37) % 9000
        };
        let teacher = user0 + 1 + (i % plan.teachers.max(1)) as i64;
        let category = leaf_ids[i % leaf_ids.len()];
        let published = plan.published_at[i];
        let (rating, rating_count) = plan.ratings[i];
        // Every course gets its modules × lessons below (migration 0141's count), and
        // their copy (migration 0149), with the ids and titles written below.
        let lessons = plan.modules_per_course * plan.lessons_per_module;
        let outline = outline_copy(
            module0 + 1 + (i * plan.modules_per_course) as i64,
            lesson0 + 1 + (i * lessons) as i64,
            plan.modules_per_course,
            plan.lessons_per_module,
        );
        format!(
            "({id}, {}, {}, {}, {price}, 'USD', '{}', 'en', {teacher}, {category}, 'published', \
             {rating:.2}, {rating_count}, 0, {lessons}, {}, {}, {published}, {published})",
            lit(&format!("{}{run}", slugify(&title))),
            lit(&title),
            lit(&description),
            DIFFICULTIES[i % DIFFICULTIES.len()],
            lit(&outline),
            published - 86_400_000,
        )
    });
    report.courses = insert_rows(
        s,
        "courses (id, slug, title, description, price_cents, currency, difficulty, language, \
         teacher_id, category_id, status, rating_avg, rating_count, enrollment_count, \
         lesson_count, outline, created_at, updated_at, published_at)",
        course_rows,
    )
    .await?;
    insert_rows(
        s,
        "course_tags (course_id, tag_id)",
        (0..plan.courses).flat_map(|i| {
            let id = course0 + 1 + i as i64;
            let a = i % TAGS.len();
            let b = (i * 7 + 3) % TAGS.len();
            let mut tags = vec![a];
            if b != a {
                tags.push(b);
            }
            tags.into_iter()
                .map(move |t| format!("({id}, {})", tag0 + 1 + t as i64))
        }),
    )
    .await?;
    let mpc = plan.modules_per_course;
    report.modules = insert_rows(
        s,
        "modules (id, course_id, title, position, created_at)",
        (0..plan.courses).flat_map(|i| {
            (0..mpc).map(move |m| {
                format!(
                    "({}, {}, 'Module {}', {}, {now})",
                    module0 + 1 + (i * mpc + m) as i64,
                    course0 + 1 + i as i64,
                    m + 1,
                    m + 1
                )
            })
        }),
    )
    .await?;
    let lpm = plan.lessons_per_module;
    let content = lit(
        r#"[{"type":"markdown","markdown":"Read the notes, then try the exercise."},{"type":"code","language":"python","code":"print(42)"}]"#,
    );
    report.lessons = insert_rows(
        s,
        "lessons (id, module_id, title, position, content, created_at, updated_at)",
        (0..plan.courses * mpc).flat_map(|m| {
            let content = content.clone();
            (0..lpm).map(move |l| {
                format!(
                    "({}, {}, 'Lesson {}', {}, {content}, {now}, {now})",
                    lesson0 + 1 + (m * lpm + l) as i64,
                    module0 + 1 + m as i64,
                    l + 1,
                    l + 1
                )
            })
        }),
    )
    .await?;
    fix_sequences(
        s,
        &[
            "categories",
            "tags",
            "users",
            "courses",
            "modules",
            "lessons",
        ],
    )
    .await?;
    tx.commit().await?;

    // Enrollments and completed lessons (the first k lessons of the course, in order).
    let mut tx = db.write().await?;
    let s: &mut dyn Session = &mut tx;
    let enrollment0 = max_id(s, "enrollments").await?;
    let completion0 = max_id(s, "lesson_completions").await?;
    let price = |c: usize| {
        if c.is_multiple_of(4) {
            0
        } else {
            900 + (c as i64 * 37) % 9000
        }
    };
    let mut eid = enrollment0;
    let enrollment_rows = plan
        .enrollments
        .iter()
        .enumerate()
        .flat_map(|(u, list)| list.iter().map(move |(c, _)| (u, *c)).collect::<Vec<_>>());
    let rows: Vec<String> = enrollment_rows
        .map(|(u, c)| {
            eid += 1;
            format!(
                "({eid}, {}, {}, {}, 'USD', {})",
                learner0 + 1 + u as i64,
                course0 + 1 + c as i64,
                price(c),
                now - ((u * 31 + c * 17) % 60) as i64 * 86_400_000
            )
        })
        .collect();
    report.enrollments = insert_rows(
        s,
        "enrollments (id, user_id, course_id, price_cents, currency, enrolled_at)",
        rows.into_iter(),
    )
    .await?;
    let mut cid = completion0;
    let mut completions: Vec<String> = Vec::new();
    for (u, list) in plan.enrollments.iter().enumerate() {
        for (c, done) in list {
            for k in 0..(*done).min(lessons_per_course) {
                cid += 1;
                completions.push(format!(
                    "({cid}, {}, {}, {}, {})",
                    learner0 + 1 + u as i64,
                    lesson0 + 1 + (c * lessons_per_course + k) as i64,
                    course0 + 1 + *c as i64,
                    now - (k as i64 + 1) * 3_600_000
                ));
            }
        }
    }
    report.completions = insert_rows(
        s,
        "lesson_completions (id, user_id, lesson_id, course_id, completed_at)",
        completions.into_iter(),
    )
    .await?;
    sqlx::query(&format!(
        "UPDATE courses SET enrollment_count = \
         (SELECT COUNT(*) FROM enrollments e WHERE e.course_id = courses.id) WHERE id > {course0}"
    ))
    .execute(s.conn())
    .await?;
    fix_sequences(s, &["enrollments", "lesson_completions"]).await?;
    // Fresh planner statistics: without them PostgreSQL plans the first minutes after a
    // bulk load (until autovacuum analyzes) as if the tables were empty.
    sqlx::query("ANALYZE").execute(s.conn()).await?;
    tx.commit().await?;

    report.busiest_learner = plan
        .enrollments
        .iter()
        .enumerate()
        .max_by_key(|(_, l)| l.len())
        .map(|(u, l)| (format!("learner{}{run}@load.example.org", u + 1), l.len()));
    Ok(report)
}

fn slugify(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
