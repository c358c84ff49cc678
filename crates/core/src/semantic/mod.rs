//! The semantic layer: one `Analysis` of a workspace, built once per lint — every compose file read
//! into projects, every Dockerfile's RUN analyses (its parse is made by whoever reads it: the
//! lint parses each file once, for its own rules, and lets it go), what the cross-file rules read
//! of each Dockerfile a compose service builds ([`Built`]) — and the compose <-> Dockerfile
//! wiring ("key links": which Dockerfile, stage, build args and healthcheck each service ends up
//! with). Rules and reports read it; nothing here knows about rules.

pub mod runs;
pub mod vars;

use crate::compose::{ComposeFile, Service};
use crate::dockerfile::model::{arg_decls, Model, Stage};
use crate::dockerfile::{self, Args, Keyword};
use crate::workspace::{File, FileKind, Workspace};

/// Everything cross-file rules look at: the workspace, its parsed compose files and Dockerfiles.
pub struct Analysis<'a> {
    pub ws: &'a Workspace,
    pub composes: Vec<ComposeFile>,
    /// Compose files that are not valid YAML.
    pub compose_errors: Vec<(String, crate::yaml::YamlError)>,
    /// The workspace's Dockerfiles, in workspace order. Their parses are not kept (a monorepo's
    /// would be most of its memory): a reader parses the file itself (`dockerfile::parse`).
    pub dockerfiles: Vec<&'a File>,
    /// What the cross-file rules read of each Dockerfile (same order as `dockerfiles`), for the
    /// ones a compose service builds: filled by the file's own lint from its model, else on first
    /// use ([`Analysis::built`]).
    built: Vec<std::sync::OnceLock<Built>>,
    /// Each Dockerfile's RUN analyses (same order as `dockerfiles`), for its own lint: the lint
    /// pipeline forgets them when the file's lint is done (the cross-file rules keep facts of
    /// their own), a context made on its own reads them later.
    pub run_scripts: Vec<RunScripts>,
    /// The folders of the workspace's compose files: the projects its Dockerfiles are grouped
    /// into (valid YAML or not).
    pub compose_dirs: Vec<&'a str>,
    /// Dockerfile path -> its index in `dockerfiles`.
    df_index: std::collections::HashMap<String, usize>,
    /// Dockerfile path -> the (compose file, service) index pairs that build it, in file order.
    built_by: std::collections::HashMap<String, Vec<(usize, usize)>>,
}

/// Instruction start and SHELL argv -> that RUN's analysed scripts.
type ScriptMemo =
    std::collections::HashMap<(usize, Vec<String>), std::sync::Arc<Vec<crate::shell::Script>>>;

/// A per-file memo of [`crate::shell::analyse_run`], keyed by instruction and the SHELL in effect.
/// Shareable across threads: the native lint checks Dockerfiles in parallel, and a file's own RUN
/// analyses may be spread over several threads.
#[derive(Default)]
pub struct RunScripts {
    memo: std::sync::Mutex<ScriptMemo>,
}

/// Called with each RUN's index (into the list asked for) and its analysed scripts while
/// [`RunScripts::get_all`] holds their trees.
pub type EachRun<'f> = &'f (dyn Fn(usize, &[crate::shell::Script]) + Sync);

impl RunScripts {
    /// The scripts of many RUNs (instruction, SHELL in effect) of `text`, each analysed at most
    /// once per file. The RUNs not yet analysed are spread over up to `threads` threads (an
    /// analysis depends only on its text and shell); the memo is locked once before and once
    /// after, not per RUN. With `each`, every RUN is handed to it with its scripts, and a RUN
    /// analysed here is returned without its syntax trees and not remembered: `each` is then
    /// the trees' last reader (the ShellCheck-style walk), so they are let go one RUN at a time,
    /// and the caller keeps the scripts as long as it needs them.
    pub fn get_all(
        &self,
        runs: &[(&crate::dockerfile::Instruction, &[String])],
        text: &str,
        threads: usize,
        each: Option<EachRun<'_>>,
    ) -> Vec<std::sync::Arc<Vec<crate::shell::Script>>> {
        let known: Vec<Option<std::sync::Arc<Vec<crate::shell::Script>>>> = {
            let memo = self.lock();
            runs.iter()
                .map(|(ins, shell)| memo.get(&(ins.span.start, shell.to_vec())).cloned())
                .collect()
        };
        let missing: Vec<usize> = (0..runs.len()).filter(|&k| known[k].is_none()).collect();
        let fresh = crate::par::map(missing.len(), threads, |m| {
            let (ins, shell) = runs[missing[m]];
            let mut scripts = crate::shell::analyse_run(ins, text, shell);
            if let Some(each) = each {
                each(missing[m], &scripts);
                for s in &mut scripts {
                    s.ast = crate::shell::Ast(None);
                }
            }
            std::sync::Arc::new(scripts)
        });
        match each {
            // The RUNs already known are handed over too; those analysed here are not
            // remembered: the caller keeps what it needs of them (the lint pipeline's rules, and
            // its consistency facts, read the returned scripts).
            Some(each) => {
                for (k, hit) in known.iter().enumerate() {
                    if let Some(scripts) = hit {
                        each(k, scripts);
                    }
                }
            }
            None => {
                let mut memo = self.lock();
                for (&k, scripts) in missing.iter().zip(&fresh) {
                    let (ins, shell) = runs[k];
                    memo.insert(
                        (ins.span.start, shell.to_vec()),
                        std::sync::Arc::clone(scripts),
                    );
                }
            }
        }
        let mut fresh = fresh.into_iter();
        known
            .into_iter()
            .map(|hit| hit.or_else(|| fresh.next()).unwrap_or_default())
            .collect()
    }

    /// Forget every analysis: called when a file's lint is done (the cross-file rules read what
    /// they need of its RUNs from their own per-file facts), so a workspace of thousands of
    /// Dockerfiles never holds every command of every RUN at once.
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ScriptMemo> {
        self.memo
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Where a service's healthcheck comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    /// `healthcheck:` in compose.
    Compose,
    /// HEALTHCHECK in the built stage (or a local stage it builds on).
    Dockerfile,
    /// Switched off in compose (`disable: true`, `test: [NONE]`) or `HEALTHCHECK NONE`.
    Disabled,
    /// Built here and nothing defines one (an external base image might, which shipshape cannot see).
    Missing,
    /// A pulled image: only its registry metadata would tell.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyLink {
    pub compose: String,
    pub service: String,
    /// 1-based line of the service key.
    pub line: usize,
    pub image: Option<String>,
    /// The Dockerfile's workspace path, when the service builds one.
    pub dockerfile: Option<String>,
    pub dockerfile_found: bool,
    pub target: Option<String>,
    /// `None` when there is no target or no Dockerfile to check it against.
    pub target_found: Option<bool>,
    /// Build args and whether the Dockerfile declares each.
    pub args: Vec<(String, bool)>,
    pub health: Health,
}

/// What the cross-file rules read of a Dockerfile that a compose service builds, worked out once
/// from its model ([`Built::of`]), so no parse of it is kept for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    /// The names of its named stages, as written, in order.
    pub stage_names: Vec<String>,
    /// The base image of each stage whose base resolves, in stage order.
    pub bases: Vec<String>,
    /// Every ARG name it declares, globally or in a stage ([`declared_args`]).
    pub declared_args: Vec<String>,
    /// What a build ships with each `build.target` the services building it give.
    targets: Vec<(String, Shipped)>,
    /// What a build without a target ships (its last stage).
    last: Shipped,
}

/// What a build of a Dockerfile with a given target ships.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shipped {
    /// The target names a stage (always true without a target).
    pub found: bool,
    /// The health of the image: [`stage_health`].
    pub health: Health,
}

impl Built {
    /// The facts of the Dockerfile `model` is of, for builds with each of `targets` (and none).
    pub fn of<'t>(model: &Model<'_>, targets: impl Iterator<Item = &'t str>) -> Built {
        let shipped = |target: Option<&str>| Shipped {
            found: target.is_none_or(|t| model.stage_named(t).is_some()),
            health: stage_health(model, target),
        };
        let mut built = Built {
            stage_names: model
                .stages
                .iter()
                .filter_map(|s| s.name.map(|n| n.text.clone()))
                .collect(),
            bases: model
                .stages
                .iter()
                .filter_map(|s| s.base_resolved.clone())
                .collect(),
            declared_args: declared_args(model),
            targets: Vec::new(),
            last: shipped(None),
        };
        for t in targets {
            if !built.targets.iter().any(|(k, _)| k == t) {
                built.targets.push((t.to_string(), shipped(Some(t))));
            }
        }
        built
    }

    /// What a build with `target` ships (`None`: the last stage). Only the targets of the
    /// services that build this file are known; any other reads as naming no stage.
    pub fn shipped(&self, target: Option<&str>) -> Shipped {
        let Some(t) = target else { return self.last };
        let known = self.targets.iter().find(|(k, _)| k == t).map(|(_, s)| *s);
        debug_assert!(
            known.is_some(),
            "target {t:?} of no service building this file"
        );
        known.unwrap_or(Shipped {
            found: false,
            health: Health::Missing,
        })
    }
}

impl<'a> Analysis<'a> {
    pub fn new(ws: &'a Workspace) -> Self {
        let dockerfiles = ws
            .files()
            .iter()
            .filter(|f| f.kind == FileKind::Dockerfile)
            .collect::<Vec<_>>();
        let run_scripts = dockerfiles.iter().map(|_| Default::default()).collect();
        let built = dockerfiles.iter().map(|_| Default::default()).collect();
        let (composes, compose_errors) = crate::compose::parse_all(ws);
        let df_index = dockerfiles
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.clone(), i))
            .collect();
        let mut built_by: std::collections::HashMap<String, Vec<(usize, usize)>> =
            Default::default();
        for (ci, c) in composes.iter().enumerate() {
            for (si, s) in c.services.iter().enumerate() {
                if let Some(p) = s.build.as_ref().and_then(|b| b.dockerfile_path.as_ref()) {
                    built_by.entry(p.clone()).or_default().push((ci, si));
                }
            }
        }
        let compose_dirs = ws
            .files()
            .iter()
            .filter(|f| f.kind == FileKind::Compose)
            .map(|f| crate::workspace::path::dir_of(&f.path))
            .collect();
        Analysis {
            ws,
            composes,
            compose_errors,
            dockerfiles,
            built,
            run_scripts,
            compose_dirs,
            df_index,
            built_by,
        }
    }

    /// The shared RUN analyses of the Dockerfile at `path`.
    pub fn run_scripts(&self, path: &str) -> Option<&RunScripts> {
        self.run_scripts.get(*self.df_index.get(path)?)
    }

    /// The index in `dockerfiles` of the Dockerfile at `path`.
    pub fn dockerfile_index(&self, path: &str) -> Option<usize> {
        self.df_index.get(path).copied()
    }

    /// What the cross-file rules read of the Dockerfile at `path` (`None` when the workspace has
    /// no Dockerfile there): the facts its own lint worked out ([`Analysis::keep_built`]), else
    /// worked out now from a parse of it.
    pub fn built(&self, path: &str) -> Option<&Built> {
        let i = self.dockerfile_index(path)?;
        Some(self.built[i].get_or_init(|| {
            let df = dockerfile::parse(&self.dockerfiles[i].text);
            Built::of(&Model::build(&df), self.build_targets(path))
        }))
    }

    /// Keep what the cross-file rules read of Dockerfile `index` (from its lint's `model`) when a
    /// compose service builds it; nothing otherwise.
    pub fn keep_built(&self, index: usize, model: &Model<'_>) {
        let path = &self.dockerfiles[index].path;
        if !self.built_by(path).is_empty() {
            self.built[index].get_or_init(|| Built::of(model, self.build_targets(path)));
        }
    }

    /// What was kept of Dockerfile `index` for the cross-file rules, if anything yet.
    pub fn built_kept(&self, index: usize) -> Option<&Built> {
        self.built[index].get()
    }

    /// Keep `built` for Dockerfile `index`: what a lint of the same text with the same compose
    /// files kept (`lint::Reuse`).
    pub fn restore_built(&self, index: usize, built: Built) {
        let _ = self.built[index].set(built);
    }

    /// The `build.target`s the services building `path` name, as written.
    fn build_targets<'s>(&'s self, path: &str) -> impl Iterator<Item = &'s str> + 's {
        self.builds_of(path)
            .filter_map(|(_, _, b)| b.target.as_ref().map(|t| t.text.as_str()))
    }

    /// The (compose file, service) index pairs whose `build` is the Dockerfile at `path`.
    pub fn built_by(&self, path: &str) -> &[(usize, usize)] {
        self.built_by.get(path).map_or(&[], Vec::as_slice)
    }

    /// The services (with their compose file and build) that build the Dockerfile at `path`.
    pub fn builds_of<'s>(
        &'s self,
        path: &str,
    ) -> impl Iterator<Item = (&'s ComposeFile, &'s Service, &'s crate::compose::Build)> + 's {
        self.built_by(path).iter().filter_map(|&(ci, si)| {
            let c = &self.composes[ci];
            let s = &c.services[si];
            Some((c, s, s.build.as_ref()?))
        })
    }

    /// The compose files of `root`'s project (see [`crate::compose::project`]), `root` first.
    pub fn project(&self, root: &str) -> Vec<&ComposeFile> {
        crate::compose::project(self.ws, &self.composes, root)
    }

    /// The service `name` as the compose file `from` sees it: in `from` itself, else elsewhere in
    /// its project. `None` also when the project is incomplete (an included file is missing), so
    /// callers cannot tell "undefined" from "not visible"; see [`Analysis::project_complete`].
    pub fn find_service(&self, from: &str, name: &str) -> Option<(&ComposeFile, &Service)> {
        self.project(from)
            .into_iter()
            .find_map(|c| c.service(name).map(|s| (c, s)))
    }

    /// Whether every file `root`'s project includes is in the workspace and parses, and, for an
    /// overlay (`docker-compose.prod.yml`), whether its base file is there: an overlay is written
    /// to be merged, so without its base nothing can be said about the names it uses.
    pub fn project_complete(&self, root: &str) -> bool {
        if crate::compose::is_overlay(root)
            && !crate::compose::partner_candidates(root)
                .iter()
                .any(|p| self.composes.iter().any(|c| &c.path == p))
        {
            return false;
        }
        self.project(root)
            .iter()
            .flat_map(|c| &c.includes)
            .all(|i| self.composes.iter().any(|c| &c.path == i))
    }

    /// Every (compose file, service) pair.
    pub fn services(&self) -> impl Iterator<Item = (&ComposeFile, &Service)> {
        self.composes
            .iter()
            .flat_map(|c| c.services.iter().map(move |s| (c, s)))
    }

    pub fn key_links(&self) -> Vec<KeyLink> {
        let mut out = Vec::new();
        // Once per compose file and per Dockerfile, however many services share them.
        let mut indexes: std::collections::HashMap<&str, crate::source::LineIndex> =
            std::collections::HashMap::new();
        for (c, s) in self.services() {
            let text = self.ws.get(&c.path).map(|f| f.text.as_str()).unwrap_or("");
            let line = indexes
                .entry(c.path.as_str())
                .or_insert_with(|| crate::source::LineIndex::new(text))
                .line_col(text, s.name_span.start)
                .line;
            let b = s.build.as_ref();
            let path = b.and_then(|b| b.dockerfile_path.clone());
            let built = path.as_deref().and_then(|p| self.built(p));
            let target = b.and_then(|b| b.target.as_ref()).map(|t| t.text.clone());
            let (target_found, args, df_health) = match built {
                Some(built) => {
                    let shipped = built.shipped(target.as_deref());
                    let tf = target.as_ref().map(|_| shipped.found);
                    let declared = &built.declared_args;
                    let args = b
                        .map(|b| {
                            b.args
                                .iter()
                                .map(|(k, _)| {
                                    (
                                        k.text.clone(),
                                        declared.iter().any(|d| d == &k.text)
                                            || is_builtin_arg(&k.text),
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    (tf, args, Some(shipped.health))
                }
                None => (
                    None,
                    b.map(|b| {
                        b.args
                            .iter()
                            .map(|(k, _)| (k.text.clone(), false))
                            .collect()
                    })
                    .unwrap_or_default(),
                    None,
                ),
            };
            let health = match (&s.healthcheck, df_health, b) {
                (Some(h), _, _) if h.disabled => Health::Disabled,
                (Some(_), _, _) => Health::Compose,
                (None, Some(h), _) => h,
                (None, None, Some(_)) => Health::Missing,
                (None, None, None) => Health::Unknown,
            };
            out.push(KeyLink {
                compose: c.path.clone(),
                service: s.name.clone(),
                line,
                image: s.image.as_ref().map(|i| i.text.clone()),
                dockerfile_found: built.is_some(),
                dockerfile: path,
                target,
                target_found,
                args,
                health,
            });
        }
        out
    }
}

/// Build args BuildKit accepts without an ARG (proxies, BuildKit's own switches).
pub fn is_builtin_arg(name: &str) -> bool {
    name.starts_with("BUILDKIT_")
        || crate::dockerfile::model::is_proxy_arg(name)
        || name.eq_ignore_ascii_case("SOURCE_DATE_EPOCH")
}

/// Every ARG name declared anywhere in the Dockerfile (global or in a stage).
pub fn declared_args(model: &Model<'_>) -> Vec<String> {
    let mut out: Vec<String> = model.global_args.iter().map(|a| a.name.clone()).collect();
    for s in &model.stages {
        for ins in &s.instructions {
            if ins.keyword() == Keyword::Arg {
                out.extend(arg_decls(ins).into_iter().map(|a| a.name));
            }
        }
    }
    out
}

/// The stage a build ships: the named target, else the last stage.
pub fn shipped_stage<'m, 'a>(model: &'m Model<'a>, target: Option<&str>) -> Option<&'m Stage<'a>> {
    match target {
        Some(t) => model.stage_named(t),
        None => model.final_stage(),
    }
}

/// Health of the image a Dockerfile builds: the last HEALTHCHECK in the shipped stage or the local stages it builds on.
pub fn stage_health(model: &Model<'_>, target: Option<&str>) -> Health {
    let mut stage = shipped_stage(model, target);
    let mut hops = 0;
    while let Some(s) = stage {
        if let Some(h) = s
            .instructions
            .iter()
            .rev()
            .find(|i| i.keyword() == Keyword::Healthcheck)
        {
            let none = matches!(&h.command.args, Args::Healthcheck { kind, .. } if kind.text.eq_ignore_ascii_case("NONE"));
            return if none {
                Health::Disabled
            } else {
                Health::Dockerfile
            };
        }
        let base = s
            .base_resolved
            .as_deref()
            .unwrap_or("")
            .to_ascii_lowercase();
        stage = model.stages[..s.index]
            .iter()
            .rev()
            .find(|p| p.name_lower() == Some(base.as_str()));
        hops += 1;
        if hops > 64 {
            break;
        }
    }
    Health::Missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_follow_services_to_stages() {
        let mut ws = Workspace::new();
        ws.add("compose.yaml", "services:\n  api:\n    build:\n      context: api\n      target: runtime\n      args: {VERSION: '1', NOPE: x}\n  db:\n    image: postgres:16\n");
        ws.add("api/Dockerfile", "ARG VERSION=0\nFROM alpine:3.20 AS base\nHEALTHCHECK CMD wget -q localhost\nFROM base AS runtime\nCMD [\"x\"]\n");
        let a = Analysis::new(&ws);
        let links = a.key_links();
        let api = &links[0];
        assert_eq!(api.dockerfile.as_deref(), Some("api/Dockerfile"));
        assert!(api.dockerfile_found);
        assert_eq!(api.target_found, Some(true));
        assert_eq!(
            api.args,
            vec![("VERSION".to_string(), true), ("NOPE".to_string(), false)]
        );
        assert_eq!(
            api.health,
            Health::Dockerfile,
            "inherited from the base stage"
        );
        assert_eq!(api.line, 2);
        assert_eq!(links[1].health, Health::Unknown);
    }

    /// The lint keeps what the cross-file rules read of each built Dockerfile, from its own model,
    /// and only of built ones; worked out on first use instead, it is the same.
    #[test]
    fn lint_keeps_the_built_facts() {
        let mut ws = Workspace::new();
        ws.add("compose.yaml", "services:\n  api:\n    build:\n      context: api\n      target: Runtime\n  web:\n    build: api\n  job:\n    build:\n      context: api\n      target: nope\n");
        ws.add("api/Dockerfile", "ARG BASE=alpine:3.20\nFROM ${BASE} AS base\nARG VERSION\nHEALTHCHECK NONE\nFROM base AS runtime\nFROM scratch\n");
        ws.add("other/Dockerfile", "FROM alpine:3.20\n");
        let a = Analysis::new(&ws);
        crate::lint::lint_analysed(&a, &crate::Config::default());
        let kept = a.built[0].get().cloned().expect("kept by the lint");
        assert!(a.built[1].get().is_none(), "no service builds it");
        let fresh = Analysis::new(&ws);
        assert_eq!(fresh.built("api/Dockerfile"), Some(&kept));
        assert_eq!(kept.stage_names, ["base", "runtime"]);
        assert_eq!(kept.bases, ["alpine:3.20", "base", "scratch"]);
        assert_eq!(kept.declared_args, ["BASE", "VERSION"]);
        let runtime = kept.shipped(Some("Runtime"));
        assert!(runtime.found);
        assert_eq!(
            runtime.health,
            Health::Disabled,
            "from the stage it builds on"
        );
        assert_eq!(
            kept.shipped(None).health,
            Health::Missing,
            "scratch has none"
        );
        assert!(!kept.shipped(Some("nope")).found);
        assert_eq!(fresh.built("nowhere/Dockerfile"), None);
    }
}
