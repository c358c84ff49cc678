//! Parse text with brush-parser and flatten its AST into [`Cmd`]s with Dockerfile spans.

use super::map::{CharMap, Composite};
use super::words::analyse_word;
use super::{Ast, Cmd, Context, Op, Redirect, ShWord};
use crate::dockerfile::LogicalLine;
use crate::source::Span;
use brush_parser::ast::{
    self, AndOr, CommandPrefixOrSuffixItem, CompoundCommand, CompoundList, CompoundListItem,
    IoFileRedirectKind, IoFileRedirectTarget, IoRedirect, SeparatorOperator,
};
use brush_parser::{ParseError, SourcePosition};

/// Nested command substitutions deeper than this are not descended into.
const MAX_DEPTH: usize = 16;

/// Texts nested deeper than this (brackets, `if`/`do`/`case`) are not handed to brush-parser:
/// its recursive descent overflows a 1 MiB stack (wasm32's default) somewhere past 100 levels.
const MAX_NESTING: usize = 48;

/// Parentheses nested deeper than this are not handed to brush-parser either: after `((` it tries
/// an arithmetic command first and backtracks, which costs about twice as much per extra level (24
/// levels took 5 s). Real Dockerfiles nest parentheses at most 3 deep.
const MAX_PARENS: usize = 10;

/// Whether `text` nests deeper than brush-parser is given (it recurses on nesting); such scripts
/// are not analysed, and rules that parse scripts themselves should skip them too.
pub(crate) fn too_deep(text: &str) -> bool {
    // A quick bound first: every level opens with `(`, `{` or a keyword of at least two bytes, so
    // the depth is at most the brackets plus half the length. Most RUN texts stay under it.
    let (mut opens, mut parens) = (0usize, 0usize);
    for &b in text.as_bytes() {
        opens += usize::from(b == b'(' || b == b'{');
        parens += usize::from(b == b'(');
    }
    if opens + text.len().div_ceil(2) <= MAX_NESTING && parens <= MAX_PARENS {
        return false;
    }
    let (all, parens) = nesting_depth(text);
    all > MAX_NESTING || parens > MAX_PARENS
}

/// What positions are mapped through.
pub(super) struct Ctx<'a> {
    pub comp: &'a Composite,
    pub logical: Option<&'a LogicalLine>,
    /// Source spans of the instruction's heredoc markers (`Redirect::heredoc` indexes them).
    pub markers: &'a [Span],
}

/// One parsed text: the whole composite, or a substitution's content inside it.
struct Frame<'t> {
    text: &'t str,
    chars: CharMap,
    /// Byte offset of `text` in the composite, when `text` is a verbatim slice of it.
    base: Option<usize>,
    /// Span for everything when `base` is `None`.
    fallback: Span,
}

/// Parse `ctx.comp.text`; on failure the commands are empty and the message and span are returned.
pub(super) fn parse_commands(ctx: &Ctx<'_>) -> (Vec<Cmd>, Option<String>, Option<Span>, Ast) {
    let text = ctx.comp.text.as_str();
    let frame = Frame {
        text,
        chars: CharMap::new(text),
        base: Some(0),
        fallback: ctx.comp.span(0, text.len(), ctx.logical),
    };
    let mut w = Walker {
        ctx,
        out: Vec::new(),
        nesting: Vec::new(),
        pipelines: 0,
        depth: 0,
    };
    match super::parse_program(text) {
        Ok(prog) => {
            w.program(&prog, &frame);
            // Kept to the end of the file's lint (the RUN memo): no room to spare per RUN.
            w.out.shrink_to_fit();
            (w.out, None, None, Ast(Some(prog)))
        }
        // Refused before parsing (and never cached): say why rather than brush-parser's message.
        Err(_) if too_deep(text) => {
            let msg = format!(
                "nested more than {MAX_NESTING} levels (or parentheses more than {MAX_PARENS}) deep: not analysed"
            );
            (Vec::new(), Some(msg), None, Ast::default())
        }
        Err(e) => {
            let pos = match &e {
                ParseError::ParsingNear(p) => Some(p.index),
                ParseError::Tokenizing { position, .. } => position.as_ref().map(|p| p.index),
                ParseError::ParsingAtEndOfInput => Some(text.chars().count()),
            };
            let span = pos.map(|ci| {
                let b = frame.chars.byte(ci);
                ctx.comp.span(b, b, ctx.logical)
            });
            (Vec::new(), Some(e.to_string()), span, Ast::default())
        }
    }
}

/// An over-estimate of how deeply `text` nests: `(`/`{` and `if`/`do`/`case` open, `)`/`}` and
/// `fi`/`done`/`esac` close; quotes are not considered. Also how deeply the parentheses alone nest.
pub(super) fn nesting_depth(text: &str) -> (usize, usize) {
    let b = text.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0);
    let (mut parens, mut max_parens) = (0usize, 0usize);
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'(' => {
                depth += 1;
                parens += 1;
                max_parens = max_parens.max(parens);
            }
            b'{' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                parens = parens.saturating_sub(1);
            }
            b'}' => depth = depth.saturating_sub(1),
            c if c.is_ascii_alphabetic() && (i == 0 || !word(b[i - 1])) => {
                let start = i;
                while i + 1 < b.len() && word(b[i + 1]) {
                    i += 1;
                }
                match &b[start..=i] {
                    b"if" | b"do" | b"case" => depth += 1,
                    b"fi" | b"done" | b"esac" => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
            _ => {}
        }
        max = max.max(depth);
        i += 1;
    }
    (max, max_parens)
}

#[derive(Clone, Copy)]
struct PipePos {
    id: usize,
    index: usize,
    len: usize,
    negated: bool,
    prev: Option<Op>,
    next: Option<Op>,
}

struct Walker<'a> {
    ctx: &'a Ctx<'a>,
    out: Vec<Cmd>,
    nesting: Vec<Context>,
    pipelines: usize,
    depth: usize,
}

impl Walker<'_> {
    fn bytes(&self, f: &Frame<'_>, s: &SourcePosition, e: &SourcePosition) -> (usize, usize) {
        let a = f.chars.byte(s.index);
        (a, f.chars.byte(e.index).max(a))
    }

    /// Dockerfile span of frame bytes `[a, b)`.
    fn span_bytes(&self, f: &Frame<'_>, a: usize, b: usize) -> Span {
        match f.base {
            Some(base) => self.ctx.comp.span(base + a, base + b, self.ctx.logical),
            None => f.fallback,
        }
    }

    /// Frame bytes of a word. brush-parser 0.4.0 starts words after the first one on a line with a
    /// pending here-document at the end of the previous token (blanks included): skip those.
    fn word_bytes(&self, f: &Frame<'_>, w: &ast::Word) -> Option<(usize, usize)> {
        let loc = w.loc.as_ref()?;
        let (mut s, e) = self.bytes(f, &loc.start, &loc.end);
        let b = f.text.as_bytes();
        while s < e && matches!(b.get(s), Some(b' ' | b'\t')) && !w.value.starts_with([' ', '\t']) {
            s += 1;
        }
        Some((s, e))
    }

    fn program(&mut self, prog: &ast::Program, f: &Frame<'_>) {
        let items: Vec<&CompoundListItem> = prog
            .complete_commands
            .iter()
            .flat_map(|c| c.0.iter())
            .collect();
        self.list(&items, f);
    }

    fn compound_list(&mut self, l: &CompoundList, f: &Frame<'_>) {
        let items: Vec<&CompoundListItem> = l.0.iter().collect();
        self.list(&items, f);
    }

    fn list(&mut self, items: &[&CompoundListItem], f: &Frame<'_>) {
        let mut prev_sep = None;
        for (k, item) in items.iter().enumerate() {
            let CompoundListItem(aol, sep) = item;
            let sep_op = match sep {
                SeparatorOperator::Async => Some(Op::Async),
                SeparatorOperator::Sequence if k + 1 < items.len() => Some(Op::Seq),
                SeparatorOperator::Sequence => None,
            };
            let mut pipes = vec![(&aol.first, None)];
            for a in &aol.additional {
                match a {
                    AndOr::And(p) => pipes.push((p, Some(Op::And))),
                    AndOr::Or(p) => pipes.push((p, Some(Op::Or))),
                }
            }
            for (j, (p, op)) in pipes.iter().enumerate() {
                let prev = if j == 0 { prev_sep } else { *op };
                let next = pipes.get(j + 1).map_or(sep_op, |x| x.1);
                let id = self.pipelines;
                self.pipelines += 1;
                for (i, c) in p.seq.iter().enumerate() {
                    let pos = PipePos {
                        id,
                        index: i,
                        len: p.seq.len(),
                        negated: p.bang,
                        prev,
                        next,
                    };
                    self.command(c, pos, f);
                }
            }
            prev_sep = sep_op;
        }
    }

    fn nested<F: FnOnce(&mut Self)>(&mut self, ctx: Context, body: F) {
        self.nesting.push(ctx);
        body(self);
        self.nesting.pop();
    }

    fn command(&mut self, c: &ast::Command, pos: PipePos, f: &Frame<'_>) {
        match c {
            ast::Command::Simple(sc) => self.simple(sc, pos, f),
            ast::Command::Compound(cc, _) => self.compound(cc, f),
            ast::Command::Function(fd) => {
                let name = fd.fname.value.clone();
                self.nested(Context::Function(name), |w| match &fd.body.0 {
                    CompoundCommand::BraceGroup(b) => w.compound_list(&b.list, f),
                    other => w.compound(other, f),
                });
            }
            ast::Command::ExtendedTest(..) => {}
        }
    }

    fn compound(&mut self, cc: &CompoundCommand, f: &Frame<'_>) {
        match cc {
            CompoundCommand::Arithmetic(_) => {}
            CompoundCommand::ArithmeticForClause(a) => {
                self.nested(Context::Loop, |w| w.compound_list(&a.body.list, f))
            }
            CompoundCommand::BraceGroup(b) => {
                self.nested(Context::Brace, |w| w.compound_list(&b.list, f))
            }
            CompoundCommand::Subshell(s) => {
                self.nested(Context::Subshell, |w| w.compound_list(&s.list, f))
            }
            CompoundCommand::ForClause(fc) => {
                for v in fc.values.iter().flatten() {
                    let _ = self.word(v, f);
                }
                self.nested(Context::Loop, |w| w.compound_list(&fc.body.list, f));
            }
            CompoundCommand::CaseClause(cc) => {
                let _ = self.word(&cc.value, f);
                for item in &cc.cases {
                    if let Some(l) = &item.cmd {
                        self.nested(Context::Case, |w| w.compound_list(l, f));
                    }
                }
            }
            CompoundCommand::IfClause(ic) => self.nested(Context::If, |w| {
                w.nested(Context::Condition, |w| w.compound_list(&ic.condition, f));
                w.compound_list(&ic.then, f);
                for e in ic.elses.iter().flatten() {
                    if let Some(c) = &e.condition {
                        w.nested(Context::Condition, |w| w.compound_list(c, f));
                    }
                    w.compound_list(&e.body, f);
                }
            }),
            CompoundCommand::WhileClause(wc) | CompoundCommand::UntilClause(wc) => {
                self.nested(Context::Loop, |w| {
                    w.nested(Context::Condition, |w| w.compound_list(&wc.0, f));
                    w.compound_list(&wc.1.list, f);
                })
            }
            CompoundCommand::Coprocess(c) => {
                let pos = PipePos {
                    id: self.pipelines,
                    index: 0,
                    len: 1,
                    negated: false,
                    prev: None,
                    next: None,
                };
                self.pipelines += 1;
                self.nested(Context::Coprocess, |w| w.command(&c.body, pos, f));
            }
        }
    }

    /// Convert a word, first emitting the commands of its substitutions.
    ///
    /// The raw text is the parsed text at the word's location: brush-parser 0.4.0's own copy
    /// rewrites blanks inside `$( … )` and normalises array assignments `a=( … )`. Only when the
    /// word contains a `\`-newline is brush-parser's copy (the line joined) kept.
    fn word(&mut self, w: &ast::Word, f: &Frame<'_>) -> ShWord {
        let (raw, span, verbatim_at) = match self.word_bytes(f, w) {
            Some((s, e)) => {
                let src = f.text.get(s..e).filter(|src| {
                    *src == w.value || !(src.contains("\\\n") || src.contains("\\\r\n"))
                });
                let span = self.span_bytes(f, s, e);
                match src {
                    Some(src) => (src.to_string(), span, f.base.map(|_| s)),
                    None => (w.value.clone(), span, None),
                }
            }
            None => (w.value.clone(), f.fallback, None),
        };
        let a = analyse_word(&raw);
        if self.depth < MAX_DEPTH {
            for sub in &a.subs {
                let base = match (f.base, verbatim_at, sub.offset) {
                    (Some(fb), Some(ws), Some(off)) => {
                        let at = ws + off;
                        (f.text.get(at..at + sub.content.len()) == Some(sub.content.as_str()))
                            .then_some(fb + at)
                    }
                    _ => None,
                };
                self.substitution(&sub.content, base, span, Context::CommandSubstitution);
            }
        }
        ShWord {
            text: a.text,
            raw,
            span,
            has_expansion: a.has_expansion,
        }
    }

    fn substitution(&mut self, content: &str, base: Option<usize>, fallback: Span, ctx: Context) {
        let Ok(prog) = super::parse_program(content) else {
            return;
        };
        let frame = Frame {
            text: content,
            chars: CharMap::new(content),
            base,
            fallback,
        };
        self.depth += 1;
        self.nested(ctx, |w| w.program(&prog, &frame));
        self.depth -= 1;
    }

    /// Walk `<( … )`/`>( … )` and return it as a word (raw text as written when known).
    fn process_substitution(
        &mut self,
        kind: &ast::ProcessSubstitutionKind,
        sub: &ast::SubshellCommand,
        f: &Frame<'_>,
    ) -> ShWord {
        self.nested(Context::ProcessSubstitution, |w| {
            w.compound_list(&sub.list, f)
        });
        // The location covers the parentheses; include the `<`/`>` before them.
        let (a, b) = self.bytes(f, &sub.loc.start, &sub.loc.end);
        let a = if a > 0 && matches!(f.text.as_bytes().get(a - 1), Some(b'<' | b'>')) {
            a - 1
        } else {
            a
        };
        let raw = f
            .text
            .get(a..b)
            .filter(|r| r.starts_with(['<', '>']))
            .map_or_else(|| format!("{kind}(…)"), str::to_string);
        ShWord {
            text: raw.clone(),
            raw,
            span: self.span_bytes(f, a, b),
            has_expansion: true,
        }
    }

    fn simple(&mut self, sc: &ast::SimpleCommand, pos: PipePos, f: &Frame<'_>) {
        let mut assignments = Vec::new();
        // Most items of the suffix are arguments (kept with the command to the end of the lint).
        let mut args = Vec::with_capacity(sc.suffix.as_ref().map_or(0, |s| s.0.len()));
        let mut redirects = Vec::new();
        let mut name = None;
        let mut covered: Option<Span> = None;
        let mut cover = |s: Span| covered = Some(covered.map_or(s, |c| c.cover(s)));
        let mut synthetic = Vec::new();

        let items = sc.prefix.iter().flat_map(|p| p.0.iter().map(|i| (i, true)));
        let suffix = sc
            .suffix
            .iter()
            .flat_map(|p| p.0.iter().map(|i| (i, false)));
        let mut all: Vec<(Option<&CommandPrefixOrSuffixItem>, bool)> =
            items.map(|(i, p)| (Some(i), p)).collect();
        all.push((None, false)); // the command word
        all.extend(suffix.map(|(i, p)| (Some(i), p)));

        for (item, in_prefix) in all {
            match item {
                None => {
                    if let Some(w) = &sc.word_or_name {
                        let sw = self.word(w, f);
                        cover(sw.span);
                        name = Some(sw);
                    }
                }
                Some(CommandPrefixOrSuffixItem::Word(w)) => {
                    let sw = self.word(w, f);
                    cover(sw.span);
                    args.push(sw);
                }
                Some(CommandPrefixOrSuffixItem::AssignmentWord(_, w)) => {
                    let sw = self.word(w, f);
                    cover(sw.span);
                    if in_prefix {
                        assignments.push(sw);
                    } else {
                        args.push(sw);
                    }
                }
                Some(CommandPrefixOrSuffixItem::ProcessSubstitution(kind, sub)) => {
                    let sw = self.process_substitution(kind, sub, f);
                    cover(sw.span);
                    args.push(sw);
                }
                Some(CommandPrefixOrSuffixItem::IoRedirect(r)) => {
                    if let Some(red) = self.redirect(r, f) {
                        if red.span.is_empty()
                            && red.target.span.is_empty()
                            && red.target.raw.is_empty()
                        {
                            synthetic.push(redirects.len());
                        } else {
                            cover(red.span);
                        }
                        redirects.push(red);
                    }
                }
            }
        }
        let span = covered.unwrap_or(f.fallback);
        for i in synthetic {
            let r: &mut Redirect = &mut redirects[i];
            r.span = Span::empty(span.end);
            r.target.span = Span::empty(span.end);
            r.target.raw = r.target.text.clone();
        }
        let mut cmd = Cmd {
            index: self.out.len(),
            name,
            args,
            assignments,
            redirects,
            span,
            in_pipeline: pos.len > 1,
            pipeline: pos.id,
            pipeline_index: pos.index,
            pipeline_len: pos.len,
            negated: pos.negated,
            prev_op: pos.prev,
            next_op: pos.next,
            nesting: self.nesting.clone(),
            unwrap: Vec::new(),
            program_word: None,
        };
        cmd.settle();
        self.out.push(cmd);
    }

    fn redirect(&mut self, r: &IoRedirect, f: &Frame<'_>) -> Option<Redirect> {
        let (fd, op, target, heredoc) = match r {
            IoRedirect::File(fd, kind, target) => {
                let op = match kind {
                    IoFileRedirectKind::Read => "<",
                    IoFileRedirectKind::Write => ">",
                    IoFileRedirectKind::Append => ">>",
                    IoFileRedirectKind::ReadAndWrite => "<>",
                    IoFileRedirectKind::Clobber => ">|",
                    IoFileRedirectKind::DuplicateInput => "<&",
                    IoFileRedirectKind::DuplicateOutput => ">&",
                };
                let target = match target {
                    IoFileRedirectTarget::Filename(w) | IoFileRedirectTarget::Duplicate(w) => {
                        self.word(w, f)
                    }
                    IoFileRedirectTarget::Fd(n) => {
                        // Only `|&` produces this without a word: filled in by the caller.
                        ShWord {
                            text: n.to_string(),
                            raw: String::new(),
                            span: Span::empty(0),
                            has_expansion: false,
                        }
                    }
                    IoFileRedirectTarget::ProcessSubstitution(kind, sub) => {
                        self.process_substitution(kind, sub, f)
                    }
                };
                (fd.and_then(|n| u32::try_from(n).ok()), op, target, None)
            }
            IoRedirect::HereDocument(fd, h) => {
                let op = if h.remove_tabs { "<<-" } else { "<<" };
                let target = self.word(&h.here_end, f);
                let heredoc = self.ctx.markers.iter().position(|m| {
                    m.start <= target.span.start && target.span.start < m.end.max(m.start + 1)
                });
                (
                    fd.and_then(|n| u32::try_from(n).ok()),
                    op,
                    target,
                    heredoc.filter(|_| f.base.is_some()),
                )
            }
            IoRedirect::HereString(fd, w) => (
                fd.and_then(|n| u32::try_from(n).ok()),
                "<<<",
                self.word(w, f),
                None,
            ),
            IoRedirect::OutputAndError(w, append) => (
                None,
                if *append { "&>>" } else { "&>" },
                self.word(w, f),
                None,
            ),
        };
        if target.raw.is_empty() && target.span.is_empty() {
            return Some(Redirect {
                fd,
                op,
                target,
                span: Span::empty(0),
                heredoc,
            });
        }
        // brush gives no location for the operator: scan back from the target over blanks, the
        // operator and the fd digits.
        let span = match (f.base, target.span.is_empty()) {
            (Some(_), false) => self.redirect_span(r, f).unwrap_or(target.span),
            _ => target.span,
        };
        Some(Redirect {
            fd,
            op,
            target,
            span,
            heredoc,
        })
    }

    fn redirect_span(&self, r: &IoRedirect, f: &Frame<'_>) -> Option<Span> {
        let w = match r {
            IoRedirect::File(
                _,
                _,
                IoFileRedirectTarget::Filename(w) | IoFileRedirectTarget::Duplicate(w),
            ) => w,
            IoRedirect::HereDocument(_, h) => &h.here_end,
            IoRedirect::HereString(_, w) | IoRedirect::OutputAndError(w, _) => w,
            _ => return None,
        };
        let (s, e) = self.word_bytes(f, w)?;
        let b = f.text.as_bytes();
        let mut a = s;
        while a > 0 && matches!(b[a - 1], b' ' | b'\t') {
            a -= 1;
        }
        let op_end = a;
        while a > 0 && matches!(b[a - 1], b'<' | b'>' | b'&' | b'|' | b'-') && op_end - a < 3 {
            a -= 1;
        }
        if a == op_end {
            return None;
        }
        while a > 0 && b[a - 1].is_ascii_digit() {
            a -= 1;
        }
        Some(self.span_bytes(f, a, e))
    }
}
