//! brush-parser's tree of a shell text, parsed once and shared.
//!
//! The tree's positions are relative to the text it was parsed from, so the same text gives the
//! same tree wherever it sits in a Dockerfile. Parsing is the costliest step of linting a RUN, and
//! the same texts come back: the playground re-lints the whole workspace on every keystroke while
//! only one RUN changed, and a command substitution is read both by the shell analysis and by the
//! ShellCheck-style walk. A bounded cache (first in, first out) keeps the recent trees, and
//! another the pieces of recent words. Each thread has its own caches: a lint that spreads a
//! file's RUNs over threads would otherwise have them queue for one lock on every parse.

use brush_parser::ast::Program;
use brush_parser::word::WordPieceWithSource;
use brush_parser::{ParseError, Parser, ParserOptions};
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

/// Each cache keeps at most this many texts … In the page, enough for every RUN of a big
/// workspace, re-linted on each keystroke. Natively a file is linted once (the language server
/// re-lints files of a usual size), and each RUN's ShellCheck-style walk comes right after its
/// analysis (which lets the tree go), so the cache need only hold recent texts: a bigger one
/// would keep thousands of trees alive to the end of a big file's lint.
#[cfg(target_arch = "wasm32")]
const MAX_ENTRIES: usize = 2048;
#[cfg(not(target_arch = "wasm32"))]
const MAX_ENTRIES: usize = 256;
/// … of texts adding up to at most this many bytes (a tree takes some tens of times its text).
const MAX_TEXT_BYTES: usize = 512 * 1024;
/// Longer texts are parsed every time rather than pushing out many shorter ones.
const MAX_CACHED_TEXT: usize = 16 * 1024;

/// Recently parsed texts and what they parsed to, first in, first out.
struct Bounded<V> {
    values: HashMap<Arc<str>, V, crate::source::BuildNameHasher>,
    order: VecDeque<Arc<str>>,
    bytes: usize,
}

type Cache<V> = std::thread::LocalKey<RefCell<Option<Bounded<V>>>>;

impl<V: Clone> Bounded<V> {
    fn get(cache: &'static Cache<V>, text: &str) -> Option<V> {
        cache.with_borrow(|c| c.as_ref()?.values.get(text).cloned())
    }

    fn put(cache: &'static Cache<V>, text: &str, value: V) {
        cache.with_borrow_mut(|c| Self::put_in(c, text, value));
    }

    fn put_in(c: &mut Option<Self>, text: &str, value: V) {
        let c = c.get_or_insert_with(|| Bounded {
            values: HashMap::with_hasher(crate::source::BuildNameHasher),
            order: VecDeque::new(),
            bytes: 0,
        });
        let key: Arc<str> = Arc::from(text);
        if c.values.insert(Arc::clone(&key), value).is_some() {
            return;
        }
        c.bytes += key.len();
        c.order.push_back(key);
        while c.order.len() > MAX_ENTRIES || c.bytes > MAX_TEXT_BYTES {
            let Some(old) = c.order.pop_front() else {
                break;
            };
            c.bytes -= old.len();
            c.values.remove(&old);
        }
    }
}

/// A word's pieces; `None` when it does not parse.
type Pieces = Option<Arc<Vec<WordPieceWithSource>>>;
thread_local! {
    static TREES: RefCell<Option<Bounded<Arc<Program>>>> = const { RefCell::new(None) };
    static WORDS: RefCell<Option<Bounded<Pieces>>> = const { RefCell::new(None) };
}

/// The tree of `text`, from the cache when the same text was parsed recently. Texts nested
/// deeper than the walks allow ([`super::too_deep`]) are refused as a parse error.
pub(crate) fn parse_program(text: &str) -> Result<Arc<Program>, ParseError> {
    let cacheable = text.len() <= MAX_CACHED_TEXT;
    if cacheable {
        if let Some(tree) = Bounded::get(&TREES, text) {
            return Ok(tree); // (only texts that passed the depth check are kept)
        }
    }
    // Both parsers and every walk of the tree recurse: deep texts are refused first.
    if super::too_deep(text) {
        return Err(ParseError::ParsingAtEndOfInput);
    }
    // Plain shell (most RUN lines) has a parser of its own that builds the same tree faster.
    let tree = Arc::new(match super::plain::parse(text) {
        Some(tree) => tree,
        None => brush(text)?,
    });
    if cacheable {
        Bounded::put(&TREES, text, Arc::clone(&tree));
    }
    Ok(tree)
}

/// brush-parser's tree of `text`.
pub(crate) fn brush(text: &str) -> Result<Program, ParseError> {
    Parser::new(
        std::io::BufReader::new(text.as_bytes()),
        &ParserOptions::default(),
    )
    .parse_program()
}

/// Whether `raw` is plain text to brush-parser's word grammar (no quote, escape, expansion or
/// tilde): its pieces are then the text itself, and readers skip [`word_pieces`].
pub(crate) fn is_plain_word(raw: &str) -> bool {
    !raw.bytes()
        .any(|b| matches!(b, b'\'' | b'"' | b'\\' | b'$' | b'`' | b'~'))
}

/// brush-parser's pieces of one shell word (quotes, expansions, substitutions), `None` when it
/// does not parse; cached like the trees (the shell analysis and the ShellCheck walk both read
/// every word that is not plain text).
pub(crate) fn word_pieces(raw: &str) -> Pieces {
    // Words made of text, quotes and `$NAME` have pieces of their own, faster than any lookup.
    if let Some(pieces) = super::plain::word_pieces(raw) {
        return Some(Arc::new(pieces));
    }
    let cacheable = raw.len() <= MAX_CACHED_TEXT;
    if cacheable {
        if let Some(pieces) = Bounded::get(&WORDS, raw) {
            return pieces;
        }
    }
    let pieces = brush_parser::word::parse(raw, &ParserOptions::default())
        .ok()
        .map(Arc::new);
    if cacheable {
        Bounded::put(&WORDS, raw, pieces.clone());
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_same_tree_and_bounded() {
        let a = parse_program("echo cached-tree-test && ls").expect("parses");
        let b = parse_program("echo cached-tree-test && ls").expect("parses");
        assert!(Arc::ptr_eq(&a, &b), "the second parse comes from the cache");
        assert!(parse_program("echo 'unterminated").is_err());
        // (A braced expansion: brush-parser's word grammar reads it, not the plain pieces.)
        let p = word_pieces("\"${cached_word_test:-x}\"").expect("parses");
        assert!(Arc::ptr_eq(
            &p,
            &word_pieces("\"${cached_word_test:-x}\"").expect("parses")
        ));
        assert!(word_pieces("\"unterminated").is_none());
        // Far more distinct texts than the cache keeps: it stays within its bounds.
        for i in 0..(MAX_ENTRIES + 100) {
            parse_program(&format!("echo fill-{i}")).expect("parses");
        }
        TREES.with_borrow(|cache| {
            let cache = cache.as_ref().expect("filled");
            assert!(cache.order.len() <= MAX_ENTRIES && cache.values.len() == cache.order.len());
            assert!(cache.bytes <= MAX_TEXT_BYTES);
            assert_eq!(
                cache.bytes,
                cache.order.iter().map(|k| k.len()).sum::<usize>()
            );
        });
    }
}
