//! The semantic model over the syntax tree: stages, which stage ships, ARG scopes, variable expansion, image references.

use super::{Args, Dockerfile, Flag, Instruction, Keyword, Word};
use crate::source::Span;

/// ARGs BuildKit defines automatically in the global scope (usable in FROM without declaring them).
pub const AUTOMATIC_PLATFORM_ARGS: &[&str] = &[
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
];

/// One `ARG name[=default]` declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgDecl {
    pub name: String,
    /// Default with quotes removed.
    pub default: Option<String>,
    pub span: Span,
}

/// The proxy build args BuildKit predefines (passed to RUN from `--build-arg` with no ARG), in the
/// two spellings it knows.
pub const PROXY_ARGS: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// Whether `name` is one of BuildKit's proxy args, in any letter case.
pub fn is_proxy_arg(name: &str) -> bool {
    PROXY_ARGS.iter().any(|p| p.eq_ignore_ascii_case(name))
}

/// A build stage: its FROM and the instructions up to the next FROM.
///
/// A file without any FROM (a pasted snippet such as `RUN apt-get install curl`) is one
/// *anonymous* stage holding every instruction, so that rules judging instructions in their stage
/// see them as hadolint does; its `from` is then the file's first instruction (not a FROM), it has
/// no base and no name, and it is not shipped (image-level advice needs a real image).
#[derive(Debug, Clone)]
pub struct Stage<'a> {
    pub index: usize,
    /// The FROM; for the anonymous stage, the first instruction.
    pub from: &'a Instruction,
    /// Whether this is the anonymous stage of a file without FROM.
    pub anonymous: bool,
    /// The base image word as written (e.g. `${BASE}` or `node:20`).
    pub base: Option<&'a Word>,
    /// The base with global ARG defaults substituted; `None` when a variable has no default.
    pub base_resolved: Option<String>,
    /// `AS name`, as written.
    pub name: Option<&'a Word>,
    pub platform: Option<&'a Flag>,
    pub instructions: Vec<&'a Instruction>,
    /// The name lower-cased, computed once (stage lookups are frequent).
    name_lc: Option<String>,
}

impl<'a> Stage<'a> {
    /// Lower-cased stage name (BuildKit compares stage names case-insensitively).
    pub fn name_lower(&self) -> Option<&str> {
        self.name_lc.as_deref()
    }
}

#[derive(Debug, Clone)]
pub struct Model<'a> {
    pub dockerfile: &'a Dockerfile,
    /// ARGs before the first FROM.
    pub global_args: Vec<ArgDecl>,
    /// Instructions before the first FROM.
    pub preamble: Vec<&'a Instruction>,
    pub stages: Vec<Stage<'a>>,
    /// Lower-cased stage name -> index of the first stage with that name.
    by_name: std::collections::HashMap<String, usize>,
    /// The local stage each stage is built on (`FROM build`), computed once.
    parents: Vec<Option<usize>>,
    /// Whether a later FROM names the stage (by name, case-insensitively, as written or resolved).
    named_later: Vec<bool>,
    /// Each stage's entry and exit in a walk of the build-on forest: `a` builds on `b` exactly
    /// when `b`'s interval holds `a`'s, so the question costs O(1).
    order: Vec<(u32, u32)>,
}

impl<'a> Model<'a> {
    pub fn build(df: &'a Dockerfile) -> Model<'a> {
        let mut m = Model {
            dockerfile: df,
            global_args: Vec::new(),
            preamble: Vec::new(),
            stages: Vec::new(),
            by_name: std::collections::HashMap::new(),
            parents: Vec::new(),
            named_later: Vec::new(),
            order: Vec::new(),
        };
        // Bytes of global ARG defaults kept so far (bounded by MAX_VALUES_TOTAL).
        let mut global_values = 0usize;
        for ins in df.instructions() {
            if ins.keyword() == Keyword::From {
                let words: &[Word] = match &ins.command.args {
                    Args::Words(w) => w,
                    _ => &[],
                };
                let base = words.first();
                let name = if words.len() == 3 && words[1].text.eq_ignore_ascii_case("as") {
                    words.get(2)
                } else {
                    None
                };
                // BuildKit runs FROM through its shell lexer: quotes go, variables expand.
                let base_resolved = base.and_then(|b| {
                    let (s, missing) = expand(&super::words::unquote(&b.text, df.escape), |v| {
                        m.global_default(v)
                    });
                    missing.is_empty().then_some(s)
                });
                m.stages.push(Stage {
                    index: m.stages.len(),
                    from: ins,
                    base,
                    base_resolved,
                    name,
                    platform: ins.command.flag("platform"),
                    instructions: Vec::new(),
                    name_lc: name.map(|w| w.text.to_ascii_lowercase()),
                    anonymous: false,
                });
                if let Some(lc) = m.stages.last().and_then(|s| s.name_lc.clone()) {
                    let idx = m.stages.len() - 1;
                    m.by_name.entry(lc).or_insert(idx);
                }
            } else if let Some(stage) = m.stages.last_mut() {
                stage.instructions.push(ins);
            } else {
                if ins.keyword() == Keyword::Arg {
                    // A default may use earlier global ARGs (`ARG IMAGE=repo:${VERSION}`); one
                    // that would grow too long, or past the file's budget for values, stays as
                    // written (its variables unexpanded, so what uses it is not resolved).
                    for mut decl in arg_decls(ins) {
                        if let Some(d) = &decl.default {
                            let expanded = expand_within(d, MAX_VALUE, |v| m.global_default(v))
                                .map(|(s, _)| s)
                                .filter(|s| global_values + s.len() <= MAX_VALUES_TOTAL);
                            let kept = expanded.unwrap_or_else(|| d.clone());
                            global_values += kept.len();
                            decl.default = Some(kept);
                        }
                        m.global_args.push(decl);
                    }
                }
                m.preamble.push(ins);
            }
        }
        if m.stages.is_empty() {
            if let Some(&first) = m.preamble.first() {
                m.stages.push(Stage {
                    index: 0,
                    from: first,
                    anonymous: true,
                    base: None,
                    base_resolved: None,
                    name: None,
                    platform: None,
                    instructions: m.preamble.clone(),
                    name_lc: None,
                });
            }
        }
        m.parents = m
            .stages
            .iter()
            .map(|s| {
                s.base_resolved
                    .as_deref()
                    .and_then(|b| m.stage_before(b, s.index))
                    .map(|p| p.index)
            })
            .collect();
        let mut later: std::collections::HashSet<String> = Default::default();
        m.named_later = vec![false; m.stages.len()];
        for s in m.stages.iter().rev() {
            m.named_later[s.index] = s.name_lc.as_ref().is_some_and(|n| later.contains(n));
            for b in [s.base_resolved.as_deref(), s.base.map(|w| w.text.as_str())]
                .into_iter()
                .flatten()
            {
                later.insert(b.to_ascii_lowercase());
            }
        }
        // Parents come before children, so one pass in reverse gives subtree sizes and one
        // forward pass the intervals.
        let n = m.stages.len();
        let mut size = vec![1u32; n];
        for i in (0..n).rev() {
            if let Some(p) = m.parents[i] {
                size[p] += size[i];
            }
        }
        let mut next_child = vec![0u32; n];
        m.order = vec![(0, 0); n];
        let mut root_next = 0u32;
        for (i, &sz) in size.iter().enumerate() {
            let start = match m.parents[i] {
                Some(p) => {
                    let s = m.order[p].0 + 1 + next_child[p];
                    next_child[p] += sz;
                    s
                }
                None => {
                    let s = root_next;
                    root_next += sz;
                    s
                }
            };
            m.order[i] = (start, start + sz);
        }
        m
    }

    /// Whether a FROM after stage `index` names it (hadolint's test of whether a stage is used).
    pub fn named_by_later_from(&self, index: usize) -> bool {
        self.named_later.get(index).copied().unwrap_or(false)
    }

    /// The local stage `index` is built on, if any.
    pub fn parent(&self, index: usize) -> Option<usize> {
        self.parents.get(index).copied().flatten()
    }

    /// Whether stage `index` is `base` or built on it, directly or through other stages.
    pub fn builds_on(&self, index: usize, base: usize) -> bool {
        match (self.order.get(index), self.order.get(base)) {
            (Some(a), Some(b)) => b.0 <= a.0 && a.1 <= b.1,
            _ => false,
        }
    }

    fn global_default(&self, name: &str) -> Option<String> {
        self.global_args
            .iter()
            .rev()
            .find(|a| a.name == name)
            .map(|a| a.default.clone().unwrap_or_default())
    }

    /// The stage that ships when no target is given: the last one (none for a file without FROM).
    pub fn final_stage(&self) -> Option<&Stage<'a>> {
        self.stages.last().filter(|s| !s.anonymous)
    }

    /// The first stage that starts with a FROM (none for a file without FROM).
    pub fn first_from(&self) -> Option<&'a Instruction> {
        self.stages.first().filter(|s| !s.anonymous).map(|s| s.from)
    }

    /// Indexes of the stages that ship: each of `targets` (compose `build.target`s) that names a
    /// stage here, else the last stage.
    pub fn shipped_stages(&self, targets: &[String]) -> Vec<usize> {
        let mut out: Vec<usize> = targets
            .iter()
            .filter_map(|t| self.stage_named(t).map(|s| s.index))
            .collect();
        crate::sort::sort_unstable(&mut out);
        out.dedup();
        if out.is_empty() {
            out.extend(self.final_stage().map(|s| s.index));
        }
        out
    }

    pub fn stage_named(&self, name: &str) -> Option<&Stage<'a>> {
        let idx = match self.by_name.get(name) {
            Some(i) => *i,
            None => *self.by_name.get(&name.to_ascii_lowercase())?,
        };
        self.stages.get(idx)
    }

    /// The first stage named `name` that comes before stage `index` (what `FROM name` refers to).
    pub fn stage_before(&self, name: &str, index: usize) -> Option<&Stage<'a>> {
        let first = self.stage_named(name)?;
        if first.index >= index {
            return None;
        }
        // The nearest earlier stage with that name (duplicates are DL3024's business).
        let lc = first.name_lc.as_deref();
        self.stages[..index]
            .iter()
            .rev()
            .find(|s| s.name_lc.as_deref() == lc)
    }

    /// The stage containing an instruction (by span).
    pub fn stage_of(&self, ins: &Instruction) -> Option<&Stage<'a>> {
        let at = ins.span.start;
        let n = self.stages.partition_point(|s| s.from.span.start <= at);
        n.checked_sub(1).and_then(|i| self.stages.get(i))
    }

    /// Whether `name` is declared as a global ARG or is one of BuildKit's automatic platform ARGs.
    pub fn is_global_arg(&self, name: &str) -> bool {
        self.global_args.iter().any(|a| a.name == name) || AUTOMATIC_PLATFORM_ARGS.contains(&name)
    }
}

/// The `ARG` declarations of one instruction.
pub fn arg_decls(ins: &Instruction) -> Vec<ArgDecl> {
    let Args::Names(words) = &ins.command.args else {
        return Vec::new();
    };
    words
        .iter()
        .map(|w| match w.text.split_once('=') {
            Some((n, d)) => ArgDecl {
                name: n.to_string(),
                default: Some(super::words::unquote(d, '\\')),
                span: w.span,
            },
            None => ArgDecl {
                name: w.text.clone(),
                default: None,
                span: w.span,
            },
        })
        .collect()
}

/// Names of the variables referenced in `s` (`$X`, `${X}`, `${X:-d}`...), in order.
pub fn referenced_vars(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    expand(s, |v| {
        out.push(v.to_string());
        Some(String::new())
    });
    out
}

/// Expand `$X`, `${X}`, `${X:-d}`, `${X-d}`, `${X:+a}`, `${X+a}` with `lookup`. Returns the result and
/// the variables that had no value and no default. `\$` stays a literal `$`.
pub fn expand(s: &str, mut lookup: impl FnMut(&str) -> Option<String>) -> (String, Vec<String>) {
    expand_dyn(s, &mut lookup, usize::MAX).unwrap_or_default()
}

/// The longest value the semantic layer keeps for a variable, and the most text one expansion
/// makes: past it a value is unknown. Values that use earlier ones (`ENV B=$A$A`) otherwise grow
/// without bound, in size or in total over a file.
pub const MAX_VALUE: usize = 64 << 10;

/// The most bytes of variable values one Dockerfile's analysis keeps: a chain of values each
/// adding to the one before (`ENV V2=${V1}x`) costs the square of its length, so past this the
/// later values are unknown.
pub const MAX_VALUES_TOTAL: usize = 16 << 20;

/// [`expand`], or `None` when the result would be longer than `limit` bytes (it stops there).
pub fn expand_within(
    s: &str,
    limit: usize,
    mut lookup: impl FnMut(&str) -> Option<String>,
) -> Option<(String, Vec<String>)> {
    expand_dyn(s, &mut lookup, limit)
}

fn expand_dyn(
    s: &str,
    lookup: &mut dyn FnMut(&str) -> Option<String>,
    limit: usize,
) -> Option<(String, Vec<String>)> {
    let mut out = String::with_capacity(s.len().min(limit));
    let mut missing = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if out.len() > limit {
            return None;
        }
        let c = b[i];
        if c == b'\\' && b.get(i + 1) == Some(&b'$') {
            out.push('$');
            i += 2;
            continue;
        }
        if c != b'$' {
            let ch = s[i..].chars().next().unwrap_or('\0');
            out.push(ch);
            i += ch.len_utf8().max(1);
            continue;
        }
        if b.get(i + 1) == Some(&b'{') {
            let Some(close) = s[i + 2..].find('}') else {
                out.push_str(&s[i..]);
                break;
            };
            let inner = &s[i + 2..i + 2 + close];
            i += 3 + close;
            let name_len = inner
                .bytes()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
                .count();
            let (name, op) = inner.split_at(name_len);
            let val = lookup(name);
            let (colon, rest) = match op.strip_prefix(':') {
                Some(r) => (true, r),
                None => (false, op),
            };
            let set = match &val {
                Some(v) => !(colon && v.is_empty()),
                None => false,
            };
            match rest.chars().next() {
                Some('-') => {
                    if set {
                        out.push_str(val.as_deref().unwrap_or(""));
                    } else {
                        out.push_str(&expand_dyn(&rest[1..], lookup, limit)?.0);
                    }
                }
                Some('+') => {
                    if set {
                        out.push_str(&expand_dyn(&rest[1..], lookup, limit)?.0);
                    }
                }
                Some('?') => match val {
                    Some(v) if set => out.push_str(&v),
                    _ => missing.push(name.to_string()),
                },
                _ => match val {
                    Some(v) => out.push_str(&v),
                    None => missing.push(name.to_string()),
                },
            }
            continue;
        }
        let name_len = s[i + 1..]
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
            .count();
        if name_len == 0 {
            out.push('$');
            i += 1;
            continue;
        }
        let name = &s[i + 1..i + 1 + name_len];
        match lookup(name) {
            Some(v) => out.push_str(&v),
            None => missing.push(name.to_string()),
        }
        i += 1 + name_len;
    }
    (out.len() <= limit).then_some((out, missing))
}

/// An image reference split into its parts (`registry/repo:tag@digest`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    pub registry: Option<String>,
    /// Repository path without registry, e.g. `library/node` or `node`.
    pub repository: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    pub fn parse(s: &str) -> ImageRef {
        let (rest, digest) = match s.split_once('@') {
            Some((r, d)) => (r, Some(d.to_string())),
            None => (s, None),
        };
        let last_slash = rest.rfind('/').map(|p| p + 1).unwrap_or(0);
        let (name, tag) = match rest[last_slash..].rfind(':') {
            Some(p) => (
                &rest[..last_slash + p],
                Some(rest[last_slash + p + 1..].to_string()),
            ),
            None => (rest, None),
        };
        let (registry, repository) = match name.split_once('/') {
            Some((first, path)) if first.contains(['.', ':']) || first == "localhost" => {
                (Some(first.to_string()), path.to_string())
            }
            _ => (None, name.to_string()),
        };
        ImageRef {
            registry,
            repository,
            tag,
            digest,
        }
    }

    pub fn is_scratch(&self) -> bool {
        self.registry.is_none() && self.repository == "scratch" && self.tag.is_none()
    }
}

/// The earlier stage a stage is built on (`FROM build AS test`), if its base names one.
pub fn parent_stage<'m, 'a>(model: &'m Model<'a>, stage: &Stage<'a>) -> Option<&'m Stage<'a>> {
    model.stages.get(model.parent(stage.index)?)
}

/// A stage and the local stages it is built on, nearest first.
pub fn stage_chain<'m, 'a>(model: &'m Model<'a>, stage: &'m Stage<'a>) -> Vec<&'m Stage<'a>> {
    let mut chain = vec![stage];
    while let Some(p) = parent_stage(model, chain[chain.len() - 1]) {
        chain.push(p);
    }
    chain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_know_what_they_build_on() {
        let df = crate::dockerfile::parse(
            "FROM alpine AS a\nFROM a AS b\nFROM debian AS c\nFROM b AS d\nFROM a AS e\nFROM C\n",
        );
        let m = Model::build(&df);
        let parents: Vec<Option<usize>> = (0..m.stages.len()).map(|i| m.parent(i)).collect();
        assert_eq!(parents, [None, Some(0), None, Some(1), Some(0), Some(2)]);
        for (i, j, yes) in [
            (3, 0, true),
            (3, 1, true),
            (3, 3, true),
            (4, 1, false),
            (1, 3, false),
            (5, 2, true),
            (5, 0, false),
        ] {
            assert_eq!(m.builds_on(i, j), yes, "{i} builds on {j}");
        }
        let chain: Vec<usize> = stage_chain(&m, &m.stages[3])
            .iter()
            .map(|s| s.index)
            .collect();
        assert_eq!(chain, [3, 1, 0]);
    }

    /// Global ARG defaults built from earlier ones stop at MAX_VALUE: a doubling chain leaves the
    /// later defaults unknown instead of growing to gigabytes.
    #[test]
    fn global_defaults_built_from_defaults_are_bounded() {
        let mut src = String::from("ARG D0=xx\n");
        for i in 1..40 {
            src.push_str(&format!("ARG D{i}=${{D{}}}${{D{}}}\n", i - 1, i - 1));
        }
        src.push_str("FROM alpine:${D3}\n");
        let df = crate::dockerfile::parse(&src);
        let m = Model::build(&df);
        let default = |i: usize| m.global_args[i].default.as_ref().map(String::len);
        assert_eq!(default(3), Some(16));
        assert_eq!(default(15), Some(1 << 16));
        // D16 would be 128 KiB: it stays as written, and so do the ones built on it.
        assert_eq!(m.global_args[16].default.as_deref(), Some("${D15}${D15}"));
        assert!((17..40).all(|i| default(i).unwrap_or(0) <= MAX_VALUE));
        assert_eq!(expand_within("$A$A", 3, |_| Some("xy".into())), None);
        assert_eq!(
            expand_within("$A$A", 4, |_| Some("xy".into())),
            Some(("xyxy".to_string(), vec![]))
        );
    }

    #[test]
    fn expands_forms() {
        let look = |v: &str| match v {
            "A" => Some("x".to_string()),
            "E" => Some(String::new()),
            _ => None,
        };
        assert_eq!(expand("$A-${A}", look), ("x-x".to_string(), vec![]));
        assert_eq!(expand("${B:-d}", look).0, "d");
        assert_eq!(expand("${E:-d}", look).0, "d");
        assert_eq!(expand("${E-d}", look).0, "");
        assert_eq!(expand("${A:+y}", look).0, "y");
        assert_eq!(expand("$B", look).1, vec!["B".to_string()]);
        assert_eq!(expand("\\$A", look).0, "$A");
    }

    #[test]
    fn image_refs() {
        let r = ImageRef::parse("registry.example.com:5000/team/app:1.2@sha256:abc");
        assert_eq!(r.registry.as_deref(), Some("registry.example.com:5000"));
        assert_eq!(r.repository, "team/app");
        assert_eq!(r.tag.as_deref(), Some("1.2"));
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
        let r = ImageRef::parse("node");
        assert_eq!((r.tag, r.registry), (None, None));
        assert!(ImageRef::parse("scratch").is_scratch());
    }

    #[test]
    fn global_defaults_use_earlier_globals_and_quotes_go() {
        let src = "ARG V=1.2\nARG IMG=repo:${V}\nFROM \"${IMG}\"\n";
        let df = super::super::parse(src);
        let m = Model::build(&df);
        assert_eq!(m.stages[0].base_resolved.as_deref(), Some("repo:1.2"));
    }

    #[test]
    fn stages_and_global_args() {
        let src = "ARG BASE=alpine:3.20\nFROM ${BASE} AS build\nRUN x\nFROM scratch\nCOPY --from=build /a /a\n";
        let df = super::super::parse(src);
        let m = Model::build(&df);
        assert_eq!(m.stages.len(), 2);
        assert_eq!(m.stages[0].base_resolved.as_deref(), Some("alpine:3.20"));
        assert_eq!(m.stages[0].instructions.len(), 1);
        assert!(m.stage_named("BUILD").is_some());
        assert_eq!(m.final_stage().map(|s| s.index), Some(1));
    }
}
