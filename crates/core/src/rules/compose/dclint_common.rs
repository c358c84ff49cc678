//! What the compose rules share beyond the YAML text helpers of `crate::compose::edit`: the text
//! of a compose file in the analysis, and the fixed texts of a rule's bad example (for tests).

pub(crate) use crate::compose::edit::*;
use crate::compose::ComposeFile;
use crate::semantic::Analysis;

pub(crate) fn text_of<'a>(a: &'a Analysis<'_>, c: &ComposeFile) -> &'a str {
    a.ws.get(&c.path).map(|f| f.text.as_str()).unwrap_or("")
}

/// For rules' tests: apply every fix the rule offers on its own bad example (one at a time) and
/// check the file still parses and the rule reports fewer findings. Returns the fixed texts.
#[cfg(test)]
pub(crate) fn bad_example_fixes(rule: &dyn super::WorkspaceRule) -> Vec<String> {
    use crate::{lint, Config, Workspace};
    let m = rule.meta();
    let ws_with = |compose: &str| {
        let mut ws = Workspace::new();
        ws.add("compose.yaml", compose);
        for (p, t) in m.files {
            ws.add(*p, *t);
        }
        ws
    };
    let before = lint(&ws_with(m.bad), &Config::default());
    let hits: Vec<_> = before.findings.iter().filter(|f| f.rule == m.id).collect();
    assert!(
        !hits.is_empty(),
        "{}: the bad example does not trigger",
        m.id
    );
    let mut out = Vec::new();
    for f in hits.iter().filter(|f| f.file == "compose.yaml") {
        let Some(fix) = &f.fix else { continue };
        let text = crate::diagnostics::apply_edits(m.bad, &fix.edits).expect("the fix applies");
        let after = lint(&ws_with(&text), &Config::default());
        assert!(
            after.errors.is_empty(),
            "{}: {:?}\n{text}",
            m.id,
            after.errors
        );
        let left = after.findings.iter().filter(|x| x.rule == m.id).count();
        assert!(
            left < hits.len(),
            "{}: the fix does not remove the finding:\n{text}",
            m.id
        );
        out.push(text);
    }
    assert_eq!(
        m.has_fix,
        !out.is_empty(),
        "{}: has_fix must say whether the bad example gets a fix",
        m.id
    );
    out
}
