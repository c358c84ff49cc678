//! compose-healthy-without-healthcheck: waiting for `service_healthy` on a service that has no healthcheck.

use super::dclint_common::replace_scalar;
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::Fix;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::semantic::Health;

pub struct HealthyWithoutHealthcheck;

static META: RuleMeta = rule_meta! {
    id: "compose-healthy-without-healthcheck",
    aliases: &[],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "`condition: service_healthy` on a service without a healthcheck",
    why: "Compose can only wait for `service_healthy` when the dependency has a healthcheck: in compose, \
or as HEALTHCHECK in the stage its Dockerfile ships (inherited stages count). Without one, `docker \
compose up` fails with \"container has no healthcheck configured\". For a pulled image shipshape cannot \
see the image's own HEALTHCHECK; most official images (postgres, redis, mysql) have none, so it is \
reported and the message says so.\n\n\
The fix waits for `service_started` instead. It is unsafe: the dependent service may now start \
before the dependency is ready, so it has to retry its connection; the alternative is adding a \
`healthcheck:` to the dependency, which only you can write.",
    bad: "services:\n  api:\n    image: example/api:1.0\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:16\n",
    good: "services:\n  api:\n    image: example/api:1.0\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\", \"-U\", \"postgres\"]\n      interval: 5s\n",
    has_fix: true,
    files: &[],
    references: &["https://docs.docker.com/compose/how-tos/startup-order/"],
};

impl WorkspaceRule for HealthyWithoutHealthcheck {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        let links = a.key_links();
        for (c, s) in a.services() {
            for dep in &s.depends_on {
                let healthy = dep
                    .condition
                    .as_ref()
                    .map(|v| v.text == "service_healthy")
                    .unwrap_or(false);
                if !healthy {
                    continue;
                }
                // The dependency may live in an included file, but only in this file's project.
                let Some((dc, _)) = a.find_service(&c.path, &dep.service) else {
                    continue;
                };
                let Some(link) = links
                    .iter()
                    .find(|l| l.compose == dc.path && l.service == dep.service)
                else {
                    continue;
                };
                let why = match link.health {
                    Health::Compose | Health::Dockerfile => continue,
                    Health::Disabled => "its healthcheck is disabled".to_string(),
                    Health::Missing => format!(
                        "neither compose nor `{}` defines a healthcheck",
                        link.dockerfile.as_deref().unwrap_or("its Dockerfile")
                    ),
                    Health::Unknown => format!(
                        "compose defines no healthcheck, so the image `{}` would have to (most images do not)",
                        link.image.as_deref().unwrap_or("?")
                    ),
                };
                let span = dep.condition.as_ref().map(|v| v.span).unwrap_or(dep.span);
                let text = a.ws.get(&c.path).map(|f| f.text.as_str()).unwrap_or("");
                let fix = dep
                    .condition
                    .as_ref()
                    .filter(|v| !v.span.slice(text).contains('$'))
                    .and_then(|v| {
                        replace_scalar(&c.fix_budget, text, &c.yaml, v.span, "service_started")
                    })
                    .map(|edit| {
                        Fix::unsafe_(
                            format!("Wait for `{}` to start instead", dep.service),
                            vec![edit],
                        )
                    });
                let mut d = Diagnostic::new(
                    span,
                    format!(
                        "`{}` waits for `{}` to be healthy, but {why}",
                        s.name, dep.service
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
    use super::HealthyWithoutHealthcheck;

    #[test]
    fn fix_waits_for_start() {
        assert_eq!(
            bad_example_fixes(&HealthyWithoutHealthcheck),
            ["services:\n  api:\n    image: example/api:1.0\n    depends_on:\n      db:\n        condition: service_started\n  db:\n    image: postgres:16\n"]
        );
    }
}
