//! inconsistent-package-manager: one language's dependencies installed with different tools across files.

use super::consistency::{divergences, emit, others_list, runs, unsilenced, Doc, Use};
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::semantic::runs::RunSite;
use crate::shell::packages::{install_of, operands_with, Manager};
use crate::shell::{Cmd, CmdView};
use std::collections::BTreeMap;

pub struct InconsistentPackageManager;

const ID: &str = "inconsistent-package-manager";

static META: RuleMeta = rule_meta! {
    id: ID,
    aliases: &[],
    severity: Severity::Info,
    category: Category::Reproducibility,
    enabled_by_default: true,
    summary: "One language's dependencies are installed with different package managers across Dockerfiles",
    why: "pip, uv, Poetry, Pipenv and PDM (or npm, Yarn, pnpm and Bun) resolve versions differently \
and read different lock files. When `api/Dockerfile` runs `poetry install` and `worker/Dockerfile` runs \
`pip install -r requirements.txt`, the two images do not install the same dependency set: the \
requirements file drifts from the lock file, and a fix made in one place is missing in the other. One \
tool per language keeps one lock file authoritative.\n\n\
Counted are the commands that install project dependencies: `pip install`, `uv pip install`/`uv sync`/\
`uv add`, `poetry install`/`add`/`sync`/`export`, `pipenv install`/`sync`, `pdm install`/`sync`/`add`, \
`npm install`/`ci`, `yarn` (bare), `yarn install`/`add`, `pnpm install`/`add`/`fetch`, `bun install`/`add`. \
Bootstrapping the other tool does not count (`pip install poetry`, `pip install --upgrade pip`, \
`npm install -g pnpm`), nor do global tool installs (`npm install -g serve`, `yarn global add`). A file \
that uses both tools agrees with either (`poetry export` then `pip install -r`). When most files agree, \
only the others are reported; Dockerfiles in test, fixture, example and vendored folders are not \
compared, and with compose files only Dockerfiles of the same project are.",
    bad: "# worker/Dockerfile\nFROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n",
    good: "# worker/Dockerfile\nFROM python:3.12-slim\nRUN pip install --no-cache-dir poetry==1.8.3\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root --only main\n",
    has_fix: false,
    files: &[(
        "api/Dockerfile",
        "FROM python:3.12-slim\nRUN pip install --no-cache-dir poetry==1.8.3\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root --only main\n",
    )],
    references: &[
        "https://python-poetry.org/docs/cli/#install",
        "https://docs.astral.sh/uv/guides/integration/docker/",
        "https://docs.npmjs.com/cli/commands/npm-ci",
    ],
};

/// The package managers installed by bootstrap commands (installing them is not using pip/npm).
const PY_TOOLS: &[&str] = &[
    "pip",
    "setuptools",
    "wheel",
    "uv",
    "poetry",
    "pipenv",
    "pdm",
    "virtualenv",
    "pipx",
    "pip-tools",
    "hatch",
    "poetry-plugin-export",
    "poetry-core",
];
const NODE_TOOLS: &[&str] = &["npm", "yarn", "pnpm", "corepack", "bun"];

/// `poetry==1.8.3`, `Poetry[plugin]>=1` → `poetry`.
fn requirement_name(spec: &str) -> String {
    let end = spec
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .unwrap_or(spec.len());
    spec[..end].to_ascii_lowercase().replace('_', "-")
}

/// `npm`/`yarn`/`pnpm` package spec → name (`pnpm@9` → `pnpm`, `@scope/x@1` → `@scope/x`).
fn node_name(spec: &str) -> &str {
    match spec.strip_prefix('@') {
        Some(rest) => rest.find('@').map_or(spec, |i| &spec[..i + 1]),
        None => spec.split('@').next().unwrap_or(spec),
    }
}

fn is_global(v: &CmdView<'_>) -> bool {
    v.has_flag(Some('g'), Some("global")) || v.args.iter().any(|a| a.text == "--location=global")
}

/// The first operand after global options (no value-taking options are assumed).
fn verb<'v>(v: &CmdView<'v>) -> Option<&'v str> {
    operands_with(v.args, "", &[])
        .first()
        .map(|w| w.text.as_str())
}

/// (language, manager) of a command that installs project dependencies.
fn dependency_install(cmd: &Cmd) -> Option<(&'static str, &'static str)> {
    let v = cmd.unwrapped();
    let prog = v.program()?;
    if let Some(install) = install_of(cmd) {
        return match install.manager {
            Manager::Pip => {
                let from_file = v.has_flag(Some('r'), Some("requirement"))
                    || v.has_flag(Some('e'), Some("editable"));
                let real = from_file
                    || install
                        .packages
                        .iter()
                        .any(|p| !PY_TOOLS.contains(&requirement_name(&p.text).as_str()));
                real.then_some(("Python", "pip"))
            }
            Manager::Uv => Some(("Python", "uv")),
            Manager::Npm | Manager::Pnpm if is_global(&v) => None,
            Manager::Npm | Manager::Yarn | Manager::Pnpm => {
                if install.subcommand.starts_with("global") {
                    return None;
                }
                let tool_only = !install.packages.is_empty()
                    && install
                        .packages
                        .iter()
                        .all(|p| NODE_TOOLS.contains(&node_name(&p.text)));
                if tool_only {
                    return None;
                }
                Some((
                    "Node.js",
                    match install.manager {
                        Manager::Npm => "npm",
                        Manager::Yarn => "yarn",
                        _ => "pnpm",
                    },
                ))
            }
            _ => None,
        };
    }
    let verb = verb(&v);
    let is = |verbs: &[&str]| verb.is_some_and(|w| verbs.contains(&w));
    match prog {
        "uv" if is(&["sync", "add", "export"]) => Some(("Python", "uv")),
        "uv" if verb == Some("pip") => {
            let ops = operands_with(v.args, "", &[]);
            ops.get(1)
                .is_some_and(|w| w.text == "sync")
                .then_some(("Python", "uv"))
        }
        "poetry" if is(&["install", "add", "sync", "export"]) => Some(("Python", "poetry")),
        "pipenv" if is(&["install", "sync"]) => Some(("Python", "pipenv")),
        "pdm" if is(&["install", "sync", "add"]) => Some(("Python", "pdm")),
        // A bare `yarn` installs; flags like `--frozen-lockfile` keep it an install.
        "yarn" if verb.is_none() => Some(("Node.js", "yarn")),
        "pnpm" if is(&["fetch"]) => Some(("Node.js", "pnpm")),
        "bun" if is(&["install", "i", "add"]) && !is_global(&v) => Some(("Node.js", "bun")),
        _ => None,
    }
}

/// The project dependency installs of the file's RUN collection `sites`, each with its language
/// (what [`super::consistency::Facts`] keeps of them).
pub(super) fn installs(doc: &Doc<'_, '_>, sites: &[RunSite<'_>]) -> Vec<(&'static str, Use)> {
    let mut out = Vec::new();
    for run in runs(doc, sites, prefilter) {
        for c in run.commands() {
            if let Some((language, manager)) = dependency_install(c) {
                out.push((
                    language,
                    Use {
                        doc: 0,
                        key: manager.to_string(),
                        span: c.span,
                        shown: manager.to_string(),
                    },
                ));
            }
        }
    }
    out
}

/// Whether a RUN's text names one of the managers as a word of its own (`pip3.12` names `pip3`):
/// one pass over the text's words rather than a search per name.
fn prefilter(text: &str) -> bool {
    const NAMES: &[&str] = &[
        "pip", "pip3", "python", "python3", "uv", "poetry", "pipenv", "pdm", "npm", "yarn", "pnpm",
        "bun",
    ];
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .any(|w| NAMES.contains(&w))
}

impl WorkspaceRule for InconsistentPackageManager {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn reads_docs(&self) -> bool {
        true
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        if a.dockerfiles.len() < 2 {
            return;
        }
        let docs = a.docs();
        let mut by_language: BTreeMap<&'static str, Vec<Use>> = BTreeMap::new();
        for (i, doc) in docs.iter().enumerate() {
            for (language, u) in &doc.facts.installs {
                by_language.entry(language).or_default().push(Use {
                    doc: i,
                    ..u.clone()
                });
            }
        }
        let never = |_: &Use, _: &Use| false;
        for (language, uses) in by_language {
            let uses = unsilenced(docs, ID, uses);
            let divs = divergences(docs, &uses, &never);
            emit(
                docs,
                divs,
                |d| {
                    format!(
                        "{language} dependencies are installed with {} here, but with {}: use one package manager (and its lock file) for the project",
                        d.this.shown,
                        others_list(docs, &d.others)
                    )
                },
                out,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::consistency::testing::findings;
    use super::*;

    const RULE: &str = ID;

    fn managers(script: &str) -> Vec<(&'static str, &'static str)> {
        let s = crate::shell::analyse_script(script, crate::shell::Interpreter::Sh);
        s.commands.iter().filter_map(dependency_install).collect()
    }

    #[test]
    fn what_counts_as_a_dependency_install() {
        assert_eq!(
            managers("pip install -r requirements.txt"),
            [("Python", "pip")]
        );
        assert_eq!(managers("python3 -m pip install ."), [("Python", "pip")]);
        assert_eq!(managers("pip install --upgrade pip setuptools wheel"), []);
        assert_eq!(
            managers("pip install poetry==1.8.3 && poetry install --no-root"),
            [("Python", "poetry")]
        );
        assert_eq!(
            managers("pip install uv && uv pip install --system -r r.txt && uv sync --frozen"),
            [("Python", "uv"), ("Python", "uv")]
        );
        assert_eq!(managers("uv pip sync requirements.txt"), [("Python", "uv")]);
        assert_eq!(
            managers("pipenv install --deploy --system"),
            [("Python", "pipenv")]
        );
        assert_eq!(managers("npm ci --omit=dev"), [("Node.js", "npm")]);
        assert_eq!(
            managers("npm install -g pnpm@9 && pnpm install --frozen-lockfile"),
            [("Node.js", "pnpm")]
        );
        assert_eq!(managers("npm i -g serve"), []);
        assert_eq!(
            managers("yarn --frozen-lockfile && yarn build"),
            [("Node.js", "yarn")]
        );
        assert_eq!(managers("yarn global add nodemon"), []);
        assert_eq!(
            managers("corepack enable && pnpm fetch"),
            [("Node.js", "pnpm")]
        );
        assert_eq!(managers("bun install --production"), [("Node.js", "bun")]);
        assert_eq!(managers("npm run build && yarn test"), []);
    }

    #[test]
    fn python_managers_differ() {
        let f = findings(
            &[
                (
                    "api/Dockerfile",
                    "FROM python:3.12\nRUN pip install poetry\nRUN poetry install\n",
                ),
                (
                    "worker/Dockerfile",
                    "FROM python:3.12\nRUN pip install -r requirements.txt\n",
                ),
            ],
            RULE,
        );
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!((f[0].0.as_str(), f[0].1), ("api/Dockerfile", 3));
        assert!(
            f[0].2.contains("Python dependencies are installed with poetry here, but with pip in worker/Dockerfile:2"),
            "{}",
            f[0].2
        );
        assert_eq!((f[1].0.as_str(), f[1].1), ("worker/Dockerfile", 2));
    }

    #[test]
    fn node_majority() {
        let f = findings(
            &[
                ("a/Dockerfile", "FROM node:22\nRUN npm ci\n"),
                ("b/Dockerfile", "FROM node:22\nRUN npm ci --omit=dev\n"),
                (
                    "c/Dockerfile",
                    "FROM node:22\nRUN corepack enable && yarn install --immutable\n",
                ),
            ],
            RULE,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].0.as_str(), f[0].1), ("c/Dockerfile", 2));
        assert!(
            f[0].2.contains("a/Dockerfile:2 and npm in b/Dockerfile:2"),
            "{}",
            f[0].2
        );
    }

    #[test]
    fn agreeing_or_unrelated_files() {
        // Exporting from Poetry and installing with pip uses Poetry too; languages are separate.
        let f = findings(
            &[
                ("a/Dockerfile", "FROM python:3.12\nRUN poetry install\n"),
                (
                    "b/Dockerfile",
                    "FROM python:3.12\nRUN poetry export -o r.txt && pip install -r r.txt\n",
                ),
                ("c/Dockerfile", "FROM node:22\nRUN npm ci\n"),
                (
                    "d/Dockerfile",
                    "FROM node:22\nRUN pip install --upgrade pip\n",
                ),
                (
                    "tests/Dockerfile",
                    "FROM python:3.12\nRUN pip install pytest\n",
                ),
            ],
            RULE,
        );
        assert!(f.is_empty(), "{f:?}");
    }
}
