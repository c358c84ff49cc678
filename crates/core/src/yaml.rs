//! YAML as a spanned tree (on saphyr-parser events): byte spans, anchors and merge keys resolved,
//! duplicate keys kept as findings instead of failing the parse.

use crate::source::Span;
use saphyr_parser::{Event, Parser, ScalarStyle};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Map(Vec<Entry>),
    Seq(Vec<Node>),
    /// The scalar's text as YAML delivers it (quotes and escapes processed); typing is left to the reader.
    Scalar(String, Style),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    /// Byte span in the file (for quoted scalars: the quotes included, trailing comments excluded).
    pub span: Span,
}

/// A key that appears twice in one mapping: the later one is ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    pub key: String,
    pub span: Span,
    pub first: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Yaml {
    pub documents: Vec<Node>,
    pub duplicate_keys: Vec<DuplicateKey>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub span: Span,
    pub message: String,
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        match &self.kind {
            Kind::Map(entries) => entries.iter().find(|e| e.key.as_str() == Some(key)),
            _ => None,
        }
    }
    pub fn entries(&self) -> &[Entry] {
        match &self.kind {
            Kind::Map(e) => e,
            _ => &[],
        }
    }
    pub fn items(&self) -> &[Node] {
        match &self.kind {
            Kind::Seq(v) => v,
            _ => &[],
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar(s, _) => Some(s),
            _ => None,
        }
    }
    /// YAML 1.2 core booleans (plus the quoted forms, which compose accepts).
    pub fn as_bool(&self) -> Option<bool> {
        match self.as_str()?.to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar(s, Style::Plain) if s.is_empty() || s == "~" || s == "null" || s == "Null" || s == "NULL")
    }
    /// Strings of a sequence, or a single scalar as a one-element list.
    pub fn string_list(&self) -> Vec<&str> {
        match &self.kind {
            Kind::Seq(v) => v.iter().filter_map(|n| n.as_str()).collect(),
            Kind::Scalar(s, _) if !self.is_null() => vec![s.as_str()],
            _ => Vec::new(),
        }
    }
}

/// Char index -> byte offset (saphyr counts characters).
struct Offsets<'a> {
    text: &'a str,
    ascii: bool,
    starts: Vec<usize>,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        let starts = if ascii {
            Vec::new()
        } else {
            text.char_indices().map(|(i, _)| i).collect()
        };
        Offsets {
            text,
            ascii,
            starts,
        }
    }
    fn byte(&self, char_index: usize) -> usize {
        if self.ascii {
            char_index.min(self.text.len())
        } else {
            self.starts
                .get(char_index)
                .copied()
                .unwrap_or(self.text.len())
        }
    }
}

/// How many nodes aliases may add to a file in all: copies of anchored nodes beyond this are a
/// "billion laughs" alias bomb (nine levels of ten aliases each would be 10^9 nodes), refused with
/// an error at the anchor instead of filling memory. Real compose files stay far below it.
pub const ALIAS_BUDGET: usize = 100_000;

/// How deeply collections may nest (aliases counted at their full depth). Everything that reads the
/// tree walks it recursively (the compose model, the schema, fix verification, even dropping it),
/// so a file nested deeper (`- - - - ...`, ten thousand levels in 20 KB) is refused with an error
/// where the limit is crossed instead of overflowing the stack. Real files stay far below it:
/// compose's deepest keys are about ten levels down.
pub const MAX_DEPTH: usize = 64;

fn too_deep(at: usize) -> YamlError {
    YamlError {
        span: Span::empty(at),
        message: format!(
            "collections nested more than {MAX_DEPTH} levels deep here; the file is not read"
        ),
    }
}

enum Frame {
    Map {
        start: usize,
        /// Nodes in this collection so far (itself included), aliases counted at their full size.
        size: usize,
        /// Levels of collections from this one down to its deepest leaf (a scalar is 0).
        height: usize,
        anchor: usize,
        entries: Vec<Entry>,
        /// Where each key of `entries` stands, once there are many.
        index: KeyIndex,
        key: Option<Node>,
        merges: Vec<Node>,
    },
    Seq {
        start: usize,
        size: usize,
        height: usize,
        anchor: usize,
        items: Vec<Node>,
    },
}

/// A mapping's keys so far, for finding a repeated one: scanned while they are few, hashed past
/// [`KeyIndex::SCAN`], so a mapping with thousands of keys does not cost their square.
#[derive(Default)]
struct KeyIndex(Option<std::collections::HashMap<String, usize>>);

impl KeyIndex {
    const SCAN: usize = 16;

    /// Where `name` first stands among `entries` (the keys this index has seen).
    fn find(&mut self, entries: &[Entry], name: &str) -> Option<usize> {
        if self.0.is_none() && entries.len() > Self::SCAN {
            let mut m = std::collections::HashMap::with_capacity(entries.len() * 2);
            for (i, e) in entries.iter().enumerate() {
                if let Some(k) = e.key.as_str() {
                    m.entry(k.to_string()).or_insert(i);
                }
            }
            self.0 = Some(m);
        }
        match &self.0 {
            Some(m) => m.get(name).copied(),
            None => entries.iter().position(|e| e.key.as_str() == Some(name)),
        }
    }

    /// `name` now stands at `at` (after a [`KeyIndex::find`] that did not find it).
    fn add(&mut self, name: &str, at: usize) {
        if let Some(m) = &mut self.0 {
            m.entry(name.to_string()).or_insert(at);
        }
    }
}

/// Parse every document of a YAML stream.
pub fn parse(text: &str) -> Result<Yaml, YamlError> {
    let offsets = Offsets::new(text);
    // Anchor id -> (node, its size in nodes, its height).
    let mut anchors: std::collections::HashMap<usize, (Node, usize, usize)> =
        std::collections::HashMap::new();
    let mut expanded = 0usize;
    let mut stack: Vec<Frame> = Vec::new();
    let mut out = Yaml {
        documents: Vec::new(),
        duplicate_keys: Vec::new(),
    };
    let mut parser = Parser::new_from_str(text);
    // Resolve merge keys: explicit keys win over merged ones, earlier merged maps over later ones.
    let finish_map = |mut entries: Vec<Entry>, mut index: KeyIndex, merges: Vec<Node>| {
        for m in merges {
            let sources: Vec<&Node> = match &m.kind {
                Kind::Seq(v) => v.iter().collect(),
                _ => vec![&m],
            };
            for src in sources {
                for e in src.entries() {
                    // A merged key the mapping (or an earlier merge) already has is ignored.
                    if let Some(k) = e.key.as_str() {
                        if index.find(&entries, k).is_some() {
                            continue;
                        }
                        index.add(k, entries.len());
                    }
                    entries.push(e.clone());
                }
            }
        }
        entries
    };
    loop {
        let (event, span) = match parser.next() {
            None => break,
            Some(Ok(x)) => x,
            Some(Err(e)) => {
                let at = offsets.byte(e.marker().index());
                // saphyr's scanner stops at 255 flow levels, which can come before our own limit
                // (it reads ahead): the same error, in our words.
                if e.info() == "recursion limit exceeded" {
                    return Err(too_deep(at));
                }
                return Err(YamlError {
                    span: Span::empty(at),
                    message: e.info().to_string(),
                });
            }
        };
        let start = offsets.byte(span.start.index());
        let end = offsets.byte(span.end.index()).max(start);
        let (node, size, height) = match event {
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart(_)
            | Event::DocumentEnd
            | Event::Nothing => continue,
            Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(start));
                }
                stack.push(Frame::Map {
                    start,
                    size: 1,
                    height: 1,
                    anchor,
                    entries: Vec::new(),
                    index: KeyIndex::default(),
                    key: None,
                    merges: Vec::new(),
                });
                continue;
            }
            Event::SequenceStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(start));
                }
                stack.push(Frame::Seq {
                    start,
                    size: 1,
                    height: 1,
                    anchor,
                    items: Vec::new(),
                });
                continue;
            }
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map {
                    start,
                    size,
                    height,
                    anchor,
                    entries,
                    index,
                    merges,
                    ..
                }) => {
                    let node = Node {
                        kind: Kind::Map(finish_map(entries, index, merges)),
                        span: Span::new(start, end.max(start)),
                    };
                    if anchor != 0 {
                        anchors.insert(anchor, (node.clone(), size, height));
                    }
                    (node, size, height)
                }
                _ => continue,
            },
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Seq {
                    start,
                    size,
                    height,
                    anchor,
                    items,
                }) => {
                    let node = Node {
                        kind: Kind::Seq(items),
                        span: Span::new(start, end.max(start)),
                    };
                    if anchor != 0 {
                        anchors.insert(anchor, (node.clone(), size, height));
                    }
                    (node, size, height)
                }
                _ => continue,
            },
            Event::Scalar(value, style, anchor, _) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted => Style::SingleQuoted,
                    ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                    ScalarStyle::Literal => Style::Literal,
                    ScalarStyle::Folded => Style::Folded,
                };
                let end = match style {
                    Style::SingleQuoted | Style::DoubleQuoted => {
                        quoted_end(text, start).unwrap_or(end)
                    }
                    _ => end,
                };
                let node = Node {
                    kind: Kind::Scalar(value.into_owned(), style),
                    span: Span::new(start, end),
                };
                if anchor != 0 {
                    anchors.insert(anchor, (node.clone(), 1, 0));
                }
                (node, 1, 0)
            }
            Event::Alias(id) => match anchors.get(&id) {
                Some((n, size, height)) => {
                    if stack.len() + height > MAX_DEPTH {
                        return Err(too_deep(start));
                    }
                    expanded = expanded.saturating_add(*size);
                    if expanded > ALIAS_BUDGET {
                        return Err(YamlError {
                            span: Span::new(n.span.start, n.span.start),
                            message: format!(
                                "aliases of the anchor here would expand the file to more than {ALIAS_BUDGET} nodes (a YAML alias bomb?); it is not expanded"
                            ),
                        });
                    }
                    (n.clone(), *size, *height)
                }
                None => {
                    return Err(YamlError {
                        span: Span::new(start, end),
                        message: "alias refers to an unknown anchor".into(),
                    });
                }
            },
        };
        match stack.last_mut() {
            None => out.documents.push(node),
            Some(Frame::Seq {
                items,
                size: total,
                height: h,
                ..
            }) => {
                *total = total.saturating_add(size);
                *h = (*h).max(height + 1);
                items.push(node)
            }
            Some(Frame::Map {
                entries,
                index,
                key,
                merges,
                size: total,
                height: h,
                ..
            }) => {
                *total = total.saturating_add(size);
                *h = (*h).max(height + 1);
                match key.take() {
                    None => *key = Some(node),
                    Some(k) => {
                        if matches!(&k.kind, Kind::Scalar(s, Style::Plain) if s == "<<") {
                            merges.push(node);
                        } else if let Some(first) =
                            k.as_str().and_then(|name| index.find(entries, name))
                        {
                            out.duplicate_keys.push(DuplicateKey {
                                key: k.as_str().unwrap_or_default().to_string(),
                                span: k.span,
                                first: entries[first].key.span,
                            });
                        } else {
                            if let Some(name) = k.as_str() {
                                index.add(name, entries.len());
                            }
                            entries.push(Entry {
                                key: k,
                                value: node,
                            });
                        }
                    }
                }
            }
        }
    }
    Ok(out)
}

/// End of a quoted scalar starting at `start` (the closing quote included).
fn quoted_end(text: &str, start: usize) -> Option<usize> {
    let b = text.as_bytes();
    let q = *b.get(start)?;
    if q != b'\'' && q != b'"' {
        return None;
    }
    let mut i = start + 1;
    while i < b.len() {
        if q == b'"' && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == q {
            if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_bombs_are_refused_at_the_anchor_and_ordinary_anchors_expand() {
        let mut bomb = String::from("a0: &a0 [x]\n");
        for i in 1..=9 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let e = parse(&bomb).unwrap_err();
        assert!(e.message.contains("alias bomb"), "{}", e.message);
        // At the anchor whose copies crossed the budget (a4's, about 11,000 nodes each).
        assert!(
            bomb[e.span.start..].starts_with("&a4 "),
            "{:?}",
            &bomb[e.span.start..]
        );
        let ok = parse("x-env: &env {A: 1, B: 2}\nservices:\n  a: {environment: *env}\n  b: {<<: *env, C: 3}\n")
            .unwrap();
        let b = ok.documents[0].get("services").unwrap().get("b").unwrap();
        assert_eq!(b.entries().len(), 3);
    }

    #[test]
    fn nesting_is_bounded_aliases_included() {
        // Exactly the limit reads; one more level is refused where it is crossed.
        let ok = format!("{}x", "- ".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}x", "- ".repeat(MAX_DEPTH + 1));
        let e = parse(&deep).unwrap_err();
        assert!(e.message.contains("nested more than"), "{}", e.message);
        assert_eq!(e.span.start, 2 * MAX_DEPTH);
        for deep in [
            "[".repeat(10_000),
            "{a: ".repeat(10_000),
            format!("{}x", "- ".repeat(10_000)),
        ] {
            let e = parse(&deep).unwrap_err();
            assert!(e.message.contains("nested more than"), "{}", e.message);
        }
        // Each alias nests the anchor one level deeper: refused at the alias that crosses.
        let mut chain = String::from("a0: &a0 x\n");
        for i in 1..=MAX_DEPTH {
            chain.push_str(&format!("a{i}: &a{i} [*a{}]\n", i - 1));
        }
        let e = parse(&chain).unwrap_err();
        let at = chain.find(&format!("*a{}]", MAX_DEPTH - 1)).unwrap();
        assert_eq!(e.span.start, at, "{}", &chain[e.span.start..]);
    }

    #[test]
    fn spans_are_bytes_and_quotes_exclude_comments() {
        let src = "# café ☕\na: plain   # c1\nb: \"dq\"  # c2\nc: 'it''s' # c3\n";
        let y = parse(src).unwrap();
        let root = &y.documents[0];
        assert_eq!(root.get("a").unwrap().span.slice(src), "plain");
        assert_eq!(root.get("b").unwrap().span.slice(src), "\"dq\"");
        assert_eq!(root.get("c").unwrap().span.slice(src), "'it''s'");
        assert_eq!(root.get("c").unwrap().as_str(), Some("it's"));
        assert_eq!(root.entry("b").unwrap().key.span.slice(src), "b");
    }

    #[test]
    fn merge_keys_anchors_and_duplicates() {
        let src = "x: &base\n  a: 1\n  b: 2\ny:\n  <<: *base\n  b: 3\n  b: 4\n";
        let y = parse(src).unwrap();
        let yv = y.documents[0].get("y").unwrap();
        assert_eq!(yv.get("a").and_then(Node::as_str), Some("1"));
        assert_eq!(
            yv.get("b").and_then(Node::as_str),
            Some("3"),
            "explicit key wins, duplicate ignored"
        );
        assert_eq!(y.duplicate_keys.len(), 1);
        assert_eq!(y.duplicate_keys[0].span.slice(src), "b");
    }

    /// Past a few keys a mapping's keys are hashed; duplicates and merges must read the same.
    #[test]
    fn duplicates_and_merges_in_mappings_with_many_keys() {
        let keys: Vec<String> = (0..40).map(|i| format!("k{i}")).collect();
        let base: String = keys.iter().map(|k| format!("  {k}: base\n")).collect();
        let own: String = keys[..30].iter().map(|k| format!("  {k}: own\n")).collect();
        let src = format!("x: &base\n{base}y:\n  <<: *base\n{own}  k3: again\n  k35: late\n");
        let y = parse(&src).unwrap();
        let yv = y.documents[0].get("y").unwrap();
        assert_eq!(yv.entries().len(), 40);
        assert_eq!(yv.get("k3").and_then(Node::as_str), Some("own"));
        assert_eq!(
            yv.get("k35").and_then(Node::as_str),
            Some("late"),
            "a key written after the merge still wins over it"
        );
        assert_eq!(yv.get("k39").and_then(Node::as_str), Some("base"));
        let dups: Vec<&str> = y.duplicate_keys.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(dups, ["k3"]);
        let first = y.duplicate_keys[0].first;
        assert_eq!(&src[first.start..first.end], "k3");
        assert!(
            first.start > src.find("y:").unwrap(),
            "the first is y's own k3"
        );
    }

    #[test]
    fn errors_have_positions_and_multi_docs_work() {
        let e = parse("a: [1, 2\nb: c\n").unwrap_err();
        assert!(!e.message.is_empty());
        let y = parse("a: 1\n---\nb: 2\n").unwrap();
        assert_eq!(y.documents.len(), 2);
        assert!(parse("a: *nope\n").is_err());
    }
}
