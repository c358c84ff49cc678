//! The `shipshape` command: lint Dockerfiles for CI, dump parse trees, list and explain rules.

mod discover;
mod lsp;
mod select;
mod tty;

use clap::{Parser, Subcommand, ValueEnum};
use shipshape_core::{dockerfile, rules, Config, Report, Severity, Workspace};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "shipshape",
    version,
    about = "Dockerfile & Compose audit: lint, explain, dump"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Tty,
    Json,
    Markdown,
    Sarif,
    Checkstyle,
    Gitlab,
    Junit,
    Gnu,
    /// GitHub Actions workflow commands: annotations on a pull request's files.
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Dump {
    Buildkit,
}

// Parsed once per run; boxing the big variant would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Lint files and folders (folders are searched recursively for Dockerfiles and compose files).
    Lint {
        /// Files or folders (`-` reads one file from standard input); defaults to the current folder.
        paths: Vec<PathBuf>,
        /// The name of the file read from `-`: it picks the kind (`compose.yaml`) and is the path
        /// in the output (default `-`, a Dockerfile).
        #[arg(long, value_name = "NAME")]
        stdin_filename: Option<String>,
        #[arg(long, value_enum, default_value = "tty")]
        format: Format,
        /// Exit 1 only for findings at or above this severity (error, warning, info, style, none);
        /// default: the root `.hadolint.yaml`'s `failure-threshold`, else info.
        #[arg(long, short = 't', value_name = "SEVERITY")]
        failure_threshold: Option<String>,
        /// A hadolint configuration file to use instead of the `.hadolint.yaml` files found.
        #[arg(long, short = 'c', value_name = "FILE")]
        config: Option<PathBuf>,
        /// Report this rule as an error (repeatable); likewise --warning, --info, --style.
        #[arg(long, value_name = "RULE")]
        error: Vec<String>,
        #[arg(long, value_name = "RULE")]
        warning: Vec<String>,
        #[arg(long, value_name = "RULE")]
        info: Vec<String>,
        #[arg(long, value_name = "RULE")]
        style: Vec<String>,
        /// A registry FROM may use (DL3026; repeatable).
        #[arg(long, value_name = "REGISTRY")]
        trusted_registry: Vec<String>,
        /// A required label as NAME:TYPE (DL3049; repeatable).
        #[arg(long, value_name = "NAME:TYPE")]
        require_label: Vec<String>,
        /// Report labels not in the label schema (DL3050).
        #[arg(long)]
        strict_labels: bool,
        /// Do not honour inline `# hadolint ignore=` pragmas.
        #[arg(long)]
        disable_ignore_pragma: bool,
        /// Always exit 0 when the files could be read.
        #[arg(long)]
        no_fail: bool,
        /// Do not report this rule (id, alias or pattern such as `DL30*`, `SC*`, `compose-*`);
        /// repeatable.
        #[arg(long, value_name = "RULE")]
        ignore: Vec<String>,
        /// Report only these rules (ids, aliases or patterns; repeatable). A rule named exactly is
        /// turned on even when it is off by default; a pattern only narrows.
        #[arg(long, value_name = "RULE")]
        select: Vec<String>,
        /// Turn on a rule that is off by default; repeatable.
        #[arg(long, value_name = "RULE")]
        enable: Vec<String>,
        /// A named rule selection: `strict` turns on every rule that is off by default.
        #[arg(long, value_name = "NAME", value_parser = preset_parser())]
        preset: Option<String>,
        /// BuildKit check selection, as in `# check=` (e.g. `skip=JSONArgsRecommended;error=true`);
        /// replaces the files' own `# check=` directives.
        #[arg(long, value_name = "OPTIONS")]
        check: Option<String>,
        /// Apply the safe fixes first (like `shipshape fix`), then report what is left.
        #[arg(long)]
        fix: bool,
        /// Never colour tty output.
        #[arg(long)]
        no_color: bool,
        /// tty output: only the `file:line:col: severity RULE message` lines, without the source
        /// line and its underlined span.
        #[arg(long)]
        no_snippets: bool,
    },
    /// Apply fixes in place: every safe fix (and unsafe ones with --unsafe), re-linting between
    /// rounds so overlapping fixes compose.
    Fix {
        /// Files or folders; defaults to the current folder. `-` reads one file from standard input
        /// and prints it fixed to standard output.
        paths: Vec<PathBuf>,
        /// The name of the file read from `-` (picks its kind; default `-`, a Dockerfile).
        #[arg(long, value_name = "NAME")]
        stdin_filename: Option<String>,
        /// Also apply fixes that change behaviour.
        #[arg(long = "unsafe")]
        include_unsafe: bool,
        /// Print the unified diff and change nothing (exit 1 when there is something to fix).
        #[arg(long)]
        diff: bool,
        /// Only fixes of this rule (id, alias or pattern such as `DL30*`; repeatable).
        #[arg(long = "rule", value_name = "RULE")]
        rules: Vec<String>,
        /// A named rule selection, as for `lint` (fixes of the rules it turns on apply too).
        #[arg(long, value_name = "NAME", value_parser = preset_parser())]
        preset: Option<String>,
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
    /// Run the language server over standard input and output (for editors; see docs/lsp.md).
    Lsp {
        /// Accepted for clients that pass it; stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Print a playground link that carries these files (nothing is uploaded: it is all in the URL).
    Share {
        /// Files or folders, found as `lint` finds them.
        paths: Vec<PathBuf>,
        /// Where the playground is served.
        #[arg(long, default_value = "http://127.0.0.1:8080/")]
        base_url: String,
    },
}

/// `--preset` accepts the names the core library knows.
fn preset_parser() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(shipshape_core::config::PRESETS.iter().copied())
}

/// The first failure to write standard output other than a closed pipe (a full disk): the
/// output is incomplete, so `main` ends with exit code 2 whatever the command found.
static OUTPUT_FAILED: std::sync::OnceLock<std::io::Error> = std::sync::OnceLock::new();

/// Write to stdout. A closed pipe ends the output quietly (`shipshape rules | head`); any other
/// failure is kept for `main` (the lint report and `fix -` handle their own writes).
fn emit(s: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = OUTPUT_FAILED.set(e);
        }
    }
}

macro_rules! outln {
    ($($t:tt)*) => { emit(&format!("{}\n", format!($($t)*))) };
}

// Much faster than the system allocator for the many small strings and trees built per file
// (see the comment on the dependency in Cargo.toml).
#[cfg(not(target_env = "musl"))]
#[global_allocator]
static GLOBAL: shipshape_alloc::Allocator = shipshape_alloc::Allocator;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let code = run(cli);
    if let Some(e) = OUTPUT_FAILED.get() {
        eprintln!("shipshape: cannot write the output: {e}");
        return ExitCode::from(2);
    }
    code
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Lint {
            paths,
            stdin_filename,
            format,
            failure_threshold,
            config: config_path,
            error,
            warning,
            info,
            style,
            trusted_registry,
            require_label,
            strict_labels,
            disable_ignore_pragma,
            no_fail,
            ignore,
            select,
            enable,
            preset,
            check,
            fix,
            no_color,
            no_snippets,
        } => {
            if let Some(c) = &check {
                if let Err(e) = shipshape_core::check_directive::CheckOptions::parse(c) {
                    eprintln!("shipshape: --check: {e}");
                    return ExitCode::from(2);
                }
            }
            let threshold_flag = match failure_threshold.as_deref() {
                None => None,
                Some("none") => Some(None),
                Some(s) => match Severity::parse(s) {
                    Some(sev) => Some(Some(sev)),
                    None => {
                        eprintln!("shipshape: unknown severity {s:?} (use error, warning, info, style or none)");
                        return ExitCode::from(2);
                    }
                },
            };
            // Rule names and patterns, expanded against the rule list (unknown ones exit 2).
            let expanded = (|| -> Result<_, String> {
                let mut overrides = std::collections::BTreeMap::new();
                for (list, sev, flag) in [
                    (&error, Severity::Error, "--error"),
                    (&warning, Severity::Warning, "--warning"),
                    (&info, Severity::Info, "--info"),
                    (&style, Severity::Style, "--style"),
                ] {
                    for r in select::expand(list, flag)? {
                        overrides.insert(r, sev);
                    }
                }
                let mut ignore = select::expand(&ignore, "--ignore")?;
                let mut enable = select::expand(&enable, "--enable")?;
                if !select.is_empty() {
                    let (ignored, enabled) = select::select(&select)?;
                    ignore.extend(ignored);
                    enable.extend(enabled);
                }
                Ok((overrides, ignore, enable))
            })();
            let (overrides, ignore, enable) = match expanded {
                Ok(x) => x,
                Err(msg) => {
                    eprintln!("shipshape: {msg}");
                    return ExitCode::from(2);
                }
            };
            let mut label_schema = std::collections::BTreeMap::new();
            for l in &require_label {
                match l.split_once(':') {
                    Some((n, t)) if !n.is_empty() => {
                        label_schema.insert(n.to_string(), t.to_string());
                    }
                    _ => {
                        eprintln!("shipshape: --require-label takes NAME:TYPE, got {l:?}");
                        return ExitCode::from(2);
                    }
                }
            }
            let file_settings = match &config_path {
                None => None,
                Some(p) => match std::fs::read_to_string(p) {
                    Ok(text) => match Config::from_hadolint_yaml(&text) {
                        Ok(s) => Some(s),
                        Err(e) => {
                            let lc =
                                shipshape_core::LineIndex::new(&text).line_col(&text, e.span.start);
                            eprintln!(
                                "shipshape: {}:{}:{}: {}",
                                tty::isolate(&p.display().to_string()),
                                lc.line,
                                lc.column,
                                tty::isolate(&e.message)
                            );
                            return ExitCode::from(2);
                        }
                    },
                    Err(e) => {
                        eprintln!("shipshape: cannot read {}: {e}", p.display());
                        return ExitCode::from(2);
                    }
                },
            };
            let paths = if paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                paths
            };
            if fix && paths.iter().any(|p| p.as_os_str() == "-") {
                eprintln!("shipshape: --fix cannot write standard input back; use `shipshape fix -`, which prints the fixed text");
                return ExitCode::from(2);
            }
            let (found, mut ws) = match load(&paths, stdin_filename.as_deref()) {
                Ok(x) => x,
                Err(code) => return code,
            };
            let mut config = Config {
                ignored: ignore,
                enabled: enable,
                overrides,
                check,
                trusted_registries: trusted_registry,
                label_schema,
                strict_labels,
                disable_ignore_pragma,
                no_fail,
                ..Config::default()
            };
            if let Some(p) = &preset {
                config.apply_preset(p);
            }
            // Threshold: the flag, else the given config file's, else the root .hadolint.yaml's, else info.
            let mut threshold = threshold_flag;
            if let Some(s) = &file_settings {
                config = config.layered_over(&s.config);
                config.use_workspace_config = false;
                threshold = threshold.or(s.failure_threshold);
            } else if let Some(f) = shipshape_core::config::hadolint_config_for(&ws, "Dockerfile") {
                if let Ok(s) = Config::from_hadolint_yaml(&f.text) {
                    threshold = threshold.or(s.failure_threshold);
                    config.no_fail |= s.config.no_fail;
                }
            }
            let threshold = threshold.unwrap_or(Some(Severity::Info));
            if let Some(t) = threshold {
                config.failure_threshold = t;
            }
            let mut refused = false;
            if fix {
                let outcome = shipshape_core::fix::fix_workspace(&ws, &config, &Default::default());
                let written = match write_fixed(&found, &ws, &outcome) {
                    Ok(w) => w,
                    Err(msg) => {
                        eprintln!("shipshape: {msg}");
                        return ExitCode::from(2);
                    }
                };
                refused = written.refused;
                for f in outcome.iter().filter(|f| written.paths.contains(&f.path)) {
                    if let Some(kind) = ws.get(&f.path).map(|x| x.kind) {
                        ws.add_as(f.path.clone(), f.after.clone(), kind);
                    }
                }
            }
            // One analysis for the lint and the audit report's wiring tables.
            let analysis = shipshape_core::semantic::Analysis::new(&ws);
            let mut report = shipshape_core::lint::lint_analysed(&analysis, &config);
            report.errors.extend(found.errors.iter().cloned());
            keep_reported(&mut report, &found);
            let color = !no_color
                && std::env::var_os("NO_COLOR").is_none()
                && std::io::stdout().is_terminal();
            use shipshape_core::report::{write_machine, write_markdown, Format as R};
            // Every format is written as it is made: a monorepo's report is never one string in
            // memory. Only the audit report reads the analysis: for the other formats every
            // file's parse is let go before the output is made (in a monorepo that is most of
            // the memory).
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let markdown = matches!(format, Format::Markdown)
                .then(|| write_markdown(&analysis, &report, &mut out));
            drop(analysis);
            let written =
                match format {
                    Format::Json => report
                        .write_json(&mut out)
                        .and_then(|()| out.write_all(b"\n")),
                    Format::Tty => tty::write(&mut out, &report, &ws, color, !no_snippets),
                    Format::Markdown => markdown.unwrap_or(Ok(())),
                    Format::Sarif => write_machine(R::Sarif, &report, &mut out)
                        .and_then(|()| out.write_all(b"\n")),
                    Format::Gitlab => write_machine(R::Gitlab, &report, &mut out)
                        .and_then(|()| out.write_all(b"\n")),
                    Format::Checkstyle => write_machine(R::Checkstyle, &report, &mut out),
                    Format::Junit => write_machine(R::Junit, &report, &mut out),
                    Format::Gnu => write_machine(R::Gnu, &report, &mut out),
                    Format::Github => write_machine(R::Github, &report, &mut out),
                };
            // A closed pipe (`| head`) ends the output; the exit code still says what was found.
            // Any other failure to write (a full disk) leaves the report incomplete: an error.
            if let Err(e) = written.and_then(|()| out.flush()) {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    drop(out);
                    eprintln!("shipshape: cannot write the report: {e}");
                    return ExitCode::from(2);
                }
            }
            drop(out);
            if refused {
                return ExitCode::from(2);
            }
            let fails = threshold.map(|t| report.fails(t)).unwrap_or(false);
            if !config.no_fail && (fails || !report.errors.is_empty()) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Parse {
            dump: Dump::Buildkit,
            file,
        } => {
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
            let metas = shipshape_core::lint::all_rules();
            match format {
                Format::Json | Format::Sarif | Format::Gitlab => outln!(
                    "{}",
                    serde_json::to_string_pretty(&metas).unwrap_or_default()
                ),
                _ => {
                    outln!(
                        "{:<28} {:<8} {:<16} {:<4} {:<28} summary",
                        "id",
                        "severity",
                        "category",
                        "fix",
                        "aliases"
                    );
                    for m in metas {
                        outln!(
                            "{:<28} {:<8} {:<16} {:<4} {:<28} {}{}",
                            m.id,
                            m.severity.as_str(),
                            m.category.as_str(),
                            if m.has_fix { "yes" } else { "-" },
                            if m.aliases.is_empty() {
                                "-".to_string()
                            } else {
                                m.aliases.join(",")
                            },
                            m.summary(),
                            if m.enabled_by_default {
                                ""
                            } else {
                                " (off by default)"
                            }
                        );
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Command::Fix {
            paths,
            stdin_filename,
            include_unsafe,
            diff,
            rules,
            preset,
        } => {
            let rules = match select::expand(&rules, "--rule") {
                Ok(r) => r,
                Err(msg) => {
                    eprintln!("shipshape: {msg}");
                    return ExitCode::from(2);
                }
            };
            let paths = if paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                paths
            };
            let (found, ws) = match load(&paths, stdin_filename.as_deref()) {
                Ok(x) => x,
                Err(code) => return code,
            };
            let opts = shipshape_core::fix::FixOptions {
                include_unsafe,
                rules,
            };
            let mut config = Config::default();
            if let Some(p) = &preset {
                config.apply_preset(p);
            }
            let outcome = shipshape_core::fix::fix_workspace(&ws, &config, &opts);
            // Only what the user asked for: files read for context are never fixed or shown.
            let outcome: Vec<_> = outcome
                .into_iter()
                .filter(|f| {
                    found
                        .get(&f.path)
                        .is_some_and(|x| x.role != discover::Role::Context)
                })
                .collect();
            let stdin = found.stdin();
            let stdin_named = paths.iter().any(|p| p.as_os_str() == "-");
            // Files that could not be read (too big, unreadable) are not fixed: say so on stderr
            // (stdout may carry standard input's fixed text) and exit 1 at the end. (A file that
            // is not valid UTF-8 was read; writing it is refused below.)
            let unread: Vec<_> = found
                .errors
                .iter()
                .filter(|e| found.get(&e.file).is_none())
                .collect();
            for e in &unread {
                eprintln!(
                    "shipshape: {}:{}:{}: {}",
                    tty::isolate(&e.file),
                    e.line,
                    e.column,
                    tty::isolate(&e.message)
                );
            }
            let file_errors = !unread.is_empty();
            if diff {
                for f in &outcome {
                    emit(&shipshape_core::diff::unified(
                        &f.path, &f.before, &f.after, 3,
                    ));
                }
                return if outcome.is_empty() && !file_errors {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                };
            }
            let written = match write_fixed(&found, &ws, &outcome) {
                Ok(w) => w,
                Err(msg) => {
                    eprintln!("shipshape: {msg}");
                    return ExitCode::from(2);
                }
            };
            // With `-`, standard output carries the fixed text, so the summary goes to stderr.
            let say = |line: String| {
                let line = tty::isolate(&line);
                if stdin_named {
                    eprintln!("{line}");
                } else {
                    outln!("{line}");
                }
            };
            let fixed_stdin = stdin
                .filter(|s| !s.lossy)
                .and_then(|s| outcome.iter().find(|f| f.path == s.path));
            let mut n = 0;
            let done = outcome
                .iter()
                .filter(|f| written.paths.contains(&f.path))
                .chain(fixed_stdin);
            for f in done {
                n += f.applied.len();
                for (rule, title) in &f.applied {
                    say(format!("{}: {rule}: {title}", f.path));
                }
            }
            say(format!(
                "applied {n} fix(es) in {} file(s)",
                written.paths.len() + usize::from(fixed_stdin.is_some())
            ));
            if let Some(s) = stdin {
                if s.lossy {
                    eprintln!("shipshape: standard input is not valid UTF-8; it was not fixed");
                    return ExitCode::from(2);
                }
                // Never an empty echo in place of the user's text: a pipe would keep nothing.
                let Some(read) = ws.get(&s.path).map(|x| x.text.as_str()) else {
                    eprintln!("shipshape: standard input's text was not kept; nothing printed");
                    return ExitCode::from(2);
                };
                // The text is the user's file on its way to wherever stdout goes: if it cannot all
                // be written (a full disk, a reader gone), say so rather than exit 0 on a cut copy.
                let mut out = std::io::stdout().lock();
                let echoed = out
                    .write_all(fixed_stdin.map_or(read, |f| f.after.as_str()).as_bytes())
                    .and_then(|()| out.flush());
                if let Err(e) = echoed {
                    eprintln!("shipshape: cannot write the fixed text to standard output: {e}");
                    return ExitCode::from(2);
                }
            }
            if written.refused {
                ExitCode::from(2)
            } else if file_errors {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Lsp { stdio: _ } => lsp::run(),
        Command::Share { paths, base_url } => {
            let paths = if paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                paths
            };
            let (found, read) = match load(&paths, None) {
                Ok(x) => x,
                Err(code) => return code,
            };
            // Only what the user named: files read for context (`.env` may hold secrets) stay out.
            let mut ws = Workspace::new();
            for f in found
                .files
                .iter()
                .filter(|f| f.role != discover::Role::Context)
            {
                // The workspace keys paths with `/` (as `add_as` stores them).
                if let Some(x) = read.get(&f.path.replace('\\', "/")) {
                    ws.add_as(f.path.clone(), x.text.clone(), f.kind);
                }
            }
            if ws.files().is_empty() {
                eprintln!("shipshape: no Dockerfile or compose file to share");
                return ExitCode::from(2);
            }
            let shared = shipshape_core::share::Shared {
                workspace: ws,
                ..Default::default()
            };
            let link = shipshape_core::share::link(&base_url, &shared);
            if link.len() > 8000 {
                eprintln!("shipshape: note: the link is {} characters; some browsers and chat tools cut links that long", link.len());
            }
            outln!("{link}");
            ExitCode::SUCCESS
        }
        Command::Explain { rule } => match rules::registry::find_check(&rule) {
            Some(c) => {
                emit(&explain(c.meta()));
                emit(&format!("\nDefined in: {}\n", c.source_file()));
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("shipshape: unknown rule {rule:?} (see `shipshape rules`)");
                ExitCode::from(2)
            }
        },
    }
}

/// Discover the files under `paths` and put them in a workspace (a usage error exits 2).
fn load(
    paths: &[PathBuf],
    stdin_name: Option<&str>,
) -> Result<(discover::Discovered, Workspace), ExitCode> {
    discover::collect(paths, stdin_name).map_err(|msg| {
        eprintln!("shipshape: {}", tty::isolate(&msg));
        ExitCode::from(2)
    })
}

/// Drop from a report what only belongs to files read for context (`.env`, a base compose file):
/// the user did not ask about them. A broken `.hadolint.yaml` or `.dclintrc` stays: it changed this run.
fn keep_reported(report: &mut Report, found: &discover::Discovered) {
    // Sets, not lookups in the file list: a monorepo lint has 10,000 files and 100,000 findings.
    let context: std::collections::HashSet<&str> = found
        .files
        .iter()
        .filter(|f| f.role == discover::Role::Context)
        .map(|f| f.path.as_str())
        .collect();
    let configs: std::collections::HashSet<&str> = found
        .files
        .iter()
        .filter(|f| {
            matches!(
                f.kind,
                shipshape_core::FileKind::HadolintConfig | shipshape_core::FileKind::DclintConfig
            )
        })
        .map(|f| f.path.as_str())
        .collect();
    let reported = |path: &str| !context.contains(path);
    report.files.retain(|f| reported(&f.path));
    report.findings.retain(|f| reported(&f.file));
    report
        .errors
        .retain(|e| reported(&e.file) || configs.contains(e.file.as_str()));
}

/// What `write_fixed` did.
struct Written {
    /// Workspace paths written.
    paths: Vec<String>,
    /// Some fixed file was not written for a reason the user must see (exit 2).
    refused: bool,
}

/// Write each fixed file back to the file it was read from, with its own fixed text only.
/// Before writing anything, every file is read again: if one changed since it was read, nothing
/// is written (Err). A file that is not valid UTF-8 is never written (its text had replacements).
/// Files only read for context, outside the paths given, or read from standard input are skipped.
fn write_fixed(
    found: &discover::Discovered,
    ws: &Workspace,
    outcome: &[shipshape_core::fix::FixedFile],
) -> Result<Written, String> {
    let mut plan = Vec::new();
    let mut refused = false;
    for f in outcome {
        let Some(src) = found.get(&f.path) else {
            continue;
        };
        let Some(real) = &src.real else { continue };
        if src.lossy {
            eprintln!(
                "shipshape: not fixing {}: it is not valid UTF-8, and writing it would replace its invalid bytes",
                tty::isolate(&f.path)
            );
            refused = true;
            continue;
        }
        if !src.writable {
            eprintln!(
                "shipshape: note: not fixing {}: it is outside the paths given (name it to fix it)",
                tty::isolate(&f.path)
            );
            continue;
        }
        // The text read from disk (the workspace holds the one copy).
        let read = ws.get(&f.path).map_or("", |x| x.text.as_str());
        if f.before != read {
            return Err(format!(
                "internal error: the fixed text of {} does not start from the text read; nothing was written",
                f.path
            ));
        }
        plan.push((f, read, real));
    }
    for (f, read, real) in &plan {
        match std::fs::read(real) {
            Ok(now) if now == read.as_bytes() => {}
            Ok(_) => {
                return Err(format!(
                    "{} changed on disk since it was read; nothing was written (run again)",
                    f.path
                ))
            }
            Err(e) => {
                return Err(format!(
                    "cannot read {} again: {e}; nothing was written",
                    f.path
                ))
            }
        }
    }
    let mut paths = Vec::new();
    for (f, _, real) in &plan {
        write_atomic(real, f.after.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", f.path))?;
        paths.push(f.path.clone());
    }
    Ok(Written { paths, refused })
}

/// Replace the file at `path` (following a symlink to the file it names) with `bytes` atomically:
/// a temporary file in the same folder, with the file's permissions (and owner, where allowed),
/// renamed over it. A crash leaves either the old or the new text, never a mix.
fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let meta = std::fs::metadata(&target)?;
    let dir = target.parent().unwrap_or(std::path::Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut n = 0;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{name}.shipshape-{}-{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(f) => break (tmp, f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
            Err(e) => return Err(e),
        }
    };
    let result = (|| {
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::set_permissions(&tmp, meta.permissions())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            // Keeps the owner when run as root; a non-root user already owns the file.
            let _ = std::os::unix::fs::chown(&tmp, Some(meta.uid()), Some(meta.gid()));
        }
        std::fs::rename(&tmp, &target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
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
        m.summary(),
        m.severity.as_str(),
        m.category.as_str(),
        if m.has_fix { "yes" } else { "no" },
        m.why()
    );
    for l in m.bad().lines() {
        s.push_str(&format!("    {l}\n"));
    }
    s.push_str("\nGood:\n");
    for l in m.good().lines() {
        s.push_str(&format!("    {l}\n"));
    }
    if !m.references().is_empty() {
        s.push_str("\nReferences:\n");
        for r in m.references() {
            s.push_str(&format!("    {r}\n"));
        }
    }
    s
}
