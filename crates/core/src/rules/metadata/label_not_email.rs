//! DL3058: an `email` label whose value is not an email address.

use super::common::LabelType;
use crate::rules::{Category, RuleMeta, Severity};

label_rule!(
    DL3058, DL3058_META, "DL3058", "email", "an email address such as `ops@example.com`", is_email, suggest_email,
    "Label is not an email address",
    "An `email` label must be a bare RFC 5322 address (`local@domain`; a quoted local part or a `[literal]` domain is allowed), not a name with the address in angle brackets. Use `org.opencontainers.image.authors` for free-form author lists.",
    "org.example.contact", "\"Ops Team <ops@example.com>\"", "\"ops@example.com\""
);

/// `Ops Team <ops@example.com>` or `mailto:ops@example.com` → `ops@example.com`.
pub(super) fn suggest_email(s: &str) -> Option<String> {
    if let Some(rest) = s.strip_prefix("mailto:") {
        return Some(rest.to_string());
    }
    let open = s.rfind('<')?;
    let close = s[open..].find('>')? + open;
    s[close + 1..]
        .trim()
        .is_empty()
        .then(|| s[open + 1..close].trim().to_string())
}

fn atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c)
}

fn dot_atom(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(|a| !a.is_empty() && a.chars().all(atext))
}

pub(super) fn is_email(s: &str) -> bool {
    let Some(at) = s.rfind('@') else { return false };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    let local_ok = if let Some(q) = local.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
        let mut chars = q.chars();
        let mut ok = true;
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    ok &= chars
                        .next()
                        .is_some_and(|n| n.is_ascii() && !n.is_ascii_control() || n == '\t')
                }
                '"' => ok = false,
                c => ok &= c == ' ' || c == '\t' || (c.is_ascii_graphic()),
            }
        }
        ok
    } else {
        dot_atom(local)
    };
    let domain_ok = if let Some(lit) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        lit.chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '[' | ']' | '\\'))
    } else {
        dot_atom(domain)
    };
    local_ok && domain_ok && local.len() <= 64 && domain.len() <= 255
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for ok in [
            "a@b.c",
            "a@localhost",
            "first.last+tag@example.co.uk",
            "\"a b\"@x.org",
            "a@[1.2.3.4]",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "A <a@b.c>",
            "a..b@x.org",
            "a@",
            "@b.c",
            "a@b..c",
            "no-at-sign",
            ".a@b.c",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
