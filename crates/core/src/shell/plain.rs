//! A fast parser for plain shell, the shell most RUN lines are written in: simple commands,
//! `&&`/`||` lists, pipes, `;`/`&`/newline separators, quotes, `$NAME` and plain `${…}`, `$(…)`
//! and backquotes with a plain inside, assignments, file redirections, and the compound commands
//! `{ …; }`, `( … )`, `if`/`elif`/`else`, `for`, `while` and `until`.
//!
//! It builds exactly the tree brush-parser builds for the same text (the same nodes, word values
//! and positions, down to brush-parser's quirks such as an `if`'s location being its first word),
//! and declines everything else by returning `None`: `case`, function definitions, arithmetic
//! (`((…))`, `$((…))`), `!`, `time`, `[[ ]]`, here-documents and here-strings, `$'…'`, line
//! continuations, extended globs, and expansions or substitutions whose text brush-parser would
//! rewrite. A declined text, and a text that does not parse, is then parsed by brush-parser,
//! which also gives the error. Texts nested too deeply are refused before either parser sees
//! them (`parse.rs`).
//!
//! brush-parser tokenizes character by character through a reader and runs a PEG grammar that
//! tries each word as an assignment; this parser reads bytes once. The tests compare both trees
//! (their debug text, which shows every node, value and position) on hand-picked and generated
//! texts, and `tests/shell_corpus.rs` on every script of the corpus.

use brush_parser::ast::{
    AndOr, AndOrList, Assignment, AssignmentName, AssignmentValue, BraceGroupCommand, Command,
    CommandPrefix, CommandPrefixOrSuffixItem, CommandSuffix, CompoundCommand, CompoundList,
    CompoundListItem, DoGroupCommand, ElseClause, ForClauseCommand, IfClauseCommand,
    IoFileRedirectKind, IoFileRedirectTarget, IoRedirect, Pipeline, Program, RedirectList,
    SeparatorOperator, SimpleCommand, SubshellCommand, WhileOrUntilClauseCommand, Word,
};
use brush_parser::word::{Parameter, ParameterExpr, WordPiece, WordPieceWithSource};
use brush_parser::{SourcePosition, SourceSpan};
use std::sync::Arc;

/// The tree brush-parser would build for `text`, or `None` when the text is not plain shell (or
/// does not parse).
pub(crate) fn parse(text: &str) -> Option<Program> {
    let tokens = tokenize(text)?;
    Parser {
        text,
        tokens: &tokens,
        at: 0,
    }
    .program()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Op {
    Newline,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `&`
    Amp,
    /// `&&`
    AndAnd,
    /// `||`
    OrOr,
    /// `|`
    Pipe,
    /// `;`
    Semi,
    /// `<`
    Less,
    /// `<&`
    LessAnd,
    /// `>`
    Great,
    /// `>>`
    GreatGreat,
    /// `>&`
    GreatAnd,
    /// `&>`
    AndGreat,
    /// `&>>`
    AndGreatGreat,
}

impl Op {
    fn redirects(self) -> bool {
        matches!(
            self,
            Op::Less
                | Op::LessAnd
                | Op::Great
                | Op::GreatGreat
                | Op::GreatAnd
                | Op::AndGreat
                | Op::AndGreatGreat
        )
    }
}

#[derive(Debug)]
enum Tok {
    /// Byte range in the text, and brush-parser's span of it.
    Word(usize, usize, SourceSpan),
    /// The operator and where it starts and ends.
    Op(Op, Pos, Pos),
}

/// A position in brush-parser's terms: characters from the start, 1-based line and column.
#[derive(Clone, Copy, Debug)]
struct Pos {
    index: usize,
    line: usize,
    column: usize,
}

impl Pos {
    fn position(self) -> Arc<SourcePosition> {
        Arc::new(SourcePosition {
            index: self.index,
            line: self.line,
            column: self.column,
        })
    }
}

/// Splits `text` into words and operators, or `None` at anything this parser leaves to
/// brush-parser.
fn tokenize(text: &str) -> Option<Vec<Tok>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut pos = Pos {
        index: 0,
        line: 1,
        column: 1,
    };
    let mut i = 0;
    // Moves over b[i..to], counting characters as brush-parser does.
    let advance = |pos: &mut Pos, from: usize, to: usize| {
        for &c in &b[from..to] {
            if c & 0xC0 == 0x80 {
                continue; // a UTF-8 continuation byte: same character
            }
            pos.index += 1;
            if c == b'\n' {
                pos.line += 1;
                pos.column = 1;
            } else {
                pos.column += 1;
            }
        }
    };
    while i < b.len() {
        let c = b[i];
        let next = |k: usize| b.get(i + k).copied();
        let (op, len) = match c {
            b' ' | b'\t' => {
                advance(&mut pos, i, i + 1);
                i += 1;
                continue;
            }
            b'#' => {
                // A comment, up to the newline.
                let end = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |k| i + k);
                advance(&mut pos, i, end);
                i = end;
                continue;
            }
            b'\n' => (Op::Newline, 1),
            b'&' => match (next(1), next(2)) {
                (Some(b'&'), _) => (Op::AndAnd, 2),
                (Some(b'>'), Some(b'>')) => (Op::AndGreatGreat, 3),
                (Some(b'>'), _) => (Op::AndGreat, 2),
                _ => (Op::Amp, 1),
            },
            b'|' => match next(1) {
                Some(b'|') => (Op::OrOr, 2),
                Some(b'&') => return None,
                _ => (Op::Pipe, 1),
            },
            b';' => match next(1) {
                Some(b';' | b'&') => return None,
                _ => (Op::Semi, 1),
            },
            b'<' => match next(1) {
                Some(b'<' | b'>') => return None,
                Some(b'&') => (Op::LessAnd, 2),
                _ => (Op::Less, 1),
            },
            b'>' => match next(1) {
                Some(b'>') => (Op::GreatGreat, 2),
                Some(b'&') => (Op::GreatAnd, 2),
                Some(b'|') => return None,
                _ => (Op::Great, 1),
            },
            b'(' => (Op::LParen, 1),
            b')' => (Op::RParen, 1),
            _ => {
                let end = word_end(b, i)?;
                let start = pos;
                advance(&mut pos, i, end);
                let span = SourceSpan {
                    start: start.position(),
                    end: pos.position(),
                };
                out.push(Tok::Word(i, end, span));
                i = end;
                continue;
            }
        };
        let start = pos;
        advance(&mut pos, i, i + len);
        out.push(Tok::Op(op, start, pos));
        i += len;
    }
    Some(out)
}

/// Where the word starting at `b[start]` ends, or `None` when it holds anything brush-parser
/// would read differently from its raw text.
fn word_end(b: &[u8], start: usize) -> Option<usize> {
    let mut j = start;
    while j < b.len() {
        match b[j] {
            b' ' | b'\t' | b'\n' | b'&' | b'|' | b';' | b'<' | b'>' | b')' => break,
            // `(` inside a word starts an extended glob or an operator: left to brush-parser.
            b'(' => return None,
            b'`' => j = backquote_end(b, j)?,
            b'\\' => j = escaped_end(b, j)?,
            b'\'' => {
                // `$'…'` is ANSI-C quoting (also after an escaped `$`).
                if j > start && b[j - 1] == b'$' {
                    return None;
                }
                let close = b[j + 1..].iter().position(|&c| c == b'\'')?;
                j += close + 2;
            }
            b'"' => {
                j += 1;
                loop {
                    match *b.get(j)? {
                        b'"' => break,
                        b'`' => j = backquote_end(b, j)?,
                        b'\\' => j = escaped_end(b, j)?,
                        b'$' => j = dollar_end(b, j)?,
                        _ => j += 1,
                    }
                }
                j += 1;
            }
            b'$' => j = dollar_end(b, j)?,
            _ => j += 1,
        }
    }
    Some(j)
}

/// After the backslash at `b[j]`: past the escaped character. Not a line continuation (which
/// brush-parser removes from the word) and not a backslash at the end (an error).
fn escaped_end(b: &[u8], j: usize) -> Option<usize> {
    let c = *b.get(j + 1)?;
    if c == b'\n' {
        return None;
    }
    Some(j + 1 + crate::source::utf8_width(c))
}

/// After the backquote at `b[j]`: past the closing one. brush-parser keeps everything between
/// them as written (a backslash escapes the next character).
fn backquote_end(b: &[u8], j: usize) -> Option<usize> {
    let mut k = j + 1;
    loop {
        match *b.get(k)? {
            b'`' => return Some(k + 1),
            b'\\' => k += 2,
            _ => k += 1,
        }
    }
}

/// After the `$` at `b[j]`: `$NAME` and friends go on as plain characters; `${…}` only when its
/// inside is one word with no quotes, expansions or operators, and `$(…)` only when its inside
/// has no quotes, expansions, parentheses, tabs, newlines, comments or here-documents
/// (brush-parser re-tokenizes both insides and would rewrite anything else); `$((`, `$[`, `$'`
/// and `$"` are declined.
fn dollar_end(b: &[u8], j: usize) -> Option<usize> {
    match b.get(j + 1) {
        Some(b'[' | b'\'' | b'"') => None,
        Some(b'(') => {
            let mut k = j + 2;
            if b.get(k) == Some(&b'(') {
                return None;
            }
            loop {
                match *b.get(k)? {
                    b')' => return Some(k + 1),
                    b'(' | b'\t' | b'\n' | b'#' | b'\\' | b'\'' | b'"' | b'`' | b'$' => {
                        return None
                    }
                    b'<' if b.get(k + 1) == Some(&b'<') => return None,
                    _ => k += 1,
                }
            }
        }
        Some(b'{') => {
            let mut k = j + 2;
            loop {
                match *b.get(k)? {
                    b'}' => return Some(k + 1),
                    b' ' | b'\t' | b'\n' | b'\'' | b'"' | b'\\' | b'`' | b'$' | b'{' | b'('
                    | b')' | b'<' | b'>' | b';' | b'&' | b'|' => return None,
                    _ => k += 1,
                }
            }
        }
        _ => Some(j + 1),
    }
}

/// Words that brush-parser reads as reserved in command position.
fn reserved(w: &str) -> bool {
    matches!(
        w,
        "!" | "{"
            | "}"
            | "case"
            | "do"
            | "done"
            | "elif"
            | "else"
            | "esac"
            | "fi"
            | "for"
            | "if"
            | "in"
            | "then"
            | "until"
            | "while"
            | "[["
            | "]]"
            | "function"
            | "select"
            | "coproc"
            | "time"
    )
}

struct Parser<'a> {
    text: &'a str,
    tokens: &'a [Tok],
    at: usize,
}

impl Parser<'_> {
    fn peek_op(&self) -> Option<Op> {
        match self.tokens.get(self.at) {
            Some(Tok::Op(op, ..)) => Some(*op),
            _ => None,
        }
    }

    /// Takes the word `w` at the cursor, giving its span.
    fn take_word(&mut self, w: &str) -> Option<SourceSpan> {
        match self.tokens.get(self.at) {
            Some(Tok::Word(s, e, span)) if &self.text[*s..*e] == w => {
                self.at += 1;
                Some(span.clone())
            }
            _ => None,
        }
    }

    fn skip_newlines(&mut self) {
        while self.peek_op() == Some(Op::Newline) {
            self.at += 1;
        }
    }

    fn program(mut self) -> Option<Program> {
        let mut complete_commands = Vec::new();
        self.skip_newlines();
        while self.at < self.tokens.len() {
            complete_commands.push(self.complete_command()?);
            if self.at < self.tokens.len() && self.peek_op() != Some(Op::Newline) {
                return None;
            }
            self.skip_newlines();
        }
        Some(Program { complete_commands })
    }

    fn complete_command(&mut self) -> Option<CompoundList> {
        let mut items = Vec::new();
        loop {
            let and_or = self.and_or()?;
            let sep = match self.peek_op() {
                Some(Op::Semi) => SeparatorOperator::Sequence,
                Some(Op::Amp) => SeparatorOperator::Async,
                _ => {
                    items.push(CompoundListItem(and_or, SeparatorOperator::Sequence));
                    return Some(CompoundList(items));
                }
            };
            self.at += 1;
            items.push(CompoundListItem(and_or, sep));
            if !self.starts_command() {
                return Some(CompoundList(items));
            }
        }
    }

    /// Whether the token at the cursor begins another command of a list, rather than ending the
    /// list (a closing reserved word, an operator that is not `(` or a redirection).
    fn starts_command(&self) -> bool {
        match self.tokens.get(self.at) {
            Some(Tok::Word(s, e, _)) => !matches!(
                &self.text[*s..*e],
                "}" | "fi" | "then" | "else" | "elif" | "do" | "done" | "esac" | "in" | "]]"
            ),
            Some(Tok::Op(op, ..)) => *op == Op::LParen || op.redirects(),
            None => false,
        }
    }

    /// A list inside a compound command: commands separated by `;`, `&` or newlines, up to the
    /// word that closes it.
    fn compound_list(&mut self) -> Option<CompoundList> {
        let mut items = Vec::new();
        self.skip_newlines();
        loop {
            let and_or = self.and_or()?;
            let sep = match self.peek_op() {
                Some(Op::Semi) => SeparatorOperator::Sequence,
                Some(Op::Amp) => SeparatorOperator::Async,
                Some(Op::Newline) => {
                    self.skip_newlines();
                    items.push(CompoundListItem(and_or, SeparatorOperator::Sequence));
                    if !self.starts_command() {
                        return Some(CompoundList(items));
                    }
                    continue;
                }
                _ => {
                    items.push(CompoundListItem(and_or, SeparatorOperator::Sequence));
                    return Some(CompoundList(items));
                }
            };
            self.at += 1;
            self.skip_newlines();
            items.push(CompoundListItem(and_or, sep));
            if !self.starts_command() {
                return Some(CompoundList(items));
            }
        }
    }

    /// A command: a compound command (brace group, subshell, `if`, `for`, `while`, `until`) with
    /// its redirections, or a simple command. Other compound forms are declined.
    fn command(&mut self) -> Option<Command> {
        let compound = match self.tokens.get(self.at) {
            Some(Tok::Op(Op::LParen, start, end)) => {
                // `((` is arithmetic (or a subshell in a subshell): left to brush-parser.
                if matches!(self.tokens.get(self.at + 1), Some(Tok::Op(Op::LParen, ..))) {
                    return None;
                }
                let open = span(*start, *end);
                self.at += 1;
                let list = self.compound_list()?;
                let Some(Tok::Op(Op::RParen, start, end)) = self.tokens.get(self.at) else {
                    return None;
                };
                let close = span(*start, *end);
                self.at += 1;
                CompoundCommand::Subshell(SubshellCommand {
                    list,
                    loc: within(&open, &close),
                })
            }
            Some(Tok::Word(s, e, first)) => match &self.text[*s..*e] {
                "{" => {
                    let open = self.take_word("{")?;
                    let list = self.compound_list()?;
                    let close = self.take_word("}")?;
                    CompoundCommand::BraceGroup(BraceGroupCommand {
                        list,
                        loc: within(&open, &close),
                    })
                }
                "if" => self.if_clause()?,
                "for" => self.for_clause()?,
                w @ ("while" | "until") => {
                    let until = w == "until";
                    let start = first.clone();
                    self.at += 1;
                    let condition = self.compound_list()?;
                    let body = self.do_group()?;
                    let loc = within(&start, &body.loc);
                    let clause = WhileOrUntilClauseCommand(condition, body, loc);
                    if until {
                        CompoundCommand::UntilClause(clause)
                    } else {
                        CompoundCommand::WhileClause(clause)
                    }
                }
                w if reserved(w) => return None,
                // `name ( )` defines a function.
                _ if matches!(self.tokens.get(self.at + 1), Some(Tok::Op(Op::LParen, ..))) => {
                    return None;
                }
                _ => return Some(Command::Simple(self.simple_command()?)),
            },
            _ => return Some(Command::Simple(self.simple_command()?)),
        };
        let mut redirects = Vec::new();
        while let Some(r) = self.redirect()? {
            redirects.push(r);
        }
        Some(Command::Compound(
            compound,
            (!redirects.is_empty()).then_some(RedirectList(redirects)),
        ))
    }

    fn if_clause(&mut self) -> Option<CompoundCommand> {
        let start = self.take_word("if")?;
        let condition = self.compound_list()?;
        self.take_word("then")?;
        let then = self.compound_list()?;
        let mut elses = Vec::new();
        while self.take_word("elif").is_some() {
            let condition = self.compound_list()?;
            self.take_word("then")?;
            let body = self.compound_list()?;
            elses.push(ElseClause {
                condition: Some(condition),
                body,
            });
        }
        if self.take_word("else").is_some() {
            let body = self.compound_list()?;
            elses.push(ElseClause {
                condition: None,
                body,
            });
        }
        self.take_word("fi")?;
        Some(CompoundCommand::IfClause(IfClauseCommand {
            condition,
            then,
            elses: (!elses.is_empty()).then_some(elses),
            // brush-parser's location of an `if` is its first word.
            loc: start,
        }))
    }

    fn for_clause(&mut self) -> Option<CompoundCommand> {
        let start = self.take_word("for")?;
        let Some(Tok::Word(s, e, _)) = self.tokens.get(self.at) else {
            return None;
        };
        let variable_name = self.text[*s..*e].to_string();
        self.at += 1;
        let after_name = self.at;
        self.skip_newlines();
        let values = if self.take_word("in").is_some() {
            let mut words = Vec::new();
            while let Some(Tok::Word(s, e, span)) = self.tokens.get(self.at) {
                words.push(word(&self.text[*s..*e], span));
                self.at += 1;
            }
            // `;` or newlines must follow the words.
            match self.peek_op() {
                Some(Op::Semi | Op::Newline) => {
                    self.at += 1;
                    self.skip_newlines();
                }
                _ => return None,
            }
            (!words.is_empty()).then_some(words)
        } else {
            self.at = after_name;
            if self.peek_op() == Some(Op::Semi) {
                self.at += 1;
            }
            self.skip_newlines();
            None
        };
        let body = self.do_group()?;
        let loc = within(&start, &body.loc);
        Some(CompoundCommand::ForClause(ForClauseCommand {
            variable_name,
            values,
            body,
            loc,
        }))
    }

    fn do_group(&mut self) -> Option<DoGroupCommand> {
        let open = self.take_word("do")?;
        let list = self.compound_list()?;
        let close = self.take_word("done")?;
        Some(DoGroupCommand {
            list,
            loc: within(&open, &close),
        })
    }

    fn and_or(&mut self) -> Option<AndOrList> {
        let first = self.pipeline()?;
        let mut additional = Vec::new();
        loop {
            let and = match self.peek_op() {
                Some(Op::AndAnd) => true,
                Some(Op::OrOr) => false,
                _ => return Some(AndOrList { first, additional }),
            };
            self.at += 1;
            self.skip_newlines();
            let p = self.pipeline()?;
            additional.push(if and { AndOr::And(p) } else { AndOr::Or(p) });
        }
    }

    fn pipeline(&mut self) -> Option<Pipeline> {
        let mut seq = vec![self.command()?];
        while self.peek_op() == Some(Op::Pipe) {
            self.at += 1;
            self.skip_newlines();
            seq.push(self.command()?);
        }
        Some(Pipeline {
            timed: None,
            bang: false,
            seq,
        })
    }

    fn simple_command(&mut self) -> Option<SimpleCommand> {
        let mut prefix = Vec::new();
        while let Some(item) = self.item(false)? {
            prefix.push(item);
        }
        let word_or_name = match self.tokens.get(self.at) {
            Some(Tok::Word(s, e, span)) => {
                if reserved(&self.text[*s..*e]) {
                    return None;
                }
                self.at += 1;
                Some(word(&self.text[*s..*e], span))
            }
            _ if prefix.is_empty() => return None,
            _ => None,
        };
        let prefix = (!prefix.is_empty()).then_some(CommandPrefix(prefix));
        if word_or_name.is_none() {
            return Some(SimpleCommand {
                prefix,
                word_or_name,
                suffix: None,
            });
        }
        let mut suffix = Vec::new();
        while let Some(item) = self.item(true)? {
            suffix.push(item);
        }
        Some(SimpleCommand {
            prefix,
            word_or_name,
            suffix: (!suffix.is_empty()).then_some(CommandSuffix(suffix)),
        })
    }

    /// The prefix (`words` false) or suffix item at the cursor, taken: a redirection, an
    /// assignment, or in a suffix any other word. `Some(None)` when there is none, `None` when the
    /// item is left to brush-parser.
    fn item(&mut self, words: bool) -> Option<Option<CommandPrefixOrSuffixItem>> {
        if let Some(r) = self.redirect()? {
            return Some(Some(CommandPrefixOrSuffixItem::IoRedirect(r)));
        }
        if let Some((a, w)) = self.assignment()? {
            return Some(Some(CommandPrefixOrSuffixItem::AssignmentWord(a, w)));
        }
        match self.tokens.get(self.at) {
            Some(Tok::Word(s, e, span)) if words => {
                self.at += 1;
                Some(Some(CommandPrefixOrSuffixItem::Word(word(
                    &self.text[*s..*e],
                    span,
                ))))
            }
            _ => Some(None),
        }
    }

    /// `NAME=value` or `NAME+=value` at the cursor, taken: `Some(None)` when the word is not an
    /// assignment, `None` for an array element (`NAME[…]`), which is left to brush-parser.
    fn assignment(&mut self) -> Option<Option<(Assignment, Word)>> {
        let Some(Tok::Word(s, e, span)) = self.tokens.get(self.at) else {
            return Some(None);
        };
        let w = &self.text[*s..*e];
        let b = w.as_bytes();
        if !b
            .first()
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        {
            return Some(None);
        }
        let Some(name_end) = b
            .iter()
            .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
        else {
            return Some(None);
        };
        let (append, value_at) = match &b[name_end..] {
            [b'=', ..] => (false, name_end + 1),
            [b'+', b'=', ..] => (true, name_end + 2),
            [b'[', ..] => return None,
            _ => return Some(None),
        };
        self.at += 1;
        let a = Assignment {
            name: AssignmentName::VariableName(w[..name_end].to_string()),
            value: AssignmentValue::Scalar(Word::new(&w[value_at..])),
            append,
            loc: span.clone(),
        };
        Some(Some((a, word(w, span))))
    }

    /// A file redirection at the cursor, taken: `Some(None)` when there is none, `None` when
    /// brush-parser would not read it as this parser does.
    fn redirect(&mut self) -> Option<Option<IoRedirect>> {
        let mut at = self.at;
        // An all-digit word right against `<` or `>` is the descriptor.
        let mut fd = None;
        if let (Some(Tok::Word(s, e, span)), Some(Tok::Op(op, op_at, _))) =
            (self.tokens.get(at), self.tokens.get(at + 1))
        {
            let w = &self.text[*s..*e];
            if w.bytes().all(|c| c.is_ascii_digit())
                && op_at.index == span.end.index
                && !matches!(op, Op::AndGreat | Op::AndGreatGreat)
                && op.redirects()
            {
                // brush-parser reads it as an i32 and cannot take more digits.
                if w.len() > 9 {
                    return None;
                }
                fd = Some(w.parse().ok()?);
                at += 1;
            }
        }
        let Some(Tok::Op(op, ..)) = self.tokens.get(at) else {
            return Some(None);
        };
        if !op.redirects() {
            return Some(None);
        }
        let Some(Tok::Word(s, e, span)) = self.tokens.get(at + 1) else {
            return None;
        };
        let target = word(&self.text[*s..*e], span);
        self.at = at + 2;
        use IoFileRedirectKind as Kind;
        use IoFileRedirectTarget::{Duplicate, Filename};
        Some(Some(match op {
            Op::Less => IoRedirect::File(fd, Kind::Read, Filename(target)),
            Op::Great => IoRedirect::File(fd, Kind::Write, Filename(target)),
            Op::GreatGreat => IoRedirect::File(fd, Kind::Append, Filename(target)),
            Op::LessAnd => IoRedirect::File(fd, Kind::DuplicateInput, Duplicate(target)),
            Op::GreatAnd => IoRedirect::File(fd, Kind::DuplicateOutput, Duplicate(target)),
            Op::AndGreat => IoRedirect::OutputAndError(target, false),
            Op::AndGreatGreat => IoRedirect::OutputAndError(target, true),
            _ => return None,
        }))
    }
}

/// brush-parser's pieces of the shell word `raw` when it is made of plain pieces only: unquoted
/// text, single-quoted text, `$NAME`, a plain `$(…)`, and double quotes holding those. `None` for
/// anything else (escapes, a leading `~`, braces, substitutions, special parameters), which
/// brush-parser's word grammar then reads.
pub(crate) fn word_pieces(raw: &str) -> Option<Vec<WordPieceWithSource>> {
    let b = raw.as_bytes();
    if b.first() == Some(&b'~') {
        return None;
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let (piece, end) = match b[i] {
            b'\'' => {
                let close = i + 1 + b[i + 1..].iter().position(|&c| c == b'\'')?;
                (
                    WordPiece::SingleQuotedText(raw[i + 1..close].to_string()),
                    close + 1,
                )
            }
            b'"' => {
                let mut inner = Vec::new();
                let mut j = i + 1;
                loop {
                    match *b.get(j)? {
                        b'"' => break,
                        b'$' => {
                            let (piece, end) = named_parameter(raw, j)?;
                            inner.push(sourced(piece, j, end));
                            j = end;
                        }
                        b'\\' | b'`' => return None,
                        _ => {
                            let end = j + b[j..]
                                .iter()
                                .position(|c| matches!(c, b'"' | b'$' | b'\\' | b'`'))
                                .unwrap_or(b.len() - j);
                            inner.push(sourced(WordPiece::Text(raw[j..end].to_string()), j, end));
                            j = end;
                        }
                    }
                }
                (WordPiece::DoubleQuotedSequence(inner), j + 1)
            }
            b'$' => named_parameter(raw, i)?,
            b'\\' | b'`' => return None,
            _ => {
                let end = i + b[i..]
                    .iter()
                    .position(|c| matches!(c, b'\'' | b'"' | b'$' | b'\\' | b'`'))
                    .unwrap_or(b.len() - i);
                (WordPiece::Text(raw[i..end].to_string()), end)
            }
        };
        out.push(sourced(piece, i, end));
        i = end;
    }
    Some(out)
}

/// `$NAME`, or `$(…)` holding no quotes, parentheses, expansions or escapes, at `raw[at]`: the
/// piece and where it ends.
fn named_parameter(raw: &str, at: usize) -> Option<(WordPiece, usize)> {
    let b = raw.as_bytes();
    if b.get(at + 1) == Some(&b'(') {
        let len = b[at + 2..].iter().position(|&c| c == b')')?;
        let inner = &raw[at + 2..at + 2 + len];
        if inner
            .bytes()
            .any(|c| matches!(c, b'(' | b'\'' | b'"' | b'$' | b'\\' | b'`'))
        {
            return None;
        }
        return Some((
            WordPiece::CommandSubstitution(inner.to_string()),
            at + 3 + len,
        ));
    }
    if !b
        .get(at + 1)
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
    {
        return None;
    }
    let end = at
        + 1
        + b[at + 1..]
            .iter()
            .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
            .unwrap_or(b.len() - at - 1);
    let parameter = Parameter::Named(raw[at + 1..end].to_string());
    Some((
        WordPiece::ParameterExpansion(ParameterExpr::Parameter {
            parameter,
            indirect: false,
        }),
        end,
    ))
}

fn sourced(piece: WordPiece, start_index: usize, end_index: usize) -> WordPieceWithSource {
    WordPieceWithSource {
        piece,
        start_index,
        end_index,
    }
}

/// `None` when [`word_pieces`] declines `raw`, else whether its pieces are brush-parser's.
pub(crate) fn word_pieces_agree(raw: &str) -> Option<bool> {
    let ours = word_pieces(raw)?;
    let theirs = brush_parser::word::parse(raw, &brush_parser::ParserOptions::default()).ok();
    Some(theirs.is_some_and(|t| format!("{t:?}") == format!("{ours:?}")))
}

/// `None` when this parser declines `text`, else whether its tree is brush-parser's (compared
/// through their debug text, which shows every node, value and position).
pub(crate) fn agrees(text: &str) -> Option<bool> {
    let ours = parse(text)?;
    let theirs = super::parse::brush(text).ok();
    Some(theirs.is_some_and(|t| format!("{t:?}") == format!("{ours:?}")))
}

fn span(start: Pos, end: Pos) -> SourceSpan {
    SourceSpan {
        start: start.position(),
        end: end.position(),
    }
}

/// From the start of `a` to the end of `b`, as brush-parser joins locations.
fn within(a: &SourceSpan, b: &SourceSpan) -> SourceSpan {
    SourceSpan {
        start: Arc::clone(&a.start),
        end: Arc::clone(&b.end),
    }
}

fn word(value: &str, span: &SourceSpan) -> Word {
    Word::with_location(value, span)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brush(text: &str) -> Option<Program> {
        super::super::parse::brush(text).ok()
    }

    #[test]
    fn same_trees_as_brush_parser() {
        let plain = [
            "",
            "   \n\n",
            "echo hi",
            "apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*",
            "a || b; c & d\ne | f |\n g",
            "a &&\n\n b",
            "A=1 B+=2 make X=3 'q r' \"s $T ${U:-v} t\" w\\ x",
            "A=1",
            "A=1 >out",
            ">out cmd arg",
            "cmd 2>&1 >/dev/null 2> err <in 3<&0 &>all &>>more >>log",
            "cmd 2 >x 12345>y",
            "echo é 'ü' \"ñ\" # comment\necho done",
            "x=1 ; y=2;",
            "a#b #c",
            "echo ${#A} ${A%%.*} ${A/x/y} $1 $@ $? $$ a$",
            "echo done fi { } ! if",
            "printf '%s\n' \"a\nb\" c",
            "\t echo\ttab ;\t",
            "FOO==x BAR=\"a b\" _x=1 1x=2 =y",
            "echo $(date) \"$(uname -m)\" x$(a | b 2>/dev/null;c)y",
            "echo $( spaced  out ) `date` \"`id -u`\" `a \\` b`",
            "ARCH=$(dpkg --print-architecture) && curl -o x.$ARCH.tgz",
            "(cd x && make) | tee log",
            "if true; then echo; fi",
            "if a\nthen b; elif c; then d &\nelif e; then :; else f; fi >out 2>&1",
            "for x in a \"b c\" $D; do echo $x; done; for y; do :; done",
            "for z\n\nin 1 2\ndo\n  echo $z\ndone",
            "for w in; do :; done",
            "while read -r l; do echo \"$l\"; done < in && until false; do break; done",
            "set -eux; \t{ \t\techo 'a'; \t\techo b; \t} > /etc/x",
            "{ a; b & } && ( c\n d ) || { e\n}",
            "if [ -f x ]; then { echo done fi; }; fi",
        ];
        for t in plain {
            assert_eq!(agrees(t), Some(true), "{t:?}");
        }
        // Left to brush-parser (and some of them do not parse at all).
        let declined = [
            "echo $(( 1 + 2 ))",
            "echo $(echo \"$x\")",
            "echo $(cat <<EOF\nx\nEOF\n)",
            "echo $(a\tb)",
            "((x++))",
            "( (a) )",
            "case $x in a) b;; esac",
            "f () { :; }",
            "function f { :; }",
            "{ }",
            "if a; then b; fi x",
            "for x in a b do c; done",
            "while a; do b done",
            "! false",
            "time make",
            "cat <<EOF\nx\nEOF",
            "cat <<< x",
            "echo $'a\\n'",
            "echo \"${A:-a b}\"",
            "echo a\\\nb",
            "f() { :; }",
            "a |& b",
            "echo ${A:-$B}",
            "a && && b",
            "echo >",
            "arr=(1 2)",
            "a[1]=x",
            "echo 'unterminated",
            "a; ;; b",
            "99999999999>x",
        ];
        for t in declined {
            let r = agrees(t);
            assert!(r.is_none(), "{t:?} should be declined, was {r:?}");
        }
    }

    #[test]
    fn same_word_pieces_as_brush_parser() {
        for w in [
            "",
            "plain",
            "a'b c'd",
            "''",
            "\"\"",
            "$HOME/x",
            "x$A_1-y$b",
            "\"$A\"",
            "\"pre $A mid$B post\"",
            "'$A'\"$B\"c",
            "é$E",
            "a~b",
            "a:~b",
            "$(uname -m)",
            "x\"$(dpkg --print-architecture | cut -d- -f1)\"y",
            "$()",
        ] {
            assert_eq!(word_pieces_agree(w), Some(true), "{w:?}");
        }
        for w in [
            "~/x",
            "${}",
            "é$É",
            "$1",
            "$@",
            "${A}",
            "`x`",
            "a\\ b",
            "\"a\\\"b\"",
            "$'x'",
            "$\"x\"",
            "\"$\"",
            "'open",
            "\"open",
            "\"$A",
            "$((1+2))",
            "$(a \"b\")",
            "$(a $B)",
            "$(a",
        ] {
            assert_eq!(word_pieces_agree(w), None, "{w:?} should be declined");
        }
    }

    /// Random texts from shell fragments, compared with brush-parser whenever this parser takes
    /// them. The generator is seeded, so a failure repeats.
    #[test]
    fn generated_texts_agree_with_brush_parser() {
        let pieces = [
            "echo",
            "A=1",
            "B+=x",
            "x",
            "'a b'",
            "\"c $D\"",
            "${E:-f}",
            "$F",
            "2",
            ">",
            ">>",
            "<",
            ">&",
            "<&",
            "&>",
            "2>&1",
            "&&",
            "||",
            ";",
            "&",
            "|",
            "\n",
            " ",
            "\t",
            "  ",
            "#c\n",
            "\\ ",
            "é",
            "if",
            "done",
            "=",
            "a=",
            "1>",
            "{",
            "}",
            "$",
            "\"\"",
            "''",
            "~/x",
            "*.txt",
            "$(a b)",
            "(",
            ")",
            "{ a; }",
            "if a; then b; fi",
            "then",
            "fi",
            "for x in y; do",
            "do",
            "done",
            "while",
            "until x; do :; done",
            "else",
            "elif",
            ";\n",
            "( x )",
            "$( x  y )",
            "\"$(c|d)\"",
            "`e f`",
            "\"`g`\"",
            "$(h>i)",
            "x$(j)",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut rand = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let (mut taken, mut total) = (0, 0);
        for _ in 0..20_000 {
            let len = 1 + rand(12);
            let mut t = String::new();
            for _ in 0..len {
                t.push_str(pieces[rand(pieces.len())]);
                if rand(2) == 0 {
                    t.push(' ');
                }
            }
            total += 1;
            if let Some(same) = agrees(&t) {
                taken += 1;
                assert!(
                    same,
                    "differs from brush-parser: {t:?}\nours: {:?}\nbrush: {:?}",
                    parse(&t),
                    brush(&t)
                );
            }
        }
        // Words from the same kind of fragments.
        let word_bits = [
            "$(c d)",
            "$(e|f>g)",
            "$(",
            ")",
            "a",
            "$B",
            "'c d'",
            "\"e $F g\"",
            "\"\"",
            "''",
            "é",
            "/",
            "-",
            "=",
            ":",
            "$",
            "~",
            "\\",
            "{",
            "}",
            "*",
        ];
        let mut words_taken = 0;
        for _ in 0..20_000 {
            let w: String = (0..1 + rand(5))
                .map(|_| word_bits[rand(word_bits.len())])
                .collect();
            if let Some(same) = word_pieces_agree(&w) {
                words_taken += 1;
                assert!(same, "word pieces differ from brush-parser: {w:?}");
            }
        }
        assert!(
            words_taken * 4 > 20_000,
            "only {words_taken} generated words were plain"
        );
        // The generator must exercise this parser, not only its declines.
        assert!(
            taken * 5 > total,
            "only {taken} of {total} generated texts were plain"
        );
    }
}
