//! The demo's catalog: categories, two teachers, ten courses in every workflow status,
//! modules and lessons of every block type, and learners part-way through courses.
//!
//! Everything goes through the use-cases, as the people involved would do it. Idempotent:
//! an existing account, category or course (by its title's slug) is left as it is.

use practicum_app::{
    catalog::{CategoryInput, CourseInput},
    identity::{Actor, EnsureAdmin, UserFilter},
    App, AppError, PageRequest, Scope,
};
use practicum_domain::identity::{Role, Slug, UserId};
use serde_json::{json, Value};

/// The demo password of the seeded accounts (not the admin's when ADMIN_PASSWORD is set).
pub const DEMO_PASSWORD: &str = "practicum-demo-1";

struct DemoCourse {
    title: &'static str,
    description: &'static str,
    price: f64,
    category: &'static str,
    tags: &'static [&'static str],
    difficulty: &'static str,
    /// 0: Tessa, 1: Theo.
    teacher: usize,
    /// The status the course ends in.
    status: &'static str,
    modules: &'static [(&'static str, &'static [&'static str])],
}

const CATEGORIES: &[(&str, Option<&str>)] = &[
    ("Machine Learning", None),
    ("Computer Vision", Some("machine-learning")),
    ("Natural Language Processing", Some("machine-learning")),
    ("MLOps", None),
    ("Mathematics", None),
];

const COURSES: &[DemoCourse] = &[
    DemoCourse {
        title: "Machine Learning Foundations",
        description: "Supervised learning from linear regression to gradient boosting, with \
                      honest evaluation and the mistakes everyone makes once.",
        price: 0.0,
        category: "machine-learning",
        tags: &["Python", "scikit-learn"],
        difficulty: "beginner",
        teacher: 0,
        status: "published",
        modules: &[
            (
                "Getting started",
                &["What learning means", "Your first model"],
            ),
            (
                "Linear models",
                &["Linear regression", "Regularisation", "Logistic regression"],
            ),
            (
                "Evaluation",
                &["Train, validate, test", "Metrics that matter"],
            ),
        ],
    },
    DemoCourse {
        title: "Deep Learning with PyTorch",
        description: "Tensors, autograd and training loops; convolutional and recurrent \
                      networks; how to debug a model that does not learn.",
        price: 49.0,
        category: "machine-learning",
        tags: &["Python", "PyTorch", "Neural Networks"],
        difficulty: "intermediate",
        teacher: 1,
        status: "published",
        modules: &[
            (
                "Tensors and autograd",
                &["Tensors", "Automatic differentiation"],
            ),
            (
                "Training",
                &["The training loop", "Optimisers", "Overfitting"],
            ),
        ],
    },
    DemoCourse {
        title: "Image Classification in Practice",
        description: "From a folder of photos to a deployed classifier: data augmentation, \
                      transfer learning and calibration.",
        price: 79.0,
        category: "computer-vision",
        tags: &["PyTorch", "CNN", "Transfer Learning"],
        difficulty: "intermediate",
        teacher: 1,
        status: "published",
        modules: &[
            ("Data", &["Datasets and loaders", "Augmentation"]),
            (
                "Models",
                &["Convolutions", "Transfer learning", "Calibration"],
            ),
        ],
    },
    DemoCourse {
        title: "Transformers for Text",
        description: "Attention, tokenisation and fine-tuning pretrained language models for \
                      classification and extraction.",
        price: 99.0,
        category: "natural-language-processing",
        tags: &["Transformers", "NLP", "Python"],
        difficulty: "advanced",
        teacher: 0,
        status: "published",
        modules: &[
            (
                "Attention",
                &["Why attention", "Self-attention step by step"],
            ),
            ("Fine-tuning", &["Tokenisers", "Fine-tuning a classifier"]),
        ],
    },
    DemoCourse {
        title: "Linear Algebra for ML",
        description: "Vectors, matrices, eigenvalues and the singular value decomposition, \
                      always with the ML use in view.",
        price: 0.0,
        category: "mathematics",
        tags: &["Math", "NumPy"],
        difficulty: "beginner",
        teacher: 0,
        status: "published",
        modules: &[
            ("Vectors", &["Vectors and norms", "Dot products"]),
            ("Matrices", &["Matrix multiplication", "Eigenvalues", "SVD"]),
        ],
    },
    DemoCourse {
        title: "Probability and Statistics",
        description: "Distributions, estimation and hypothesis tests for people who train \
                      models.",
        price: 29.0,
        category: "mathematics",
        tags: &["Math", "Statistics"],
        difficulty: "beginner",
        teacher: 1,
        status: "published",
        modules: &[("Probability", &["Random variables", "Bayes' rule"])],
    },
    DemoCourse {
        title: "Shipping Models to Production",
        description: "Packaging, serving, monitoring and retraining: the MLOps loop with \
                      open-source tools.",
        price: 59.0,
        category: "mlops",
        tags: &["MLOps", "Docker"],
        difficulty: "intermediate",
        teacher: 0,
        status: "published",
        modules: &[
            ("Serving", &["Model formats", "An inference service"]),
            ("Operations", &["Monitoring drift", "Retraining"]),
        ],
    },
    DemoCourse {
        title: "Reinforcement Learning Basics",
        description: "Bandits, Markov decision processes and Q-learning. Waiting for review.",
        price: 39.0,
        category: "machine-learning",
        tags: &["Reinforcement Learning"],
        difficulty: "advanced",
        teacher: 1,
        status: "review",
        modules: &[("Bandits", &["Explore or exploit"])],
    },
    DemoCourse {
        title: "Graph Neural Networks",
        description: "Message passing on graphs. A draft in progress.",
        price: 69.0,
        category: "machine-learning",
        tags: &["Neural Networks", "Graphs"],
        difficulty: "advanced",
        teacher: 0,
        status: "draft",
        modules: &[("Graphs", &["Graphs as data"])],
    },
    DemoCourse {
        title: "Classic Computer Vision with OpenCV",
        description: "Filters, edges and features before deep learning. Archived.",
        price: 19.0,
        category: "computer-vision",
        tags: &["OpenCV"],
        difficulty: "beginner",
        teacher: 1,
        status: "archived",
        modules: &[("Filters", &["Convolution filters", "Edge detection"])],
    },
];

/// The blocks of a demo lesson: text for all, code for every second one, a video for
/// every third, and a quiz closing each module.
fn lesson_content(title: &str, index: usize, last_in_module: bool) -> Value {
    let mut blocks = vec![json!({"type": "markdown",
        "markdown": format!("# {title}\n\nThis lesson explains *{title}* step by step.")})];
    if index % 2 == 1 {
        blocks.push(json!({"type": "code", "language": "python",
            "code": "import numpy as np\n\nx = np.linspace(0, 1, 5)\nprint(x.mean())"}));
    }
    if index.is_multiple_of(3) {
        blocks.push(
            json!({"type": "video", "url": "https://videos.practicum.example/intro.mp4",
            "title": title}),
        );
    }
    if last_in_module {
        blocks.push(json!({"type": "quiz", "id": "check", "question": "What does np.linspace(0, 1, 5).mean() print?",
            "options": [{"id": "a", "text": "0.5"}, {"id": "b", "text": "0.25"}, {"id": "c", "text": "1.0"}],
            "correct_option_id": "a"}));
    }
    Value::Array(blocks)
}

fn as_actor(id: UserId, role: Role) -> Actor {
    Actor {
        id,
        role,
        scope: Scope::User,
    }
}

/// The account with `email`, created with `role` when missing.
async fn account(app: &App, email: &str, name: &str, role: Role) -> anyhow::Result<Actor> {
    let input = EnsureAdmin {
        email: email.to_owned(),
        password: DEMO_PASSWORD.to_owned(),
        full_name: name.to_owned(),
    };
    match app.create_user_with_role(input, role).await {
        Ok(u) => return Ok(as_actor(u.user_id, u.role)),
        Err(AppError::Conflict { .. }) => {}
        Err(e) => return Err(anyhow::anyhow!("seeding {email}: {e}")),
    }
    let root = as_actor(UserId(0), Role::Admin);
    let filter = UserFilter {
        role: None,
        search: Some(email.to_owned()),
    };
    let page = app
        .list_users(&root, filter, PageRequest::new(None, None))
        .await?;
    page.items
        .into_iter()
        .find(|u| u.email.as_deref() == Some(email))
        .map(|u| as_actor(u.user_id, u.role))
        .ok_or_else(|| anyhow::anyhow!("demo account {email} not found"))
}

fn ignore_conflict<T>(r: Result<T, AppError>) -> Result<(), AppError> {
    match r {
        Ok(_) | Err(AppError::Conflict { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

pub async fn seed(app: &App) -> anyhow::Result<()> {
    let staff = as_actor(UserId(0), Role::Admin);
    let teachers = [
        account(
            app,
            "teacher@practicum.example",
            "Tessa Teacher",
            Role::Teacher,
        )
        .await?,
        account(
            app,
            "teacher2@practicum.example",
            "Theo Teacher",
            Role::Teacher,
        )
        .await?,
    ];
    let mut learners = vec![
        account(
            app,
            "student@practicum.example",
            "Sam Student",
            Role::Student,
        )
        .await?,
    ];
    for (i, name) in ["Lena Learner", "Liam Learner", "Lucia Learner"]
        .iter()
        .enumerate()
    {
        learners.push(
            account(
                app,
                &format!("learner{}@practicum.example", i + 1),
                name,
                Role::Student,
            )
            .await?,
        );
    }
    for (name, parent) in CATEGORIES {
        let input = CategoryInput {
            name: (*name).to_owned(),
            slug: None,
            parent_slug: parent.map(str::to_owned),
        };
        ignore_conflict(app.create_category(&staff, input).await)?;
    }
    for (i, c) in COURSES.iter().enumerate() {
        let slug = Slug::derive(c.title);
        if app
            .course_details(Some(&staff), slug.as_str(), None)
            .await
            .is_ok()
        {
            continue;
        }
        let teacher = &teachers[c.teacher];
        let input = CourseInput {
            title: Some(c.title.to_owned()),
            description: Some(c.description.to_owned()),
            price: Some(c.price),
            currency: Some("EUR".to_owned()),
            cover_image_url: Some(format!(
                "https://images.practicum.example/courses/{}.jpg",
                slug.as_str()
            )),
            difficulty: Some(c.difficulty.to_owned()),
            language: Some("en".to_owned()),
            category_slug: Some(c.category.to_owned()),
            tags: Some(c.tags.iter().map(|t| (*t).to_owned()).collect()),
            requirements: Some(vec![
                "Python basics".to_owned(),
                "High-school algebra".to_owned(),
            ]),
            // What the modules teach, one line each.
            what_you_will_learn: Some(c.modules.iter().map(|(m, _)| (*m).to_owned()).collect()),
        };
        let created = app.create_course(teacher, input).await?;
        let slug = created.course.slug;
        let mut lesson_ids = Vec::new();
        for (module_title, lessons) in c.modules {
            let module = app.add_module(teacher, &slug, module_title, "").await?;
            for (j, lesson) in lessons.iter().enumerate() {
                let content = lesson_content(lesson, j, j + 1 == lessons.len());
                lesson_ids.push(
                    app.add_lesson(teacher, &slug, module.id, lesson, content)
                        .await?
                        .id,
                );
            }
        }
        let moves: &[(&Actor, &str)] = match c.status {
            "review" => &[(teacher, "review")],
            "published" => &[(teacher, "review"), (&staff, "published")],
            "archived" => &[
                (teacher, "review"),
                (&staff, "published"),
                (teacher, "archived"),
            ],
            _ => &[],
        };
        let published = matches!(c.status, "published" | "archived");
        for (who, status) in moves {
            if *status == "archived" {
                enroll_learners(app, &learners, i, &slug, &lesson_ids).await?;
            }
            app.change_course_status(who, &slug, status, None).await?;
        }
        if published && c.status == "published" {
            enroll_learners(app, &learners, i, &slug, &lesson_ids).await?;
        }
    }
    Ok(())
}

/// Some learners enroll in the course and complete a varying share of its lessons.
async fn enroll_learners(
    app: &App,
    learners: &[Actor],
    course_index: usize,
    slug: &str,
    lessons: &[i64],
) -> anyhow::Result<()> {
    for (j, learner) in learners.iter().enumerate() {
        if (course_index + j) % 3 == 2 {
            continue;
        }
        ignore_conflict(app.enroll_in_course(learner, slug).await)?;
        let done = (lessons.len() * ((course_index + j) % 4))
            .div_ceil(3)
            .min(lessons.len());
        for lesson in &lessons[..done] {
            app.complete_lesson(learner, *lesson).await?;
        }
    }
    Ok(())
}
