use std::fmt;

/// A user's primary key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(pub i64);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A display name: trimmed, 1..=100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("must not be empty")]
    Empty,
    #[error("must be at most {0} characters long")]
    TooLong(usize),
    #[error("must not contain control characters")]
    Control,
    #[error("must be 3..=32 characters: letters, digits, '.', '_' or '-'")]
    BadUsername,
}

impl FullName {
    pub fn parse(raw: &str) -> Result<Self, NameError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(NameError::Empty);
        }
        if s.chars().count() > 100 {
            return Err(NameError::TooLong(100));
        }
        if s.chars().any(char::is_control) {
            return Err(NameError::Control);
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A login name (the ML service's clients register by username alone). Unique
/// case-insensitively, like e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Self, NameError> {
        let s = raw.trim();
        let ok = (3..=32).contains(&s.chars().count())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if ok {
            Ok(Self(s.to_owned()))
        } else {
            Err(NameError::BadUsername)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            FullName::parse("  Ada Lovelace ").unwrap().as_str(),
            "Ada Lovelace"
        );
        assert_eq!(FullName::parse("  "), Err(NameError::Empty));
        assert_eq!(FullName::parse("a\u{7}b"), Err(NameError::Control));
        assert!(Username::parse("ml_user-1").is_ok());
        assert_eq!(Username::parse("ab"), Err(NameError::BadUsername));
        assert_eq!(Username::parse("a b c"), Err(NameError::BadUsername));
        assert_eq!(Username::parse("Ann").unwrap().normalized(), "ann");
    }
}
