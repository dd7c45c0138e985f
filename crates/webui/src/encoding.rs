//! `Accept-Encoding` negotiation between the precompressed siblings of a file.

use axum::http::{header, HeaderMap};

/// A stored representation of a file: its suffix in the bundle and its `Content-Encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Brotli,
    Gzip,
}

impl Coding {
    /// In order of preference when the client weighs them alike (brotli is smaller).
    pub const PREFERRED: [Coding; 2] = [Coding::Brotli, Coding::Gzip];

    pub fn suffix(self) -> &'static str {
        match self {
            Self::Brotli => ".br",
            Self::Gzip => ".gz",
        }
    }

    pub fn content_encoding(self) -> &'static str {
        match self {
            Self::Brotli => "br",
            Self::Gzip => "gzip",
        }
    }

    fn names(self) -> &'static [&'static str] {
        match self {
            Self::Brotli => &["br"],
            Self::Gzip => &["gzip", "x-gzip"],
        }
    }
}

/// The client's weight (`q`, 0.0..=1.0) for `coding` per RFC 9110 §12.5.3: the coding's
/// own entry, else the `*` entry, else 0 (not acceptable). Several headers are one list.
pub fn weight(headers: &HeaderMap, coding: Coding) -> f32 {
    let mut own = None;
    let mut any = None;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            if name.is_empty() {
                continue;
            }
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .map_or(1.0, |q| q.clamp(0.0, 1.0));
            if coding.names().iter().any(|n| n.eq_ignore_ascii_case(name)) {
                own = Some(own.map_or(q, |o: f32| o.max(q)));
            } else if name == "*" {
                any = Some(q);
            }
        }
    }
    own.or(any).unwrap_or(0.0)
}

/// The acceptable coding with the highest weight among those `available`, ties going to
/// the preferred one; `None` means the identity (uncompressed) representation.
pub fn choose(headers: &HeaderMap, available: impl Fn(Coding) -> bool) -> Option<Coding> {
    let mut best: Option<(Coding, f32)> = None;
    for coding in Coding::PREFERRED {
        let q = weight(headers, coding);
        if q > 0.0 && available(coding) && best.is_none_or(|(_, b)| q > b) {
            best = Some((coding, q));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        h
    }

    #[test]
    fn brotli_wins_when_both_are_accepted_alike() {
        let h = accept("gzip, deflate, br, zstd");
        assert_eq!(choose(&h, |_| true), Some(Coding::Brotli));
    }

    #[test]
    fn q_values_are_honoured() {
        assert_eq!(
            choose(&accept("br;q=0.5, gzip;q=0.9"), |_| true),
            Some(Coding::Gzip)
        );
        assert_eq!(
            choose(&accept("br;q=0, gzip"), |_| true),
            Some(Coding::Gzip)
        );
        assert_eq!(choose(&accept("br;q=0, gzip;q=0"), |_| true), None);
        assert_eq!(
            choose(&accept("BR ; Q=0.1"), |_| true),
            Some(Coding::Brotli)
        );
    }

    #[test]
    fn the_wildcard_covers_what_is_not_named() {
        assert_eq!(choose(&accept("*"), |_| true), Some(Coding::Brotli));
        assert_eq!(choose(&accept("br;q=0, *"), |_| true), Some(Coding::Gzip));
        assert_eq!(choose(&accept("*;q=0"), |_| true), None);
    }

    #[test]
    fn only_stored_variants_are_chosen() {
        let h = accept("br, gzip");
        assert_eq!(choose(&h, |c| c == Coding::Gzip), Some(Coding::Gzip));
        assert_eq!(choose(&h, |_| false), None);
    }

    #[test]
    fn no_header_or_identity_means_uncompressed() {
        assert_eq!(choose(&HeaderMap::new(), |_| true), None);
        assert_eq!(choose(&accept("identity"), |_| true), None);
        assert_eq!(choose(&accept("x-gzip"), |_| true), Some(Coding::Gzip));
    }
}
