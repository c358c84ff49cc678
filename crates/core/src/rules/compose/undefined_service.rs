//! compose-undefined-service: `depends_on`, `links`, `extends`, `network_mode: service:` or
//! `volumes_from` names a service that the project does not define.

use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::Fix;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::dockerfile::closest;
use crate::source::TextEdit;
use std::collections::HashSet;

pub struct UndefinedService;

static META: RuleMeta = rule_meta! {
    id: "compose-undefined-service",
    aliases: &[],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "A service refers to a service the project does not define",
    why: "`depends_on`, `links`, `extends.service`, `network_mode: service:NAME` and `volumes_from` must \
name a service of the same project; otherwise `docker compose config` and `up` stop with \"service \
web depends on undefined service db\" (or \"cannot extend service\"). A project is the compose file \
with the files it `include`s and the file compose reads with it: `compose.override.yaml` beside a \
`compose.yaml`, or the folder's `compose.yaml` for an overlay such as `docker-compose.prod.yml`. \
Services of other compose files in the same run do not count, so a file gets the same finding \
whether it is linted alone or beside others. `extends` with `file:` looks in that file. Nothing is \
reported while an included file is missing, for an overlay whose base file is not there, or when \
the name comes from a variable.\n\n\
When a defined name is close (a typo), the message suggests it and the fix writes it; the fix is \
unsafe because the close name may not be the service meant.",
    bad: "services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      - databse\n  database:\n    image: postgres:16\n",
    good: "services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      - database\n  database:\n    image: postgres:16\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://docs.docker.com/reference/compose-file/services/#depends_on",
        "https://docs.docker.com/reference/compose-file/services/#volumes_from",
    ],
};

impl WorkspaceRule for UndefinedService {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            if !a.project_complete(&c.path) {
                continue;
            }
            let project = a.project(&c.path);
            // The project's service names, once per file (not once per reference).
            let project_names: Vec<&str> = project
                .iter()
                .flat_map(|p| p.services.iter().map(|s| s.name.as_str()))
                .collect();
            let in_project: HashSet<&str> = project_names.iter().copied().collect();
            for s in &c.services {
                for r in &s.refers_to {
                    // `extends` with `file:` looks in that file only (skipped when it is not here).
                    let names: Vec<&str> = match &r.file {
                        Some(f) => match a.composes.iter().find(|o| &o.path == f) {
                            Some(o) => o.services.iter().map(|s| s.name.as_str()).collect(),
                            None => continue,
                        },
                        None if in_project.contains(r.service.as_str()) => continue,
                        None => project_names.clone(),
                    };
                    if names.contains(&r.service.as_str()) {
                        continue;
                    }
                    let near = closest(&r.service, names.iter().copied().filter(|n| *n != s.name));
                    let hint = near
                        .map(|n| format!("; did you mean `{n}`?"))
                        .unwrap_or_default();
                    let where_ = match &r.file {
                        Some(f) => format!("`{f}` defines no service `{}`", r.service),
                        None => format!("the project defines no service `{}`", r.service),
                    };
                    let mut d = Diagnostic::new(
                        r.span,
                        format!(
                            "`{}` names `{}` in `{}`, but {where_}{hint}",
                            s.name,
                            r.service,
                            r.kind.key()
                        ),
                    );
                    d.fix = near.map(|n| {
                        Fix::unsafe_(
                            format!("Name the service `{n}`"),
                            vec![TextEdit::new(r.span, n)],
                        )
                    });
                    out.push((c.path.clone(), d));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::dclint_common::bad_example_fixes;
    use super::UndefinedService;
    use crate::semantic::Analysis;
    use crate::workspace::Workspace;

    fn messages(ws: &Workspace) -> Vec<(String, String)> {
        let a = Analysis::new(ws);
        let mut out = Vec::new();
        super::WorkspaceRule::check(&UndefinedService, &super::WorkspaceCx::new(&a), &mut out);
        out.into_iter().map(|(p, d)| (p, d.message)).collect()
    }

    #[test]
    fn fix_writes_the_close_name() {
        assert_eq!(
            bad_example_fixes(&UndefinedService),
            ["services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      - database\n  database:\n    image: postgres:16\n"]
        );
    }

    #[test]
    fn every_kind_of_reference_is_checked() {
        let mut ws = Workspace::new();
        ws.add(
            "compose.yaml",
            "services:\n  web:\n    image: a:1\n    links: [\"cache:redis\"]\n    network_mode: service:proxy\n    volumes_from: [data:ro, \"container:other\"]\n    depends_on:\n      db:\n        condition: service_started\n    extends: base\n  db:\n    image: b:1\n",
        );
        let got = messages(&ws);
        let names: Vec<&str> = got
            .iter()
            .map(|(_, m)| m.split('`').nth(3).unwrap_or(""))
            .collect();
        assert_eq!(names, ["cache", "proxy", "data", "base"], "{got:?}");
    }

    #[test]
    fn only_the_project_counts() {
        let mut ws = Workspace::new();
        ws.add(
            "one/compose.yaml",
            "services:\n  db:\n    image: postgres:16\n",
        );
        ws.add(
            "two/compose.yaml",
            "services:\n  web:\n    image: a:1\n    depends_on: [db]\n",
        );
        let got = messages(&ws);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "two/compose.yaml");
        // An included file, an override file and an overlay's base are part of the project.
        let mut ws = Workspace::new();
        ws.add(
            "compose.yaml",
            "include: [db.yaml]\nservices:\n  web:\n    image: a:1\n    depends_on: [db, cache]\n",
        );
        ws.add_as(
            "db.yaml",
            "services:\n  db:\n    image: postgres:16\n",
            crate::FileKind::Compose,
        );
        ws.add(
            "compose.override.yaml",
            "services:\n  cache:\n    image: redis:7\n    depends_on: [web]\n",
        );
        ws.add(
            "compose.prod.yaml",
            "services:\n  worker:\n    image: w:1\n    depends_on: [db, web]\n",
        );
        assert_eq!(messages(&ws), Vec::<(String, String)>::new());
        // An overlay alone, without its base: it is written to be merged, nothing can be said.
        let mut ws = Workspace::new();
        ws.add(
            "docker-compose.prod.yml",
            "services:\n  web:\n    depends_on: [db]\n",
        );
        assert_eq!(messages(&ws), Vec::<(String, String)>::new());
        // A missing include: nothing can be said.
        let mut ws = Workspace::new();
        ws.add(
            "compose.yaml",
            "include: [gone.yaml]\nservices:\n  web:\n    image: a:1\n    depends_on: [db]\n",
        );
        assert_eq!(messages(&ws), Vec::<(String, String)>::new());
    }
}
