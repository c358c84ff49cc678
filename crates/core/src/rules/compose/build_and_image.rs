//! compose-no-build-and-image: A service sets both `build` and `image` without a `pull_policy`.

use super::dclint_common::{insert_entry_after, services, text_of, written_entry, written_value};
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::Fix;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};

pub struct NoBuildAndImage;

static BUILD_IMAGE_META: RuleMeta = rule_meta! {
    id: "compose-no-build-and-image",
    aliases: &["no-build-and-image"],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "A service sets both `build` and `image` without a `pull_policy`",
    why: "With both `build` and `image`, compose tags what it builds with the `image` name, but `docker \
compose up` first tries to pull that name: when the registry has an image by that name, it runs the \
pulled image instead of your build, and which one you get depends on the machine. Keep one of the two, \
or say what you mean with `pull_policy: build` (always build) or another explicit policy, which is \
accepted.\n\n\
The fix adds `pull_policy: build` after `build`. It is unsafe: `up` then always builds and never \
pulls that name, which is wrong when the service is meant to run a published image and build only \
in development.\n\n\
Option, in a `.dclintrc` as for dclint: `no-build-and-image: [2, { checkPullPolicy: false }]` \
reports every service with both, `pull_policy` or not (and offers no fix).",
    bad: "services:\n  api:\n    image: registry.example.com/api:1.4\n    build: ./api\n",
    good: "services:\n  api:\n    image: registry.example.com/api:1.4\n    build: ./api\n    pull_policy: build\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/no-build-and-image-rule.md",
        "https://docs.docker.com/reference/compose-file/services/#pull_policy",
    ],
};

impl WorkspaceRule for NoBuildAndImage {
    fn meta(&self) -> &'static RuleMeta {
        &BUILD_IMAGE_META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            let check_pull_policy = a.compose_options(&c.path).check_pull_policy;
            for (svc, map) in services(c) {
                let (Some(build), Some(_)) =
                    (written_entry(map, "build"), written_entry(map, "image"))
                else {
                    continue;
                };
                let name = svc.key.as_str().unwrap_or("");
                if written_entry(map, "pull_policy").is_some() {
                    if check_pull_policy {
                        continue;
                    }
                    out.push((c.path.clone(), Diagnostic::new(
                        build.key.span,
                        format!("service `{name}` has both `build` and `image`, which the dclint configuration does not allow even with a `pull_policy` (`checkPullPolicy: false`); drop one"),
                    )));
                    continue;
                }
                let fix = check_pull_policy
                    .then(|| {
                        insert_entry_after(
                            &c.fix_budget,
                            text_of(a, c),
                            &c.yaml,
                            &build.key,
                            written_value(build),
                            "pull_policy: build",
                        )
                        .map(|e| Fix::unsafe_("Add `pull_policy: build`", vec![e]))
                    })
                    .flatten();
                let mut d = Diagnostic::new(
                    build.key.span,
                    format!("service `{name}` has both `build` and `image`: `up` may pull `image` instead of building; drop one or set `pull_policy`"),
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
    use super::*;

    #[test]
    fn fix_of_the_bad_example() {
        assert_eq!(
            bad_example_fixes(&NoBuildAndImage),
            ["services:\n  api:\n    image: registry.example.com/api:1.4\n    build: ./api\n    pull_policy: build\n"]
        );
    }

    #[test]
    fn build_and_image_fix_with_a_build_mapping() {
        let src = "services:\n  api:\n    build:\n      context: .\n      target: prod\n\n    image: a/b:1\n";
        let mut ws = crate::Workspace::new();
        ws.add("compose.yaml", src);
        let r = crate::lint(&ws, &crate::Config::default());
        let f = r
            .findings
            .iter()
            .find(|f| f.rule == "compose-no-build-and-image")
            .unwrap();
        let out = crate::diagnostics::apply_edits(src, &f.fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(
            out,
            "services:\n  api:\n    build:\n      context: .\n      target: prod\n    pull_policy: build\n\n    image: a/b:1\n"
        );
    }
}
