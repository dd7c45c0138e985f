/// A password as typed by the user, checked against the policy but never stored or logged.
///
/// Policy (NIST SP 800-63B): at least 8 characters, at most 128, not all one character
/// class when shorter than 12, and not one of the passwords every cracker tries first.
/// `Debug` is redacted so that a stray `{:?}` can never leak it.
pub struct PlainPassword(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("must be at least 8 characters long")]
    TooShort,
    #[error("must be at most 128 characters long")]
    TooLong,
    #[error("is too common; choose a less guessable password")]
    TooCommon,
    #[error("must mix letters with digits or symbols, or be at least 12 characters long")]
    TooSimple,
}

const COMMON: &[&str] = &[
    "password",
    "password1",
    "12345678",
    "123456789",
    "1234567890",
    "qwertyui",
    "qwerty123",
    "iloveyou",
    "11111111",
    "00000000",
    "abcdefgh",
    "letmein1",
    "welcome1",
    "password123",
    "admin123",
    "passw0rd",
];

impl PlainPassword {
    /// Accepts a new password only if it meets the policy (used at registration and reset).
    pub fn new_checked(raw: &str) -> Result<Self, PasswordError> {
        let chars = raw.chars().count();
        if chars < 8 {
            return Err(PasswordError::TooShort);
        }
        if chars > 128 {
            return Err(PasswordError::TooLong);
        }
        if COMMON.contains(&raw.to_lowercase().as_str()) {
            return Err(PasswordError::TooCommon);
        }
        let has_letter = raw.chars().any(char::is_alphabetic);
        let has_other = raw.chars().any(|c| !c.is_alphabetic());
        if chars < 12 && !(has_letter && has_other) {
            return Err(PasswordError::TooSimple);
        }
        Ok(Self(raw.to_owned()))
    }

    /// Wraps a password typed at login, which is only ever verified, never checked.
    pub fn for_login(raw: &str) -> Self {
        Self(raw.to_owned())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PlainPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PlainPassword([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        assert_eq!(
            PlainPassword::new_checked("short1").err(),
            Some(PasswordError::TooShort)
        );
        assert_eq!(
            PlainPassword::new_checked("Password1").err(),
            Some(PasswordError::TooCommon)
        );
        assert_eq!(
            PlainPassword::new_checked("abcdefghij").err(),
            Some(PasswordError::TooSimple)
        );
        assert!(PlainPassword::new_checked("abcdefghijkl").is_ok());
        assert!(PlainPassword::new_checked("correct-h0rse").is_ok());
        assert_eq!(
            PlainPassword::new_checked(&"a1".repeat(65)).err(),
            Some(PasswordError::TooLong)
        );
    }

    #[test]
    fn debug_is_redacted() {
        let p = PlainPassword::for_login("s3cret-value");
        assert!(!format!("{p:?}").contains("s3cret"));
    }
}
