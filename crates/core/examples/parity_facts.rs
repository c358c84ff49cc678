//! The facts `scripts/parity.py` needs about each Dockerfile, from the core's own parser and model,
//! so the parity script does not read Dockerfiles itself:
//!
//!     cargo run --release -q -p shipshape-core --example parity_facts -- FILE... > facts.json
//!
//! Prints one JSON object: `{"files": {PATH: {"instructions": [...], "stages": [...]}}}`.
//!
//! Per instruction, in file order:
//! - `start`, `end`: first and last line, 1-based (heredoc bodies and terminators included);
//! - `kw`: the keyword upper-cased (an unknown one as written, upper-cased); `inner`: ONBUILD's
//!   trigger keyword, else null;
//! - `joined`: the instruction's text with continuation lines joined the way BuildKit joins them
//!   (inner comments dropped; heredoc bodies not included);
//! - `args`: the text after the keyword (flags included); `body`: the arguments after the flags,
//!   and `flags`: `[name, value]` pairs, both of the command itself (the trigger for ONBUILD);
//! - `exec`: the exec-form array of the command (the trigger's for ONBUILD), else null;
//! - `heredocs`: `{name, body, terminator}` (body lines with their newlines, terminator line's
//!   content); `lone_heredoc`: the arguments are nothing but the first heredoc's `<<EOF` word;
//! - `stage`: index in `stages`, -1 before the first FROM (a FROM is in the stage it starts);
//! - `declares`: the names an ARG or ENV declares (quotes removed);
//! - `shell`: for a RUN or ONBUILD RUN, the SHELL argv in effect (`semantic::runs`: the stage's
//!   last SHELL, else the one the local stage it is built on ended with; empty: the default), and
//!   `shell_local`: the stage's own last SHELL only (no inheritance); null for other instructions.
//!
//! Per stage: `name` (lower-cased, null without `AS`), `base` (with global ARG defaults
//! substituted; null when a variable has none), `parent` (the local stage it is built on).

use serde_json::{json, Value};
use shipshape_core::dockerfile::model::{arg_decls, Model};
use shipshape_core::dockerfile::words::unquote;
use shipshape_core::dockerfile::{self, Args, Command, Instruction, Keyword};
use shipshape_core::semantic::runs;
use shipshape_core::semantic::RunScripts;
use std::collections::HashMap;

fn keyword_name(cmd: &Command) -> String {
    match cmd.keyword {
        Keyword::Unknown => cmd.name.to_ascii_uppercase(),
        k => k.as_str().to_string(),
    }
}

/// The command the instruction runs: ONBUILD's trigger, else the instruction's own.
fn effective(ins: &Instruction) -> &Command {
    match &ins.command.args {
        Args::Onbuild(inner) => inner,
        _ => &ins.command,
    }
}

/// The names an ARG or ENV instruction declares. The parser keeps a key's quotes; BuildKit runs
/// keys through its shell lexer (`ENV "A"=1` sets `A`), so they are unquoted here.
fn declares(ins: &Instruction, escape: char) -> Vec<String> {
    let keys: Vec<String> = match (ins.keyword(), &ins.command.args) {
        (Keyword::Arg, _) => arg_decls(ins).into_iter().map(|a| a.name).collect(),
        (Keyword::Env, Args::KeyValues(pairs)) => {
            pairs.iter().map(|p| p.key.text.clone()).collect()
        }
        _ => Vec::new(),
    };
    keys.iter().map(|k| unquote(k, escape)).collect()
}

fn facts(text: &str) -> Value {
    let df = dockerfile::parse(text);
    let model = Model::build(&df);
    let memo = RunScripts::default();
    let shells: HashMap<usize, Vec<String>> = runs::collect(&df, &model, text, &memo, None)
        .into_iter()
        .map(|r| (r.index, r.shell))
        .collect();
    let mut out = Vec::new();
    let mut stage: i64 = -1;
    let mut local_shell: Vec<String> = Vec::new();
    for (index, ins) in df.instructions().enumerate() {
        if ins.keyword() == Keyword::From {
            stage += 1;
            local_shell.clear();
        } else if let Some(argv) = runs::shell_argv(ins) {
            local_shell = argv;
        }
        let logical = &ins.logical.text;
        let trimmed = logical.trim_start();
        let args = trimmed
            .get(ins.command.name.len()..)
            .unwrap_or("")
            .trim()
            .to_string();
        let cmd = effective(ins);
        let (a, b) = cmd.args_logical;
        let body = logical.get(a..b).unwrap_or("").trim().to_string();
        let heredocs: Vec<Value> = ins
            .heredocs
            .iter()
            .map(|h| {
                json!({
                    "name": h.name,
                    "body": h.body.slice(text),
                    "terminator": h.terminator.slice(text),
                })
            })
            .collect();
        let lone_heredoc = ins
            .heredocs
            .first()
            .is_some_and(|h| body == h.marker.slice(text).trim());
        let exec = match &cmd.args {
            Args::Exec(words) => json!(words.iter().map(|w| &w.text).collect::<Vec<_>>()),
            _ => Value::Null,
        };
        let (shell, shell_local) = match shells.get(&index) {
            Some(s) => (json!(s), json!(local_shell)),
            None => (Value::Null, Value::Null),
        };
        out.push(json!({
            "start": ins.start_line,
            "end": ins.end_line,
            "kw": keyword_name(&ins.command),
            "inner": match &ins.command.args {
                Args::Onbuild(inner) => json!(keyword_name(inner)),
                _ => Value::Null,
            },
            "joined": logical,
            "args": args,
            "flags": cmd.flags.iter().map(|f| json!([f.name(), f.value()])).collect::<Vec<_>>(),
            "body": body,
            "exec": exec,
            "heredocs": heredocs,
            "lone_heredoc": lone_heredoc,
            "stage": stage,
            "declares": declares(ins, df.escape),
            "shell": shell,
            "shell_local": shell_local,
        }));
    }
    let stages: Vec<Value> = model
        .stages
        .iter()
        .map(|s| {
            json!({
                "name": s.name_lower(),
                "base": s.base_resolved,
                "parent": model.parent(s.index),
            })
        })
        .collect();
    json!({ "instructions": out, "stages": stages })
}

fn main() {
    let mut files = serde_json::Map::new();
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("parity_facts: {path}: {e}");
                std::process::exit(2);
            }
        };
        // Lossy, as the lint reads it for parity's purposes (a corpus file is UTF-8 or close).
        let text = String::from_utf8_lossy(&bytes);
        files.insert(path, facts(&text));
    }
    println!("{}", json!({ "files": files }));
}
