//! The demo's adaptive track, "ML Engineer": trainee, junior and middle; six modules;
//! eight active questions per module and stage; an optional and a required article
//! (with a three-question mini-test) per module and stage.

use practicum_app::adaptive::TrackDocument;
use serde_json::{json, Value};

pub const SLUG: &str = "ml-engineer";

/// (question, correct answer, two wrong answers) per module.
type Fact = (&'static str, &'static str, &'static str, &'static str);

const MODULES: [(&str, [Fact; 8]); 6] = [
    (
        "Python for ML",
        [
            (
                "Which library provides n-dimensional arrays?",
                "NumPy",
                "Flask",
                "Requests",
            ),
            (
                "What does `df.head()` return in pandas?",
                "The first rows",
                "The column types",
                "The last rows",
            ),
            (
                "Which structure maps keys to values?",
                "dict",
                "tuple",
                "list",
            ),
            (
                "What does vectorisation avoid?",
                "Python-level loops",
                "Memory allocation",
                "Type checking",
            ),
            (
                "Which pandas method fills missing values?",
                "fillna",
                "dropna",
                "astype",
            ),
            (
                "What is broadcasting in NumPy?",
                "Combining arrays of compatible shapes",
                "Sending arrays over a network",
                "Sorting arrays in place",
            ),
            (
                "Which keyword creates a generator?",
                "yield",
                "return",
                "lambda",
            ),
            (
                "What does `np.random.seed` make reproducible?",
                "Random draws",
                "File paths",
                "Floating-point rounding",
            ),
        ],
    ),
    (
        "Linear models",
        [
            (
                "What does linear regression minimise by default?",
                "Squared error",
                "Absolute error",
                "Cross-entropy",
            ),
            (
                "What does L2 regularisation penalise?",
                "Squared weights",
                "The number of features",
                "The learning rate",
            ),
            (
                "Logistic regression outputs…",
                "A probability",
                "A cluster id",
                "A distance",
            ),
            (
                "Which penalty can set weights exactly to zero?",
                "L1",
                "L2",
                "Dropout",
            ),
            (
                "Feature scaling matters most for…",
                "Gradient-based training",
                "Decision trees",
                "Counting rows",
            ),
            (
                "Multicollinearity makes coefficients…",
                "Unstable",
                "Always zero",
                "Exactly interpretable",
            ),
            (
                "The sigmoid maps real numbers to…",
                "(0, 1)",
                "(-1, 1)",
                "[0, ∞)",
            ),
            (
                "A closed-form solution of OLS uses…",
                "The normal equations",
                "Backpropagation",
                "K-means",
            ),
        ],
    ),
    (
        "Trees and ensembles",
        [
            (
                "Random forests reduce mainly…",
                "Variance",
                "Bias",
                "Training data",
            ),
            (
                "Gradient boosting fits each new tree to…",
                "The residual errors",
                "A random subset of labels",
                "The test set",
            ),
            (
                "A common split criterion for classification is…",
                "Gini impurity",
                "Mean squared error of inputs",
                "Cosine similarity",
            ),
            (
                "Limiting tree depth helps against…",
                "Overfitting",
                "Underflow",
                "Class imbalance only",
            ),
            (
                "Bagging trains models on…",
                "Bootstrap samples",
                "The same sample",
                "The validation set",
            ),
            (
                "Feature importance in trees is often measured by…",
                "Impurity decrease",
                "Coefficient sign",
                "Learning rate",
            ),
            (
                "XGBoost and LightGBM are…",
                "Gradient boosting libraries",
                "Deep learning frameworks",
                "Databases",
            ),
            (
                "Do trees need feature scaling?",
                "No",
                "Yes, always",
                "Only for categorical data",
            ),
        ],
    ),
    (
        "Model evaluation",
        [
            (
                "Why hold out a test set?",
                "To estimate generalisation",
                "To train faster",
                "To tune the learning rate",
            ),
            (
                "Precision is…",
                "TP / (TP + FP)",
                "TP / (TP + FN)",
                "TN / (TN + FP)",
            ),
            (
                "Recall is…",
                "TP / (TP + FN)",
                "TP / (TP + FP)",
                "FP / (FP + TN)",
            ),
            ("ROC AUC of a random classifier is about…", "0.5", "0", "1"),
            (
                "k-fold cross-validation…",
                "Averages over k train/validation splits",
                "Trains k different model types",
                "Uses k test sets at once",
            ),
            (
                "Data leakage means…",
                "Test information reaches training",
                "Memory leaks in training",
                "Losing rows on load",
            ),
            (
                "For imbalanced classes accuracy can be…",
                "Misleading",
                "Always best",
                "Undefined",
            ),
            (
                "RMSE is measured in…",
                "The target's units",
                "Percent",
                "Log-odds",
            ),
        ],
    ),
    (
        "Neural networks",
        [
            (
                "Backpropagation computes…",
                "Gradients of the loss",
                "The network's depth",
                "Batch sizes",
            ),
            ("ReLU(x) equals…", "max(0, x)", "1 / (1 + e^-x)", "tanh(x)"),
            (
                "Dropout is a form of…",
                "Regularisation",
                "Normalisation of inputs",
                "Data augmentation",
            ),
            (
                "A learning rate that is too high makes training…",
                "Diverge or oscillate",
                "Always slower but stable",
                "Deterministic",
            ),
            (
                "Softmax outputs…",
                "A probability distribution",
                "Binary labels",
                "Gradients",
            ),
            (
                "Convolutions share…",
                "Weights across positions",
                "Labels across batches",
                "Optimisers across layers",
            ),
            (
                "Batch normalisation normalises…",
                "Activations per mini-batch",
                "The dataset once",
                "The labels",
            ),
            (
                "Adam is…",
                "An optimiser",
                "A loss function",
                "An activation",
            ),
        ],
    ),
    (
        "Data preparation",
        [
            (
                "One-hot encoding turns categories into…",
                "Binary indicator columns",
                "Ranks",
                "Hashes only",
            ),
            (
                "Imputation means…",
                "Filling missing values",
                "Removing outliers",
                "Scaling features",
            ),
            (
                "Standardisation gives features…",
                "Zero mean and unit variance",
                "Values in [0, 1] always",
                "Integer values",
            ),
            (
                "Fit the scaler on…",
                "The training data only",
                "The test data",
                "All data including test",
            ),
            (
                "Stratified splitting keeps…",
                "Class proportions",
                "Row order",
                "Feature scales",
            ),
            (
                "An outlier is…",
                "A value far from the rest",
                "A missing value",
                "A categorical value",
            ),
            (
                "Feature engineering creates…",
                "New informative inputs",
                "New labels",
                "New test sets",
            ),
            (
                "Duplicated rows can cause…",
                "Leakage between splits",
                "Faster convergence only",
                "Better recall always",
            ),
        ],
    ),
];

const STAGES: [&str; 7] = [
    "trainee_0",
    "junior_1",
    "junior_2",
    "junior_3",
    "middle_1",
    "middle_2",
    "middle_3",
];

fn label(stage: &str) -> String {
    stage.replace('_', " ")
}

fn question(module: &str, stage: &str, fact: &Fact, difficulty: usize) -> Value {
    json!({
        "module": module,
        "stage": stage,
        "text": format!("[{}] {}", label(stage), fact.0),
        "difficulty": difficulty,
        "options": [
            {"text": fact.2}, {"text": fact.1, "is_correct": true}, {"text": fact.3}
        ],
    })
}

/// The track as an installable document.
pub fn document() -> TrackDocument {
    let mut questions = Vec::new();
    let mut articles = Vec::new();
    for (si, stage) in STAGES.iter().enumerate() {
        for (module, facts) in &MODULES {
            for (i, fact) in facts.iter().enumerate() {
                questions.push(question(module, stage, fact, (si / 2 + i % 3).clamp(1, 5)));
            }
            articles.push(json!({
                "module": module, "stage": stage, "kind": "optional",
                "title": format!("{module}: a tour for {}", label(stage)),
                "markdown": format!("# {module}\n\nKey ideas for {}: {}", label(stage),
                    facts.iter().map(|f| format!("{} — {}.", f.0, f.1)).collect::<Vec<_>>().join(" ")),
            }));
            let minitest: Vec<Value> = facts
                .iter()
                .take(3)
                .map(|f| json!({
                    "text": format!("Check ({}): {}", label(stage), f.0),
                    "difficulty": 2,
                    "options": [{"text": f.1, "is_correct": true}, {"text": f.2}, {"text": f.3}],
                }))
                .collect();
            articles.push(json!({
                "module": module, "stage": stage, "kind": "required",
                "title": format!("{module}: the essentials for {}", label(stage)),
                "markdown": format!("# {module} essentials\n\n{}", facts.iter().take(3)
                    .map(|f| format!("- {}: **{}**", f.0, f.1)).collect::<Vec<_>>().join("\n")),
                "minitest": minitest,
            }));
        }
    }
    let doc = json!({
        "slug": SLUG,
        "title": "ML Engineer",
        "description": "From trainee to middle ML engineer: a diagnostic, reading tailored to \
                        your weak modules, level exams and rank finals.",
        "is_published": true,
        "ranks": ["trainee", "junior", "middle"],
        "settings": {},
        "modules": MODULES.iter().map(|(m, _)| *m).collect::<Vec<_>>(),
        "questions": questions,
        "articles": articles,
    });
    // The document is built from constants above; the unit test below parses it.
    serde_json::from_value(doc).unwrap_or_else(|e| unreachable!("demo track document: {e}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_demo_track_document_parses() {
        let doc = super::document();
        assert_eq!(doc.content.modules.len(), 6);
        assert_eq!(doc.content.questions.len(), 7 * 6 * 8);
    }
}
