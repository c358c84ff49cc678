//! Where package managers and build tools keep their caches, and which commands use them.
//!
//! | cache | used by | where (first setting that applies) |
//! |---|---|---|
//! | pip | `pip install/wheel/download` | `--cache-dir`, `PIP_CACHE_DIR`, `$XDG_CACHE_HOME/pip`, `~/.cache/pip`; none with `--no-cache-dir` / `PIP_NO_CACHE_DIR` |
//! | uv | `uv pip/sync/add/lock/run/tool/build` | `--cache-dir`, `UV_CACHE_DIR`, `$XDG_CACHE_HOME/uv`, `~/.cache/uv`; none with `--no-cache` / `UV_NO_CACHE` |
//! | Poetry | `poetry install/add/lock/update/sync` | `POETRY_CACHE_DIR`, `$XDG_CACHE_HOME/pypoetry`, `~/.cache/pypoetry` |
//! | npm | `npm install/ci/...` | `--cache`, `npm_config_cache`, `~/.npm` |
//! | Yarn | `yarn [install/add]` | `--cache-folder`, `YARN_CACHE_FOLDER`; else v1 `/usr/local/share/.cache/yarn` (root) or `~/.cache/yarn`, Berry `~/.yarn/berry/cache` or `.yarn/cache` |
//! | pnpm | `pnpm install/add/fetch` | `--store-dir`, `npm_config_store_dir`, `$PNPM_HOME/store`, `$XDG_DATA_HOME/pnpm/store`, `~/.local/share/pnpm/store` |
//! | apt | `apt-get install/update/upgrade` | `/var/cache/apt`, `/var/lib/apt` |
//! | apk | `apk add/update/upgrade` | `--cache-dir`, `/var/cache/apk`, `/etc/apk/cache`; none with `--no-cache` |
//! | dnf/yum | `install/update/upgrade/makecache` | `/var/cache/dnf`, `/var/cache/yum`, `/var/cache/libdnf5` |
//! | zypper | `install/update/refresh/dup` | `/var/cache/zypp` |
//! | Go modules | `go build/install/test/run/vet/generate`, `go mod ...`, `go get` | `GOMODCACHE`, `$GOPATH/pkg/mod` (`/go` in `golang` images), `~/go/pkg/mod` |
//! | Go build | `go build/install/test/run/vet/generate` | `GOCACHE` (`off`: none), `$XDG_CACHE_HOME/go-build`, `~/.cache/go-build` |
//! | Cargo | `cargo build/install/fetch/test/run/check/...` | `$CARGO_HOME/registry` and `git` (`/usr/local/cargo` in `rust` images), `~/.cargo` |
//! | Cargo target | `cargo build/test/run/check/...` | `--target-dir`, `CARGO_TARGET_DIR`, `./target` (only claims a mount, never asked for) |
//! | RubyGems/Bundler | `gem install`, `bundle install` | `GEM_HOME`, `BUNDLE_PATH`, `~/.gem`, `~/.bundle`, `/usr/local/bundle`, `vendor/bundle` |
//! | Composer | `composer install/update/require` | `COMPOSER_CACHE_DIR`, `$COMPOSER_HOME/cache` (`/tmp` in `composer` images), `~/.cache/composer` |
//! | Maven | `mvn`, `mvnw` | `-Dmaven.repo.local`, `~/.m2` |
//! | Gradle | `gradle`, `gradlew` | `-g`/`--gradle-user-home`, `GRADLE_USER_HOME`, `~/.gradle` |
//!
//! `~` is the home of the user running the command: `/root` by default, `HOME` when an ENV sets
//! it, and some other folder (not `/root`) after a `USER` that is not root.

use super::common::{
    arg_text, args, has_arg, home_of, join_path, root_image, var, workdir_at, Home, Step, Var,
};
use crate::rules::Context;
use crate::shell::packages::{operands_with, Install, Manager};
use crate::shell::Cmd;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Cache {
    Pip,
    Uv,
    Poetry,
    Npm,
    Yarn,
    Pnpm,
    Apt,
    Apk,
    Rpm,
    Zypper,
    GoMod,
    GoBuild,
    Cargo,
    CargoTarget,
    Gem,
    Composer,
    Maven,
    Gradle,
}

pub(super) const ALL: &[Cache] = &[
    Cache::Pip,
    Cache::Uv,
    Cache::Poetry,
    Cache::Npm,
    Cache::Yarn,
    Cache::Pnpm,
    Cache::Apt,
    Cache::Apk,
    Cache::Rpm,
    Cache::Zypper,
    Cache::GoMod,
    Cache::GoBuild,
    Cache::Cargo,
    Cache::CargoTarget,
    Cache::Gem,
    Cache::Composer,
    Cache::Maven,
    Cache::Gradle,
];

impl Cache {
    /// What the cache is, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Cache::Pip => "pip's cache",
            Cache::Uv => "uv's cache",
            Cache::Poetry => "Poetry's cache",
            Cache::Npm => "npm's cache",
            Cache::Yarn => "Yarn's cache",
            Cache::Pnpm => "the pnpm store",
            Cache::Apt => "apt's package cache",
            Cache::Apk => "apk's cache",
            Cache::Rpm => "dnf/yum's cache",
            Cache::Zypper => "zypper's cache",
            Cache::GoMod => "the Go module cache",
            Cache::GoBuild => "the Go build cache",
            Cache::Cargo => "Cargo's registry",
            Cache::CargoTarget => "Cargo's target folder",
            Cache::Gem => "the gem cache",
            Cache::Composer => "Composer's cache",
            Cache::Maven => "Maven's local repository",
            Cache::Gradle => "Gradle's user home",
        }
    }

    /// The tool, for messages and for "is it run here?".
    pub fn tool(self) -> &'static str {
        match self {
            Cache::Pip => "pip",
            Cache::Uv => "uv",
            Cache::Poetry => "poetry",
            Cache::Npm => "npm",
            Cache::Yarn => "yarn",
            Cache::Pnpm => "pnpm",
            Cache::Apt => "apt",
            Cache::Apk => "apk",
            Cache::Rpm => "dnf",
            Cache::Zypper => "zypper",
            Cache::GoMod | Cache::GoBuild => "go",
            Cache::Cargo | Cache::CargoTarget => "cargo",
            Cache::Gem => "gem",
            Cache::Composer => "composer",
            Cache::Maven => "mvn",
            Cache::Gradle => "gradle",
        }
    }

    /// Whether `prog` (a program name, see [`Cmd::program_name`]) is one of the tools this module knows.
    pub fn known_program(prog: &str) -> bool {
        ALL.iter().any(|c| c.programs().contains(&prog))
    }

    /// Programs that are this tool (looked up through [`Cmd::program_name`]).
    fn programs(self) -> &'static [&'static str] {
        match self {
            // Tools that may run pip themselves count as running it.
            Cache::Pip => &[
                "pip", "pip3", "python", "python3", "pipenv", "pipx", "poetry", "pdm", "hatch",
                "tox", "nox",
            ],
            Cache::Uv => &["uv", "uvx"],
            Cache::Poetry => &["poetry"],
            Cache::Npm => &["npm", "npx"],
            Cache::Yarn => &["yarn", "yarnpkg", "corepack"],
            Cache::Pnpm => &["pnpm", "pnpx", "corepack"],
            Cache::Apt => &["apt-get", "apt", "aptitude"],
            Cache::Apk => &["apk"],
            Cache::Rpm => &["dnf", "dnf5", "yum", "microdnf"],
            Cache::Zypper => &["zypper"],
            Cache::GoMod | Cache::GoBuild => &["go", "xx-go", "golangci-lint", "goreleaser"],
            Cache::Cargo | Cache::CargoTarget => &["cargo", "cargo-chef", "xx-cargo", "rustup"],
            Cache::Gem => &["gem", "bundle", "bundler"],
            Cache::Composer => &["composer", "composer.phar"],
            Cache::Maven => &["mvn", "mvnw"],
            Cache::Gradle => &["gradle", "gradlew"],
        }
    }

    /// Path parts that show a mount was meant for this cache (`/go-build`, `/cache/pip-cache`).
    fn keywords(self) -> &'static [&'static str] {
        match self {
            Cache::Pip => &["pip"],
            Cache::Uv => &["uv"],
            Cache::Poetry => &["pypoetry", "poetry"],
            Cache::Npm => &["npm", "_cacache"],
            Cache::Yarn => &["yarn"],
            Cache::Pnpm => &["pnpm", "pnpm-store"],
            Cache::Apt => &["apt"],
            Cache::Apk => &["apk"],
            Cache::Rpm => &["dnf", "yum", "libdnf5"],
            Cache::Zypper => &["zypp"],
            Cache::GoMod => &["gomod", "go-mod", "gomodcache"],
            Cache::GoBuild => &["go-build", "gocache", "go-cache", "gobuild"],
            Cache::Cargo => &["cargo"],
            Cache::CargoTarget => &[],
            Cache::Gem => &["gem", "gems", "bundle", "bundler"],
            Cache::Composer => &["composer"],
            Cache::Maven => &["m2", "maven"],
            Cache::Gradle => &["gradle"],
        }
    }

    /// Where the cache usually is (root, nothing configured): what a mount meant for it targets.
    fn usual(self) -> &'static [&'static str] {
        match self {
            Cache::Pip => &["/root/.cache/pip"],
            Cache::Uv => &["/root/.cache/uv"],
            Cache::Poetry => &["/root/.cache/pypoetry"],
            Cache::Npm => &["/root/.npm"],
            Cache::Yarn => &[
                "/usr/local/share/.cache/yarn",
                "/root/.cache/yarn",
                "/root/.yarn",
            ],
            Cache::Pnpm => &["/root/.local/share/pnpm", "/root/.cache/pnpm", "/pnpm"],
            Cache::Apt => &["/var/cache/apt", "/var/lib/apt"],
            Cache::Apk => &["/var/cache/apk", "/etc/apk/cache"],
            Cache::Rpm => &["/var/cache/dnf", "/var/cache/yum", "/var/cache/libdnf5"],
            Cache::Zypper => &["/var/cache/zypp"],
            Cache::GoMod => &["/go/pkg/mod", "/root/go/pkg/mod"],
            Cache::GoBuild => &["/root/.cache/go-build"],
            Cache::Cargo => &[
                "/usr/local/cargo/registry",
                "/usr/local/cargo/git",
                "/root/.cargo",
            ],
            Cache::CargoTarget => &[],
            Cache::Gem => &["/usr/local/bundle", "/root/.gem", "/root/.bundle"],
            Cache::Composer => &["/root/.cache/composer", "/root/.composer"],
            Cache::Maven => &["/root/.m2"],
            Cache::Gradle => &["/root/.gradle", "/home/gradle/.gradle"],
        }
    }

    /// OS package managers (their caches need more than a mount: see prefer-cache-mount).
    pub fn is_os(self) -> bool {
        matches!(self, Cache::Apt | Cache::Apk | Cache::Rpm | Cache::Zypper)
    }
}

/// A command's use of a cache.
#[derive(Debug, Clone)]
pub(super) struct Use<'r> {
    pub cache: Cache,
    pub cmd: &'r Cmd,
    /// Where the cache may be (absolute); covered when a mount covers any of them.
    pub dirs: Vec<String>,
    /// Paths inside a home this analysis cannot see (a non-root USER): `.cache/pip`.
    pub in_other_home: Vec<String>,
    /// The non-root user of [`Use::in_other_home`].
    pub other_user: Option<String>,
    /// A mount whose path names the tool counts as covering (the location moves between versions).
    pub lenient: bool,
    /// The folder to mount, when this analysis is sure of it.
    pub fix_dir: Option<String>,
    /// Settings this analysis cannot read decide where the cache is: never reported.
    pub unknown: bool,
    /// Only counts as a use of a mount, never reported as missing one (Cargo's target folder).
    pub claim_only: bool,
}

impl<'r> Use<'r> {
    fn new(cache: Cache, cmd: &'r Cmd) -> Self {
        Use {
            cache,
            cmd,
            dirs: Vec::new(),
            in_other_home: Vec::new(),
            other_user: None,
            lenient: false,
            fix_dir: None,
            unknown: false,
            claim_only: false,
        }
    }

    /// Whether a mount at `target` (absolute, normalised) holds this cache.
    pub fn covered_by(&self, target: &str) -> bool {
        if self.unknown || self.dirs.iter().any(|d| super::common::covers(target, d)) {
            return true;
        }
        if self.lenient && has_keyword(target, self.cache.keywords()) {
            return true;
        }
        if self.other_user.is_some() && !target.starts_with("/root/") && target != "/root" {
            return self
                .in_other_home
                .iter()
                .any(|rel| in_some_home(target, rel));
        }
        false
    }
}

/// Whether `target` is `<home>/<rel>`, inside it, or a folder between a home and it
/// (`/home/app/.cache` for `.cache/pip`), for a home folder this analysis cannot see.
fn in_some_home(target: &str, rel: &str) -> bool {
    let t = target.trim_end_matches('/');
    let parts: Vec<&str> = rel.split('/').collect();
    if t.contains(&format!("/{rel}/")) || t.ends_with(&format!("/{rel}")) {
        return true;
    }
    (1..parts.len()).any(|k| t.ends_with(&format!("/{}", parts[..k].join("/"))))
        || (t.starts_with("/home/") && t.matches('/').count() == 2)
}

/// Whether a path has a part that is one of `words`, or has one as a `-`/`_`/`.` separated token.
pub(super) fn has_keyword(path: &str, words: &[&str]) -> bool {
    path.split('/').any(|part| {
        let p = part.to_ascii_lowercase();
        words.iter().any(|w| {
            p == *w
                || p.trim_start_matches('.') == *w
                || p.split(['-', '_', '.']).any(|tok| tok == *w)
        })
    })
}

/// The caches a mount at `target` looks meant for: it holds their usual place or names them.
pub(super) fn intended_for(target: &str) -> Vec<Cache> {
    ALL.iter()
        .copied()
        .filter(|c| {
            c.usual().iter().any(|u| super::common::covers(target, u))
                || has_keyword(target, c.keywords())
                || (*c == Cache::GoMod && target.trim_end_matches('/').ends_with("/pkg/mod"))
        })
        .collect()
}

/// Whether a command runs the tool of `cache` (whatever it does with it).
pub(super) fn runs_tool(c: &Cmd, cache: Cache) -> bool {
    let Some(p) = c.program_name() else {
        return false;
    };
    let p = p.to_ascii_lowercase();
    cache.programs().iter().any(|t| {
        p == *t
            || p.strip_prefix(t).is_some_and(|r| {
                !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            })
    })
}

/// How a command's environment decides a folder: its own flag, then variables, then a default.
struct Where<'c, 'x> {
    cx: &'c Context<'x>,
    step: &'c Step<'x>,
    cmd: &'c Cmd,
    /// The command's home folder, worked out when a cache under it is first asked about (most
    /// commands use no cache).
    home: std::cell::OnceCell<Home>,
}

impl Where<'_, '_> {
    fn var(&self, name: &str) -> Var {
        var(self.cx, self.step, name)
    }

    /// Add `~/<rel>` to `u` (as the home allows).
    fn home_dir(&self, u: &mut Use<'_>, rel: &str, sure: bool) {
        match self
            .home
            .get_or_init(|| home_of(self.cx, self.step, self.cmd))
        {
            Home::Known(h) => {
                let d = join_path(h, rel);
                if sure && u.fix_dir.is_none() {
                    u.fix_dir = Some(d.clone());
                }
                u.dirs.push(d);
            }
            Home::OtherUser(name) => {
                u.other_user = Some(name.clone());
                u.in_other_home.push(rel.to_string());
            }
            Home::Unknown => u.unknown = true,
        }
    }

    /// `$XDG_<kind>_HOME/<sub>` or `~/<default_rel>/<sub>`.
    fn xdg(&self, u: &mut Use<'_>, xdg: &str, default_rel: &str, sub: &str) {
        match self.var(xdg) {
            Var::Set(x) if x.starts_with('/') => self.fixed(u, &join_path(&x, sub)),
            Var::Unset => self.home_dir(u, &format!("{default_rel}/{sub}"), true),
            _ => u.unknown = true,
        }
    }

    fn fixed(&self, u: &mut Use<'_>, dir: &str) {
        if u.fix_dir.is_none() {
            u.fix_dir = Some(dir.to_string());
        }
        u.dirs.push(dir.to_string());
    }

    /// A folder given by a flag or variable (its text, and whether it expands): recorded, or
    /// the use marked unknown when it cannot be read. False when there is none.
    fn setting(&self, u: &mut Use<'_>, value: Option<(String, bool)>) -> bool {
        match value {
            Some((v, false)) if v.starts_with('/') => {
                self.fixed(u, &join_path("/", &v));
                true
            }
            Some((v, false)) if !v.contains('$') && !v.starts_with('~') => {
                match workdir_at(self.cx, self.step.stage, self.step.ins.span.start) {
                    Some(wd) => self.fixed(u, &join_path(&wd, &v)),
                    None => u.unknown = true,
                }
                true
            }
            Some(_) => {
                u.unknown = true;
                true
            }
            None => false,
        }
    }

    fn env_setting(&self, u: &mut Use<'_>, names: &[&str]) -> bool {
        for n in names {
            match self.var(n) {
                Var::Unset => continue,
                Var::Set(v) => return self.setting(u, Some((v, false))),
                Var::Unknown => {
                    u.unknown = true;
                    return true;
                }
            }
        }
        false
    }
}

/// The first operands of a command after its program (global options skipped loosely).
fn words(c: &Cmd) -> Vec<&str> {
    args(c)
        .iter()
        .filter(|w| !w.text.starts_with('-'))
        .map(|w| w.text.as_str())
        .collect()
}

/// The caches a command uses; `inst` is the install it makes ([`Step::calls`]).
pub(super) fn uses<'r>(
    cx: &Context<'_>,
    step: &Step<'_>,
    (c, inst): (&'r Cmd, Option<&Install>),
) -> Vec<Use<'r>> {
    let Some(prog) = c.program_name().map(str::to_ascii_lowercase) else {
        return Vec::new();
    };
    let w = Where {
        cx,
        step,
        cmd: c,
        home: std::cell::OnceCell::new(),
    };
    let ops = words(c);
    let first = ops.first().copied().unwrap_or("");
    let mut out = Vec::new();
    let manager = inst.map(|i| i.manager);
    let is = |names: &[&str]| names.contains(&prog.as_str());

    // pip
    let pip_verb = match manager {
        Some(Manager::Pip) => true,
        _ => {
            (prog.starts_with("pip") && prog[3..].bytes().all(|b| b.is_ascii_digit() || b == b'.'))
                && matches!(first, "wheel" | "download")
        }
    };
    if pip_verb {
        let disabled = has_arg(c, &["--no-cache-dir"]) || w.var("PIP_NO_CACHE_DIR").is_set();
        if !disabled {
            let mut u = Use::new(Cache::Pip, c);
            if !w.setting(&mut u, arg_text(c, &["--cache-dir"]))
                && !w.env_setting(&mut u, &["PIP_CACHE_DIR"])
            {
                w.xdg(&mut u, "XDG_CACHE_HOME", ".cache", "pip");
            }
            out.push(u);
        }
    }

    // uv
    if prog == "uv"
        && matches!(
            first,
            "pip" | "sync" | "add" | "lock" | "run" | "tool" | "build" | "export" | "venv"
        )
        && (first != "venv" || has_arg(c, &["--seed"]))
    {
        let disabled = has_arg(c, &["--no-cache", "-n"])
            || matches!(w.var("UV_NO_CACHE"), Var::Set(v) if !matches!(v.as_str(), "0" | "false" | ""))
            || w.var("UV_NO_CACHE") == Var::Unknown;
        if !disabled {
            let mut u = Use::new(Cache::Uv, c);
            if !w.setting(&mut u, arg_text(c, &["--cache-dir"]))
                && !w.env_setting(&mut u, &["UV_CACHE_DIR"])
            {
                w.xdg(&mut u, "XDG_CACHE_HOME", ".cache", "uv");
            }
            out.push(u);
        }
    }

    // Poetry
    if prog == "poetry"
        && matches!(first, "install" | "add" | "lock" | "update" | "sync")
        && !has_arg(c, &["--no-cache"])
    {
        let mut u = Use::new(Cache::Poetry, c);
        if !w.env_setting(&mut u, &["POETRY_CACHE_DIR"]) {
            w.xdg(&mut u, "XDG_CACHE_HOME", ".cache", "pypoetry");
        }
        out.push(u);
    }

    // npm
    if manager == Some(Manager::Npm) {
        let mut u = Use::new(Cache::Npm, c);
        if !w.setting(&mut u, arg_text(c, &["--cache"]))
            && !w.env_setting(&mut u, &["npm_config_cache", "NPM_CONFIG_CACHE"])
        {
            w.home_dir(&mut u, ".npm", true);
        }
        out.push(u);
    }

    // Yarn: v1 and Berry keep it in different places, so any mount naming yarn counts.
    if manager == Some(Manager::Yarn) || (is(&["yarn", "yarnpkg"]) && ops.is_empty()) {
        let mut u = Use::new(Cache::Yarn, c);
        u.lenient = true;
        if !w.setting(&mut u, arg_text(c, &["--cache-folder"]))
            && !w.env_setting(&mut u, &["YARN_CACHE_FOLDER"])
        {
            w.home_dir(&mut u, ".cache/yarn", false);
            w.home_dir(&mut u, ".yarn/berry/cache", false);
            u.dirs.push("/usr/local/share/.cache/yarn".into());
            if let Some(wd) = workdir_at(cx, step.stage, step.ins.span.start) {
                u.dirs.push(join_path(&wd, ".yarn/cache"));
            }
            u.fix_dir = None;
        }
        out.push(u);
    }

    // pnpm
    if manager == Some(Manager::Pnpm) || (prog == "pnpm" && first == "fetch") {
        let mut u = Use::new(Cache::Pnpm, c);
        u.lenient = true;
        if !w.setting(&mut u, arg_text(c, &["--store-dir"]))
            && !w.env_setting(&mut u, &["npm_config_store_dir", "NPM_CONFIG_STORE_DIR"])
        {
            match w.var("PNPM_HOME") {
                Var::Set(h) if h.starts_with('/') => w.fixed(&mut u, &join_path(&h, "store")),
                Var::Unset => w.xdg(&mut u, "XDG_DATA_HOME", ".local/share", "pnpm/store"),
                _ => u.unknown = true,
            }
            w.home_dir(&mut u, ".cache/pnpm", false);
            w.home_dir(&mut u, ".pnpm-store", false);
        }
        out.push(u);
    }

    // OS package managers
    let os_ops = |short: &'static str, long: &'static [&'static str]| -> Option<String> {
        operands_with(args(c), short, long)
            .first()
            .map(|w| w.text.clone())
    };
    if is(&["apt-get", "apt"]) {
        let sub = os_ops("otca", &["option", "target-release", "config-file"]);
        if matches!(
            sub.as_deref(),
            Some("install" | "update" | "upgrade" | "dist-upgrade" | "full-upgrade" | "build-dep")
        ) {
            let mut u = Use::new(Cache::Apt, c);
            u.unknown = args(c).iter().any(|a| a.text.contains("Dir::"));
            u.dirs = vec!["/var/cache/apt".into(), "/var/lib/apt".into()];
            u.fix_dir = Some("/var/cache/apt".into());
            out.push(u);
        }
    }
    if prog == "apk"
        && matches!(first, "add" | "update" | "upgrade" | "fix")
        && !has_arg(c, &["--no-cache"])
    {
        let mut u = Use::new(Cache::Apk, c);
        if !w.setting(&mut u, arg_text(c, &["--cache-dir"])) {
            u.dirs = vec!["/var/cache/apk".into(), "/etc/apk/cache".into()];
            u.fix_dir = Some("/var/cache/apk".into());
        }
        out.push(u);
    }
    if is(&["yum", "dnf", "dnf5", "microdnf"]) {
        let sub = os_ops("cdexR", &["config", "installroot", "releasever", "setopt"]);
        if matches!(
            sub.as_deref(),
            Some(
                "install"
                    | "groupinstall"
                    | "localinstall"
                    | "update"
                    | "upgrade"
                    | "makecache"
                    | "reinstall"
                    | "builddep"
            )
        ) {
            let mut u = Use::new(Cache::Rpm, c);
            u.unknown = args(c).iter().any(|a| a.text.contains("cachedir"));
            u.dirs = vec![
                "/var/cache/dnf".into(),
                "/var/cache/yum".into(),
                "/var/cache/libdnf5".into(),
            ];
            u.fix_dir = Some(
                if prog == "yum" {
                    "/var/cache/yum"
                } else {
                    "/var/cache/dnf"
                }
                .into(),
            );
            out.push(u);
        }
    }
    if prog == "zypper" {
        let sub = os_ops("cCDRp", &["config", "root", "cache-dir", "pkg-cache-dir"]);
        if matches!(
            sub.as_deref(),
            Some("install" | "in" | "update" | "up" | "refresh" | "ref" | "dup" | "dist-upgrade")
        ) {
            let mut u = Use::new(Cache::Zypper, c);
            u.unknown = has_arg(c, &["--cache-dir", "--pkg-cache-dir", "-C"]);
            u.dirs = vec!["/var/cache/zypp".into()];
            u.fix_dir = Some("/var/cache/zypp".into());
            out.push(u);
        }
    }

    // Go
    if is(&["go", "xx-go"]) && !has_arg(c, &["--wrap"]) {
        let builds = matches!(
            first,
            "build" | "install" | "test" | "run" | "vet" | "generate"
        );
        let mods = builds
            || first == "get"
            || (first == "mod"
                && matches!(
                    ops.get(1).copied(),
                    Some("download" | "tidy" | "vendor" | "verify" | "graph" | "why")
                ));
        // `-mod=vendor` builds read ./vendor, not the module cache.
        let vendored = has_arg(c, &["-mod=vendor"])
            || matches!(w.var("GOFLAGS"), Var::Set(f) if f.contains("-mod=vendor"));
        if mods && !(builds && vendored) {
            let mut u = Use::new(Cache::GoMod, c);
            if !w.env_setting(&mut u, &["GOMODCACHE"]) {
                match w.var("GOPATH") {
                    Var::Set(p) => {
                        let first_path = p.split(':').next().unwrap_or(&p).to_string();
                        w.setting(&mut u, Some((join_path(&first_path, "pkg/mod"), false)));
                    }
                    Var::Unknown => u.unknown = true,
                    Var::Unset => match root_image(cx, step.stage) {
                        Some((name, _)) if name == "golang" => w.fixed(&mut u, "/go/pkg/mod"),
                        Some((name, _)) if is_distro(&name) => {
                            w.home_dir(&mut u, "go/pkg/mod", true)
                        }
                        _ => {
                            // An unknown base may set GOPATH=/go like the golang images.
                            w.home_dir(&mut u, "go/pkg/mod", false);
                            u.dirs.push("/go/pkg/mod".into());
                            u.fix_dir = None;
                        }
                    },
                }
            }
            out.push(u);
        }
        if builds {
            match w.var("GOCACHE") {
                Var::Set(v) if v == "off" => {}
                _ => {
                    let mut u = Use::new(Cache::GoBuild, c);
                    if !w.env_setting(&mut u, &["GOCACHE"]) {
                        w.xdg(&mut u, "XDG_CACHE_HOME", ".cache", "go-build");
                    }
                    out.push(u);
                }
            }
        }
    }

    // Cargo
    if prog == "cargo"
        && matches!(
            first,
            "build"
                | "b"
                | "install"
                | "fetch"
                | "test"
                | "t"
                | "run"
                | "r"
                | "check"
                | "c"
                | "clippy"
                | "doc"
                | "d"
                | "bench"
                | "update"
                | "generate-lockfile"
                | "vendor"
                | "chef"
                | "auditable"
                | "zigbuild"
        )
    {
        let mut u = Use::new(Cache::Cargo, c);
        match w.var("CARGO_HOME") {
            Var::Set(h) if h.starts_with('/') => {
                w.fixed(&mut u, &join_path(&h, "registry"));
                u.dirs.push(join_path(&h, "git"));
            }
            Var::Unset => match root_image(cx, step.stage) {
                Some((name, _)) if name == "rust" => {
                    w.fixed(&mut u, "/usr/local/cargo/registry");
                    u.dirs.push("/usr/local/cargo/git".into());
                }
                other => {
                    let sure = other.is_some_and(|(n, _)| is_distro(&n));
                    w.home_dir(&mut u, ".cargo/registry", sure);
                    w.home_dir(&mut u, ".cargo/git", false);
                    u.dirs.push("/usr/local/cargo/registry".into());
                    u.dirs.push("/usr/local/cargo/git".into());
                }
            },
            _ => u.unknown = true,
        }
        out.push(u);
        if first != "fetch"
            && first != "update"
            && first != "generate-lockfile"
            && first != "vendor"
        {
            let mut t = Use::new(Cache::CargoTarget, c);
            t.claim_only = true;
            if !w.setting(&mut t, arg_text(c, &["--target-dir"]))
                && !w.env_setting(&mut t, &["CARGO_TARGET_DIR"])
            {
                match workdir_at(cx, step.stage, step.ins.span.start) {
                    Some(wd) => t.dirs.push(join_path(&wd, "target")),
                    None => t.unknown = true,
                }
            }
            out.push(t);
        }
    }

    // RubyGems / Bundler: many settings move it, so any mount naming gems counts.
    if (prog == "gem" && matches!(first, "install" | "i" | "update"))
        || (is(&["bundle", "bundler"])
            && matches!(first, "" | "install" | "update" | "cache" | "package"))
    {
        let mut u = Use::new(Cache::Gem, c);
        u.lenient = true;
        for n in [
            "GEM_HOME",
            "BUNDLE_PATH",
            "BUNDLE_USER_CACHE",
            "BUNDLE_USER_HOME",
            "BUNDLE_CACHE_PATH",
        ] {
            if let Var::Set(v) = w.var(n) {
                if v.starts_with('/') {
                    u.dirs.push(join_path("/", &v));
                }
            }
        }
        w.home_dir(&mut u, ".gem", false);
        w.home_dir(&mut u, ".bundle", false);
        w.home_dir(&mut u, ".local/share/gem", false);
        u.dirs.extend([
            "/usr/local/bundle".into(),
            "/var/lib/gems".into(),
            "/usr/local/lib/ruby/gems".into(),
        ]);
        if let Some(wd) = workdir_at(cx, step.stage, step.ins.span.start) {
            u.dirs.push(join_path(&wd, "vendor"));
        }
        u.unknown = false;
        u.fix_dir = None;
        out.push(u);
    }

    // Composer
    if is(&["composer", "composer.phar"])
        && matches!(
            first,
            "install" | "i" | "update" | "u" | "upgrade" | "require" | "req" | "global"
        )
        && !has_arg(c, &["--no-cache"])
    {
        let mut u = Use::new(Cache::Composer, c);
        u.lenient = true;
        if !w.env_setting(&mut u, &["COMPOSER_CACHE_DIR"]) {
            match w.var("COMPOSER_HOME") {
                Var::Set(h) if h.starts_with('/') => w.fixed(&mut u, &join_path(&h, "cache")),
                Var::Unset => {
                    if root_image(cx, step.stage).is_some_and(|(n, _)| n == "composer") {
                        w.fixed(&mut u, "/tmp/cache");
                    } else {
                        w.home_dir(&mut u, ".cache/composer", false);
                        w.home_dir(&mut u, ".composer/cache", false);
                        w.home_dir(&mut u, ".config/composer/cache", false);
                        u.fix_dir = None;
                    }
                }
                _ => u.unknown = true,
            }
        }
        out.push(u);
    }

    // Maven
    if is(&["mvn", "mvnw"]) {
        let mut u = Use::new(Cache::Maven, c);
        let local = args(c).iter().find_map(|a| {
            a.text
                .strip_prefix("-Dmaven.repo.local=")
                .map(|v| (v.to_string(), a.has_expansion))
        });
        if !w.setting(&mut u, local) {
            let opts = w.var("MAVEN_OPTS");
            let settings = has_arg(c, &["-s", "--settings", "-gs", "--global-settings"]);
            match opts {
                Var::Set(o) if !o.contains("repo.local") && !settings => {
                    w.home_dir(&mut u, ".m2", true)
                }
                Var::Unset if !settings => w.home_dir(&mut u, ".m2", true),
                _ => u.unknown = true,
            }
        }
        out.push(u);
    }

    // Gradle
    if is(&["gradle", "gradlew"]) {
        let mut u = Use::new(Cache::Gradle, c);
        u.lenient = true;
        if !w.setting(&mut u, arg_text(c, &["--gradle-user-home", "-g"]))
            && !w.env_setting(&mut u, &["GRADLE_USER_HOME"])
        {
            w.home_dir(&mut u, ".gradle", true);
            u.dirs.push("/home/gradle/.gradle".into());
        }
        out.push(u);
    }

    out
}

/// Well-known OS base images (no language tool configured in them).
fn is_distro(name: &str) -> bool {
    matches!(
        name,
        "alpine"
            | "debian"
            | "ubuntu"
            | "fedora"
            | "centos"
            | "rockylinux"
            | "almalinux"
            | "amazonlinux"
            | "archlinux"
            | "busybox"
            | "opensuse"
            | "leap"
            | "tumbleweed"
            | "ubi"
            | "ubi8"
            | "ubi9"
            | "ubi-minimal"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_and_intent() {
        assert!(has_keyword("/root/.cache/pip", &["pip"]));
        assert!(has_keyword("/cache/pip-cache", &["pip"]));
        assert!(!has_keyword("/root/.cache/pipenv", &["pip"]));
        assert!(has_keyword("/go-build", &["go-build"]));
        assert_eq!(intended_for("/root/.cache/uv"), vec![Cache::Uv]);
        assert_eq!(intended_for("/go-build"), vec![Cache::GoBuild]);
        assert!(intended_for("/root/.cache").contains(&Cache::Pip));
        assert!(intended_for("/opt/ccache").is_empty());
        assert!(intended_for("/app/node_modules").is_empty());
        assert_eq!(intended_for("/go/pkg/mod/cache"), vec![Cache::GoMod]);
    }

    #[test]
    fn other_homes() {
        assert!(in_some_home("/home/app/.cache/pip", ".cache/pip"));
        assert!(in_some_home("/home/app/.cache", ".cache/pip"));
        assert!(in_some_home("/home/app", ".cache/pip"));
        assert!(!in_some_home("/var/cache/apt", ".cache/pip"));
        assert!(!in_some_home("/tmp/uv", ".cache/pip"));
    }
}
