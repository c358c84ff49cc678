//! The `shipshape` command: lint Dockerfiles for CI, dump parse trees, list and explain rules.

mod discover;

use clap::{Parser, Subcommand, ValueEnum};
use shipshape_core::{
    dockerfile, lint, lint::find_rule, rules, Config, Report, Severity, Workspace,
};
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
        /// Files or folders; defaults to the current folder.
        paths: Vec<PathBuf>,
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
        /// Do not report this rule (id or alias); repeatable.
        #[arg(long, value_name = "RULE")]
        ignore: Vec<String>,
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
    },
    /// Apply fixes in place: every safe fix (and unsafe ones with --unsafe), re-linting between
    /// rounds so overlapping fixes compose.
    Fix {
        /// Files or folders; defaults to the current folder.
        paths: Vec<PathBuf>,
        /// Also apply fixes that change behaviour.
        #[arg(long = "unsafe")]
        include_unsafe: bool,
        /// Print the unified diff and change nothing (exit 1 when there is something to fix).
        #[arg(long)]
        diff: bool,
        /// Only fixes of this rule (id or alias; repeatable).
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
            enable,
            preset,
            check,
            fix,
            no_color,
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
            let mut overrides = std::collections::BTreeMap::new();
            for (list, sev) in [
                (&error, Severity::Error),
                (&warning, Severity::Warning),
                (&info, Severity::Info),
                (&style, Severity::Style),
            ] {
                for r in list {
                    overrides.insert(r.clone(), sev);
                }
            }
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
                                p.display(),
                                lc.line,
                                lc.column,
                                e.message
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
            for r in ignore.iter().chain(&enable).chain(overrides.keys()) {
                if find_rule(r).is_none() {
                    eprintln!("shipshape: unknown rule {r:?} (see `shipshape rules`)");
                    return ExitCode::from(2);
                }
            }
            let paths = if paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                paths
            };
            let (found, mut ws) = match load(&paths) {
                Ok(x) => x,
                Err(code) => return code,
            };
            // Dockerfiles that compose files build under names discovery does not match.
            for rel in shipshape_core::compose::referenced_dockerfiles(&ws) {
                if let Some(text) = discover::read_under(&paths, &rel) {
                    ws.add_as(rel, text, shipshape_core::FileKind::Dockerfile);
                }
            }
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
            if fix {
                let outcome = shipshape_core::fix::fix_workspace(&ws, &config, &Default::default());
                if let Err(msg) = write_fixed(&found.files, &outcome) {
                    eprintln!("shipshape: {msg}");
                    return ExitCode::from(2);
                }
                for f in &outcome {
                    ws.add(f.path.clone(), f.after.clone());
                }
            }
            let mut report = lint(&ws, &config);
            report.errors.extend(found.errors);
            let color = !no_color
                && std::env::var_os("NO_COLOR").is_none()
                && std::io::stdout().is_terminal();
            use shipshape_core::report::{render, Format as R};
            let out = match format {
                Format::Json => report.to_json() + "\n",
                Format::Tty => render_tty(&report, color),
                Format::Markdown => render(R::Markdown, &ws, &report),
                Format::Sarif => render(R::Sarif, &ws, &report) + "\n",
                Format::Checkstyle => render(R::Checkstyle, &ws, &report),
                Format::Gitlab => render(R::Gitlab, &ws, &report) + "\n",
                Format::Junit => render(R::Junit, &ws, &report),
                Format::Gnu => render(R::Gnu, &ws, &report),
            };
            emit(&out);
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
                            m.summary,
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
            include_unsafe,
            diff,
            rules,
            preset,
        } => {
            for r in &rules {
                if find_rule(r).is_none() {
                    eprintln!("shipshape: unknown rule {r:?} (see `shipshape rules`)");
                    return ExitCode::from(2);
                }
            }
            let paths = if paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                paths
            };
            let (found, ws) = match load(&paths) {
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
            if diff {
                for f in &outcome {
                    emit(&shipshape_core::diff::unified(
                        &f.path, &f.before, &f.after, 3,
                    ));
                }
                return if outcome.is_empty() {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                };
            }
            if let Err(msg) = write_fixed(&found.files, &outcome) {
                eprintln!("shipshape: {msg}");
                return ExitCode::from(2);
            }
            let n: usize = outcome.iter().map(|f| f.applied.len()).sum();
            for f in &outcome {
                for (rule, title) in &f.applied {
                    outln!("{}: {rule}: {title}", f.path);
                }
            }
            outln!("applied {n} fix(es) in {} file(s)", outcome.len());
            ExitCode::SUCCESS
        }
        Command::Share { paths, base_url } => {
            let paths = if paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                paths
            };
            let (_, ws) = match load(&paths) {
                Ok(x) => x,
                Err(code) => return code,
            };
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

/// Discover the files under `paths` and put them in a workspace (a usage error exits 2).
fn load(paths: &[PathBuf]) -> Result<(discover::Discovered, Workspace), ExitCode> {
    let found = discover::collect(paths).map_err(|msg| {
        eprintln!("shipshape: {msg}");
        ExitCode::from(2)
    })?;
    let mut ws = Workspace::new();
    for f in &found.files {
        ws.add_as(f.display.clone(), f.text.clone(), f.kind);
    }
    Ok((found, ws))
}

/// Write fixed texts back to the files they came from.
fn write_fixed(
    found: &[discover::Found],
    outcome: &[shipshape_core::fix::FixedFile],
) -> Result<(), String> {
    for f in outcome {
        let Some(src) = found.iter().find(|x| x.display == f.path) else {
            continue;
        };
        std::fs::write(&src.real, &f.after)
            .map_err(|e| format!("cannot write {}: {e}", src.real.display()))?;
    }
    Ok(())
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
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    for e in &report.errors {
        out.push_str(&format!(
            "{}:{}:{}: {} {}\n",
            e.file,
            e.line,
            e.column,
            paint("1;31", "parse-error"),
            e.message
        ));
    }
    for f in &report.findings {
        let sev = match f.severity {
            Severity::Error => paint("1;31", "error"),
            Severity::Warning => paint("1;33", "warning"),
            Severity::Info => paint("1;36", "info"),
            Severity::Style => paint("1;35", "style"),
        };
        let fix = if f.fix.is_some() {
            paint("2", " [fix available]")
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{}:{}:{}: {sev} {} {}{fix}\n",
            f.file,
            f.line,
            f.column,
            paint("1", f.rule),
            f.message
        ));
    }
    let files = report.files.len();
    out.push_str(&format!(
        "{} finding(s), {} parse error(s) in {files} file(s)\n",
        report.findings.len(),
        report.errors.len()
    ));
    out
}
