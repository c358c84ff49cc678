//! BuildKit's `# check=` directive (and the CLI's `--check`): skip, error and experimental selection of build checks.

use crate::diagnostics::RuleMeta;

/// BuildKit's build-check names. A rule whose id or alias is one of these is a "build check" and
/// obeys `# check=`.
pub const BUILDKIT_CHECKS: &[&str] = &[
    "StageNameCasing",
    "FromAsCasing",
    "NoEmptyContinuation",
    "ConsistentInstructionCasing",
    "DuplicateStageName",
    "ReservedStageName",
    "JSONArgsRecommended",
    "MaintainerDeprecated",
    "UndefinedArgInFrom",
    "WorkdirRelativePath",
    "UndefinedVar",
    "MultipleInstructionsDisallowed",
    "LegacyKeyValueFormat",
    "InvalidBaseImagePlatform",
    "RedundantTargetPlatform",
    "SecretsUsedInArgOrEnv",
    "InvalidDefaultArgInFrom",
    "FromPlatformFlagConstDisallowed",
    "CopyIgnoredFile",
    "InvalidDefinitionDescription",
    "ExposeProtoCasing",
    "ExposeInvalidFormat",
];

/// Parsed `check=` options (BuildKit's `ParseLintOptions`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckOptions {
    pub skip_all: bool,
    pub skip: Vec<String>,
    pub experimental_all: bool,
    pub experimental: Vec<String>,
    /// `error=true`: build-check findings are errors.
    pub error: bool,
}

impl CheckOptions {
    /// Parse `skip=A,B;error=true;experimental=all`. Errors name the offending part.
    pub fn parse(s: &str) -> Result<CheckOptions, String> {
        let mut o = CheckOptions::default();
        for part in s.split(';') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let Some((k, v)) = part.split_once('=') else {
                return Err(format!("invalid check option {part:?}: expected key=value"));
            };
            let (k, v) = (k.trim(), v.trim());
            let list = || -> Vec<String> {
                v.split(',')
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect()
            };
            match k.to_ascii_lowercase().as_str() {
                "skip" => {
                    let l = list();
                    if l.iter().any(|x| x.eq_ignore_ascii_case("all")) {
                        o.skip_all = true;
                    } else {
                        o.skip.extend(l);
                    }
                }
                "experimental" => {
                    let l = list();
                    if l.iter().any(|x| x.eq_ignore_ascii_case("all")) {
                        o.experimental_all = true;
                    } else {
                        o.experimental.extend(l);
                    }
                }
                "error" => {
                    o.error = match v.to_ascii_lowercase().as_str() {
                        "true" | "1" => true,
                        "false" | "0" => false,
                        _ => {
                            return Err(format!(
                                "invalid value {v:?} for check option error (use true or false)"
                            ))
                        }
                    }
                }
                _ => {
                    return Err(format!(
                        "unknown check option {k:?} (known: skip, error, experimental)"
                    ))
                }
            }
        }
        Ok(o)
    }

    /// The options of a `# check=` comment directly above an instruction (BuildKit merges them
    /// into the file's for that instruction alone). As BuildKit reads them: the first comment of
    /// the form `check=VALUE` (name in any case, spaces around `=` allowed) counts, its value ends
    /// at the first space (so `# check=skip=all // why` is `skip=all`), and one that does not
    /// parse is ignored.
    pub fn from_comments(comments: &[String]) -> Option<CheckOptions> {
        for c in comments {
            let c = c.trim();
            let name_len = c
                .char_indices()
                .find(|&(i, ch)| !(ch.is_ascii_alphabetic() || (i > 0 && ch.is_ascii_digit())))
                .map_or(c.len(), |(i, _)| i);
            if name_len == 0 {
                continue;
            }
            let Some(value) = c[name_len..].trim_start().strip_prefix('=') else {
                continue;
            };
            let value = value.trim();
            if value.is_empty() || !c[..name_len].eq_ignore_ascii_case("check") {
                continue;
            }
            let value = value.split(' ').next().unwrap_or("");
            return CheckOptions::parse(value).ok();
        }
        None
    }

    /// These options with `other`'s merged in (skip and experimental selections add up; `error`
    /// stays this one's, as in BuildKit).
    pub fn merged(&self, other: &CheckOptions) -> CheckOptions {
        let mut o = self.clone();
        o.skip_all |= other.skip_all;
        o.experimental_all |= other.experimental_all;
        o.skip.extend(other.skip.iter().cloned());
        o.experimental.extend(other.experimental.iter().cloned());
        o
    }

    /// The BuildKit check name of a rule, if it is one.
    pub fn buildkit_name(meta: &RuleMeta) -> Option<&'static str> {
        std::iter::once(meta.id)
            .chain(meta.aliases.iter().copied())
            .find(|n| BUILDKIT_CHECKS.contains(n))
    }

    /// Whether the rule runs: `Some(true)` forced on (experimental), `Some(false)` skipped, `None` no opinion.
    pub fn decide(&self, meta: &RuleMeta) -> Option<bool> {
        let name = Self::buildkit_name(meta)?;
        let has = |l: &[String]| l.iter().any(|x| x.eq_ignore_ascii_case(name));
        // BuildKit: experimental selection wins over skip.
        if !meta.enabled_by_default && (self.experimental_all || has(&self.experimental)) {
            return Some(true);
        }
        if self.skip_all || has(&self.skip) {
            return Some(false);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_buildkit_syntax() {
        let o = CheckOptions::parse("skip=JSONArgsRecommended,StageNameCasing;error=true").unwrap();
        assert_eq!(o.skip, ["JSONArgsRecommended", "StageNameCasing"]);
        assert!(o.error && !o.skip_all);
        assert!(CheckOptions::parse("skip=all").unwrap().skip_all);
        assert!(
            CheckOptions::parse("experimental=all")
                .unwrap()
                .experimental_all
        );
        assert!(CheckOptions::parse("bogus=1").is_err());
        assert!(CheckOptions::parse("error=maybe").is_err());
        assert!(CheckOptions::parse("skip").is_err());
    }

    #[test]
    fn instruction_comments_as_buildkit_reads_them() {
        let of = |lines: &[&str]| {
            CheckOptions::from_comments(&lines.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        };
        // The value ends at the first space: the rest is a remark.
        let o = of(&["check=skip=all // the base image needs it"]).unwrap();
        assert!(o.skip_all);
        let o = of(&["an ordinary remark", "CHECK = skip=UndefinedVar"]).unwrap();
        assert_eq!(o.skip, ["UndefinedVar"]);
        // Only the first check comment counts, and one that does not parse is ignored.
        assert_eq!(of(&["check=skip", "check=skip=all"]), None);
        assert_eq!(of(&["checks skip=all", "check:skip=all"]), None);
        // Merging adds skips but keeps the file's error setting.
        let file = CheckOptions::parse("skip=A;error=true").unwrap();
        let merged = file.merged(&CheckOptions::parse("skip=B;error=false").unwrap());
        assert_eq!(merged.skip, ["A", "B"]);
        assert!(merged.error);
    }
}
