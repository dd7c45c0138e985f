//! Public profile fields. Each is validated once here; nothing downstream re-checks.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("must be at most 2000 characters long")]
    BioTooLong,
    #[error("must be an international number: '+' then 8 to 15 digits, e.g. +4915112345678")]
    Phone,
    #[error("must be 3..=60 lowercase letters, digits or '-', not starting or ending with '-'")]
    Slug,
    #[error("network '{0}' is not supported (github, gitlab, linkedin, telegram, twitter, website, youtube)")]
    SocialNetwork(String),
    #[error("link for '{0}' must be an https:// URL of at most 300 characters")]
    SocialUrl(String),
}

/// Free text about the user, at most 2000 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bio(String);

impl Bio {
    pub fn parse(raw: &str) -> Result<Self, ProfileError> {
        if raw.chars().count() > 2000 {
            return Err(ProfileError::BioTooLong);
        }
        Ok(Self(raw.trim().to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone number in E.164 form. Spaces, dashes and parentheses typed by users are dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, ProfileError> {
        let compact: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
            .collect();
        let digits = compact.strip_prefix('+').ok_or(ProfileError::Phone)?;
        let ok = (8..=15).contains(&digits.len())
            && digits.chars().all(|c| c.is_ascii_digit())
            && !digits.starts_with('0');
        if ok {
            Ok(Self(compact))
        } else {
            Err(ProfileError::Phone)
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A URL-safe identifier such as a profile or course slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slug(String);

impl Slug {
    pub fn parse(raw: &str) -> Result<Self, ProfileError> {
        let ok = (3..=60).contains(&raw.len())
            && raw
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !raw.starts_with('-')
            && !raw.ends_with('-');
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(ProfileError::Slug)
        }
    }

    /// Derives a slug from free text (a name or a title): ASCII letters and digits kept,
    /// everything else collapsed into single dashes; padded when too short.
    pub fn derive(text: &str) -> Self {
        let mut out = String::new();
        for c in text.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        let mut out: String = out.trim_matches('-').chars().take(50).collect();
        out = out.trim_end_matches('-').to_owned();
        while out.len() < 3 {
            out.push_str(if out.is_empty() { "user" } else { "-x" });
        }
        Self(out)
    }

    /// The same slug with a numeric suffix, used when the plain one is taken.
    pub fn with_suffix(&self, n: u32) -> Self {
        Self(format!("{}-{n}", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Links to a user's profiles elsewhere, keyed by network. Only known networks and
/// https URLs are accepted, so a profile page never renders a `javascript:` link.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SocialLinks(BTreeMap<String, String>);

const NETWORKS: &[&str] = &[
    "github", "gitlab", "linkedin", "telegram", "twitter", "website", "youtube",
];

impl SocialLinks {
    pub fn parse(raw: &BTreeMap<String, String>) -> Result<Self, ProfileError> {
        for (network, url) in raw {
            if !NETWORKS.contains(&network.as_str()) {
                return Err(ProfileError::SocialNetwork(network.clone()));
            }
            let host_ok = url.strip_prefix("https://").is_some_and(|rest| {
                !rest.is_empty() && !rest.starts_with('/') && !rest.contains(char::is_whitespace)
            });
            if url.len() > 300 || !host_ok {
                return Err(ProfileError::SocialUrl(network.clone()));
            }
        }
        Ok(Self(raw.clone()))
    }

    pub fn as_map(&self) -> &BTreeMap<String, String> {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers() {
        assert_eq!(
            Phone::parse("+49 (151) 123-45678").unwrap().as_str(),
            "+4915112345678"
        );
        for bad in [
            "4915112345678",
            "+12",
            "+0123456789",
            "+49abc12345678",
            "+1234567890123456",
        ] {
            assert_eq!(Phone::parse(bad), Err(ProfileError::Phone), "{bad}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(Slug::derive("Ada  Lovelace!").as_str(), "ada-lovelace");
        assert_eq!(Slug::derive("Ïö").as_str(), "user");
        assert_eq!(Slug::derive("Al").as_str(), "al-x");
        assert!(Slug::parse("ada-lovelace").is_ok());
        assert!(Slug::parse("-ada").is_err());
        assert!(Slug::parse("Ada").is_err());
        assert_eq!(Slug::derive("ada").with_suffix(2).as_str(), "ada-2");
    }

    #[test]
    fn social_links() {
        let mut m = BTreeMap::new();
        m.insert("github".to_owned(), "https://github.com/ada".to_owned());
        assert!(SocialLinks::parse(&m).is_ok());
        m.insert("myspace".to_owned(), "https://x.org".to_owned());
        assert!(matches!(
            SocialLinks::parse(&m),
            Err(ProfileError::SocialNetwork(_))
        ));
        let mut m = BTreeMap::new();
        m.insert("website".to_owned(), "javascript:alert(1)".to_owned());
        assert!(matches!(
            SocialLinks::parse(&m),
            Err(ProfileError::SocialUrl(_))
        ));
    }
}
