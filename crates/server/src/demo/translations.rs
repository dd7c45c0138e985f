//! Russian translations of the demo catalog: course titles and descriptions, module and
//! lesson titles, and the lessons' text, video titles and quiz questions (code is kept).
//! A learner who switches the web app to Russian (Accept-Language: ru) reads them.
//!
//! Goes through the translation use-case as staff would. Idempotent: a translation is
//! replaced by the same texts on every run. Courses or titles missing from the tables
//! (a catalog changed since) are skipped, and keep showing in English.

use practicum_app::{
    catalog::{LessonTranslation, ModuleTranslation, TranslationInput},
    identity::Actor,
    App, Scope,
};
use practicum_domain::identity::{Role, UserId};
use serde_json::Value;

/// slug → (title, description) in Russian.
const COURSES: &[(&str, &str, &str)] = &[
    (
        "machine-learning-foundations",
        "Основы машинного обучения",
        "Обучение с учителем от линейной регрессии до градиентного бустинга: честная оценка \
         моделей и ошибки, которые каждый совершает однажды.",
    ),
    (
        "deep-learning-with-pytorch",
        "Глубокое обучение на PyTorch",
        "Тензоры, автоматическое дифференцирование и цикл обучения; свёрточные и рекуррентные \
         сети; как отлаживать модель, которая не учится.",
    ),
    (
        "image-classification-in-practice",
        "Классификация изображений на практике",
        "От папки с фотографиями до развёрнутого классификатора: аугментация данных, перенос \
         обучения и калибровка.",
    ),
    (
        "transformers-for-text",
        "Трансформеры для текстов",
        "Внимание, токенизация и дообучение предобученных языковых моделей для классификации \
         и извлечения информации.",
    ),
    (
        "linear-algebra-for-ml",
        "Линейная алгебра для ML",
        "Векторы, матрицы, собственные значения и сингулярное разложение — всегда с прицелом \
         на машинное обучение.",
    ),
    (
        "probability-and-statistics",
        "Теория вероятностей и статистика",
        "Распределения, оценивание и проверка гипотез для тех, кто обучает модели.",
    ),
    (
        "shipping-models-to-production",
        "Модели в продакшене",
        "Упаковка, сервинг, мониторинг и переобучение: цикл MLOps на открытых инструментах.",
    ),
    (
        "reinforcement-learning-basics",
        "Основы обучения с подкреплением",
        "Многорукие бандиты, марковские процессы принятия решений и Q-обучение. Ждёт проверки.",
    ),
    (
        "graph-neural-networks",
        "Графовые нейронные сети",
        "Передача сообщений на графах. Черновик в работе.",
    ),
    (
        "classic-computer-vision-with-opencv",
        "Классическое компьютерное зрение с OpenCV",
        "Фильтры, границы и признаки до глубокого обучения. В архиве.",
    ),
];

/// Module and lesson titles, English → Russian.
const TITLES: &[(&str, &str)] = &[
    ("Getting started", "Первые шаги"),
    ("What learning means", "Что значит «обучение»"),
    ("Your first model", "Ваша первая модель"),
    ("Linear models", "Линейные модели"),
    ("Linear regression", "Линейная регрессия"),
    ("Regularisation", "Регуляризация"),
    ("Logistic regression", "Логистическая регрессия"),
    ("Evaluation", "Оценка моделей"),
    ("Train, validate, test", "Обучение, валидация, тест"),
    ("Metrics that matter", "Метрики, которые важны"),
    ("Foundations", "Основы"),
    ("Tensors", "Тензоры"),
    (
        "Automatic differentiation",
        "Автоматическое дифференцирование",
    ),
    ("Training", "Обучение"),
    ("The training loop", "Цикл обучения"),
    ("Optimisers", "Оптимизаторы"),
    ("Overfitting", "Переобучение"),
    ("Data", "Данные"),
    ("Datasets and loaders", "Датасеты и загрузчики"),
    ("Augmentation", "Аугментация"),
    ("Models", "Модели"),
    ("Convolutions", "Свёртки"),
    ("Transfer learning", "Перенос обучения"),
    ("Calibration", "Калибровка"),
    ("Attention", "Внимание"),
    ("Why attention", "Зачем нужно внимание"),
    ("Self-attention step by step", "Самовнимание шаг за шагом"),
    ("Fine-tuning", "Дообучение"),
    ("Tokenisers", "Токенизаторы"),
    ("Fine-tuning a classifier", "Дообучение классификатора"),
    ("Vectors", "Векторы"),
    ("Vectors and norms", "Векторы и нормы"),
    ("Dot products", "Скалярное произведение"),
    ("Matrices", "Матрицы"),
    ("Matrix multiplication", "Умножение матриц"),
    ("Eigenvalues", "Собственные значения"),
    ("SVD", "Сингулярное разложение"),
    ("Probability", "Вероятность"),
    ("Random variables", "Случайные величины"),
    ("Bayes' rule", "Формула Байеса"),
    ("Serving", "Сервинг"),
    ("Model formats", "Форматы моделей"),
    ("An inference service", "Сервис инференса"),
    ("Operations", "Эксплуатация"),
    ("Monitoring drift", "Мониторинг дрейфа"),
    ("Retraining", "Переобучение по расписанию"),
    ("Bandits", "Бандиты"),
    ("Explore or exploit", "Исследовать или использовать"),
    ("Graphs", "Графы"),
    ("Graphs as data", "Графы как данные"),
    ("Filters", "Фильтры"),
    ("Convolution filters", "Свёрточные фильтры"),
    ("Edge detection", "Поиск границ"),
];

const QUIZ_QUESTION: &str = "Что напечатает np.linspace(0, 1, 5).mean()?";

fn russian(title: &str) -> Option<&'static str> {
    TITLES
        .iter()
        .find(|(en, _)| *en == title)
        .map(|(_, ru)| *ru)
}

/// The lesson's blocks with their words in Russian; code and answers stay as they are.
fn translate_blocks(blocks: &Value, title: &str) -> Value {
    let Some(items) = blocks.as_array() else {
        return blocks.clone();
    };
    let out = items
        .iter()
        .map(|block| {
            let mut b = block.clone();
            match b.get("type").and_then(Value::as_str) {
                Some("markdown") => {
                    b["markdown"] = Value::String(format!(
                        "# {title}\n\nВ этом уроке шаг за шагом разбираем тему *{title}*."
                    ));
                }
                Some("video") => b["title"] = Value::String(title.to_owned()),
                Some("quiz") => b["question"] = Value::String(QUIZ_QUESTION.to_owned()),
                _ => {}
            }
            b
        })
        .collect();
    Value::Array(out)
}

/// Installs (or refreshes) the Russian translation of every demo course found.
pub async fn seed(app: &App) -> anyhow::Result<()> {
    let staff = Actor {
        id: UserId(0),
        role: Role::Admin,
        scope: Scope::User,
    };
    for (slug, title, description) in COURSES {
        let Ok(view) = app.course_details(Some(&staff), slug, None).await else {
            continue;
        };
        let mut modules = Vec::new();
        let mut lessons = Vec::new();
        for m in &view.modules {
            if let Some(t) = russian(&m.module.title) {
                modules.push(ModuleTranslation {
                    module_id: m.module.id,
                    title: t.to_owned(),
                    description: None,
                });
            }
            for l in &m.lessons {
                let Some(t) = russian(&l.title) else { continue };
                // Staff read the original blocks whole (quiz answers included).
                let original = app.read_lesson(&staff, l.id, None).await?;
                let content = Some(translate_blocks(&original.content, t));
                lessons.push(LessonTranslation {
                    lesson_id: l.id,
                    title: t.to_owned(),
                    content,
                });
            }
        }
        let input = TranslationInput {
            title: (*title).to_owned(),
            description: (*description).to_owned(),
            // The lists stay in the original language until someone translates them.
            requirements: None,
            what_you_will_learn: None,
            modules,
            lessons,
        };
        app.translate_course(&staff, slug, "ru", input).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn blocks_keep_their_code_and_answers() {
        let blocks = json!([
            {"type": "markdown", "markdown": "# Tensors\n\nThis lesson explains *Tensors*."},
            {"type": "code", "language": "python", "code": "print(1)"},
            {"type": "quiz", "id": "check", "question": "Q?", "options": [{"id": "a", "text": "0.5"}], "correct_option_id": "a"}
        ]);
        let ru = translate_blocks(&blocks, "Тензоры");
        assert!(ru[0]["markdown"].as_str().unwrap().contains("Тензоры"));
        assert_eq!(ru[1], blocks[1]);
        assert_eq!(ru[2]["question"], QUIZ_QUESTION);
        assert_eq!(ru[2]["options"], blocks[2]["options"]);
        assert_eq!(ru[2]["correct_option_id"], "a");
    }

    #[test]
    fn every_course_title_has_a_translation() {
        assert!(COURSES
            .iter()
            .all(|(_, t, d)| !t.is_empty() && !d.is_empty()));
        assert_eq!(russian("Tensors"), Some("Тензоры"));
        assert_eq!(russian("Not a demo title"), None);
    }
}
