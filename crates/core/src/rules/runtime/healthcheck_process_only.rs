//! healthcheck-process-only: a HEALTHCHECK that only checks that a process exists.

use crate::dockerfile::{Args, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::{analyse_script, basename, Interpreter};

pub struct HealthcheckProcessOnly;

static META: RuleMeta = rule_meta! {
    id: "healthcheck-process-only",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "HEALTHCHECK only checks that a process exists",
    why: "`HEALTHCHECK CMD pgrep celery` (or `pidof`, `ps aux | grep`, `kill -0 $(cat app.pid)`, \
`test -d /proc/1`) passes as long as the process is alive, which is exactly when a health check \
is least needed: if the main process exits, the container stops anyway. A deadlocked worker, a \
server that no longer accepts connections or a consumer that lost its broker still reports \
healthy, so restarts, `depends_on: condition: service_healthy` and rolling updates trust a \
broken service. Probe what the service does instead: an HTTP endpoint (`curl -fsS \
http://127.0.0.1:8080/healthz`), the tool's own ping (`pg_isready`, `redis-cli ping`, `celery \
inspect ping`), or the age of a heartbeat file the worker touches.\n\n\
Reported when every command of the check is a process lookup or plumbing around one (`grep`, \
`cat` of a pid file, `exit`, `echo`, tests); any other command counts as a real probe. Shell \
form and exec form (also `[\"sh\", \"-c\", \"…\"]`) are read.",
    bad: "FROM python:3.12-slim\nCOPY worker.py /app/\nHEALTHCHECK --interval=30s CMD pgrep -f worker.py || exit 1\nCMD [\"python\", \"/app/worker.py\"]\n",
    good: "FROM python:3.12-slim\nCOPY worker.py /app/\nHEALTHCHECK --interval=30s CMD python /app/worker.py --ping || exit 1\nCMD [\"python\", \"/app/worker.py\"]\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://docs.docker.com/reference/dockerfile/#healthcheck",
        "https://docs.docker.com/reference/compose-file/services/#healthcheck",
    ],
};

#[derive(Default)]
struct Verdict {
    /// Process lookups seen (`pgrep`, `kill -0`, ...).
    lookups: Vec<String>,
    /// A command that probes something else.
    probe: bool,
}

fn is_shell(program: &str) -> bool {
    Interpreter::from_program(program).is_shell()
}

/// The `-c` string of a shell's arguments.
fn c_string(args: &[String]) -> Option<&str> {
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(flags) = a.strip_prefix('-') {
            if !flags.starts_with('-') && flags.contains('c') {
                return it.next().map(String::as_str);
            }
            continue;
        }
        return None;
    }
    None
}

/// Judge one command (program and arguments).
fn judge(program: &str, args: &[String], v: &mut Verdict, depth: usize) {
    let prog = basename(program);
    match prog {
        "pgrep" | "pidof" | "ps" | "pidofproc" => v.lookups.push(prog.to_string()),
        "kill" | "pkill" | "killall" => {
            let zero = args
                .windows(2)
                .any(|w| matches!(w[0].as_str(), "-s" | "--signal") && w[1] == "0")
                || args.iter().any(|a| a == "-0" || a == "--signal=0");
            if zero {
                v.lookups.push(format!("{prog} -0"));
            } else {
                v.probe = true;
            }
        }
        "test" | "[" | "[[" => {
            if args.iter().any(|a| a.starts_with("/proc/")) {
                v.lookups.push("test /proc".to_string());
            }
        }
        "grep" | "egrep" | "fgrep" | "awk" | "wc" | "head" | "tail" | "cut" | "sed" | "tr"
        | "cat" | "exit" | "true" | "false" | "echo" | "printf" | "sort" | "uniq" | "xargs" => {}
        p if is_shell(p) => match c_string(args) {
            Some(script) if depth < 4 => judge_script(script, v, depth + 1),
            _ => v.probe = true,
        },
        _ => v.probe = true,
    }
}

fn judge_script(text: &str, v: &mut Verdict, depth: usize) {
    let script = analyse_script(text, Interpreter::Sh);
    if script.error.is_some() {
        v.probe = true;
        return;
    }
    for c in &script.commands {
        let view = c.unwrapped();
        let Some(name) = view.name else { continue };
        if name.has_expansion {
            v.probe = true;
            continue;
        }
        let args: Vec<String> = view.args.iter().map(|a| a.text.clone()).collect();
        judge(&name.text, &args, v, depth);
    }
}

impl Rule for HealthcheckProcessOnly {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for ins in cx.dockerfile.instructions() {
            if ins.keyword() != Keyword::Healthcheck {
                continue;
            }
            let Args::Healthcheck { kind, cmd } = &ins.command.args else {
                continue;
            };
            if !kind.text.eq_ignore_ascii_case("CMD") {
                continue;
            }
            let mut v = Verdict::default();
            match &**cmd {
                Args::Shell(w) => judge_script(&w.text, &mut v, 0),
                Args::Exec(words) if !words.is_empty() => {
                    let args: Vec<String> = words[1..].iter().map(|w| w.text.clone()).collect();
                    judge(&words[0].text, &args, &mut v, 0);
                }
                _ => continue,
            }
            if v.probe || v.lookups.is_empty() {
                continue;
            }
            let span = kind.span.cover(ins.command.args_span);
            out.push(Diagnostic::new(
                span,
                format!(
                    "this HEALTHCHECK only checks that a process exists (`{}`): a hung or deadlocked service still passes; probe what it does (an HTTP endpoint, its ping command, a heartbeat file)",
                    v.lookups[0]
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::HealthcheckProcessOnly as R;
    use crate::rules::run;

    fn n(check: &str) -> usize {
        run(&R, &format!("FROM a:1\nHEALTHCHECK {check}\n")).len()
    }

    #[test]
    fn process_lookups() {
        for bad in [
            "CMD pgrep -f worker || exit 1",
            "CMD pidof nginx",
            "CMD ps aux | grep -v grep | grep -q celery",
            "CMD kill -0 $(cat /var/run/app.pid)",
            "CMD kill -s 0 1",
            "--interval=10s CMD [\"pgrep\", \"supervisord\"]",
            "CMD [\"sh\", \"-c\", \"pgrep app || exit 1\"]",
            "CMD sh -c 'pidof app'",
            "CMD test -d /proc/1",
        ] {
            assert_eq!(n(bad), 1, "{bad}");
        }
    }

    #[test]
    fn real_probes() {
        for ok in [
            "CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1",
            "CMD [\"wget\", \"-q\", \"--spider\", \"http://localhost/\"]",
            "CMD pgrep app && curl -f http://localhost/",
            "CMD pg_isready -U postgres",
            "CMD /healthcheck.sh",
            "CMD kill -HUP 1",
            "CMD test -f /tmp/healthy",
            "NONE",
            "CMD $CHECK",
        ] {
            assert_eq!(n(ok), 0, "{ok}");
        }
    }
}
