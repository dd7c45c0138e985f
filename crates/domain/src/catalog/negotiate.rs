//! Choosing the language of translated content from an `Accept-Language` header.

/// The language to answer in: the client's most preferred language (by q-value, then
/// order) that `available` has, matching a range exactly or by its primary subtag
/// (`pt` takes `pt-BR`, `pt-BR` takes `pt`); `default` when nothing matches, for `*`,
/// and when the header is missing or unreadable. Ranges with `q=0` are never chosen.
pub fn negotiate_language(accept: Option<&str>, available: &[&str], default: &str) -> String {
    let Some(accept) = accept else {
        return default.to_owned();
    };
    let mut ranges: Vec<(String, f32, usize)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim().to_ascii_lowercase();
            if tag.is_empty() {
                return None;
            }
            let mut q = 1.0f32;
            for param in pieces {
                if let Some(v) = param.trim().strip_prefix("q=") {
                    q = v
                        .trim()
                        .parse()
                        .ok()
                        .filter(|q: &f32| (0.0..=1.0).contains(q))?;
                }
            }
            (q > 0.0).then_some((tag, q, i))
        })
        .collect();
    ranges.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
    let primary = |t: &str| t.split('-').next().unwrap_or("").to_owned();
    for (range, _, _) in &ranges {
        if range == "*" {
            return default.to_owned();
        }
        if let Some(found) = available.iter().find(|a| a.eq_ignore_ascii_case(range)) {
            return (*found).to_owned();
        }
        if let Some(found) = available
            .iter()
            .find(|a| primary(&a.to_ascii_lowercase()) == primary(range))
        {
            return (*found).to_owned();
        }
    }
    default.to_owned()
}

#[cfg(test)]
mod tests {
    use super::negotiate_language as n;

    #[test]
    fn q_values_order_and_fallback() {
        let avail = ["en", "de", "pt-BR"];
        assert_eq!(n(None, &avail, "en"), "en");
        assert_eq!(n(Some("de"), &avail, "en"), "de");
        assert_eq!(n(Some("fr, de;q=0.5"), &avail, "en"), "de");
        assert_eq!(n(Some("de;q=0.4, pt;q=0.8"), &avail, "en"), "pt-BR");
        assert_eq!(n(Some("DE-at"), &avail, "en"), "de");
        assert_eq!(n(Some("fr"), &avail, "en"), "en");
        assert_eq!(n(Some("de;q=0, fr"), &avail, "en"), "en");
        assert_eq!(n(Some("*;q=0.9, de;q=0.1"), &avail, "en"), "en");
        assert_eq!(n(Some("de;q=abc"), &avail, "en"), "en");
        assert_eq!(n(Some(""), &avail, "en"), "en");
    }
}
