//! Where lint time goes: each Dockerfile rule's time over a folder of Dockerfiles, slowest first.
//! `cargo run --release -p shipshape-core --example rule_timing -- DIR` (scripts/bench.sh prints it).
//! Every RUN's shell is parsed once per file when the RUNs are collected (`semantic::runs`), timed
//! apart as "RUN shell" before the rules run.

use shipshape_core::dockerfile::{self, model::Model};
use shipshape_core::rules::{Context, RunScripts};
use shipshape_core::{Config, Workspace};
use std::time::{Duration, Instant};

fn main() {
    let dir = std::env::args().nth(1).expect("usage: rule_timing DIR");
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("readable folder") {
        let path = entry.expect("entry").path();
        if let Ok(text) = std::fs::read_to_string(&path) {
            texts.push(text);
        }
    }
    let config = Config::default();
    let ws = Workspace::new();
    let rules: Vec<_> = shipshape_core::rules::registry::dockerfile_rules().collect();
    let mut times = vec![Duration::ZERO; rules.len()];
    let (mut parse, mut shell) = (Duration::ZERO, Duration::ZERO);
    for text in &texts {
        let t = Instant::now();
        let df = dockerfile::parse(text);
        let model = Model::build(&df);
        parse += t.elapsed();
        let run_scripts = RunScripts::default();
        let vars = shipshape_core::semantic::vars::Vars::build(&model);
        let pragma_shell = shipshape_core::pragma::collect(&df, text).shell;
        // Every RUN's shell analysis (and its install calls) happens here, once per file.
        let t = Instant::now();
        let runs = shipshape_core::semantic::runs::collect(
            &df,
            &model,
            text,
            &run_scripts,
            pragma_shell.as_deref(),
        );
        shell += t.elapsed();
        let cx = Context {
            path: "Dockerfile",
            workspace: &ws,
            text,
            dockerfile: &df,
            model: &model,
            config: &config,
            named_contexts: &[],
            targets: &[],
            vars: &vars,
            composes: &[],
            built_by: &[],
            runs: &runs,
            memo: Default::default(),
        };
        let mut out = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            let t = Instant::now();
            rule.check(&cx, &mut out);
            times[i] += t.elapsed();
            out.clear();
        }
    }
    let total: Duration = times.iter().sum::<Duration>() + parse + shell;
    println!("{} files; total {:.1} ms", texts.len(), ms(total));
    println!("  parse + model {:8.1} ms", ms(parse));
    println!("  RUN shell     {:8.1} ms", ms(shell));
    let mut order: Vec<usize> = (0..rules.len()).collect();
    order.sort_by(|a, b| times[*b].cmp(&times[*a]));
    for i in order.into_iter().take(15) {
        println!("  {:32} {:8.1} ms", rules[i].meta().id, ms(times[i]));
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
