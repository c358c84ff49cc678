//! Dockerfiles: a lossless, BuildKit-faithful syntax tree with byte spans, its parser, dumps and the semantic model.

pub mod dump;
pub mod logical;
pub mod model;
mod parser;
pub mod words;

pub use logical::LogicalLine;
pub use parser::parse;
pub(crate) use parser::{closest, levenshtein};

use crate::source::Span;

/// A parsed Dockerfile. `items` tile the source exactly: concatenating their spans gives the file back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dockerfile {
    pub items: Vec<Item>,
    /// The instructions in file order (an [`ItemKind::Instruction`] item holds its index here):
    /// one vector, not a box per instruction.
    pub instructions: Vec<Instruction>,
    pub directives: Vec<Directive>,
    /// The escape character in effect (`\` or `` ` ``).
    pub escape: char,
    pub errors: Vec<ParseError>,
    /// Line spans of empty lines found inside continuations (BuildKit warns: NoEmptyContinuation).
    pub empty_continuation_lines: Vec<Span>,
    pub len: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub span: Span,
    pub message: String,
    /// True when BuildKit's parser itself rejects this (its dump fails); false for the checks its
    /// instruction layer applies afterwards (unknown instruction, argument counts, unknown flags).
    pub syntax: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The bytes this item owns, newline included; items are contiguous and cover the file.
    pub span: Span,
    pub kind: ItemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemKind {
    /// Lines with nothing but whitespace.
    Blank,
    /// A `#` comment line (outside instructions). `text` excludes the `#` and surrounding space.
    Comment { text: Span },
    /// A parser directive line (`# syntax=`, `# escape=`, `# check=`).
    Directive(usize),
    /// An instruction: its index in [`Dockerfile::instructions`].
    Instruction(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub name: String,
    pub value: String,
    pub span: Span,
    pub name_span: Span,
    pub value_span: Span,
}

/// One instruction: its command, the heredoc bodies that follow it, and where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// From the keyword to the end of the last line's content (heredoc terminators included, newline excluded).
    pub span: Span,
    pub command: Command,
    pub heredocs: Vec<Heredoc>,
    /// Comment lines inside the continuation (BuildKit drops them from the command text).
    pub inner_comments: Vec<Span>,
    /// The joined command text and its map back to source bytes.
    pub logical: LogicalLine,
    /// 1-based lines, as BuildKit counts them.
    pub start_line: usize,
    pub end_line: usize,
    /// Comment lines directly above (BuildKit's PrevComment), trimmed.
    pub prev_comments: Vec<String>,
    /// Whether parsing this instruction produced an error (the node is kept for recovery).
    pub has_error: bool,
}

impl Instruction {
    pub fn keyword(&self) -> Keyword {
        self.command.keyword
    }
}

/// An instruction keyword and its arguments; ONBUILD nests one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub keyword: Keyword,
    /// The keyword exactly as written (case preserved). Borrowed when written as the keyword's
    /// own upper-case name (the usual spelling, so most instructions copy nothing for it).
    pub name: std::borrow::Cow<'static, str>,
    pub name_span: Span,
    pub flags: Vec<Flag>,
    pub args: Args,
    /// Source span of the arguments after the flags (may cross continuation lines).
    pub args_span: Span,
    /// Logical range of the arguments inside the instruction's logical line.
    pub args_logical: (usize, usize),
}

impl Command {
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name() == name)
    }
    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags.iter().filter(move |f| f.name() == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    Unknown,
}

impl Keyword {
    pub fn from_name(name: &str) -> Keyword {
        // ASCII case-insensitive, without allocating (this runs once per instruction): the name,
        // upper-cased, packed with its length into one integer and matched against the keywords.
        // The length sits in the top byte, above the at most 11 name bytes.
        let b = name.as_bytes();
        if b.len() > 11 {
            return Keyword::Unknown;
        }
        // Clearing bit 5 upper-cases a letter; a byte that is not a letter never becomes one, and
        // the keywords are letters only, so the match below stays exact.
        // The bytes are shifted into two `u64` halves (a copy into a buffer is a `memcpy` call
        // for these few bytes, and `u128` shifts by a variable amount are slow).
        let half = |bytes: &[u8]| {
            bytes
                .iter()
                .rev()
                .fold(0u64, |k, &c| k << 8 | u64::from(c & 0xdf))
        };
        let (lo, hi) = b.split_at(b.len().min(8));
        let key = u128::from(half(lo)) | u128::from(half(hi)) << 64 | (b.len() as u128) << 120;
        /// A keyword of at most 11 bytes packed as [`Keyword::from_name`] packs a name.
        const fn packed(name: &[u8]) -> u128 {
            let mut key = (name.len() as u128) << 120;
            let mut i = 0;
            while i < name.len() {
                key |= (name[i] as u128) << (8 * i);
                i += 1;
            }
            key
        }

        const ADD: u128 = packed(b"ADD");
        const ARG: u128 = packed(b"ARG");
        const CMD: u128 = packed(b"CMD");
        const COPY: u128 = packed(b"COPY");
        const ENTRYPOINT: u128 = packed(b"ENTRYPOINT");
        const ENV: u128 = packed(b"ENV");
        const EXPOSE: u128 = packed(b"EXPOSE");
        const FROM: u128 = packed(b"FROM");
        const HEALTHCHECK: u128 = packed(b"HEALTHCHECK");
        const LABEL: u128 = packed(b"LABEL");
        const MAINTAINER: u128 = packed(b"MAINTAINER");
        const ONBUILD: u128 = packed(b"ONBUILD");
        const RUN: u128 = packed(b"RUN");
        const SHELL: u128 = packed(b"SHELL");
        const STOPSIGNAL: u128 = packed(b"STOPSIGNAL");
        const USER: u128 = packed(b"USER");
        const VOLUME: u128 = packed(b"VOLUME");
        const WORKDIR: u128 = packed(b"WORKDIR");
        match key {
            ADD => Keyword::Add,
            ARG => Keyword::Arg,
            CMD => Keyword::Cmd,
            COPY => Keyword::Copy,
            ENTRYPOINT => Keyword::Entrypoint,
            ENV => Keyword::Env,
            EXPOSE => Keyword::Expose,
            FROM => Keyword::From,
            HEALTHCHECK => Keyword::Healthcheck,
            LABEL => Keyword::Label,
            MAINTAINER => Keyword::Maintainer,
            ONBUILD => Keyword::Onbuild,
            RUN => Keyword::Run,
            SHELL => Keyword::Shell,
            STOPSIGNAL => Keyword::Stopsignal,
            USER => Keyword::User,
            VOLUME => Keyword::Volume,
            WORKDIR => Keyword::Workdir,
            _ => Keyword::Unknown,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
            Keyword::Unknown => "UNKNOWN",
        }
    }

    pub const ALL: [Keyword; 18] = [
        Keyword::Add,
        Keyword::Arg,
        Keyword::Cmd,
        Keyword::Copy,
        Keyword::Entrypoint,
        Keyword::Env,
        Keyword::Expose,
        Keyword::From,
        Keyword::Healthcheck,
        Keyword::Label,
        Keyword::Maintainer,
        Keyword::Onbuild,
        Keyword::Run,
        Keyword::Shell,
        Keyword::Stopsignal,
        Keyword::User,
        Keyword::Volume,
        Keyword::Workdir,
    ];
}

/// A `--name[=value]` flag before the arguments. The value has quotes and escapes processed as
/// BuildKit does. The name and value are parts of `raw` (one string per flag, not three).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The whole flag as BuildKit reports it, e.g. `--from=build` (quotes removed).
    pub raw: String,
    /// Where the name starts in `raw` (after the dashes) and ends.
    name: (u32, u32),
    /// Where the value starts in `raw` (it runs to the end), when there is one.
    value_at: Option<u32>,
    pub span: Span,
    pub value_span: Option<Span>,
}

impl Flag {
    /// A flag from its text as BuildKit reports it (`--name` or `--name=value`, quotes removed).
    pub(crate) fn new(raw: String, span: Span, value_span: Option<Span>) -> Flag {
        let from = if raw.starts_with("--") { 2 } else { 0 };
        // A byte search: flags are short and their `=` is near the start.
        let (end, value_at) = match raw.as_bytes()[from..].iter().position(|&b| b == b'=') {
            Some(i) => (from + i, Some(from + i + 1)),
            None => (raw.len(), None),
        };
        Flag {
            name: (from as u32, end as u32),
            value_at: value_at.map(|v| v as u32),
            raw,
            span,
            value_span,
        }
    }

    /// The name without dashes, e.g. `from`.
    pub fn name(&self) -> &str {
        &self.raw[self.name.0 as usize..self.name.1 as usize]
    }

    /// The value after `=`, e.g. `build`; `None` for a flag without `=`.
    pub fn value(&self) -> Option<&str> {
        self.value_at.map(|v| &self.raw[v as usize..])
    }
}

/// A word of the arguments with its processed text and source span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    pub key: Word,
    /// Raw value as BuildKit keeps it (quotes and escapes still in).
    pub value: Word,
    /// True for the legacy `ENV key value` form.
    pub legacy: bool,
}

/// Arguments, shaped as BuildKit's dispatch table shapes them for each instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Args {
    /// No arguments at all.
    None,
    /// Exec form: a JSON array of strings (`text` decoded, `span` includes the quotes).
    Exec(Vec<Word>),
    /// Shell form: the joined command text (RUN, CMD, ENTRYPOINT, SHELL), inner comments removed.
    Shell(Word),
    /// Whitespace-separated words (FROM, EXPOSE, and ADD/COPY/VOLUME when not JSON).
    Words(Vec<Word>),
    /// The rest of the line as one string (USER, WORKDIR, MAINTAINER, STOPSIGNAL).
    String(Word),
    /// ENV and LABEL pairs.
    KeyValues(Vec<KeyValue>),
    /// ARG names, each `name` or `name=value` (quotes kept).
    Names(Vec<Word>),
    /// HEALTHCHECK: the type word (`CMD` or `NONE`) and, for CMD, its command.
    Healthcheck { kind: Word, cmd: Box<Args> },
    /// ONBUILD's trigger instruction.
    Onbuild(Box<Command>),
    /// An unknown instruction (BuildKit's parser ignores its text).
    Ignored,
    /// The arguments could not be parsed (an error was recorded).
    Invalid,
}

impl Args {
    pub fn is_exec(&self) -> bool {
        match self {
            Args::Exec(_) => true,
            Args::Healthcheck { cmd, .. } => cmd.is_exec(),
            _ => false,
        }
    }
}

/// A heredoc attached to RUN/COPY/ADD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter word with quotes removed.
    pub name: String,
    pub fd: u32,
    /// False when the delimiter was quoted: the body is not expanded.
    pub expand: bool,
    /// `<<-`: leading tabs are stripped from the body and terminator.
    pub chomp: bool,
    /// The `<<EOF` word in the instruction line.
    pub marker: Span,
    /// Body lines, newlines included, terminator excluded.
    pub body: Span,
    /// The terminator line's content (empty at EOF when unterminated).
    pub terminator: Span,
}

impl Dockerfile {
    pub fn instructions(&self) -> std::slice::Iter<'_, Instruction> {
        self.instructions.iter()
    }

    /// The instruction an item is, if it is one.
    pub fn instruction(&self, item: &Item) -> Option<&Instruction> {
        match item.kind {
            ItemKind::Instruction(i) => self.instructions.get(i),
            _ => None,
        }
    }

    pub fn directive(&self, name: &str) -> Option<&Directive> {
        self.directives.iter().find(|d| d.name == name)
    }

    /// The source rebuilt from the items' spans: equal to the input for every input.
    pub fn reconstruct(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for item in &self.items {
            out.push_str(item.span.slice(text));
        }
        out
    }
}
