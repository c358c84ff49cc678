//! Validation of compose files against the vendored official Compose schema (`compose-spec.json`),
//! by a small interpreter of the JSON-Schema keywords that schema uses, run directly on the spanned YAML.

use crate::source::Span;
use crate::yaml::{Kind, Node, Style};
use serde_json::Value as J;
use std::sync::OnceLock;

/// The schema as the validator reads it: the vendored one compiled by build.rs to a compact form
/// (minified, without the keywords that only document).
const SCHEMA_TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/compose-spec.json"));

fn schema() -> &'static J {
    static S: OnceLock<J> = OnceLock::new();
    S.get_or_init(|| serde_json::from_str(SCHEMA_TEXT).unwrap_or(J::Null))
}

/// A schema violation at a YAML node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    pub span: Span,
    /// Dotted path of the offending value, e.g. `services.web.ports[0]`.
    pub path: String,
    pub message: String,
    /// For a key the schema does not allow: the closest allowed key (what the message suggests).
    pub suggestion: Option<String>,
}

/// The JSON type a YAML scalar has for compose (YAML 1.2 core schema, as compose-go's yaml.v3 reads it).
fn scalar_type(s: &str, style: Style) -> &'static str {
    if style != Style::Plain {
        return "string";
    }
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return "null",
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return "boolean",
        _ => {}
    }
    let t = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return "integer";
    }
    if (t.starts_with("0x") && t.len() > 2 && t[2..].bytes().all(|b| b.is_ascii_hexdigit()))
        || (t.starts_with("0o")
            && t.len() > 2
            && t[2..].bytes().all(|b| (b'0'..=b'7').contains(&b)))
    {
        return "integer";
    }
    if matches!(t, ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN")
        || (t.parse::<f64>().is_ok() && t.bytes().any(|b| b.is_ascii_digit()) && !t.ends_with('.'))
    {
        return "number";
    }
    "string"
}

fn node_type(n: &Node) -> &'static str {
    match &n.kind {
        Kind::Map(_) => "object",
        Kind::Seq(_) => "array",
        Kind::Scalar(s, st) => scalar_type(s, *st),
    }
}

fn type_matches(actual: &str, want: &str) -> bool {
    actual == want || (want == "number" && actual == "integer")
}

/// The few regexes the schema uses, as hand matchers.
fn pattern_matches(pattern: &str, s: &str) -> bool {
    let name_char = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-';
    match pattern {
        "^x-" => s.starts_with("x-"),
        "^[a-zA-Z0-9._-]+$" => !s.is_empty() && s.chars().all(name_char),
        "[a-zA-Z0-9][a-zA-Z0-9_.-]+" => {
            let c: Vec<char> = s.chars().collect();
            (0..c.len().saturating_sub(1))
                .any(|i| c[i].is_ascii_alphanumeric() && name_char(c[i + 1]))
        }
        "^.+$" | ".+" => !s.is_empty(),
        "^[a-z]+$" => !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase()),
        "always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+" => {
            [
                "always",
                "never",
                "build",
                "if_not_present",
                "missing",
                "refresh",
                "daily",
                "weekly",
            ]
            .iter()
            .any(|w| s.contains(w))
                || s.match_indices("every_").any(|(i, _)| {
                    let rest = &s[i + 6..];
                    let mut chars = rest.chars().peekable();
                    let mut digits = 0;
                    while chars.peek().map(|c| c.is_ascii_digit()).unwrap_or(false) {
                        chars.next();
                        digits += 1;
                    }
                    digits > 0 && chars.next().map(|c| "wdhms".contains(c)).unwrap_or(false)
                })
        }
        // Unknown pattern: do not guess.
        _ => true,
    }
}

struct Validator<'s> {
    root: &'s J,
    errors: Vec<SchemaError>,
    depth: usize,
}

fn json_of_scalar(s: &str, st: Style) -> J {
    match scalar_type(s, st) {
        "null" => J::Null,
        "boolean" => J::Bool(s.eq_ignore_ascii_case("true")),
        "integer" => s
            .parse::<i64>()
            .map(J::from)
            .unwrap_or_else(|_| J::String(s.to_string())),
        "number" => s
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(J::Number)
            .unwrap_or_else(|| J::String(s.to_string())),
        _ => J::String(s.to_string()),
    }
}

impl<'s> Validator<'s> {
    fn resolve(&self, mut s: &'s J) -> &'s J {
        for _ in 0..16 {
            match s.get("$ref").and_then(J::as_str) {
                Some(r) => {
                    let name = r.trim_start_matches("#/definitions/");
                    match self.root.get("definitions").and_then(|d| d.get(name)) {
                        Some(t) => s = t,
                        None => return s,
                    }
                }
                None => return s,
            }
        }
        s
    }

    fn err(&mut self, node: &Node, path: &str, message: String) {
        self.errors.push(SchemaError {
            span: node.span,
            path: path.to_string(),
            message,
            suggestion: None,
        });
    }

    /// Validate `node` against `schema`, appending errors; returns whether it is valid.
    fn check(&mut self, node: &Node, schema: &'s J, path: &str) -> bool {
        self.depth += 1;
        if self.depth > 64 {
            self.depth -= 1;
            return true;
        }
        let before = self.errors.len();
        let s = self.resolve(schema);
        let actual = node_type(node);
        if let Some(t) = s.get("type") {
            let wants: Vec<&str> = match t {
                J::String(x) => vec![x.as_str()],
                J::Array(a) => a.iter().filter_map(J::as_str).collect(),
                _ => vec![],
            };
            if !wants.is_empty() && !wants.iter().any(|w| type_matches(actual, w)) {
                let shown = match &node.kind {
                    Kind::Scalar(v, _) if actual != "null" => format!("{actual} `{v}`"),
                    _ => actual.to_string(),
                };
                self.err(
                    node,
                    path,
                    format!(
                        "{} must be {}, not {shown}",
                        display(path),
                        wants.join(" or ")
                    ),
                );
                self.depth -= 1;
                return false;
            }
        }
        if let Some(e) = s.get("enum").and_then(J::as_array) {
            if let Kind::Scalar(v, st) = &node.kind {
                let j = json_of_scalar(v, *st);
                if !e.iter().any(|x| *x == j || x.as_str() == Some(v.as_str())) {
                    let allowed: Vec<String> = e.iter().map(|x| x.to_string()).collect();
                    self.err(
                        node,
                        path,
                        format!("{} must be one of {}", display(path), allowed.join(", ")),
                    );
                }
            }
        }
        if let Kind::Scalar(v, st) = &node.kind {
            if let Some(p) = s.get("pattern").and_then(J::as_str) {
                if !pattern_matches(p, v) {
                    self.err(
                        node,
                        path,
                        format!("{} `{v}` does not match the pattern {p}", display(path)),
                    );
                }
            }
            if let J::Number(n) = json_of_scalar(v, *st) {
                let x = n.as_f64().unwrap_or(0.0);
                // The bounds are shown as the schema writes them (JSON's own number printing, not
                // f64's, which the page would otherwise carry for these two messages alone).
                if let Some(min) = s.get("minimum").filter(|m| m.as_f64().is_some()) {
                    if x < min.as_f64().unwrap_or(0.0) {
                        self.err(
                            node,
                            path,
                            format!("{} must be at least {min}", display(path)),
                        );
                    }
                }
                if let Some(max) = s.get("maximum").filter(|m| m.as_f64().is_some()) {
                    if x > max.as_f64().unwrap_or(0.0) {
                        self.err(
                            node,
                            path,
                            format!("{} must be at most {max}", display(path)),
                        );
                    }
                }
            }
        }
        if let Kind::Map(entries) = &node.kind {
            let props = s.get("properties").and_then(J::as_object);
            let pprops = s.get("patternProperties").and_then(J::as_object);
            for e in entries {
                let key = e.key.as_str().unwrap_or("");
                let child = format!("{path}{}{key}", if path.is_empty() { "" } else { "." });
                let mut matched = false;
                if let Some(sub) = props.and_then(|p| p.get(key)) {
                    matched = true;
                    self.check(&e.value, sub, &child);
                }
                if let Some(pp) = pprops {
                    for (pat, sub) in pp {
                        if pattern_matches(pat, key) {
                            matched = true;
                            self.check(&e.value, sub, &child);
                        }
                    }
                }
                if !matched {
                    match s.get("additionalProperties") {
                        Some(J::Bool(false)) => {
                            let suggestion = props
                                .and_then(|p| {
                                    crate::dockerfile::closest(key, p.keys().map(String::as_str))
                                })
                                .map(str::to_string);
                            let hint = suggestion
                                .as_ref()
                                .map(|k| format!(" (did you mean `{k}`?)"))
                                .unwrap_or_default();
                            self.errors.push(SchemaError {
                                span: e.key.span,
                                path: child.clone(),
                                message: format!(
                                    "`{key}` is not allowed in {}{hint}",
                                    display(path)
                                ),
                                suggestion,
                            });
                        }
                        Some(sub @ J::Object(_)) => {
                            self.check(&e.value, sub, &child);
                        }
                        _ => {}
                    }
                }
            }
            if let Some(req) = s.get("required").and_then(J::as_array) {
                for r in req.iter().filter_map(J::as_str) {
                    if node.get(r).is_none() {
                        self.err(node, path, format!("{} needs `{r}`", display(path)));
                    }
                }
            }
        }
        if let Kind::Seq(items) = &node.kind {
            if let Some(sub) = s.get("items") {
                for (i, it) in items.iter().enumerate() {
                    self.check(it, sub, &format!("{path}[{i}]"));
                }
            }
            if s.get("uniqueItems").and_then(J::as_bool) == Some(true) {
                // The scalars seen so far, hashed: a list of thousands must not cost its square.
                let mut seen = std::collections::HashSet::with_capacity(items.len());
                for (i, it) in items.iter().enumerate() {
                    if let Kind::Scalar(v, _) = &it.kind {
                        if !seen.insert(v.as_str()) {
                            self.err(
                                it,
                                &format!("{path}[{i}]"),
                                format!("{} contains `{v}` twice", display(path)),
                            );
                        }
                    }
                }
            }
        }
        if let Some(branches) = s.get("oneOf").and_then(J::as_array) {
            let mut best: Option<Vec<SchemaError>> = None;
            let mut passing = 0;
            let mut wanted: Vec<String> = Vec::new();
            for b in branches {
                let mut v = Validator {
                    root: self.root,
                    errors: Vec::new(),
                    depth: self.depth,
                };
                if v.check(node, b, path) {
                    passing += 1;
                    continue;
                }
                // A branch of another type says little about intent; prefer branches of the right type.
                let rb = self.resolve(b);
                let types: Vec<&str> = match rb.get("type") {
                    Some(J::String(x)) => vec![x.as_str()],
                    Some(J::Array(a)) => a.iter().filter_map(J::as_str).collect(),
                    _ => vec![],
                };
                if !types.is_empty() && !types.iter().any(|t| type_matches(actual, t)) {
                    wanted.extend(types.iter().map(|t| t.to_string()));
                    continue;
                }
                if best
                    .as_ref()
                    .map(|e| v.errors.len() < e.len())
                    .unwrap_or(true)
                {
                    best = Some(v.errors);
                }
            }
            if passing == 0 {
                match best {
                    Some(errs) => self.errors.extend(errs),
                    None => {
                        wanted.dedup();
                        self.err(
                            node,
                            path,
                            format!(
                                "{} must be {}, not {actual}",
                                display(path),
                                wanted.join(" or ")
                            ),
                        );
                    }
                }
            }
        }
        self.depth -= 1;
        self.errors.len() == before
    }
}

fn display(path: &str) -> String {
    if path.is_empty() {
        "the file".to_string()
    } else {
        format!("`{path}`")
    }
}

/// The document as JSON, with YAML scalars typed the way compose reads them (for oracles and exports).
pub fn to_json(node: &Node) -> J {
    match &node.kind {
        Kind::Map(entries) => J::Object(
            entries
                .iter()
                .map(|e| (e.key.as_str().unwrap_or("").to_string(), to_json(&e.value)))
                .collect(),
        ),
        Kind::Seq(items) => J::Array(items.iter().map(to_json).collect()),
        Kind::Scalar(s, st) => json_of_scalar(s, *st),
    }
}

/// The vendored schema's text, as published (for oracles).
pub fn schema_text() -> &'static str {
    include_str!("compose-spec.json")
}

/// Validate a compose document against the official schema.
pub fn validate(doc: &Node) -> Vec<SchemaError> {
    let root = schema();
    if root.is_null() {
        return Vec::new();
    }
    let mut v = Validator {
        root,
        errors: Vec::new(),
        depth: 0,
    };
    v.check(doc, root, "");
    v.errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn errors(src: &str) -> Vec<(String, String)> {
        let y = yaml::parse(src).unwrap();
        validate(&y.documents[0])
            .into_iter()
            .map(|e| (e.span.slice(src).to_string(), e.message))
            .collect()
    }

    #[test]
    fn valid_files_pass() {
        assert!(errors("services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"80:80\"\n    restart: always\n").is_empty());
        assert!(errors("name: app\nservices:\n  a:\n    build:\n      context: .\n      args: [A=1]\n    x-custom: 1\nx-common: &c {}\n").is_empty());
    }

    #[test]
    fn typos_types_and_enums() {
        let e = errors("services:\n  web:\n    imagee: nginx\n");
        assert_eq!(e[0].0, "imagee");
        assert!(e[0].1.contains("did you mean `image`"), "{e:?}");
        let y =
            yaml::parse("services:\n  web:\n    imagee: nginx\n    privileged: [yes]\n").unwrap();
        let full = validate(&y.documents[0]);
        assert_eq!(full[0].suggestion.as_deref(), Some("image"));
        assert!(
            full.iter().skip(1).all(|e| e.suggestion.is_none()),
            "{full:?}"
        );
        let e = errors("services:\n  web:\n    image: nginx\n    privileged: [yes]\n");
        assert!(
            e.iter().any(|(s, m)| s == "[yes]" && m.contains("boolean")),
            "{e:?}"
        );
        let e = errors("services:\n  web:\n    image: nginx\n    volumes:\n      - type: bindd\n        source: .\n        target: /x\n");
        assert!(
            e.iter().any(|(s, m)| s == "bindd" && m.contains("one of")),
            "{e:?}"
        );
        let e = errors("services:\n  web:\n    image: nginx\n    pull_policy: sometimes\n");
        assert!(e.iter().any(|(s, _)| s == "sometimes"), "{e:?}");
        let e = errors(
            "services:\n  web:\n    image: nginx\n    depends_on: [db, db]\n  db:\n    image: x\n",
        );
        assert!(e.iter().any(|(_, m)| m.contains("twice")), "{e:?}");
        let e = errors("services:\n  web:\n    image: nginx\n    oom_score_adj: -2000\n");
        assert!(
            e.iter()
                .any(|(s, m)| s == "-2000" && m.ends_with("must be at least -1000")),
            "{e:?}"
        );
    }

    /// The compact schema build.rs embeds judges every document as the published one does.
    #[test]
    fn the_compact_schema_validates_like_the_published_one() {
        let published: J = serde_json::from_str(schema_text()).unwrap();
        assert!(SCHEMA_TEXT.len() * 3 < schema_text().len(), "not compact");
        assert!(!SCHEMA_TEXT.contains("\"description\""));
        let docs = [
            "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"80:80\"\n    restart: always\n",
            "name: app\nservices:\n  a:\n    build:\n      context: .\n      args: [A=1]\n    x-custom: 1\nx-common: &c {}\n",
            "services:\n  web:\n    imagee: nginx\n    privileged: [yes]\n    depends_on: [db, db]\n",
            "services:\n  web:\n    image: nginx\n    volumes:\n      - type: bindd\n        source: .\n        target: /x\n    pull_policy: sometimes\n    cpus: -1\n    healthcheck: {interval: 5, retries: x}\n",
            "version: 3\nnetworks: {a: {driver: 1}}\nvolumes: {v: {external: maybe}}\nsecrets: {s: {file: 1, environment: 2}}\nconfigs: [1]\ninclude: [{path: 1}]\nservices: {b: {deploy: {replicas: -1, resources: {limits: {cpus: x}}}, develop: {watch: [{path: .}]}}}\n",
        ];
        for src in docs {
            let y = yaml::parse(src).unwrap();
            let run = |root: &J| {
                let mut v = Validator {
                    root,
                    errors: Vec::new(),
                    depth: 0,
                };
                v.check(&y.documents[0], root, "");
                v.errors
            };
            assert_eq!(run(schema()), run(&published), "{src}");
        }
    }
}
