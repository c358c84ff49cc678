//! credentials-in-url: a URL with a literal password (`postgres://app:s3cr3t@db/app`) in ENV, ARG
//! or RUN ends up in the image.

use crate::dockerfile::{Args, Instruction, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::Span;

pub struct CredentialsInUrl;

static META: RuleMeta = rule_meta! {
    id: "credentials-in-url",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Security,
    enabled_by_default: true,
    summary: "A URL with a password in ENV, ARG or RUN is stored in the image",
    why: "A URL's user information (`https://user:token@host`, `postgres://app:s3cr3t@db/app`) is \
a credential like any other, and where it is written decides who can read it: ENV values and ARG \
defaults are in the image configuration, and RUN commands are in the image history \
(`docker history --no-trunc`), for anyone who can pull the image. SecretsUsedInArgOrEnv looks at \
variable names only, so `ENV DATABASE_URL=postgres://app:s3cr3t@db/app` passes it. Pass the \
credential as a build secret (`RUN --mount=type=secret,id=pip_index ...`, or a `.netrc` / \
`git credential` helper read from a secret mount), or give the URL to the container at run time.\n\n\
Reported when a URL in ENV, ARG, RUN (heredocs and `ONBUILD` triggers included) has a literal \
password: `scheme://user:password@host`. A password taken from a variable (`:${TOKEN}@`) is left \
to SecretsUsedInArgOrEnv, which judges that variable; a URL with only a user name \
(`https://git@host`) has no password.",
    bad: "FROM python:3.12-slim\nENV DATABASE_URL=postgres://app:s3cr3t@db:5432/app\n",
    good: "FROM python:3.12-slim\nENV DATABASE_HOST=db DATABASE_NAME=app\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://docs.docker.com/build/building/secrets/",
        "https://cwe.mitre.org/data/definitions/798.html",
    ],
};

/// Each `scheme://user:password@` in `text`: the byte range of the password and the URL's scheme
/// and user, for the message.
pub(crate) fn url_passwords(text: &str) -> Vec<(std::ops::Range<usize>, String, String)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = text[from..].find("://").map(|p| p + from) {
        from = p + 3;
        let mut s = p;
        while s > 0 && (b[s - 1].is_ascii_alphanumeric() || b"+.-".contains(&b[s - 1])) {
            s -= 1;
        }
        if s == p || !b[s].is_ascii_alphabetic() {
            continue;
        }
        let scheme = &text[s..p];
        let auth_start = p + 3;
        let auth_end = text[auth_start..]
            .find(|c: char| c.is_whitespace() || "/?#\"'`;)(<>\\|".contains(c))
            .map_or(text.len(), |e| e + auth_start);
        let authority = &text[auth_start..auth_end];
        let Some(at) = authority.rfind('@') else {
            continue;
        };
        let userinfo = &authority[..at];
        let Some(colon) = userinfo.find(':') else {
            continue;
        };
        let (user, password) = (&userinfo[..colon], &userinfo[colon + 1..]);
        if password.is_empty() || password.contains('$') || at + 1 == authority.len() {
            continue;
        }
        let start = auth_start + colon + 1;
        out.push((
            start..start + password.len(),
            scheme.to_string(),
            user.to_string(),
        ));
    }
    out
}

/// Whether the instruction (or an ONBUILD trigger) is an ENV, ARG or RUN.
fn judged(ins: &Instruction) -> bool {
    match (&ins.command.keyword, &ins.command.args) {
        (Keyword::Env | Keyword::Arg | Keyword::Run, _) => true,
        (Keyword::Onbuild, Args::Onbuild(inner)) => {
            matches!(inner.keyword, Keyword::Env | Keyword::Arg | Keyword::Run)
        }
        _ => false,
    }
}

impl Rule for CredentialsInUrl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // Every URL is inside the file's text: a file without `://` has none.
        if memchr::memmem::find(cx.text.as_bytes(), b"://").is_none() {
            return;
        }
        for ins in cx.dockerfile.instructions().filter(|i| judged(i)) {
            let base = ins.span.start;
            for (range, scheme, user) in url_passwords(ins.span.slice(cx.text)) {
                let span = Span::new(base + range.start, base + range.end);
                let stored = match ins.keyword() {
                    Keyword::Run => "the image history",
                    _ => "the image configuration",
                };
                out.push(Diagnostic::new(
                    span,
                    format!(
                        "the URL `{scheme}://{user}:***@…` carries a password, which ends up in {stored}; pass it as a build secret (`RUN --mount=type=secret`) or at run time"
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{url_passwords, CredentialsInUrl};
    use crate::rules::run;

    #[test]
    fn finds_literal_passwords_only() {
        let pw = |t: &str| -> Vec<String> {
            url_passwords(t)
                .into_iter()
                .map(|(r, _, _)| t[r].to_string())
                .collect()
        };
        assert_eq!(pw("postgres://app:s3cr3t@db:5432/app"), ["s3cr3t"]);
        assert_eq!(
            pw("git clone https://bot:ghp_abc123@github.com/o/r.git"),
            ["ghp_abc123"]
        );
        assert_eq!(
            pw("https://user:${TOKEN}@host/x https://git@host/y"),
            Vec::<String>::new()
        );
        assert_eq!(pw("http://host:8080/path?a=b@c"), Vec::<String>::new());
        assert_eq!(pw("see mailto:x@y and ://odd"), Vec::<String>::new());
    }

    #[test]
    fn env_arg_and_run() {
        let src = "FROM python:3.12-slim\nENV DATABASE_URL=postgres://app:s3cr3t@db/app\nARG INDEX=https://ci:tok3n@pypi.example.com/simple\nRUN pip install --index-url https://ci:tok3n@pypi.example.com/simple x==1\nLABEL docs=https://x:y@example.com\nRUN curl -u \"$USER:$PASS\" https://example.com\n";
        let d = run(&CredentialsInUrl, src);
        let at: Vec<&str> = d.iter().map(|d| d.span.slice(src)).collect();
        assert_eq!(at, ["s3cr3t", "tok3n", "tok3n"], "{d:?}");
        assert!(
            !d[0].message.contains("s3cr3t"),
            "the message does not repeat the password"
        );
    }
}
