//! A rule's documented examples as workspaces: what `shipshape explain` prints, laid out as files
//! a linter (the docs tests, the playground's rule pages) can run.
//!
//! A Dockerfile rule's example is `Dockerfile`. A cross-file rule's example goes where the
//! convention on [`RuleMeta::bad`](crate::diagnostics::RuleMeta::bad) says: `compose.yaml`, or the
//! Dockerfile path its first comment line names. The rule's `files` come with it. A rule that is
//! off by default is switched on by a `.hadolint.yaml` that overrides its severity (an override
//! turns a rule on), so the bad example shows its finding with the default configuration.

use super::registry::Check;
use crate::workspace::{FileKind, Workspace};

/// Which of a rule's two examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Example {
    Bad,
    Good,
}

/// The workspace path of a cross-file rule's example: `compose.yaml`, unless its first line is a
/// comment holding only a Dockerfile path (`# api/Dockerfile`).
pub fn example_path(example: &str) -> &str {
    let first = example.lines().next().unwrap_or("");
    match first.strip_prefix('#').map(str::trim) {
        Some(p)
            if !p.is_empty()
                && !p.contains(char::is_whitespace)
                && FileKind::detect(p) == FileKind::Dockerfile =>
        {
            p
        }
        _ => "compose.yaml",
    }
}

/// Where a rule's example lives in its workspace.
pub fn path_of(check: &Check, which: Example) -> &'static str {
    match check {
        Check::Dockerfile(_) => "Dockerfile",
        Check::Workspace(_) => example_path(text_of(check, which)),
    }
}

fn text_of(check: &Check, which: Example) -> &'static str {
    let m = check.meta();
    match which {
        Example::Bad => m.bad(),
        Example::Good => m.good(),
    }
}

/// The files of a rule's example workspace as (path, text), the example itself first; a
/// `.hadolint.yaml` switches on a rule that is off by default (see the module docs).
pub fn example_files(check: &Check, which: Example) -> Vec<(&'static str, String)> {
    let m = check.meta();
    let mut files = vec![(path_of(check, which), text_of(check, which).to_string())];
    files.extend(m.files().iter().map(|(p, t)| (*p, t.to_string())));
    if !m.enabled_by_default {
        let on = format!("override:\n  {}:\n    - {}\n", m.severity.as_str(), m.id);
        match files
            .iter_mut()
            .find(|(p, _)| FileKind::detect(p) == FileKind::HadolintConfig)
        {
            // No rule off by default brings its own configuration today; should one, it gets the
            // override appended only when it has no `override:` of its own.
            Some((_, text)) if !text.contains("override:") => text.push_str(&on),
            Some(_) => {}
            None => files.push((".hadolint.yaml", on)),
        }
    }
    files
}

/// [`example_files`] as a workspace.
pub fn example_workspace(check: &Check, which: Example) -> Workspace {
    let mut ws = Workspace::new();
    for (p, t) in example_files(check, which) {
        ws.add(p, t);
    }
    ws
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{lint, Config};

    #[test]
    fn example_paths_follow_the_convention() {
        assert_eq!(
            example_path("services:\n  a:\n    image: x\n"),
            "compose.yaml"
        );
        assert_eq!(example_path("# api/Dockerfile\nFROM x\n"), "api/Dockerfile");
        assert_eq!(
            example_path("# syntax=docker/dockerfile:1\nFROM x\n"),
            "compose.yaml"
        );
        assert_eq!(
            example_path("# the api Dockerfile\nservices: {}\n"),
            "compose.yaml"
        );
    }

    #[test]
    fn rules_off_by_default_are_switched_on_by_their_example() {
        let off: Vec<_> = super::super::registry::all()
            .iter()
            .filter(|c| !c.meta().enabled_by_default)
            .collect();
        assert!(!off.is_empty());
        for c in off {
            let m = c.meta();
            let r = lint(&example_workspace(c, Example::Bad), &Config::default());
            assert!(r.errors.is_empty(), "{}: {:?}", m.id, r.errors);
            assert!(r.findings.iter().any(|f| f.rule == m.id), "{}", m.id);
            // Without the override the default configuration leaves it off, unless the example
            // switches it on itself (a BuildKit `# check=experimental=` directive).
            if !m.bad.contains("# check=") {
                let mut plain = Workspace::new();
                plain.add(path_of(c, Example::Bad), m.bad);
                let r = lint(&plain, &Config::default());
                assert!(!r.findings.iter().any(|f| f.rule == m.id), "{}", m.id);
            }
        }
    }
}
