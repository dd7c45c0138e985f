//! The simulated world: a Rasch generative model of learners and questions, the tracks
//! that carry them, and an `App` over a fresh SQLite file with a clock and seeds the
//! harness controls. Nothing here is used by `serve`.

use std::{
    collections::BTreeMap,
    path::PathBuf,
    sync::{
        atomic::{AtomicI64, AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};

use anyhow::Context;
use practicum_app::{
    adaptive::{
        ImportInput, OptionInput, QuestionBody, QuestionInput, QuestionView, TrackDocument,
    },
    identity::EnsureAdmin,
    ports::SeedSource,
    App, AppConfig, Db, DbOptions, HashCost, PasswordHasher,
};
use practicum_auth::JwtKeys;
use practicum_domain::{identity::Role, identity::UserId, Clock, Timestamp};
use rand::{rngs::StdRng, Rng, SeedableRng};
use secrecy::SecretString;
use serde_json::{json, Map, Value};

/// Logits per author step, as the learner model reads an author's 1..5.
const AUTHOR_STEP: f64 = 0.75;

/// A reproducible random stream (the sim's own; the app's seeds come from [`SimSeeds`]).
pub struct Rand(StdRng);

impl Rand {
    pub fn new(seed: u64) -> Self {
        Rand(StdRng::seed_from_u64(seed))
    }
    pub fn uniform(&mut self) -> f64 {
        self.0.gen::<f64>()
    }
    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform().max(1e-12), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
    pub fn below(&mut self, n: usize) -> usize {
        self.0.gen_range(0..n.max(1))
    }
}

pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The generative model's parameters.
#[derive(Debug, Clone, Copy)]
pub struct Model {
    pub modules: usize,
    pub weak: usize,
    pub questions_per_module: usize,
    /// How far below the learner's level a weak module is (logits).
    pub gap: f64,
    /// Spread of learners' overall level, and of modules around it (sd, logits).
    pub level_sd: f64,
    pub module_sd: f64,
    /// Share of questions whose author difficulty is one step off the truth.
    pub author_error: f64,
}

/// A simulated learner: true ability per module, and which modules are truly weak.
#[derive(Debug, Clone)]
pub struct Learner {
    pub theta: Vec<f64>,
}

impl Learner {
    /// The true K weakest modules (indices).
    pub fn weakest(&self, k: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..self.theta.len()).collect();
        idx.sort_by(|a, b| self.theta[*a].total_cmp(&self.theta[*b]));
        idx.truncate(k);
        idx
    }
}

/// The questions' true difficulties, by (module index, question index).
#[derive(Debug, Clone)]
pub struct Bank {
    pub truth: Vec<Vec<f64>>,
    pub author: Vec<Vec<u8>>,
}

impl Model {
    pub fn learners(&self, n: usize, rng: &mut Rand) -> Vec<Learner> {
        (0..n)
            .map(|_| {
                let level = self.level_sd * rng.normal();
                let mut order: Vec<usize> = (0..self.modules).collect();
                for i in (1..order.len()).rev() {
                    let j = rng.below(i + 1);
                    order.swap(i, j);
                }
                let weak = &order[..self.weak.min(self.modules)];
                Learner {
                    theta: (0..self.modules)
                        .map(|m| {
                            let gap = if weak.contains(&m) { self.gap } else { 0.0 };
                            level - gap + self.module_sd * rng.normal()
                        })
                        .collect(),
                }
            })
            .collect()
    }

    pub fn bank(&self, rng: &mut Rand) -> Bank {
        let mut truth = Vec::new();
        let mut author = Vec::new();
        for _ in 0..self.modules {
            let mut t = Vec::new();
            let mut a = Vec::new();
            for _ in 0..self.questions_per_module {
                let b = -2.5 + 5.0 * rng.uniform();
                let mut step = (b / AUTHOR_STEP).round() + 3.0;
                if rng.uniform() < self.author_error {
                    step += if rng.uniform() < 0.5 { 1.0 } else { -1.0 };
                }
                t.push(b);
                a.push(step.clamp(1.0, 5.0) as u8);
            }
            truth.push(t);
            author.push(a);
        }
        Bank { truth, author }
    }
}

/// A module's name in the simulated tracks.
pub fn module_name(m: usize) -> String {
    format!("Module {}", m + 1)
}

/// The question's text names it: `m{module} q{index}`, so the harness finds its truth.
pub fn question_text(m: usize, i: usize) -> String {
    format!("m{m} q{i}")
}

/// (module index, question index) from a question's text.
pub fn parse_question(text: &str) -> Option<(usize, usize)> {
    let (m, q) = text.split_once(' ')?;
    Some((
        m.strip_prefix('m')?.parse().ok()?,
        q.strip_prefix('q')?.parse().ok()?,
    ))
}

fn options() -> Vec<OptionInput> {
    vec![
        OptionInput {
            text: "right".into(),
            is_correct: true,
        },
        OptionInput {
            text: "wrong".into(),
            is_correct: false,
        },
    ]
}

/// A published trainee+junior track holding `bank` at `trainee_0` (and a small copy at
/// `junior_1`), one optional and one required article per module, and these settings.
pub fn track_document(slug: &str, bank: &Bank, settings: Value) -> anyhow::Result<TrackDocument> {
    let modules: Vec<String> = (0..bank.truth.len()).map(module_name).collect();
    let mut questions = Vec::new();
    for (m, author) in bank.author.iter().enumerate() {
        for (i, d) in author.iter().enumerate() {
            questions.push(QuestionInput {
                module: module_name(m),
                stage: "trainee_0".into(),
                body: QuestionBody {
                    text: question_text(m, i),
                    difficulty: Some(i64::from(*d)),
                    options: options(),
                },
            });
        }
    }
    let articles = (0..bank.truth.len())
        .flat_map(|m| {
            [
                json!({"module": module_name(m), "stage": "trainee_0", "kind": "optional",
                       "title": format!("About {}", module_name(m))}),
                json!({"module": module_name(m), "stage": "trainee_0", "kind": "required",
                       "title": format!("Master {}", module_name(m)),
                       "minitest": (0..3).map(|i| json!({"text": format!("check {m} {i}"),
                           "difficulty": 2, "options": [{"text": "right", "is_correct": true}, {"text": "wrong"}]}))
                           .collect::<Vec<_>>()}),
            ]
        })
        .collect::<Vec<Value>>();
    let content = ImportInput {
        modules,
        questions,
        articles: serde_json::from_value(Value::Array(articles)).context("articles")?,
    };
    let settings: Map<String, Value> = match settings {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    Ok(TrackDocument {
        slug: slug.into(),
        title: slug.into(),
        description: String::new(),
        is_published: true,
        ranks: vec!["trainee".into(), "junior".into()],
        settings,
        content,
    })
}

/// The clock the harness moves.
#[derive(Debug, Default)]
pub struct SimClock(AtomicI64);

impl SimClock {
    pub fn advance(&self, by: Duration) {
        self.0.fetch_add(
            i64::try_from(by.as_millis()).unwrap_or(i64::MAX),
            Ordering::SeqCst,
        );
    }
}

impl Clock for SimClock {
    fn now_ms(&self) -> Timestamp {
        self.0.load(Ordering::SeqCst)
    }
}

/// Seeds from a counter through SplitMix64: reproducible, well spread.
#[derive(Debug)]
pub struct SimSeeds(AtomicU64);

impl SeedSource for SimSeeds {
    fn next_seed(&self) -> u64 {
        let mut z = self
            .0
            .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::SeqCst)
            .wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// An app over a fresh SQLite file, with the harness's clock and seeds.
pub struct World {
    pub app: App,
    pub clock: Arc<SimClock>,
    path: PathBuf,
    users: AtomicU64,
}

impl World {
    pub async fn new(seed: u64) -> anyhow::Result<Self> {
        let path = std::env::temp_dir().join(format!(
            "practicum-simulate-{}-{}.db",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        let url = format!("sqlite:{}?mode=rwc", path.display());
        let db = Db::connect(&url, &DbOptions::default()).await?;
        practicum_store::migrate::up(&db).await?;
        let clock = Arc::new(SimClock(AtomicI64::new(1_800_000_000_000)));
        // Cheap hashing: the simulated learners never log in.
        let hasher = PasswordHasher::new(
            HashCost {
                memory_kib: 1024,
                iterations: 1,
                parallelism: 1,
            },
            4,
        )?;
        let jwt = JwtKeys::new(&SecretString::from(
            "simulation-only-secret-0123456789abcdef",
        ));
        let app = App::new(db, hasher, jwt, clock.clone(), AppConfig::default())
            .with_seeds(Arc::new(SimSeeds(AtomicU64::new(seed))));
        Ok(World {
            app,
            clock,
            path,
            users: AtomicU64::new(0),
        })
    }

    /// A new learner account following `track`.
    pub async fn learner(&self, track: &str) -> anyhow::Result<UserId> {
        let n = self.users.fetch_add(1, Ordering::SeqCst);
        let user = self
            .app
            .create_user_with_role(
                EnsureAdmin {
                    email: format!("learner{n}@simulate.example"),
                    password: "simulated-learner-password".into(),
                    full_name: format!("Learner {n}"),
                },
                Role::Student,
            )
            .await?;
        self.app.choose_track(user.user_id, track).await?;
        Ok(user.user_id)
    }

    pub async fn close(self) {
        self.app.db().close().await;
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.path.display()));
        }
    }
}

/// The truth of a mini-test check (`check {module} {i}`, authored difficulty 2): its
/// module, and −0.75 logits.
fn parse_check(text: &str) -> Option<(usize, f64)> {
    let mut parts = text.strip_prefix("check ")?.split(' ');
    Some((parts.next()?.parse().ok()?, -0.75))
}

/// A simulated answer to `q`: right with probability σ(θ − b) for a bank question or a
/// mini-test check (they are bank questions too, and diagnostics may draw them), or
/// with `p_known` for anything else. Returns (question id, option id, right).
pub fn answer(
    q: &QuestionView,
    learner: &Learner,
    bank: &Bank,
    p_known: f64,
    rng: &mut Rand,
) -> (i64, i64, bool) {
    let p = match (parse_question(&q.text), parse_check(&q.text)) {
        (Some((m, i)), _) => sigmoid(learner.theta[m] - bank.truth[m][i]),
        (None, Some((m, b))) => sigmoid(learner.theta[m] - b),
        _ => p_known,
    };
    let right = rng.uniform() < p;
    let want = if right { "right" } else { "wrong" };
    let option = q
        .options
        .iter()
        .find(|o| o.text == want)
        .map_or(0, |o| o.option_id);
    (q.question_id, option, right)
}

/// Module index by module id for a track's modules named [`module_name`].
pub fn module_index(names: &BTreeMap<i64, String>) -> BTreeMap<i64, usize> {
    names
        .iter()
        .filter_map(|(id, name)| {
            let n: usize = name.strip_prefix("Module ")?.parse().ok()?;
            Some((*id, n - 1))
        })
        .collect()
}
