//! UndefinedVar: a variable used by an instruction that BuildKit expands is not defined at that point.

use crate::dockerfile::model::{arg_decls, expand};
use crate::dockerfile::{levenshtein, Args, Instruction, Keyword, Word};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct UndefinedVar;

static META: RuleMeta = rule_meta! {
    id: "UndefinedVar",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "Variable is used but not defined in this stage",
    why: "BuildKit expands `$VAR` in COPY, ADD, ENV, LABEL, WORKDIR, USER, EXPOSE, VOLUME and \
STOPSIGNAL itself; an undefined variable becomes an empty string and the instruction silently does \
something else. A name one or two letters away from a defined variable is certain and always \
reported (\"did you mean\"), and so is two neighbouring letters swapped (`$PAHT`); `PATH` \
counts as defined everywhere (BuildKit gives every stage a default), so its near misses are \
reported too. A variable used before the ARG or ENV of the same stage that defines it is \
reported as well. Other unknown names may come from the base image's ENV, which \
shipshape cannot see offline, so they are reported only when the stage starts from `scratch`. \
A global ARG (declared before the first FROM, or one of BuildKit's automatic platform ARGs) used \
without being redeclared in the stage is reported by `arg-scope` instead, which also reads RUN \
scripts and offers a fix. RUN, CMD and ENTRYPOINT are otherwise left to the shell. A default \
(`${X:-d}`) counts as handled.",
    bad: "FROM alpine:3.20\nENV APP_HOME=/srv/app\nWORKDIR $APP_HOEM\n",
    good: "FROM alpine:3.20\nENV APP_HOME=/srv/app\nWORKDIR $APP_HOME\n",
    has_fix: false,
    files: &[],
    references: &["https://docs.docker.com/reference/build-checks/undefined-var/"],
};

/// Variables BuildKit always provides inside a stage without an ARG: a default PATH for every
/// image that has none, and the proxy args.
fn predefined() -> impl Iterator<Item = &'static str> {
    std::iter::once("PATH").chain(crate::dockerfile::model::PROXY_ARGS.iter().copied())
}

/// Whether `a` and `b` differ by two neighbouring letters swapped (`PAHT` for `PATH`).
fn swapped(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    matches!(diff.as_slice(), [i, j] if *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i])
}

/// Words of an instruction that BuildKit expands.
fn expanded_words(ins: &Instruction) -> Vec<&Word> {
    let c = &ins.command;
    match (c.keyword, &c.args) {
        (
            Keyword::Copy | Keyword::Add | Keyword::Expose | Keyword::Volume,
            Args::Words(w) | Args::Exec(w),
        ) => w.iter().collect(),
        (Keyword::Workdir | Keyword::User | Keyword::Stopsignal, Args::String(w)) => vec![w],
        (Keyword::Env | Keyword::Label, Args::KeyValues(kvs)) => {
            kvs.iter().map(|kv| &kv.value).collect()
        }
        _ => Vec::new(),
    }
}

/// Names referenced without a default, outside single quotes.
fn plain_refs(text: &str) -> Vec<String> {
    let mut unquoted = String::with_capacity(text.len());
    let mut in_single = false;
    for c in text.chars() {
        if c == '\'' {
            in_single = !in_single;
        } else if !in_single {
            unquoted.push(c);
        }
    }
    let mut out = Vec::new();
    expand(&unquoted, |v| {
        out.push(v.to_string());
        None
    })
    .1
    .into_iter()
    .filter(|v| out.contains(v))
    .collect()
}

impl Rule for UndefinedVar {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let model = cx.model;
        // Whether each stage, followed through the local stages it is built on, starts from
        // `scratch` (one pass over the roots, not a walk of each stage's chain).
        let from_scratch = cx.scratch_chains();
        for stage in &model.stages {
            let scratch = from_scratch[stage.index];
            for (k, ins) in stage.instructions.iter().enumerate() {
                let refs: Vec<(&Word, String)> = expanded_words(ins)
                    .into_iter()
                    .flat_map(|w| plain_refs(&w.text).into_iter().map(move |v| (w, v)))
                    .collect();
                if refs.is_empty() {
                    continue; // most instructions refer to no variable: nothing to look up
                }
                // The one answer to "what is defined here" (ENV and ARG scoping, parents' ENV):
                // asked per name; the whole set only for a name that is not (its typo hint).
                let defined = std::cell::OnceCell::new();
                let defined =
                    || defined.get_or_init(|| cx.vars.names_at(stage.index, ins.span.start));
                let is_predefined = |name: &str| predefined().any(|p| p == name);
                for (w, v) in refs {
                    // A global ARG that the stage does not redeclare is arg-scope's finding.
                    if cx.vars.is_named_at(stage.index, ins.span.start, &v)
                        || is_predefined(&v)
                        || model.is_global_arg(&v)
                    {
                        continue;
                    }
                    // PATH is always defined (BuildKit sets a default), so it is a typo
                    // target too; the proxy args are not.
                    let close = defined()
                        .iter()
                        .copied()
                        .filter(|d| !is_predefined(d))
                        .chain(std::iter::once("PATH"))
                        .map(|d| (levenshtein(d, &v), d))
                        // Close enough to be a typo, not a different short name (PATH vs GOPATH).
                        .filter(|(dist, d)| {
                            *dist == 1 && v.len() >= 3
                                || *dist == 2 && v.len() >= 6 && d.len() >= 6
                                || *dist == 2 && v.len() >= 4 && swapped(d, &v)
                        })
                        .min();
                    // Declared by a later ARG or ENV of the stage: used too early.
                    let later = stage.instructions[k + 1..].iter().find(|i| {
                        match (i.keyword(), &i.command.args) {
                            (Keyword::Arg, _) => arg_decls(i).iter().any(|a| a.name == v),
                            (Keyword::Env, Args::KeyValues(kvs)) => {
                                kvs.iter().any(|kv| kv.key.text == v)
                            }
                            _ => false,
                        }
                    });
                    let msg = if let Some((_, d)) = close {
                        format!("`${v}` is not defined; did you mean `${d}`?")
                    } else if let Some(i) = later {
                        format!(
                                "`${v}` is used before the {} on line {} defines it, so it is empty here",
                                i.keyword().as_str(),
                                i.start_line
                            )
                    } else if scratch {
                        format!("`${v}` is not defined in this stage")
                    } else {
                        continue;
                    };
                    out.push(Diagnostic::new(w.span, msg));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::UndefinedVar;
    use crate::rules::run;

    #[test]
    fn certain_cases_only() {
        // A global ARG not redeclared in the stage is arg-scope's (one rule per finding).
        assert!(run(
            &UndefinedVar,
            "ARG VERSION=1\nFROM alpine:3.20\nCOPY app-$VERSION.tar /x\n",
        )
        .is_empty());
        assert!(run(
            &UndefinedVar,
            "ARG VERSION=1\nFROM scratch\nCOPY a-$TARGETARCH /y\n",
        )
        .is_empty());
        assert_eq!(
            run(
                &UndefinedVar,
                "ARG VERSION=1\nFROM scratch\nENV VERSIONS=1\nCOPY app-$VERSION.tar /x\n",
            )
            .len(),
            0,
            "global, even when close to a defined name"
        );
        assert!(run(
            &UndefinedVar,
            "ARG VERSION=1\nFROM alpine:3.20\nARG VERSION\nCOPY app-$VERSION.tar /x\n"
        )
        .is_empty());
        assert!(
            run(&UndefinedVar, "FROM node:22\nWORKDIR $NODE_HOME\n").is_empty(),
            "may come from the base image"
        );
        assert_eq!(
            run(&UndefinedVar, "FROM scratch\nWORKDIR $NODE_HOME\n").len(),
            1
        );
        assert!(run(
            &UndefinedVar,
            "FROM alpine:3.20\nENV A=1\nWORKDIR ${B:-/x}\n"
        )
        .is_empty());
        assert!(
            run(&UndefinedVar, "FROM alpine:3.20\nENV A=1\nLABEL x='$AA'\n").is_empty(),
            "single quotes"
        );
        let d = run(
            &UndefinedVar,
            "FROM alpine:3.20 AS base\nENV APP=/a\nFROM base\nWORKDIR $APP\nWORKDIR $APQ\n",
        );
        assert_eq!(d.len(), 1, "ENV is inherited from a parent stage: {d:?}");
    }

    #[test]
    fn used_before_its_arg() {
        let d = run(
            &UndefinedVar,
            "FROM alpine:3.20\nCOPY $SRC /x\nARG SRC=app\nCOPY $SRC /y\n",
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("ARG on line 3"), "{}", d[0].message);
    }

    #[test]
    fn path_is_always_defined_and_its_near_misses_are_typos() {
        let d = run(&UndefinedVar, "FROM alpine:3.20\nENV PATH=$PAHT:/opt/bin\n");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("`$PATH`"), "{}", d[0].message);
        assert!(run(&UndefinedVar, "FROM scratch\nENV PATH=/opt/bin:$PATH\n").is_empty());
        // Different names that merely share letters are not typos of PATH.
        assert!(run(&UndefinedVar, "FROM alpine:3.20\nENV X=$GOPATH:$HTAP\n").is_empty());
        // A swap in a user's own name is caught as well.
        assert_eq!(
            run(
                &UndefinedVar,
                "FROM alpine:3.20\nENV HOME_DIR=/h\nWORKDIR $HOME_IDR\n"
            )
            .len(),
            1
        );
    }
}
