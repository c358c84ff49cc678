//! Inline pragmas in Dockerfile comments: `# hadolint ignore=...` (also `global ignore=`, `stage ignore=`,
//! `shell=`), and the same forms spelled `# shipshape ...`; tally's `# tally [global] ignore=...` too.

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
    /// Take out the ignore pragmas that name something `known` does not know: hadolint rejects
    /// such a pragma as a whole, so it silences nothing. Returns them (for a finding on each).
    pub fn reject_unknown(&mut self, known: impl Fn(&str) -> bool) -> Vec<Ignore> {
        let (bad, good): (Vec<Ignore>, Vec<Ignore>) = std::mem::take(&mut self.ignores)
            .into_iter()
            .partition(|ig| ig.rules.iter().any(|r| r != ALL && !known(r)));
        self.ignores = good;
        bad
    }

    /// Whether a finding of `names` (rule id and aliases) starting at `offset` is silenced.
    pub fn silences(&self, names: &[&str], offset: usize) -> bool {
        self.ignores.iter().any(|ig| {
            (ig.scope == Scope::Global
                || ig.covers.contains(offset)
                || (ig.covers.is_empty() && ig.covers.start == offset))
                && ig
                    .rules
                    .iter()
                    .any(|r| r == ALL || names.iter().any(|n| n.eq_ignore_ascii_case(r)))
        })
    }
}

/// Split `DL3008, DL3015 rationale` (what follows `ignore=`) into its rule list. As in hadolint,
/// spaces may surround the commas; the list ends at the first name not followed by a comma, and
/// what comes after (a `# comment`, a rationale, or the `;reason=...` that tally lets hadolint
/// pragmas carry) is dropped.
fn rule_list(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s.trim_start_matches([' ', '\t']);
    loop {
        let end = rest
            .find(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '#')
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        out.push(rest[..end].to_string());
        let after = rest[end..].trim_start_matches([' ', '\t']);
        match after.strip_prefix(',') {
            Some(next) => rest = next.trim_start_matches([' ', '\t']),
            None => break,
        }
    }
    out
}

/// `ignore=` with optional spaces around the `=` (hadolint's grammar); what follows it.
fn after_ignore(s: &str) -> Option<&str> {
    s.strip_prefix("ignore")?
        .trim_start_matches([' ', '\t'])
        .strip_prefix('=')
}

/// In an ignore list: every rule (tally's `ignore=all`).
pub const ALL: &str = "*";

/// tally's form: `tally ignore=RULES[;reason=...]` (next instruction) or `tally global ignore=...`
/// (whole file); `rest` is what follows `tally`. Keywords in any case, spaces allowed around `=`
/// and the commas; a rule may carry tally's namespace (`hadolint/DL3006`,
/// `buildkit/JSONArgsRecommended`, `tally/...`), which is dropped so the name matches our ids and
/// aliases; `all` silences every rule. The reason is for people and is not kept.
fn parse_tally(rest: &str) -> Option<(Option<Scope>, Vec<String>, Option<String>)> {
    fn keyword<'a>(s: &'a str, kw: &str) -> Option<&'a str> {
        s.get(..kw.len())
            .filter(|w| w.eq_ignore_ascii_case(kw))
            .map(|_| &s[kw.len()..])
    }
    let rest = rest.trim_start();
    let (scope, rest) = match keyword(rest, "global") {
        Some(r) if r.starts_with(char::is_whitespace) => (Scope::Global, r.trim_start()),
        _ => (Scope::Next, rest),
    };
    let list = keyword(rest, "ignore")?.trim_start().strip_prefix('=')?;
    let list = list.split(';').next().unwrap_or("");
    let rules: Vec<String> = list
        .split(',')
        .filter_map(|r| r.split_whitespace().next())
        .map(|r| r.rsplit('/').next().unwrap_or(r))
        .filter(|r| !r.is_empty())
        .map(|r| {
            if r.eq_ignore_ascii_case("all") {
                ALL.to_string()
            } else {
                r.to_string()
            }
        })
        .collect();
    (!rules.is_empty()).then_some((Some(scope), rules, None))
}

/// Parse one comment's text (without the `#`); `None` when it is not a pragma.
pub fn parse_comment(text: &str) -> Option<(Option<Scope>, Vec<String>, Option<String>)> {
    let t = text.trim();
    if let Some(rest) = t.get(..5).filter(|w| w.eq_ignore_ascii_case("tally")) {
        let rest = &t[rest.len()..];
        return if rest.starts_with(char::is_whitespace) {
            parse_tally(rest)
        } else {
            None
        };
    }
    let rest = t
        .strip_prefix("hadolint")
        .or_else(|| t.strip_prefix("shipshape"))?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    if let Some(r) = after_ignore(rest) {
        return Some((Some(Scope::Next), rule_list(r), None));
    }
    if let Some(r) = rest
        .strip_prefix("global")
        .map(str::trim_start)
        .and_then(after_ignore)
    {
        return Some((Some(Scope::Global), rule_list(r), None));
    }
    if let Some(r) = rest
        .strip_prefix("stage")
        .map(str::trim_start)
        .and_then(after_ignore)
    {
        return Some((Some(Scope::Stage), rule_list(r), None));
    }
    if let Some(r) = rest
        .strip_prefix("shell")
        .map(|r| r.trim_start_matches([' ', '\t']))
        .and_then(|r| r.strip_prefix('='))
        .map(|r| r.trim_start_matches([' ', '\t']))
    {
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
        let next = items[i + 1..]
            .iter()
            .find_map(|it| Some((it.span, df.instruction(it)?)));
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
                        .find(|it| {
                            df.instruction(it)
                                .is_some_and(|x| x.keyword() == Keyword::From)
                        })
                        .map(|it| it.span.start)
                        .unwrap_or(0)
                };
                let end = items
                    .iter()
                    .filter(|it| it.span.start > span.start)
                    .find(|it| {
                        df.instruction(it)
                            .is_some_and(|x| x.keyword() == Keyword::From)
                    })
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
        assert_eq!(
            parse_comment("hadolint ignore=DL3008;reason=tally's spelling").map(|p| p.1),
            Some(vec!["DL3008".to_string()])
        );
        assert_eq!(parse_comment("just a comment"), None);
    }

    #[test]
    fn spaces_in_lists_and_around_equals() {
        let rules = |c: &str| parse_comment(c).map(|p| p.1);
        let two = Some(vec!["DL3023".to_string(), "DL3021".to_string()]);
        assert_eq!(rules("hadolint ignore=DL3023, DL3021"), two);
        assert_eq!(rules("hadolint global ignore = DL3023 , DL3021"), two);
        assert_eq!(rules("hadolint ignore=DL3023,DL3021 # why: vendored"), two);
        assert_eq!(
            rules("hadolint ignore=DL3023 DL3021 is a rationale"),
            Some(vec!["DL3023".to_string()])
        );
        assert_eq!(
            parse_comment("hadolint shell = pwsh # windows")
                .unwrap()
                .2
                .as_deref(),
            Some("pwsh")
        );
    }

    #[test]
    fn a_pragma_naming_an_unknown_rule_is_rejected_whole() {
        let src = "FROM a:1\n# hadolint ignore=crazy,DL3002\nUSER root\n# hadolint ignore=DL3002\nUSER root\n";
        let df = parse(src);
        let mut p = collect(&df, src);
        let rejected = p.reject_unknown(|n| n.starts_with("DL"));
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].rules, ["crazy", "DL3002"]);
        assert!(!p.silences(&["DL3002"], src.find("USER root").unwrap()));
        assert!(p.silences(&["DL3002"], src.rfind("USER root").unwrap()));
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

    #[test]
    fn tally_forms() {
        let next = |rules: &[&str]| {
            Some((
                Some(Scope::Next),
                rules.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
                None,
            ))
        };
        assert_eq!(parse_comment(" tally ignore=DL3006"), next(&["DL3006"]));
        assert_eq!(
            parse_comment("tally ignore=DL3006,DL3008;reason=pinned by renovate, see #12"),
            next(&["DL3006", "DL3008"])
        );
        assert_eq!(
            parse_comment(
                "TALLY Ignore = DL3006 , hadolint/DL3008,buildkit/JSONArgsRecommended ; reason=x"
            ),
            next(&["DL3006", "DL3008", "JSONArgsRecommended"])
        );
        assert_eq!(
            parse_comment("tally ignore=tally/max-lines"),
            next(&["max-lines"])
        );
        assert_eq!(parse_comment("tally ignore=all"), next(&[ALL]));
        assert_eq!(
            parse_comment("tally global ignore=DL3059;reason=one layer per step").map(|p| p.0),
            Some(Some(Scope::Global))
        );
        // Not tally pragmas: no rules, another word, no `=`, tally glued to the next word.
        assert_eq!(parse_comment("tally ignore="), None);
        assert_eq!(parse_comment("tally ignore=;reason=nothing"), None);
        assert_eq!(parse_comment("tally skip=DL3006"), None);
        assert_eq!(parse_comment("tally ignore DL3006"), None);
        assert_eq!(parse_comment("tallyignore=DL3006"), None);
        assert_eq!(parse_comment("tally of the day"), None);
        assert_eq!(parse_comment("tally"), None);
        assert_eq!(parse_comment("tal"), None);
        assert_eq!(parse_comment("tally global"), None);
        // Multibyte text right after the keyword never splits a character.
        assert_eq!(parse_comment("tally ignoré=DL3006"), None);
        assert_eq!(parse_comment("tallé ignore=DL3006"), None);
    }

    #[test]
    fn tally_pragmas_silence_like_hadolint_ones() {
        let src = "FROM a:1\n# tally ignore=DL3003;reason=needed\nRUN cd /x\nRUN cd /y\n# tally ignore=all\nRUN cd /z\n";
        let p = collect(&parse(src), src);
        assert!(p.silences(&["DL3003"], src.find("RUN cd /x").unwrap()));
        assert!(!p.silences(&["DL3003"], src.find("RUN cd /y").unwrap()));
        assert!(p.silences(&["DL3003"], src.find("RUN cd /z").unwrap()));
        assert!(p.silences(&["anything", "else"], src.find("RUN cd /z").unwrap()));
        let src = "# tally global ignore=buildkit/JSONArgsRecommended\nFROM a:1\nCMD x\n";
        let p = collect(&parse(src), src);
        assert!(p.silences(&["DL3025", "JSONArgsRecommended"], src.find("CMD").unwrap()));
        assert!(!p.silences(&["DL3025"], src.find("CMD").unwrap()));
    }
}
