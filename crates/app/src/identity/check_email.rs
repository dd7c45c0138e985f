use practicum_domain::identity::Email;
use practicum_store::identity::users;

use crate::{App, AppError};

impl App {
    /// Whether an account uses this e-mail (for sign-up forms). Rate limited by `api`.
    pub async fn check_email(&self, email: &str) -> Result<bool, AppError> {
        let email = Email::parse(email)
            .map_err(|e| practicum_domain::FieldErrors::single("email", e.to_string()))?;
        let mut conn = self.db.read().await?;
        Ok(users::email_exists(&mut conn, &email.normalized()).await?)
    }
}
