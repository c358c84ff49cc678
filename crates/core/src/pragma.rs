//! Inline pragmas in Dockerfile comments: `# hadolint ignore=...` (also `global ignore=`, `stage ignore=`,
//! `shell=`), and the same forms spelled `# shipshape ...`.

use crate::dockerfile::{Dockerfile, ItemKind, Keyword};
use crate::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The next instruction after the comment.
    Next,
    /// The whole file.
    Global,
    /// The stage the next instruction belongs to.
    Stage,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignore {
    pub scope: Scope,
    /// Rule ids or aliases, as written.
    pub rules: Vec<String>,
    /// The comment holding the pragma.
    pub span: Span,
    /// Byte range the pragma covers (from the start of the covered instruction or stage to its end).
    pub covers: Span,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pragmas {
    pub ignores: Vec<Ignore>,
    /// `# hadolint shell=pwsh`: the shell RUN instructions are written for.
    pub shell: Option<String>,
}

impl Pragmas {
    /// Whether a finding of `names` (rule id and aliases) starting at `offset` is silenced.
    pub fn silences(&self, names: &[&str], offset: usize) -> bool {
        self.ignores.iter().any(|ig| {
            (ig.scope == Scope::Global
                || ig.covers.contains(offset)
                || (ig.covers.is_empty() && ig.covers.start == offset))
                && ig
                    .rules
                    .iter()
                    .any(|r| names.iter().any(|n| n.eq_ignore_ascii_case(r)))
        })
    }
}

/// Split `ignore=DL3008,DL3015 rationale` into its rule list (the rationale is dropped).
fn rule_list(s: &str) -> Vec<String> {
    let list = s.split_whitespace().next().unwrap_or("");
    list.split(',')
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect()
}

/// Parse one comment's text (without the `#`); `None` when it is not a pragma.
pub fn parse_comment(text: &str) -> Option<(Option<Scope>, Vec<String>, Option<String>)> {
    let t = text.trim();
    let rest = t
        .strip_prefix("hadolint")
        .or_else(|| t.strip_prefix("shipshape"))?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    if let Some(r) = rest.strip_prefix("ignore=") {
        return Some((Some(Scope::Next), rule_list(r), None));
    }
    if let Some(r) = rest
        .strip_prefix("global")
        .map(str::trim_start)
        .and_then(|r| r.strip_prefix("ignore="))
    {
        return Some((Some(Scope::Global), rule_list(r), None));
    }
    if let Some(r) = rest
        .strip_prefix("stage")
        .map(str::trim_start)
        .and_then(|r| r.strip_prefix("ignore="))
    {
        return Some((Some(Scope::Stage), rule_list(r), None));
    }
    if let Some(r) = rest.strip_prefix("shell=") {
        return Some((
            None,
            Vec::new(),
            r.split_whitespace().next().map(str::to_string),
        ));
    }
    None
}

/// Collect the pragmas of a Dockerfile.
pub fn collect(df: &Dockerfile, text: &str) -> Pragmas {
    let mut p = Pragmas::default();
    let items = &df.items;
    for (i, item) in items.iter().enumerate() {
        let ItemKind::Comment { text: t } = item.kind else {
            continue;
        };
        let Some((scope, rules, shell)) = parse_comment(t.slice(text)) else {
            continue;
        };
        if let Some(sh) = shell {
            p.shell = Some(sh);
        }
        let Some(scope) = scope else { continue };
        // The instruction the pragma stands above (comments and blank lines may come between).
        let next = items[i + 1..].iter().find_map(|it| match &it.kind {
            ItemKind::Instruction(ins) => Some((it.span, &**ins)),
            ItemKind::Comment { .. } | ItemKind::Blank | ItemKind::Directive(_) => None,
        });
        let covers = match (scope, next) {
            (Scope::Global, _) => Span::new(0, text.len()),
            (_, None) => Span::empty(text.len()),
            (Scope::Next, Some((span, _))) => span,
            (Scope::Stage, Some((span, ins))) => {
                // From the stage's FROM (or this instruction) to the next FROM.
                let start = if ins.keyword() == Keyword::From {
                    span.start
                } else {
                    items[..i]
                        .iter()
                        .rev()
                        .find(|it| matches!(&it.kind, ItemKind::Instruction(x) if x.keyword() == Keyword::From))
                        .map(|it| it.span.start)
                        .unwrap_or(0)
                };
                let end = items
                    .iter()
                    .filter(|it| it.span.start > span.start)
                    .find(|it| matches!(&it.kind, ItemKind::Instruction(x) if x.keyword() == Keyword::From))
                    .map(|it| it.span.start)
                    .unwrap_or(text.len());
                Span::new(start, end)
            }
        };
        p.ignores.push(Ignore {
            scope,
            rules,
            span: t,
            covers,
        });
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;

    #[test]
    fn forms_and_rationale() {
        assert_eq!(
            parse_comment(" hadolint ignore=DL3008,DL3015 we pin elsewhere"),
            Some((
                Some(Scope::Next),
                vec!["DL3008".into(), "DL3015".into()],
                None
            ))
        );
        assert_eq!(
            parse_comment("hadolint global ignore=DL3006").unwrap().0,
            Some(Scope::Global)
        );
        assert_eq!(
            parse_comment("shipshape stage ignore=no-user").unwrap().1,
            vec!["no-user".to_string()]
        );
        assert_eq!(
            parse_comment("hadolint shell=powershell")
                .unwrap()
                .2
                .as_deref(),
            Some("powershell")
        );
        assert_eq!(parse_comment("hadolintignore=DL1"), None);
        assert_eq!(parse_comment("just a comment"), None);
    }

    #[test]
    fn scopes_cover_the_right_bytes() {
        let src = "FROM a:1 AS x\n# hadolint ignore=DL3003\nRUN cd /x\nRUN cd /y\n# hadolint stage ignore=DL3059\nRUN a\nFROM b:1\nRUN b\n";
        let df = parse(src);
        let p = collect(&df, src);
        let run1 = src.find("RUN cd /x").unwrap();
        let run2 = src.find("RUN cd /y").unwrap();
        assert!(p.silences(&["DL3003"], run1));
        assert!(!p.silences(&["DL3003"], run2));
        assert!(p.silences(&["DL3059"], src.find("RUN a").unwrap()));
        assert!(p.silences(&["DL3059"], 0), "the stage starts at its FROM");
        assert!(!p.silences(&["DL3059"], src.find("RUN b").unwrap()));
    }
}
