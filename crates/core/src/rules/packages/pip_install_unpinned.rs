//! DL3013: `pip install` without pinned package versions.

use super::common::{finding, list, operands, pip_install, runs, Site};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;
use crate::shell::ShWord;

pub struct Dl3013;

static DL3013: RuleMeta = rule_meta! {
    id: "DL3013",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Reproducibility,
    enabled_by_default: true,
    summary: "`pip install` without pinned package versions",
    why: concat!(
        "`pip install requests` installs the newest release on the day of the build, so the same \
Dockerfile builds different images over time and breaks when a release does. Pin with \
`requests==2.32.3` (or a range such as `\"requests>=2.32,<3\"`), or install from a requirements or \
constraints file (`-r requirements.txt`, `-c constraints.txt`), which the rule leaves to you.\n\n\
As in hadolint, a package counts as pinned when it has a version operator (`==`, `>=`, `<=`, \
`>`, `<`, `!=`, `~=`), is a VCS URL with `@ref` (`git+https://host/repo@v1.2`), a local wheel or \
sdist (`.whl`, `.tar.gz`) or a path or URL (contains `/`); values of options such as \
`--index-url` or `-e` are not packages, and `pipx install` is checked too. Unlike hadolint, a \
path starting with `.` (`.[dev]`, `./lib`) counts as local (pip installs a local project with its \
extras this way, pip #1236), `.zip` and `.tar.bz2` archives count \
as files, and `pip` behind `sudo` or `env` is seen. Note that an unquoted `pkg>=1` is a shell \
redirection: quote ranges.",
        scripts_note!()
    ),
    bad: "FROM python:3.12-slim\nRUN pip install --no-cache-dir requests\n",
    good: "FROM python:3.12-slim\nRUN pip install --no-cache-dir requests==2.32.3\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3013",
        "https://github.com/pypa/pip/issues/1236",
    ],
};

const VCS: &[&str] = &["git+", "hg+", "svn+", "bzr+", "git:", "svn:"];

fn pip_pinned(p: &str) -> bool {
    let versioned = ["==", "!=", "~=", ">", "<"].iter().any(|s| p.contains(s));
    let lower = p.to_ascii_lowercase();
    if versioned {
        return true;
    }
    if VCS.iter().any(|v| lower.starts_with(v)) {
        // the ref goes after the last path segment: git+https://host/org/repo@v1.2
        return lower
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('@'));
    }
    [".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz"]
        .iter()
        .any(|s| lower.ends_with(s))
        || p.contains('/')
        || p.starts_with('.')
}

/// Whether a pip command installs from a requirements or constraints file (left to the file).
fn from_file(site: &Site<'_>) -> bool {
    let v = site.view();
    v.has_flag(Some('r'), Some("requirement"))
        || v.has_flag(None, Some("requirements"))
        || v.has_flag(Some('c'), Some("constraint"))
}

impl Rule for Dl3013 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3013
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !(cx.called().any_install(&[Manager::Pip]) || cx.called().any_program(&["pipx"])) {
            return;
        }
        for run in runs(cx) {
            for site in run.sites() {
                let packages: Vec<ShWord> = if let Some((p, _)) = pip_install(&site) {
                    p
                } else if site.program() == Some("pipx") {
                    let v = site.view();
                    let ops = operands(v.args, "", &["python", "index-url", "pip-args", "suffix"]);
                    match ops.split_first() {
                        Some((verb, rest)) if verb.text == "install" => {
                            rest.iter().map(|w| (*w).clone()).collect()
                        }
                        _ => continue,
                    }
                } else {
                    continue;
                };
                if from_file(&site) {
                    continue;
                }
                let loose: Vec<&ShWord> =
                    packages.iter().filter(|p| !pip_pinned(&p.text)).collect();
                if !loose.is_empty() {
                    out.push(finding(
                        &site,
                        format!(
                            "`pip install` without a version for {}; pin it as `name==version` or use a requirements file",
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
    use super::*;

    use crate::rules::run;

    #[test]
    fn dl3013_pins() {
        let n = |s: &str| run(&Dl3013, &format!("FROM p:1\nRUN {s}\n")).len();
        assert_eq!(n("pip install requests"), 1);
        assert_eq!(n("pip install -U pip"), 1);
        assert_eq!(n("python3 -m pip install a"), 1);
        assert_eq!(n("pipx install black"), 1);
        assert_eq!(n("pipenv install black"), 0);
        assert_eq!(n("pip install a==1 'b>=2' \"c<3\" d~=1 e!=2"), 0);
        assert_eq!(
            n("pip install git+https://h/o/r@v1 ./x /tmp/w.whl x.tar.gz . '.[dev]'"),
            0
        );
        assert_eq!(n("pip install git+https://h/o/r"), 1);
        assert_eq!(n("pip install -r requirements.txt a"), 0);
        assert_eq!(n("pip install --requirement=r.txt"), 0);
        assert_eq!(n("pip install -c c.txt a"), 0);
        assert_eq!(n("pip install -e . --index-url https://x a==1"), 0);
        assert_eq!(n("pip install $PKGS"), 1);
        assert_eq!(n("pip download a"), 0);
        // An option's value is not a package.
        assert_eq!(n("pip install --root-user-action ignore poetry==1.8.5"), 0);
        assert_eq!(n("pip install --log-file /tmp/pip.log poetry==1.8.5"), 0);
    }
}
