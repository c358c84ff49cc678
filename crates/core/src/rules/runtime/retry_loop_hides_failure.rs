//! retry-loop-hides-failure: a shell retry loop (`for i in 1 2 3; do X && break || sleep 5;
//! done`) whose last failed attempt leaves status 0, so the build carries on without X.

use super::common::runs;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::{basename, Cmd, Context as Nest, Interpreter, Script};
use crate::source::Span;
use brush_parser::ast::{self, AndOr, CompoundCommand, CompoundList};

pub struct RetryLoopHidesFailure;

static META: RuleMeta = rule_meta! {
    id: "retry-loop-hides-failure",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "A retry loop gives up silently: its last failed attempt does not fail the build",
    why: "`for i in 1 2 3; do curl -fsSLo app.tgz $URL && break || sleep 5; done` retries a \
flaky step, but when every attempt fails the loop still ends with status 0: the `sleep` (or \
`echo`) after the last failure is what it returns. The RUN succeeds, the layer is cached, and the \
missing download surfaces later as a confusing error, or not at all. `set -e` does not help: a \
failure on the left of `&&`/`||` never triggers it, and neither does a loop that ends with a \
failed `X && break`.\n\n\
Reported: a `for`, `while` or `until` loop with a `sleep` in its body (the mark of a retry loop), \
that leaves on success (`X && break`, `if X; then break; fi`, `until X`), that can also give up \
(a `for` list, a counter in the condition, or a counter check followed by `break`), and where \
giving up leaves status 0, with nothing in the loop that fails explicitly (`exit 1`, `false`, \
`return 1`) and no check right after it (`[ -f app.tgz ]`, a test of a flag variable, or the \
same command run once more). A loop whose last step is the attempt itself (`sleep 5; X && \
break`) is fine when its status is used (it ends the RUN or is followed by `&&`). Endless \
retries (`until X; do sleep 1; done`) are not this rule's subject.\n\n\
Fail on the last attempt, e.g. `for i in 1 2 3; do X && break; [ \"$i\" = 3 ] && exit 1; sleep \
5; done`, or let the tool retry: `curl --retry 3`, `apt-get -o Acquire::Retries=3`, \
`pip --retries 3`.",
    bad: "FROM debian:12-slim\nRUN for i in 1 2 3; do \\\n      curl -fsSLo /tmp/app.tgz https://example.com/app.tgz && break || sleep 5; \\\n    done\n",
    good: "FROM debian:12-slim\nRUN for i in 1 2 3; do \\\n      curl -fsSLo /tmp/app.tgz https://example.com/app.tgz && break; \\\n      [ \"$i\" = 3 ] && exit 1; sleep 5; \\\n    done\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_09_04",
        "https://www.gnu.org/software/bash/manual/html_node/The-Set-Builtin.html",
        "https://curl.se/docs/manpage.html#--retry",
    ],
};

/// What a command, pipeline or list does when the attempted commands fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum St {
    Zero,
    NonZero,
    Unknown,
    /// Left the loop with `break` (status 0).
    Break,
    /// `continue` (status 0 when it ends the loop).
    Continue,
}

/// How a `break` is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guard {
    Unconditional,
    /// After a command that can fail (`X && break`): leaves on success.
    Attempt,
    /// After a test (`[ $n -ge 5 ] && break`): gives up.
    Test,
    Other,
}

#[derive(Default)]
struct Names {
    attempts: Vec<String>,
    tests: bool,
}

fn simple_name(sc: &ast::SimpleCommand) -> Option<String> {
    let w = sc.word_or_name.as_ref()?;
    Some(basename(w.value.trim_matches(['"', '\''])).to_string())
}

fn suffix_words(sc: &ast::SimpleCommand) -> Vec<&str> {
    sc.suffix
        .iter()
        .flat_map(|s| s.0.iter())
        .filter_map(|i| match i {
            ast::CommandPrefixOrSuffixItem::Word(w) => Some(w.value.as_str()),
            _ => None,
        })
        .collect()
}

fn is_trivial(name: &str) -> bool {
    matches!(
        name,
        "sleep" | "echo" | "printf" | "true" | ":" | "export" | "local" | "readonly" | "set"
    )
}

fn is_test(name: &str) -> bool {
    matches!(name, "test" | "[" | "[[")
}

/// An explicit failure: `exit` (not `exit 0`), `false`, `return` (not `return 0`).
fn is_failure(sc: &ast::SimpleCommand) -> bool {
    match simple_name(sc).as_deref() {
        Some("false") => true,
        Some("exit") | Some("return") => suffix_words(sc).first() != Some(&"0"),
        _ => false,
    }
}

/// The simple commands of a list, not descending into nested loops or functions.
fn for_each_simple<'a>(l: &'a CompoundList, f: &mut dyn FnMut(&'a ast::SimpleCommand)) {
    for item in &l.0 {
        for p in pipelines(&item.0) {
            for c in &p.1.seq {
                for_each_simple_cmd(c, f);
            }
        }
    }
}

fn for_each_simple_cmd<'a>(c: &'a ast::Command, f: &mut dyn FnMut(&'a ast::SimpleCommand)) {
    match c {
        ast::Command::Simple(sc) => f(sc),
        ast::Command::Compound(cc, _) => match cc {
            CompoundCommand::BraceGroup(b) => for_each_simple(&b.list, f),
            CompoundCommand::Subshell(s) => for_each_simple(&s.list, f),
            CompoundCommand::IfClause(i) => {
                for_each_simple(&i.condition, f);
                for_each_simple(&i.then, f);
                for e in i.elses.iter().flatten() {
                    if let Some(c) = &e.condition {
                        for_each_simple(c, f);
                    }
                    for_each_simple(&e.body, f);
                }
            }
            CompoundCommand::CaseClause(cc) => {
                for item in &cc.cases {
                    if let Some(l) = &item.cmd {
                        for_each_simple(l, f);
                    }
                }
            }
            _ => {}
        },
        _ => {}
    }
}

/// The pipelines of an and-or list with the operator before each (`None` for the first).
fn pipelines(aol: &ast::AndOrList) -> Vec<(Option<bool>, &ast::Pipeline)> {
    let mut v = vec![(None, &aol.first)];
    for a in &aol.additional {
        match a {
            AndOr::And(p) => v.push((Some(true), p)),
            AndOr::Or(p) => v.push((Some(false), p)),
        }
    }
    v
}

/// Attempted and test commands in a list.
fn names_in(l: &CompoundList) -> Names {
    let mut n = Names::default();
    for item in &l.0 {
        for (_, p) in pipelines(&item.0) {
            names_in_pipeline(p, &mut n);
        }
    }
    n
}

fn names_in_pipeline(p: &ast::Pipeline, n: &mut Names) {
    for c in &p.seq {
        match c {
            ast::Command::ExtendedTest(..) => n.tests = true,
            ast::Command::Compound(CompoundCommand::Arithmetic(_), _) => n.tests = true,
            other => for_each_simple_cmd(other, &mut |sc| match simple_name(sc) {
                Some(name) if is_test(&name) => n.tests = true,
                Some(name)
                    if !is_trivial(&name)
                        && !matches!(name.as_str(), "break" | "continue" | "false" | "exit") =>
                {
                    // The program and its first operand: `apt-get update`, `curl https://x`.
                    let first = suffix_words(sc)
                        .into_iter()
                        .find(|w| !w.starts_with('-'))
                        .unwrap_or("");
                    n.attempts
                        .push(format!("{name} {first}").trim_end().to_string())
                }
                _ => {}
            }),
        }
    }
}

fn classify(n: &Names) -> Guard {
    if !n.attempts.is_empty() {
        Guard::Attempt
    } else if n.tests {
        Guard::Test
    } else {
        Guard::Other
    }
}

/// Every `break` of the loop body (not of nested loops) with how it is reached.
fn breaks(l: &CompoundList, inherited: Guard, out: &mut Vec<Guard>, attempts: &mut Vec<String>) {
    for item in &l.0 {
        let ps = pipelines(&item.0);
        for (j, (op, p)) in ps.iter().enumerate() {
            let guard = match op {
                None => inherited,
                Some(false) => Guard::Other,
                Some(true) => {
                    // The `&&` chain before this pipeline.
                    let mut n = Names::default();
                    let mut k = j;
                    while k > 0 {
                        names_in_pipeline(ps[k - 1].1, &mut n);
                        if ps[k - 1].0 != Some(true) {
                            break;
                        }
                        k -= 1;
                    }
                    if classify(&n) == Guard::Attempt {
                        attempts.extend(n.attempts.iter().cloned());
                    }
                    classify(&n)
                }
            };
            for c in &p.seq {
                match c {
                    ast::Command::Simple(sc) if simple_name(sc).as_deref() == Some("break") => {
                        out.push(guard)
                    }
                    ast::Command::Compound(CompoundCommand::BraceGroup(b), _) => {
                        breaks(&b.list, guard, out, attempts)
                    }
                    ast::Command::Compound(CompoundCommand::IfClause(i), _) => {
                        let n = names_in(&i.condition);
                        let g = classify(&n);
                        if g == Guard::Attempt {
                            attempts.extend(n.attempts.iter().cloned());
                        }
                        breaks(&i.then, g, out, attempts);
                        for e in i.elses.iter().flatten() {
                            breaks(&e.body, Guard::Other, out, attempts);
                        }
                    }
                    ast::Command::Compound(CompoundCommand::CaseClause(cc), _) => {
                        for item in &cc.cases {
                            if let Some(l) = &item.cmd {
                                breaks(l, Guard::Other, out, attempts);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// The status a list leaves when every attempted command fails.
fn eval_list(l: &CompoundList) -> St {
    let mut st = St::Zero;
    for item in &l.0 {
        st = eval_and_or(&item.0);
        if matches!(st, St::Break | St::Continue | St::Unknown) {
            return st;
        }
    }
    st
}

fn eval_and_or(aol: &ast::AndOrList) -> St {
    let ps = pipelines(aol);
    let mut st = eval_pipeline(ps[0].1);
    for (op, p) in &ps[1..] {
        st = match (op, st) {
            (_, St::Unknown | St::Break | St::Continue) => return st,
            (Some(true), St::Zero) | (Some(false), St::NonZero) => eval_pipeline(p),
            _ => st,
        };
    }
    st
}

fn eval_pipeline(p: &ast::Pipeline) -> St {
    let Some(last) = p.seq.last() else {
        return St::Unknown;
    };
    let st = eval_cmd(last);
    if !p.bang {
        return st;
    }
    match st {
        St::Zero => St::NonZero,
        St::NonZero => St::Zero,
        other => other,
    }
}

fn eval_cmd(c: &ast::Command) -> St {
    match c {
        ast::Command::Simple(sc) => match simple_name(sc).as_deref() {
            None => St::Zero,
            Some("break") => St::Break,
            Some("continue") => St::Continue,
            Some("false") => St::NonZero,
            Some(n) if is_trivial(n) => St::Zero,
            Some(n) if is_test(n) => St::Unknown,
            Some(_) => St::NonZero,
        },
        ast::Command::Compound(CompoundCommand::BraceGroup(b), _) => eval_list(&b.list),
        ast::Command::Compound(CompoundCommand::Subshell(s), _) => match eval_list(&s.list) {
            St::Break | St::Continue => St::Unknown,
            other => other,
        },
        ast::Command::Compound(CompoundCommand::IfClause(i), _) => match eval_list(&i.condition) {
            St::Zero => eval_list(&i.then),
            St::NonZero => {
                for e in i.elses.iter().flatten() {
                    match &e.condition {
                        None => return eval_list(&e.body),
                        Some(c) => match eval_list(c) {
                            St::Zero => return eval_list(&e.body),
                            St::NonZero => continue,
                            _ => return St::Unknown,
                        },
                    }
                }
                St::Zero
            }
            _ => St::Unknown,
        },
        _ => St::Unknown,
    }
}

/// Whether a list contains an explicit failure anywhere (nested loops included).
fn fails_explicitly(l: &CompoundList) -> bool {
    let mut found = false;
    visit_all(l, &mut |sc| found |= is_failure(sc));
    found
}

/// Every simple command of a list, nested loops included (not functions).
fn visit_all(l: &CompoundList, f: &mut dyn FnMut(&ast::SimpleCommand)) {
    for item in &l.0 {
        for (_, p) in pipelines(&item.0) {
            for c in &p.seq {
                match c {
                    ast::Command::Compound(CompoundCommand::ForClause(fc), _) => {
                        visit_all(&fc.body.list, f)
                    }
                    ast::Command::Compound(CompoundCommand::ArithmeticForClause(fc), _) => {
                        visit_all(&fc.body.list, f)
                    }
                    ast::Command::Compound(
                        CompoundCommand::WhileClause(w) | CompoundCommand::UntilClause(w),
                        _,
                    ) => {
                        visit_all(&w.0, f);
                        visit_all(&w.1.list, f);
                    }
                    other => for_each_simple_cmd(other, &mut |sc| f(sc)),
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    For,
    While,
    Until,
}

/// The verdict on one loop: `Some(attempted programs)` when it hides the final failure.
fn hides_failure(
    kind: Kind,
    cond: Option<&CompoundList>,
    body: &CompoundList,
    consumed: bool,
    next: Option<&ast::Pipeline>,
) -> Option<Vec<String>> {
    let mut sleeps = false;
    for_each_simple(body, &mut |sc| {
        sleeps |= simple_name(sc).as_deref() == Some("sleep");
    });
    if !sleeps {
        return None;
    }
    let mut guards = Vec::new();
    let mut attempts = Vec::new();
    breaks(body, Guard::Unconditional, &mut guards, &mut attempts);
    if guards
        .iter()
        .any(|g| matches!(g, Guard::Unconditional | Guard::Other))
    {
        return None;
    }
    let (cond_attempt, cond_test) = match cond {
        Some(c) => {
            let mut n = Names::default();
            let mut negated_attempt = false;
            for item in &c.0 {
                for (_, p) in pipelines(&item.0) {
                    let mut pn = Names::default();
                    names_in_pipeline(p, &mut pn);
                    negated_attempt |= p.bang && !pn.attempts.is_empty();
                    n.tests |= pn.tests;
                    n.attempts.extend(pn.attempts);
                }
            }
            let attempt = match kind {
                Kind::Until => !n.attempts.is_empty(),
                _ => negated_attempt,
            };
            if attempt {
                attempts.extend(n.attempts.iter().cloned());
            }
            (attempt, n.tests)
        }
        None => (false, false),
    };
    let leaves_on_success = guards.contains(&Guard::Attempt) || cond_attempt;
    if !leaves_on_success {
        return None;
    }
    let natural = kind == Kind::For || cond_test;
    let test_break = guards.contains(&Guard::Test);
    if !natural && !test_break {
        return None;
    }
    if fails_explicitly(body) {
        return None;
    }
    if !test_break {
        match eval_list(body) {
            St::NonZero if consumed => return None,
            St::Unknown => return None,
            _ => {}
        }
    }
    // A check right after the loop.
    if let Some(p) = next {
        let mut n = Names::default();
        names_in_pipeline(p, &mut n);
        let mut explicit = false;
        for c in &p.seq {
            for_each_simple_cmd(c, &mut |sc| explicit |= is_failure(sc));
        }
        if n.tests || explicit || n.attempts.iter().any(|a| attempts.contains(a)) {
            return None;
        }
    }
    attempts.dedup();
    Some(attempts)
}

/// A hidden failure: the ordinals of the loop's first and last simple command (among the
/// script's commands outside substitutions) and the attempted programs.
struct Found {
    first: usize,
    last: usize,
    attempts: Vec<String>,
}

/// Walks the AST in the order `crate::shell` emits commands, counting simple commands.
struct Walker {
    ordinal: usize,
    found: Vec<Found>,
}

impl Walker {
    fn list(&mut self, items: &[&ast::CompoundListItem], tail: bool) {
        for (k, item) in items.iter().enumerate() {
            let ps = pipelines(&item.0);
            for (j, (_, p)) in ps.iter().enumerate() {
                // What follows this pipeline: the next in the and-or list, else the next item.
                let (next, next_op) = match ps.get(j + 1) {
                    Some((op, np)) => (Some(*np), *op),
                    None => match (&item.1, items.get(k + 1)) {
                        (ast::SeparatorOperator::Sequence, Some(ni)) => (Some(&ni.0.first), None),
                        _ => (None, None),
                    },
                };
                let last_here = j + 1 == ps.len() && k + 1 == items.len();
                let consumed = next_op.is_some() || (tail && last_here);
                // `done || exit 1` checks nothing when the loop ends with status 0.
                let next = next.filter(|_| next_op != Some(false));
                for c in &p.seq {
                    let single = p.seq.len() == 1;
                    self.command(c, consumed && single, if single { next } else { None });
                }
            }
        }
    }

    fn compound_list(&mut self, l: &CompoundList, tail: bool) {
        let items: Vec<&ast::CompoundListItem> = l.0.iter().collect();
        self.list(&items, tail);
    }

    fn command(&mut self, c: &ast::Command, consumed: bool, next: Option<&ast::Pipeline>) {
        match c {
            ast::Command::Simple(_) => self.ordinal += 1,
            ast::Command::Compound(cc, _) => self.compound(cc, consumed, next),
            ast::Command::Function(fd) => match &fd.body.0 {
                CompoundCommand::BraceGroup(b) => self.compound_list(&b.list, false),
                other => self.compound(other, false, None),
            },
            ast::Command::ExtendedTest(..) => {}
        }
    }

    fn looped(
        &mut self,
        kind: Kind,
        cond: Option<&CompoundList>,
        body: &CompoundList,
        consumed: bool,
        next: Option<&ast::Pipeline>,
    ) {
        let first = self.ordinal;
        if let Some(c) = cond {
            self.compound_list(c, false);
        }
        self.compound_list(body, false);
        let last = self.ordinal;
        if last > first {
            if let Some(attempts) = hides_failure(kind, cond, body, consumed, next) {
                self.found.push(Found {
                    first,
                    last: last - 1,
                    attempts,
                });
            }
        }
    }

    fn compound(&mut self, cc: &CompoundCommand, consumed: bool, next: Option<&ast::Pipeline>) {
        match cc {
            CompoundCommand::Arithmetic(_) => {}
            CompoundCommand::ArithmeticForClause(a) => {
                let kind = if a.condition.is_some() {
                    Kind::For
                } else {
                    Kind::While
                };
                self.looped(kind, None, &a.body.list, consumed, next)
            }
            CompoundCommand::BraceGroup(b) => self.compound_list(&b.list, consumed),
            CompoundCommand::Subshell(s) => self.compound_list(&s.list, consumed),
            CompoundCommand::ForClause(fc) => {
                self.looped(Kind::For, None, &fc.body.list, consumed, next)
            }
            CompoundCommand::CaseClause(cc) => {
                for item in &cc.cases {
                    if let Some(l) = &item.cmd {
                        self.compound_list(l, consumed);
                    }
                }
            }
            CompoundCommand::IfClause(ic) => {
                self.compound_list(&ic.condition, false);
                self.compound_list(&ic.then, consumed);
                for e in ic.elses.iter().flatten() {
                    if let Some(c) = &e.condition {
                        self.compound_list(c, false);
                    }
                    self.compound_list(&e.body, consumed);
                }
            }
            CompoundCommand::WhileClause(wc) => {
                self.looped(Kind::While, Some(&wc.0), &wc.1.list, consumed, next)
            }
            CompoundCommand::UntilClause(wc) => {
                self.looped(Kind::Until, Some(&wc.0), &wc.1.list, consumed, next)
            }
            CompoundCommand::Coprocess(c) => self.command(&c.body, false, None),
        }
    }
}

/// The hidden-failure loops of one script, with their spans (the loop's commands, or `fallback`).
fn loops(script: &Script, fallback: Span) -> Vec<(Span, Vec<String>)> {
    if !script.text.contains("sleep")
        || !script.is_parsed_shell()
        || script.interpreter == Interpreter::Exec
    {
        return Vec::new();
    }
    // The tree the shell analysis built (the one shared parse, cached by text when it was let go).
    let prog = match &script.ast.0 {
        Some(tree) => std::sync::Arc::clone(tree),
        None => match crate::shell::parse_program(&script.text) {
            Ok(tree) => tree,
            Err(_) => return Vec::new(),
        },
    };
    let mut w = Walker {
        ordinal: 0,
        found: Vec::new(),
    };
    let items: Vec<&ast::CompoundListItem> = prog
        .complete_commands
        .iter()
        .flat_map(|c| c.0.iter())
        .collect();
    w.list(&items, true);
    let top: Vec<&Cmd> = script
        .commands
        .iter()
        .filter(|c| {
            !c.nesting
                .iter()
                .any(|n| matches!(n, Nest::CommandSubstitution | Nest::ProcessSubstitution))
        })
        .collect();
    let aligned = top.len() == w.ordinal;
    w.found
        .into_iter()
        .map(|f| {
            let span = match (aligned, top.get(f.first), top.get(f.last)) {
                (true, Some(a), Some(b)) => a.span.cover(b.span),
                _ => fallback,
            };
            (span, f.attempts)
        })
        .collect()
}

impl Rule for RetryLoopHidesFailure {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for run in runs(cx) {
            for script in run.scripts.iter() {
                for (span, attempts) in loops(script, run.ins.command.args_span) {
                    let what = match attempts.first().and_then(|a| a.split(' ').next()) {
                        Some(a) => format!("`{a}`"),
                        None => "the retried command".to_string(),
                    };
                    out.push(Diagnostic::new(
                        span,
                        format!("this retry loop gives up silently: when every attempt of {what} fails, the loop still ends with status 0 and the build carries on; fail on the last attempt (`[ \"$i\" = 3 ] && exit 1`) or check the result after the loop"),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RetryLoopHidesFailure as R;
    use crate::rules::run;

    fn n(script: &str) -> usize {
        run(&R, &format!("FROM debian:12\nRUN {script}\n")).len()
    }

    #[test]
    fn silent_retry_loops() {
        for bad in [
            "for i in 1 2 3; do curl -fo f https://x && break || sleep 5; done",
            "for i in $(seq 1 5); do apt-get update && break; sleep 10; done; apt-get install -y x",
            "for i in 1 2 3; do sleep 5; if wget -q https://x; then break; fi; done",
            "n=0; until [ $n -ge 5 ]; do pip install x && break; n=$((n+1)); sleep 15; done",
            "n=0; until npm ci || [ $n -ge 3 ]; do n=$((n+1)); sleep 2; done",
            "while true; do curl -f https://x && break; n=$((n+1)); [ $n -ge 5 ] && break; sleep 2; done",
            "for i in 1 2 3; do curl https://x && break || { echo retry; sleep 1; }; done && echo ok",
            "for i in 1 2 3; do sleep 1; curl https://x && break; done; echo done",
            "set -e; for i in 1 2 3; do sleep 1; curl https://x && break; done; echo done",
            "for i in 1 2 3; do curl https://x && break || sleep 5; done || exit 1",
            "for ((i = 0; i < 3; i++)); do curl https://x && break || sleep 1; done",
        ] {
            assert_eq!(n(bad), 1, "{bad}");
        }
    }

    #[test]
    fn loops_that_fail_or_are_checked() {
        for ok in [
            "for i in 1 2 3; do curl https://x && break; [ $i = 3 ] && exit 1; sleep 5; done",
            "for i in 1 2 3; do curl https://x && break || { [ $i -eq 3 ] && exit 1; sleep 1; }; done",
            "for i in 1 2 3; do curl -o f https://x && break || sleep 5; done; test -s f",
            "ok=; for i in 1 2 3; do curl https://x && ok=1 && break || sleep 5; done; [ -n \"$ok\" ]",
            "for i in 1 2 3; do curl https://x && break || sleep 5; done; curl https://x",
            "for i in 1 2 3; do sleep 1; curl https://x && break; done",
            "for i in 1 2 3; do sleep 1; curl https://x && break; done && echo ok",
            "until curl -f https://x; do sleep 1; done",
            "while ! pg_isready; do sleep 1; done",
            "while true; do curl https://x && break; sleep 1; done",
            "for ((;;)); do curl https://x && break || sleep 1; done",
            "for f in a b; do cp $f /x; sleep 1; done",
            "for i in 1 2 3; do curl https://x && break || sleep 5; false; done",
            "for i in 1 2 3; do curl https://x && break || sleep 5; done && [ -f x ]",
        ] {
            assert_eq!(n(ok), 0, "{ok}");
        }
    }

    #[test]
    fn span_covers_the_loop() {
        let src = "FROM debian:12\nRUN echo start && \\\n    for i in 1 2; do curl https://x && break || sleep 1; done\n";
        let d = run(&R, src);
        assert_eq!(d.len(), 1);
        let s = d[0].span.slice(src);
        assert!(s.starts_with("curl https://x"), "{s}");
        assert!(s.ends_with("sleep 1"), "{s}");
        assert!(d[0].message.contains("`curl`"), "{}", d[0].message);
    }

    #[test]
    fn heredoc_scripts() {
        let src = "FROM debian:12\nRUN <<EOF\nfor i in 1 2 3; do\n  apt-get update && break\n  sleep 5\ndone\nEOF\n";
        assert_eq!(run(&R, src).len(), 1);
    }
}
