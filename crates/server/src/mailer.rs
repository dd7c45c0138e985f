//! The SMTP transport of the e-mail outbox (lettre). Plain SMTP to a relay: the TLS
//! features are left out so the build stays small and offline-friendly; run a local relay
//! (or a sidecar) that speaks TLS to the outside world.

use lettre::{
    message::{header::ContentType, Mailbox},
    transport::smtp::authentication::Credentials,
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};
use practicum_app::ports::{BoxFuture, Mailer};

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    /// `url`: `smtp://[user:password@]host[:port]`.
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let target = parse_smtp_url(url).map_err(|e| anyhow::anyhow!("invalid SMTP_URL: {e}"))?;
        let mut builder =
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&target.host).port(target.port);
        if let Some((user, password)) = target.credentials {
            builder = builder.credentials(Credentials::new(user, password));
        }
        let transport = builder.build();
        let from = from
            .parse()
            .map_err(|e| anyhow::anyhow!("invalid SMTP_FROM: {e}"))?;
        Ok(Self { transport, from })
    }
}

impl Mailer for SmtpMailer {
    fn send<'a>(
        &'a self,
        to: &'a str,
        subject: &'a str,
        body: &'a str,
    ) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            let to: Mailbox = to.parse().map_err(|e| format!("bad recipient {to}: {e}"))?;
            let message = Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(subject)
                .header(ContentType::TEXT_PLAIN)
                .body(body.to_owned())
                .map_err(|e| format!("building the message: {e}"))?;
            self.transport
                .send(message)
                .await
                .map(drop)
                .map_err(|e| format!("SMTP: {e}"))
        })
    }
}

#[derive(Debug, PartialEq, Eq)]
struct SmtpTarget {
    host: String,
    port: u16,
    credentials: Option<(String, String)>,
}

/// `smtp://[user[:password]@]host[:port]` (port 25 by default).
fn parse_smtp_url(url: &str) -> Result<SmtpTarget, String> {
    let rest = url
        .strip_prefix("smtp://")
        .ok_or("only smtp:// is supported (no TLS in this build)")?;
    let rest = rest.trim_end_matches('/');
    let (userinfo, hostport) = match rest.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, rest),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().map_err(|_| format!("bad port {p}"))?),
        None => (hostport, 25),
    };
    if host.is_empty() {
        return Err("no host".into());
    }
    let credentials = userinfo.map(|u| match u.split_once(':') {
        Some((user, password)) => (user.to_owned(), password.to_owned()),
        None => (u.to_owned(), String::new()),
    });
    Ok(SmtpTarget {
        host: host.to_owned(),
        port,
        credentials,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls() {
        assert_eq!(
            parse_smtp_url("smtp://u:p@mail.local:2525").unwrap(),
            SmtpTarget {
                host: "mail.local".into(),
                port: 2525,
                credentials: Some(("u".into(), "p".into()))
            }
        );
        assert_eq!(parse_smtp_url("smtp://relay").unwrap().port, 25);
        assert!(parse_smtp_url("smtps://relay").is_err());
        assert!(parse_smtp_url("smtp://relay:x").is_err());
    }
}
