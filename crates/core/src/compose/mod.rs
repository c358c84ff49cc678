//! Compose files: the spanned YAML read into a model of services and their builds, with paths resolved
//! against the workspace so Dockerfiles and compose files can be checked against each other.

pub mod comments;
pub mod edit;
pub mod interpolate;
pub mod schema;

use crate::source::Span;
use crate::workspace::{FileKind, Workspace};
use crate::yaml::{self, Kind, Node, Style, Yaml, YamlError};
use interpolate::{interpolate, parse_env_file};
use std::collections::BTreeMap;

/// A scalar as compose uses it: interpolated text plus where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub text: String,
    pub span: Span,
    /// A variable without value or default was involved: the text is not known offline.
    pub unknown: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    pub service: String,
    pub span: Span,
    /// `service_started` (the default), `service_healthy`, `service_completed_successfully`.
    pub condition: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Healthcheck {
    /// `disable: true` or `test: ["NONE"]`.
    pub disabled: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Build {
    /// The `build:` value node.
    pub span: Span,
    pub context: Value,
    /// A git/http context: nothing in the workspace to check.
    pub remote: bool,
    pub dockerfile: Option<Value>,
    pub inline: bool,
    pub target: Option<Value>,
    pub args: Vec<(Value, Option<Value>)>,
    pub additional_contexts: Vec<(Value, Value)>,
    /// The Dockerfile's workspace path (context + dockerfile, normalised), when known.
    pub dockerfile_path: Option<String>,
    /// Inherited through `extends` from a service written elsewhere: every span above is the
    /// `extends` reference in this file (where the build comes from), so findings land in the
    /// right file; nothing may edit the text at those spans.
    pub inherited: bool,
}

impl Build {
    /// This build as inherited by a service whose `extends` names its service at `at`.
    fn inherited_at(mut self, at: Span) -> Build {
        self.span = at;
        self.context.span = at;
        for v in self.dockerfile.iter_mut().chain(self.target.iter_mut()) {
            v.span = at;
        }
        for (k, v) in &mut self.args {
            k.span = at;
            if let Some(v) = v {
                v.span = at;
            }
        }
        for (k, v) in &mut self.additional_contexts {
            k.span = at;
            v.span = at;
        }
        self.inherited = true;
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub name: String,
    pub name_span: Span,
    pub image: Option<Value>,
    pub build: Option<Build>,
    pub healthcheck: Option<Healthcheck>,
    pub depends_on: Vec<Dependency>,
    pub profiles: Vec<String>,
    /// `extends: {service, file?}`: (service, workspace path of the file or None for this file).
    pub extends: Option<(String, Option<String>)>,
    /// Every place the service names another service: `depends_on`, `links`, `extends.service`,
    /// `network_mode: service:X`, `volumes_from`.
    pub refers_to: Vec<ServiceRef>,
}

/// Where a service names another service of its project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    DependsOn,
    Links,
    Extends,
    NetworkMode,
    VolumesFrom,
}

impl RefKind {
    /// The compose key, as the user wrote it.
    pub fn key(self) -> &'static str {
        match self {
            RefKind::DependsOn => "depends_on",
            RefKind::Links => "links",
            RefKind::Extends => "extends",
            RefKind::NetworkMode => "network_mode",
            RefKind::VolumesFrom => "volumes_from",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRef {
    pub kind: RefKind,
    pub service: String,
    /// The name as written (inside quotes, before a `:alias` or `:ro`).
    pub span: Span,
    /// For `extends` with `file:`: the workspace path of that file (the service is looked up there).
    pub file: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ComposeFile {
    pub path: String,
    /// Workspace paths of the files this one `include`s.
    pub includes: Vec<String>,
    pub yaml: Yaml,
    pub services: Vec<Service>,
    /// Variables from a `.env` beside the compose file.
    pub env: BTreeMap<String, String>,
    /// Required variables (`${X:?msg}`) that have no value: (name, message, span).
    pub required: Vec<(String, String, Span)>,
    /// What fix verification may still parse for this file in this lint.
    pub fix_budget: edit::FixBudget,
}

impl ComposeFile {
    pub fn root(&self) -> Option<&Node> {
        self.yaml.documents.first()
    }
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name == name)
    }
}

pub use crate::workspace::path::normalize;
use crate::workspace::path::{child, dir_of, join};

fn is_remote(ctx: &str) -> bool {
    ctx.contains("://") || ctx.starts_with("git@") || ctx.starts_with("github.com/")
}

struct Reader<'a> {
    env: &'a BTreeMap<String, String>,
}

impl Reader<'_> {
    fn value(&mut self, node: &Node) -> Option<Value> {
        let raw = node.as_str()?;
        let r = interpolate(raw, self.env);
        Some(Value {
            text: r.value,
            span: node.span,
            unknown: !r.unknown.is_empty(),
        })
    }

    /// A `list_or_dict`: `{K: V}` or `["K=V", "K"]`.
    fn pairs(&mut self, node: &Node) -> Vec<(Value, Option<Value>)> {
        match &node.kind {
            Kind::Map(entries) => entries
                .iter()
                .filter_map(|e| {
                    let k = self.value(&e.key)?;
                    let v = if e.value.is_null() {
                        None
                    } else {
                        self.value(&e.value)
                    };
                    Some((k, v))
                })
                .collect(),
            Kind::Seq(items) => items
                .iter()
                .filter_map(|n| {
                    let v = self.value(n)?;
                    Some(match v.text.split_once('=') {
                        Some((k, val)) => {
                            // A quoted item (`- "K=v"`): the key starts after the quote.
                            let quoted = matches!(
                                n.kind,
                                Kind::Scalar(_, Style::SingleQuoted | Style::DoubleQuoted)
                            );
                            let start = n.span.start + usize::from(quoted);
                            let key_span = Span::new(start, (start + k.len()).min(n.span.end));
                            (
                                Value {
                                    text: k.to_string(),
                                    span: key_span,
                                    unknown: false,
                                },
                                Some(Value {
                                    text: val.to_string(),
                                    span: n.span,
                                    unknown: v.unknown,
                                }),
                            )
                        }
                        None => (v, None),
                    })
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    fn build(&mut self, node: &Node, compose_dir: &str) -> Build {
        let mut b = Build {
            span: node.span,
            context: Value {
                text: ".".into(),
                span: node.span,
                unknown: false,
            },
            remote: false,
            dockerfile: None,
            inline: false,
            target: None,
            args: Vec::new(),
            additional_contexts: Vec::new(),
            dockerfile_path: None,
            inherited: false,
        };
        match &node.kind {
            Kind::Scalar(..) => {
                if let Some(v) = self.value(node) {
                    b.context = v;
                }
            }
            Kind::Map(_) => {
                if let Some(v) = node.get("context").and_then(|n| self.value(n)) {
                    b.context = v;
                }
                b.dockerfile = node.get("dockerfile").and_then(|n| self.value(n));
                b.inline = node.get("dockerfile_inline").is_some();
                b.target = node.get("target").and_then(|n| self.value(n));
                if let Some(a) = node.get("args") {
                    b.args = self.pairs(a);
                }
                if let Some(a) = node.get("additional_contexts") {
                    b.additional_contexts = self
                        .pairs(a)
                        .into_iter()
                        .filter_map(|(k, v)| Some((k, v?)))
                        .collect();
                }
            }
            Kind::Seq(_) => {}
        }
        b.remote = is_remote(&b.context.text);
        let dockerfile_unknown = b.dockerfile.as_ref().map(|d| d.unknown).unwrap_or(false);
        if !b.remote && !b.inline && !b.context.unknown && !dockerfile_unknown {
            let ctx = join(compose_dir, &b.context.text);
            let name = b
                .dockerfile
                .as_ref()
                .map(|d| d.text.as_str())
                .unwrap_or("Dockerfile");
            if !name.starts_with('/') {
                b.dockerfile_path = Some(join(&ctx, name));
            }
        }
        b
    }

    fn service(&mut self, key: &Node, node: &Node, compose_dir: &str) -> Service {
        let mut s = Service {
            name: key.as_str().unwrap_or("").to_string(),
            name_span: key.span,
            image: node.get("image").and_then(|n| self.value(n)),
            build: node.get("build").map(|n| self.build(n, compose_dir)),
            healthcheck: None,
            depends_on: Vec::new(),
            profiles: node
                .get("profiles")
                .map(|p| p.string_list().iter().map(|s| s.to_string()).collect())
                .unwrap_or_default(),
            extends: node.get("extends").and_then(|e| match &e.kind {
                Kind::Scalar(name, _) => Some((name.clone(), None)),
                Kind::Map(_) => {
                    let svc = e.get("service")?.as_str()?.to_string();
                    let file = e
                        .get("file")
                        .and_then(Node::as_str)
                        .map(|f| join(compose_dir, f));
                    Some((svc, file))
                }
                Kind::Seq(_) => None,
            }),
            refers_to: Vec::new(),
        };
        s.refers_to = service_refs(node, compose_dir);
        if let Some(h) = node.get("healthcheck") {
            let disabled = h.get("disable").and_then(Node::as_bool).unwrap_or(false)
                || h.get("test")
                    .map(|t| {
                        t.string_list()
                            .first()
                            .map(|f| f.eq_ignore_ascii_case("NONE"))
                            .unwrap_or(false)
                    })
                    .unwrap_or(false);
            s.healthcheck = Some(Healthcheck {
                disabled,
                span: h.span,
            });
        }
        if let Some(d) = node.get("depends_on") {
            match &d.kind {
                Kind::Seq(items) => {
                    for n in items {
                        if let Some(name) = n.as_str() {
                            s.depends_on.push(Dependency {
                                service: name.to_string(),
                                span: n.span,
                                condition: None,
                            });
                        }
                    }
                }
                Kind::Map(entries) => {
                    for e in entries {
                        let Some(name) = e.key.as_str() else { continue };
                        let condition = e.value.get("condition").and_then(|c| self.value(c));
                        s.depends_on.push(Dependency {
                            service: name.to_string(),
                            span: e.key.span,
                            condition,
                        });
                    }
                }
                Kind::Scalar(..) => {}
            }
        }
        s
    }
}

/// Parse a compose file at workspace path `path`. A `.env` beside it supplies variables.
pub fn parse(ws: &Workspace, path: &str, text: &str) -> Result<ComposeFile, YamlError> {
    let yaml = yaml::parse(text)?;
    let dir = dir_of(path);
    let env_path = child(dir, ".env");
    let env = ws
        .get(&env_path)
        .map(|f| parse_env_file(&f.text))
        .unwrap_or_default();
    let mut reader = Reader { env: &env };
    let mut services = Vec::new();
    if let Some(svcs) = yaml.documents.first().and_then(|r| r.get("services")) {
        for e in svcs.entries() {
            services.push(reader.service(&e.key, &e.value, dir));
        }
    }
    // Required variables anywhere in the file (environment values included).
    let mut required = Vec::new();
    fn walk(n: &Node, env: &BTreeMap<String, String>, out: &mut Vec<(String, String, Span)>) {
        match &n.kind {
            Kind::Scalar(s, _) if s.contains("${") => {
                for (name, msg) in interpolate(s, env).required {
                    out.push((name, msg, n.span));
                }
            }
            Kind::Scalar(..) => {}
            Kind::Seq(items) => items.iter().for_each(|i| walk(i, env, out)),
            Kind::Map(entries) => entries.iter().for_each(|e| walk(&e.value, env, out)),
        }
    }
    for d in &yaml.documents {
        walk(d, &env, &mut required);
    }
    let includes = includes(path, &yaml);
    Ok(ComposeFile {
        path: path.to_string(),
        includes,
        yaml,
        services,
        env,
        required,
        fix_budget: edit::FixBudget::default(),
    })
}

/// Files named by a compose file's top-level `include:` (workspace paths).
fn includes(path: &str, yaml: &Yaml) -> Vec<String> {
    let dir = dir_of(path);
    let Some(inc) = yaml.documents.first().and_then(|r| r.get("include")) else {
        return Vec::new();
    };
    inc.items()
        .iter()
        .flat_map(|i| match &i.kind {
            Kind::Scalar(s, _) => vec![s.clone()],
            Kind::Map(_) => i
                .get("path")
                .map(|p| p.string_list().iter().map(|s| s.to_string()).collect())
                .unwrap_or_default(),
            Kind::Seq(_) => Vec::new(),
        })
        .filter(|p| !p.contains('$') && !is_remote(p))
        .map(|p| join(dir, &p))
        .collect()
}

/// The services one service names (see [`Service::refers_to`]).
fn service_refs(node: &Node, compose_dir: &str) -> Vec<ServiceRef> {
    let mut out = Vec::new();
    let mut push = |kind, n: &Node, name: &str, file: Option<String>| {
        if name.is_empty() || name.contains('$') {
            return;
        }
        let quoted = usize::from(matches!(
            n.kind,
            Kind::Scalar(_, Style::SingleQuoted | Style::DoubleQuoted)
        ));
        let start = (n.span.start + quoted).min(n.span.end);
        out.push(ServiceRef {
            kind,
            service: name.to_string(),
            span: Span::new(start, (start + name.len()).min(n.span.end)),
            file,
        });
    };
    if let Some(d) = node.get("depends_on") {
        match &d.kind {
            Kind::Seq(items) => items
                .iter()
                .for_each(|n| push(RefKind::DependsOn, n, n.as_str().unwrap_or(""), None)),
            Kind::Map(entries) => entries.iter().for_each(|e| {
                push(
                    RefKind::DependsOn,
                    &e.key,
                    e.key.as_str().unwrap_or(""),
                    None,
                )
            }),
            Kind::Scalar(..) => {}
        }
    }
    for n in node.get("links").map(Node::items).unwrap_or_default() {
        let name = n.as_str().unwrap_or("");
        push(
            RefKind::Links,
            n,
            name.split(':').next().unwrap_or(""),
            None,
        );
    }
    if let Some(e) = node.get("extends") {
        match &e.kind {
            Kind::Scalar(name, _) => push(RefKind::Extends, e, name, None),
            Kind::Map(_) => {
                let file = e.get("file").and_then(Node::as_str);
                if let Some(svc) = e.get("service") {
                    if file.is_none_or(|f| !f.contains('$')) {
                        let file = file.map(|f| join(compose_dir, f));
                        push(RefKind::Extends, svc, svc.as_str().unwrap_or(""), file);
                    }
                }
            }
            Kind::Seq(_) => {}
        }
    }
    if let Some(n) = node.get("network_mode") {
        if let Some(name) = n.as_str().and_then(|m| m.strip_prefix("service:")) {
            let mut at = n.clone();
            at.span.start += "service:".len();
            push(RefKind::NetworkMode, &at, name, None);
        }
    }
    for n in node
        .get("volumes_from")
        .map(Node::items)
        .unwrap_or_default()
    {
        let v = n.as_str().unwrap_or("");
        if v.starts_with("container:") {
            continue;
        }
        push(
            RefKind::VolumesFrom,
            n,
            v.split(':').next().unwrap_or(""),
            None,
        );
    }
    crate::sort::sort_by_key(&mut out, |r| r.span.start);
    out
}

/// The names `docker compose` looks for in a folder, in its order of preference.
pub const BASE_NAMES: [&str; 4] = [
    "compose.yaml",
    "compose.yml",
    "docker-compose.yaml",
    "docker-compose.yml",
];

/// Whether the compose file at `path` is an overlay: compose-named but not one of the base names
/// (`docker-compose.prod.yml`, `compose.override.yaml`), so written to be merged onto a base.
pub fn is_overlay(path: &str) -> bool {
    let name = path[dir_of(path).len()..].trim_start_matches('/');
    FileKind::detect(name) == FileKind::Compose
        && !BASE_NAMES.contains(&name.to_ascii_lowercase().as_str())
}

/// The files `docker compose` reads together with the compose file at `path`, in order of
/// preference (only the first that exists counts): for a base file (`compose.yaml`), its override
/// file (`compose.override.yaml`), which compose merges by default; for any other compose file of
/// the folder (an overlay such as `docker-compose.prod.yml`, used as `-f base -f overlay`), the
/// folder's base file.
pub fn partner_candidates(path: &str) -> Vec<String> {
    let dir = dir_of(path);
    let name = path[dir.len()..].trim_start_matches('/');
    let lower = name.to_ascii_lowercase();
    if let Some(base) = BASE_NAMES.iter().find(|b| **b == lower) {
        let stem = base.rsplit_once('.').map_or(*base, |(s, _)| s);
        return ["yaml", "yml"]
            .iter()
            .map(|ext| child(dir, &format!("{stem}.override.{ext}")))
            .collect();
    }
    if FileKind::detect(name) != FileKind::Compose {
        return Vec::new();
    }
    // `docker-compose.prod.yml` prefers `docker-compose.y(a)ml`, `compose.dev.yaml` prefers `compose.y(a)ml`.
    let mut bases: Vec<&str> = BASE_NAMES.to_vec();
    crate::sort::sort_by_key(&mut bases, |b| {
        !lower.starts_with(b.rsplit_once('.').map_or(*b, |(s, _)| s))
    });
    bases.iter().map(|b| child(dir, b)).collect()
}

/// The partner of `path` (see [`partner_candidates`]) that the workspace holds, if any.
fn partner(ws: &Workspace, path: &str) -> Option<String> {
    partner_candidates(path)
        .into_iter()
        .find(|p| ws.get(p).is_some())
}

/// The compose files of the project rooted at the compose file `root`: itself, its partner (see
/// [`partner_candidates`]), and what those include, transitively. Services, networks and volumes
/// resolve only inside a project, so a file gets the same findings alone or beside other projects.
pub fn project<'c>(
    ws: &Workspace,
    composes: &'c [ComposeFile],
    root: &str,
) -> Vec<&'c ComposeFile> {
    let mut queue: Vec<String> = vec![root.to_string()];
    queue.extend(partner(ws, root));
    let mut out: Vec<&ComposeFile> = Vec::new();
    while let Some(p) = queue.pop() {
        if out.iter().any(|c| c.path == p) {
            continue;
        }
        if let Some(c) = composes.iter().find(|c| c.path == p) {
            queue.extend(c.includes.iter().cloned());
            out.push(c);
        }
    }
    crate::sort::sort_by_key(&mut out, |c| c.path != root);
    out
}

/// Every compose file of the workspace that parses (plus files they `include`, whatever their
/// names), and the errors of those that do not. Services that `extends` another service without a
/// `build` of their own inherit its build.
pub fn parse_all(ws: &Workspace) -> (Vec<ComposeFile>, Vec<(String, YamlError)>) {
    let mut ok: Vec<ComposeFile> = Vec::new();
    let mut errors = Vec::new();
    let mut queue: Vec<String> = ws
        .files()
        .iter()
        .filter(|f| f.kind == FileKind::Compose)
        .map(|f| f.path.clone())
        .collect();
    let mut seen: Vec<String> = Vec::new();
    while let Some(path) = queue.pop() {
        if seen.contains(&path) {
            continue;
        }
        seen.push(path.clone());
        let Some(f) = ws.get(&path) else { continue };
        match parse(ws, &f.path, &f.text) {
            Ok(c) => {
                queue.extend(c.includes.iter().cloned());
                queue.extend(c.services.iter().filter_map(|s| s.extends.clone()?.1));
                queue.extend(partner(ws, &c.path));
                ok.push(c);
            }
            Err(e) => errors.push((f.path.clone(), e)),
        }
    }
    crate::sort::sort_by(&mut ok, |a, b| a.path.cmp(&b.path));
    // extends: copy the base service's build (resolved relative to the base's file) when missing.
    for i in 0..ok.len() {
        for j in 0..ok[i].services.len() {
            let s = &ok[i].services[j];
            if s.build.is_some() {
                continue;
            }
            let Some((base, file)) = s.extends.clone() else {
                continue;
            };
            let file = file.unwrap_or_else(|| ok[i].path.clone());
            // From another file, the build's spans are that file's: point them at this `extends`.
            let elsewhere = file != ok[i].path;
            let at = s
                .refers_to
                .iter()
                .find(|r| r.kind == RefKind::Extends)
                .map_or(s.name_span, |r| r.span);
            let inherited = ok
                .iter()
                .find(|c| c.path == file)
                .and_then(|c| c.service(&base))
                .and_then(|b| b.build.clone())
                .map(|b| if elsewhere { b.inherited_at(at) } else { b });
            if inherited.is_some() {
                ok[i].services[j].build = inherited;
            }
        }
    }
    (ok, errors)
}

/// A file a compose file of the workspace reads that the workspace lacks (the CLI loads these from
/// disk): any of `paths`, the first that exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub paths: Vec<String>,
    pub kind: FileKind,
    /// Part of the project being linted (a Dockerfile it builds, a file it includes or extends),
    /// as opposed to context that is only read (`.env`, the base or override file).
    pub member: bool,
}

/// What the workspace's compose files read but the workspace lacks: the Dockerfiles they build,
/// files they include or extend, `.env` beside them, and their partner files.
pub fn wanted_files(ws: &Workspace) -> Vec<Wanted> {
    let mut out: Vec<Wanted> = Vec::new();
    let mut want = |paths: Vec<String>, kind, member| {
        if paths.is_empty() || paths.iter().any(|p| ws.get(p).is_some()) {
            return;
        }
        if !out.iter().any(|w| w.paths == paths) {
            out.push(Wanted {
                paths,
                kind,
                member,
            });
        }
    };
    for c in parse_all(ws).0 {
        for s in &c.services {
            if let Some(p) = s.build.as_ref().and_then(|b| b.dockerfile_path.clone()) {
                want(vec![p], FileKind::Dockerfile, true);
            }
            if let Some((_, Some(f))) = &s.extends {
                want(vec![f.clone()], FileKind::Compose, true);
            }
        }
        for i in &c.includes {
            want(vec![i.clone()], FileKind::Compose, true);
        }
        want(vec![child(dir_of(&c.path), ".env")], FileKind::Other, false);
        want(partner_candidates(&c.path), FileKind::Compose, false);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_builds_and_paths() {
        let mut ws = Workspace::new();
        ws.add(".env", "TAG=1.2\n");
        let src = "services:\n  api:\n    build:\n      context: ./backend\n      dockerfile: ../docker/api.Dockerfile\n      target: prod\n      args:\n        - VERSION=${TAG}\n        - DEBUG\n      additional_contexts:\n        shared: ../libs\n    depends_on:\n      db:\n        condition: service_healthy\n  web:\n    build: web\n    depends_on: [api]\n  db:\n    image: postgres:${PG:-16}\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n";
        let c = parse(&ws, "compose.yaml", src).unwrap();
        let api = c.service("api").unwrap();
        let b = api.build.as_ref().unwrap();
        assert_eq!(b.dockerfile_path.as_deref(), Some("docker/api.Dockerfile"));
        assert_eq!(b.target.as_ref().unwrap().text, "prod");
        assert_eq!(b.args[0].0.text, "VERSION");
        assert_eq!(b.args[0].1.as_ref().unwrap().text, "1.2");
        assert_eq!(b.args[1].0.text, "DEBUG");
        assert_eq!(b.additional_contexts[0].0.text, "shared");
        assert_eq!(
            api.depends_on[0].condition.as_ref().unwrap().text,
            "service_healthy"
        );
        assert_eq!(
            c.service("web")
                .unwrap()
                .build
                .as_ref()
                .unwrap()
                .dockerfile_path
                .as_deref(),
            Some("web/Dockerfile")
        );
        assert_eq!(
            c.service("db").unwrap().image.as_ref().unwrap().text,
            "postgres:16"
        );
        assert!(c.service("db").unwrap().healthcheck.is_some());
        assert_eq!(api.name_span.slice(src), "api");
    }

    #[test]
    fn include_and_extends() {
        let mut ws = Workspace::new();
        ws.add("compose.yaml", "include:\n  - ops/common.yml\nservices:\n  worker:\n    extends:\n      file: ops/common.yml\n      service: base\n");
        ws.add_as(
            "ops/common.yml",
            "services:\n  base:\n    build: ../app\n",
            FileKind::Other,
        );
        let (files, errors) = parse_all(&ws);
        assert!(errors.is_empty());
        assert_eq!(
            files.len(),
            2,
            "the included file is read although its name is not compose*"
        );
        let main = files.iter().find(|c| c.path == "compose.yaml").unwrap();
        let w = main.service("worker").unwrap();
        assert_eq!(
            w.build.as_ref().unwrap().dockerfile_path.as_deref(),
            Some("app/Dockerfile")
        );
    }

    #[test]
    fn unknown_variables_and_remote_contexts_are_not_resolved() {
        let ws = Workspace::new();
        let src = "services:\n  a:\n    build:\n      context: $CTX\n  b:\n    build: https://github.com/x/y.git\n";
        let c = parse(&ws, "sub/compose.yml", src).unwrap();
        assert_eq!(
            c.service("a")
                .unwrap()
                .build
                .as_ref()
                .unwrap()
                .dockerfile_path,
            None
        );
        assert!(c.service("b").unwrap().build.as_ref().unwrap().remote);
    }
}
