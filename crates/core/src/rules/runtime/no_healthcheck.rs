//! no-healthcheck: a service image (it exposes or publishes a port) ships without HEALTHCHECK.

use crate::dockerfile::{Args, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct NoHealthcheck;

static META: RuleMeta = rule_meta! {
    id: "no-healthcheck",
    aliases: &["DL3057"],
    severity: Severity::Info,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "A service image ships without HEALTHCHECK",
    why: "Without a HEALTHCHECK, Docker only knows whether the main process is running: a server \
that hangs or stops answering stays `running`, `docker ps` never shows it `unhealthy`, and \
Compose's `depends_on: condition: service_healthy` cannot be used with it. A check such as \
`HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://127.0.0.1:8080/healthz || exit \
1` lets Docker, Compose and Swarm see it.\n\n\
hadolint's DL3057 asks this of every stage of every image and is therefore off by default: its \
maintainers left it out of the default set because most images (tools, builders, base images) do \
not need it (hadolint #360 and pull request 491), and its per-stage findings were noise in \
multi-stage files (#843). That leaves out the images that do need one. This rule only \
asks it of *service* images and is on by default (at info level): the stage that ships (the last \
stage, or the stages compose builds as `target`) or a local stage it is built on EXPOSEs a port, \
or a compose service in the workspace that builds it publishes `ports:` or declares `expose:`. \
Tools, builders and one-shot jobs are not reported. A HEALTHCHECK anywhere along that chain \
counts, and so does `HEALTHCHECK NONE`, which states the choice explicitly (for example when the \
orchestrator probes the service itself, as Kubernetes does with its own probes and ignoring the \
image's HEALTHCHECK). When every compose service that builds the image defines its own \
`healthcheck:` (or disables it), the deployment has made the choice and nothing is reported. A \
HEALTHCHECK the base image defines cannot be seen offline: restate it, or use `HEALTHCHECK NONE` \
deliberately.",
    bad: "FROM nginx:1.27-alpine\nCOPY site/ /usr/share/nginx/html/\nEXPOSE 80\n",
    good: "FROM nginx:1.27-alpine\nCOPY site/ /usr/share/nginx/html/\nEXPOSE 80\nHEALTHCHECK --interval=30s --timeout=3s CMD wget -q --spider http://127.0.0.1/ || exit 1\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://docs.docker.com/reference/dockerfile/#healthcheck",
        "https://github.com/hadolint/hadolint/wiki/DL3057",
        "https://docs.docker.com/reference/compose-file/services/#healthcheck",
        "https://github.com/hadolint/hadolint/issues/360",
        "https://github.com/hadolint/hadolint/pull/491",
        "https://github.com/hadolint/hadolint/issues/843",
    ],
};

/// Compose services that build stage `index` of this file: (name, publishes ports, has healthcheck).
fn compose_services(cx: &Context<'_>, index: usize) -> Vec<(String, bool, bool)> {
    let has_compose = cx
        .workspace
        .files()
        .iter()
        .any(|f| f.kind == crate::workspace::FileKind::Compose);
    if !has_compose {
        return Vec::new();
    }
    let is_final = cx.model.final_stage().map(|s| s.index) == Some(index);
    let stage_name = cx.model.stages.get(index).and_then(|s| s.name_lower());
    let mut out = Vec::new();
    for file in cx.composes {
        for svc in &file.services {
            let Some(build) = &svc.build else { continue };
            if build.dockerfile_path.as_deref() != Some(cx.path) {
                continue;
            }
            let builds_it = match &build.target {
                Some(t) => Some(t.text.to_ascii_lowercase().as_str()) == stage_name,
                None => is_final,
            };
            if !builds_it {
                continue;
            }
            let node = file
                .root()
                .and_then(|r| r.get("services"))
                .and_then(|s| s.get(&svc.name));
            let ports = node.is_some_and(|n| n.get("ports").is_some() || n.get("expose").is_some());
            out.push((svc.name.clone(), ports, svc.healthcheck.is_some()));
        }
    }
    out
}

impl Rule for NoHealthcheck {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for shipped in cx.shipped_stages() {
            let chain: Vec<_> = cx
                .stage_chain(shipped)
                .into_iter()
                .filter_map(|i| cx.model.stages.get(i))
                .collect();
            let instructions = || chain.iter().flat_map(|s| s.instructions.iter());
            if instructions().any(|i| i.keyword() == Keyword::Healthcheck) {
                continue;
            }
            let exposed = instructions()
                .filter(|i| i.keyword() == Keyword::Expose)
                .find_map(|i| match &i.command.args {
                    Args::Words(w) => w.first().map(|w| w.text.clone()),
                    _ => None,
                });
            let services = compose_services(cx, shipped);
            if !services.is_empty() && services.iter().all(|s| s.2) {
                continue;
            }
            let publishing = services.iter().find(|s| s.1).map(|s| s.0.clone());
            let why = match (&exposed, &publishing) {
                (Some(port), _) => format!("exposes {port}"),
                (None, Some(svc)) => {
                    format!("runs compose service `{svc}`, which publishes ports,")
                }
                (None, None) => continue,
            };
            let stage = &cx.model.stages[shipped];
            let span = stage.base.map_or(stage.from.command.name_span, |w| w.span);
            out.push(Diagnostic::new(
                span,
                format!("this image {why} but has no HEALTHCHECK: Docker cannot tell a hung service from a healthy one; add a HEALTHCHECK that probes it (or `HEALTHCHECK NONE` if that is deliberate)"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::NoHealthcheck as R;
    use crate::rules::run;
    use crate::{lint, Config, Workspace};

    #[test]
    fn exposed_images_need_a_healthcheck() {
        assert_eq!(run(&R, "FROM a:1\nEXPOSE 8080\n").len(), 1);
        assert_eq!(
            run(&R, "FROM a:1 AS base\nEXPOSE 80\nFROM base\nRUN x\n").len(),
            1,
            "EXPOSE inherited from a local stage"
        );
        for ok in [
            "FROM a:1\nEXPOSE 80\nHEALTHCHECK CMD curl -f http://localhost/\n",
            "FROM a:1\nEXPOSE 80\nHEALTHCHECK NONE\n",
            "FROM a:1 AS base\nHEALTHCHECK CMD x\nFROM base\nEXPOSE 80\n",
            "FROM a:1\nCMD [\"tool\"]\n",
            "FROM a:1 AS build\nEXPOSE 80\nFROM b:1\nCOPY --from=build /x /x\n",
        ] {
            assert!(run(&R, ok).is_empty(), "{ok}");
        }
    }

    fn findings(files: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut ws = Workspace::new();
        for (p, t) in files {
            ws.add(*p, *t);
        }
        lint(&ws, &Config::default())
            .findings
            .iter()
            .filter(|f| f.rule == "no-healthcheck")
            .map(|f| (f.file.clone(), f.message.clone()))
            .collect()
    }

    #[test]
    fn compose_services_that_publish_ports() {
        let df = "FROM a:1 AS dev\nRUN x\nFROM a:1 AS prod\nRUN y\n";
        let f = findings(&[
            ("Dockerfile", df),
            (
                "compose.yaml",
                "services:\n  web:\n    build:\n      context: .\n      target: dev\n    ports: ['8080:80']\n",
            ),
        ]);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].1.contains("`web`"), "{f:?}");
        let f = findings(&[
            ("Dockerfile", df),
            (
                "compose.yaml",
                "services:\n  web:\n    build: .\n    ports: ['8080:80']\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n",
            ),
        ]);
        assert!(f.is_empty(), "compose defines the healthcheck: {f:?}");
        let f = findings(&[
            ("Dockerfile", df),
            ("compose.yaml", "services:\n  job:\n    build: .\n"),
        ]);
        assert!(f.is_empty(), "no ports: {f:?}");
    }
}
