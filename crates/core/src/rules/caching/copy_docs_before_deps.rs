//! copy-docs-before-deps: files the dependency install does not need are copied before it.

use super::common::{has_arg, line_of, operands, steps};
use crate::diagnostics::Fix;
use crate::dockerfile::{Args, Instruction, Keyword};
use crate::rules::{whole_lines, Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::{Install, Manager};
use crate::shell::Cmd;
use crate::source::TextEdit;

pub struct CopyDocsBeforeDeps;

static META: RuleMeta = rule_meta! {
    id: "copy-docs-before-deps",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "Files the dependency install does not need are copied before it, so every edit re-runs it",
    why: "The build cache reuses a step only while everything before it is unchanged, and a COPY \
changes whenever any file it copies changes. `COPY . .` (or a README, `docs/`, a changelog) \
before `pip install -r requirements.txt`, `npm ci`, `go mod download`, `bundle install` and the \
like means that editing any source file, or a typo fix in the README, downloads and installs \
every dependency again. Copy the dependency manifests alone first, install, then copy the rest:\n\n\
    COPY package.json package-lock.json ./\n    RUN npm ci\n    COPY . .\n\n\
Reported in the same stage only, for a COPY or ADD from the build context (not `--from`) that \
copies the whole context (`.`, `./`, `*`) or documentation (`README*`, `*.md`, `*.rst`, \
`docs/`, `LICENSE`, `CHANGELOG`, ...), followed by an install that reads only manifests: `pip \
install -r` (no local paths or `-e`), `uv pip install -r`/`uv pip sync`, `npm ci`/`npm install` \
without package names, `yarn [install]`, `pnpm install`/`fetch`, `bun install`, `go mod \
download`, `composer install --no-scripts` (its scripts may need the sources), `mvn \
dependency:go-offline`, `gradle dependencies`, `dotnet \
restore`, `mix deps.get`, `cargo chef cook`; and, for the whole context only (their manifests \
may name a README or need the sources), `poetry install --no-root`, `uv sync \
--no-install-project`, `pipenv install`, `bundle install`, `cargo fetch`. An install that names \
its packages (`pip install fastapi==0.119.0`, `npm install left-pad@1.3.0`, `gem install \
rails:7.2.1`) reads nothing from the context at all and counts too. Installs of the project \
itself (`pip install .`, `poetry install`) need the sources and are not judged, nor is \
documentation the install's RUN names (`cd docs && npm ci` installs the docs site). The fix, \
offered when a COPY copies only documentation and nothing but other COPY/ADD/ENV/ARG/LABEL \
instructions stand between it and the install, moves it after the install; it is unsafe because \
the install might read those files after all.",
    bad: "FROM node:20-slim\nWORKDIR /app\nCOPY README.md ./\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY src/ src/\nCMD [\"node\", \"src/index.js\"]\n",
    good: "FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY README.md ./\nCOPY src/ src/\nCMD [\"node\", \"src/index.js\"]\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://docs.docker.com/build/cache/optimize/#order-your-layers",
        "https://docs.docker.com/build/building/best-practices/#leverage-build-cache",
    ],
};

/// A dependency install that reads only manifests.
struct DepInstall {
    /// The manifests it reads, for the message.
    manifests: String,
    /// Documentation copied before it is a finding (the install surely does not read it).
    docs_matter: bool,
}

fn dep_install((c, install): (&Cmd, Option<&Install>)) -> Option<DepInstall> {
    let prog = c.program_name()?.to_ascii_lowercase();
    let ops: Vec<String> = operands(c).iter().map(|w| w.text.clone()).collect();
    let first = ops.first().map(String::as_str).unwrap_or("");
    let second = ops.get(1).map(String::as_str).unwrap_or("");
    let m = |manifests: &str, docs_matter: bool| {
        Some(DepInstall {
            manifests: manifests.to_string(),
            docs_matter,
        })
    };
    if let Some(inst) = install {
        let bare = inst.packages.is_empty();
        match inst.manager {
            Manager::Pip | Manager::Uv => {
                let v = c.unwrapped();
                let reqs: Vec<String> = v
                    .flag_values(Some('r'), Some("requirement"))
                    .into_iter()
                    .map(|f| f.text)
                    .collect();
                let local = inst
                    .packages
                    .iter()
                    .any(|p| p.text.starts_with('.') || p.text.contains('/') || p.has_expansion);
                if local || has_arg(c, &["-e", "--editable"]) {
                    return None;
                }
                if reqs.is_empty() {
                    // Packages named on the command line: it reads nothing from the context.
                    return if bare { None } else { m("", true) };
                }
                return m(&reqs.join(", "), true);
            }
            Manager::Npm | Manager::Yarn | Manager::Pnpm | Manager::Gem
                if !bare
                    && inst.packages.iter().all(|p| {
                        !(p.has_expansion
                            || p.text.starts_with('.')
                            || p.text.contains('/') && !p.text.starts_with('@')
                            || p.text.starts_with("file:")
                            || p.text.ends_with(".tgz")
                            || p.text.ends_with(".gem"))
                    }) =>
            {
                return m("", true)
            }
            Manager::Npm if bare => return m("package.json, package-lock.json", true),
            Manager::Yarn if bare => return m("package.json, yarn.lock", true),
            Manager::Pnpm if bare => return m("package.json, pnpm-lock.yaml", true),
            // Without --no-scripts, Composer runs the project's scripts (e.g. Laravel's artisan).
            Manager::Composer
                if bare && inst.subcommand == "install" && has_arg(c, &["--no-scripts"]) =>
            {
                return m("composer.json, composer.lock", true)
            }
            _ => {}
        }
    }
    match (prog.as_str(), first, second) {
        ("yarn" | "yarnpkg", "", _) => m("package.json, yarn.lock", true),
        ("pnpm", "fetch", _) => m("pnpm-lock.yaml", true),
        ("bun", "install" | "i", _) if ops.len() == 1 => m("package.json, bun.lockb", true),
        ("go", "mod", "download") => m("go.mod, go.sum", true),
        ("uv", "pip", "sync") => m(
            ops.get(2).map(String::as_str).unwrap_or("requirements"),
            true,
        ),
        ("uv", "sync", _) if has_arg(c, &["--no-install-project", "--only-deps"]) => {
            m("pyproject.toml, uv.lock", false)
        }
        ("poetry", "install", _) if has_arg(c, &["--no-root", "--no-directory"]) => {
            m("pyproject.toml, poetry.lock", false)
        }
        ("pipenv", "install" | "sync", _) => m("Pipfile, Pipfile.lock", false),
        ("bundle" | "bundler", "install" | "", _) => m("Gemfile, Gemfile.lock", false),
        ("cargo", "fetch", _) => m("Cargo.toml, Cargo.lock", false),
        ("cargo", "chef", "cook") => m("recipe.json", true),
        ("mvn" | "mvnw", _, _)
            if ops.iter().any(|o| {
                o.starts_with("dependency:go-offline") || o.starts_with("dependency:resolve")
            }) =>
        {
            m("pom.xml", true)
        }
        ("gradle" | "gradlew", "dependencies", _) => m("build.gradle, settings.gradle", true),
        ("dotnet", "restore", _) => m("the project files", true),
        ("mix", "deps.get", _) => m("mix.exs, mix.lock", true),
        _ => None,
    }
}

/// What a COPY/ADD copies that the install does not need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Copied {
    /// The whole build context.
    Everything,
    /// Only documentation.
    DocsOnly,
    /// Documentation among other files.
    SomeDocs,
}

fn is_doc(src: &str) -> bool {
    let name = src.trim_end_matches('/').rsplit('/').next().unwrap_or(src);
    let lower = name.to_ascii_lowercase();
    let stem = lower.split('.').next().unwrap_or(&lower);
    matches!(lower.as_str(), "docs" | "doc" | "documentation")
        || lower.ends_with(".md")
        || lower.ends_with(".rst")
        || lower.ends_with(".adoc")
        || matches!(
            stem,
            "readme"
                | "license"
                | "licence"
                | "copying"
                | "changelog"
                | "changes"
                | "history"
                | "contributing"
                | "authors"
                | "notice"
                | "code_of_conduct"
                | "security"
        )
}

/// The sources of a COPY/ADD from the build context, if it is one.
fn context_sources(ins: &Instruction) -> Option<Vec<String>> {
    if !matches!(ins.keyword(), Keyword::Copy | Keyword::Add) || !ins.heredocs.is_empty() {
        return None;
    }
    if ins.command.flag("from").is_some() {
        return None;
    }
    let words: Vec<String> = match &ins.command.args {
        Args::Words(w) => w.iter().map(|w| w.text.clone()).collect(),
        Args::Exec(w) => w.iter().map(|w| w.text.clone()).collect(),
        _ => return None,
    };
    let (_, sources) = words.split_last()?;
    if sources.is_empty()
        || sources
            .iter()
            .any(|s| s.contains("://") || s.starts_with("git@") || s.contains('$'))
    {
        return None;
    }
    Some(sources.to_vec())
}

fn classify(sources: &[String]) -> Option<Copied> {
    let whole = |s: &str| matches!(s.trim_start_matches("./"), "" | "." | "*" | "/");
    if sources.iter().any(|s| whole(s) || s == ".") {
        return Some(Copied::Everything);
    }
    let docs = sources.iter().filter(|s| is_doc(s)).count();
    match docs {
        0 => None,
        n if n == sources.len() => Some(Copied::DocsOnly),
        _ => Some(Copied::SomeDocs),
    }
}

impl Rule for CopyDocsBeforeDeps {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let runs = steps(cx);
        let by_start: std::collections::HashMap<usize, usize> = runs
            .iter()
            .enumerate()
            .map(|(i, s)| (s.ins.span.start, i))
            .collect();
        for stage in &cx.model.stages {
            // COPYs seen so far in this stage that an install would be invalidated by.
            let mut pending: Vec<(usize, &Instruction, Copied)> = Vec::new();
            for (k, ins) in stage.instructions.iter().enumerate() {
                if let Some(sources) = context_sources(ins) {
                    if let Some(kind) = classify(&sources) {
                        pending.push((k, ins, kind));
                    }
                    continue;
                }
                if ins.keyword() != Keyword::Run || pending.is_empty() {
                    continue;
                }
                let Some(step) = by_start
                    .get(&ins.span.start)
                    .map(|&i| &runs[i])
                    .filter(|s| s.ins.span == ins.span)
                else {
                    continue;
                };
                let Some((cmd, dep)) = step.calls().find_map(|c| dep_install(c).map(|d| (c.0, d)))
                else {
                    continue;
                };
                let what = cmd.span.slice(cx.text);
                let what = if what.len() > 60 || what.contains('\n') {
                    format!("`{}`", cmd.program_name().unwrap_or("install"))
                } else {
                    format!("`{}`", what.trim())
                };
                let line = line_of(cx.text, ins.span.start);
                let run_text: String = step.scripts.iter().map(|s| s.text.as_str()).collect();
                let mut keep = Vec::new();
                for (k0, copy, kind) in pending.drain(..) {
                    let named = context_sources(copy).unwrap_or_default().iter().any(|src| {
                        let base = src.trim_end_matches('/').rsplit('/').next().unwrap_or(src);
                        !base.is_empty() && base != "." && run_text.contains(base)
                    });
                    if kind != Copied::Everything && (!dep.docs_matter || named) {
                        // The install may read them (`cd docs && npm install`).
                        keep.push((k0, copy, kind));
                        continue;
                    }
                    let src = copy.span.slice(cx.text);
                    let src = if src.len() > 50 || src.contains('\n') {
                        copy.command.name.to_string()
                    } else {
                        src.to_string()
                    };
                    let message = match kind {
                        Copied::Everything if dep.manifests.is_empty() => format!(
                            "`{src}` copies the whole build context before the dependency install {what} on line {line}, which names its packages and reads nothing from the context, so any edit re-runs it; install first, then copy the context"
                        ),
                        Copied::Everything => format!(
                            "`{src}` copies the whole build context before the dependency install {what} on line {line}, so any edit re-runs the install; copy {} first, install, then copy the rest",
                            dep.manifests
                        ),
                        _ => format!(
                            "`{src}` copies documentation before the dependency install {what} on line {line}, so editing it re-runs the install; copy it after the install"
                        ),
                    };
                    let mut d = Diagnostic::new(copy.span, message);
                    if kind == Copied::DocsOnly {
                        let between = &stage.instructions[k0 + 1..k];
                        let movable = between.iter().all(|i| {
                            matches!(
                                i.keyword(),
                                Keyword::Copy
                                    | Keyword::Add
                                    | Keyword::Env
                                    | Keyword::Arg
                                    | Keyword::Label
                            )
                        });
                        if movable {
                            let from = whole_lines(cx.text, copy.span);
                            let to = whole_lines(cx.text, ins.span);
                            let mut moved = from.slice(cx.text).to_string();
                            if !moved.ends_with('\n') {
                                moved.push('\n');
                            }
                            if to.end == cx.text.len() && !cx.text.ends_with('\n') {
                                moved = format!("\n{}", moved.trim_end_matches('\n'));
                            }
                            d = d.with_fix(Fix::unsafe_(
                                "Move the COPY after the dependency install",
                                vec![TextEdit::new(from, ""), TextEdit::insert(to.end, moved)],
                            ));
                        }
                    }
                    out.push(d);
                }
                pending = keep;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run;

    fn msgs(src: &str) -> Vec<String> {
        run(&CopyDocsBeforeDeps, src)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn installs_that_name_their_packages() {
        let m = msgs(
            "FROM python:3.12\nWORKDIR /app\nCOPY README.md ./\nRUN pip install fastapi==0.119.0\n",
        );
        assert_eq!(m.len(), 1, "{m:?}");
        let d = run(
            &CopyDocsBeforeDeps,
            "FROM python:3.12\nWORKDIR /app\nCOPY README.md ./\nRUN pip install fastapi==0.119.0\n",
        );
        assert!(d[0].fix.is_some(), "docs only: moved after the install");
        let m = msgs("FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm install -g @scope/cli@1.2.3 left-pad@1.3.0\n");
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].contains("names its packages"), "{m:?}");
        assert_eq!(
            msgs("FROM node:20\nCOPY . .\nRUN npm install -g pm2\n").len(),
            1
        );
        // Local packages need the files copied before them.
        assert!(msgs("FROM python:3.12\nCOPY . .\nRUN pip install ./lib\n").is_empty());
        assert!(msgs("FROM node:22\nCOPY . .\nRUN npm install ./packages/a\n").is_empty());
        assert!(msgs("FROM python:3.12\nCOPY . .\nRUN pip install $PKGS\n").is_empty());
    }

    #[test]
    fn whole_context_before_install() {
        let m = msgs("FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n");
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(
            m[0].contains("requirements.txt") && m[0].contains("line 4"),
            "{m:?}"
        );
        assert_eq!(
            msgs("FROM golang:1.22\nCOPY ./ /src/\nWORKDIR /src\nRUN go mod download && go build -o /app\n").len(),
            1
        );
        assert_eq!(msgs("FROM ruby:3\nCOPY . .\nRUN bundle install\n").len(), 1);
        assert_eq!(
            msgs("FROM composer:2\nCOPY . /app\nRUN composer install --no-dev --no-scripts\n")
                .len(),
            1
        );
    }

    #[test]
    fn manifests_first_is_fine() {
        for src in [
            "FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n",
            "FROM node:20\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n",
            // installing the project itself needs the sources
            "FROM python:3.12\nCOPY . .\nRUN pip install .\n",
            "FROM python:3.12\nCOPY . .\nRUN pip install -e . -r requirements.txt\n",
            "FROM python:3.12\nCOPY pyproject.toml poetry.lock README.md ./\nRUN poetry install --no-root\n",
            // another stage, or from another stage
            "FROM node:20 AS a\nCOPY . .\nFROM node:20\nRUN npm ci\n",
            "FROM node:20\nCOPY --from=build /app .\nRUN npm ci\n",
            // the docs folder is the project being installed
            "FROM node:20\nCOPY docs docs\nRUN cd docs && npm install && npm run build\n",
            // Composer's scripts may need the sources
            "FROM composer:2\nCOPY . /app\nRUN composer install --no-dev\n",
        ] {
            assert!(msgs(src).is_empty(), "{src}: {:?}", msgs(src));
        }
    }

    #[test]
    fn docs_move_after_the_install() {
        let src = META.bad;
        let d = run(&CopyDocsBeforeDeps, src);
        assert_eq!(d.len(), 1);
        let fixed =
            crate::diagnostics::apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert!(fixed.contains("RUN npm ci\nCOPY README.md ./\n"), "{fixed}");
        assert!(msgs(&fixed).is_empty());
        // A RUN in between might read it: no fix.
        let src = "FROM node:20\nCOPY README.md ./\nRUN cat README.md\nCOPY package.json ./\nRUN npm ci\n";
        let d = run(&CopyDocsBeforeDeps, src);
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
        // Mixed with manifests: reported, not moved.
        let d = run(
            &CopyDocsBeforeDeps,
            "FROM node:20\nCOPY package.json README.md ./\nRUN npm ci\n",
        );
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn fix_at_end_of_file_without_newline() {
        let src = "FROM node:20\nCOPY README.md ./\nCOPY package.json ./\nRUN npm ci";
        let d = run(&CopyDocsBeforeDeps, src);
        let fixed =
            crate::diagnostics::apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(
            fixed,
            "FROM node:20\nCOPY package.json ./\nRUN npm ci\nCOPY README.md ./"
        );
    }
}
