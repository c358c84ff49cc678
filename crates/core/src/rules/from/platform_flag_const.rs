//! FromPlatformFlagConstDisallowed: `FROM --platform=linux/amd64` pins a platform for every build.

use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct FromPlatformFlagConstDisallowed;

static META: RuleMeta = rule_meta! {
    id: "FromPlatformFlagConstDisallowed",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "FROM --platform uses a constant value",
    why: "A constant platform makes `docker build --platform` and multi-platform builds produce the \
wrong architecture (or emulate it silently). Use `$BUILDPLATFORM` for build stages that cross-compile, \
or leave the flag out. As in BuildKit, a stage whose name contains the platform's OS or architecture \
(`AS build-amd64`) is taken as deliberate and not reported.\n\n\
The fix removes the flag, so the stage follows the platform being built. It is unsafe: a stage that \
must run on one architecture then breaks on the others; for a build stage that cross-compiles, \
`--platform=$BUILDPLATFORM` (by hand) is the better change.",
    bad: "FROM --platform=linux/amd64 golang:1.23 AS build\n",
    good: "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n",
    has_fix: true,
    files: &[],
    references: &["https://docs.docker.com/reference/build-checks/from-platform-flag-const-disallowed/"],
};

impl Rule for FromPlatformFlagConstDisallowed {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &cx.model.stages {
            let Some(flag) = stage.platform else { continue };
            let Some(v) = flag.value() else {
                continue;
            };
            if v.is_empty() || v.contains('$') {
                continue;
            }
            if let Some(name) = stage.name_lower() {
                if v.split(['/', ','])
                    .any(|part| !part.is_empty() && name.contains(&part.to_ascii_lowercase()))
                {
                    continue;
                }
            }
            out.push(
                Diagnostic::new(
                    flag.value_span.unwrap_or(flag.span),
                    format!("FROM --platform should not use the constant `{v}`; use $BUILDPLATFORM or drop the flag"),
                )
                .with_fix(crate::rules::edits::remove_flag(cx.text, flag)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FromPlatformFlagConstDisallowed;
    use crate::rules::run;

    #[test]
    fn constants_unless_the_stage_name_says_so_and_the_fix() {
        assert!(run(
            &FromPlatformFlagConstDisallowed,
            "FROM --platform=linux/amd64 a:1 AS build-amd64\n"
        )
        .is_empty());
        assert!(run(
            &FromPlatformFlagConstDisallowed,
            "FROM --platform=$BUILDPLATFORM a:1\n"
        )
        .is_empty());
        let src = "FROM --platform=linux/arm64 a:1 AS build\nRUN x\n";
        let d = run(&FromPlatformFlagConstDisallowed, src);
        assert_eq!(d.len(), 1);
        let out = crate::diagnostics::apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(out, "FROM a:1 AS build\nRUN x\n");
    }
}
