//! What the runtime rules share: the RUNs of a stage chain with their analysed scripts, literal
//! values of ARG/ENV variables, and a model of the `useradd`/`adduser`/`groupadd`/`addgroup`
//! calls that create users and groups.

use crate::dockerfile::model::Stage;
use crate::dockerfile::Instruction;
use crate::rules::Context;
use crate::semantic::vars::At;
use crate::shell::packages::operands_with;
use crate::shell::{Cmd, CmdView, Script, ShWord};

/// One RUN instruction with its analysed scripts (under the SHELL in effect).
pub(crate) struct RunAt<'a> {
    pub ins: &'a Instruction,
    /// Index of the stage in `cx.model.stages`.
    pub stage: usize,
    pub scripts: &'a [Script],
}

impl RunAt<'_> {
    /// Commands of the scripts that were parsed as shell (or exec-form arrays).
    pub fn commands(&self) -> impl Iterator<Item = &Cmd> {
        self.scripts
            .iter()
            .filter(|s| s.is_parsed_shell() || s.interpreter == crate::shell::Interpreter::Exec)
            .flat_map(|s| s.commands.iter())
    }
}

/// Every RUN of every stage (not `ONBUILD RUN`, not before the first FROM), in file order: a
/// view of the file's one RUN collection (`semantic::runs`).
pub(crate) fn runs<'a>(cx: &Context<'a>) -> Vec<RunAt<'a>> {
    cx.runs
        .iter()
        .filter(|r| !r.onbuild)
        .filter_map(|r| {
            Some(RunAt {
                ins: r.ins,
                stage: r.stage?,
                scripts: &r.scripts,
            })
        })
        .collect()
}

/// The stages of `index`'s chain, root (the stage built on an image) first.
pub(crate) fn chain_root_first<'m, 'a>(cx: &'m Context<'a>, index: usize) -> Vec<&'m Stage<'a>> {
    let mut chain: Vec<&Stage<'a>> = cx
        .stage_chain(index)
        .into_iter()
        .filter_map(|i| cx.model.stages.get(i))
        .collect();
    chain.reverse();
    chain
}

/// The variables as an instruction of the last stage of `chain` (root first) starting at byte
/// `before` sees them (the one lookup, `semantic::vars`).
pub(crate) fn vars_before<'c>(cx: &Context<'c>, chain: &[&Stage<'_>], before: usize) -> At<'c> {
    cx.vars.at(chain.last().map_or(0, |s| s.index), before)
}

/// `text` with `$NAME`/`${NAME}` replaced from `vars`; `None` when a variable has no literal
/// value or the text has command substitutions or backquotes.
pub(crate) fn resolve(text: &str, vars: &At<'_>) -> Option<String> {
    vars.expand(text)
}

/// A shell word's value as a literal string, resolving ARG/ENV variables.
pub(crate) fn word_value(w: &ShWord, vars: &At<'_>) -> Option<String> {
    if w.has_expansion {
        resolve(&w.text, vars)
    } else {
        Some(w.text.clone())
    }
}

/// Whether a string is a decimal number (a UID or GID).
pub(crate) fn is_numeric(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Which tool created a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UserTool {
    /// shadow-utils `useradd`.
    Useradd,
    /// BusyBox `adduser` (Alpine): single-dash options, `-G GROUP`, `-u UID`, `-S`.
    BusyboxAdduser,
    /// Debian's `adduser`: long options, `--ingroup GROUP`, `--gid GID`, `--uid UID`, `--system`.
    DebianAdduser,
}

/// A flag value of an account command, and whether it is a whole separate word.
#[derive(Debug, Clone)]
pub(crate) struct Val<'c> {
    /// The value with ARG/ENV variables resolved, when that is possible.
    pub value: Option<String>,
    /// The word holding the value.
    pub word: &'c ShWord,
    /// The value is the whole `word` (not `--gid=N` or `-gN`).
    pub separate: bool,
    /// The option as written (`-g`, `--gid`, `-G`, `--ingroup`).
    pub flag: String,
}

/// A command that creates a user, adds a user to a group, or creates a group.
#[derive(Debug, Clone)]
pub(crate) enum Account<'c> {
    Group {
        name: Option<String>,
        gid: Option<String>,
    },
    User {
        tool: UserTool,
        /// The login name (resolved), and its word.
        name: Option<String>,
        name_word: Option<&'c ShWord>,
        uid: Option<String>,
        /// The primary group named by an option (`-g`, `--gid`, `-G` for BusyBox, `--ingroup`).
        group: Option<Val<'c>>,
        /// Supplementary groups given (`useradd -G`).
        supplementary: bool,
        /// A system account (`-r`, `--system`, BusyBox `-S`).
        system: bool,
        /// The tool also creates a group named after the user (a user private group).
        own_group: bool,
    },
    /// An existing user added to a group (`usermod -aG`, `gpasswd -a`, `adduser USER GROUP`).
    Membership { user: Option<String> },
}

fn val<'c>(
    v: &CmdView<'c>,
    short: Option<char>,
    long: Option<&'static str>,
    vars: &At<'_>,
) -> Option<Val<'c>> {
    let f = v.flag_value(short, long)?;
    let separate = f.word.text == f.text && !f.word.text.starts_with('-');
    let value = if separate {
        word_value(f.word, vars)
    } else if f.word.has_expansion {
        resolve(&f.text, vars)
    } else {
        Some(f.text.clone())
    };
    let flag = match (short, long) {
        (_, Some(l)) if v.has_flag(None, Some(l)) => format!("--{l}"),
        (Some(c), _) => format!("-{c}"),
        (None, l) => format!("--{}", l.unwrap_or("")),
    };
    Some(Val {
        value,
        word: f.word,
        separate,
        flag,
    })
}

/// The operands of a `useradd` / `adduser` call (user name, and for `adduser USER GROUP` the group),
/// with every option and its value skipped: shadow `useradd`, Debian `adduser` (long options) and
/// BusyBox `adduser` take different options. Shared by the runtime rules and `inconsistent-uids`.
pub(crate) fn account_operands<'c>(v: &CmdView<'c>) -> Vec<&'c ShWord> {
    match v.program() {
        Some("useradd") => operands_with(
            v.args,
            "bcdefgGkKpsuRPZ",
            &[
                "base-dir",
                "comment",
                "home-dir",
                "home",
                "expiredate",
                "inactive",
                "gid",
                "groups",
                "skel",
                "key",
                "password",
                "shell",
                "uid",
                "root",
                "prefix",
                "selinux-user",
                "selinux-range",
            ],
        ),
        Some("adduser") if v.args.iter().any(|a| a.text.starts_with("--")) => operands_with(
            v.args,
            "",
            &[
                "home",
                "shell",
                "uid",
                "firstuid",
                "lastuid",
                "firstgid",
                "lastgid",
                "gecos",
                "comment",
                "ingroup",
                "gid",
                "conf",
                "extrausers",
                "key",
            ],
        ),
        Some("adduser") => operands_with(v.args, "hgsGku", &[]),
        _ => Vec::new(),
    }
}

/// What an account command does, if `c` is one.
pub(crate) fn account<'c>(c: &'c Cmd, vars: &At<'_>) -> Option<(Account<'c>, CmdView<'c>)> {
    let v = c.unwrapped();
    let prog = v.program()?;
    if v.name.is_some_and(|w| w.has_expansion) {
        return None;
    }
    let acc = match prog {
        "useradd" => {
            if v.has_flag(Some('D'), Some("defaults")) {
                return None;
            }
            let ops = account_operands(&v);
            let name_word = ops.last().copied();
            let group = val(&v, Some('g'), Some("gid"), vars);
            let no_user_group = v.has_flag(Some('N'), Some("no-user-group"));
            Account::User {
                tool: UserTool::Useradd,
                name: name_word.and_then(|w| word_value(w, vars)),
                name_word,
                uid: val(&v, Some('u'), Some("uid"), vars).and_then(|x| x.value),
                supplementary: v.has_flag(Some('G'), Some("groups")),
                system: v.has_flag(Some('r'), Some("system")),
                own_group: group.is_none() && !no_user_group,
                group,
            }
        }
        "adduser" => {
            let debian = v.args.iter().any(|a| a.text.starts_with("--"));
            if debian {
                let ops = account_operands(&v);
                if ops.len() >= 2 {
                    return Some((
                        Account::Membership {
                            user: word_value(ops[0], vars),
                        },
                        v,
                    ));
                }
                let name_word = ops.first().copied();
                let group = val(&v, None, Some("ingroup"), vars)
                    .or_else(|| val(&v, None, Some("gid"), vars));
                let system = v.has_flag(None, Some("system"));
                let makes_group = v.has_flag(None, Some("group"));
                Account::User {
                    tool: UserTool::DebianAdduser,
                    name: name_word.and_then(|w| word_value(w, vars)),
                    name_word,
                    uid: val(&v, None, Some("uid"), vars).and_then(|x| x.value),
                    supplementary: v.has_flag(None, Some("add-extra-groups"))
                        || v.has_flag(None, Some("add_extra_groups")),
                    system,
                    own_group: group.is_none() && (!system || makes_group),
                    group,
                }
            } else {
                let ops = account_operands(&v);
                if ops.len() >= 2 {
                    return Some((
                        Account::Membership {
                            user: word_value(ops[0], vars),
                        },
                        v,
                    ));
                }
                let name_word = ops.first().copied();
                let group = val(&v, Some('G'), None, vars);
                let system = v.has_flag(Some('S'), None);
                Account::User {
                    tool: UserTool::BusyboxAdduser,
                    name: name_word.and_then(|w| word_value(w, vars)),
                    name_word,
                    uid: val(&v, Some('u'), None, vars).and_then(|x| x.value),
                    supplementary: false,
                    system,
                    own_group: group.is_none() && !system,
                    group,
                }
            }
        }
        "groupadd" => {
            let ops = operands_with(
                v.args,
                "gKpRP",
                &["gid", "key", "password", "root", "prefix", "users"],
            );
            Account::Group {
                name: ops.last().and_then(|w| word_value(w, vars)),
                gid: val(&v, Some('g'), Some("gid"), vars).and_then(|x| x.value),
            }
        }
        "addgroup" => {
            let ops = operands_with(
                v.args,
                "g",
                &["gid", "conf", "firstgid", "lastgid", "extrausers"],
            );
            if ops.len() >= 2 {
                return Some((
                    Account::Membership {
                        user: word_value(ops[0], vars),
                    },
                    v,
                ));
            }
            Account::Group {
                name: ops.first().and_then(|w| word_value(w, vars)),
                gid: val(&v, Some('g'), Some("gid"), vars).and_then(|x| x.value),
            }
        }
        "usermod" => {
            let ops = operands_with(
                v.args,
                "cdefgGlLpsuRPZ",
                &[
                    "comment",
                    "home",
                    "expiredate",
                    "inactive",
                    "gid",
                    "groups",
                    "login",
                    "password",
                    "shell",
                    "uid",
                    "root",
                    "prefix",
                ],
            );
            Account::Membership {
                user: ops.last().and_then(|w| word_value(w, vars)),
            }
        }
        "gpasswd" => {
            let user = v.flag_value(Some('a'), Some("add")).and_then(|f| {
                if f.word.has_expansion {
                    resolve(&f.text, vars)
                } else {
                    Some(f.text)
                }
            });
            Account::Membership { user }
        }
        _ => return None,
    };
    Some((acc, v))
}

/// Groups present in common base images (Debian, Ubuntu, Alpine, Red Hat family) by name.
pub(crate) const WELL_KNOWN_GROUPS: &[&str] = &[
    "root",
    "daemon",
    "bin",
    "sys",
    "adm",
    "tty",
    "disk",
    "lp",
    "mem",
    "kmem",
    "wheel",
    "mail",
    "news",
    "uucp",
    "man",
    "proxy",
    "dialout",
    "fax",
    "voice",
    "cdrom",
    "floppy",
    "tape",
    "sudo",
    "audio",
    "dip",
    "www-data",
    "backup",
    "operator",
    "list",
    "irc",
    "src",
    "gnats",
    "shadow",
    "utmp",
    "video",
    "sasl",
    "plugdev",
    "staff",
    "games",
    "users",
    "nogroup",
    "nobody",
    "console",
    "ftp",
    "sshd",
    "input",
    "at",
    "xfs",
    "kvm",
    "ping",
    "netdev",
    "readproc",
    "abuild",
    "cron",
    "crontab",
    "lock",
    "render",
    "sgx",
    "systemd-journal",
    "messagebus",
    "ssl-cert",
    "utempter",
    "ssh_keys",
    "tss",
    "_ssh",
    "squid",
    "smmsp",
    "ntp",
    "nofiles",
    "locate",
    "usb",
    "cdrw",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn accounts(script: &str) -> Vec<String> {
        let s = crate::shell::analyse_script(script, crate::shell::Interpreter::Sh);
        let df = crate::dockerfile::parse("FROM a\nARG APP_UID=1001\n");
        let model = crate::dockerfile::model::Model::build(&df);
        let all = crate::semantic::vars::Vars::build(&model);
        let vars = all.at(0, usize::MAX);
        s.commands
            .iter()
            .filter_map(|c| account(c, &vars))
            .map(|(a, _)| match a {
                Account::Group { name, gid } => format!("group {name:?} {gid:?}"),
                Account::User {
                    tool,
                    name,
                    uid,
                    group,
                    own_group,
                    system,
                    ..
                } => format!(
                    "user {tool:?} {name:?} {uid:?} {:?} own={own_group} sys={system}",
                    group.and_then(|g| g.value)
                ),
                Account::Membership { user } => format!("member {user:?}"),
            })
            .collect()
    }

    #[test]
    fn account_commands() {
        assert_eq!(
            accounts("groupadd -g 10001 app && useradd -m -u $APP_UID -g 10001 app"),
            [
                "group Some(\"app\") Some(\"10001\")",
                "user Useradd Some(\"app\") Some(\"1001\") Some(\"10001\") own=false sys=false"
            ]
        );
        assert_eq!(
            accounts("addgroup -S -g 101 app && adduser -S -G app -u 101 app && adduser app wheel"),
            [
                "group Some(\"app\") Some(\"101\")",
                "user BusyboxAdduser Some(\"app\") Some(\"101\") Some(\"app\") own=false sys=true",
                "member Some(\"app\")"
            ]
        );
        assert_eq!(
            accounts("adduser --system --uid 999 --ingroup web --no-create-home web"),
            ["user DebianAdduser Some(\"web\") Some(\"999\") Some(\"web\") own=false sys=true"]
        );
        assert_eq!(
            accounts("useradd --gid=5 -r svc; useradd -D -g 100; sudo usermod -aG docker ci"),
            [
                "user Useradd Some(\"svc\") None Some(\"5\") own=false sys=true",
                "member Some(\"ci\")"
            ]
        );
        assert_eq!(
            accounts("useradd -u $OTHER app"),
            ["user Useradd Some(\"app\") None None own=true sys=false"]
        );
    }

    #[test]
    fn resolving() {
        let df = crate::dockerfile::parse("FROM a\nARG A=1\nARG B\n");
        let model = crate::dockerfile::model::Model::build(&df);
        let all = crate::semantic::vars::Vars::build(&model);
        let vars = all.at(0, usize::MAX);
        assert_eq!(resolve("${A}0", &vars).as_deref(), Some("10"));
        assert_eq!(resolve("$B", &vars), None);
        assert_eq!(resolve("$(id -u)", &vars), None);
        assert_eq!(resolve("plain", &vars).as_deref(), Some("plain"));
        assert!(is_numeric("0") && !is_numeric("1a") && !is_numeric(""));
    }
}
