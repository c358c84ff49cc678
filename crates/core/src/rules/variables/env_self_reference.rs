//! DL3044: an ENV value refers to a variable that the same ENV instruction sets.

use crate::diagnostics::Fix;
use crate::dockerfile::model::arg_decls;
use crate::dockerfile::{Args, Instruction, KeyValue, Keyword};
use crate::rules::{
    expanded_vars, Category, Context, Diagnostic, InheritedNames, Rule, RuleMeta, Severity,
};
use crate::source::{Span, TextEdit};
use std::collections::HashSet;

pub struct Dl3044;

static META: RuleMeta = rule_meta! {
    id: "DL3044",
    aliases: &[],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "ENV refers to a variable set in the same ENV instruction",
    why:
        "All values of one ENV instruction are expanded before any of its variables is set, so in \
`ENV APP_HOME=/app PATH=$APP_HOME/bin:$PATH` the `$APP_HOME` is still empty (or whatever the base \
image set) and PATH gets `/bin:...`. Set the variable in an earlier ENV. A variable already \
defined earlier in the stage (by ENV or ARG, or by ENV in a stage this one is built on) is not \
reported, and a value may refer to its own variable (`PATH=/x:$PATH`), except when the same ENV \
sets it twice: in `ENV PATH=/a:$PATH PATH=/b:$PATH` the second value still sees the old PATH, so \
`/a` is lost.\n\n\
The fix splits the instruction before each value that needs an earlier one; it is marked unsafe \
because the value changes (to what was meant). It is offered when the instruction is on one line \
and every reference points to an earlier pair. Unlike hadolint, references inside single quotes \
(`'$A'`) or escaped (`\\$A`) are literal text and not reported, and only definitions in the same \
stage (or its parent stages) count as earlier.",
    bad: "FROM eclipse-temurin:21-jre\nENV APP_HOME=/opt/app PATH=$APP_HOME/bin:$PATH\n",
    good: "FROM eclipse-temurin:21-jre\nENV APP_HOME=/opt/app\nENV PATH=$APP_HOME/bin:$PATH\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3044"],
};

/// Names set by an ENV or ARG instruction.
fn defined_by(ins: &Instruction, escape: char) -> Vec<String> {
    match (ins.keyword(), &ins.command.args) {
        (Keyword::Env, Args::KeyValues(pairs)) => pairs
            .iter()
            .map(|p| crate::dockerfile::words::unquote(&p.key.text, escape))
            .collect(),
        (Keyword::Arg, _) => arg_decls(ins).into_iter().map(|a| a.name).collect(),
        _ => Vec::new(),
    }
}

impl Rule for Dl3044 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let escape = cx.dockerfile.escape;
        // ENV names of the stages each stage is built on (asked per stage, no chain walks).
        let above = InheritedNames::new(cx.model, |ins| {
            if ins.keyword() == Keyword::Env {
                defined_by(ins, escape)
            } else {
                Vec::new()
            }
        });
        for stage in &cx.model.stages {
            let mut defined: HashSet<String> = HashSet::new();
            for ins in &stage.instructions {
                if ins.keyword() == Keyword::Env {
                    if let Args::KeyValues(pairs) = &ins.command.args {
                        let is_defined = |name: &str| {
                            defined.contains(name) || above.inherited(cx.model, stage.index, name)
                        };
                        self.check_env(cx, ins, pairs, &is_defined, out);
                    }
                }
                defined.extend(defined_by(ins, escape));
            }
        }
    }
}

impl Dl3044 {
    fn check_env(
        &self,
        cx: &Context<'_>,
        ins: &Instruction,
        pairs: &[KeyValue],
        defined: &dyn Fn(&str) -> bool,
        out: &mut Vec<Diagnostic>,
    ) {
        let escape = cx.dockerfile.escape;
        let keys: Vec<String> = pairs
            .iter()
            .map(|p| crate::dockerfile::words::unquote(&p.key.text, escape))
            .collect();
        let refs: Vec<Vec<String>> = pairs
            .iter()
            .map(|p| expanded_vars(&p.value.text, escape))
            .collect();
        // Per pair: the names it uses that another pair of this ENV sets, and where that pair is.
        let mut findings = Vec::new();
        let mut fixable = ins.start_line == ins.end_line && pairs.iter().all(|p| !p.legacy);
        for (i, vars) in refs.iter().enumerate() {
            let mut bad: Vec<&str> = Vec::new();
            for v in vars {
                // Another pair of this ENV that sets the name (a value may use its own
                // variable's previous value, unless the same ENV sets it twice).
                let Some(j) = keys
                    .iter()
                    .enumerate()
                    .position(|(j, k)| k == v && (j < i || (j != i && *v != keys[i])))
                else {
                    continue;
                };
                if defined(v) {
                    // Not reported, but splitting would change what this value sees.
                    fixable = false;
                    continue;
                }
                if j > i {
                    fixable = false;
                }
                if !bad.contains(&v.as_str()) {
                    bad.push(v);
                }
            }
            if !bad.is_empty() {
                findings.push((i, bad));
            }
        }
        if findings.is_empty() {
            return;
        }
        let fix = fixable
            .then(|| split_fix(cx, ins, pairs, &keys, &refs))
            .flatten();
        for (i, bad) in findings {
            let names = bad
                .iter()
                .map(|v| format!("`${v}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut d = Diagnostic::new(
                pairs[i].value.span,
                format!(
                    "{names} in `{}` is expanded before this ENV sets it, so it is empty here (or the base image's value); set it in an earlier ENV",
                    keys[i]
                ),
            );
            if let Some(f) = &fix {
                d = d.with_fix(f.clone());
            }
            out.push(d);
        }
    }
}

/// Split the ENV before every pair that uses a variable set by an earlier pair of its group.
fn split_fix(
    cx: &Context<'_>,
    ins: &Instruction,
    pairs: &[KeyValue],
    keys: &[String],
    refs: &[Vec<String>],
) -> Option<Fix> {
    let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
    for (i, uses) in refs.iter().enumerate().take(pairs.len()) {
        let group = groups.last_mut()?;
        let needs_split = uses.iter().any(|v| group.iter().any(|&j| keys[j] == *v));
        if needs_split {
            groups.push(vec![i]);
        } else {
            group.push(i);
        }
    }
    let line_start = cx.text[..ins.span.start]
        .rfind('\n')
        .map(|p| p + 1)
        .unwrap_or(0);
    let indent: String = cx.text[line_start..ins.span.start]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let sep = format!("\n{indent}{} ", ins.command.name);
    let text = groups
        .iter()
        .map(|g| {
            g.iter()
                .map(|&i| {
                    Span::new(pairs[i].key.span.start, pairs[i].value.span.end).slice(cx.text)
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(&sep);
    let span = Span::new(pairs.first()?.key.span.start, pairs.last()?.value.span.end);
    Some(Fix::unsafe_(
        format!("Split into {} ENV instructions", groups.len()),
        vec![TextEdit::new(span, text)],
    ))
}

#[cfg(test)]
mod tests {
    use super::Dl3044;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    #[test]
    fn same_instruction_only() {
        assert_eq!(run(&Dl3044, "FROM a:1\nENV A=1 B=$A\n").len(), 1);
        assert_eq!(run(&Dl3044, "FROM a:1\nENV A=1 B=${A:-x}\n").len(), 1);
        assert_eq!(
            run(&Dl3044, "FROM a:1\nENV B=$A A=1\n").len(),
            1,
            "a later pair is not set yet either"
        );
        assert!(run(&Dl3044, "FROM a:1\nENV A=1\nENV B=$A\n").is_empty());
        assert!(
            run(&Dl3044, "FROM a:1\nENV PATH=/x:$PATH\n").is_empty(),
            "own variable"
        );
        assert!(
            run(&Dl3044, "FROM a:1\nENV A=0\nENV A=1 B=$A\n").is_empty(),
            "defined earlier"
        );
        assert!(
            run(&Dl3044, "FROM a:1\nARG A\nENV A=1 B=$A\n").is_empty(),
            "ARG counts as earlier"
        );
        assert!(
            run(&Dl3044, "FROM a:1\nENV A=1 B=$AB C=x$A_\n").is_empty(),
            "other names"
        );
    }

    #[test]
    fn own_variable_set_twice_in_one_env() {
        let src = "FROM a:1\nENV PATH=/a:$PATH PATH=/b:${PATH}\n";
        let d = run(&Dl3044, src);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].span.start > src.find("PATH=/b").unwrap(),
            "on the second value"
        );
        let fixed =
            crate::diagnostics::apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(fixed, "FROM a:1\nENV PATH=/a:$PATH\nENV PATH=/b:${PATH}\n");
        // Using the old value and replacing it later in the same ENV is fine.
        assert!(run(&Dl3044, "FROM a:1\nENV PATH=/a:$PATH PATH=/b\n").is_empty());
        assert!(run(&Dl3044, "FROM a:1\nENV PATH=/a:$PATH\nENV PATH=/b:$PATH\n").is_empty());
    }

    #[test]
    fn quotes_and_escapes_are_literal() {
        assert!(run(&Dl3044, "FROM a:1\nENV A=1 B='$A'\n").is_empty());
        assert!(run(&Dl3044, "FROM a:1\nENV A=1 B=\\$A\n").is_empty());
        assert_eq!(run(&Dl3044, "FROM a:1\nENV A=1 B=\"$A x\"\n").len(), 1);
    }

    #[test]
    fn stages_scope_definitions() {
        assert!(run(
            &Dl3044,
            "FROM a:1 AS base\nENV A=0\nFROM base\nENV A=1 B=$A\n"
        )
        .is_empty());
        assert_eq!(
            run(
                &Dl3044,
                "FROM a:1 AS base\nENV A=0\nFROM b:1\nENV A=1 B=$A\n"
            )
            .len(),
            1
        );
    }

    #[test]
    fn fix_splits_before_dependent_pairs() {
        let src = "FROM a:1\n  env A=1 C=2 B=$A D=\"$B\"\n";
        let d = run(&Dl3044, src);
        assert_eq!(d.len(), 2);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(out, "FROM a:1\n  env A=1 C=2\n  env B=$A\n  env D=\"$B\"\n");
        assert!(run(&Dl3044, &out).is_empty());
        let d = run(&Dl3044, "FROM a:1\nENV B=$A A=1\n");
        assert!(d[0].fix.is_none(), "reordering is not mechanical");
        let d = run(&Dl3044, "FROM a:1\nENV A=1 \\\n  B=$A\n");
        assert!(d[0].fix.is_none(), "continuation lines");
    }
}
