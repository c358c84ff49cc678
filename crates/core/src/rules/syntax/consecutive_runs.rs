//! DL3059: consecutive RUN instructions that could be one.

use crate::diagnostics::Fix;
use crate::dockerfile::{Args, Instruction, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::{Span, TextEdit};

pub struct Dl3059;

static META: RuleMeta = rule_meta! {
    id: "DL3059",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "Consecutive RUN instructions could be merged",
    why: "Every RUN makes a layer. Two RUNs in a row with nothing in between can usually be one \
(`RUN a && b`), which saves a layer and lets a later cleanup in the same RUN actually shrink the \
image. As in hadolint: comments between the RUNs do not separate them, any other instruction does; \
RUNs with different flags (`--mount`, `--network`, `--security`) are not reported because they \
cannot be merged; and when either RUN already runs more than one command (`a && b`, `a; b`, \
`a | b`), the split is taken as deliberate (for caching) and not reported.\n\n\
Unlike hadolint, RUNs with heredocs are neither reported nor counted, since merging scripts is not \
a matter of `&&` (hadolint #805: such RUNs have no plain way to be combined). The fix joins the RUN into the one before it with `&&` and a continuation line; \
it is marked unsafe because the commands then share one shell (a `cd` or `export` in the first \
carries over) and one cache entry. It is offered for one-line shell-form RUNs without comments in \
a stage with no SHELL instruction.",
    bad: "FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl\n",
    good: "FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3059",
        "https://github.com/hadolint/hadolint/issues/805",
    ],
};

/// How many named commands a shell script runs, an approximation of hadolint's count (ShellCheck's
/// simple commands that have a name): the script is split on `&&`, `||`, `;`, `|`, `&` and
/// newlines outside quotes; a piece counts when, after shell keywords (`if`, `then`, ...) and
/// variable assignments, a literal command word remains that is not a `[` test. Each command substitution
/// (`$(...)` or backticks) counts one more. Stops once `limit` commands are counted (the rule only
/// asks whether a RUN runs more than one). Only a piece's first words decide whether it counts, so
/// the rest of a piece is skipped up to the next quote, escape, substitution or separator.
fn count_commands_upto(script: &str, escape: char, limit: usize) -> usize {
    let bytes = script.as_bytes();
    // Once a piece's command word is decided, only these change anything: quotes, the escape
    // character, substitutions and separators. The bytes between them are skipped.
    let esc = u8::try_from(escape).ok().filter(u8::is_ascii);
    let matters = |b: u8| {
        matches!(b, b'\'' | b'"' | b'$' | b'`' | b'&' | b'|' | b';' | b'\n') || Some(b) == esc
    };
    let mut count = 0;
    let mut piece = Piece::default();
    let mut word = String::new();
    let mut in_word = false;
    let mut backtick = false;
    let mut quote: Option<char> = None;
    let mut i = 0;
    // The char at byte `i` (there is one), and the byte after it.
    let char_at = |i: usize| -> (char, usize) {
        match bytes[i] {
            b if b.is_ascii() => (b as char, i + 1),
            _ => {
                let c = script[i..].chars().next().unwrap_or('\u{fffd}');
                (c, i + c.len_utf8())
            }
        }
    };
    let end_word = |piece: &mut Piece, word: &mut String, in_word: &mut bool| {
        if *in_word {
            piece.word(word);
            word.clear();
            *in_word = false;
        }
    };
    while i < bytes.len() {
        if count >= limit {
            return count;
        }
        if piece.decided.is_some() && esc.is_some() {
            while i < bytes.len() && !matters(bytes[i]) {
                i += 1;
            }
            if i == bytes.len() {
                break;
            }
        }
        let (c, next) = char_at(i);
        i = next;
        if quote == Some('\'') {
            if c == '\'' {
                quote = None;
            } else if piece.decided.is_none() {
                word.push(c);
            }
            continue;
        }
        if c == escape {
            if i < bytes.len() {
                let (n, next) = char_at(i);
                i = next;
                if piece.decided.is_none() {
                    word.push(n);
                }
            }
            in_word = true;
            continue;
        }
        if c == '$' && bytes.get(i) == Some(&b'(') {
            i += 1;
            if bytes.get(i) != Some(&b'(') {
                count += 1;
            }
            if piece.decided.is_none() {
                word.push_str("$(");
            }
            in_word = true;
            continue;
        }
        if c == '`' {
            if !backtick {
                count += 1;
            }
            backtick = !backtick;
            in_word = true;
            continue;
        }
        if quote == Some('"') {
            if c == '"' {
                quote = None;
            } else if piece.decided.is_none() {
                word.push(c);
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                quote = Some(c);
                in_word = true;
            }
            '&' | '|' | ';' | '\n' => {
                end_word(&mut piece, &mut word, &mut in_word);
                count += usize::from(piece.decided == Some(true));
                piece = Piece::default();
            }
            c if c.is_whitespace() => end_word(&mut piece, &mut word, &mut in_word),
            _ => {
                if piece.decided.is_none() {
                    word.push(c);
                }
                in_word = true;
            }
        }
    }
    end_word(&mut piece, &mut word, &mut in_word);
    count + usize::from(piece.decided == Some(true))
}

/// What the words of one piece of a script, read so far, say about whether it runs a named
/// command: after leading shell keywords and then variable assignments, the first other word
/// decides.
#[derive(Default)]
struct Piece {
    past_keywords: bool,
    decided: Option<bool>,
}

impl Piece {
    fn word(&mut self, w: &str) {
        const KEYWORDS: &[&str] = &[
            "if", "then", "else", "elif", "do", "while", "until", "!", "{", "(", "time",
        ];
        if self.decided.is_some() || (!self.past_keywords && KEYWORDS.contains(&w)) {
            return;
        }
        self.past_keywords = true;
        if !is_assignment(w) {
            self.decided = Some(names_a_command(w));
        }
    }
}

/// Whether `first`, a piece's first word after keywords and assignments, names a command.
fn names_a_command(first: &str) -> bool {
    // A name that is itself expanded (`$CMD args`) is not a literal command name either.
    !first.starts_with('$')
        && !matches!(
            first,
            "[" | "[["
                | "fi"
                | "done"
                | "esac"
                | "}"
                | ")"
                | "for"
                | "case"
                | "select"
                | "function"
        )
}

fn is_assignment(word: &str) -> bool {
    match word.split_once('=') {
        Some((name, _)) => {
            name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}

fn sorted_flags(ins: &Instruction) -> Vec<&str> {
    let mut f: Vec<&str> = ins.command.flags.iter().map(|f| f.raw.as_str()).collect();
    crate::sort::sort_unstable(&mut f);
    f
}

/// Join `cur` into `prev` with `&&` when both are simple one-line shell-form RUNs.
fn merge_fix(cx: &Context<'_>, prev: &Instruction, cur: &Instruction) -> Option<Fix> {
    let (Args::Shell(a), Args::Shell(_)) = (&prev.command.args, &cur.command.args) else {
        return None;
    };
    let one_line = |i: &Instruction| {
        i.start_line == i.end_line
            && i.logical
                .is_contiguous(i.command.args_logical.0, i.command.args_logical.1)
    };
    let first = a.text.trim_end();
    if !one_line(prev)
        || !one_line(cur)
        || first.contains('#')
        || first.ends_with(['&', ';', '|', cx.dockerfile.escape])
    {
        return None;
    }
    if !cx.text[prev.span.end..cur.span.start].trim().is_empty() {
        return None;
    }
    let span = Span::new(prev.command.args_span.end, cur.command.args_span.start);
    Some(Fix::unsafe_(
        format!("Merge into the RUN on line {}", prev.start_line),
        vec![TextEdit::new(
            span,
            format!(" {}\n    && ", cx.dockerfile.escape),
        )],
    ))
}

impl Rule for Dl3059 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let escape = cx.dockerfile.escape;
        for stage in &cx.model.stages {
            let has_shell = stage
                .instructions
                .iter()
                .any(|i| i.keyword() == Keyword::Shell);
            // The RUN the next one is compared with: its flags and command count.
            let mut remembered: Option<(Vec<&str>, usize)> = None;
            let mut previous: Option<&Instruction> = None;
            for ins in &stage.instructions {
                if ins.keyword() != Keyword::Run || !ins.heredocs.is_empty() {
                    remembered = None;
                    previous = None;
                    continue;
                }
                let count = match &ins.command.args {
                    Args::Shell(w) => count_commands_upto(&w.text, escape, 2),
                    _ => 1,
                };
                let flags = sorted_flags(ins);
                match (&remembered, previous) {
                    (Some((f, n)), Some(prev)) if *f == flags && *n <= 1 && count <= 1 => {
                        let mut d = Diagnostic::new(
                            ins.command.name_span,
                            format!("RUN right after the RUN on line {}; merge them with `&&` to save a layer", prev.start_line),
                        );
                        if let Some(fix) = merge_fix(cx, prev, ins).filter(|_| !has_shell) {
                            d = d.with_fix(fix);
                        }
                        out.push(d);
                    }
                    _ => remembered = Some((flags, count)),
                }
                previous = Some(ins);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{count_commands_upto, Dl3059};

    fn count_commands(script: &str, escape: char) -> usize {
        count_commands_upto(script, escape, usize::MAX)
    }
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    #[test]
    fn counts_commands() {
        assert_eq!(count_commands("a && b", '\\'), 2);
        assert_eq!(count_commands("a 'x && y' \"; z\" | c; d || e &", '\\'), 4);
        assert_eq!(count_commands("echo a\\;b", '\\'), 1);
        assert_eq!(count_commands("", '\\'), 0);
        assert_eq!(
            count_commands("CAROOT=$(pwd) mkcert \"$(date)\" `id -u`", '\\'),
            4
        );
        assert_eq!(count_commands("echo $((1 + 2)) '$(x)'", '\\'), 1);
        assert_eq!(count_commands("if [ -n \"$x\" ]; then yarn; fi", '\\'), 1);
        assert_eq!(
            count_commands("[ -n \"$V\" ] && V=a || V=b; pip install $V", '\\'),
            1
        );
        assert_eq!(count_commands("A=1 B=2 make install", '\\'), 1);
    }

    #[test]
    fn what_separates_runs() {
        assert_eq!(run(&Dl3059, "FROM a:1\nRUN a\nRUN b\nRUN c\n").len(), 2);
        assert_eq!(
            run(&Dl3059, "FROM a:1\nRUN a\n# why\n\nRUN b\n").len(),
            1,
            "comments do not separate"
        );
        assert!(run(&Dl3059, "FROM a:1\nRUN a\nENV X=1\nRUN b\n").is_empty());
        assert!(run(&Dl3059, "FROM a:1\nRUN a\nFROM b:1\nRUN b\n").is_empty());
        assert!(
            run(
                &Dl3059,
                "FROM a:1\nRUN --mount=type=cache,target=/x a\nRUN b\n"
            )
            .is_empty(),
            "different flags"
        );
        assert_eq!(
            run(
                &Dl3059,
                "FROM a:1\nRUN --network=none a\nRUN --network=none b\n"
            )
            .len(),
            1
        );
        assert!(
            run(&Dl3059, "FROM a:1\nRUN a && b\nRUN d\nRUN e; f\n").is_empty(),
            "chains are deliberate"
        );
        assert_eq!(
            run(&Dl3059, "FROM a:1\nRUN a b c\nRUN d 'x && y'\n").len(),
            1
        );
        assert_eq!(run(&Dl3059, "FROM a:1\nRUN a\nRUN [\"b\"]\n").len(), 1);
        assert!(
            run(&Dl3059, "FROM a:1\nRUN a\nRUN <<EOF\nb\nEOF\nRUN c\n").is_empty(),
            "heredocs"
        );
    }

    #[test]
    fn merge_fix() {
        let src = "FROM a:1\nRUN apt-get update\n\nRUN apt-get install -y x\n";
        let d = run(&Dl3059, src);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(
            out,
            "FROM a:1\nRUN apt-get update \\\n    && apt-get install -y x\n"
        );
        assert!(run(&Dl3059, &out).is_empty());
        assert!(
            run(&Dl3059, "FROM a:1\nRUN a # note\nRUN b\n")[0]
                .fix
                .is_none(),
            "a comment would swallow the rest"
        );
        assert!(
            run(&Dl3059, "FROM a:1\nRUN a\n# note\nRUN b\n")[0]
                .fix
                .is_none(),
            "the comment would be lost"
        );
        assert!(run(&Dl3059, "FROM a:1\nRUN a &\nRUN b\n")[0].fix.is_none());
        assert!(run(
            &Dl3059,
            "FROM a:1\nSHELL [\"pwsh\", \"-c\"]\nRUN a\nRUN b\n"
        )[0]
        .fix
        .is_none());
    }
}
