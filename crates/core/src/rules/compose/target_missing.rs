//! compose-target-missing: `build.target` names no stage of the Dockerfile.

use super::dclint_common::replace_scalar;
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::Fix;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::dockerfile::closest;

pub struct TargetMissing;

static META: RuleMeta = rule_meta! {
    id: "compose-target-missing",
    aliases: &[],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "`build.target` names no stage of the Dockerfile",
    why: "A target that matches no `FROM ... AS name` fails the build (`target stage \"x\" could not be \
found`). Stage names compare case-insensitively; the closest stage name is suggested.\n\n\
The fix (unsafe: the suggestion is the closest name, which may not be the stage meant) writes the \
suggested stage name.",
    bad: "services:\n  api:\n    build:\n      context: .\n      target: production\n",
    good: "services:\n  api:\n    build:\n      context: .\n      target: prod\n",
    has_fix: true,
    files: &[("Dockerfile", "FROM golang:1.23 AS build\nFROM alpine:3.20 AS prod\n")],
    references: &["https://docs.docker.com/reference/compose-file/build/#target"],
};

impl WorkspaceRule for TargetMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for (c, s) in a.services() {
            let Some(b) = &s.build else { continue };
            let (Some(t), Some(path)) = (&b.target, &b.dockerfile_path) else {
                continue;
            };
            if t.unknown {
                continue;
            }
            let Some(built) = a.built(path) else {
                continue;
            };
            if built.shipped(Some(&t.text)).found {
                continue;
            }
            let names = &built.stage_names;
            let near = closest(&t.text, names.iter().map(String::as_str));
            let text = a.ws.get(&c.path).map(|f| f.text.as_str()).unwrap_or("");
            // An inherited build's spans are the `extends` here: nothing to rename in place.
            let fix = near
                .filter(|_| !b.inherited && !t.span.slice(text).contains('$'))
                .and_then(|n| Some((n, replace_scalar(&c.fix_budget, text, &c.yaml, t.span, n)?)))
                .map(|(n, edit)| Fix::unsafe_(format!("Build the stage `{n}`"), vec![edit]));
            let hint = match near {
                Some(n) => format!("; did you mean `{n}`?"),
                None if names.is_empty() => " (it has no named stages)".to_string(),
                None => format!(" (its stages: {})", names.join(", ")),
            };
            let mut d = Diagnostic::new(
                t.span,
                format!("`{path}` has no stage named `{}`{hint}", t.text),
            );
            d.fix = fix;
            out.push((c.path.clone(), d));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::dclint_common::bad_example_fixes;
    use super::TargetMissing;

    #[test]
    fn fix_names_the_closest_stage() {
        assert_eq!(
            bad_example_fixes(&TargetMissing),
            ["services:\n  api:\n    build:\n      context: .\n      target: prod\n"]
        );
    }
}
