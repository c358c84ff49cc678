//! The one answer to "what is `$NAME` in this stage just before this instruction", built once per
//! Dockerfile in one pass and answered in (amortised) constant time, as BuildKit scopes variables:
//!
//! - ENV set earlier in the stage, or inherited from the local stage it is built on (`FROM build`),
//!   is in effect; ENV always wins over an ARG of the same name.
//! - ARG is in effect from its declaration to the end of its stage (never inherited by `FROM`);
//!   its value is its default, else the global ARG's default when there is one, else whatever the
//!   build passes (unknown).
//! - A value that uses a variable without a known value, `$(...)` or backquotes is unknown. Within
//!   one instruction every value sees the variables as they were before it (`ENV A=1 B=$A` uses the
//!   earlier `A`).
//! - A name the Dockerfile never sets is `Unset`: only the base image could define it.

use crate::dockerfile::model::{arg_decls, expand_within, Model, MAX_VALUE, MAX_VALUES_TOTAL};
use crate::dockerfile::words::unquote;
use crate::dockerfile::{Args, Keyword};
use crate::source::BuildNameHasher;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// A variable's value at one point of a Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Var {
    /// A literal value.
    Set(String),
    /// Set, but to something only the build knows (a build arg, a variable from the base image).
    Unknown,
    /// Not set by the Dockerfile (the base image may set it).
    Unset,
}

impl Var {
    /// Set by the Dockerfile, to a known value or not.
    pub fn is_set(&self) -> bool {
        !matches!(self, Var::Unset)
    }

    /// The literal value, when known.
    pub fn known(&self) -> Option<&str> {
        match self {
            Var::Set(s) => Some(s),
            _ => None,
        }
    }
}

/// Bindings of one name in one stage, in source order: (instruction start offset, value).
#[derive(Default)]
struct Bindings {
    env: Vec<(usize, Var)>,
    arg: Vec<(usize, Var)>,
}

impl Bindings {
    /// Set (by ENV) or declared (by ARG) before the offset `before`.
    fn set_before(&self, before: usize) -> bool {
        last_before(&self.env, before).is_some() || last_before(&self.arg, before).is_some()
    }
}

fn last_before(list: &[(usize, Var)], before: usize) -> Option<&Var> {
    let n = list.partition_point(|(at, _)| *at < before);
    n.checked_sub(1).map(|i| &list[i].1)
}

/// Every ENV and ARG binding of a Dockerfile, by stage and name.
pub struct Vars {
    /// Per stage: name -> its bindings (hashed by the short-name hasher: rules ask per name).
    stages: Vec<HashMap<String, Bindings, BuildNameHasher>>,
    /// The local stage each stage is built on.
    parents: Vec<Option<usize>>,
    /// The nearest stage each stage builds on (through any number of local stages) that sets an
    /// ENV: [`Vars::names_at`] visits only those, so a long chain of stages without ENV is not
    /// walked for every RUN.
    env_parents: Vec<Option<usize>>,
    /// (stage, name) -> the ENV value at the end of that stage (inherited ones included). Behind
    /// a lock because rules may run on several threads ([`crate::par`]); a poisoned lock (a panic
    /// elsewhere) still holds valid entries.
    end_env: Mutex<HashMap<(usize, String), Var>>,
}

impl Vars {
    pub fn build(model: &Model<'_>) -> Vars {
        let escape = model.dockerfile.escape;
        let mut vars = Vars {
            stages: Vec::with_capacity(model.stages.len()),
            parents: model
                .stages
                .iter()
                .map(|s| crate::dockerfile::model::parent_stage(model, s).map(|p| p.index))
                .collect(),
            end_env: Mutex::new(HashMap::new()),
            env_parents: Vec::new(),
        };
        let global_default = |name: &str| {
            model
                .global_args
                .iter()
                .rev()
                .find(|a| a.name == name)
                .and_then(|a| a.default.clone())
        };
        // Bytes of values kept so far: past MAX_VALUES_TOTAL the later values are unknown.
        let mut kept = 0usize;
        let mut budget = |v: Var| match v {
            Var::Set(s) if kept + s.len() > MAX_VALUES_TOTAL => Var::Unknown,
            Var::Set(s) => {
                kept += s.len();
                Var::Set(s)
            }
            other => other,
        };
        for stage in &model.stages {
            vars.stages.push(HashMap::with_hasher(BuildNameHasher));
            let si = stage.index;
            for ins in &stage.instructions {
                let at = ins.span.start;
                match (&ins.command.keyword, &ins.command.args) {
                    (Keyword::Env, Args::KeyValues(pairs)) => {
                        let values: Vec<(String, Var)> = pairs
                            .iter()
                            .map(|kv| {
                                let raw = unquote(&kv.value.text, escape);
                                // BuildKit unquotes the key too (`ENV "A"=1` sets A).
                                (
                                    unquote(&kv.key.text, escape),
                                    budget(vars.value_of(si, at, &raw)),
                                )
                            })
                            .collect();
                        for (name, v) in values {
                            vars.stages[si].entry(name).or_default().env.push((at, v));
                        }
                    }
                    (Keyword::Arg, _) => {
                        let values: Vec<(String, Var)> = arg_decls(ins)
                            .into_iter()
                            .map(|d| {
                                let v = match d.default.or_else(|| global_default(&d.name)) {
                                    Some(raw) => budget(vars.value_of(si, at, &raw)),
                                    None => Var::Unknown,
                                };
                                (d.name, v)
                            })
                            .collect();
                        for (name, v) in values {
                            vars.stages[si].entry(name).or_default().arg.push((at, v));
                        }
                    }
                    _ => {}
                }
            }
        }
        // Parents come before their children, so each answer builds on an earlier one.
        for s in 0..vars.stages.len() {
            let nearest = match vars.parents[s] {
                Some(p) if p < s => {
                    if vars.stages[p].values().any(|b| !b.env.is_empty()) {
                        Some(p)
                    } else {
                        vars.env_parents[p]
                    }
                }
                _ => None,
            };
            vars.env_parents.push(nearest);
        }
        vars
    }

    /// The variables as an instruction of stage `stage` starting at byte `before` sees them.
    pub fn at(&self, stage: usize, before: usize) -> At<'_> {
        At {
            vars: self,
            stage,
            before,
        }
    }

    /// `$name` as an instruction of stage `stage` starting at byte `before` sees it.
    pub fn lookup(&self, stage: usize, before: usize, name: &str) -> Var {
        let own = self.stages.get(stage).and_then(|s| s.get(name));
        if let Some(v) = own.and_then(|b| last_before(&b.env, before)) {
            return v.clone();
        }
        if let Some(p) = self.parents.get(stage).copied().flatten() {
            let inherited = self.env_at_end(p, name);
            if inherited != Var::Unset {
                return inherited;
            }
        }
        own.and_then(|b| last_before(&b.arg, before))
            .cloned()
            .unwrap_or(Var::Unset)
    }

    /// Every name [`Vars::lookup`] finds set (or declared without a value) at that point: the
    /// stage's own ENV and ARG before `before`, and the ENV of the local stages it is built on.
    pub fn names_at(&self, stage: usize, before: usize) -> std::collections::BTreeSet<&str> {
        let mut out = std::collections::BTreeSet::new();
        if let Some(own) = self.stages.get(stage) {
            for (name, b) in own {
                if b.set_before(before) {
                    out.insert(name.as_str());
                }
            }
        }
        for p in self.env_ancestors(stage) {
            out.extend(
                self.stages[p]
                    .iter()
                    .filter(|(_, b)| !b.env.is_empty())
                    .map(|(n, _)| n.as_str()),
            );
        }
        out
    }

    /// Whether [`Vars::names_at`] holds `name`, without building the whole set (a script asks
    /// about the few names it mentions, not about every name of a stage with thousands).
    pub fn is_named_at(&self, stage: usize, before: usize, name: &str) -> bool {
        let own = self.stages.get(stage).and_then(|own| own.get(name));
        own.is_some_and(|b| b.set_before(before))
            || self
                .env_ancestors(stage)
                .any(|p| self.stages[p].get(name).is_some_and(|b| !b.env.is_empty()))
    }

    /// The stages `stage` builds on that set an ENV, nearest first (bounded: a cycle ends it).
    fn env_ancestors(&self, stage: usize) -> impl Iterator<Item = usize> + '_ {
        let mut cur = self.env_parents.get(stage).copied().flatten();
        let mut steps = 0;
        std::iter::from_fn(move || {
            let p = cur.filter(|&p| p < self.stages.len() && steps <= self.stages.len())?;
            steps += 1;
            cur = self.env_parents.get(p).copied().flatten();
            Some(p)
        })
    }

    /// The ENV value of `name` at the end of `stage` (inherited through `FROM` included); memoised,
    /// so a long chain of stages is walked once per name.
    fn env_at_end(&self, stage: usize, name: &str) -> Var {
        let mut path = Vec::new();
        let mut cur = Some(stage);
        let found = loop {
            let Some(s) = cur else { break Var::Unset };
            let known = self
                .end_env
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get(&(s, name.to_string()))
                .cloned();
            if let Some(v) = known {
                break v;
            }
            path.push(s);
            if let Some(v) = self
                .stages
                .get(s)
                .and_then(|m| m.get(name))
                .and_then(|b| b.env.last())
            {
                break v.1.clone();
            }
            // A cycle cannot happen (parents come earlier), but never loop forever.
            if path.len() > self.stages.len() {
                break Var::Unknown;
            }
            cur = self.parents.get(s).copied().flatten();
        };
        let mut memo = self.end_env.lock().unwrap_or_else(PoisonError::into_inner);
        for s in path {
            memo.insert((s, name.to_string()), found.clone());
        }
        found
    }

    /// `text` (an ENV value, an ARG default) with its variables replaced as seen at `before`.
    pub fn value_of(&self, stage: usize, before: usize, text: &str) -> Var {
        match self.expand(stage, before, text) {
            Some(s) => Var::Set(s),
            None => Var::Unknown,
        }
    }

    /// `text` with `$NAME`/`${NAME...}` replaced as seen in `stage` before byte `before`; `None`
    /// when a variable has no known value or the text runs a command (`$(...)`, backquotes).
    pub fn expand(&self, stage: usize, before: usize, text: &str) -> Option<String> {
        if !text.contains('$') {
            return Some(text.to_string());
        }
        if text.contains("$(") || text.contains('`') {
            return None;
        }
        let mut unknown = false;
        // Longer than any value is kept: unknown (a value built from others can grow past any
        // size the file has).
        let (out, missing) =
            expand_within(text, MAX_VALUE, |n| match self.lookup(stage, before, n) {
                Var::Set(s) => Some(s),
                Var::Unset => None,
                Var::Unknown => {
                    unknown = true;
                    Some(String::new())
                }
            })?;
        (!unknown && missing.is_empty()).then_some(out)
    }
}

/// The variables at one point of a Dockerfile (see [`Vars::at`]).
#[derive(Clone, Copy)]
pub struct At<'v> {
    vars: &'v Vars,
    stage: usize,
    before: usize,
}

impl At<'_> {
    pub fn get(&self, name: &str) -> Var {
        self.vars.lookup(self.stage, self.before, name)
    }

    /// See [`Vars::expand`].
    pub fn expand(&self, text: &str) -> Option<String> {
        self.vars.expand(self.stage, self.before, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;

    /// Asked name by name, the names in scope are the set `names_at` lists, at every offset of
    /// every stage: own ENV and ARG before the offset, the ENV (not the ARG) of the stages built on.
    #[test]
    fn named_at_agrees_with_names_at() {
        let src = "ARG G=1\nFROM alpine AS a\nARG A1\nENV E1=x\nRUN true\nENV E2=y\nFROM a AS b\nARG B1=2\nRUN true\nENV E3=z\nFROM scratch\nENV E4=w\nFROM b\nRUN true\n";
        let df = parse(src);
        let model = Model::build(&df);
        let vars = Vars::build(&model);
        let names = ["G", "A1", "E1", "E2", "B1", "E3", "E4", "NOPE"];
        let mut seen = 0;
        for stage in 0..model.stages.len() {
            for before in 0..=src.len() {
                let set = vars.names_at(stage, before);
                for n in names {
                    assert_eq!(
                        vars.is_named_at(stage, before, n),
                        set.contains(n),
                        "{n} in stage {stage} before {before}"
                    );
                    seen += usize::from(set.contains(n));
                }
            }
        }
        assert!(seen > 0);
        let end = src.len();
        assert_eq!(
            vars.names_at(1, end).into_iter().collect::<Vec<_>>(),
            ["B1", "E1", "E2", "E3"]
        );
        assert_eq!(
            vars.names_at(3, end).into_iter().collect::<Vec<_>>(),
            ["E1", "E2", "E3"]
        );
    }

    /// The value of `name` just before the instruction that starts with `marker`.
    fn at(src: &str, marker: &str, name: &str) -> Var {
        let df = parse(src);
        let model = Model::build(&df);
        let vars = Vars::build(&model);
        let before = src.find(marker).expect("marker");
        let stage = model
            .stages
            .iter()
            .rposition(|s| s.from.span.start <= before)
            .unwrap();
        vars.lookup(stage, before, name)
    }

    /// Values built from earlier ones are kept while each is at most MAX_VALUE bytes and all of
    /// them together at most MAX_VALUES_TOTAL; later ones are unknown, so a chain of ENVs that
    /// each add to the one before (or double it) costs memory in line with the file.
    #[test]
    fn values_built_from_values_are_bounded() {
        let step = "x".repeat(100);
        let mut src = String::from("FROM alpine\nENV V0=x\n");
        for i in 1..700 {
            src.push_str(&format!("ENV V{i}=${{V{}}}{step}\n", i - 1));
        }
        src.push_str("RUN end\n");
        let len = |name: &str| at(&src, "RUN end", name).known().map(str::len);
        assert_eq!(len("V10"), Some(1001));
        // 12.5 MB kept by V500, each value under 64 KiB: known.
        assert_eq!(len("V500"), Some(50_001));
        // V600 is under 64 KiB itself, but the values before it add up past 16 MiB.
        assert_eq!(at(&src, "RUN end", "V600"), Var::Unknown);
        assert_eq!(at(&src, "RUN end", "V699"), Var::Unknown);
        // Alone, doubling stops at the size of one value.
        let mut alone = String::from("FROM alpine\nENV D0=xx\n");
        for i in 1..40 {
            alone.push_str(&format!("ENV D{i}=${{D{}}}${{D{}}}\n", i - 1, i - 1));
        }
        alone.push_str("RUN end\n");
        let d = |name: &str| at(&alone, "RUN end", name);
        assert_eq!(d("D14").known().map(str::len), Some(1 << 15));
        assert_eq!(d("D15").known().map(str::len), Some(1 << 16));
        assert_eq!(d("D16"), Var::Unknown);
        assert_eq!(d("D39"), Var::Unknown);
    }

    #[test]
    fn names_in_scope_skip_stages_without_env() {
        let src = "FROM alpine AS a\nENV A=1\nARG X\nFROM a AS b\nARG Y\nFROM b AS c\nENV C=3\nFROM c AS d\nFROM d AS e\nARG E\nRUN e\nENV LATE=1\nFROM alpine AS f\nRUN f\n";
        let df = parse(src);
        let model = Model::build(&df);
        let vars = Vars::build(&model);
        let names = |stage: usize, marker: &str| -> Vec<String> {
            vars.names_at(stage, src.find(marker).expect("marker"))
                .into_iter()
                .map(str::to_string)
                .collect()
        };
        // ENV of every stage `e` builds on (not their ARGs), its own ARG, not its later ENV.
        assert_eq!(names(4, "RUN e"), ["A", "C", "E"]);
        assert_eq!(names(1, "ARG Y"), ["A"]);
        assert!(names(5, "RUN f").is_empty(), "not built on the others");
    }

    #[test]
    fn env_arg_scope_and_precedence() {
        let src = "ARG V=1.0\nFROM alpine AS base\nENV HOME_DIR=/srv PATH=/opt/bin:$PATH\nARG V\nARG W\nENV GREETING=\"hi ${V}\"\nRUN x\nFROM base AS app\nRUN y\nARG V=2\nENV HOME_DIR=/app A=$HOME_DIR\nRUN z\n";
        assert_eq!(
            at(src, "RUN x", "V"),
            Var::Set("1.0".into()),
            "global default"
        );
        assert_eq!(
            at(src, "RUN x", "W"),
            Var::Unknown,
            "ARG without any default"
        );
        assert_eq!(at(src, "RUN x", "GREETING"), Var::Set("hi 1.0".into()));
        assert_eq!(
            at(src, "RUN x", "PATH"),
            Var::Unknown,
            "uses the base image's PATH"
        );
        assert_eq!(at(src, "RUN x", "NOPE"), Var::Unset);
        assert_eq!(at(src, "ARG V\n", "V"), Var::Unset, "before its ARG");
        assert_eq!(at(src, "RUN y", "V"), Var::Unset, "ARGs are not inherited");
        assert_eq!(
            at(src, "RUN y", "GREETING"),
            Var::Set("hi 1.0".into()),
            "ENV is"
        );
        assert_eq!(at(src, "RUN z", "V"), Var::Set("2".into()));
        assert_eq!(
            at(src, "RUN z", "A"),
            Var::Set("/srv".into()),
            "one ENV sees the values from before it"
        );
        assert_eq!(at(src, "RUN z", "HOME_DIR"), Var::Set("/app".into()));
        let src = "FROM alpine\nENV X=env\nARG X=arg\nRUN a\n";
        assert_eq!(
            at(src, "RUN a", "X"),
            Var::Set("env".into()),
            "ENV wins over ARG"
        );
        let src = "FROM alpine\nENV \"Q\"=quoted\nRUN a\n";
        assert_eq!(at(src, "RUN a", "Q"), Var::Set("quoted".into()));
        let src = "FROM alpine\nENV X=$(date)\nRUN a\n";
        assert_eq!(at(src, "RUN a", "X"), Var::Unknown);
    }

    #[test]
    fn env_flows_down_a_long_chain_of_stages() {
        let mut src = String::from("FROM alpine AS s0\nENV ROOT=/r\n");
        for i in 1..3000 {
            src.push_str(&format!("FROM s{} AS s{i}\nRUN echo $ROOT $NOPE\n", i - 1));
        }
        let df = parse(&src);
        let model = Model::build(&df);
        let vars = Vars::build(&model);
        for s in &model.stages {
            assert_ne!(vars.lookup(s.index, usize::MAX, "ROOT"), Var::Unset);
            assert_eq!(vars.lookup(s.index, usize::MAX, "NOPE"), Var::Unset);
        }
    }
}
