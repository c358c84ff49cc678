//! InvalidDefaultArgInFrom: with the global ARG defaults, FROM names no valid image.

use crate::dockerfile::model::{expand, referenced_vars};
use crate::dockerfile::words::unquote;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct InvalidDefaultArgInFrom;

static META: RuleMeta = rule_meta! {
    id: "InvalidDefaultArgInFrom",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "FROM is not a valid image when ARGs keep their defaults",
    why: "`ARG TAG` without a default followed by `FROM alpine:${TAG}` builds only when every caller \
passes `--build-arg TAG=...`; with the defaults the image name is `alpine:` and the build fails. Give \
the ARG a default that works.",
    bad: "ARG TAG\nFROM alpine:${TAG}\n",
    good: "ARG TAG=3.20\nFROM alpine:${TAG}\n",
    has_fix: false,
    files: &[],
    references: &["https://docs.docker.com/reference/build-checks/invalid-default-arg-in-from/"],
};

/// A loose check of Docker's reference grammar: lowercase path components, optional tag and digest.
pub(crate) fn is_valid_reference(s: &str) -> bool {
    if s.is_empty()
        || s.starts_with([':', '@', '/'])
        || s.ends_with([':', '@', '/'])
        || s.contains("//")
    {
        return false;
    }
    let (name, digest) = match s.split_once('@') {
        Some((n, d)) => (n, Some(d)),
        None => (s, None),
    };
    if let Some(d) = digest {
        if !d.contains(':') {
            return false;
        }
    }
    let last_slash = name.rfind('/').map(|p| p + 1).unwrap_or(0);
    let (path, tag) = match name[last_slash..].rfind(':') {
        Some(p) => (&name[..last_slash + p], Some(&name[last_slash + p + 1..])),
        None => (name, None),
    };
    if let Some(t) = tag {
        if t.is_empty()
            || t.len() > 128
            || !t
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
        {
            return false;
        }
    }
    !path.is_empty()
        && path
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-/:".contains(&b))
}

impl Rule for InvalidDefaultArgInFrom {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &cx.model.stages {
            let Some(base) = stage.base else { continue };
            let vars = referenced_vars(&base.text);
            if vars.is_empty() {
                continue;
            }
            // Only ARGs declared globally are judged here; undeclared ones are UndefinedArgInFrom's job.
            if !vars
                .iter()
                .all(|v| cx.model.global_args.iter().any(|a| &a.name == v))
            {
                continue;
            }
            let (resolved, _) = expand(&unquote(&base.text, cx.dockerfile.escape), |v| {
                cx.model
                    .global_args
                    .iter()
                    .rev()
                    .find(|a| a.name == v)
                    .map(|a| a.default.clone().unwrap_or_default())
            });
            if !is_valid_reference(&resolved) {
                out.push(Diagnostic::new(
                    base.span,
                    format!(
                        "with the ARG defaults this FROM is `{resolved}`, which is not a valid image name; give {} a default",
                        vars.join(", ")
                    ),
                ));
            }
        }
    }
}
