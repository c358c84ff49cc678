//! Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?err}`, `${VAR?err}`, `${VAR:+a}`, `$$`.

use std::collections::BTreeMap;

/// The outcome of interpolating one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interpolated {
    /// The value, with unknown variables (no default) left empty.
    pub value: String,
    /// Variables with neither a value nor a default: the result is not known offline.
    pub unknown: Vec<String>,
    /// Variables marked required (`:?`/`?`) that have no value, with their error text.
    pub required: Vec<(String, String)>,
}

/// Interpolate with `env` (e.g. from a `.env` file in the workspace).
pub fn interpolate(s: &str, env: &BTreeMap<String, String>) -> Interpolated {
    interpolate_nested(s, env, 0)
}

/// Defaults nested deeper than this (`${A:-${B:-${C:-...}}}`) are left as written: each level is
/// a recursion and a scan of the rest, so a 100,000-character line of them overflowed the stack.
const MAX_NESTING: usize = 16;

fn interpolate_nested(s: &str, env: &BTreeMap<String, String>, nesting: usize) -> Interpolated {
    if nesting > MAX_NESTING {
        return Interpolated {
            value: s.to_string(),
            unknown: Vec::new(),
            required: Vec::new(),
        };
    }
    let mut out = Interpolated {
        value: String::with_capacity(s.len()),
        unknown: Vec::new(),
        required: Vec::new(),
    };
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'$' {
            let ch = s[i..].chars().next().unwrap_or('\0');
            out.value.push(ch);
            i += ch.len_utf8().max(1);
            continue;
        }
        match b.get(i + 1) {
            Some(b'$') => {
                out.value.push('$');
                i += 2;
            }
            Some(b'{') => {
                // Find the matching close brace (defaults may nest `${...}`).
                let mut depth = 0;
                let mut j = i + 1;
                let mut close = None;
                while j < b.len() {
                    match b[j] {
                        b'{' => depth += 1,
                        b'}' => {
                            depth -= 1;
                            if depth == 0 {
                                close = Some(j);
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                let Some(close) = close else {
                    out.value.push_str(&s[i..]);
                    break;
                };
                let inner = &s[i + 2..close];
                i = close + 1;
                let name_len = inner
                    .bytes()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
                    .count();
                let (name, op) = inner.split_at(name_len);
                let val = env.get(name);
                let (colon, rest) = match op.strip_prefix(':') {
                    Some(r) => (true, r),
                    None => (false, op),
                };
                let set = val.map(|v| !(colon && v.is_empty())).unwrap_or(false);
                match rest.chars().next() {
                    Some('-') => {
                        if set {
                            out.value.push_str(val.map(String::as_str).unwrap_or(""));
                        } else {
                            let inner = interpolate_nested(&rest[1..], env, nesting + 1);
                            out.value.push_str(&inner.value);
                            out.unknown.extend(inner.unknown);
                            out.required.extend(inner.required);
                        }
                    }
                    Some('+') => {
                        if set {
                            out.value
                                .push_str(&interpolate_nested(&rest[1..], env, nesting + 1).value);
                        }
                    }
                    Some('?') => match val {
                        Some(v) if set => out.value.push_str(v),
                        _ => out.required.push((name.to_string(), rest[1..].to_string())),
                    },
                    _ => match val {
                        Some(v) => out.value.push_str(v),
                        None => out.unknown.push(name.to_string()),
                    },
                }
            }
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {
                let n = s[i + 1..]
                    .bytes()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
                    .count();
                let name = &s[i + 1..i + 1 + n];
                match env.get(name) {
                    Some(v) => out.value.push_str(v),
                    None => out.unknown.push(name.to_string()),
                }
                i += 1 + n;
            }
            _ => {
                out.value.push('$');
                i += 1;
            }
        }
    }
    out
}

/// Read a `.env` file: `KEY=value` lines, `#` comments, optional `export `, quotes removed.
pub fn parse_env_file(text: &str) -> BTreeMap<String, String> {
    let mut env = BTreeMap::new();
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let l = l.strip_prefix("export ").unwrap_or(l);
        let Some((k, v)) = l.split_once('=') else {
            continue;
        };
        let v = v.trim();
        let v = if (v.starts_with('"') && v.ends_with('"')
            || v.starts_with('\'') && v.ends_with('\''))
            && v.len() >= 2
        {
            &v[1..v.len() - 1]
        } else {
            v.split(" #").next().unwrap_or(v).trim_end()
        };
        env.insert(k.trim().to_string(), v.to_string());
    }
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let mut env = BTreeMap::new();
        env.insert("A".to_string(), "x".to_string());
        env.insert("E".to_string(), String::new());
        assert_eq!(interpolate("${A}-$A-$$A", &env).value, "x-x-$A");
        assert_eq!(interpolate("${B:-Dockerfile}", &env).value, "Dockerfile");
        assert_eq!(interpolate("${E:-d}", &env).value, "d");
        assert_eq!(interpolate("${E-d}", &env).value, "");
        assert_eq!(interpolate("${B:-${A}}", &env).value, "x");
        let r = interpolate("${B:?set B}", &env);
        assert_eq!(r.required, vec![("B".to_string(), "set B".to_string())]);
        assert_eq!(interpolate("$B/x", &env).unknown, vec!["B".to_string()]);
    }

    #[test]
    fn env_files() {
        let env = parse_env_file("# c\nA=1\nexport B=\"two words\"\nC=x # note\n");
        assert_eq!(env.get("B").map(String::as_str), Some("two words"));
        assert_eq!(env.get("C").map(String::as_str), Some("x"));
    }
}
