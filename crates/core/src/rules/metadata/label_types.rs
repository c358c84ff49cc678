//! DL3052 / DL3053 / DL3054 / DL3055 / DL3056 / DL3058: label values against the type the label
//! schema gives them (`url`, `rfc3339`, `spdx`, `hash`, `semver`, `email`).

use super::common::all_labels;
use crate::diagnostics::Fix;
use crate::rules::{dockerfile_quote, Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct LabelType {
    /// The schema type this rule checks, as written in `label-schema`.
    ty: &'static str,
    /// What a valid value is, for the message.
    expected: &'static str,
    valid: fn(&str) -> bool,
    /// The value probably meant, for values that are a known near miss of the type.
    suggest: fn(&str) -> Option<String>,
    meta: &'static RuleMeta,
}

/// The part of the docs all typed-label rules share.
macro_rules! common_docs {
    () => {
        "The label schema (`label-schema` in `.hadolint.yaml`, or `--require-label name:type`) \
gives some labels a type; a value that does not parse as that type is reported, since whatever \
consumes the label (a registry UI, an SBOM generator, a release script) will misread or reject it. \
Values are checked after shell quotes are removed. Values that use variables are only known at \
build time and are not checked (hadolint reports them and recommends the type `text` for such \
labels), and empty values are left to DL3051.\n\n\
Where the value is a recognisable near miss, the fix rewrites it (as a double-quoted value). The fix \
is unsafe because the image's metadata changes, and whatever reads the label sees the new text."
    };
}

macro_rules! label_rule {
    ($stat:ident, $meta:ident, $id:literal, $ty:literal, $expected:literal, $valid:path, $suggest:path, $summary:literal, $why:literal, $key:literal, $bad:literal, $good:literal) => {
        static $meta: RuleMeta = RuleMeta {
            id: $id,
            aliases: &[],
            severity: Severity::Warning,
            category: Category::Style,
            enabled_by_default: true,
            summary: $summary,
            why: concat!($why, "\n\n", common_docs!()),
            bad: concat!("FROM alpine:3.20\nLABEL ", $key, "=", $bad, "\n"),
            good: concat!("FROM alpine:3.20\nLABEL ", $key, "=", $good, "\n"),
            has_fix: true,
            files: &[(
                ".hadolint.yaml",
                concat!("label-schema:\n  ", $key, ": ", $ty, "\n"),
            )],
            references: &[concat!("https://github.com/hadolint/hadolint/wiki/", $id)],
        };
        pub static $stat: LabelType = LabelType {
            ty: $ty,
            expected: $expected,
            valid: $valid,
            suggest: $suggest,
            meta: &$meta,
        };
    };
}

label_rule!(
    DL3052, DL3052_META, "DL3052", "url", "an absolute URL such as `https://example.com/repo`", is_url, suggest_url,
    "Label is not a valid URL",
    "A `url` label (typically `org.opencontainers.image.source`) must be an absolute URL: a scheme (`https:`, `git:`, `mailto:`) followed by characters URLs allow (spaces must be escaped as `%20`). A bare host such as `example.com` or a relative path is reported.",
    "org.opencontainers.image.source", "\"github.com/example/app\"", "\"https://github.com/example/app\""
);
label_rule!(
    DL3053, DL3053_META, "DL3053", "rfc3339", "an RFC 3339 time such as `2024-05-01T12:00:00Z`", is_rfc3339, suggest_rfc3339,
    "Label is not an RFC 3339 time",
    "An `rfc3339` label (typically `org.opencontainers.image.created`) must be a full RFC 3339 timestamp: date, `T`, time with seconds, optional fraction, and `Z` or a `+hh:mm` offset, with a real calendar date. Unlike hadolint (whose parser accepts `+0100`), the offset must have its colon, as RFC 3339 requires. Such labels are usually filled from a build argument (`$BUILD_DATE`), which is not checked.",
    "org.opencontainers.image.created", "\"2024-05-01 12:00:00+0200\"", "\"2024-05-01T12:00:00+02:00\""
);
label_rule!(
    DL3054, DL3054_META, "DL3054", "spdx", "an SPDX license identifier or expression such as `Apache-2.0` or `MIT OR Apache-2.0`", is_spdx, suggest_spdx,
    "Label is not an SPDX license",
    "An `spdx` label (typically `org.opencontainers.image.licenses`) must name licenses the way SPDX does, so that scanners and SBOM tools can read it. shipshape knows the common SPDX license and exception identifiers (compared without regard to case, as SPDX specifies), `LicenseRef-...` and `DocumentRef-...:LicenseRef-...` custom licenses, a trailing `+`, and expressions with `AND`, `OR`, `WITH` and parentheses. hadolint accepts a single listed identifier only, so `MIT OR Apache-2.0` or `LicenseRef-Proprietary` pass here and fail there; conversely a rare identifier missing from shipshape's list is reported.",
    "org.opencontainers.image.licenses", "\"Apache 2\"", "\"MIT OR Apache-2.0\""
);
label_rule!(
    DL3055, DL3055_META, "DL3055", "hash", "a git commit hash (7 to 40 lowercase hex digits, or 64 for SHA-256)", is_git_hash, suggest_git_hash,
    "Label is not a git hash",
    "A `hash` label (typically `org.opencontainers.image.revision`) must be a git commit id in lowercase hexadecimal: the full 40 digits, an abbreviation of at least 7, or 64 digits for repositories using SHA-256. hadolint accepts exactly 7 or 40 digits; shipshape also accepts the lengths in between (git abbreviates to more than 7 digits in large repositories) and 64.",
    "org.opencontainers.image.revision", "\"4F2A9C1E\"", "\"4f2a9c1e\""
);
label_rule!(
    DL3056, DL3056_META, "DL3056", "semver", "a semantic version such as `1.4.2` or `2.0.0-rc.1`", is_semver, suggest_semver,
    "Label is not a semantic version",
    "A `semver` label (typically `org.opencontainers.image.version`) must follow Semantic Versioning 2.0.0: `MAJOR.MINOR.PATCH`, optionally `-prerelease` and `+build`, with no leading zeros and no `v` prefix. shipshape follows the specification strictly, so it also reports `01.2.3` and `1.2.3-`, which hadolint's parser lets through.",
    "org.opencontainers.image.version", "\"v1.4\"", "\"1.4.0\""
);
label_rule!(
    DL3058, DL3058_META, "DL3058", "email", "an email address such as `ops@example.com`", is_email, suggest_email,
    "Label is not an email address",
    "An `email` label must be a bare RFC 5322 address (`local@domain`; a quoted local part or a `[literal]` domain is allowed), not a name with the address in angle brackets. Use `org.opencontainers.image.authors` for free-form author lists.",
    "org.example.contact", "\"Ops Team <ops@example.com>\"", "\"ops@example.com\""
);

impl Rule for LabelType {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let typed: Vec<&String> = cx
            .config
            .label_schema
            .iter()
            .filter(|(_, t)| t.trim().eq_ignore_ascii_case(self.ty))
            .map(|(k, _)| k)
            .collect();
        if typed.is_empty() {
            return;
        }
        for l in all_labels(cx) {
            if !typed.contains(&&l.key)
                || l.dynamic
                || l.value.trim().is_empty()
                || (self.valid)(&l.value)
            {
                continue;
            }
            let mut d = Diagnostic::new(
                l.pair.value.span,
                format!(
                    "label `{}` is `{}`, which is not {}",
                    l.key, l.value, self.expected
                ),
            );
            let written = l.pair.value.span.slice(cx.text);
            if let Some(new) = (self.suggest)(l.value.trim()).filter(|n| (self.valid)(n)) {
                if !written.contains(['\n', '\r']) && !written.is_empty() {
                    d = d.with_fix(Fix::unsafe_(
                        format!("Write `{new}`"),
                        vec![TextEdit::new(l.pair.value.span, dockerfile_quote(&new))],
                    ));
                }
            }
            out.push(d);
        }
    }
}

/// `github.com/a/b` → `https://github.com/a/b`: a host name with a dot, no scheme.
fn suggest_url(s: &str) -> Option<String> {
    let host = s.split('/').next()?;
    let hostlike = host.contains('.')
        && !host.starts_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
    (hostlike && !s.contains("://")).then(|| format!("https://{s}"))
}

/// Common near misses of RFC 3339: a space for `T`, no seconds, an offset without its colon.
/// A time without any zone is not guessed.
fn suggest_rfc3339(s: &str) -> Option<String> {
    let (date, time) = s.split_once(['T', 't', ' '])?;
    let time = time.trim();
    let zone_at = time.rfind(['Z', 'z', '+', '-']).filter(|&p| p >= 4)?;
    let (clock, zone) = time.split_at(zone_at);
    let clock = if clock.len() == 5 {
        format!("{clock}:00")
    } else {
        clock.to_string()
    };
    let zone = match zone.len() {
        5 if zone[1..].bytes().all(|b| b.is_ascii_digit()) => {
            format!("{}:{}", &zone[..3], &zone[3..])
        }
        3 if zone[1..].bytes().all(|b| b.is_ascii_digit()) => format!("{zone}:00"),
        _ => zone.to_ascii_uppercase(),
    };
    Some(format!("{date}T{clock}{zone}"))
}

/// License names people write for the common licenses, and their SPDX identifiers.
const SPDX_NEAR_MISSES: &[(&str, &str)] = &[
    ("apache 2", "Apache-2.0"),
    ("apache 2.0", "Apache-2.0"),
    ("apache-2", "Apache-2.0"),
    ("apache2", "Apache-2.0"),
    ("apache v2", "Apache-2.0"),
    ("apache license 2.0", "Apache-2.0"),
    ("apache license, version 2.0", "Apache-2.0"),
    ("apache license version 2.0", "Apache-2.0"),
    ("asl 2.0", "Apache-2.0"),
    ("mit license", "MIT"),
    ("the mit license", "MIT"),
    ("expat", "MIT"),
    ("bsd 3-clause", "BSD-3-Clause"),
    ("bsd-3", "BSD-3-Clause"),
    ("3-clause bsd", "BSD-3-Clause"),
    ("new bsd", "BSD-3-Clause"),
    ("bsd 2-clause", "BSD-2-Clause"),
    ("bsd-2", "BSD-2-Clause"),
    ("2-clause bsd", "BSD-2-Clause"),
    ("simplified bsd", "BSD-2-Clause"),
    ("mpl 2.0", "MPL-2.0"),
    ("mpl-2", "MPL-2.0"),
    ("mplv2", "MPL-2.0"),
    ("mozilla public license 2.0", "MPL-2.0"),
    ("isc license", "ISC"),
];

fn suggest_spdx(s: &str) -> Option<String> {
    let l = s.trim().to_ascii_lowercase();
    SPDX_NEAR_MISSES
        .iter()
        .find(|(k, _)| *k == l)
        .map(|(_, v)| v.to_string())
}

/// Upper-case hex: the same commit written in git's form.
fn suggest_git_hash(s: &str) -> Option<String> {
    Some(s.to_ascii_lowercase())
}

/// `v1.4.2` → `1.4.2`, `1.4` → `1.4.0`.
fn suggest_semver(s: &str) -> Option<String> {
    let core = s.strip_prefix(['v', 'V']).unwrap_or(s);
    let parts: Vec<&str> = core.split('.').collect();
    let numeric = parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if numeric && parts.len() < 3 {
        let mut out = core.to_string();
        for _ in parts.len()..3 {
            out.push_str(".0");
        }
        return Some(out);
    }
    Some(core.to_string())
}

/// `Ops Team <ops@example.com>` or `mailto:ops@example.com` → `ops@example.com`.
fn suggest_email(s: &str) -> Option<String> {
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

fn is_url(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok || rest.is_empty() || rest.matches('#').count() > 1 {
        return false;
    }
    let b = rest.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            {
                return false;
            }
            i += 3;
            continue;
        }
        let allowed = c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&c);
        if !allowed {
            return false;
        }
        i += 1;
    }
    true
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn is_rfc3339(s: &str) -> bool {
    let Some((date, time)) = s.split_once(['T', 't']) else {
        return false;
    };
    let d: Vec<&str> = date.split('-').collect();
    let [y, m, day] = d[..] else { return false };
    let (Some(y), Some(m), Some(day)) = (digits(y, 4), digits(m, 2), digits(day, 2)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day == 0 || day > days {
        return false;
    }
    let (clock, zone) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
        (c, None)
    } else {
        let Some(p) = time.rfind(['+', '-']) else {
            return false;
        };
        (&time[..p], Some(&time[p + 1..]))
    };
    if let Some(z) = zone {
        let Some((h, mi)) = z.split_once(':') else {
            return false;
        };
        match (digits(h, 2), digits(mi, 2)) {
            (Some(h), Some(mi)) if h <= 23 && mi <= 59 => {}
            _ => return false,
        }
    }
    let (hms, frac) = match clock.split_once('.') {
        Some((a, f)) => (a, Some(f)),
        None => (clock, None),
    };
    if frac.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let t: Vec<&str> = hms.split(':').collect();
    let [h, mi, sec] = t[..] else { return false };
    matches!((digits(h, 2), digits(mi, 2), digits(sec, 2)), (Some(h), Some(mi), Some(sec)) if h <= 23 && mi <= 59 && sec <= 60)
}

fn is_git_hash(s: &str) -> bool {
    let hex = s
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    hex && ((7..=40).contains(&s.len()) || s.len() == 64)
}

fn numeric_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
}

fn ident_chars(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn is_semver(s: &str) -> bool {
    let (rest, build) = match s.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (s, None),
    };
    if build.is_some_and(|b| !b.split('.').all(ident_chars)) {
        return false;
    }
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    if pre.is_some_and(|p| {
        !p.split('.').all(|id| {
            ident_chars(id) && (!id.bytes().all(|b| b.is_ascii_digit()) || numeric_id(id))
        })
    }) {
        return false;
    }
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| numeric_id(p))
}

fn atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c)
}

fn dot_atom(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(|a| !a.is_empty() && a.chars().all(atext))
}

fn is_email(s: &str) -> bool {
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

/// Common SPDX license identifiers (the list is case-insensitive by the SPDX specification).
const SPDX_LICENSES: &[&str] = &[
    "0BSD",
    "AAL",
    "AFL-1.1",
    "AFL-1.2",
    "AFL-2.0",
    "AFL-2.1",
    "AFL-3.0",
    "AGPL-1.0",
    "AGPL-1.0-only",
    "AGPL-1.0-or-later",
    "AGPL-3.0",
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "Apache-1.0",
    "Apache-1.1",
    "Apache-2.0",
    "APSL-1.0",
    "APSL-1.1",
    "APSL-1.2",
    "APSL-2.0",
    "Artistic-1.0",
    "Artistic-1.0-Perl",
    "Artistic-1.0-cl8",
    "Artistic-2.0",
    "Beerware",
    "BitTorrent-1.1",
    "BlueOak-1.0.0",
    "BSD-1-Clause",
    "BSD-2-Clause",
    "BSD-2-Clause-Patent",
    "BSD-2-Clause-Views",
    "BSD-3-Clause",
    "BSD-3-Clause-Clear",
    "BSD-3-Clause-LBNL",
    "BSD-3-Clause-Modification",
    "BSD-4-Clause",
    "BSD-4-Clause-UC",
    "BSD-Source-Code",
    "BSL-1.0",
    "BUSL-1.1",
    "bzip2-1.0.6",
    "CAL-1.0",
    "CATOSL-1.1",
    "CC-BY-1.0",
    "CC-BY-2.0",
    "CC-BY-2.5",
    "CC-BY-3.0",
    "CC-BY-4.0",
    "CC-BY-NC-3.0",
    "CC-BY-NC-4.0",
    "CC-BY-NC-ND-3.0",
    "CC-BY-NC-ND-4.0",
    "CC-BY-NC-SA-3.0",
    "CC-BY-NC-SA-4.0",
    "CC-BY-ND-3.0",
    "CC-BY-ND-4.0",
    "CC-BY-SA-2.0",
    "CC-BY-SA-2.5",
    "CC-BY-SA-3.0",
    "CC-BY-SA-4.0",
    "CC-PDDC",
    "CC0-1.0",
    "CDDL-1.0",
    "CDDL-1.1",
    "CDLA-Permissive-1.0",
    "CDLA-Permissive-2.0",
    "CDLA-Sharing-1.0",
    "CECILL-1.0",
    "CECILL-1.1",
    "CECILL-2.0",
    "CECILL-2.1",
    "CECILL-B",
    "CECILL-C",
    "ClArtistic",
    "CNRI-Python",
    "CPAL-1.0",
    "CPL-1.0",
    "CUA-OPL-1.0",
    "curl",
    "ECL-1.0",
    "ECL-2.0",
    "EFL-1.0",
    "EFL-2.0",
    "Elastic-2.0",
    "Entessa",
    "EPL-1.0",
    "EPL-2.0",
    "ErlPL-1.1",
    "EUDatagrid",
    "EUPL-1.0",
    "EUPL-1.1",
    "EUPL-1.2",
    "Fair",
    "Frameworx-1.0",
    "FSFAP",
    "FSFUL",
    "FSFULLR",
    "FTL",
    "GFDL-1.1",
    "GFDL-1.1-only",
    "GFDL-1.1-or-later",
    "GFDL-1.2",
    "GFDL-1.2-only",
    "GFDL-1.2-or-later",
    "GFDL-1.3",
    "GFDL-1.3-only",
    "GFDL-1.3-or-later",
    "GPL-1.0",
    "GPL-1.0-only",
    "GPL-1.0-or-later",
    "GPL-2.0",
    "GPL-2.0-only",
    "GPL-2.0-or-later",
    "GPL-3.0",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "HPND",
    "ICU",
    "IJG",
    "ImageMagick",
    "Imlib2",
    "Info-ZIP",
    "Intel",
    "IPA",
    "IPL-1.0",
    "ISC",
    "JasPer-2.0",
    "JSON",
    "LAL-1.2",
    "LAL-1.3",
    "LGPL-2.0",
    "LGPL-2.0-only",
    "LGPL-2.0-or-later",
    "LGPL-2.1",
    "LGPL-2.1-only",
    "LGPL-2.1-or-later",
    "LGPL-3.0",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "LGPLLR",
    "Libpng",
    "libpng-2.0",
    "libtiff",
    "LiLiQ-P-1.1",
    "LiLiQ-R-1.1",
    "LiLiQ-Rplus-1.1",
    "Linux-OpenIB",
    "LPL-1.0",
    "LPL-1.02",
    "LPPL-1.3c",
    "MirOS",
    "MIT",
    "MIT-0",
    "MIT-CMU",
    "MIT-Modern-Variant",
    "MIT-advertising",
    "MIT-enna",
    "MIT-feh",
    "MITNFA",
    "Motosoto",
    "MPL-1.0",
    "MPL-1.1",
    "MPL-2.0",
    "MPL-2.0-no-copyleft-exception",
    "MS-PL",
    "MS-RL",
    "MulanPSL-1.0",
    "MulanPSL-2.0",
    "Multics",
    "NASA-1.3",
    "Naumen",
    "NCSA",
    "NGPL",
    "Nokia",
    "NPL-1.0",
    "NPL-1.1",
    "NPOSL-3.0",
    "NTP",
    "OCLC-2.0",
    "ODbL-1.0",
    "ODC-By-1.0",
    "OFL-1.0",
    "OFL-1.1",
    "OGTSL",
    "OLDAP-2.8",
    "OpenSSL",
    "OPL-1.0",
    "OSET-PL-2.1",
    "OSL-1.0",
    "OSL-1.1",
    "OSL-2.0",
    "OSL-2.1",
    "OSL-3.0",
    "PDDL-1.0",
    "PHP-3.0",
    "PHP-3.01",
    "PostgreSQL",
    "PSF-2.0",
    "Python-2.0",
    "Python-2.0.1",
    "QPL-1.0",
    "RPL-1.1",
    "RPL-1.5",
    "RPSL-1.0",
    "RSCPL",
    "Ruby",
    "SGI-B-2.0",
    "SimPL-2.0",
    "SISSL",
    "Sleepycat",
    "SMLNJ",
    "SPL-1.0",
    "SSPL-1.0",
    "TCL",
    "UCL-1.0",
    "Unicode-3.0",
    "Unicode-DFS-2015",
    "Unicode-DFS-2016",
    "Unlicense",
    "UPL-1.0",
    "Vim",
    "VSL-1.0",
    "W3C",
    "W3C-19980720",
    "W3C-20150513",
    "Watcom-1.0",
    "WTFPL",
    "X11",
    "XFree86-1.1",
    "Xnet",
    "YPL-1.1",
    "Zend-2.0",
    "Zlib",
    "zlib-acknowledgement",
    "ZPL-1.1",
    "ZPL-2.0",
    "ZPL-2.1",
];

/// Common SPDX license exception identifiers (after `WITH`).
const SPDX_EXCEPTIONS: &[&str] = &[
    "389-exception",
    "Autoconf-exception-2.0",
    "Autoconf-exception-3.0",
    "Bison-exception-2.2",
    "Bootloader-exception",
    "Classpath-exception-2.0",
    "CLISP-exception-2.0",
    "DigiRule-FOSS-exception",
    "eCos-exception-2.0",
    "Fawkes-Runtime-exception",
    "FLTK-exception",
    "Font-exception-2.0",
    "freertos-exception-2.0",
    "GCC-exception-2.0",
    "GCC-exception-3.1",
    "gnu-javamail-exception",
    "GPL-3.0-linking-exception",
    "GPL-3.0-linking-source-exception",
    "GPL-CC-1.0",
    "i2p-gpl-java-exception",
    "Libtool-exception",
    "Linux-syscall-note",
    "LLVM-exception",
    "LZMA-exception",
    "mif-exception",
    "OCaml-LGPL-linking-exception",
    "OCCT-exception-1.0",
    "OpenJDK-assembly-exception-1.0",
    "openvpn-openssl-exception",
    "PS-or-PDF-font-exception-20170817",
    "Qt-GPL-exception-1.0",
    "Qt-LGPL-exception-1.1",
    "Qwt-exception-1.0",
    "Swift-exception",
    "u-boot-exception-2.0",
    "Universal-FOSS-exception-1.0",
    "WxWindows-exception-3.1",
];

fn custom_ref(s: &str) -> bool {
    let id = |x: &str| {
        !x.is_empty()
            && x.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    };
    let license_ref = |x: &str| x.strip_prefix("LicenseRef-").is_some_and(id);
    match s.split_once(':') {
        Some((doc, lic)) => doc.strip_prefix("DocumentRef-").is_some_and(id) && license_ref(lic),
        None => license_ref(s),
    }
}

fn license(s: &str) -> bool {
    let s = s.strip_suffix('+').unwrap_or(s);
    custom_ref(s) || SPDX_LICENSES.iter().any(|l| l.eq_ignore_ascii_case(s))
}

/// SPDX license expressions: `id[+]`, `LicenseRef-x`, `a WITH exc`, `AND`, `OR`, parentheses.
fn is_spdx(s: &str) -> bool {
    let spaced = s.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut pos = 0;
    expr(&tokens, &mut pos) && pos == tokens.len()
}

fn op(t: Option<&&str>, name: &str) -> bool {
    t.is_some_and(|t| *t == name || *t == name.to_ascii_lowercase())
}

fn expr(t: &[&str], pos: &mut usize) -> bool {
    if !term(t, pos) {
        return false;
    }
    while op(t.get(*pos), "AND") || op(t.get(*pos), "OR") {
        *pos += 1;
        if !term(t, pos) {
            return false;
        }
    }
    true
}

fn term(t: &[&str], pos: &mut usize) -> bool {
    match t.get(*pos) {
        Some(&"(") => {
            *pos += 1;
            if !expr(t, pos) || t.get(*pos) != Some(&")") {
                return false;
            }
            *pos += 1;
            true
        }
        Some(id) if license(id) => {
            *pos += 1;
            if op(t.get(*pos), "WITH") {
                *pos += 1;
                let ok = t
                    .get(*pos)
                    .is_some_and(|e| SPDX_EXCEPTIONS.iter().any(|x| x.eq_ignore_ascii_case(e)));
                *pos += 1;
                return ok;
            }
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::rules::{run, run_with};

    #[test]
    fn near_misses_are_rewritten_into_valid_values() {
        type Case = (
            fn(&str) -> Option<String>,
            fn(&str) -> bool,
            &'static str,
            Option<&'static str>,
        );
        let cases: &[Case] = &[
            (
                suggest_url,
                is_url,
                "github.com/a/b",
                Some("https://github.com/a/b"),
            ),
            (suggest_url, is_url, "my repo", None),
            (suggest_url, is_url, "./src", None),
            (
                suggest_rfc3339,
                is_rfc3339,
                "2024-05-01 12:00:00+0200",
                Some("2024-05-01T12:00:00+02:00"),
            ),
            (
                suggest_rfc3339,
                is_rfc3339,
                "2024-05-01T12:00z",
                Some("2024-05-01T12:00:00Z"),
            ),
            (
                suggest_rfc3339,
                is_rfc3339,
                "2024-05-01 12:00:00.5-05",
                Some("2024-05-01T12:00:00.5-05:00"),
            ),
            (suggest_rfc3339, is_rfc3339, "2024-05-01 12:00", None),
            (
                suggest_rfc3339,
                is_rfc3339,
                "2024-02-30T12:00:00+0200",
                None,
            ),
            (
                suggest_spdx,
                is_spdx,
                "Apache License, Version 2.0",
                Some("Apache-2.0"),
            ),
            (suggest_spdx, is_spdx, "mit license", Some("MIT")),
            (suggest_spdx, is_spdx, "GPLv3", None),
            (suggest_git_hash, is_git_hash, "4F2A9C1E", Some("4f2a9c1e")),
            (suggest_git_hash, is_git_hash, "main", None),
            (suggest_semver, is_semver, "v1.4.2", Some("1.4.2")),
            (suggest_semver, is_semver, "V2", Some("2.0.0")),
            (suggest_semver, is_semver, "1.4", Some("1.4.0")),
            (suggest_semver, is_semver, "v1.4-beta", None),
            (suggest_semver, is_semver, "latest", None),
            (
                suggest_email,
                is_email,
                "Ops Team <ops@example.com>",
                Some("ops@example.com"),
            ),
            (
                suggest_email,
                is_email,
                "mailto:ops@example.com",
                Some("ops@example.com"),
            ),
            (suggest_email, is_email, "<ops@example.com> (team)", None),
            (suggest_email, is_email, "ops at example.com", None),
        ];
        for (suggest, valid, input, want) in cases {
            let got = suggest(input).filter(|n| valid(n));
            assert_eq!(got.as_deref(), *want, "{input}");
        }
    }

    #[test]
    fn the_fix_writes_a_quoted_value() {
        let c = Config {
            label_schema: [(
                "org.opencontainers.image.version".to_string(),
                "semver".to_string(),
            )]
            .into_iter()
            .collect(),
            ..Config::default()
        };
        let src = "FROM a:1\nLABEL org.opencontainers.image.version=v1.2.3 other=x\n";
        let d = run_with(&DL3056, src, &c);
        let out = crate::diagnostics::apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(
            out,
            "FROM a:1\nLABEL org.opencontainers.image.version=\"1.2.3\" other=x\n"
        );
        assert!(run_with(&DL3056, &out, &c).is_empty());
        assert!(run_with(
            &DL3056,
            "FROM a:1\nLABEL org.opencontainers.image.version=latest\n",
            &c
        )[0]
        .fix
        .is_none());
    }

    #[test]
    fn urls() {
        for ok in [
            "https://example.com/x",
            "mailto:a@b.c",
            "git+ssh://git@github.com/a/b.git",
            "https://a.b/c%20d?x=1#f",
            "file:///srv",
        ] {
            assert!(is_url(ok), "{ok}");
        }
        for bad in [
            "example.com",
            "/relative",
            "https://a b",
            "https://x/%zz",
            "1http://x",
            "https://x#a#b",
            "http:",
        ] {
            assert!(!is_url(bad), "{bad}");
        }
    }

    #[test]
    fn times() {
        for ok in [
            "2024-01-02T03:04:05Z",
            "2024-01-02t03:04:05z",
            "2024-01-02T03:04:05.123+01:00",
            "2024-02-29T00:00:00-05:30",
            "2016-12-31T23:59:60Z",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in [
            "2024-01-02 03:04:05Z",
            "2024-02-30T03:04:05Z",
            "2023-02-29T00:00:00Z",
            "2024-01-02T03:04:05",
            "2024-01-02T03:04:05+0100",
            "2024-01-02T24:00:00Z",
            "2024-1-2T03:04:05Z",
            "2024-01-02T03:04Z",
            "2024-01-02T03:04:05.Z",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }

    #[test]
    fn hashes() {
        assert!(is_git_hash("abcdef1"));
        assert!(is_git_hash("4f2a9c1e"));
        assert!(is_git_hash(&"a".repeat(40)));
        assert!(is_git_hash(&"0".repeat(64)));
        for bad in ["abcde1", "ABCDEF1", "main", "g123456", &"a".repeat(41)] {
            assert!(!is_git_hash(bad), "{bad}");
        }
    }

    #[test]
    fn semvers() {
        for ok in [
            "0.0.0",
            "1.2.3",
            "10.20.30",
            "1.0.0-alpha.1",
            "1.0.0-0.3.7",
            "1.0.0-x-y.z",
            "1.0.0+20130313144700",
            "1.0.0-beta+exp.sha.5114f85",
        ] {
            assert!(is_semver(ok), "{ok}");
        }
        for bad in [
            "v1.2.3",
            "1.2",
            "01.2.3",
            "1.2.3-",
            "1.2.3-01",
            "1.2.3+",
            "1.2.3-a..b",
            "1.2.3.4",
            "latest",
        ] {
            assert!(!is_semver(bad), "{bad}");
        }
    }

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

    #[test]
    fn spdx() {
        for ok in [
            "MIT",
            "mit",
            "Apache-2.0",
            "GPL-2.0+",
            "GPL-2.0-or-later",
            "LicenseRef-Proprietary",
            "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
            "MIT OR Apache-2.0",
            "Apache-2.0 WITH LLVM-exception",
            "(MIT AND BSD-3-Clause) OR GPL-3.0-only",
            "mit or apache-2.0",
        ] {
            assert!(is_spdx(ok), "{ok}");
        }
        for bad in [
            "Apache 2",
            "MIT OR",
            "(MIT",
            "MIT WITH",
            "MIT WITH MIT",
            "GPL",
            "LicenseRef-",
            "AND",
            "MIT Or Apache-2.0",
            "MIT AND (OR)",
        ] {
            assert!(!is_spdx(bad), "{bad}");
        }
    }

    fn typed(ty: &str) -> Config {
        Config {
            label_schema: [("v".to_string(), ty.to_string())].into_iter().collect(),
            ..Config::default()
        }
    }

    #[test]
    fn rules_read_the_schema() {
        assert!(
            run(&DL3056, "FROM a:1\nLABEL v=latest\n").is_empty(),
            "no schema"
        );
        let c = typed("semver");
        let d = run_with(&DL3056, "FROM a:1\nLABEL v=\"latest\" other=x\n", &c);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("`latest`"));
        assert!(
            run_with(&DL3056, "FROM a:1\nLABEL v='1.2.3'\n", &c).is_empty(),
            "quotes are removed"
        );
        assert!(
            run_with(&DL3056, "FROM a:1\nLABEL v=$VERSION\n", &c).is_empty(),
            "variables are skipped"
        );
        assert!(
            run_with(&DL3056, "FROM a:1\nLABEL v=\"\"\n", &c).is_empty(),
            "empty is DL3051's"
        );
        assert!(
            run_with(&DL3052, "FROM a:1\nLABEL v=\"latest\"\n", &c).is_empty(),
            "other types are other rules"
        );
        assert_eq!(
            run_with(&DL3052, "FROM a:1\nLABEL v example.com\n", &typed("url")).len(),
            1,
            "legacy form"
        );
    }
}
