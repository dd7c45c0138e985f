//! Catalog: courses, their workflow, and the content of lessons.

mod content;
mod course;
mod negotiate;
mod status;

pub use content::{ContentBlock, ContentError, LessonContent, QuizOption};
pub use course::{
    CourseError, CourseTitle, Currency, Description, Difficulty, ImageUrl, ItemList, Language,
    Price,
};
pub use negotiate::negotiate_language;
pub use status::{CourseStatus, Mover, StatusError};
