//! DL3011: EXPOSE of a port number no TCP or UDP socket can have.

use crate::dockerfile::{Args, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct Dl3011;

static META: RuleMeta = rule_meta! {
    id: "DL3011",
    aliases: &[],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "EXPOSE port outside 0–65535",
    why:
        "Ports are 16-bit numbers: anything above 65535 cannot be listened on or published, so the \
EXPOSE documents something impossible (usually a typo such as `80800`). Both ends of a range \
(`8000-8010`) are checked; a protocol suffix (`/tcp`, `/udp`) is ignored. Words with variables \
(`$PORT`) are skipped because their value is only known at build time, and `host:container` \
mappings are left to ExposeInvalidFormat.",
    bad: "FROM nginx:1.27\nEXPOSE 80800\n",
    good: "FROM nginx:1.27\nEXPOSE 8080 9000-9010/udp\n",
    has_fix: false,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3011"],
};

/// Whether a number written in decimal digits fits a port.
fn in_range(digits: &str) -> bool {
    digits.parse::<u32>().map(|p| p <= 65535).unwrap_or(false)
}

/// The out-of-range numbers of one EXPOSE word, or `None` when the word is not a plain port spec.
fn bad_ports(word: &str) -> Option<Vec<&str>> {
    let port = word.split_once('/').map(|(p, _)| p).unwrap_or(word);
    let parts: Vec<&str> = match port.split_once('-') {
        Some((lo, hi)) => vec![lo, hi],
        None => vec![port],
    };
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    Some(parts.into_iter().filter(|p| !in_range(p)).collect())
}

impl Rule for Dl3011 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for ins in cx.dockerfile.instructions() {
            if ins.keyword() != Keyword::Expose {
                continue;
            }
            let Args::Words(words) = &ins.command.args else {
                continue;
            };
            for w in words {
                let text = crate::dockerfile::words::unquote(&w.text, cx.dockerfile.escape);
                if text.contains('$') {
                    continue;
                }
                let Some(bad) = bad_ports(&text) else {
                    continue;
                };
                if let Some(first) = bad.first() {
                    let place = if *first == text {
                        String::new()
                    } else {
                        format!(" (in `{text}`)")
                    };
                    out.push(Diagnostic::new(
                        w.span,
                        format!("port {first}{place} is out of range; ports go from 0 to 65535"),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl3011;
    use crate::rules::run;

    #[test]
    fn ranges_protocols_and_variables() {
        assert_eq!(run(&Dl3011, "FROM a:1\nEXPOSE 65536\n").len(), 1);
        assert!(run(&Dl3011, "FROM a:1\nEXPOSE 0 65535 80/tcp 53/udp\n").is_empty());
        let d = run(&Dl3011, "FROM a:1\nEXPOSE 8000-80100/tcp\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("80100"));
        assert!(run(&Dl3011, "FROM a:1\nEXPOSE 8000-8010\n").is_empty());
        assert!(run(&Dl3011, "FROM a:1\nEXPOSE $PORT ${P:-99999}\n").is_empty());
        assert!(
            run(&Dl3011, "FROM a:1\nEXPOSE 8080:80\n").is_empty(),
            "left to ExposeInvalidFormat"
        );
        assert_eq!(
            run(&Dl3011, "FROM a:1\nEXPOSE 99999999999999999999\n").len(),
            1,
            "overflow is out of range"
        );
        assert_eq!(run(&Dl3011, "FROM a:1\nEXPOSE \"70000\"\n").len(), 1);
    }
}
