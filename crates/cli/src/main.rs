//! The `shipshape` command: lint Dockerfiles for CI, dump parse trees, list and explain rules.

mod discover;

use clap::{Parser, Subcommand, ValueEnum};
use shipshape_core::{dockerfile, lint, lint::find_rule, rules, Config, Report, Severity, Workspace};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "shipshape", version, about = "Dockerfile & Compose audit: lint, explain, dump")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Tty,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Dump {
    Buildkit,
}

#[derive(Subcommand)]
enum Command {
    /// Lint files and folders (folders are searched recursively for Dockerfiles and compose files).
    Lint {
        /// Files or folders; defaults to the current folder.
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "tty")]
        format: Format,
        /// Exit 1 only for findings at or above this severity (error, warning, info, style).
        #[arg(long, value_name = "SEVERITY", default_value = "info")]
        failure_threshold: String,
        /// Do not report this rule (id or alias); repeatable.
        #[arg(long, value_name = "RULE")]
        ignore: Vec<String>,
        /// Turn on a rule that is off by default; repeatable.
        #[arg(long, value_name = "RULE")]
        enable: Vec<String>,
        /// BuildKit check selection, as in `# check=` (e.g. `skip=JSONArgsRecommended;error=true`);
        /// replaces the files' own `# check=` directives.
        #[arg(long, value_name = "OPTIONS")]
        check: Option<String>,
        /// Never colour tty output.
        #[arg(long)]
        no_color: bool,
    },
    /// Print a Dockerfile's parse tree.
    Parse {
        #[arg(long, value_enum, default_value = "buildkit")]
        dump: Dump,
        file: PathBuf,
    },
    /// List every rule with its id, aliases, default severity and whether it has a fix.
    Rules {
        #[arg(long, value_enum, default_value = "tty")]
        format: Format,
    },
    /// Show a rule's documentation (by id or alias, e.g. DL3025 or JSONArgsRecommended).
    Explain { rule: String },
}

/// Write to stdout, ignoring a closed pipe (`shipshape rules | head` must not panic).
fn emit(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

macro_rules! outln {
    ($($t:tt)*) => { emit(&format!("{}\n", format!($($t)*))) };
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Lint {
            paths,
            format,
            failure_threshold,
            ignore,
            enable,
            check,
            no_color,
        } => {
            if let Some(c) = &check {
                if let Err(e) = shipshape_core::check_directive::CheckOptions::parse(c) {
                    eprintln!("shipshape: --check: {e}");
                    return ExitCode::from(2);
                }
            }
            let Some(threshold) = Severity::parse(&failure_threshold) else {
                eprintln!("shipshape: unknown severity {failure_threshold:?} (use error, warning, info or style)");
                return ExitCode::from(2);
            };
            for r in ignore.iter().chain(&enable) {
                if find_rule(r).is_none() {
                    eprintln!("shipshape: unknown rule {r:?} (see `shipshape rules`)");
                    return ExitCode::from(2);
                }
            }
            let paths = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths };
            let found = match discover::collect(&paths) {
                Ok(f) => f,
                Err(msg) => {
                    eprintln!("shipshape: {msg}");
                    return ExitCode::from(2);
                }
            };
            let mut ws = Workspace::new();
            for f in &found.files {
                ws.add_as(f.display.clone(), f.text.clone(), f.kind);
            }
            let config = Config {
                ignored: ignore,
                enabled: enable,
                failure_threshold: threshold,
                check,
                ..Config::default()
            };
            let mut report = lint(&ws, &config);
            report.errors.extend(found.errors);
            let color = !no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
            let out = match format {
                Format::Json => report.to_json() + "\n",
                Format::Tty => render_tty(&report, color),
            };
            emit(&out);
            if report.fails(threshold) || !report.errors.is_empty() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Parse { dump: Dump::Buildkit, file } => {
            let text = match std::fs::read(&file) {
                Ok(b) => String::from_utf8_lossy(&b).into_owned(),
                Err(e) => {
                    eprintln!("shipshape: cannot read {}: {e}", file.display());
                    return ExitCode::from(2);
                }
            };
            let df = dockerfile::parse(&text);
            match dockerfile::dump::buildkit(&df, &text) {
                Ok(s) => {
                    emit(&s);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{}:{e}", file.display());
                    ExitCode::from(1)
                }
            }
        }
        Command::Rules { format } => {
            let metas: Vec<_> = rules::registry().iter().map(|r| r.meta()).collect();
            match format {
                Format::Json => outln!("{}", serde_json::to_string_pretty(&metas).unwrap_or_default()),
                Format::Tty => {
                    outln!("{:<28} {:<8} {:<16} {:<4} {:<28} summary", "id", "severity", "category", "fix", "aliases");
                    for m in metas {
                        outln!(
                            "{:<28} {:<8} {:<16} {:<4} {:<28} {}{}",
                            m.id,
                            m.severity.as_str(),
                            m.category.as_str(),
                            if m.has_fix { "yes" } else { "-" },
                            if m.aliases.is_empty() { "-".to_string() } else { m.aliases.join(",") },
                            m.summary,
                            if m.enabled_by_default { "" } else { " (off by default)" }
                        );
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Command::Explain { rule } => match find_rule(&rule) {
            Some(m) => {
                emit(&explain(m));
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("shipshape: unknown rule {rule:?} (see `shipshape rules`)");
                ExitCode::from(2)
            }
        },
    }
}

fn explain(m: &rules::RuleMeta) -> String {
    let aliases = if m.aliases.is_empty() {
        String::new()
    } else {
        format!(" (also: {})", m.aliases.join(", "))
    };
    let mut s = format!(
        "{}{aliases}: {}\nseverity: {}  category: {}  fix: {}\n\n{}\n\nBad:\n",
        m.id,
        m.summary,
        m.severity.as_str(),
        m.category.as_str(),
        if m.has_fix { "yes" } else { "no" },
        m.why
    );
    for l in m.bad.lines() {
        s.push_str(&format!("    {l}\n"));
    }
    s.push_str("\nGood:\n");
    for l in m.good.lines() {
        s.push_str(&format!("    {l}\n"));
    }
    if !m.references.is_empty() {
        s.push_str("\nReferences:\n");
        for r in m.references {
            s.push_str(&format!("    {r}\n"));
        }
    }
    s
}

fn render_tty(report: &Report, color: bool) -> String {
    let paint = |code: &str, s: &str| if color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() };
    let mut out = String::new();
    for e in &report.errors {
        out.push_str(&format!("{}:{}:{}: {} {}\n", e.file, e.line, e.column, paint("1;31", "parse-error"), e.message));
    }
    for f in &report.findings {
        let sev = match f.severity {
            Severity::Error => paint("1;31", "error"),
            Severity::Warning => paint("1;33", "warning"),
            Severity::Info => paint("1;36", "info"),
            Severity::Style => paint("1;35", "style"),
        };
        let fix = if f.fix.is_some() { paint("2", " [fix available]") } else { String::new() };
        out.push_str(&format!("{}:{}:{}: {sev} {} {}{fix}\n", f.file, f.line, f.column, paint("1", f.rule), f.message));
    }
    let files = report.files.len();
    out.push_str(&format!(
        "{} finding(s), {} parse error(s) in {files} file(s)\n",
        report.findings.len(),
        report.errors.len()
    ));
    out
}
