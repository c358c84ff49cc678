//! download-without-retry: `curl` downloads at build time without `--retry`.

use super::common::runs;
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::operands_with;
use crate::shell::{Context as Nest, Op};
use crate::source::TextEdit;

pub struct DownloadWithoutRetry;

static META: RuleMeta = rule_meta! {
    id: "download-without-retry",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Reproducibility,
    enabled_by_default: true,
    summary: "curl downloads without `--retry`",
    why: "A build that downloads over the network fails on the first dropped connection, DNS \
hiccup or 503 from a mirror, and CI reruns the whole build. curl does not retry by default; \
`--retry 3` makes it retry timeouts, connection resets and HTTP 408, 429, 500, 502, 503 and 504 \
with a growing delay. Add `--connect-timeout`/`--max-time` if a stalled server should fail the \
build instead of hanging it.\n\n\
Only curl is reported. GNU wget already retries (20 tries) and gives up on a stalled read after \
900 seconds by default, and BusyBox wget (Alpine) has no retry option to add, so flagging wget \
would be noise. `--fail` is a different matter (it makes HTTP errors fail instead of saving the \
error page) and does not count as a retry. Not reported: curl with `--retry` (any value but 0), \
inside a loop (which is taken to retry it) or with a `||` fallback, with a `-K`/`--config` file \
or when the file writes a `.curlrc` (options may be there), requests that are not downloads \
(`-X POST`, `-d`, `-F`, `-T`, `--json`, `-I`), `--version`/`--help`, and URLs on localhost. \
The fix (safe: it only changes what happens when a transfer fails) adds `--retry 3`.",
    bad: "FROM debian:12-slim\nRUN curl -fsSLo /tmp/tool.tgz https://example.com/tool.tgz\n",
    good: "FROM debian:12-slim\nRUN curl --retry 3 -fsSLo /tmp/tool.tgz https://example.com/tool.tgz\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://curl.se/docs/manpage.html#--retry",
        "https://www.gnu.org/software/wget/manual/wget.html#Download-Options",
    ],
};

/// curl options that take a value (so their value is not a URL).
const SHORT_VAL: &str = "AbcCdDeEFHKmoPQrtTuUwxXyYz";
const LONG_VAL: &[&str] = &[
    "output",
    "header",
    "user",
    "user-agent",
    "referer",
    "cert",
    "key",
    "cacert",
    "capath",
    "data",
    "data-raw",
    "data-binary",
    "data-urlencode",
    "data-ascii",
    "form",
    "form-string",
    "request",
    "max-time",
    "connect-timeout",
    "retry",
    "retry-delay",
    "retry-max-time",
    "proxy",
    "proxy-user",
    "resolve",
    "connect-to",
    "output-dir",
    "cookie",
    "cookie-jar",
    "config",
    "upload-file",
    "write-out",
    "range",
    "limit-rate",
    "speed-limit",
    "speed-time",
    "interface",
    "dns-servers",
    "continue-at",
    "max-filesize",
    "max-redirs",
    "proto",
    "proto-redir",
    "oauth2-bearer",
    "netrc-file",
    "trace",
    "trace-ascii",
    "stderr",
    "unix-socket",
    "time-cond",
    "json",
    "url",
    "ciphers",
    "tls-max",
    "expect100-timeout",
    "keepalive-time",
    "happy-eyeballs-timeout-ms",
    "pinnedpubkey",
    "crlfile",
    "cert-type",
    "key-type",
    "pass",
    "variable",
    "url-query",
    "aws-sigv4",
];

fn local(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .split_once("://")
        .map_or(lower.as_str(), |(scheme, rest)| {
            if scheme == "file" {
                "localhost"
            } else {
                rest
            }
        });
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    host.starts_with("localhost")
        || host.starts_with("127.")
        || host.starts_with("[::1]")
        || host.starts_with("0.0.0.0")
}

impl Rule for DownloadWithoutRetry {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_program(&["curl"]) {
            return;
        }
        if cx.text.contains(".curlrc") {
            return;
        }
        for run in runs(cx) {
            for c in run.commands() {
                let v = c.unwrapped();
                let Some(name) = v.name else { continue };
                if name.has_expansion || v.program() != Some("curl") {
                    continue;
                }
                if c.nesting.iter().any(|n| matches!(n, Nest::Loop))
                    || c.prev_op == Some(Op::Or)
                    || c.next_op == Some(Op::Or)
                {
                    continue;
                }
                let retry = v.flag_value(None, Some("retry"));
                if retry.as_ref().is_some_and(|r| r.text != "0") {
                    continue;
                }
                let not_download = v.has_flag(Some('K'), Some("config"))
                    || v.has_flag(Some('V'), Some("version"))
                    || v.has_flag(Some('h'), Some("help"))
                    || v.has_flag(Some('I'), Some("head"))
                    || v.has_flag(Some('d'), Some("data"))
                    || v.has_flag(Some('F'), Some("form"))
                    || v.has_flag(Some('T'), Some("upload-file"))
                    || v.has_flag(None, Some("json"))
                    || v.args.iter().any(|a| a.text.starts_with("--data"))
                    || v.flag_value(Some('X'), Some("request"))
                        .is_some_and(|m| !m.text.eq_ignore_ascii_case("GET"));
                if not_download {
                    continue;
                }
                let mut urls: Vec<String> = operands_with(v.args, SHORT_VAL, LONG_VAL)
                    .into_iter()
                    .map(|w| w.text.clone())
                    .collect();
                urls.extend(v.flag_values(None, Some("url")).into_iter().map(|f| f.text));
                if urls.is_empty() || urls.iter().all(|u| local(u)) {
                    continue;
                }
                let mut d = Diagnostic::new(
                    c.span,
                    "curl downloads without `--retry`: one dropped connection or 5xx from the server fails the build; add `--retry 3`",
                );
                if retry.is_none() {
                    // Exec form: the word is a JSON string.
                    let written = name.span.slice(cx.text);
                    let insert = if written == name.raw {
                        Some(" --retry 3")
                    } else if written.starts_with('"') {
                        Some(", \"--retry\", \"3\"")
                    } else {
                        None
                    };
                    if let Some(text) = insert {
                        d = d.with_fix(Fix::safe(
                            "Add `--retry 3` to curl",
                            vec![TextEdit::insert(name.span.end, text)],
                        ));
                    }
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DownloadWithoutRetry as R;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    fn n(script: &str) -> usize {
        run(&R, &format!("FROM debian:12\nRUN {script}\n")).len()
    }

    #[test]
    fn downloads_without_retry() {
        for bad in [
            "curl -fsSL https://deb.nodesource.com/setup_20.x | bash -",
            "curl -o /tmp/x.tgz $URL && tar xzf /tmp/x.tgz",
            "sudo curl -LO https://x/y",
            "VERSION=$(curl -s https://api.github.com/repos/a/b/releases/latest)",
            "curl --retry 0 https://x/y",
            "curl example.com/file",
        ] {
            assert_eq!(n(bad), 1, "{bad}");
        }
        let src = "FROM a:1\nRUN [\"curl\", \"-fLo\", \"/x\", \"https://x/y\"]\n";
        let d = run(&R, src);
        assert_eq!(d.len(), 1, "exec form");
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(
            out,
            "FROM a:1\nRUN [\"curl\", \"--retry\", \"3\", \"-fLo\", \"/x\", \"https://x/y\"]\n"
        );
        assert!(run(&R, &out).is_empty());
    }

    #[test]
    fn acceptable_or_not_downloads() {
        for ok in [
            "curl --retry 5 -fsSL https://x/y",
            "curl -fsSL --retry=3 https://x/y",
            "for i in 1 2 3; do curl -f https://x && break || sleep 1; done",
            "curl -f https://a/x || curl -f https://b/x",
            "curl -X POST https://x/hook",
            "curl -d a=b https://x/",
            "curl --version",
            "curl -f http://localhost:8080/health",
            "curl -K /etc/curl.conf",
            "wget -q https://x/y",
            "curl",
            "echo retry = 3 >> ~/.curlrc && curl https://x/y",
        ] {
            assert_eq!(n(ok), 0, "{ok}");
        }
    }

    #[test]
    fn fix_adds_retry() {
        let src = "FROM a:1\nRUN sudo /usr/bin/curl -fsSLo f https://x/y\n";
        let d = run(&R, src);
        assert_eq!(d.len(), 1);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(
            out,
            "FROM a:1\nRUN sudo /usr/bin/curl --retry 3 -fsSLo f https://x/y\n"
        );
        assert!(run(&R, &out).is_empty());
        let d = run(&R, "FROM a:1\nRUN curl --retry 0 https://x/y\n");
        assert!(
            d[0].fix.is_none(),
            "an explicit --retry 0 is left to the author"
        );
    }
}
