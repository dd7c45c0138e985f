use std::fmt;

/// A syntactically valid e-mail address, stored as given but compared case-insensitively.
///
/// Uniqueness is on [`Email::normalized`] (lower case), so `Ann@X.org` and `ann@x.org` are
/// the same account: this is what users expect, and what the duplicate-email 409 relies on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("is not a valid e-mail address")]
    Invalid,
    #[error("is longer than 254 characters")]
    TooLong,
}

impl Email {
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let trimmed = raw.trim();
        if trimmed.len() > 254 {
            return Err(EmailError::TooLong);
        }
        // Beyond RFC syntax we require a dot in the domain: `a@localhost` is never a learner.
        let valid = email_address::EmailAddress::is_valid(trimmed)
            && trimmed
                .rsplit_once('@')
                .is_some_and(|(_, d)| d.contains('.') && !d.ends_with('.'));
        if !valid {
            return Err(EmailError::Invalid);
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The lower-cased form used for uniqueness and lookup.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses_and_normalizes_case() {
        let e = Email::parse("  Ann.Lee@Example.ORG ").unwrap();
        assert_eq!(e.as_str(), "Ann.Lee@Example.ORG");
        assert_eq!(e.normalized(), "ann.lee@example.org");
    }

    #[test]
    fn rejects_malformed_addresses() {
        for bad in [
            "",
            "ann",
            "ann@",
            "@x.org",
            "ann@localhost",
            "a b@x.org",
            "ann@x.",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError::Invalid), "{bad}");
        }
        let long = format!("{}@x.org", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
    }
}
