//! SecretsUsedInArgOrEnv: ARG/ENV names that look like secrets end up in the image history.

use crate::dockerfile::{model::arg_decls, Args, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct SecretsUsedInArgOrEnv;

static META: RuleMeta = rule_meta! {
    id: "SecretsUsedInArgOrEnv",
    aliases: &["DL3064"],
    severity: Severity::Warning,
    category: Category::Security,
    enabled_by_default: true,
    summary: "ARG or ENV name suggests a secret",
    why: "Build arguments and environment variables are stored in the image configuration and history: \
anyone who can pull the image can read them. Pass secrets with `RUN --mount=type=secret` instead. \
Like BuildKit, a name is reported when one of its `_`-separated words is apikey, auth, credential(s), \
key, password, pword, passwd, secret or token, unless another word is public, file or version \
(`GPG_KEY_FILE`, `API_TOKEN_VERSION` are fine).

hadolint's DL3064 is the same check with other name rules; shipshape reports one finding for both \
(`# hadolint ignore=DL3064` silences it). We keep BuildKit's word rules on purpose: hadolint matches \
substrings and a fixed list, so it reports `TOKENIZERS_PARALLELISM` (token), `DB_PASSWORD_FILE` (the \
path to a mounted secret is the recommended pattern), and identifiers such as `DOCKER_USERNAME`, \
`TRAVIS_OS_NAME` or `FACEBOOK_APP_ID`, none of which is a secret (hadolint #1245 reports these \
false positives of its substring matching).",
    bad: "FROM alpine:3.20\nARG GITHUB_TOKEN\nRUN wget --header \"Authorization: token $GITHUB_TOKEN\" https://example.com/x\n",
    good: "FROM alpine:3.20\nRUN --mount=type=secret,id=github_token wget --header \"Authorization: token $(cat /run/secrets/github_token)\" https://example.com/x\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/",
        "https://github.com/hadolint/hadolint/wiki/DL3064",
        "https://github.com/hadolint/hadolint/issues/1245",
    ],
};

const SECRET: &[&str] = &[
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "pword",
    "passwd",
    "secret",
    "token",
];
const ALLOW: &[&str] = &["public", "file", "version"];

pub(crate) fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let words: Vec<&str> = lower.split('_').collect();
    !words.iter().any(|w| ALLOW.contains(w)) && words.iter().any(|w| SECRET.contains(w))
}

impl Rule for SecretsUsedInArgOrEnv {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for ins in cx.dockerfile.instructions() {
            let names: Vec<(String, crate::source::Span)> = match (ins.keyword(), &ins.command.args)
            {
                (Keyword::Arg, _) => arg_decls(ins)
                    .into_iter()
                    .map(|a| (a.name, a.span))
                    .collect(),
                (Keyword::Env, Args::KeyValues(kvs)) => kvs
                    .iter()
                    .map(|kv| (kv.key.text.clone(), kv.key.span))
                    .collect(),
                _ => continue,
            };
            for (name, span) in names {
                if is_secret_name(&name) {
                    out.push(Diagnostic::new(
                        span,
                        format!(
                            "do not pass sensitive data with {} (`{name}`): it is stored in the image; use a secret mount",
                            ins.keyword().as_str()
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_secret_name;

    #[test]
    fn buildkit_tokens() {
        for s in [
            "API_KEY",
            "AWS_SECRET_ACCESS_KEY",
            "token",
            "DB_PASSWORD",
            "auth_header",
        ] {
            assert!(is_secret_name(s), "{s}");
        }
        for s in [
            "GPG_KEY_FILE",
            "PUBLIC_KEY",
            "TOKEN_VERSION",
            "KEYBOARD",
            "MONKEY",
            "AUTHOR",
        ] {
            assert!(!is_secret_name(s), "{s}");
        }
    }
}
