//! DL3062: `go install` of a module without a version.

use super::common::{finding, list, runs, Site};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;
use crate::shell::ShWord;

pub struct Dl3062;

static DL3062: RuleMeta = rule_meta! {
    id: "DL3062",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Reproducibility,
    enabled_by_default: true,
    summary: "`go install` of a module without a version",
    why: concat!(
        "`go install example.com/tool` (or `go get`, `go run`) outside a module resolves the \
latest version on the day of the build, so the image changes without the Dockerfile changing. \
Pin with `@v1.2.3`; `@latest` and `@none` are not pins. As in hadolint, local packages (`.`, \
`./cmd/x`, `/src/x`) are fine, `go install` and `go get` check every package, and `go run` only \
its first argument (the rest are the program's). Unlike hadolint, a `.go` file given to \
`go run` counts as local: `go run` takes a list of .go source files as the package to build.",
        scripts_note!()
    ),
    bad: "FROM golang:1.23\nRUN go install golang.org/x/tools/gopls\n",
    good: "FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@v0.16.2\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3062",
        "https://go.googlesource.com/go/+/go1.16.4/src/cmd/go/internal/run/run.go",
    ],
};

/// The package arguments of `go run`: only the first operand is the package or file.
fn go_run_target<'r>(site: &Site<'r>) -> Option<&'r ShWord> {
    let v = site.view();
    if v.program() != Some("go") {
        return None;
    }
    let mut args = v.args.iter().skip_while(|w| w.text.starts_with('-'));
    if args.next()?.text != "run" {
        return None;
    }
    while let Some(w) = args.next() {
        let t = w.text.as_str();
        if t == "--" {
            return args.next();
        }
        if let Some(name) = t.strip_prefix("--").or_else(|| t.strip_prefix('-')) {
            if !name.contains('=') && crate::shell::packages::GO_VALUE_FLAGS.contains(&name) {
                args.next();
            }
            continue;
        }
        return Some(w);
    }
    None
}

fn go_pinned(p: &str) -> bool {
    if p.starts_with('.') || p.starts_with('/') || p.ends_with(".go") {
        return true;
    }
    p.contains('@') && !p.ends_with("@latest") && !p.ends_with("@none")
}

impl Rule for Dl3062 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3062
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !(cx.called().any_install(&[Manager::Go]) || cx.called().any_program(&["go"])) {
            return;
        }
        for run in runs(cx) {
            for site in run.sites() {
                let (verb, packages): (&str, Vec<ShWord>) = match site.install() {
                    Some(i) if i.manager == Manager::Go => ("go install", i.packages.clone()),
                    _ => match go_run_target(&site) {
                        Some(w) => ("go run", vec![w.clone()]),
                        None => continue,
                    },
                };
                let verb =
                    if verb == "go install" && site.view().args.iter().any(|a| a.text == "get") {
                        "go get"
                    } else {
                        verb
                    };
                let loose: Vec<&ShWord> = packages.iter().filter(|p| !go_pinned(&p.text)).collect();
                if !loose.is_empty() {
                    out.push(finding(
                        &site,
                        format!(
                            "`{verb}` without a version for {}; pin it as `path@vX.Y.Z`",
                            list(&loose)
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::n;
    use super::*;

    #[test]
    fn dl3062_go() {
        assert_eq!(n(&Dl3062, "go install example.com/x"), 1);
        assert_eq!(n(&Dl3062, "go install example.com/x@latest"), 1);
        assert_eq!(n(&Dl3062, "go install example.com/x@v1.2.3"), 0);
        assert_eq!(n(&Dl3062, "go install -ldflags '-s -w' ./cmd/x ."), 0);
        assert_eq!(n(&Dl3062, "go install example.com/x@v1 example.com/y"), 1);
        assert_eq!(n(&Dl3062, "go get example.com/x"), 1);
        assert_eq!(n(&Dl3062, "go get -d ./..."), 0);
        assert_eq!(n(&Dl3062, "go run example.com/x@v1 arg"), 0);
        assert_eq!(n(&Dl3062, "go run example.com/x"), 1);
        assert_eq!(n(&Dl3062, "go run -tags x . arg"), 0);
        assert_eq!(n(&Dl3062, "go run main.go"), 0);
        assert_eq!(n(&Dl3062, "go build ./... && go mod download"), 0);
        assert_eq!(n(&Dl3062, "go install"), 0);
    }
}
