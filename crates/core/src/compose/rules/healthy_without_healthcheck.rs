//! compose-healthy-without-healthcheck: waiting for `service_healthy` on a service that has no healthcheck.

use super::WorkspaceRule;
use crate::compose::links::{Analysis, Health};
use crate::rules::{Category, Diagnostic, RuleMeta, Severity};

pub struct HealthyWithoutHealthcheck;

static META: RuleMeta = RuleMeta {
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
reported and the message says so.",
    bad: "services:\n  api:\n    image: example/api:1.0\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:16\n",
    good: "services:\n  api:\n    image: example/api:1.0\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\", \"-U\", \"postgres\"]\n      interval: 5s\n",
    has_fix: false,
    files: &[],
    references: &["https://docs.docker.com/compose/how-tos/startup-order/"],
};

impl WorkspaceRule for HealthyWithoutHealthcheck {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, a: &Analysis<'_>, out: &mut Vec<(String, Diagnostic)>) {
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
                // The dependency may live in an included file.
                let Some(link) = links
                    .iter()
                    .find(|l| l.compose == c.path && l.service == dep.service)
                    .or_else(|| links.iter().find(|l| l.service == dep.service))
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
                out.push((
                    c.path.clone(),
                    Diagnostic::new(
                        span,
                        format!(
                            "`{}` waits for `{}` to be healthy, but {why}",
                            s.name, dep.service
                        ),
                    ),
                ));
            }
        }
    }
}
