//! Shared machinery of the cross-file consistency rules (`inconsistent-base-images`,
//! `inconsistent-uids`, `inconsistent-cache-mounts`, `inconsistent-package-manager`): the
//! Dockerfiles of one project with their models, and the comparison that decides which uses
//! diverge.
//!
//! # Which files are compared
//!
//! * Dockerfiles under a test, fixture, example or vendored folder (a folder name with a `-`/`_`/`.`
//!   separated part starting with `test` or equal to `fixture(s)`, `e2e`, `example(s)`,
//!   `sample(s)` or `vendor`; `__tests__`, `__fixtures__`, `node_modules`, `third_party`) are left
//!   out: they copy other projects or exercise edge cases.
//! * When the workspace has compose files, each Dockerfile belongs to the project of the compose
//!   file that builds it, else of the nearest compose file in a folder above it, else to the
//!   workspace root; only files of one project are compared (a repository of independent samples,
//!   one compose file each, is not one project).
//! * A use silenced by a `# hadolint ignore=<rule>` pragma (or `global ignore=`) is left out of the
//!   comparison: it is neither reported nor held against the other files.
//!
//! # How divergence is decided
//!
//! Per topic (a base image repository, a user name, a cache, a language), each file has a set of
//! keys (tags, UIDs, cache ids, managers). The key used by the most files is the convention; when
//! one key leads, only files that use none of it are reported, naming files that use it. When the
//! lead is tied (two files, one key each), every file is reported, naming the files it shares no
//! key with. A rule may declare a pair of uses *explained* (the file's path names the variant, the
//! same user is reported elsewhere): explained pairs are not conflicts.

use crate::dockerfile::model::Model;
use crate::dockerfile::Instruction;
use crate::pragma::Pragmas;
use crate::semantic::runs::RunSite;
use crate::semantic::vars::Vars;
use crate::semantic::Analysis;
use crate::shell::{Cmd, Interpreter, Script};
use crate::source::{LineIndex, Span};
use crate::workspace::path::{dir_holds, dir_of};
use std::collections::BTreeSet;

/// One Dockerfile of the workspace as the consistency rules read it while it is linted: its model
/// and variables (the lint's own), for working out its [`Facts`].
pub(super) struct Doc<'d, 'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub model: &'d Model<'d>,
    pub vars: &'d Vars,
    /// The project (folder of its compose file, `""` for the workspace root) it is compared within.
    pub group: String,
    /// Compose `build.target`s naming a stage of this file.
    pub targets: Vec<String>,
    /// Build args of each compose service building this file (only values known offline).
    pub arg_sets: Vec<Vec<(String, String)>>,
    /// Compose `additional_contexts` names given to this file (a FROM naming one is not an image).
    pub named_contexts: Vec<String>,
    pragmas: Pragmas,
}

/// One Dockerfile as the rules compare it with the others: where it is, its project, its
/// pragmas, and what each rule read of it ([`Facts`]). It holds nothing of the file's parse, so
/// the workspace's comparison never needs a Dockerfile's model or RUN analyses.
pub(super) struct Compared<'a> {
    pub path: &'a str,
    text: &'a str,
    /// The project (folder of its compose file, `""` for the workspace root) it is compared within.
    pub group: String,
    pub facts: Facts,
    pragmas: Pragmas,
    lines: LineIndex,
}

/// What of a [`Compared`] does not borrow the workspace: kept by a lint that may be reused
/// (`lint::Reuse`) and compared again against the same text.
pub(super) struct Kept {
    group: String,
    facts: Facts,
    pragmas: Pragmas,
}

impl Kept {
    /// The file compared again: `path` and `text` are the ones it was made from.
    pub fn compared<'a>(&self, path: &'a str, text: &'a str) -> Compared<'a> {
        Compared {
            path,
            text,
            group: self.group.clone(),
            facts: self.facts.clone(),
            pragmas: self.pragmas.clone(),
            lines: LineIndex::new(text),
        }
    }
}

impl Compared<'_> {
    /// What of it a reused lint keeps.
    pub fn keep(&self) -> Kept {
        Kept {
            group: self.group.clone(),
            facts: self.facts.clone(),
            pragmas: self.pragmas.clone(),
        }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.lines.line_col(self.text, offset).line
    }

    /// Whether a `# hadolint ignore=` pragma silences `rule` at `offset`.
    pub fn silenced(&self, rule: &str, offset: usize) -> bool {
        self.pragmas.silences(&[rule], offset)
    }
}

impl<'a> Doc<'_, 'a> {
    /// The file as the rules compare it, with what they read of it.
    pub fn compared(self, facts: Facts) -> Compared<'a> {
        Compared {
            lines: LineIndex::new(self.text),
            path: self.path,
            text: self.text,
            group: self.group,
            facts,
            pragmas: self.pragmas,
        }
    }

    /// The stages that ship: those compose builds as `target`, else the last one.
    pub fn shipped_stages(&self) -> Vec<usize> {
        self.model.shipped_stages(&self.targets)
    }

    /// `index` and the local stages it is built on, nearest first.
    pub fn chain(&self, index: usize) -> Vec<usize> {
        let Some(stage) = self.model.stages.get(index) else {
            return Vec::new();
        };
        crate::dockerfile::model::stage_chain(self.model, stage)
            .iter()
            .map(|s| s.index)
            .collect()
    }

    /// `text` with its variables replaced as stage `stage` sees them before byte `before`; `None`
    /// when a variable is unknown or a command substitution is involved.
    pub fn resolve(&self, stage: usize, before: usize, text: &str) -> Option<String> {
        self.vars.expand(stage, before, text)
    }
}

/// Folder names whose Dockerfiles are not part of the project's own images: a `-`/`_`/`.`
/// separated part starting with `test` (`tests`, `testdata`, `integration-tests`, not `latest`),
/// or a fixture, example or vendored folder.
fn is_fixture_dir(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let whole = matches!(
        n.as_str(),
        "__fixtures__" | "__tests__" | "node_modules" | "third_party" | "third-party"
    );
    whole
        || n.split(['-', '_', '.']).any(|part| {
            part.starts_with("test")
                || matches!(
                    part,
                    "fixture"
                        | "fixtures"
                        | "e2e"
                        | "example"
                        | "examples"
                        | "sample"
                        | "samples"
                        | "vendor"
                )
        })
}

/// Whether a workspace path lies in a test/fixture/example/vendored folder.
pub(super) fn is_fixture_path(path: &str) -> bool {
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    parts.iter().any(|p| is_fixture_dir(p))
}

/// Dockerfile `index` of the analysis as the rules read it, with its `model` and `vars`; `None`
/// when it takes no part (a fixture path).
pub(super) fn doc_base<'d, 'a>(
    a: &'a Analysis<'_>,
    index: usize,
    model: &'d Model<'d>,
    vars: &'d Vars,
) -> Option<Doc<'d, 'a>> {
    let file: &'a crate::workspace::File = a.dockerfiles.get(index)?;
    if is_fixture_path(&file.path) {
        return None;
    }
    let builds: Vec<_> = a.builds_of(&file.path).map(|(c, _, b)| (c, b)).collect();
    let group = match builds.first() {
        Some((c, _)) => dir_of(&c.path).to_string(),
        None => a
            .compose_dirs
            .iter()
            .filter(|d| dir_holds(d, &file.path))
            .max_by_key(|d| d.len())
            .map_or(String::new(), |d| d.to_string()),
    };
    let mut targets: Vec<String> = builds
        .iter()
        .filter_map(|(_, b)| b.target.as_ref())
        .filter(|t| !t.unknown)
        .map(|t| t.text.clone())
        .collect();
    crate::sort::sort(&mut targets);
    targets.dedup();
    let mut arg_sets: Vec<Vec<(String, String)>> = builds
        .iter()
        .map(|(_, b)| {
            b.args
                .iter()
                .filter_map(|(k, v)| {
                    let v = v.as_ref().filter(|v| !v.unknown)?;
                    (!k.unknown).then(|| (k.text.clone(), v.text.clone()))
                })
                .collect::<Vec<_>>()
        })
        .filter(|set| !set.is_empty())
        .collect();
    crate::sort::sort(&mut arg_sets);
    arg_sets.dedup();
    let mut named_contexts: Vec<String> = builds
        .iter()
        .flat_map(|(_, b)| b.additional_contexts.iter().map(|(k, _)| k.text.clone()))
        .collect();
    crate::sort::sort(&mut named_contexts);
    named_contexts.dedup();
    Some(Doc {
        path: &file.path,
        text: &file.text,
        vars,
        model,
        group,
        targets,
        arg_sets,
        named_contexts,
        pragmas: crate::pragma::collect(model.dockerfile, &file.text),
    })
}

/// What the consistency rules read of one Dockerfile, in file order. The pipeline works it out
/// at the end of the file's own lint, from the model and the RUN collection its rules used, so
/// nothing of the file's parse or RUN analyses is needed for the cross-file comparison (a
/// workspace of thousands of Dockerfiles holds these few facts per file). Each [`Use`]'s `doc` is
/// 0 here; the rules set it to the file's index among the compared ones.
#[derive(Debug, Default, Clone)]
pub(super) struct Facts {
    /// The base images of its stages, resolved, that are not its own stages, named contexts or
    /// `scratch` (`inconsistent-base-images`).
    pub bases: Vec<BaseImage>,
    /// Users created with an explicit UID (`inconsistent-uids`).
    pub users: Vec<CreatedUser>,
    /// The UIDs its shipped stages run as, with the user name when they are given by name
    /// (`inconsistent-uids`).
    pub runtime: Vec<(Use, Option<String>)>,
    /// Cache mounts, each with the cache it is for (`inconsistent-cache-mounts`).
    pub caches: Vec<(&'static str, Use)>,
    /// Project dependency installs, each with its language (`inconsistent-package-manager`).
    pub installs: Vec<(&'static str, Use)>,
}

/// A base image one stage is built on.
#[derive(Debug, Clone)]
pub(super) struct BaseImage {
    pub image: String,
    /// The FROM word.
    pub span: Span,
    /// How it reads in a message, e.g. "`python:3.12-slim`".
    pub shown: String,
}

/// A user created with an explicit UID (`useradd -u`, `adduser -u`).
#[derive(Debug, Clone)]
pub(super) struct CreatedUser {
    pub name: String,
    pub uid: String,
    /// The word holding the UID.
    pub span: Span,
    /// Where the RUN creating it starts.
    pub ins: usize,
}

/// One file's use of something the rule compares across files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Use {
    /// Index into the [`docs`] list.
    pub doc: usize,
    /// What must match across files (a tag, a UID, a cache id, a manager).
    pub key: String,
    /// Where the finding goes.
    pub span: Span,
    /// How the use reads in a message, e.g. "`python:3.12-slim`".
    pub shown: String,
}

/// A use that diverges from the other files, with one use of each file it disagrees with.
pub(super) struct Divergence<'u> {
    pub this: &'u Use,
    pub others: Vec<&'u Use>,
}

/// Drop the uses a pragma silences for `rule`.
pub(super) fn unsilenced(docs: &[Compared<'_>], rule: &str, uses: Vec<Use>) -> Vec<Use> {
    uses.into_iter()
        .filter(|u| !docs[u.doc].silenced(rule, u.span.start))
        .collect()
}

/// The divergent uses among `uses` (all of one topic), decided per project as the module
/// documentation describes. `explained(a, b)` says that a difference between two uses of different
/// files is deliberate.
pub(super) fn divergences<'u>(
    docs: &[Compared<'_>],
    uses: &'u [Use],
    explained: &dyn Fn(&Use, &Use) -> bool,
) -> Vec<Divergence<'u>> {
    let mut out = Vec::new();
    let groups: BTreeSet<&str> = crate::sort::set(uses.iter().map(|u| docs[u.doc].group.as_str()));
    for group in groups {
        let mut files: Vec<usize> = uses
            .iter()
            .filter(|u| docs[u.doc].group == group)
            .map(|u| u.doc)
            .collect();
        crate::sort::sort_unstable(&mut files);
        files.dedup();
        if files.len() < 2 {
            continue;
        }
        let of = |f: usize| uses.iter().filter(move |u| u.doc == f);
        let keys = |f: usize| crate::sort::set(of(f).map(|u| u.key.as_str()));
        let keysets: Vec<BTreeSet<&str>> = files.iter().map(|f| keys(*f)).collect();
        // How many files use each key; the convention is the key most files use, if one leads.
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for ks in &keysets {
            for k in ks {
                match counts.iter_mut().find(|(c, _)| c == k) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((k, 1)),
                }
            }
        }
        let max = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
        let leaders: Vec<&str> = counts
            .iter()
            .filter(|(_, n)| *n == max)
            .map(|(k, _)| *k)
            .collect();
        let convention = (leaders.len() == 1).then(|| leaders[0]);
        let pair_explained =
            |f: usize, g: usize| of(f).any(|a| of(g).any(|b| explained(a, b) || explained(b, a)));
        for (i, &f) in files.iter().enumerate() {
            if convention.is_some_and(|c| keysets[i].contains(c)) {
                continue;
            }
            let conflicts: Vec<&Use> = files
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .filter(|(j, _)| convention.is_none_or(|c| keysets[*j].contains(c)))
                .filter(|(j, _)| keysets[i].is_disjoint(&keysets[*j]))
                .filter(|(_, &g)| !pair_explained(f, g))
                .filter_map(|(_, &g)| {
                    of(g)
                        .find(|u| convention.is_none_or(|c| u.key == c))
                        .or_else(|| of(g).next())
                })
                .collect();
            if conflicts.is_empty() {
                continue;
            }
            for u in of(f) {
                out.push(Divergence {
                    this: u,
                    others: conflicts.clone(),
                });
            }
        }
    }
    out
}

/// "`python:3.12-slim` in api/Dockerfile:1, `python:3.12` in web/Dockerfile:3 and 2 more files".
pub(super) fn others_list(docs: &[Compared<'_>], others: &[&Use]) -> String {
    let shown: Vec<String> = others
        .iter()
        .take(3)
        .map(|u| {
            let d = &docs[u.doc];
            format!("{} in {}:{}", u.shown, d.path, d.line(u.span.start))
        })
        .collect();
    let more = others.len().saturating_sub(3);
    match (shown.len(), more) {
        (0, _) => String::new(),
        (1, _) => shown[0].clone(),
        (_, 0) => {
            let (last, first) = shown.split_last().expect("two or more");
            format!("{} and {last}", first.join(", "))
        }
        (_, n) => format!(
            "{} and {n} more file{}",
            shown.join(", "),
            if n == 1 { "" } else { "s" }
        ),
    }
}

/// Turn divergences into findings, one per span (a FROM resolved under several compose arg sets
/// may diverge more than once).
pub(super) fn emit(
    docs: &[Compared<'_>],
    divs: Vec<Divergence<'_>>,
    message: impl Fn(&Divergence<'_>) -> String,
    out: &mut Vec<(String, crate::rules::Diagnostic)>,
) {
    let mut seen: Vec<(usize, Span)> = Vec::new();
    for d in divs {
        let at = (d.this.doc, d.this.span);
        if seen.contains(&at) {
            continue;
        }
        seen.push(at);
        out.push((
            docs[d.this.doc].path.to_string(),
            crate::rules::Diagnostic::new(d.this.span, message(&d)),
        ));
    }
}

/// A RUN of a stage and what it runs.
pub(super) struct Run<'a> {
    pub ins: &'a Instruction,
    pub stage: usize,
    pub scripts: std::sync::Arc<Vec<Script>>,
}

impl Run<'_> {
    /// The simple commands of its shell (or exec-form) scripts.
    pub fn commands(&self) -> impl Iterator<Item = &Cmd> {
        self.scripts
            .iter()
            .filter(|s| s.interpreter.is_shell() || s.interpreter == Interpreter::Exec)
            .flat_map(|s| s.commands.iter())
    }
}

/// The RUN instructions (of the file's RUN collection `sites`) of every stage whose source text
/// passes `want`, a cheap pre-filter, with their analysed scripts (each in the shell in effect).
pub(super) fn runs<'s>(
    doc: &Doc<'_, '_>,
    sites: &'s [RunSite<'s>],
    want: impl Fn(&str) -> bool,
) -> Vec<Run<'s>> {
    sites
        .iter()
        .filter(|r| !r.onbuild && want(r.ins.span.slice(doc.text)))
        .filter_map(|r| {
            Some(Run {
                ins: r.ins,
                stage: r.stage?,
                scripts: std::sync::Arc::clone(&r.scripts),
            })
        })
        .collect()
}

/// Whether `text` contains `word` with no letter, digit, `-` or `_` right before or after it.
pub(super) fn has_word(text: &str, word: &str) -> bool {
    let is_part = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    text.match_indices(word).any(|(i, _)| {
        !text[..i].chars().next_back().is_some_and(is_part)
            && !text[i + word.len()..].chars().next().is_some_and(is_part)
    })
}

#[cfg(test)]
pub(super) mod testing {
    use crate::{lint, Config, Workspace};

    /// (file, line, message) of `rule`'s findings on a workspace of `files`.
    pub fn findings(files: &[(&str, &str)], rule: &str) -> Vec<(String, usize, String)> {
        let mut ws = Workspace::new();
        for (p, t) in files {
            ws.add(*p, *t);
        }
        let r = lint(&ws, &Config::default());
        r.findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| (f.file.clone(), f.line, f.message.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixture_paths() {
        assert!(is_fixture_path("test/Dockerfile"));
        assert!(is_fixture_path("pkg/e2e/fixtures/build/Dockerfile"));
        assert!(is_fixture_path("frontend/parser/testfiles/x/Dockerfile"));
        assert!(is_fixture_path("integration-tests/Dockerfile"));
        assert!(is_fixture_path("vendor/github.com/x/Dockerfile"));
        assert!(!is_fixture_path("Dockerfile.test"));
        assert!(!is_fixture_path("api/Dockerfile"));
        assert!(!is_fixture_path("services/latest/Dockerfile"));
        assert!(!is_fixture_path("contest/Dockerfile"));
        assert!(is_fixture_path("docs/examples.d/Dockerfile"));
    }

    #[test]
    fn whole_words() {
        assert!(has_word("RUN pip install x", "pip"));
        assert!(has_word("RUN a&&pip3 x", "pip3"));
        assert!(!has_word("RUN pipx install x", "pip"));
        assert!(!has_word("RUN get-pip.py", "pip"));
    }

    fn use_(doc: usize, key: &str) -> Use {
        Use {
            doc,
            key: key.into(),
            span: Span::new(doc, doc + 1),
            shown: key.into(),
        }
    }

    fn doc_set(n: usize) -> (Vec<String>, crate::workspace::Workspace) {
        let mut ws = crate::workspace::Workspace::new();
        let paths: Vec<String> = (0..n).map(|i| format!("s{i}/Dockerfile")).collect();
        for p in &paths {
            ws.add(p.clone(), "FROM scratch\n");
        }
        (paths, ws)
    }

    /// The pipeline builds each file's doc during that file's lint (then forgets its RUN
    /// analyses); a context on its own builds them all at once. Both give the same findings.
    #[test]
    fn docs_built_per_file_or_at_once_agree() {
        let files = [
            (
                "api/Dockerfile",
                "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\nRUN useradd -u 1000 app\nUSER app\n",
            ),
            (
                "worker/Dockerfile",
                "FROM python:3.11-slim\nRUN --mount=type=cache,id=pipc,target=/root/.cache/pip poetry install\nRUN useradd -u 1001 app\nUSER app\n",
            ),
            (
                "web/Dockerfile",
                "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r r.txt\nRUN adduser -u 1002 app\nUSER 1002\n",
            ),
        ];
        let mut ws = crate::workspace::Workspace::new();
        for (p, t) in files {
            ws.add(p, t);
        }
        let rules: Vec<_> = crate::rules::registry::workspace_rules()
            .filter(|r| r.reads_docs())
            .collect();
        assert_eq!(rules.len(), 4);
        let mut piped: Vec<(String, usize, String)> = crate::lint(&ws, &crate::Config::default())
            .findings
            .into_iter()
            .filter(|f| rules.iter().any(|r| r.meta().id == f.rule))
            .map(|f| (f.file, f.span.start, f.message))
            .collect();
        let a = Analysis::new(&ws);
        let cx = super::super::WorkspaceCx::new(&a);
        let mut at_once = Vec::new();
        for rule in &rules {
            let mut out = Vec::new();
            rule.check(&cx, &mut out);
            at_once.extend(out.into_iter().map(|(p, d)| (p, d.span.start, d.message)));
        }
        piped.sort();
        at_once.sort();
        assert_eq!(piped, at_once);
        // UIDs, the base image's tag, the package manager and the cache id all diverge.
        assert!(piped.len() >= 4, "{piped:#?}");
    }

    #[test]
    fn majority_and_ties() {
        let (_, ws) = doc_set(4);
        let a = Analysis::new(&ws);
        let cx = super::super::WorkspaceCx::new(&a);
        let docs = cx.docs();
        let never = |_: &Use, _: &Use| false;
        // Two files, one key each: both reported, each naming the other.
        let uses = vec![use_(0, "a"), use_(1, "b")];
        let d = divergences(docs, &uses, &never);
        assert_eq!(d.len(), 2);
        assert_eq!((d[0].this.doc, d[0].others[0].doc), (0, 1));
        assert_eq!((d[1].this.doc, d[1].others[0].doc), (1, 0));
        // A leading key: only the others are reported, naming the files that use it.
        let uses = vec![use_(0, "a"), use_(1, "a"), use_(2, "b"), use_(3, "c")];
        let d = divergences(docs, &uses, &never);
        let reported: Vec<usize> = d.iter().map(|x| x.this.doc).collect();
        assert_eq!(reported, vec![2, 3]);
        assert_eq!(
            d[0].others.iter().map(|u| u.doc).collect::<Vec<_>>(),
            vec![0, 1]
        );
        // Sharing one key is agreement.
        let uses = vec![use_(0, "a"), use_(0, "b"), use_(1, "b")];
        assert!(divergences(docs, &uses, &never).is_empty());
        // Explained pairs are not conflicts.
        let uses = vec![use_(0, "a"), use_(1, "b")];
        assert!(divergences(docs, &uses, &|a, _| a.key == "a").is_empty());
        let list = others_list(docs, &uses.iter().collect::<Vec<_>>());
        assert_eq!(list, "a in s0/Dockerfile:1 and b in s1/Dockerfile:1");
    }

    #[test]
    fn projects_follow_compose_files() {
        let mut ws = crate::workspace::Workspace::new();
        ws.add("one/compose.yaml", "services:\n  a:\n    build: .\n");
        ws.add("one/Dockerfile", "FROM scratch\n");
        ws.add(
            "two/compose.yaml",
            "services:\n  b:\n    build: ../shared\n",
        );
        ws.add("two/web/Dockerfile", "FROM scratch\n");
        ws.add("shared/Dockerfile", "FROM scratch\n");
        ws.add("Dockerfile", "FROM scratch\n");
        ws.add("tests/Dockerfile", "FROM scratch\n");
        let a = Analysis::new(&ws);
        let cx = super::super::WorkspaceCx::new(&a);
        let d = cx.docs();
        let groups: Vec<(&str, &str)> = d.iter().map(|d| (d.path, d.group.as_str())).collect();
        assert_eq!(
            groups,
            vec![
                ("one/Dockerfile", "one"),
                ("two/web/Dockerfile", "two"),
                ("shared/Dockerfile", "two"),
                ("Dockerfile", ""),
            ]
        );
    }

    #[test]
    fn stage_values() {
        let mut ws = crate::workspace::Workspace::new();
        ws.add(
            "Dockerfile",
            "ARG UID=1000\nFROM alpine AS base\nARG UID\nENV HOME_DIR=/home/app\nFROM base\nRUN echo $UID\nENV UID=7\n",
        );
        let a = Analysis::new(&ws);
        let df = crate::dockerfile::parse(&a.dockerfiles[0].text);
        let model = Model::build(&df);
        let vars = Vars::build(&model);
        let doc = doc_base(&a, 0, &model, &vars).expect("a doc");
        let run_at = doc.text.find("RUN").unwrap();
        // ARGs do not cross FROM (BuildKit): the stage built on `base` has no UID of its own.
        assert_eq!(doc.vars.lookup(1, run_at, "UID").known(), None);
        assert_eq!(doc.vars.lookup(0, run_at, "UID").known(), Some("1000"));
        assert_eq!(
            doc.resolve(1, run_at, "${HOME_DIR}/.cache").as_deref(),
            Some("/home/app/.cache")
        );
        assert_eq!(doc.resolve(1, run_at, "$NOPE"), None);
        assert_eq!(doc.resolve(1, run_at, "$(id -u)"), None);
        assert_eq!(doc.vars.lookup(1, doc.text.len(), "UID").known(), Some("7"));
    }
}
