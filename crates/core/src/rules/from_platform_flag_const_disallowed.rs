//! FromPlatformFlagConstDisallowed: `FROM --platform=linux/amd64` pins a platform for every build.

use super::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct FromPlatformFlagConstDisallowed;

static META: RuleMeta = RuleMeta {
    id: "FromPlatformFlagConstDisallowed",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "FROM --platform uses a constant value",
    why: "A constant platform makes `docker build --platform` and multi-platform builds produce the \
wrong architecture (or emulate it silently). Use `$BUILDPLATFORM` for build stages that cross-compile, \
or leave the flag out. As in BuildKit, a stage whose name contains the platform's OS or architecture \
(`AS build-amd64`) is taken as deliberate and not reported.",
    bad: "FROM --platform=linux/amd64 golang:1.23 AS build\n",
    good: "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n",
    has_fix: false,
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
            let Some(v) = flag.value.as_deref() else {
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
            out.push(Diagnostic::new(
                flag.value_span.unwrap_or(flag.span),
                format!("FROM --platform should not use the constant `{v}`; use $BUILDPLATFORM or drop the flag"),
            ));
        }
    }
}
