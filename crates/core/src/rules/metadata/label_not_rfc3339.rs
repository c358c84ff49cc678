//! DL3053: an `rfc3339` label whose value is not an RFC 3339 time.

use super::common::LabelType;
use crate::rules::{Category, RuleMeta, Severity};

label_rule!(
    DL3053, DL3053_META, "DL3053", "rfc3339", "an RFC 3339 time such as `2024-05-01T12:00:00Z`", is_rfc3339, suggest_rfc3339,
    "Label is not an RFC 3339 time",
    "An `rfc3339` label (typically `org.opencontainers.image.created`) must be a full RFC 3339 timestamp: date, `T`, time with seconds, optional fraction, and `Z` or a `+hh:mm` offset, with a real calendar date. Unlike hadolint (whose parser accepts `+0100`), the offset must have its colon, as RFC 3339 requires. Such labels are usually filled from a build argument (`$BUILD_DATE`), which is not checked.",
    "org.opencontainers.image.created", "\"2024-05-01 12:00:00+0200\"", "\"2024-05-01T12:00:00+02:00\""
);

/// Common near misses of RFC 3339: a space for `T`, no seconds, an offset without its colon.
/// A time without any zone is not guessed.
pub(super) fn suggest_rfc3339(s: &str) -> Option<String> {
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

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

pub(super) fn is_rfc3339(s: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
