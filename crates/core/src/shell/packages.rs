//! Package-manager install calls: which manager, which subcommand, which package words.
//!
//! Recognised (looking through `sudo`, `env`, … with [`Cmd::unwrapped`]):
//! `apt-get`/`apt install`, `apk add`, `yum`/`dnf`/`microdnf install` (also `groupinstall`,
//! `localinstall`), `zypper install`/`in`, `pip`/`pip3`/`pip3.12`/`python[3] -m pip install`,
//! `uv pip install`, `npm install`/`i`/`add`/`ci`, `yarn add`/`install`/`global add`,
//! `pnpm add`/`install`/`i`, `gem install`, `go install`/`get`, `cargo install`,
//! `composer require`/`install`/`global require`.
//!
//! `packages` are the operands after the subcommand, minus the values of options known to take
//! one (`apt-get -o X=y`, `apk --virtual .deps`, `pip -r reqs.txt`, `-e path`, `--index-url U`,
//! `cargo --path .`, …), and, for `gem`, minus everything after `--` (build options).

use super::{basename, Cmd, Script, ShWord};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Manager {
    Apt,
    AptGet,
    Apk,
    Yum,
    Dnf,
    Microdnf,
    Zypper,
    Pip,
    /// `uv pip`
    Uv,
    Npm,
    Yarn,
    Pnpm,
    Gem,
    Go,
    Cargo,
    Composer,
}

impl Manager {
    pub fn as_str(&self) -> &'static str {
        match self {
            Manager::Apt => "apt",
            Manager::AptGet => "apt-get",
            Manager::Apk => "apk",
            Manager::Yum => "yum",
            Manager::Dnf => "dnf",
            Manager::Microdnf => "microdnf",
            Manager::Zypper => "zypper",
            Manager::Pip => "pip",
            Manager::Uv => "uv",
            Manager::Npm => "npm",
            Manager::Yarn => "yarn",
            Manager::Pnpm => "pnpm",
            Manager::Gem => "gem",
            Manager::Go => "go",
            Manager::Cargo => "cargo",
            Manager::Composer => "composer",
        }
    }

    /// OS package managers (as opposed to language ones).
    pub fn is_system(&self) -> bool {
        matches!(
            self,
            Manager::Apt
                | Manager::AptGet
                | Manager::Apk
                | Manager::Yum
                | Manager::Dnf
                | Manager::Microdnf
                | Manager::Zypper
        )
    }
}

/// One install call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Install {
    pub manager: Manager,
    /// As written, multi-word ones joined by a space: `install`, `add`, `i`, `pip install`,
    /// `global add`.
    pub subcommand: String,
    pub packages: Vec<ShWord>,
    /// Index into [`Script::commands`].
    pub cmd_index: usize,
}

/// Every install call in a script, in command order.
pub fn installs(script: &Script) -> Vec<Install> {
    script.commands.iter().filter_map(install_of).collect()
}

/// The install call a command makes, if any.
pub fn install_of(cmd: &Cmd) -> Option<Install> {
    let v = cmd.unwrapped();
    let name = v.name?;
    if name.has_expansion {
        return None;
    }
    let prog = basename(&name.text);
    // Asked of every command by many rules: the managers below all start with one of these.
    if !matches!(
        prog.as_bytes().first(),
        Some(b'a' | b'y' | b'd' | b'm' | b'z' | b'u' | b'n' | b'p' | b'g' | b'c')
    ) {
        return None;
    }
    let mut args = v.args;
    let manager = match prog {
        "apt-get" => Manager::AptGet,
        "apt" => Manager::Apt,
        "apk" => Manager::Apk,
        "yum" => Manager::Yum,
        "dnf" | "dnf5" => Manager::Dnf,
        "microdnf" => Manager::Microdnf,
        "zypper" => Manager::Zypper,
        "uv" => Manager::Uv,
        "npm" => Manager::Npm,
        "yarn" => Manager::Yarn,
        "pnpm" => Manager::Pnpm,
        "gem" => Manager::Gem,
        "go" => Manager::Go,
        "cargo" => Manager::Cargo,
        "composer" | "composer.phar" => Manager::Composer,
        p if is_versioned(p, "pip") => Manager::Pip,
        p if is_versioned(p, "python") => {
            // python [opts] -m pip …
            let m = args.iter().position(|w| w.text == "-m")?;
            if !args
                .get(m + 1)
                .is_some_and(|w| is_versioned(&w.text, "pip"))
            {
                return None;
            }
            args = &args[m + 2..];
            Manager::Pip
        }
        _ => return None,
    };
    let g = grammar(manager);
    let ops = operands(args, &g);
    let words: Vec<&str> = ops.iter().map(|w| w.text.as_str()).collect();
    let verbs: &[&[&str]] = match manager {
        Manager::Apt | Manager::AptGet => &[&["install"]],
        Manager::Apk => &[&["add"]],
        Manager::Yum => &[&["install"], &["groupinstall"], &["localinstall"]],
        // dnf's aliases (`in`, `up`, `up-min`, `rei`) and the other verbs that download
        // packages into its cache.
        Manager::Dnf | Manager::Microdnf => &[
            &["install"],
            &["in"],
            &["groupinstall"],
            &["localinstall"],
            &["upgrade"],
            &["up"],
            &["upgrade-minimal"],
            &["up-min"],
            &["reinstall"],
            &["rei"],
        ],
        Manager::Zypper => &[&["install"], &["in"]],
        Manager::Pip => &[&["install"]],
        Manager::Uv => &[&["pip", "install"]],
        Manager::Npm => &[
            &["install"],
            &["i"],
            &["in"],
            &["ins"],
            &["inst"],
            &["insta"],
            &["instal"],
            &["isnt"],
            &["isnta"],
            &["isntal"],
            &["isntall"],
            &["add"],
            &["ci"],
            &["clean-install"],
            &["ic"],
            &["install-clean"],
        ],
        Manager::Yarn => &[&["add"], &["install"], &["global", "add"]],
        Manager::Pnpm => &[&["add"], &["install"], &["i"]],
        Manager::Gem => &[&["install"], &["i"]],
        Manager::Go => &[&["install"], &["get"]],
        Manager::Cargo => &[&["install"]],
        Manager::Composer => &[&["require"], &["install"], &["global", "require"]],
    };
    let verb = verbs
        .iter()
        .find(|v| words.len() >= v.len() && words[..v.len()] == v[..])?;
    Some(Install {
        manager,
        subcommand: verb.join(" "),
        packages: ops[verb.len()..].iter().map(|w| (*w).clone()).collect(),
        cmd_index: cmd.index,
    })
}

/// `pip`, `pip3`, `pip3.12` (likewise `python3.11`).
fn is_versioned(p: &str, stem: &str) -> bool {
    p.strip_prefix(stem)
        .is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

struct Grammar {
    /// Short options taking a separate value when last in their cluster.
    short_val: &'static str,
    /// Long options taking a separate value (when not written `--opt=value`).
    long_val: &'static [&'static str],
    /// Go's single-dash long flags (`-ldflags X`, `-tags=x`): `short_val` unused, `long_val` names them.
    go_style: bool,
    /// Everything after `--` is not an operand (`gem install x -- --build-opt`).
    stop_at_dashdash: bool,
}

/// Go build flags that take a separate value (`-tags x`, `-ldflags '-s'`), for `go install`,
/// `go build` and `go run`.
pub(crate) const GO_VALUE_FLAGS: &[&str] = &[
    "ldflags",
    "tags",
    "gcflags",
    "asmflags",
    "mod",
    "modfile",
    "pkgdir",
    "p",
    "toolexec",
    "overlay",
    "pgo",
    "exec",
    "C",
    "buildmode",
    "compiler",
    "gccgoflags",
    "installsuffix",
    "covermode",
    "coverpkg",
    "buildvcs",
    "o",
];

fn grammar(m: Manager) -> Grammar {
    let g = |short_val, long_val| Grammar {
        short_val,
        long_val,
        go_style: false,
        stop_at_dashdash: false,
    };
    match m {
        Manager::Apt | Manager::AptGet => g(
            "otca",
            &[
                "option",
                "target-release",
                "default-release",
                "config-file",
                "host-architecture",
                "arch",
                "purpose",
            ],
        ),
        Manager::Apk => g(
            "Xpt",
            &[
                "repository",
                "root",
                "virtual",
                "keys-dir",
                "repositories-file",
                "arch",
                "cache-dir",
                "cache-max-age",
                "progress-fd",
                "wait",
                "timeout",
                "cache-predownload",
            ],
        ),
        Manager::Yum | Manager::Dnf | Manager::Microdnf => g(
            "cdexR",
            &[
                "config",
                "installroot",
                "releasever",
                "enablerepo",
                "disablerepo",
                "repo",
                "repoid",
                "exclude",
                "excludepkgs",
                "setopt",
                "forcearch",
                "downloaddir",
                "destdir",
                "color",
                "rpmverbosity",
                "comment",
                "advisory",
                "advisories",
                "bz",
                "cve",
                "sec-severity",
                "secseverity",
                "disableplugin",
                "enableplugin",
                "debuglevel",
                "errorlevel",
                "platform-id",
                "use-host-config",
            ],
        ),
        Manager::Zypper => g(
            "crtR",
            &[
                "config",
                "repo",
                "from",
                "type",
                "root",
                "reposd-path",
                "cache-dir",
                "raw-cache-dir",
                "solv-cache-dir",
                "pkg-cache-dir",
                "download",
                "installroot",
                "releasever",
            ],
        ),
        Manager::Pip | Manager::Uv => g(
            "rceitfbCp",
            &[
                "requirement",
                "requirements",
                "constraint",
                "constraints",
                "editable",
                "index-url",
                "extra-index-url",
                "index",
                "default-index",
                "target",
                "prefix",
                "root",
                "find-links",
                "trusted-host",
                "platform",
                "python-version",
                "implementation",
                "abi",
                "progress-bar",
                "cache-dir",
                "src",
                "log",
                "proxy",
                "retries",
                "timeout",
                "exists-action",
                "cert",
                "client-cert",
                "global-option",
                "install-option",
                "config-settings",
                "upgrade-strategy",
                "only-binary",
                "no-binary",
                "python",
                "report",
                "build",
                "use-feature",
                "keyring-provider",
                "group",
                "override",
                "extra",
                "resolution",
                "prerelease",
                "index-strategy",
                "link-mode",
                "compile-bytecode-timeout",
                "exclude-newer",
                "reinstall-package",
                "no-binary-package",
                "only-binary-package",
                "upgrade-package",
                "python-platform",
                "torch-backend",
                "directory",
                "project",
                "config-file",
                "color",
                "root-user-action",
                "log-file",
            ],
        ),
        Manager::Npm => g(
            "wC",
            &[
                "prefix",
                "registry",
                "cache",
                "workspace",
                "tag",
                "omit",
                "include",
                "loglevel",
                "userconfig",
                "globalconfig",
                "install-strategy",
                "before",
                "location",
                "auth-type",
            ],
        ),
        Manager::Yarn => g(
            "",
            &[
                "cwd",
                "network-timeout",
                "modules-folder",
                "cache-folder",
                "registry",
                "mutex",
                "network-concurrency",
                "link-folder",
                "global-folder",
                "use-yarnrc",
                "preferred-cache-folder",
                "proxy",
                "https-proxy",
            ],
        ),
        Manager::Pnpm => g(
            "FC",
            &[
                "filter",
                "dir",
                "store-dir",
                "registry",
                "config",
                "virtual-store-dir",
                "modules-dir",
                "reporter",
                "loglevel",
            ],
        ),
        Manager::Gem => Grammar {
            short_val: "vinsPgpB",
            long_val: &[
                "version",
                "install-dir",
                "bindir",
                "source",
                "trust-policy",
                "platform",
                "build-root",
                "file",
                "gemdeps",
                "http-proxy",
                "config-file",
                "target-rbconfig",
            ],
            go_style: false,
            stop_at_dashdash: true,
        },
        Manager::Go => Grammar {
            short_val: "",
            long_val: GO_VALUE_FLAGS,
            go_style: true,
            stop_at_dashdash: false,
        },
        Manager::Cargo => g(
            "jFZ",
            &[
                "version",
                "vers",
                "git",
                "branch",
                "tag",
                "rev",
                "path",
                "root",
                "registry",
                "index",
                "jobs",
                "features",
                "target",
                "target-dir",
                "profile",
                "bin",
                "example",
                "config",
                "color",
            ],
        ),
        Manager::Composer => g("d", &["working-dir"]),
    }
}

/// The subcommand of an OS package manager (`install` in `dnf -y --setopt=x install foo`): the
/// first operand after the options, with the option grammar the package rules use everywhere.
/// zypper's global options differ from its install options (`-t` is `--terse` before the
/// subcommand, `--type` after it), so it has a global grammar of its own.
pub fn subcommand(m: Manager, args: &[ShWord]) -> Option<&ShWord> {
    let g = match m {
        Manager::Zypper => Grammar {
            short_val: "cCDRp",
            long_val: &[
                "config",
                "root",
                "reposd-dir",
                "cache-dir",
                "raw-cache-dir",
                "solv-cache-dir",
                "pkg-cache-dir",
                "plus-repo",
                "installroot",
                "releasever",
            ],
            go_style: false,
            stop_at_dashdash: false,
        },
        m => grammar(m),
    };
    operands(args, &g).into_iter().next()
}

/// Operand words of an OS package manager's command with its option grammar (the one
/// [`subcommand`] reads): the subcommand first, then its operands.
pub fn manager_operands(m: Manager, args: &[ShWord]) -> Vec<&ShWord> {
    operands(args, &grammar(m))
}

/// Operand words of `args` for a plain option grammar: `short` letters take a value when last in
/// their cluster, `long` names when written without `=`; everything after `--` is an operand.
pub fn operands_with<'a>(
    args: &'a [ShWord],
    short: &'static str,
    long: &'static [&'static str],
) -> Vec<&'a ShWord> {
    let g = Grammar {
        short_val: short,
        long_val: long,
        go_style: false,
        stop_at_dashdash: false,
    };
    operands(args, &g)
}

/// Operand words (non-options and not option values).
fn operands<'a>(args: &'a [ShWord], g: &Grammar) -> Vec<&'a ShWord> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(w) = args.get(i) {
        let t = w.text.as_str();
        i += 1;
        if t == "--" {
            if !g.stop_at_dashdash {
                out.extend(&args[i..]);
            }
            break;
        }
        if t == "-" || !t.starts_with('-') {
            out.push(w);
            continue;
        }
        if g.go_style {
            let name = t.trim_start_matches('-');
            if !name.contains('=') && g.long_val.contains(&name) {
                i += 1;
            }
            continue;
        }
        if let Some(long) = t.strip_prefix("--") {
            if !long.contains('=') && g.long_val.contains(&long) {
                i += 1;
            }
            continue;
        }
        let cluster = &t[1..];
        if let Some((k, c)) = cluster
            .char_indices()
            .find(|(_, c)| g.short_val.contains(*c))
        {
            if k + c.len_utf8() == cluster.len() {
                i += 1;
            }
        }
    }
    out
}
