//! The ShellCheck checks hadolint reports most often on real Dockerfiles, implemented natively
//! (see `sc.rs` for the analysis). Codes and severities are ShellCheck's, mapped as hadolint maps
//! them (error, warning, info, style).

use super::sc;
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

/// What every ShellCheck rule's docs say about where the code runs and how it differs.
macro_rules! common_why {
    () => {
        "\n\nLike hadolint, shipshape checks the shell code of RUN (shell form, `sh -c` exec form \
and `RUN <<EOF` bodies) under the SHELL in effect; PowerShell and cmd scripts are not checked \
(hadolint 2.15 runs ShellCheck on some PowerShell RUNs again, a regression its maintainers fixed \
after the release, hadolint #1228). Unlike hadolint, which prints only the last ShellCheck finding \
of each RUN, every finding is reported at its own position: hadolint's findings compare equal when \
they are on the same line (the `Ord` instance of `CheckFailure` in its Rule.hs looks at the line \
only) and it collects a RUN's ShellCheck findings in a set, so all but one are dropped. Heredocs \
fed to a shell (`RUN bash <<EOF`) or with a shebang are checked in their own shell, as BuildKit \
runs them (hadolint #806, #1137)."
    };
}

macro_rules! sc_rule {
    ($name:ident, $code:literal, $sev:expr, $cat:expr, $fix:literal, $summary:literal, $why:literal, $bad:literal, $good:literal) => {
        pub struct $name;

        impl $name {
            const META: RuleMeta = rule_meta! {
                id: $code,
                aliases: &[],
                severity: $sev,
                category: $cat,
                enabled_by_default: true,
                summary: $summary,
                why: concat!($why, common_why!()),
                bad: $bad,
                good: $good,
                has_fix: $fix,
                files: &[],
                references: &[
                    concat!("https://www.shellcheck.net/wiki/", $code),
                    "https://github.com/hadolint/hadolint/blob/master/src/Hadolint/Rule.hs",
                    "https://github.com/hadolint/hadolint/blob/master/src/Hadolint/Rule/Shellcheck.hs",
                    "https://github.com/hadolint/hadolint/issues/1228",
                    "https://docs.docker.com/reference/dockerfile/#here-documents",
                ],
            };
        }

        impl Rule for $name {
            fn meta(&self) -> &'static RuleMeta {
                static M: RuleMeta = $name::META;
                &M
            }
            fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
                emit(cx, $code, out);
            }
            fn reads_memo(&self) -> bool {
                true
            }
        }
    };
}

fn emit(cx: &Context<'_>, code: &str, out: &mut Vec<Diagnostic>) {
    for f in sc::findings(cx).iter().filter(|f| f.code == code) {
        let mut d = Diagnostic::new(f.span, f.message.clone());
        if let Some(edits) = &f.fix {
            let edits: Vec<TextEdit> = edits
                .iter()
                .map(|(span, text)| TextEdit::new(*span, text.clone()))
                .collect();
            let fix = match code {
                "SC2155" => Fix::unsafe_("Assign first, then export", edits),
                "SC2268" => Fix::safe("Drop the `x` prefixes", edits),
                "SC2005" => Fix::unsafe_("Run the command instead of echoing its output", edits),
                "SC2028" => Fix::unsafe_("Use printf", edits),
                "SC2251" => Fix::unsafe_("Exit when the command succeeds", edits),
                "SC2102" => Fix::unsafe_("Quote the word", edits),
                "SC3040" => {
                    let shell = if edits.iter().any(|e| e.replacement.contains("ash\"")) {
                        "ash"
                    } else {
                        "bash"
                    };
                    Fix::unsafe_(
                        format!("Run this stage's RUN steps with {shell} (SHELL)"),
                        edits,
                    )
                }
                _ => Fix::unsafe_("Add double quotes", edits),
            };
            d = d.with_fix(fix);
        }
        out.push(d);
    }
}

sc_rule!(
    Sc2086,
    "SC2086",
    Severity::Info,
    Category::Correctness,
    true,
    "Unquoted variable expansion is split into words and glob-expanded",
    "An unquoted `$VAR` is not one argument: the shell splits its value at blanks and expands \
`*`, `?` and `[...]` against the file system. A path with a space becomes two arguments, and a \
value like `*.jar` turns into whatever files happen to match. Write `\"$VAR\"`.\n\n\
As in ShellCheck, a variable is not reported when every value that can reach it is known to be \
free of blanks and glob characters (`V=1.2.3`, arithmetic, `$#`, `$?`, loop variables over such \
words), and, as in hadolint, variables declared by ARG or ENV earlier in the stage (or in the \
local stage it is built on) are taken as deliberately unquoted (package lists, flags). \
Expansions in assignments, `[[ ]]`, `case` and \
`for` words, arithmetic and in the command name are not split and not reported; neither are \
`$@` and `${arr[@]}` (ShellCheck's SC2068), `${#x}` and `${x:+...}`. The fix (unsafe: it stops \
deliberate splitting) adds the double quotes.",
    "FROM debian:bookworm-slim\nRUN cp /etc/hosts $HOME/\n",
    "FROM debian:bookworm-slim\nRUN cp /etc/hosts \"$HOME\"/\n"
);

sc_rule!(
    Sc2046,
    "SC2046",
    Severity::Warning,
    Category::Correctness,
    true,
    "Unquoted command substitution is split into words and glob-expanded",
    "The output of an unquoted `$(...)` is split at blanks and newlines and each piece is \
glob-expanded, so a file name with a space becomes two arguments and a `*` in the output \
matches files. Quote it (`\"$(...)\"`) when the output is one value; to pass a list, read it \
into separate arguments deliberately (`xargs`, a `while read` loop).\n\n\
As in ShellCheck, substitutions of `seq` and `pgrep` (meant to be split), the command word, and \
substitutions in assignments, `[[ ]]`, `case` and `for` words are not reported. The fix (unsafe: \
it stops deliberate splitting) adds the double quotes.",
    "FROM debian:bookworm-slim\nRUN rm $(find /tmp -name '*.log')\n",
    "FROM debian:bookworm-slim\nRUN find /tmp -name '*.log' -delete\n"
);

sc_rule!(
    Sc2155,
    "SC2155",
    Severity::Warning,
    Category::Correctness,
    true,
    "`export X=$(cmd)` hides the failure of cmd",
    "`export`, `local`, `declare`, `readonly` and `typeset` return their own status, not that of \
a command substitution in their arguments: in `export VERSION=$(cat /VERSION) && make` a missing \
file leaves VERSION empty and the build goes on. Assign first (`VERSION=$(cat /VERSION)`), then \
`export VERSION`.\n\n\
As in ShellCheck, `local -r`/`declare -r` are accepted. The fix (unsafe: the command's failure \
now stops the chain) rewrites a lone `export X=$(...)` into `X=$(...) && export X`.",
    "FROM debian:bookworm-slim\nRUN export VERSION=\"$(cat /etc/debian_version)\" && echo \"$VERSION\"\n",
    "FROM debian:bookworm-slim\nRUN VERSION=\"$(cat /etc/debian_version)\" && export VERSION && echo \"$VERSION\"\n"
);

sc_rule!(
    Sc2251,
    "SC2251",
    Severity::Info,
    Category::Correctness,
    true,
    "`! cmd` as a statement does not fail the script under `set -e`",
    "`set -e` ignores the status of a command negated with `!`, so `! grep -q pattern file` on a \
line of its own never stops the script, whatever grep finds: the check the author meant does \
nothing. Write `grep -q pattern file && exit 1`, or test the status explicitly.\n\n\
As in ShellCheck, only scripts that use `set -e` are checked, and a `!` in a condition (`if !`, \
`while !`, `! a && b`) or as the last command (whose status is the script's) is fine.\n\nThe fix (unsafe: the build now stops where it went on) rewrites `! cmd` into \
`if cmd; then exit 1; fi`, the check the author meant.",
    "FROM debian:bookworm-slim\nRUN set -e; \\\n    ! grep -q buster /etc/os-release; \\\n    echo checked\n",
    "FROM debian:bookworm-slim\nRUN set -e; \\\n    if grep -q buster /etc/os-release; then exit 1; fi; \\\n    echo checked\n"
);

sc_rule!(
    Sc2043,
    "SC2043",
    Severity::Warning,
    Category::Correctness,
    false,
    "`for` loop over a single word runs exactly once",
    "`for key in ABC123; do ...` iterates once, over the literal word. Usually a list was meant \
and got collapsed into one quoted string, or a glob or variable was forgotten; when one item is \
really all there is, the loop only adds noise.\n\n\
As in ShellCheck, words that expand (variables, command substitutions, globs, brace \
expansions) are not reported; a single double-quoted expansion is ShellCheck's SC2066, a single \
single-quoted string its SC2041, and a word with commas its SC2042.",
    "FROM debian:bookworm-slim\nRUN for key in 6A010C5166006599AA17F08146C2130DFD2497F5; do \\\n      gpg --batch --recv-keys \"$key\"; \\\n    done\n",
    "FROM debian:bookworm-slim\nRUN gpg --batch --recv-keys 6A010C5166006599AA17F08146C2130DFD2497F5\n"
);

sc_rule!(
    Sc2028,
    "SC2028",
    Severity::Info,
    Category::Correctness,
    true,
    "`echo` with backslash escapes that it may print literally",
    "Whether `echo 'a\\tb'` prints a tab depends on the shell: dash's and BusyBox's echo \
interpret escapes, bash's does not (without `-e`), so the same RUN writes different files on \
Debian and on an image whose SHELL is bash. `printf 'a\\tb\\n'` behaves the same everywhere.\n\n\
As in ShellCheck, echo with an `-e` option is not reported, and neither is a script run by dash \
or ash (`SHELL [\"/bin/ash\", ...]`), whose echo does interpret the escapes.\n\nFor `echo` with one quoted argument the fix writes `printf` and adds the final `\\n`. It is \
unsafe: under bash the output changes to what the escapes say (under dash it is the same). An \
argument with `%`, `\\0` or `\\c`, which printf reads differently, gets no fix.",
    "FROM php:8.3-apache\nRUN echo '\\tSetHandler application/x-httpd-php' >> /etc/apache2/conf-available/php.conf\n",
    "FROM php:8.3-apache\nRUN printf '\\tSetHandler application/x-httpd-php\\n' >> /etc/apache2/conf-available/php.conf\n"
);

sc_rule!(
    Sc2016,
    "SC2016",
    Severity::Info,
    Category::Correctness,
    false,
    "`$VAR` or backquotes inside single quotes are not expanded",
    "Single quotes keep everything literal: `echo 'export PATH=$HOME/bin'` writes the text \
`$HOME/bin`. That is often intended (a script written for later), but just as often a double \
quote was meant. Use double quotes to expand now, or escape the `$` inside double quotes to make \
the intent obvious.\n\n\
As in ShellCheck, arguments of programs that take their own `$` syntax are not reported: `awk`, \
`perl`, `sh`/`bash -c`, `ssh`, `sudo`, `docker`, `jq`, `eval`, `trap`, `sed` expressions like \
`$p` or `$d`, and `PS1`-style assignments.",
    "FROM debian:bookworm-slim\nRUN echo 'Logged in as $USER' > /etc/motd\n",
    "FROM debian:bookworm-slim\nRUN echo \"Built by $(id -un)\" > /etc/motd\n"
);

sc_rule!(
    Sc2102,
    "SC2102",
    Severity::Info,
    Category::Correctness,
    true,
    "Unquoted `[...]` is a one-character glob, not a list of words",
    "Unquoted square brackets are a glob character class: `pip install ./pkg[dev,test]` asks the \
shell for files named `./pkgd`, `./pkge`, ... If one exists the argument is silently replaced; if \
not, the word happens to survive unchanged. Quote it: `\"./pkg[dev,test]\"`.\n\n\
As in ShellCheck, brackets are reported when a character repeats inside them (a sign that words, \
not characters, were meant); `tr` and `read` arguments are not checked.\n\nThe fix double-quotes the word when it is plain text with no other glob character. It is \
unsafe only if a file matching the bracket exists, whose name the shell used instead.",
    "FROM python:3.12-slim\nCOPY . /src\nRUN pip install --no-cache-dir /src[dev,test]\n",
    "FROM python:3.12-slim\nCOPY . /src\nRUN pip install --no-cache-dir \"/src[dev,test]\"\n"
);

sc_rule!(
    Sc3040,
    "SC3040",
    Severity::Warning,
    Category::Correctness,
    true,
    "`set -o` option that POSIX sh does not define (e.g. pipefail)",
    "`set -o pipefail` is a bash/ksh/BusyBox feature: Debian's and Ubuntu's `/bin/sh` is dash, \
whose `set` rejects unknown options and fails the RUN (older dash) or behaves differently. Use \
`SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` on images that have bash; Alpine's ash \
supports pipefail (say so with `SHELL [\"/bin/ash\", ...]`).\n\n\
As in ShellCheck, only scripts run by plain `sh` are checked: SHELL set to bash, dash, ash or \
ksh silences the rule. Options POSIX defines (`errexit`, `nounset`, `xtrace`, ...) are fine.\n\nThe fix (unsafe) inserts `SHELL [\"/bin/bash\", \"-c\"]` at the top of the stage (`/bin/ash` \
on Alpine and BusyBox images, whose `sh` is ash anyway), keeping the script's own `set -o`. The \
image must have that shell, and every RUN of the stage (and of stages built on it) runs in it, \
where for example `echo` no longer interprets backslash escapes.",
    "FROM debian:bookworm-slim\nRUN set -eo pipefail; curl -fsSL https://example.com | tar -xz\n",
    "FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com | tar -xz\n"
);

sc_rule!(
    Sc2005,
    "SC2005",
    Severity::Style,
    Category::Style,
    true,
    "`echo $(cmd)` instead of running `cmd`",
    "`echo $(date)` runs `date`, captures its output, and prints it again: slower, and the \
unquoted form also squeezes the spacing. Run the command itself (`date > /build-date`).\n\n\
As in ShellCheck, only an echo whose single argument is exactly one command substitution is \
reported; `echo \"$(<file)\"` (a redirection, not a command) is not.\n\nThe fix (unsafe) replaces `echo \"$(cmd)\"` with `cmd`, keeping the redirections. The output \
can differ in whitespace: the substitution drops trailing newlines and echo adds one, and \
unquoted it squeezes blanks.",
    "FROM debian:bookworm-slim\nRUN echo \"$(date -u +%FT%TZ)\" > /build-date\n",
    "FROM debian:bookworm-slim\nRUN date -u +%FT%TZ > /build-date\n"
);

sc_rule!(
    Sc2268,
    "SC2268",
    Severity::Style,
    Category::Style,
    true,
    "`[ \"x$a\" = \"xfoo\" ]`: the x prefix is no longer needed",
    "Prefixing both sides of a comparison with `x` protected against ancient shells that \
mistook values starting with `-` for operators. Every shell in a container image handles \
`[ \"$a\" = foo ]` correctly; the prefix only makes the test harder to read.\n\n\
As in ShellCheck, `=`, `==` and `!=` comparisons in `[ ]`, `test` and `[[ ]]` are reported when \
both sides start with `x`.\n\nThe fix deletes both `x`s and is safe, applied only where the result is read the same: the \
words stay single non-empty words, and a `[ ]` or `test` with more than one comparison (`-a`, \
`-o`), where odd values can still confuse the parser, is left alone.",
    "FROM debian:bookworm-slim\nARG SKIP\nRUN if [ \"x$SKIP\" = \"x\" ]; then echo build; fi\n",
    "FROM debian:bookworm-slim\nARG SKIP\nRUN if [ -z \"$SKIP\" ]; then echo build; fi\n"
);

#[cfg(test)]
mod fix_tests {
    use super::*;
    use crate::diagnostics::{apply_edits, Applicability};

    /// The text after applying the fix of the first finding of `rule` in `FROM <base>\nRUN <body>`.
    fn fixed_with(rule: &dyn Rule, base: &str, body: &str) -> Option<String> {
        let src = format!("FROM {base}\nRUN {body}\n");
        let d = crate::rules::run(rule, &src);
        assert!(!d.is_empty(), "{} does not fire on {body}", rule.meta().id);
        let fix = d[0].fix.as_ref()?;
        let out = apply_edits(&src, &fix.edits).unwrap();
        // A fix must remove the finding it was offered for.
        let after = crate::rules::run(rule, &out);
        assert!(
            after
                .iter()
                .all(|a| a.span.start != d[0].span.start || a.fix.is_none()),
            "{}: still reported after fixing:\n{out}",
            rule.meta().id
        );
        Some(
            out.strip_prefix(&format!("FROM {base}\n"))
                .unwrap()
                .to_string(),
        )
    }

    fn fixed(rule: &dyn Rule, body: &str) -> Option<String> {
        fixed_with(rule, "debian:12", body)
    }

    #[test]
    fn sc2268_drops_the_prefixes_safely() {
        let d = crate::rules::run(&Sc2268, "FROM a:1\nRUN [ \"x$A\" = \"x\" ]\n");
        assert_eq!(
            d[0].fix.as_ref().unwrap().applicability,
            Applicability::Safe
        );
        assert_eq!(
            fixed(&Sc2268, "if [ \"x$A\" = \"xyes\" ]; then b; fi").unwrap(),
            "RUN if [ \"$A\" = \"yes\" ]; then b; fi\n"
        );
        assert_eq!(
            fixed(&Sc2268, "test x\"$A\" != xno && b").unwrap(),
            "RUN test \"$A\" != no && b\n"
        );
        assert_eq!(
            fixed(&Sc2268, "[[ x$A == x ]] || b").as_deref(),
            None,
            "`[[ $A == ]]` is a syntax error"
        );
        assert_eq!(
            fixed(&Sc2268, "[[ x$A == xfoo* ]] || b").unwrap(),
            "RUN [[ $A == foo* ]] || b\n"
        );
        assert_eq!(
            fixed(&Sc2268, "[ x$A = xyes ]"),
            None,
            "an unquoted `$A` alone would be split"
        );
        assert_eq!(
            fixed(&Sc2268, "[ \"x$A\" = \"x1\" -a \"x$B\" = \"x2\" ]"),
            None,
            "-a/-o tests keep their prefixes"
        );
    }

    #[test]
    fn sc2005_runs_the_command() {
        assert_eq!(
            fixed(&Sc2005, "echo \"$(date -u +%F)\" > /build-date").unwrap(),
            "RUN date -u +%F > /build-date\n"
        );
        assert_eq!(
            fixed(&Sc2005, "a && echo `cat /x | sort` >> /y").unwrap(),
            "RUN a && cat /x | sort >> /y\n"
        );
        assert_eq!(fixed(&Sc2005, "echo $(a && b) > /y"), None);
        assert_eq!(fixed(&Sc2005, "X=1 echo $(a)"), None);
    }

    #[test]
    fn sc2028_uses_printf() {
        assert_eq!(
            fixed(&Sc2028, "echo 'a\\tb' >> /f").unwrap(),
            "RUN printf 'a\\tb\\n' >> /f\n"
        );
        assert_eq!(
            fixed(&Sc2028, "echo \"a\\tb\"").unwrap(),
            "RUN printf \"a\\tb\\n\"\n"
        );
        assert_eq!(
            fixed(&Sc2028, "echo '100%\\n'"),
            None,
            "% is a printf directive"
        );
        assert_eq!(fixed(&Sc2028, "echo \"$A\\tb\""), None);
        assert_eq!(fixed(&Sc2028, "echo 'a\\tb' c"), None);
    }

    #[test]
    fn sc2251_exits_explicitly() {
        assert_eq!(
            fixed(&Sc2251, "set -e; ! grep -q x /f; echo ok").unwrap(),
            "RUN set -e; if grep -q x /f; then exit 1; fi; echo ok\n"
        );
        assert_eq!(
            fixed(&Sc2251, "set -e; ! a | b; c").unwrap(),
            "RUN set -e; if a | b; then exit 1; fi; c\n"
        );
        assert_eq!(fixed(&Sc2251, "set -e; ! grep x /f > /dev/null; c"), None);
    }

    #[test]
    fn sc2102_quotes_the_word() {
        assert_eq!(
            fixed(&Sc2102, "pip install /src[dev,test]").unwrap(),
            "RUN pip install \"/src[dev,test]\"\n"
        );
        assert_eq!(fixed(&Sc2102, "pip install $SRC[dev,test]"), None);
    }

    #[test]
    fn sc3040_declares_the_shell() {
        assert_eq!(
            fixed(&Sc3040, "set -o pipefail && a | b").unwrap(),
            "SHELL [\"/bin/bash\", \"-c\"]\nRUN set -o pipefail && a | b\n"
        );
        assert_eq!(
            fixed_with(&Sc3040, "alpine:3.20", "set -eo pipefail; a | b").unwrap(),
            "SHELL [\"/bin/ash\", \"-c\"]\nRUN set -eo pipefail; a | b\n"
        );
        // At the top of the stage, the same edit for every finding of the stage: one line in all.
        let src = "FROM a:1 AS b\n# hadolint ignore=DL3008\nRUN x\nRUN set -o pipefail; a | b\nRUN set -o pipefail; c | d\nFROM b\nRUN set -o pipefail; e | f\n";
        let d = crate::rules::run(&Sc3040, src);
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].fix, d[1].fix);
        assert_ne!(d[1].fix, d[2].fix);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(
            out,
            "FROM a:1 AS b\nSHELL [\"/bin/bash\", \"-c\"]\n# hadolint ignore=DL3008\nRUN x\nRUN set -o pipefail; a | b\nRUN set -o pipefail; c | d\nFROM b\nRUN set -o pipefail; e | f\n"
        );
        assert!(
            crate::rules::run(&Sc3040, &out).is_empty(),
            "the stage built on it inherits the SHELL"
        );
        // `sh -c '...'` in exec form is run by sh whatever SHELL says: no fix.
        let src = "FROM a:1\nRUN [\"sh\", \"-c\", \"set -o pipefail; a | b\"]\n";
        let d = crate::rules::run(&Sc3040, src);
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
    }
}

sc_rule!(
    Sc1007,
    "SC1007",
    Severity::Warning,
    Category::Correctness,
    false,
    "`NAME= value` runs `value` as a command with NAME empty",
    "A space after `=` ends the assignment: `VERSION= 1.2 make` sets VERSION to the empty string \
for one command and tries to run `1.2`. Remove the space to assign the value; to set it empty on \
purpose, write `NAME=''` so the next reader sees it is meant.\n\n\
As in ShellCheck, `IFS= read` and an empty assignment that ends the command (`A= && b`) are not \
reported.",
    "FROM debian:bookworm-slim\nRUN ARCH= uname -m\n",
    "FROM debian:bookworm-slim\nRUN ARCH='' uname -m\n"
);

sc_rule!(
    Sc2021,
    "SC2021",
    Severity::Info,
    Category::Correctness,
    false,
    "`tr '[a-z]' '[A-Z]'`: brackets are literal characters to tr",
    "tr's arguments are sets of characters, not regular expressions: `tr '[a-z]' '[A-Z]'` works \
only by accident (the `[` and `]` map to themselves), and `tr -d '[0-9]'` also deletes square \
brackets. Write the ranges without brackets (`tr 'a-z' 'A-Z'`), or use a class (`'[:upper:]'`).",
    "FROM alpine:3.20\nRUN echo \"$NAME\" | tr -d '[0-9]' > /name\n",
    "FROM alpine:3.20\nRUN echo \"$NAME\" | tr -d '0-9' > /name\n"
);

sc_rule!(
    Sc2185,
    "SC2185",
    Severity::Info,
    Category::Correctness,
    false,
    "`find` without a path",
    "GNU find searches `.` when no path is given, but BusyBox (Alpine) and BSD find require one: \
`find -name '*.pyc' -delete` fails there. Name the starting point (`find . -name ...`).",
    "FROM alpine:3.20\nWORKDIR /app\nRUN find -name '*.pyc' -delete\n",
    "FROM alpine:3.20\nWORKDIR /app\nRUN find . -name '*.pyc' -delete\n"
);

sc_rule!(
    Sc2196,
    "SC2196",
    Severity::Info,
    Category::Style,
    false,
    "`egrep` is deprecated: use `grep -E`",
    "`egrep` and `fgrep` are not in POSIX, and GNU grep 3.8 and later print a warning every time \
they run. `grep -E` does the same thing everywhere.",
    "FROM debian:bookworm-slim\nRUN egrep -q '^root:' /etc/passwd\n",
    "FROM debian:bookworm-slim\nRUN grep -Eq '^root:' /etc/passwd\n"
);

sc_rule!(
    Sc3037,
    "SC3037",
    Severity::Warning,
    Category::Correctness,
    false,
    "`echo -n` / `echo -e` in POSIX sh",
    "POSIX leaves echo's options undefined: dash (Debian's and Ubuntu's /bin/sh) prints `-e` as \
text and interprets backslashes anyway, BusyBox accepts them. A RUN under the default \
`/bin/sh -c` behaves differently on different base images. Use `printf` (`printf '%s' \"$x\"` for \
`echo -n`, `printf 'a\\nb\\n'` for `echo -e`). Only plain sh is reported here; dash and ash \
have their own rules in ShellCheck.",
    "FROM debian:bookworm-slim\nRUN echo -n \"$VERSION\" > /version\n",
    "FROM debian:bookworm-slim\nRUN printf '%s' \"$VERSION\" > /version\n"
);

sc_rule!(
    Sc3046,
    "SC3046",
    Severity::Warning,
    Category::Correctness,
    false,
    "`source` in POSIX sh: use `.`",
    "`source` is a bash builtin; POSIX sh spells it `.`, and dash (Debian's and Ubuntu's /bin/sh, \
which runs RUN by default) has no `source`: `RUN source /venv/bin/activate` fails with \
`source: not found`. Use `. /venv/bin/activate`, or set `SHELL [\"/bin/bash\", \"-c\"]`.",
    "FROM debian:bookworm-slim\nRUN source /etc/os-release && echo \"$ID\"\n",
    "FROM debian:bookworm-slim\nRUN . /etc/os-release && echo \"$ID\"\n"
);

sc_rule!(
    Sc3028,
    "SC3028",
    Severity::Warning,
    Category::Correctness,
    false,
    "A bash-only variable (`$RANDOM`, `$HOSTNAME`, `$UID`) in POSIX sh",
    "bash sets `RANDOM`, `SECONDS`, `HOSTNAME`, `UID`, `EUID`, `OSTYPE` and a few others itself; \
POSIX sh, dash (Debian's and Ubuntu's /bin/sh, which runs RUN by default) and ash do not, so the \
expansion is empty: `useradd -u $UID app` runs as `useradd -u app`. Use a portable source \
(`$(id -u)`, `$(hostname)`, `$(od -An -N2 -tu2 /dev/urandom)`) or set \
`SHELL [\"/bin/bash\", \"-c\"]`.\n\n\
As in ShellCheck, a variable the script (or an ARG/ENV) assigns itself is not reported, except \
`RANDOM` and `SECONDS`, which stay special in bash.",
    "FROM debian:bookworm-slim\nRUN echo \"build on $HOSTNAME\" > /built-on\n",
    "FROM debian:bookworm-slim\nRUN echo \"build on $(hostname)\" > /built-on\n"
);

sc_rule!(
    Sc2154,
    "SC2154",
    Severity::Warning,
    Category::Correctness,
    false,
    "A variable is read but never assigned",
    "A lowercase variable that nothing in the RUN assigns (no `x=`, `read x`, `for x`, …) and no \
ARG or ENV of the stage declares expands to nothing: usually a typo (`$verison`) or a value that \
was meant to come from an ARG. Declare it with ARG (or ENV), or assign it first; `${x:-default}` \
states that empty is expected.\n\n\
As in ShellCheck, upper-case names are not reported (they normally come from the environment), \
and neither are expansions with a default or an error message (`${x:-d}`, `${x:?msg}`).",
    "FROM debian:bookworm-slim\nRUN curl -fsSLo /tmp/app.tgz \"https://example.com/app-$version.tgz\"\n",
    "FROM debian:bookworm-slim\nARG version=1.4.2\nRUN curl -fsSLo /tmp/app.tgz \"https://example.com/app-$version.tgz\"\n"
);

sc_rule!(
    Sc2153,
    "SC2153",
    Severity::Info,
    Category::Correctness,
    false,
    "An upper-case variable that is never assigned looks like a misspelling of one that is",
    "Upper-case variables usually come from the environment, so a reference to one that nothing \
assigns is normally fine; but when it is one letter away from a name the RUN (or an ARG/ENV) \
does assign (`$APP_VERSON` next to `ARG APP_VERSION`), it is almost always a typo, and it expands \
to nothing.\n\n\
As in ShellCheck, names up to four characters need an exact one-edit match, longer names (over \
seven characters) may be two edits away, and the usual environment variables (`HOME`, `PATH`, \
`TARGETARCH`, …) are never reported.",
    "FROM debian:bookworm-slim\nARG APP_VERSION=1.4.2\nRUN echo \"$APP_VERSON\" > /version\n",
    "FROM debian:bookworm-slim\nARG APP_VERSION=1.4.2\nRUN echo \"$APP_VERSION\" > /version\n"
);

sc_rule!(
    Sc3036,
    "SC3036",
    Severity::Error,
    Category::Correctness,
    false,
    "An echo option dash (or BusyBox ash) does not support",
    "dash's echo understands only `-n`; BusyBox ash's `-n` and `-e`. Any other option is printed as \
text: under `SHELL [\"/bin/dash\", \"-c\"]`, `echo -e 'a\\tb'` writes `-e a<TAB>b` into the \
file. Use `printf`.\n\n\
As in ShellCheck, this is judged only when the RUN's shell is dash or ash; in plain POSIX sh every \
echo option is SC3037.",
    "FROM debian:bookworm-slim\nSHELL [\"/bin/dash\", \"-c\"]\nRUN echo -e 'name\\tvalue' > /table\n",
    "FROM debian:bookworm-slim\nSHELL [\"/bin/dash\", \"-c\"]\nRUN printf 'name\\tvalue\\n' > /table\n"
);
