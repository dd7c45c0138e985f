//! `practicum seed-load`: a generated dataset for load tests (10k courses, 10k learners,
//! 100k enrollments by default) written in a few batched transactions.

use std::time::Instant;

use anyhow::{bail, Context};
use practicum_domain::identity::PlainPassword;
use practicum_store::{
    migrate,
    seed_load::{self, LoadPlan},
};
use rand::{rngs::StdRng, Rng, SeedableRng};

use crate::{settings::Settings, wiring::connect};

/// The password of every generated account.
pub const LOAD_PASSWORD: &str = "load-test-password";

#[derive(Debug, Clone, clap::Args)]
pub struct SeedLoadArgs {
    /// Published courses (3 modules of 3 lessons each).
    #[arg(long, default_value_t = 10_000)]
    pub courses: usize,
    /// Learner accounts.
    #[arg(long, default_value_t = 10_000)]
    pub learners: usize,
    /// Enrollments, spread evenly over the learners (popular courses more often).
    #[arg(long, default_value_t = 100_000)]
    pub enrollments: usize,
    /// Teacher accounts (the courses' authors).
    #[arg(long, default_value_t = 200)]
    pub teachers: usize,
    /// Load even though the database already has accounts or courses.
    #[arg(long)]
    pub force: bool,
}

/// Draws who enrolls where: every learner gets `enrollments / learners` distinct courses
/// (the first ones one more), chosen with a skew towards low course numbers so that
/// popularity varies; each enrollment has completed the first 0..=N lessons.
pub fn plan(args: &SeedLoadArgs, password_hash: String, now: i64) -> LoadPlan {
    const MODULES: usize = 3;
    const LESSONS: usize = 3;
    let mut rng = StdRng::seed_from_u64(42);
    let courses = args.courses.max(1);
    let learners = args.learners.max(1);
    let per = args.enrollments / learners;
    let extra = args.enrollments % learners;
    let mut enrollments = Vec::with_capacity(learners);
    for u in 0..learners {
        let want = (per + usize::from(u < extra)).min(courses);
        let mut mine: Vec<(usize, usize)> = Vec::with_capacity(want);
        let mut seen = std::collections::HashSet::with_capacity(want * 2);
        while mine.len() < want {
            // Squaring a uniform draw favours the first courses (a long tail of the rest).
            let x: f64 = rng.gen();
            let mut c = ((x * x) * courses as f64) as usize % courses;
            while !seen.insert(c) {
                c = (c + 1) % courses;
            }
            let done = if rng.gen_bool(0.4) {
                0
            } else {
                rng.gen_range(1..=MODULES * LESSONS)
            };
            mine.push((c, done));
        }
        enrollments.push(mine);
    }
    let ratings = (0..courses)
        .map(|_| {
            let count = rng.gen_range(0..500);
            let avg = if count == 0 {
                0.0
            } else {
                rng.gen_range(30..=50) as f64 / 10.0
            };
            (avg, count)
        })
        .collect();
    let year_ms = 365 * 24 * 3600 * 1000_i64;
    let published_at = (0..courses)
        .map(|_| now - rng.gen_range(0..2 * year_ms))
        .collect();
    LoadPlan {
        courses,
        learners,
        teachers: args.teachers.max(1),
        modules_per_course: MODULES,
        lessons_per_module: LESSONS,
        enrollments,
        ratings,
        published_at,
        password_hash,
        now,
    }
}

pub async fn run(settings: &Settings, args: SeedLoadArgs) -> anyhow::Result<()> {
    let db = connect(settings).await?;
    migrate::up(&db).await?;
    if !args.force && !seed_load::is_empty(&db).await? {
        bail!("the database already has accounts or courses; use an empty one, or --force to add the dataset anyway");
    }
    let app = crate::wiring::build_app(settings, db.clone())?;
    let password = PlainPassword::new_checked(LOAD_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    let hash = app
        .hasher()
        .hash(&password)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let started = Instant::now();
    let plan = plan(&args, hash, chrono::Utc::now().timestamp_millis());
    let report = seed_load::load(&db, &plan)
        .await
        .context("loading the dataset")?;
    let elapsed = started.elapsed();
    // Servers sharing Redis drop their cached catalog pages (in-process-only servers keep
    // theirs until CACHE_TTL_SECS).
    app.catalog_changed().await;
    println!(
        "seed-load ({}) in {:.1} s: {} categories, {} tags, {} teachers, {} learners, \
         {} courses, {} modules, {} lessons, {} enrollments, {} completed lessons",
        db.backend().as_str(),
        elapsed.as_secs_f64(),
        report.categories,
        report.tags,
        report.teachers,
        report.learners,
        report.courses,
        report.modules,
        report.lessons,
        report.enrollments,
        report.completions
    );
    if let Some((email, n)) = report.busiest_learner {
        println!("log in as {email} / {LOAD_PASSWORD} ({n} enrollments); every learnerN and teacherN shares that password");
    }
    db.close().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plan_spreads_distinct_enrollments_evenly() {
        let args = SeedLoadArgs {
            courses: 50,
            learners: 7,
            enrollments: 100,
            teachers: 3,
            force: false,
        };
        let p = plan(&args, "h".into(), 1_000_000_000_000);
        let total: usize = p.enrollments.iter().map(Vec::len).sum();
        assert_eq!(total, 100);
        for list in &p.enrollments {
            assert!((14..=15).contains(&list.len()));
            let mut courses: Vec<usize> = list.iter().map(|(c, _)| *c).collect();
            courses.sort_unstable();
            courses.dedup();
            assert_eq!(courses.len(), list.len(), "distinct courses per learner");
            assert!(list.iter().all(|(c, done)| *c < 50 && *done <= 9));
        }
    }
}
