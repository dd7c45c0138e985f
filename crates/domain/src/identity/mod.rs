//! Identity: who a user is and what they may do.

mod email;
mod password;
mod profile;
mod role;
mod user;

pub use email::{Email, EmailError};
pub use password::{PasswordError, PlainPassword};
pub use profile::{Bio, Phone, ProfileError, Slug, SocialLinks};
pub use role::{Role, RoleError};
pub use user::{FullName, NameError, UserId, Username};
