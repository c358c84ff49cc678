//! brush-parser's tree of a shell text, parsed once and shared.
//!
//! The tree's positions are relative to the text it was parsed from, so the same text gives the
//! same tree wherever it sits in a Dockerfile. Parsing is the costliest step of linting a RUN, and
//! the same texts come back: the playground re-lints the whole workspace on every keystroke while
//! only one RUN changed, and a command substitution is read both by the shell analysis and by the
//! ShellCheck-style walk. A bounded cache (first in, first out) keeps the recent trees.

use brush_parser::ast::Program;
use brush_parser::{ParseError, Parser, ParserOptions};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

/// At most this many trees are kept …
const MAX_ENTRIES: usize = 2048;
/// … of texts adding up to at most this many bytes (a tree takes some tens of times its text).
const MAX_TEXT_BYTES: usize = 512 * 1024;
/// Longer texts are parsed every time rather than pushing out many shorter ones.
const MAX_CACHED_TEXT: usize = 16 * 1024;

#[derive(Default)]
struct Cache {
    trees: HashMap<Arc<str>, Arc<Program>>,
    order: VecDeque<Arc<str>>,
    bytes: usize,
}

static CACHE: Mutex<Option<Cache>> = Mutex::new(None);

/// The tree of `text`, from the cache when the same text was parsed recently. Texts nested
/// deeper than the walks allow ([`super::too_deep`]) are refused as a parse error.
pub(crate) fn parse_program(text: &str) -> Result<Arc<Program>, ParseError> {
    let cacheable = text.len() <= MAX_CACHED_TEXT;
    if cacheable {
        let guard = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(tree) = guard.as_ref().and_then(|c| c.trees.get(text)) {
            return Ok(Arc::clone(tree)); // (only texts that passed the depth check are kept)
        }
    }
    if super::too_deep(text) {
        return Err(ParseError::ParsingAtEndOfInput);
    }
    let mut parser = Parser::new(
        std::io::BufReader::new(text.as_bytes()),
        &ParserOptions::default(),
    );
    let tree = Arc::new(parser.parse_program()?);
    if cacheable {
        let mut guard = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
        let cache = guard.get_or_insert_with(Cache::default);
        let key: Arc<str> = Arc::from(text);
        if cache
            .trees
            .insert(Arc::clone(&key), Arc::clone(&tree))
            .is_none()
        {
            cache.bytes += key.len();
            cache.order.push_back(key);
            while cache.order.len() > MAX_ENTRIES || cache.bytes > MAX_TEXT_BYTES {
                let Some(old) = cache.order.pop_front() else {
                    break;
                };
                cache.bytes -= old.len();
                cache.trees.remove(&old);
            }
        }
    }
    Ok(tree)
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
        // Far more distinct texts than the cache keeps: it stays within its bounds.
        for i in 0..(MAX_ENTRIES + 100) {
            parse_program(&format!("echo fill-{i}")).expect("parses");
        }
        let guard = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
        let cache = guard.as_ref().expect("filled");
        assert!(cache.order.len() <= MAX_ENTRIES && cache.trees.len() == cache.order.len());
        assert!(cache.bytes <= MAX_TEXT_BYTES);
        assert_eq!(
            cache.bytes,
            cache.order.iter().map(|k| k.len()).sum::<usize>()
        );
    }
}
