//! What a lesson is made of: an ordered list of blocks (text, code, video, quiz).
//!
//! Stored as JSON text; validated here once, so that a stored lesson always renders and
//! every quiz can be graded (its correct option exists, its ids are unique).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::ImageUrl;

/// One block of a lesson, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ContentBlock {
    /// Plain text.
    Text { text: String },
    /// Markdown, rendered by the client.
    Markdown { markdown: String },
    /// A code listing.
    Code {
        #[serde(default)]
        language: String,
        code: String,
    },
    /// An embedded video (https only).
    Video {
        url: String,
        #[serde(default)]
        title: String,
    },
    /// A single-choice question. `id` addresses it in answer checks.
    Quiz {
        id: String,
        question: String,
        options: Vec<QuizOption>,
        correct_option_id: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuizOption {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContentError {
    #[error("a lesson has at most {0} blocks")]
    TooManyBlocks(usize),
    #[error("block {0}: text must not be empty and at most 100000 characters")]
    Text(usize),
    #[error("block {0}: the video URL must be https:// of at most 500 characters")]
    VideoUrl(usize),
    #[error("block {0}: a quiz needs an id, a question and 2..=10 options with unique ids")]
    Quiz(usize),
    #[error("block {0}: correct_option_id names no option")]
    CorrectOption(usize),
    #[error("quiz id '{0}' is used twice")]
    DuplicateQuiz(String),
}

/// Validated lesson content.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LessonContent(Vec<ContentBlock>);

const MAX_BLOCKS: usize = 200;
const MAX_TEXT: usize = 100_000;

fn text_ok(s: &str) -> bool {
    !s.trim().is_empty() && s.chars().count() <= MAX_TEXT
}

fn id_ok(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

impl LessonContent {
    pub fn parse(blocks: Vec<ContentBlock>) -> Result<Self, ContentError> {
        if blocks.len() > MAX_BLOCKS {
            return Err(ContentError::TooManyBlocks(MAX_BLOCKS));
        }
        let mut quiz_ids = HashSet::new();
        for (i, block) in blocks.iter().enumerate() {
            match block {
                ContentBlock::Text { text: t } | ContentBlock::Markdown { markdown: t } => {
                    if !text_ok(t) {
                        return Err(ContentError::Text(i));
                    }
                }
                ContentBlock::Code { code, language } => {
                    if !text_ok(code) || language.len() > 40 {
                        return Err(ContentError::Text(i));
                    }
                }
                ContentBlock::Video { url, title } => {
                    ImageUrl::parse(url).map_err(|_| ContentError::VideoUrl(i))?;
                    if title.chars().count() > 200 {
                        return Err(ContentError::Text(i));
                    }
                }
                ContentBlock::Quiz {
                    id,
                    question,
                    options,
                    correct_option_id,
                } => {
                    let option_ids: HashSet<&str> = options.iter().map(|o| o.id.as_str()).collect();
                    let ok = id_ok(id)
                        && text_ok(question)
                        && (2..=10).contains(&options.len())
                        && option_ids.len() == options.len()
                        && options.iter().all(|o| id_ok(&o.id) && text_ok(&o.text));
                    if !ok {
                        return Err(ContentError::Quiz(i));
                    }
                    if !option_ids.contains(correct_option_id.as_str()) {
                        return Err(ContentError::CorrectOption(i));
                    }
                    if !quiz_ids.insert(id.as_str()) {
                        return Err(ContentError::DuplicateQuiz(id.clone()));
                    }
                }
            }
        }
        Ok(Self(blocks))
    }

    pub fn blocks(&self) -> &[ContentBlock] {
        &self.0
    }

    pub fn into_blocks(self) -> Vec<ContentBlock> {
        self.0
    }

    /// The correct option of quiz `question_id`, if the lesson has that quiz.
    pub fn correct_option(&self, question_id: &str) -> Option<&str> {
        self.0.iter().find_map(|b| match b {
            ContentBlock::Quiz {
                id,
                correct_option_id,
                ..
            } if id == question_id => Some(correct_option_id.as_str()),
            _ => None,
        })
    }

    /// Whether quiz `question_id` has an option `answer_id`.
    pub fn has_option(&self, question_id: &str, answer_id: &str) -> bool {
        self.0.iter().any(|b| {
            matches!(b, ContentBlock::Quiz { id, options, .. }
                if id == question_id && options.iter().any(|o| o.id == answer_id))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiz(id: &str, correct: &str) -> ContentBlock {
        ContentBlock::Quiz {
            id: id.into(),
            question: "2 + 2?".into(),
            options: vec![
                QuizOption {
                    id: "a".into(),
                    text: "3".into(),
                },
                QuizOption {
                    id: "b".into(),
                    text: "4".into(),
                },
            ],
            correct_option_id: correct.into(),
        }
    }

    #[test]
    fn valid_content_answers_quizzes() {
        let c = LessonContent::parse(vec![
            ContentBlock::Markdown {
                markdown: "# Hi".into(),
            },
            ContentBlock::Video {
                url: "https://video.example.org/1".into(),
                title: String::new(),
            },
            quiz("q1", "b"),
        ])
        .unwrap();
        assert_eq!(c.correct_option("q1"), Some("b"));
        assert!(c.has_option("q1", "a"));
        assert!(!c.has_option("q1", "z"));
        assert_eq!(c.correct_option("q2"), None);
    }

    #[test]
    fn invalid_content_is_refused() {
        assert_eq!(
            LessonContent::parse(vec![quiz("q1", "z")]),
            Err(ContentError::CorrectOption(0))
        );
        assert_eq!(
            LessonContent::parse(vec![quiz("q1", "a"), quiz("q1", "b")]),
            Err(ContentError::DuplicateQuiz("q1".into()))
        );
        assert_eq!(
            LessonContent::parse(vec![ContentBlock::Video {
                url: "http://x".into(),
                title: String::new()
            }]),
            Err(ContentError::VideoUrl(0))
        );
        assert_eq!(
            LessonContent::parse(vec![ContentBlock::Text { text: " ".into() }]),
            Err(ContentError::Text(0))
        );
    }

    #[test]
    fn blocks_round_trip_through_json() {
        let json = r#"[{"type":"code","language":"python","code":"print(1)"}]"#;
        let blocks: Vec<ContentBlock> = serde_json::from_str(json).unwrap();
        assert!(LessonContent::parse(blocks.clone()).is_ok());
        assert_eq!(serde_json::to_string(&blocks).unwrap(), json);
        assert!(serde_json::from_str::<Vec<ContentBlock>>(r#"[{"type":"gif"}]"#).is_err());
    }
}
