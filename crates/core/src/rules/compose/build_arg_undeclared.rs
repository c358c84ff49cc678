//! compose-build-arg-undeclared: a `build.args` key with no matching ARG in the Dockerfile.

use super::dclint_common::replace_scalar;
use super::{WorkspaceCx, WorkspaceRule};
use crate::compose::edit::FixBudget;
use crate::diagnostics::Fix;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::dockerfile::closest;
use crate::semantic::is_builtin_arg;
use crate::source::Span;

pub struct BuildArgUndeclared;

static META: RuleMeta = rule_meta! {
    id: "compose-build-arg-undeclared",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "A build arg is passed that the Dockerfile never declares",
    why: "A build argument only reaches the build when the Dockerfile declares it with `ARG`; otherwise \
BuildKit ignores it with a warning that scrolls by. Usually the ARG was renamed or is declared only \
before FROM and not inside the stage. Proxy variables and `BUILDKIT_*` switches need no ARG.\n\n\
When a declared ARG has a close name, the fix renames the key to it (in `KEY: value` and \
`- KEY=value` form). It is unsafe: the value now reaches the build, and the closest name is a guess. \
Declaring the ARG in the Dockerfile instead is the other way out, for you to choose.",
    bad: "services:\n  api:\n    build:\n      context: .\n      args:\n        NODE_VERSION: \"22\"\n",
    good: "services:\n  api:\n    build:\n      context: .\n      args:\n        NODE_VER: \"22\"\n",
    has_fix: true,
    files: &[("Dockerfile", "ARG NODE_VER=20\nFROM node:${NODE_VER}-slim\n")],
    references: &["https://docs.docker.com/reference/compose-file/build/#args"],
};

/// Rename an arg's key: a mapping key (a scalar of its own), or the `KEY` of a `- KEY=value` item.
fn rename_key(
    budget: &FixBudget,
    text: &str,
    yaml: &crate::yaml::Yaml,
    span: Span,
    key: &str,
    to: &str,
) -> Option<crate::source::TextEdit> {
    let written = span.slice(text);
    if written.contains('$') {
        return None;
    }
    // Mapping form: a colon follows the key.
    if text[span.end..]
        .trim_start_matches([' ', '\t'])
        .starts_with(':')
    {
        return replace_scalar(budget, text, yaml, span, to);
    }
    // List form (`- KEY=value`, also quoted): the span covers the key.
    let start = span.start;
    let found = text.get(start..start + key.len())?;
    let rest = text.get(start + key.len()..)?;
    (found == key && rest.starts_with('='))
        .then(|| crate::source::TextEdit::new(Span::new(start, start + key.len()), to))
}

impl WorkspaceRule for BuildArgUndeclared {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for (c, s) in a.services() {
            let Some(b) = &s.build else { continue };
            let Some(path) = &b.dockerfile_path else {
                continue;
            };
            let Some(built) = a.built(path) else {
                continue;
            };
            let declared = &built.declared_args;
            let text = a.ws.get(&c.path).map(|f| f.text.as_str()).unwrap_or("");
            for (k, _) in &b.args {
                if k.unknown || declared.contains(&k.text) || is_builtin_arg(&k.text) {
                    continue;
                }
                let near = closest(&k.text, declared.iter().map(String::as_str));
                let hint = near
                    .map(|d| format!("; did you mean `{d}`?"))
                    .unwrap_or_default();
                let passed = |n: &str| b.args.iter().any(|(o, _)| o.text == n);
                // An inherited build's spans are the `extends` here: nothing to rename in place.
                let fix = near
                    .filter(|n| !b.inherited && !passed(n))
                    .and_then(|n| {
                        Some((
                            n,
                            rename_key(&c.fix_budget, text, &c.yaml, k.span, &k.text, n)?,
                        ))
                    })
                    .map(|(n, edit)| Fix::unsafe_(format!("Pass it as `{n}`"), vec![edit]));
                let mut d = Diagnostic::new(
                    k.span,
                    format!(
                        "build arg `{}` is not declared by any ARG in `{path}`{hint}",
                        k.text
                    ),
                );
                d.fix = fix;
                out.push((c.path.clone(), d));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::dclint_common::bad_example_fixes;
    use super::BuildArgUndeclared;

    #[test]
    fn fix_renames_to_the_declared_arg() {
        assert_eq!(
            bad_example_fixes(&BuildArgUndeclared),
            ["services:\n  api:\n    build:\n      context: .\n      args:\n        NODE_VER: \"22\"\n"]
        );
        let fixed = |compose: &str| -> Vec<Option<String>> {
            let mut ws = crate::Workspace::new();
            ws.add("compose.yaml", compose);
            ws.add("Dockerfile", "ARG NODE_VER=20\nFROM node:${NODE_VER}\n");
            crate::lint(&ws, &crate::Config::default())
                .findings
                .iter()
                .filter(|f| f.rule == "compose-build-arg-undeclared")
                .map(|f| {
                    f.fix
                        .as_ref()
                        .map(|x| crate::diagnostics::apply_edits(compose, &x.edits).unwrap())
                })
                .collect()
        };
        assert_eq!(
            fixed("services:\n  api:\n    build:\n      context: .\n      args:\n        - NODE_VERS=22\n        - \"NODE_VERSION=22\"\n"),
            [
                Some("services:\n  api:\n    build:\n      context: .\n      args:\n        - NODE_VER=22\n        - \"NODE_VERSION=22\"\n".to_string()),
                Some("services:\n  api:\n    build:\n      context: .\n      args:\n        - NODE_VERS=22\n        - \"NODE_VER=22\"\n".to_string()),
            ]
        );
        assert_eq!(
            fixed("services:\n  api:\n    build:\n      context: .\n      args:\n        NODE_VER: 1\n        NODE_VERSION: 2\n"),
            [None],
            "the declared name is passed already"
        );
    }

    #[test]
    fn the_finding_covers_the_key_also_in_quoted_list_items() {
        let compose = "services:\n  api:\n    build:\n      context: .\n      args:\n        - \"NODE_VERS=22\"\n        - 'OTHER=1'\n        - PLAIN=2\n";
        let mut ws = crate::Workspace::new();
        ws.add("compose.yaml", compose);
        ws.add("Dockerfile", "FROM node:22\n");
        let keys: Vec<&str> = crate::lint(&ws, &crate::Config::default())
            .findings
            .iter()
            .filter(|f| f.rule == "compose-build-arg-undeclared")
            .map(|f| f.span.slice(compose))
            .collect();
        assert_eq!(keys, ["NODE_VERS", "OTHER", "PLAIN"]);
    }
}
