use std::sync::Arc;

use argon2::{
    password_hash::{
        rand_core::OsRng, PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString,
    },
    Algorithm, Argon2, Params, Version,
};
use practicum_domain::identity::PlainPassword;
use tokio::sync::Semaphore;

/// Argon2id cost. The defaults are OWASP's minimum recommendation (19 MiB, 2 passes, 1 lane).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashCost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for HashCost {
    fn default() -> Self {
        Self {
            memory_kib: 19 * 1024,
            iterations: 2,
            parallelism: 1,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("invalid hashing parameters: {0}")]
    Params(String),
    #[error("hashing failed: {0}")]
    Hash(String),
    #[error("the hashing task was cancelled")]
    Cancelled,
}

/// The outcome of checking a password against a stored hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verified {
    No,
    Yes,
    /// Correct, but the stored hash is legacy (bcrypt) or weaker than the current cost:
    /// the caller should store the provided new argon2id hash.
    YesRehash(String),
}

/// Hashes and verifies passwords on the blocking pool, at most `max_concurrency` at once.
#[derive(Clone)]
pub struct PasswordHasher {
    params: Params,
    permits: Arc<Semaphore>,
    /// A real hash of a random password, verified when the account does not exist so that
    /// "unknown e-mail" costs as much time as "wrong password".
    dummy_hash: Arc<String>,
}

impl std::fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordHasher")
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

impl PasswordHasher {
    pub fn new(cost: HashCost, max_concurrency: usize) -> Result<Self, PasswordError> {
        let params = Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None)
            .map_err(|e| PasswordError::Params(e.to_string()))?;
        let dummy = hash_sync(&params, "dummy password that nobody has")?;
        Ok(Self {
            params,
            permits: Arc::new(Semaphore::new(max_concurrency.max(1))),
            dummy_hash: Arc::new(dummy),
        })
    }

    /// Hashes a new password with argon2id and a random salt (PHC string format).
    pub async fn hash(&self, password: &PlainPassword) -> Result<String, PasswordError> {
        let params = self.params.clone();
        let pw = password.expose().to_owned();
        self.blocking(move || hash_sync(&params, &pw)).await?
    }

    /// Verifies `password` against `stored` (argon2id, or bcrypt `$2a$/$2b$/$2y$` from the
    /// services Practicum replaces). Malformed hashes verify as `No`, never as an error.
    pub async fn verify(
        &self,
        password: &PlainPassword,
        stored: &str,
    ) -> Result<Verified, PasswordError> {
        let params = self.params.clone();
        let pw = password.expose().to_owned();
        let stored = stored.to_owned();
        self.blocking(move || verify_sync(&params, &pw, &stored))
            .await?
    }

    /// Spends the same time as a real verification, for accounts that do not exist.
    pub async fn verify_dummy(&self, password: &PlainPassword) -> Result<(), PasswordError> {
        let dummy = self.dummy_hash.as_str().to_owned();
        self.verify(password, &dummy).await.map(|_| ())
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PasswordError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| PasswordError::Cancelled)?;
        tokio::task::spawn_blocking(f)
            .await
            .map_err(|_| PasswordError::Cancelled)
    }
}

fn argon(params: &Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
}

fn hash_sync(params: &Params, password: &str) -> Result<String, PasswordError> {
    let salt = SaltString::generate(&mut OsRng);
    argon(params)
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

fn verify_sync(params: &Params, password: &str, stored: &str) -> Result<Verified, PasswordError> {
    if stored.starts_with("$2a$") || stored.starts_with("$2b$") || stored.starts_with("$2y$") {
        // bcrypt only looks at the first 72 bytes; the Python services did the same.
        return match bcrypt::verify(password, stored) {
            Ok(true) => Ok(Verified::YesRehash(hash_sync(params, password)?)),
            _ => Ok(Verified::No),
        };
    }
    let Ok(parsed) = PasswordHash::new(stored) else {
        return Ok(Verified::No);
    };
    if argon(params)
        .verify_password(password.as_bytes(), &parsed)
        .is_err()
    {
        return Ok(Verified::No);
    }
    let current = Params::try_from(&parsed).ok();
    let weaker = parsed.algorithm.as_str() != "argon2id"
        || current.is_none_or(|p| p.m_cost() < params.m_cost() || p.t_cost() < params.t_cost());
    if weaker {
        Ok(Verified::YesRehash(hash_sync(params, password)?))
    } else {
        Ok(Verified::Yes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> PasswordHasher {
        PasswordHasher::new(
            HashCost {
                memory_kib: 1024,
                iterations: 1,
                parallelism: 1,
            },
            2,
        )
        .unwrap()
    }

    #[tokio::test]
    async fn argon2id_round_trip() {
        let h = cheap();
        let pw = PlainPassword::for_login("correct horse");
        let stored = h.hash(&pw).await.unwrap();
        assert!(stored.starts_with("$argon2id$v=19$m=1024,t=1,p=1$"));
        assert_eq!(h.verify(&pw, &stored).await.unwrap(), Verified::Yes);
        let wrong = PlainPassword::for_login("wrong horse");
        assert_eq!(h.verify(&wrong, &stored).await.unwrap(), Verified::No);
        assert_eq!(h.verify(&pw, "garbage").await.unwrap(), Verified::No);
    }

    #[tokio::test]
    async fn bcrypt_hashes_verify_and_ask_for_an_upgrade() {
        let h = cheap();
        let legacy = bcrypt::hash("legacy-pass-1", 4).unwrap();
        let pw = PlainPassword::for_login("legacy-pass-1");
        match h.verify(&pw, &legacy).await.unwrap() {
            Verified::YesRehash(new) => assert!(new.starts_with("$argon2id$")),
            other => panic!("expected a rehash, got {other:?}"),
        }
        let wrong = PlainPassword::for_login("legacy-pass-2");
        assert_eq!(h.verify(&wrong, &legacy).await.unwrap(), Verified::No);
    }

    #[tokio::test]
    async fn weaker_argon2_hashes_are_upgraded() {
        let weak = cheap();
        let strong = PasswordHasher::new(
            HashCost {
                memory_kib: 2048,
                iterations: 2,
                parallelism: 1,
            },
            2,
        )
        .unwrap();
        let pw = PlainPassword::for_login("some password");
        let stored = weak.hash(&pw).await.unwrap();
        assert!(matches!(
            strong.verify(&pw, &stored).await.unwrap(),
            Verified::YesRehash(_)
        ));
    }
}
