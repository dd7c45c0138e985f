use std::{fmt, str::FromStr};

/// What a user may do. Ordered by privilege only for display; permissions are explicit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Student,
    Teacher,
    Producer,
    Admin,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be one of student, teacher, producer, admin")]
pub struct RoleError;

impl Role {
    pub const ALL: [Role; 4] = [Role::Student, Role::Teacher, Role::Producer, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Student => "student",
            Role::Teacher => "teacher",
            Role::Producer => "producer",
            Role::Admin => "admin",
        }
    }

    /// Producers and admins run the platform: they moderate and publish.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Producer | Role::Admin)
    }
}

impl FromStr for Role {
    type Err = RoleError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or(RoleError)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        assert_eq!("root".parse::<Role>(), Err(RoleError));
    }
}
