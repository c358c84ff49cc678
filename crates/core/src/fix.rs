//! Fix rounds: every selected fix applied to the workspace, re-linting between rounds so fixes
//! that only become possible after others compose. (The `Fix` type itself is a diagnostic.)

pub use crate::diagnostics::{apply_edits, Applicability, ApplyError, Fix};
use crate::source::TextEdit;

/// Which fixes `fix_workspace` applies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixOptions {
    /// Also apply fixes that change behaviour.
    pub include_unsafe: bool,
    /// Only fixes of these rules (ids or aliases); empty = all.
    pub rules: Vec<String>,
}

/// One file's text before and after, with the fixes applied (rule id, title), in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedFile {
    pub path: String,
    pub before: String,
    pub after: String,
    pub applied: Vec<(&'static str, String)>,
}

/// Most rounds of apply-and-relint before giving up (fixes that keep producing fixes).
pub const MAX_ROUNDS: usize = 10;

/// Apply every selected fix to the workspace: non-overlapping fixes in one pass, overlapping ones in
/// later rounds after re-linting, so the result equals applying them one by one. Returns the files
/// that changed; the input workspace is not modified.
pub fn fix_workspace(
    ws: &crate::workspace::Workspace,
    config: &crate::config::Config,
    opts: &FixOptions,
) -> Vec<FixedFile> {
    let mut current = ws.clone();
    let mut applied: std::collections::BTreeMap<String, Vec<(&'static str, String)>> =
        Default::default();
    for _ in 0..MAX_ROUNDS {
        let report = crate::lint::lint(&current, config);
        let mut changed = false;
        for file in ws.files() {
            let Some(cur) = current.get(&file.path) else {
                continue;
            };
            let mut taken: Vec<&TextEdit> = Vec::new();
            let mut names: Vec<(&'static str, String)> = Vec::new();
            let candidates = report
                .findings
                .iter()
                .filter(|f| f.file == file.path)
                .filter_map(|f| {
                    let fix = f.fix.as_ref()?;
                    let wanted = opts.rules.is_empty()
                        || opts.rules.iter().any(|r| {
                            r.eq_ignore_ascii_case(f.rule)
                                || f.aliases.iter().any(|a| a.eq_ignore_ascii_case(r))
                        });
                    (wanted && (opts.include_unsafe || fix.applicability == Applicability::Safe))
                        .then_some((f.rule, fix))
                });
            for (rule, fix) in candidates {
                let clashes = fix.edits.iter().any(|e| {
                    taken.iter().any(|t| {
                        let (a, b) = (e.span(), t.span());
                        a.start < b.end && b.start < a.end
                            || a.start == b.start
                            || (a.is_empty() && b.contains(a.start))
                            || (b.is_empty() && a.contains(b.start))
                    })
                });
                if clashes {
                    continue;
                }
                taken.extend(fix.edits.iter());
                names.push((rule, fix.title.clone()));
            }
            if taken.is_empty() {
                continue;
            }
            let edits: Vec<TextEdit> = taken.into_iter().cloned().collect();
            if let Ok(new) = apply_edits(&cur.text, &edits) {
                if new != cur.text {
                    current.add_as(file.path.clone(), new, file.kind);
                    applied.entry(file.path.clone()).or_default().extend(names);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    ws.files()
        .iter()
        .filter_map(|f| {
            let after = current.get(&f.path)?.text.clone();
            (after != f.text).then(|| FixedFile {
                path: f.path.clone(),
                before: f.text.clone(),
                after,
                applied: applied.remove(&f.path).unwrap_or_default(),
            })
        })
        .collect()
}
