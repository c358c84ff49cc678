//! world-writable: `chmod 777`, `chmod -R a+rwx`, `o+w` or `COPY --chmod=666` makes files in the
//! image writable by every user.

use super::common::runs;
use crate::dockerfile::Keyword;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct WorldWritable;

static META: RuleMeta = rule_meta! {
    id: "world-writable",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Security,
    enabled_by_default: true,
    summary: "Files in the image are made writable by every user",
    why:
        "`chmod 777` (or `666`, `a+rwx`, `o+w`, `COPY --chmod=777`) lets any user in the container \
change those files: a process running as an unprivileged user, or one that was compromised, can \
then rewrite the application's code, its configuration or a script root runs later. It is usually \
a shortcut around a permission error; give the files to the user that writes them instead \
(`chown app:app /data`, `COPY --chown=app:app`) and keep the mode at `755`/`644` (or `775` for a \
shared group).\n\n\
Reported for `chmod` in RUN scripts (heredocs and `ONBUILD RUN` included) and for the `--chmod` \
of COPY and ADD, when the mode grants write to others: an octal mode whose last digit has the \
write bit (`777`, `666`, `0757`), or a symbolic one that adds or sets `w` for `o` or `a` \
(`a+rwx`, `o+w`, `ugo=rw`). A mode with the sticky bit (`1777`, `+t`), the standard for shared \
folders such as `/tmp` where users may not delete each other's files, is not reported; nor is \
`chmod +w`, which honours the umask (`022` by default) and so does not reach others.",
    bad: "FROM python:3.12-slim\nCOPY . /app\nRUN chmod -R 777 /app\nUSER 10001\n",
    good: "FROM python:3.12-slim\nCOPY --chown=10001:10001 . /app\nUSER 10001\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://cwe.mitre.org/data/definitions/732.html",
        "https://man7.org/linux/man-pages/man1/chmod.1.html",
    ],
};

/// Whether a chmod mode grants write permission to others (and is not a sticky folder mode).
pub(crate) fn grants_world_write(mode: &str) -> bool {
    if !mode.is_empty() && mode.len() <= 4 && mode.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        let digits: Vec<u8> = mode.bytes().map(|b| b - b'0').collect();
        let sticky = digits.len() == 4 && digits[0] & 1 == 1;
        return !sticky && digits[digits.len() - 1] & 2 == 2;
    }
    if mode.contains('t') {
        return false;
    }
    mode.split(',').any(|clause| {
        let who_len = clause
            .find(|c: char| !"ugoa".contains(c))
            .unwrap_or(clause.len());
        let who = &clause[..who_len];
        if !(who.contains('o') || who.contains('a')) {
            return false;
        }
        // Operations: `+rw`, `=rwx`, `-x+w`, …; one that adds or sets `w`.
        let ops = &clause[who_len..];
        let mut op = ' ';
        ops.chars().any(|c| {
            if "+-=".contains(c) {
                op = c;
                false
            } else {
                c == 'w' && (op == '+' || op == '=')
            }
        })
    })
}

/// chmod's own options (everything else that starts with `-` is a mode such as `-w`).
fn is_chmod_option(a: &str) -> bool {
    matches!(
        a,
        "-R" | "-v" | "-f" | "-c" | "-h" | "-H" | "-L" | "-P" | "-Rv" | "-vR" | "-Rf" | "-fR"
    ) || (a.starts_with("--") && a.len() > 2)
}

impl Rule for WorldWritable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // (The RUNs are read only when some command is chmod.)
        let runs = if cx.called().any_program(&["chmod"]) {
            runs(cx)
        } else {
            Vec::new()
        };
        for run in runs.iter() {
            for c in run.commands() {
                if c.program_name() != Some("chmod") {
                    continue;
                }
                let args = c.named_view().args;
                let Some(mode_at) = args.iter().position(|a| !is_chmod_option(&a.text)) else {
                    continue;
                };
                let mode = &args[mode_at];
                if mode.has_expansion || !grants_world_write(&mode.text) {
                    continue;
                }
                let paths: Vec<&str> = args[mode_at + 1..]
                    .iter()
                    .map(|w| w.text.as_str())
                    .filter(|t| !t.starts_with('-'))
                    .collect();
                let what = match paths.as_slice() {
                    [] => "the files".to_string(),
                    [one] => format!("`{one}`"),
                    [first, ..] => format!("`{first}` and {} more", paths.len() - 1),
                };
                out.push(Diagnostic::new(
                    mode.span,
                    format!(
                        "`chmod {}` makes {what} writable by every user in the container; give the files to the user that writes them (`chown`) and keep others read-only",
                        mode.text
                    ),
                ));
            }
        }
        for ins in cx.dockerfile.instructions() {
            if !matches!(ins.keyword(), Keyword::Copy | Keyword::Add) {
                continue;
            }
            let Some(flag) = ins.command.flag("chmod") else {
                continue;
            };
            let Some(value) = flag.value() else {
                continue;
            };
            if grants_world_write(value) {
                out.push(Diagnostic::new(
                    flag.span,
                    format!(
                        "`--chmod={value}` makes the copied files writable by every user in the container; use `--chown` for the user that writes them and keep others read-only"
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{grants_world_write, WorldWritable};
    use crate::rules::run;

    #[test]
    fn modes() {
        for m in [
            "777", "0777", "666", "757", "a+rwx", "o+w", "ugo=rw", "u+x,o+w", "a=rwx",
        ] {
            assert!(grants_world_write(m), "{m}");
        }
        for m in [
            "755", "0644", "1777", "775", "+w", "u+w", "g+w", "o-w", "a-w", "a+rwxt", "o+r",
        ] {
            assert!(!grants_world_write(m), "{m}");
        }
    }

    #[test]
    fn chmod_in_run_and_copy_chmod() {
        let src = "FROM alpine:3.20\nRUN chmod -R 777 /app /data && chmod 1777 /scratch\nRUN chmod -R a+rwx /srv\nCOPY --chmod=666 conf /etc/app/\nCOPY --chmod=644 x /x\nRUN chmod 755 /bin/tool && chmod $MODE /y\n";
        let d = run(&WorldWritable, src);
        let at: Vec<&str> = d.iter().map(|d| d.span.slice(src)).collect();
        assert_eq!(at, ["777", "a+rwx", "--chmod=666"], "{d:?}");
        assert!(
            d[0].message.contains("`/app` and 1 more"),
            "{}",
            d[0].message
        );
    }
}
