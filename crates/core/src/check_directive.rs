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
}
