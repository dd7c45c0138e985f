//! Access tokens: short-lived HS256 JWTs. Only HS256 is accepted (so `alg: none` and
//! algorithm-confusion tokens fail), expiry is enforced, and the token carries the
//! account's `token_version` so that deactivation or a password reset revokes it.

use std::sync::Arc;

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use practicum_domain::identity::{Role, UserId};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

/// What a token may be used for. `/admin/*` routes accept only admin-scoped tokens,
/// which `POST /admin/login` issues to admins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    User,
    Admin,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::User => "user",
            Scope::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "user" => Some(Scope::User),
            "admin" => Some(Scope::Admin),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccessClaims {
    /// The user id, as a string (RFC 7519 `sub`).
    pub sub: String,
    pub role: String,
    pub scope: Scope,
    /// The account's token version when issued; a mismatch means revoked.
    pub ver: i64,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    /// A unique id per token, so two tokens issued in the same second differ (a logout
    /// revokes one token, never its twin).
    #[serde(default)]
    pub jti: String,
}

impl AccessClaims {
    pub fn user_id(&self) -> Option<UserId> {
        self.sub.parse().ok().map(UserId)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the access token has expired")]
    Expired,
    #[error("the access token is invalid")]
    Invalid,
}

const ISSUER: &str = "practicum";
const MARKER_SUBJECT: &str = "recent-write";

#[derive(Debug, Serialize, Deserialize)]
struct MarkerClaims {
    sub: String,
    exp: i64,
    iss: String,
}

/// Signing and verification keys derived from `JWT_SECRET`. Cheap to clone (one `Arc`):
/// the application state that holds it is cloned per request.
#[derive(Clone)]
pub struct JwtKeys(Arc<Keys>);

struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKeys([redacted])")
    }
}

impl JwtKeys {
    pub fn new(secret: &SecretString) -> Self {
        let bytes = secret.expose_secret().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "sub", "iss"]);
        Self(Arc::new(Keys {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
            validation,
        }))
    }

    /// Issues a token valid for `ttl_secs` from `now_secs`.
    pub fn issue(
        &self,
        user: UserId,
        role: Role,
        scope: Scope,
        token_version: i64,
        now_secs: i64,
        ttl_secs: i64,
    ) -> Result<String, TokenError> {
        let claims = AccessClaims {
            sub: user.0.to_string(),
            role: role.as_str().to_owned(),
            scope,
            ver: token_version,
            iat: now_secs,
            exp: now_secs + ttl_secs,
            iss: ISSUER.to_owned(),
            jti: uuid::Uuid::new_v4().simple().to_string(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.0.encoding)
            .map_err(|_| TokenError::Invalid)
    }

    /// A recent-write marker valid until `now_secs + ttl_secs`: while a client sends it
    /// back, its lag-tolerant reads go to the primary (read-your-writes with a replica).
    /// Signed like access tokens, with a subject no access token has, so neither can
    /// stand in for the other.
    pub fn issue_write_marker(&self, now_secs: i64, ttl_secs: i64) -> Result<String, TokenError> {
        let claims = MarkerClaims {
            sub: MARKER_SUBJECT.to_owned(),
            exp: now_secs + ttl_secs,
            iss: ISSUER.to_owned(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.0.encoding)
            .map_err(|_| TokenError::Invalid)
    }

    /// Whether `marker` is a genuine, unexpired recent-write marker (no leeway).
    pub fn verify_write_marker(&self, marker: &str) -> bool {
        let mut validation = self.0.validation.clone();
        validation.leeway = 0;
        validation.sub = Some(MARKER_SUBJECT.to_owned());
        decode::<MarkerClaims>(marker, &self.0.decoding, &validation).is_ok()
    }

    /// Whether claims that [`JwtKeys::verify`] accepted earlier are still unexpired: the
    /// same rule, leeway and clock as `verify`'s own expiry check. For a caller that keeps
    /// verified claims by token and so skips the signature check the next time it sees
    /// the same token.
    pub fn check_unexpired(&self, claims: &AccessClaims) -> Result<(), TokenError> {
        let now = jsonwebtoken::get_current_timestamp();
        let exp = u64::try_from(claims.exp).map_err(|_| TokenError::Invalid)?;
        if exp < now.saturating_sub(self.0.validation.leeway) {
            return Err(TokenError::Expired);
        }
        Ok(())
    }

    /// Verifies signature, algorithm, issuer and expiry (against the system clock).
    pub fn verify(&self, token: &str) -> Result<AccessClaims, TokenError> {
        decode::<AccessClaims>(token, &self.0.decoding, &self.0.validation)
            .map(|d| d.claims)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

    fn keys() -> JwtKeys {
        JwtKeys::new(&SecretString::from(
            "a-test-secret-that-is-long-enough-0123456789",
        ))
    }

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    #[test]
    fn write_markers_are_not_access_tokens_and_expire() {
        let k = keys();
        let marker = k.issue_write_marker(now(), 10).unwrap();
        assert!(k.verify_write_marker(&marker));
        assert!(
            k.verify(&marker).is_err(),
            "a marker is not an access token"
        );
        let access = k
            .issue(UserId(7), Role::Student, Scope::User, 1, now(), 60)
            .unwrap();
        assert!(
            !k.verify_write_marker(&access),
            "an access token is not a marker"
        );
        let expired = k.issue_write_marker(now() - 20, 10).unwrap();
        assert!(!k.verify_write_marker(&expired));
        let other = JwtKeys::new(&SecretString::from(
            "another-secret-that-is-long-enough-012345",
        ));
        assert!(
            !other.verify_write_marker(&marker),
            "signed with another key"
        );
        assert!(!k.verify_write_marker("forged"));
    }

    #[test]
    fn claims_checked_again_expire_as_verify_says() {
        let k = keys();
        let fresh = k.verify(
            &k.issue(UserId(7), Role::Student, Scope::User, 1, now(), 60)
                .unwrap(),
        );
        assert_eq!(k.check_unexpired(&fresh.unwrap()), Ok(()));
        // Within the leeway (5 s) verify still accepts, and so does the later check.
        let mut edge = AccessClaims {
            sub: "7".into(),
            role: "student".into(),
            scope: Scope::User,
            ver: 1,
            iat: now() - 60,
            exp: now() - 2,
            iss: ISSUER.into(),
            jti: String::new(),
        };
        assert_eq!(k.check_unexpired(&edge), Ok(()));
        edge.exp = now() - 30;
        assert_eq!(k.check_unexpired(&edge), Err(TokenError::Expired));
        let token = encode(&Header::new(Algorithm::HS256), &edge, &k.0.encoding).unwrap();
        assert_eq!(
            k.verify(&token),
            Err(TokenError::Expired),
            "the same rule as verify"
        );
        edge.exp = -1;
        assert_eq!(k.check_unexpired(&edge), Err(TokenError::Invalid));
    }

    #[test]
    fn issues_and_verifies() {
        let t = keys()
            .issue(UserId(7), Role::Teacher, Scope::User, 3, now(), 60)
            .unwrap();
        let c = keys().verify(&t).unwrap();
        assert_eq!(c.user_id(), Some(UserId(7)));
        assert_eq!(
            (c.role.as_str(), c.scope, c.ver),
            ("teacher", Scope::User, 3)
        );
        let twin = keys()
            .issue(UserId(7), Role::Teacher, Scope::User, 3, c.iat, 60)
            .unwrap();
        assert_ne!(t, twin, "tokens issued in the same second differ (jti)");
    }

    #[test]
    fn refuses_expired_tampered_foreign_and_unsigned_tokens() {
        let k = keys();
        let expired = k
            .issue(UserId(1), Role::Admin, Scope::User, 0, now() - 3600, 60)
            .unwrap();
        assert_eq!(k.verify(&expired), Err(TokenError::Expired));

        let good = k
            .issue(UserId(1), Role::Student, Scope::User, 0, now(), 60)
            .unwrap();
        let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
        let payload = String::from_utf8(URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
        parts[1] = URL_SAFE_NO_PAD.encode(payload.replace("student", "admin"));
        assert_eq!(k.verify(&parts.join(".")), Err(TokenError::Invalid));

        let other = JwtKeys::new(&SecretString::from(
            "another-secret-entirely-0123456789abcdef",
        ));
        let foreign = other
            .issue(UserId(1), Role::Admin, Scope::Admin, 0, now(), 60)
            .unwrap();
        assert_eq!(k.verify(&foreign), Err(TokenError::Invalid));

        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
        let unsigned = format!("{header}.{}.", parts[1]);
        assert_eq!(k.verify(&unsigned), Err(TokenError::Invalid));
    }
}
