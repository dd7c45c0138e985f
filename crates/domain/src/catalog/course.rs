//! The validated fields of a course. Each is parsed once here; nothing downstream re-checks.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CourseError {
    #[error("must not be empty")]
    Empty,
    #[error("must be at most {0} characters long")]
    TooLong(usize),
    #[error("must not contain control characters")]
    Control,
    #[error("must be between 0 and 100000 with at most two decimals")]
    Price,
    #[error("must be a three-letter ISO 4217 code such as EUR")]
    Currency,
    #[error("must be one of beginner, intermediate, advanced")]
    Difficulty,
    #[error("must be a language code such as en or pt-BR")]
    Language,
    #[error("must be an https:// URL of at most 500 characters")]
    Url,
    #[error("must have at most {0} items")]
    TooManyItems(usize),
    #[error("item {index}: {reason}")]
    Item {
        index: usize,
        reason: Box<CourseError>,
    },
}

fn text(raw: &str, max: usize, allow_empty: bool, newlines: bool) -> Result<String, CourseError> {
    let s = raw.trim();
    if s.is_empty() && !allow_empty {
        return Err(CourseError::Empty);
    }
    if s.chars().count() > max {
        return Err(CourseError::TooLong(max));
    }
    if s.chars()
        .any(|c| c.is_control() && !(newlines && matches!(c, '\n' | '\r' | '\t')))
    {
        return Err(CourseError::Control);
    }
    Ok(s.to_owned())
}

/// A course, module or lesson title: trimmed, 1..=200 characters, one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseTitle(String);

impl CourseTitle {
    pub fn parse(raw: &str) -> Result<Self, CourseError> {
        text(raw, 200, false, false).map(Self)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A course description: at most 10 000 characters, several lines allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description(String);

impl Description {
    pub fn parse(raw: &str) -> Result<Self, CourseError> {
        text(raw, 10_000, true, true).map(Self)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A short list of one-line items, such as a course's requirements or what its learners
/// will be able to do: at most [`ItemList::MAX_ITEMS`] items of 1..=300 characters each,
/// trimmed. The order is the author's.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemList(Vec<String>);

impl ItemList {
    pub const MAX_ITEMS: usize = 30;

    pub fn parse(items: &[String]) -> Result<Self, CourseError> {
        if items.len() > Self::MAX_ITEMS {
            return Err(CourseError::TooManyItems(Self::MAX_ITEMS));
        }
        items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                text(item, 300, false, false).map_err(|reason| CourseError::Item {
                    index,
                    reason: Box::new(reason),
                })
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    pub fn items(&self) -> &[String] {
        &self.0
    }

    pub fn into_items(self) -> Vec<String> {
        self.0
    }
}

/// A price in minor units (cents), so that sums and comparisons are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Price(i64);

impl Price {
    pub const MAX_CENTS: i64 = 10_000_000;

    /// From a decimal amount in major units as clients send it (`49.99`).
    pub fn from_major(amount: f64) -> Result<Self, CourseError> {
        if !amount.is_finite() || amount < 0.0 {
            return Err(CourseError::Price);
        }
        let cents = (amount * 100.0).round();
        if (amount * 100.0 - cents).abs() > 1e-6 || cents > Self::MAX_CENTS as f64 {
            return Err(CourseError::Price);
        }
        // In range and integral: checked just above.
        Ok(Self(cents as i64))
    }

    pub fn from_cents(cents: i64) -> Result<Self, CourseError> {
        if (0..=Self::MAX_CENTS).contains(&cents) {
            Ok(Self(cents))
        } else {
            Err(CourseError::Price)
        }
    }

    pub fn cents(self) -> i64 {
        self.0
    }

    pub fn is_free(self) -> bool {
        self.0 == 0
    }
}

/// An ISO 4217 currency code, upper case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Currency(String);

impl Currency {
    pub fn parse(raw: &str) -> Result<Self, CourseError> {
        let s = raw.trim().to_ascii_uppercase();
        if s.len() == 3 && s.chars().all(|c| c.is_ascii_uppercase()) {
            Ok(Self(s))
        } else {
            Err(CourseError::Currency)
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How demanding a course is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Difficulty {
    Beginner,
    Intermediate,
    Advanced,
}

impl Difficulty {
    pub fn parse(raw: &str) -> Result<Self, CourseError> {
        match raw.trim() {
            "beginner" => Ok(Self::Beginner),
            "intermediate" => Ok(Self::Intermediate),
            "advanced" => Ok(Self::Advanced),
            _ => Err(CourseError::Difficulty),
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Beginner => "beginner",
            Self::Intermediate => "intermediate",
            Self::Advanced => "advanced",
        }
    }
}

/// A language tag: a two- or three-letter primary language, optionally a region
/// (`en`, `pt-BR`). Stored lower-case primary, upper-case region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language(String);

impl Language {
    pub fn parse(raw: &str) -> Result<Self, CourseError> {
        let mut parts = raw.trim().splitn(2, ['-', '_']);
        let primary = parts.next().unwrap_or("").to_ascii_lowercase();
        if !(2..=3).contains(&primary.len()) || !primary.chars().all(|c| c.is_ascii_lowercase()) {
            return Err(CourseError::Language);
        }
        match parts.next() {
            None => Ok(Self(primary)),
            Some(region)
                if region.len() == 2 && region.chars().all(|c| c.is_ascii_alphabetic()) =>
            {
                Ok(Self(format!("{primary}-{}", region.to_ascii_uppercase())))
            }
            Some(_) => Err(CourseError::Language),
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An image or video address: https only, so that pages never embed a `javascript:` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageUrl(String);

impl ImageUrl {
    pub fn parse(raw: &str) -> Result<Self, CourseError> {
        let s = raw.trim();
        let ok = s.len() <= 500
            && s.strip_prefix("https://").is_some_and(|rest| {
                !rest.is_empty()
                    && !rest.starts_with('/')
                    && !rest.chars().any(|c| c.is_whitespace() || c.is_control())
            });
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(CourseError::Url)
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_exact_cents() {
        assert_eq!(Price::from_major(49.99).map(Price::cents), Ok(4999));
        assert_eq!(Price::from_major(0.0).map(Price::cents), Ok(0));
        assert_eq!(Price::from_major(0.1 + 0.2).map(Price::cents), Ok(30));
        assert_eq!(Price::from_major(1.005), Err(CourseError::Price));
        assert_eq!(Price::from_major(-1.0), Err(CourseError::Price));
        assert_eq!(Price::from_major(f64::NAN), Err(CourseError::Price));
        assert_eq!(Price::from_major(1e9), Err(CourseError::Price));
    }

    #[test]
    fn fields() {
        assert_eq!(
            CourseTitle::parse("  Deep Learning ").unwrap().as_str(),
            "Deep Learning"
        );
        assert_eq!(CourseTitle::parse(" "), Err(CourseError::Empty));
        assert_eq!(CourseTitle::parse("a\nb"), Err(CourseError::Control));
        assert!(Description::parse("line\nline").is_ok());
        assert_eq!(Currency::parse("eur").unwrap().as_str(), "EUR");
        assert!(Currency::parse("EURO").is_err());
        assert_eq!(Language::parse("pt_br").unwrap().as_str(), "pt-BR");
        assert!(Language::parse("english").is_err());
        assert!(ImageUrl::parse("https://cdn.example.org/a.png").is_ok());
        assert!(ImageUrl::parse("javascript:alert(1)").is_err());
        assert_eq!(Difficulty::parse("advanced"), Ok(Difficulty::Advanced));
    }

    #[test]
    fn item_lists() {
        let list = ItemList::parse(&[" Python basics ".into(), "Linear algebra".into()]).unwrap();
        assert_eq!(list.items(), ["Python basics", "Linear algebra"]);
        assert_eq!(ItemList::parse(&[]).unwrap().items(), [] as [String; 0]);
        assert_eq!(
            ItemList::parse(&["ok".into(), "  ".into()]),
            Err(CourseError::Item {
                index: 1,
                reason: Box::new(CourseError::Empty)
            })
        );
        assert!(ItemList::parse(&["two\nlines".into()]).is_err());
        assert!(ItemList::parse(&["x".repeat(301)]).is_err());
        assert_eq!(
            ItemList::parse(&vec!["x".to_owned(); 31]),
            Err(CourseError::TooManyItems(30))
        );
        let err = ItemList::parse(&["a".into(), "".into()]).unwrap_err();
        assert_eq!(err.to_string(), "item 1: must not be empty");
    }
}
