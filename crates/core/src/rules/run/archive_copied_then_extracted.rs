//! DL3010: a local tar archive COPY'd into the image and then extracted by RUN.

use super::common::{instructions, runs};
use crate::dockerfile::model::Stage;
use crate::dockerfile::words::unquote;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{stage_chain, Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::basename;
use crate::shell::Interpreter;
use crate::source::Span;

pub struct Dl3010;

static META: RuleMeta = rule_meta! {
    id: "DL3010",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "Local tar archive COPY'd and then extracted; ADD extracts it in one step",
    why:
        "`COPY app.tar.gz /tmp/` followed by `RUN tar -xzf /tmp/app.tar.gz` stores the archive in \
one layer and its contents in another, so the image carries both (deleting the archive later does \
not shrink the earlier layer). `ADD app.tar.gz /opt/` unpacks a local tar archive (plain, gzip, \
bzip2 or xz) straight into the destination.\n\n\
As in hadolint, the finding is on the COPY, for an archive that a later RUN in the same stage \
extracts with `tar -x`/`--extract`/`--get` (or `gunzip`, `unxz`, `zcat`, ...) by the same file \
name. Unlike hadolint: only tar archives are reported (ADD does not decompress a lone `.gz` or \
`.xz` file), old-style `tar xzf` is recognised, and an extraction with `--strip-components` is not \
reported because ADD cannot strip path components.\n\n\
Windows paths count as in hadolint: a `\\` separates path components in the COPY (written in JSON \
form, or after an `escape` directive that makes the backtick the escape character) and in the RUN. On a Windows base image (`servercore`, \
`nanoserver`) without SHELL, and under a cmd or PowerShell SHELL, the RUN is read as Windows \
runs it (`cmd /S /C` by default): a backslash is a path separator, not a shell escape, so \
`RUN tar -xf C:\\temp\\app.tar.gz` extracts `app.tar.gz` (hadolint reads it as sh and misses it). \
A quoted path with a space in a shell-form COPY (`COPY a.tar.gz \"C:\\Program Files\\\"`) is not \
valid: BuildKit splits COPY arguments on whitespace whatever the quotes, so paths containing \
whitespace need the JSON form.",
    bad: "FROM debian:bookworm-slim\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n",
    good: "FROM debian:bookworm-slim\nADD app.tar.gz /opt/\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3010",
        "https://docs.docker.com/reference/dockerfile/#adding-local-tar-archives",
        "https://docs.docker.com/reference/dockerfile/#copy",
        "https://docs.docker.com/reference/dockerfile/#shell",
    ],
};

/// File names ADD unpacks: tar archives, plain or compressed.
pub(crate) fn is_tar_archive(name: &str) -> bool {
    const TAR: &[&str] = &[
        ".tar", ".tgz", ".tb2", ".tbz", ".tbz2", ".tlz", ".txz", ".tz", ".tpz",
    ];
    let lower = name.to_ascii_lowercase();
    if TAR.iter().any(|e| lower.ends_with(e)) {
        return true;
    }
    // name.tar.gz, name.tar.xz, ...
    match lower.rsplit_once('.') {
        Some((stem, ext)) => {
            stem.ends_with(".tar") && ["gz", "bz2", "xz", "lz", "lzma", "z", "zst"].contains(&ext)
        }
        None => false,
    }
}

fn strip_quotes(s: &str) -> &str {
    s.trim_matches(|c| c == '"' || c == '\'')
}

/// Whether a command extracts its file operands.
fn extracts(v: &crate::shell::CmdView<'_>) -> bool {
    match v.program() {
        Some("tar") => {
            if v.has_flag(None, Some("strip-components")) || v.has_flag(None, Some("strip")) {
                return false;
            }
            let old_style = v.args.first().is_some_and(|a| {
                !a.text.starts_with('-')
                    && a.text.contains('x')
                    && a.text.chars().all(|c| c.is_ascii_alphabetic())
            });
            old_style
                || v.has_flag(None, Some("extract"))
                || v.has_flag(None, Some("get"))
                || v.args.iter().any(|a| {
                    a.text.starts_with('-') && !a.text.starts_with("--") && a.text.contains('x')
                })
        }
        Some(
            "unzip" | "gunzip" | "bunzip2" | "unlzma" | "unxz" | "zgz" | "uncompress" | "zcat"
            | "gzcat",
        ) => true,
        _ => false,
    }
}

/// Whether a stage starts, through the local stages it is built on, from a Windows image: its
/// RUNs run under `cmd /S /C` unless a SHELL says otherwise.
fn windows_stage(cx: &Context<'_>, stage: &Stage<'_>) -> bool {
    stage_chain(cx.model, stage).last().is_some_and(|root| {
        let base = root
            .base_resolved
            .clone()
            .or_else(|| root.base.map(|w| w.text.clone()))
            .unwrap_or_default()
            .to_ascii_lowercase();
        ["nanoserver", "servercore", "windows/", "windows:"]
            .iter()
            .any(|k| base.contains(k))
    })
}

/// The commands of a cmd or PowerShell script, each as its words: split at `&`, `|`, `;` and line
/// ends, words at whitespace outside quotes, quotes removed and backslashes kept (they are path
/// separators there, not escapes).
fn windows_commands(text: &str) -> Vec<Vec<String>> {
    let mut commands = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '&' | '|' | ';' | '\n' | '\r') => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
                if !words.is_empty() {
                    commands.push(std::mem::take(&mut words));
                }
            }
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    if !words.is_empty() {
        commands.push(words);
    }
    commands
}

/// The file operands of a Windows `tar` (bsdtar, `tar.exe`) command that extracts; empty when the
/// command is something else, only lists, or strips path components.
fn windows_extracted(words: &[String]) -> Vec<&str> {
    let Some((program, args)) = words.split_first() else {
        return Vec::new();
    };
    let program = basename(program).to_ascii_lowercase();
    if program.strip_suffix(".exe").unwrap_or(&program) != "tar" {
        return Vec::new();
    }
    let strips = args.iter().any(|a| a.starts_with("--strip"));
    let old_style = args.first().is_some_and(|a| {
        !a.starts_with('-') && a.contains('x') && a.chars().all(|c| c.is_ascii_alphabetic())
    });
    let extracts = old_style
        || args.iter().any(|a| {
            a == "--extract"
                || a == "--get"
                || (a.starts_with('-') && !a.starts_with("--") && a.contains('x'))
        });
    if strips || !extracts {
        return Vec::new();
    }
    args.iter()
        .filter(|a| !a.starts_with('-'))
        .map(|a| basename(a))
        .collect()
}

/// Report the COPY of the archive named `n` (once per archive) when a RUN extracts it.
fn report_extracted(archives: &mut [(String, Span, bool)], n: &str, out: &mut Vec<Diagnostic>) {
    for (name, span, reported) in archives.iter_mut() {
        if !*reported && name == n {
            *reported = true;
            out.push(Diagnostic::new(
                *span,
                format!("`{name}` is copied and then extracted by a RUN: `ADD {name} <dir>` unpacks it without keeping the archive in a layer"),
            ));
        }
    }
}

impl Rule for Dl3010 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let runs = runs(cx);
        let all = instructions(cx);
        for stage in &cx.model.stages {
            // (file name, the COPY word naming it, reported yet)
            let mut archives: Vec<(String, Span, bool)> = Vec::new();
            for ins in &stage.instructions {
                match ins.keyword() {
                    Keyword::Copy => {
                        if ins.command.flag("from").is_some() || !ins.heredocs.is_empty() {
                            continue;
                        }
                        let exec = matches!(ins.command.args, Args::Exec(_));
                        let (Args::Words(words) | Args::Exec(words)) = &ins.command.args else {
                            continue;
                        };
                        let Some((dest, sources)) = words.split_last() else {
                            continue;
                        };
                        let name = |w: &crate::dockerfile::Word| {
                            let t = if exec {
                                w.text.clone()
                            } else {
                                unquote(&w.text, cx.dockerfile.escape)
                            };
                            basename(strip_quotes(&t)).to_string()
                        };
                        let dest_name = name(dest);
                        if is_tar_archive(&dest_name) {
                            archives.push((dest_name, dest.span, false));
                        } else {
                            for s in sources {
                                let n = name(s);
                                if is_tar_archive(&n) && !n.contains('$') {
                                    archives.push((n, s.span, false));
                                }
                            }
                        }
                    }
                    Keyword::Run if !archives.is_empty() => {
                        let Some(run) = runs.iter().find(|r| all[r.ins].span == ins.span) else {
                            continue;
                        };
                        let windows = match run.shell_interpreter() {
                            Interpreter::Other(name) => {
                                matches!(name.as_str(), "cmd" | "powershell" | "pwsh")
                            }
                            _ => run.shell.is_empty() && windows_stage(cx, stage),
                        };
                        if windows {
                            for script in run.scripts.iter() {
                                for words in windows_commands(&script.text) {
                                    for n in windows_extracted(&words) {
                                        report_extracted(&mut archives, n, out);
                                    }
                                }
                            }
                            continue;
                        }
                        for c in run.commands() {
                            let v = c.named_view();
                            if !extracts(&v) {
                                continue;
                            }
                            for a in v.args.iter().filter(|a| !a.text.starts_with('-')) {
                                report_extracted(&mut archives, basename(&a.text), out);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{is_tar_archive, Dl3010};
    use crate::rules::run;

    #[test]
    fn archive_names() {
        for yes in [
            "a.tar",
            "a.tar.gz",
            "a.TGZ",
            "a.tar.xz",
            "a.tar.zst",
            "a.tbz2",
        ] {
            assert!(is_tar_archive(yes), "{yes}");
        }
        for no in ["a.gz", "a.zip", "a.xz", "tar", "a.txt"] {
            assert!(!is_tar_archive(no), "{no}");
        }
    }

    #[test]
    fn copied_then_extracted() {
        let bad = [
            "COPY a.tar.gz /x/\nRUN tar -xzf /x/a.tar.gz",
            "COPY a.tar.gz /x/\nRUN tar xzf a.tar.gz",
            "COPY a.tgz /x/b.tar\nRUN tar --extract -f /x/b.tar",
            "COPY [\"a.tar\", \"/x/\"]\nRUN cd /x && tar -x -f a.tar -C /",
            "COPY a.tar.gz /x/\nRUN gunzip /x/a.tar.gz",
        ];
        for b in bad {
            assert_eq!(run(&Dl3010, &format!("FROM a:1\n{b}\n")).len(), 1, "{b}");
        }
        let good = [
            "COPY a.tar.gz /x/\nRUN tar -tzf /x/a.tar.gz",
            "COPY a.tar.gz /x/\nFROM b:1\nRUN tar -xf /x/a.tar.gz",
            "COPY --from=b a.tar.gz /x/\nRUN tar -xf /x/a.tar.gz",
            "COPY a.gz /x/\nRUN gunzip /x/a.gz",
            "COPY a.zip /x/\nRUN unzip /x/a.zip",
            "COPY a.tar.gz /x/\nRUN tar -xzf /x/a.tar.gz --strip-components=1 -C /opt",
            "RUN tar -xf a.tar\nCOPY a.tar /x/",
        ];
        for g in good {
            assert!(run(&Dl3010, &format!("FROM a:1\n{g}\n")).is_empty(), "{g}");
        }
    }

    #[test]
    fn windows_paths() {
        let n = |s: &str| run(&Dl3010, s).len();
        // A Windows image runs RUN under cmd: backslashes separate path components.
        assert_eq!(
            n("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY dist\\app.tar.gz C:\\temp\\\nRUN tar -xf C:\\temp\\app.tar.gz -C C:\\app\n"),
            1
        );
        // JSON-form COPY and a PowerShell SHELL with a quoted path and `tar.exe`.
        assert_eq!(
            n("FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nSHELL [\"pwsh\", \"-Command\"]\nCOPY [\"dist\\\\app.tgz\", \"C:\\\\Program Files\\\\App\\\\\"]\nRUN New-Item -ItemType Directory C:\\app; tar.exe -xzf \"C:\\Program Files\\App\\app.tgz\" -C C:\\app\n"),
            1
        );
        // A stage built on a Windows stage inherits its shell.
        assert_eq!(
            n("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022 AS base\nFROM base\nCOPY app.tar C:\\x\\\nRUN cd C:\\x && tar xf app.tar\n"),
            1
        );
        // Listing, or an archive the RUN does not name, is not extraction.
        assert_eq!(
            n("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY app.tar.gz C:\\temp\\\nRUN tar -tf C:\\temp\\app.tar.gz\n"),
            0
        );
        assert_eq!(
            n("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY app.tar.gz C:\\temp\\\nRUN tar -xf C:\\temp\\other.tar.gz\n"),
            0
        );
        // On Linux under sh, a quoted Windows-style path still names the archive.
        assert_eq!(
            n("FROM debian:12\nCOPY [\"dist\\\\app.tar.gz\", \"/opt/\"]\nRUN tar -xf \"C:\\opt\\app.tar.gz\"\n"),
            1
        );
    }
}
