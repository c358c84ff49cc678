//! One shell word: its unquoted text, whether it expands, and the command substitutions in it.

use brush_parser::word::{WordPiece, WordPieceWithSource};

/// A `$( … )` or backquoted substitution inside a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Sub {
    /// The command text: the raw slice between `$(` and `)` (brush-parser's own copy has its
    /// blanks normalised); for backquotes containing `\`, brush-parser's unescaped copy.
    pub content: String,
    /// Byte offset of `content` inside the raw word, when `content` is a verbatim slice of it.
    pub offset: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Analysed {
    pub text: String,
    pub has_expansion: bool,
    pub subs: Vec<Sub>,
}

pub(super) fn analyse_word(raw: &str) -> Analysed {
    let mut out = Analysed {
        text: String::with_capacity(raw.len()),
        has_expansion: false,
        subs: Vec::new(),
    };
    if super::is_plain_word(raw) {
        out.text.push_str(raw);
        return out;
    }
    match super::word_pieces(raw) {
        Some(pieces) => pieces_into(raw, &pieces, &mut out),
        None => {
            out.text = crate::dockerfile::words::unquote(raw, '\\');
            out.has_expansion = raw.contains(['$', '`']);
        }
    }
    out
}

fn pieces_into(raw: &str, pieces: &[WordPieceWithSource], out: &mut Analysed) {
    for p in pieces {
        let slice = raw.get(p.start_index..p.end_index).unwrap_or("");
        match &p.piece {
            WordPiece::Text(s) | WordPiece::SingleQuotedText(s) => out.text.push_str(s),
            WordPiece::AnsiCQuotedText(s) => out.text.push_str(&ansi_c(s)),
            WordPiece::DoubleQuotedSequence(inner)
            | WordPiece::GettextDoubleQuotedSequence(inner) => pieces_into(raw, inner, out),
            WordPiece::EscapeSequence(s) => {
                let c = s.strip_prefix('\\').unwrap_or(s);
                if c != "\n" {
                    out.text.push_str(c);
                }
            }
            WordPiece::CommandSubstitution(s) => {
                out.text.push_str(slice);
                out.has_expansion = true;
                let inner = slice.strip_prefix("$(").and_then(|x| x.strip_suffix(')'));
                out.subs.push(match inner {
                    Some(i) => Sub {
                        content: i.to_string(),
                        offset: Some(p.start_index + 2),
                    },
                    None => Sub {
                        content: s.clone(),
                        offset: None,
                    },
                });
            }
            WordPiece::BackquotedCommandSubstitution(s) => {
                out.text.push_str(slice);
                out.has_expansion = true;
                let inner = slice.strip_prefix('`').and_then(|x| x.strip_suffix('`'));
                out.subs.push(match inner {
                    Some(i) if !i.contains('\\') => Sub {
                        content: i.to_string(),
                        offset: Some(p.start_index + 1),
                    },
                    Some(i) => Sub {
                        content: unescape_backquoted(i),
                        offset: None,
                    },
                    None => Sub {
                        content: s.clone(),
                        offset: None,
                    },
                });
            }
            WordPiece::TildeExpansion(_)
            | WordPiece::ParameterExpansion(_)
            | WordPiece::ArithmeticExpression(_) => {
                out.text.push_str(slice);
                out.has_expansion = true;
            }
        }
    }
}

/// Inside backquotes a backslash only escapes `$`, `` ` `` and `\\`.
fn unescape_backquoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\\' {
            if let Some(&n) = it.peek() {
                if matches!(n, '$' | '`' | '\\') {
                    out.push(n);
                    it.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// Decode the inside of `$'…'`.
fn ansi_c(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = it.next() else {
            out.push('\\');
            break;
        };
        let simple = match e {
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            'e' | 'E' => Some('\u{1b}'),
            'f' => Some('\u{c}'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\u{b}'),
            '\\' | '\'' | '"' | '?' => Some(e),
            _ => None,
        };
        if let Some(ch) = simple {
            out.push(ch);
            continue;
        }
        let (radix, max) = match e {
            'x' => (16, 2),
            'u' => (16, 4),
            'U' => (16, 8),
            '0'..='7' => (8, 2),
            _ => {
                out.push('\\');
                out.push(e);
                continue;
            }
        };
        let mut digits = String::new();
        if radix == 8 {
            digits.push(e);
        }
        while digits.len() < max + usize::from(radix == 8) {
            match it.peek() {
                Some(d) if d.is_digit(radix) => {
                    digits.push(*d);
                    it.next();
                }
                _ => break,
            }
        }
        match u32::from_str_radix(&digits, radix)
            .ok()
            .and_then(char::from_u32)
        {
            Some(ch) if !digits.is_empty() => out.push(ch),
            _ => {
                out.push('\\');
                out.push(e);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unquotes() {
        let a = analyse_word(r#"'a b'"c\"d"\ e$'\tx\101'"#);
        assert_eq!(a.text, "a bc\"d e\txA");
        assert!(!a.has_expansion);
        let a = analyse_word(r#""x$HOME"/y"#);
        assert_eq!(a.text, "x$HOME/y");
        assert!(a.has_expansion);
        let a = analyse_word("plain-word");
        assert_eq!(a.text, "plain-word");
        assert!(!a.has_expansion);
        let a = analyse_word(r#""a\zb""#);
        assert_eq!(a.text, "a\\zb");
    }

    #[test]
    fn finds_substitutions() {
        let a = analyse_word(r#"x"$(apt-get install -y a)"`ls`"#);
        assert!(a.has_expansion);
        assert_eq!(a.subs.len(), 2);
        assert_eq!(a.subs[0].content, "apt-get install -y a");
        assert_eq!(a.subs[0].offset, Some(4));
        assert_eq!(a.subs[1].content, "ls");
        assert_eq!(a.subs[1].offset, Some(27));
        let a = analyse_word("\"$(  a   b )\"`c \\$x`");
        assert_eq!(a.subs[0].content, "  a   b ");
        assert_eq!(a.subs[1].content, "c $x");
        assert_eq!(a.subs[1].offset, None);
    }
}
