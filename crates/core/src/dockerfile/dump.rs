//! BuildKit's parse-tree dump (`Node.Dump()`), so our tree can be compared with BuildKit's own `result` files.

use super::{Args, Command, Dockerfile};

/// Go's `strconv.Quote`.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `strconv.IsPrint` for non-ASCII: spaces other than U+0020, controls and
/// the common invisible format characters are escaped.
fn is_go_printable(c: char) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_control();
    }
    !(c.is_whitespace()
        || c.is_control()
        || matches!(c as u32, 0xad | 0x200b..=0x200f | 0x2028..=0x202e | 0x2060..=0x2064 | 0xfeff))
}

/// The values BuildKit chains as `Next` nodes for these arguments.
fn values(args: &Args, out: &mut Vec<String>) {
    match args {
        Args::None | Args::Invalid | Args::Onbuild(_) => {}
        Args::Exec(ws) | Args::Words(ws) | Args::Names(ws) => {
            out.extend(ws.iter().map(|w| w.text.clone()))
        }
        Args::Shell(w) | Args::String(w) => out.push(w.text.clone()),
        Args::KeyValues(kvs) => {
            for kv in kvs {
                out.push(kv.key.text.clone());
                out.push(kv.value.text.clone());
                out.push(if kv.legacy {
                    String::new()
                } else {
                    "=".to_string()
                });
            }
        }
        Args::Healthcheck { kind, cmd } => {
            out.push(kind.text.clone());
            values(cmd, out);
        }
        Args::Ignored => out.push(String::new()),
    }
}

fn dump_command(cmd: &Command) -> String {
    let mut s = cmd.name.to_lowercase();
    if !cmd.flags.is_empty() {
        let quoted: Vec<String> = cmd.flags.iter().map(|f| go_quote(&f.raw)).collect();
        s.push_str(&format!(" [{}]", quoted.join(" ")));
    }
    if let Args::Onbuild(inner) = &cmd.args {
        s.push_str(&format!(" ({})", dump_command(inner)));
    }
    let mut vals = Vec::new();
    values(&cmd.args, &mut vals);
    for v in vals {
        s.push(' ');
        s.push_str(&go_quote(&v));
    }
    s.trim().to_string()
}

/// Dump in BuildKit's `result` format, or the first error BuildKit's parser would stop at.
pub fn buildkit(df: &Dockerfile, text: &str) -> Result<String, String> {
    if let Some(e) = df
        .errors
        .iter()
        .filter(|e| e.syntax)
        .min_by_key(|e| e.span.start)
    {
        let lc = crate::source::LineIndex::new(text).line_col(text, e.span.start);
        return Err(format!("{}:{}: {}", lc.line, lc.column, e.message));
    }
    let mut out = String::new();
    for ins in df.instructions() {
        out.push('(');
        out.push_str(&dump_command(&ins.command));
        out.push_str(")\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote("a\"b\\c\td"), "\"a\\\"b\\\\c\\td\"");
        assert_eq!(go_quote("é"), "\"é\"");
        assert_eq!(go_quote("\u{a0}"), "\"\\u00a0\"");
    }

    #[test]
    fn dumps_env_forms() {
        let src = "FROM ubuntu\nENV name value\nENV a=b c=\"d e\"\nONBUILD RUN x\n";
        let df = super::super::parse(src);
        let d = buildkit(&df, src).unwrap();
        assert_eq!(
            d,
            "(from \"ubuntu\")\n(env \"name\" \"value\" \"\")\n(env \"a\" \"b\" \"=\" \"c\" \"\\\"d e\\\"\" \"=\")\n(onbuild (run \"x\"))\n"
        );
    }
}
