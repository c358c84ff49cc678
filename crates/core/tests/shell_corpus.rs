//! Every RUN (and shell/exec-form CMD/ENTRYPOINT) of the real-world corpus goes through
//! `shell::analyse_run` without panicking; POSIX scripts parse; spans stay in the file and
//! slice back to each word's raw text.

mod common;

use shipshape_core::dockerfile::{parse, Args, Keyword};
use shipshape_core::shell::{analyse_run, Interpreter, Origin, Script, ShWord};
use shipshape_core::Span;

#[derive(Default, Debug)]
struct Counts {
    files: usize,
    runs: usize,
    shell_form_runs: usize,
    exec_form_runs: usize,
    cmd_entrypoint: usize,
    scripts: usize,
    run_scripts: usize,
    run_parsed_shell_scripts: usize,
    parsed_shell_scripts: usize,
    heredoc_scripts: usize,
    heredoc_shell_scripts: usize,
    opaque_scripts: usize,
    commands: usize,
    words: usize,
    words_exact: usize,
    /// Words crossing a continuation: checked against the joined source.
    words_multiline: usize,
    /// Shell-form RUN/CMD/ENTRYPOINT under a non-POSIX SHELL or in a `# escape=`` file.
    windows_or_foreign_shell: usize,
    foreign_shell: usize,
    /// RUN scripts (POSIX, not Windows) that did not parse.
    errors_posix: usize,
    errors_windows: usize,
    /// CMD/ENTRYPOINT shell forms that did not parse (e.g. broken JSON that BuildKit runs as shell).
    errors_cmd_entrypoint: usize,
}

fn words_of(s: &Script) -> Vec<&ShWord> {
    let mut v = Vec::new();
    for c in &s.commands {
        v.extend(c.name.iter());
        v.extend(c.args.iter());
        v.extend(c.assignments.iter());
        v.extend(c.redirects.iter().map(|r| &r.target));
    }
    v
}

/// A source slice with line continuations joined and the comment/blank lines inside them
/// dropped, as BuildKit (or the shell, in heredoc bodies) joins them.
fn join_continuations(slice: &str, escape: char) -> String {
    let mut out = String::new();
    for (i, line) in slice.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let t = line.trim_start();
        if i > 0 && (t.starts_with('#') || t.is_empty()) {
            continue;
        }
        out.push_str(line.strip_suffix(escape).unwrap_or(line));
    }
    out
}

fn inside(inner: Span, outer: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

#[test]
fn corpus_run_scripts() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let mut n = Counts::default();
    let mut failures: Vec<String> = Vec::new();
    let mut error_list: Vec<String> = Vec::new();
    for path in common::dockerfiles(&corpus) {
        let text = common::read(&path);
        let name = common::name(&path);
        let df = parse(&text);
        n.files += 1;
        let windows_file = df.escape == '`';
        let mut shell: Vec<String> = Vec::new();
        for ins in df.instructions() {
            let kw = ins.keyword();
            match kw {
                Keyword::From => shell.clear(),
                Keyword::Shell => {
                    if let Args::Exec(ws) = &ins.command.args {
                        shell = ws.iter().map(|w| w.text.clone()).collect();
                    }
                }
                _ => {}
            }
            let scripts = analyse_run(ins, &text, &shell);
            if scripts.is_empty() {
                continue;
            }
            match kw {
                Keyword::Run => {
                    n.runs += 1;
                    match &ins.command.args {
                        Args::Shell(_) => n.shell_form_runs += 1,
                        Args::Exec(_) => n.exec_form_runs += 1,
                        _ => {}
                    }
                }
                _ => n.cmd_entrypoint += 1,
            }
            let shell_form = matches!(ins.command.args, Args::Shell(_));
            let foreign = windows_file || !Interpreter::from_argv(&shell).is_shell();
            if foreign && shell_form {
                n.windows_or_foreign_shell += 1;
                if !Interpreter::from_argv(&shell).is_shell() {
                    n.foreign_shell += 1;
                }
            }
            for s in &scripts {
                n.scripts += 1;
                if kw == Keyword::Run {
                    n.run_scripts += 1;
                }
                let at = format!("{name}:{}", ins.start_line);
                if matches!(s.origin, Origin::Heredoc(_)) {
                    n.heredoc_scripts += 1;
                    if s.interpreter.is_shell() {
                        n.heredoc_shell_scripts += 1;
                    }
                }
                if matches!(s.interpreter, Interpreter::Other(_)) {
                    n.opaque_scripts += 1;
                    assert!(s.commands.is_empty(), "{at}: opaque script has commands");
                    continue;
                }
                if let Some(e) = &s.error {
                    if kw != Keyword::Run {
                        n.errors_cmd_entrypoint += 1;
                        eprintln!("CMD/ENTRYPOINT parse error (not asserted): {at}: {e}");
                    } else if foreign {
                        n.errors_windows += 1;
                    } else {
                        n.errors_posix += 1;
                        error_list.push(format!(
                            "{at}: {e}\n    {:?}",
                            s.text.chars().take(200).collect::<String>()
                        ));
                    }
                    continue;
                }
                n.parsed_shell_scripts += 1;
                if kw == Keyword::Run && s.interpreter.is_shell() {
                    n.run_parsed_shell_scripts += 1;
                }
                if !inside(s.span, ins.span) {
                    failures.push(format!(
                        "{at}: script span {:?} outside instruction {:?}",
                        s.span, ins.span
                    ));
                }
                for (i, c) in s.commands.iter().enumerate() {
                    n.commands += 1;
                    if c.index != i {
                        failures.push(format!("{at}: command index {} at {i}", c.index));
                    }
                    if c.span.start > c.span.end
                        || c.span.end > text.len()
                        || !inside(c.span, ins.span)
                    {
                        failures.push(format!(
                            "{at}: command span {:?} outside {:?}",
                            c.span, ins.span
                        ));
                    }
                }
                for w in words_of(s) {
                    n.words += 1;
                    if w.span.end > text.len() || !inside(w.span, ins.span) {
                        failures.push(format!(
                            "{at}: word {:?} span outside {:?}",
                            w.raw, ins.span
                        ));
                        continue;
                    }
                    let slice = w.span.slice(&text);
                    if matches!(s.origin, Origin::ExecShell | Origin::Exec) || w.span.is_empty() {
                        continue;
                    }
                    if slice.contains('\n') {
                        n.words_multiline += 1;
                        if slice != w.raw && join_continuations(slice, df.escape) != w.raw {
                            failures.push(format!(
                                "{at}: multi-line word raw {:?} != joined source {:?}",
                                w.raw, slice
                            ));
                        }
                        continue;
                    }
                    if slice == w.raw {
                        n.words_exact += 1;
                    } else {
                        failures.push(format!("{at}: word raw {:?} != source {:?}", w.raw, slice));
                    }
                }
            }
        }
    }
    eprintln!("{n:#?}");
    for e in &error_list {
        eprintln!("parse error: {e}");
    }
    for f in failures.iter().take(40) {
        eprintln!("FAIL {f}");
    }
    assert!(n.files > 0);
    assert!(
        error_list.is_empty(),
        "{} POSIX scripts did not parse",
        error_list.len()
    );
    assert!(failures.is_empty(), "{} span failures", failures.len());
}

/// The plain-shell parser builds brush-parser's tree for every corpus script it takes, and the
/// same pieces for every word it takes; it takes most of them (it exists to make the common case
/// fast).
#[test]
fn corpus_plain_parser_agrees_with_brush() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let (mut taken, mut total, mut differ) = (0usize, 0usize, Vec::new());
    let (mut words_taken, mut words) = (0usize, 0usize);
    for path in common::dockerfiles(&corpus) {
        let text = common::read(&path);
        let df = parse(&text);
        let mut shell: Vec<String> = Vec::new();
        for ins in df.instructions() {
            match (ins.keyword(), &ins.command.args) {
                (Keyword::From, _) => shell.clear(),
                (Keyword::Shell, Args::Exec(ws)) => {
                    shell = ws.iter().map(|w| w.text.clone()).collect();
                }
                _ => {}
            }
            for s in analyse_run(ins, &text, &shell) {
                if !s.interpreter.is_shell() {
                    continue;
                }
                total += 1;
                for w in words_of(&s) {
                    words += 1;
                    match shipshape_core::shell::plain_word_pieces_agree(&w.raw) {
                        Some(true) => words_taken += 1,
                        Some(false) => differ.push(format!("word {:?}", w.raw)),
                        None => {}
                    }
                }
                match shipshape_core::shell::plain_parser_agrees(&s.text) {
                    Some(true) => taken += 1,
                    Some(false) => differ.push(format!(
                        "{}:{}: {:?}",
                        common::name(&path),
                        ins.start_line,
                        s.text
                    )),
                    None => {}
                }
            }
        }
    }
    eprintln!(
        "plain parser took {taken} of {total} corpus shell scripts, {words_taken} of {words} words"
    );
    assert!(differ.is_empty(), "trees differ:\n{}", differ.join("\n"));
    assert!(taken * 2 > total, "took only {taken} of {total}");
    assert!(
        words_taken * 2 > words,
        "took only {words_taken} of {words} words"
    );
}
