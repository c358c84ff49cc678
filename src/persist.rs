//! Share links, autosave and workspace files without any browser API: which finding a link selects,
//! whether the workspace is the user's own work, whether a link is practical, and the checks on a
//! workspace file opened from disk. The packing itself is `shipshape_core::share` (one encoder for the
//! CLI and the page). Tested natively; `app::share` and `app::storage` wire this to the page.

use crate::model::{bidi_isolate, Doc, Item, Key, Session};
use shipshape_core::share::{self, Selection, ShareError, Shared};
use shipshape_core::{FileKind, Workspace};

/// Links up to this many characters paste into chat tools, issues and mail without being cut; longer
/// ones still open, but the page recommends sending the workspace as a file instead.
pub const PRACTICAL_LINK: usize = 8_000;
/// Largest workspace file the page reads (a link is bounded by `share::MAX_DECOMPRESSED`; a file may
/// hold more, which is what it is for).
pub const MAX_OPEN_BYTES: usize = 16 << 20;
/// Most files a workspace file may hold.
pub const MAX_OPEN_FILES: usize = 256;
/// The `format` value of a downloaded workspace file.
pub const FILE_FORMAT: &str = "shipshape-workspace";
pub const FILE_VERSION: u32 = 1;

/// A short, stable fingerprint of a workspace (names, texts, order) and its check options. Used to
/// tell the user's own edits from a workspace that came unchanged from a link or an example.
pub fn fingerprint<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    check: Option<&str>,
) -> String {
    // FNV-1a, 64 bits: not a security measure, only "did this change".
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    let mut n = 0usize;
    for (path, text) in files {
        eat(&(path.len() as u64).to_le_bytes());
        eat(path.as_bytes());
        eat(&(text.len() as u64).to_le_bytes());
        eat(text.as_bytes());
        n += 1;
    }
    eat(&(n as u64).to_le_bytes());
    match check {
        Some(c) => {
            eat(b"\x01");
            eat(c.as_bytes());
        }
        None => eat(b"\x00"),
    }
    format!("{h:016x}")
}

pub fn session_fingerprint(session: &Session) -> String {
    fingerprint(
        session
            .docs()
            .iter()
            .map(|d| (d.path.as_str(), d.text.as_str())),
        session.check.as_deref(),
    )
}

pub fn shared_fingerprint(shared: &Shared) -> String {
    fingerprint(
        shared
            .workspace
            .files()
            .iter()
            .map(|f| (f.path.as_str(), f.text.as_str())),
        shared.check.as_deref(),
    )
}

/// The session's files as `(path, text)` pairs, the shape `Session::new`/`replace_all` take.
pub fn pairs(ws: &Workspace) -> Vec<(&str, &str)> {
    ws.files()
        .iter()
        .map(|f| (f.path.as_str(), f.text.as_str()))
        .collect()
}

/// Whether the session holds the same files (and check options) as `shared`.
pub fn same_workspace(session: &Session, shared: &Shared) -> bool {
    session.check == shared.check
        && session.docs().len() == shared.workspace.files().len()
        && session
            .docs()
            .iter()
            .zip(shared.workspace.files())
            .all(|(d, f)| d.path == f.path && d.text == f.text)
}

/// Is the current workspace the user's own work, i.e. not exactly what a link, an example or the
/// starting file put there (`pristine`)? Anything unknown counts as own work, so it is kept.
pub fn is_own_work(current: &str, pristine: Option<&str>) -> bool {
    pristine != Some(current)
}

/// What a link records about a finding (or a parse error, with an empty rule).
pub fn selection_of(item: &Item<'_>) -> Selection {
    Selection {
        file: item.file().to_string(),
        rule: item.rule().unwrap_or("").to_string(),
        line: item.line(),
        column: item.column(),
    }
}

/// The item a link's selection points at: the same rule at the same place, or else the first of that
/// rule in that file (the link may come from a slightly different version of shipshape).
pub fn find_selection(items: &[Item<'_>], sel: &Selection) -> Option<usize> {
    let rule = |i: &Item<'_>| i.rule().unwrap_or("") == sel.rule;
    items
        .iter()
        .position(|i| {
            i.file() == sel.file && rule(i) && i.line() == sel.line && i.column() == sel.column
        })
        .or_else(|| {
            items
                .iter()
                .position(|i| i.file() == sel.file && rule(i) && i.line() == sel.line)
        })
        .or_else(|| items.iter().position(|i| i.file() == sel.file && rule(i)))
}

/// The selection for `key` if it is among `items`.
pub fn selection_for_key(items: &[Item<'_>], key: Option<&Key>) -> Option<Selection> {
    let key = key?;
    items.iter().find(|i| i.is(key)).map(|i| selection_of(i))
}

/// The link payload for the session.
pub fn shared_of(session: &Session, selection: Option<Selection>) -> Shared {
    Shared {
        workspace: session.workspace(),
        check: session.check.clone(),
        selection,
    }
}

/// How well a fragment works as a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkFit {
    /// Short enough for anywhere.
    Fine,
    /// Opens, but is longer than [`PRACTICAL_LINK`] characters.
    Long,
    /// The page would refuse it (too many files, too large unpacked, too long).
    Refused(String),
}

/// Judge a link: its length, and whether the page itself would open it again (the decoder's bounds).
pub fn link_fit(link: &str, fragment: &str) -> LinkFit {
    match share::decode(fragment) {
        Err(e) => LinkFit::Refused(e.to_string()),
        Ok(_) if link.len() > PRACTICAL_LINK => LinkFit::Long,
        Ok(_) => LinkFit::Fine,
    }
}

/// The fragment inside whatever the user gave: a whole link, `#…`, or the bare fragment.
pub fn fragment_of(text: &str) -> &str {
    let t = text.trim();
    match t.rfind('#') {
        Some(i) => &t[i + 1..],
        None => t,
    }
}

/// Does this fragment look like a share link at all? Anything else (e.g. `#top`, a leftover anchor)
/// is ignored rather than reported as a damaged link.
pub fn looks_like_link(fragment: &str) -> bool {
    // The page's own routes (`#/rules/…`, `#/learn/…`, `crate::route`) start with `/`, which
    // base64url never holds.
    if fragment.starts_with('/') {
        return false;
    }
    let charset = fragment
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    // The smallest payload (version byte + deflate of `{"f":[]}`) is over 12 characters, and a
    // version byte below 4 makes the first character `A`. Anything of 40 characters or more is
    // taken as a link, so an unknown version or a mangled link is reported, not ignored.
    fragment.len() >= 40 || (charset && fragment.len() >= 12 && fragment.starts_with('A'))
}

/// Open a link's fragment; an empty workspace counts as a damaged link.
pub fn open_fragment(fragment: &str) -> Result<Shared, ShareError> {
    let shared = share::decode(fragment)?;
    if shared.workspace.files().is_empty() {
        return Err(ShareError::Empty);
    }
    Ok(shared)
}

/// A file name from a workspace file: relative, `/`-separated, no `.`/`..`, no control characters.
pub fn usable_path(p: &str) -> bool {
    !p.is_empty()
        && p.len() <= 255
        && !p.starts_with('/')
        && !p.contains('\\')
        && !p.chars().any(char::is_control)
        && p.split('/').all(|c| !c.is_empty() && c != "." && c != "..")
}

/// Check the files of an opened workspace file and build the workspace. Errors are sentences.
pub fn workspace_from_files(
    files: Vec<(String, String)>,
    check: Option<String>,
) -> Result<Shared, String> {
    if files.is_empty() {
        return Err("the file holds no files".into());
    }
    if files.len() > MAX_OPEN_FILES {
        return Err(format!(
            "the file holds {} files; at most {MAX_OPEN_FILES} are accepted",
            files.len()
        ));
    }
    let total: usize = files.iter().map(|(p, t)| p.len() + t.len()).sum();
    if total > MAX_OPEN_BYTES {
        return Err(format!(
            "the files add up to more than {} MiB",
            MAX_OPEN_BYTES >> 20
        ));
    }
    let mut ws = Workspace::new();
    for (path, text) in files {
        if !usable_path(&path) {
            return Err(format!("it holds an unusable file name {path:?}"));
        }
        if ws.get(&path).is_some() {
            return Err(format!("it holds {path:?} twice"));
        }
        ws.add(path, text);
    }
    Ok(Shared {
        workspace: ws,
        check,
        selection: None,
    })
}

/// "Dockerfile", "Dockerfile and compose.yaml", "3 files".
pub fn describe(docs: &[Doc]) -> String {
    match docs {
        [] => "no files".into(),
        [a] => bidi_isolate(&a.path).into_owned(),
        [a, b] => format!("{} and {}", bidi_isolate(&a.path), bidi_isolate(&b.path)),
        _ => format!("{} files", docs.len()),
    }
}

/// A downloaded workspace: `{"format": "shipshape-workspace", "version": 1, "files": [{"path",
/// "text"}], "check"?}`.
#[derive(serde::Serialize)]
struct WorkspaceFileOut<'a> {
    format: &'a str,
    version: u32,
    files: Vec<FileOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    check: Option<&'a str>,
}

#[derive(serde::Serialize)]
struct FileOut<'a> {
    path: &'a str,
    text: &'a str,
}

/// The downloadable workspace file, indented so it reads well.
pub fn workspace_file(session: &Session) -> String {
    let out = WorkspaceFileOut {
        format: FILE_FORMAT,
        version: FILE_VERSION,
        files: session
            .docs()
            .iter()
            .map(|d| FileOut {
                path: &d.path,
                text: &d.text,
            })
            .collect(),
        check: session.check.as_deref(),
    };
    serde_json::to_string_pretty(&out).unwrap_or_default()
}

/// Read a file the user opened: a downloaded workspace, or a text holding a share link.
pub fn read_workspace_file(text: &str) -> Result<Shared, String> {
    use serde_json::Value;
    let t = text.trim_start_matches('\u{feff}').trim();
    if !t.starts_with('{') {
        let frag = fragment_of(t);
        return open_fragment(frag)
            .map_err(|e| format!("it is neither a workspace file nor a share link ({e})"));
    }
    let v: Value = serde_json::from_str(t).map_err(|_| "it is not valid JSON".to_string())?;
    if v.get("format").and_then(Value::as_str) != Some(FILE_FORMAT) {
        return Err("it is not a shipshape workspace file".into());
    }
    match v.get("version") {
        Some(n) if n.as_u64() == Some(u64::from(FILE_VERSION)) => {}
        other => {
            return Err(format!(
                "it uses format version {}, which this page does not know",
                other.map_or_else(|| "?".to_string(), Value::to_string)
            ))
        }
    }
    let Some(files) = v.get("files").and_then(Value::as_array) else {
        return Err("it has no list of files".into());
    };
    if files.len() > MAX_OPEN_FILES {
        return Err(format!(
            "it holds {} files; at most {MAX_OPEN_FILES} are accepted",
            files.len()
        ));
    }
    let mut out = Vec::new();
    for (i, f) in files.iter().enumerate() {
        match (
            f.get("path").and_then(Value::as_str),
            f.get("text").and_then(Value::as_str),
        ) {
            (Some(p), Some(t)) => out.push((p.to_string(), t.to_string())),
            _ => return Err(format!("file {} has no path or no text", i + 1)),
        }
    }
    let check = v.get("check").and_then(Value::as_str).map(str::to_string);
    workspace_from_files(out, check)
}

/// Most files one "Open file…" or drop adds to the workspace.
pub const MAX_IMPORT_FILES: usize = 64;
/// Largest single file "Open file…" or a drop reads as a plain file.
pub const MAX_IMPORT_FILE: usize = 1 << 20;
/// Folders skipped when a folder is opened or dropped (as the CLI's discovery skips them).
const SKIP_DIRS: &[&str] = &[
    ".git",
    "node_modules",
    "target",
    "vendor",
    "third_party",
    ".venv",
    "venv",
    "__pycache__",
];

/// What a file's content says it is, when its name says nothing.
pub fn kind_by_content(text: &str) -> FileKind {
    let text = text.trim_start_matches('\u{feff}');
    let mut dockerfile_comment = false;
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        if let Some(c) = l.strip_prefix('#') {
            let c = c.trim_start().to_ascii_lowercase();
            if c.starts_with("syntax=") || c.starts_with("escape=") || c.starts_with("check=") {
                dockerfile_comment = true;
                break;
            }
            continue;
        }
        let word = l.split_whitespace().next().unwrap_or("");
        if word.eq_ignore_ascii_case("FROM") || word.eq_ignore_ascii_case("ARG") {
            return FileKind::Dockerfile;
        }
        break;
    }
    if dockerfile_comment {
        return FileKind::Dockerfile;
    }
    let compose = text.lines().any(|l| {
        let l = l.split(" #").next().unwrap_or(l).trim_end();
        l == "services:" || l.starts_with("services: {") || l == "services: {}"
    });
    if compose {
        FileKind::Compose
    } else {
        FileKind::Other
    }
}

/// A file the browser handed over: its path (a bare name, or a folder-relative path), and its text
/// or why it could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picked {
    pub path: String,
    pub text: Result<String, String>,
    pub size: usize,
}

/// What opening files comes to.
#[derive(Debug, Clone, PartialEq)]
pub enum Opened {
    /// One file that is a downloaded workspace or holds a share link: it replaces the workspace.
    Workspace { name: String, shared: Shared },
    /// Plain files to add (path, text); `renamed` says which got a name from their content
    /// (old, new); `skipped` the files left out, with why.
    Files {
        files: Vec<(String, String)>,
        renamed: Vec<(String, String)>,
        skipped: Vec<String>,
    },
}

/// Decide what the picked or dropped files are. `folder`: they come from a folder (opened or
/// dropped), where files of unknown kind are left out instead of being opened as plain text.
pub fn open_picked(mut picked: Vec<Picked>, folder: bool) -> Result<Opened, String> {
    if picked.is_empty() {
        return Err("no file was given".into());
    }
    for p in &mut picked {
        let path = p.path.replace('\\', "/");
        p.path = path
            .trim_start_matches("./")
            .trim_start_matches('/')
            .to_string();
    }
    // A single workspace file or link.
    if let [one] = picked.as_slice() {
        let lower = one.path.to_ascii_lowercase();
        let name = one.path.rsplit('/').next().unwrap_or(&one.path).to_string();
        let text = one
            .text
            .clone()
            .map_err(|e| format!("{name} could not be read: {e}"))?;
        let t = text.trim();
        let is_link = !t.contains('\n') && t.contains('#') && looks_like_link(fragment_of(t));
        let is_ws = t.starts_with('{') && t.contains(FILE_FORMAT);
        if lower.ends_with(".json") || is_link || is_ws {
            if one.size > 2 * MAX_OPEN_BYTES {
                return Err(format!(
                    "{name} is larger than {} MiB",
                    (2 * MAX_OPEN_BYTES) >> 20
                ));
            }
            return match read_workspace_file(&text) {
                Ok(shared) => Ok(Opened::Workspace { name, shared }),
                Err(e) => Err(format!("{name} could not be opened: {e}")),
            };
        }
    }
    // Folders opened or dropped whole: their paths start with the folder's own name; drop it
    // when they all share it.
    let first = |p: &str| p.split('/').next().unwrap_or("").to_string();
    let common = first(&picked[0].path);
    if common != ".."
        && picked
            .iter()
            .all(|p| p.path.contains('/') && first(&p.path) == common)
    {
        for p in &mut picked {
            p.path = p.path[common.len() + 1..].to_string();
        }
    }
    let mut files: Vec<(String, String)> = Vec::new();
    let mut renamed = Vec::new();
    let mut skipped = Vec::new();
    for p in picked {
        if p.path.split('/').any(|c| SKIP_DIRS.contains(&c)) {
            continue;
        }
        let text = match p.text {
            Ok(t) if p.size <= MAX_IMPORT_FILE && !t.contains('\0') => t,
            Ok(_) if p.size > MAX_IMPORT_FILE => {
                skipped.push(format!(
                    "{} (over {} KiB)",
                    bidi_isolate(&p.path),
                    MAX_IMPORT_FILE >> 10
                ));
                continue;
            }
            Ok(_) => {
                skipped.push(format!("{} (not text)", bidi_isolate(&p.path)));
                continue;
            }
            Err(e) => {
                skipped.push(format!("{} ({e})", bidi_isolate(&p.path)));
                continue;
            }
        };
        let text = text.trim_start_matches('\u{feff}').to_string();
        let mut path = p.path.clone();
        if FileKind::detect(&path) == FileKind::Other {
            let dir = match path.rfind('/') {
                Some(i) => &path[..=i],
                None => "",
            };
            let name = &path[dir.len()..];
            let by_content = match kind_by_content(&text) {
                FileKind::Dockerfile => Some(format!("{dir}{name}.dockerfile")),
                FileKind::Compose => {
                    let lower = name.to_ascii_lowercase();
                    if lower.ends_with(".yml") || lower.ends_with(".yaml") {
                        Some(format!("{dir}compose.{name}"))
                    } else {
                        Some(format!("{dir}compose.{name}.yaml"))
                    }
                }
                _ => None,
            };
            match by_content {
                Some(new) => {
                    renamed.push((path.clone(), new.clone()));
                    path = new;
                }
                None if folder => continue,
                None => {}
            }
        }
        if !usable_path(&path) {
            skipped.push(format!("{path} (unusable name)"));
            continue;
        }
        if files.iter().any(|(p, _)| *p == path) {
            continue;
        }
        if files.len() == MAX_IMPORT_FILES {
            skipped.push(format!("{path} (at most {MAX_IMPORT_FILES} files at once)"));
            continue;
        }
        files.push((path, text));
    }
    if files.is_empty() {
        let why = if skipped.is_empty() {
            "none of them is a Dockerfile, compose file, .dockerignore, .hadolint.yaml or .dclintrc"
                .to_string()
        } else {
            format!("none could be opened: {}", skipped.join(", "))
        };
        return Err(why);
    }
    Ok(Opened::Files {
        files,
        renamed,
        skipped,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model;

    const DOCKERFILE: &str = "FROM python:latest\nADD app.py /app/\nCMD python /app/app.py\n";

    fn session() -> Session {
        Session::new(&[
            ("Dockerfile", DOCKERFILE),
            ("compose.yaml", "services:\n  web:\n    build: .\n"),
        ])
    }

    #[test]
    fn fingerprints_change_with_any_name_text_order_or_check() {
        let base = fingerprint([("a", "x"), ("b", "y")], None);
        assert_eq!(base, fingerprint([("a", "x"), ("b", "y")], None));
        for other in [
            fingerprint([("a", "x"), ("b", "z")], None),
            fingerprint([("a", "x"), ("c", "y")], None),
            fingerprint([("b", "y"), ("a", "x")], None),
            fingerprint([("a", "x")], None),
            fingerprint([("a", "xb"), ("", "y")], None),
            fingerprint([("a", "x"), ("b", "y")], Some("")),
            fingerprint([("a", "x"), ("b", "y")], Some("skip=DL3007")),
        ] {
            assert_ne!(base, other);
        }
        assert_eq!(base.len(), 16);
    }

    #[test]
    fn a_session_and_its_link_have_the_same_fingerprint() {
        let mut s = session();
        s.check = Some("skip=DL3020".into());
        let shared = share::decode(&share::encode(&shared_of(&s, None))).unwrap();
        assert_eq!(session_fingerprint(&s), shared_fingerprint(&shared));
        assert!(same_workspace(&s, &shared));
        let id = s.docs()[0].id;
        s.edit(id, "FROM alpine\n".into());
        assert_ne!(session_fingerprint(&s), shared_fingerprint(&shared));
        assert!(!same_workspace(&s, &shared));
    }

    #[test]
    fn own_work_is_anything_not_pristine() {
        let s = session();
        let fp = session_fingerprint(&s);
        assert!(!is_own_work(&fp, Some(&fp)));
        assert!(is_own_work(&fp, None));
        assert!(is_own_work(&fp, Some("0000000000000000")));
    }

    #[test]
    fn a_selection_survives_the_trip_through_a_link() {
        let s = session();
        let report = s.lint();
        let items = model::items(&report, s.docs());
        let i = items
            .iter()
            .position(|i| i.rule() == Some("DL3020"))
            .expect("ADD is reported");
        let sel = selection_of(&items[i]);
        assert_eq!((sel.file.as_str(), sel.line), ("Dockerfile", 2));
        let shared = share::decode(&share::encode(&shared_of(&s, Some(sel.clone())))).unwrap();
        assert_eq!(shared.selection.as_ref(), Some(&sel));
        assert_eq!(find_selection(&items, &sel), Some(i));
        assert_eq!(
            selection_for_key(&items, Some(&items[i].key())),
            Some(sel.clone())
        );
        // A moved finding is still found by rule and file; an unknown rule is not.
        let moved = Selection {
            line: 9,
            ..sel.clone()
        };
        assert_eq!(find_selection(&items, &moved), Some(i));
        let gone = Selection {
            rule: "NOPE".into(),
            ..sel
        };
        assert_eq!(find_selection(&items, &gone), None);
    }

    #[test]
    fn link_fit_follows_length_and_the_decoder() {
        let s = session();
        let frag = share::encode(&shared_of(&s, None));
        let link = format!("http://127.0.0.1:8080/#{frag}");
        assert_eq!(link_fit(&link, &frag), LinkFit::Fine);
        let long = format!("http://x/{}#{frag}", "p".repeat(PRACTICAL_LINK));
        assert_eq!(link_fit(&long, &frag), LinkFit::Long);
        // Too many files: the page would refuse its own link, so it must not offer it.
        let files: Vec<(String, String)> = (0..share::MAX_FILES + 1)
            .map(|i| (format!("f{i}/Dockerfile"), "FROM alpine\n".to_string()))
            .collect();
        let many = Session::new(
            &files
                .iter()
                .map(|(p, t)| (p.as_str(), t.as_str()))
                .collect::<Vec<_>>(),
        );
        let frag = share::encode(&shared_of(&many, None));
        assert!(matches!(link_fit(&frag, &frag), LinkFit::Refused(m) if m.contains("65 files")));
    }

    #[test]
    fn fragments_are_found_in_links_and_anchors_are_not_links() {
        assert_eq!(fragment_of("  https://x.y/play/#AbC_-123  "), "AbC_-123");
        assert_eq!(fragment_of("#abc"), "abc");
        assert_eq!(fragment_of("abc"), "abc");
        assert!(!looks_like_link("top"));
        assert!(!looks_like_link("findings-panel-x"));
        assert!(!looks_like_link("has space and more"));
        assert!(!looks_like_link("AQ"));
        assert!(
            looks_like_link("AQzzzzzzzzzzzzzz"),
            "a cut-off link is reported"
        );
        assert!(looks_like_link(&"C".repeat(40)), "so is a future version");
        assert!(looks_like_link(&format!(
            "AQ{}!{}",
            "x".repeat(20),
            "y".repeat(20)
        )));
        let frag = share::encode(&shared_of(&session(), None));
        assert!(looks_like_link(&frag));
        assert!(open_fragment(&frag).is_ok());
        let empty = share::encode(&Shared::default());
        assert!(looks_like_link(&empty), "{empty}");
        assert_eq!(open_fragment(&empty), Err(ShareError::Empty));
        assert!(open_fragment(&frag[..frag.len() - 7]).is_err());
    }

    #[test]
    fn workspace_files_are_checked() {
        let ok = workspace_from_files(
            vec![
                ("Dockerfile".into(), "FROM alpine\n".into()),
                ("<b>x</b>.yaml".into(), "<script>alert(1)</script>".into()),
            ],
            Some("skip=DL3007".into()),
        )
        .unwrap();
        assert_eq!(ok.workspace.files().len(), 2);
        assert_eq!(ok.check.as_deref(), Some("skip=DL3007"));
        for (bad, why) in [
            (vec![], "no files"),
            (
                vec![("../etc/passwd".into(), String::new())],
                "unusable file name",
            ),
            (vec![("/abs".into(), String::new())], "unusable"),
            (vec![("a\u{7}b".into(), String::new())], "unusable"),
            (
                vec![("a".into(), String::new()), ("a".into(), String::new())],
                "twice",
            ),
            (vec![("big".into(), "x".repeat(MAX_OPEN_BYTES + 1))], "MiB"),
            (
                (0..=MAX_OPEN_FILES)
                    .map(|i| (format!("f{i}"), String::new()))
                    .collect(),
                "at most",
            ),
        ] {
            let err = workspace_from_files(bad, None).unwrap_err();
            assert!(err.contains(why), "{err} / {why}");
        }
    }

    /// The external corpus, as crates/core/tests/common/mod.rs finds it: `$SHIPSHAPE_CORPUS`, else
    /// `../shared/corpus` beside the checkout. When it is missing the test is skipped, and the skip is
    /// recorded the same way: a `shipshape-skip: no corpus: <test>` line appended to
    /// `$SHIPSHAPE_SKIP_LOG`, which scripts/test.sh counts as skipped rather than passed.
    fn corpus() -> Option<std::path::PathBuf> {
        use std::io::Write;
        let dir = std::env::var_os("SHIPSHAPE_CORPUS")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                // The folder cargo runs the test in, not the one baked in at build time (a test
                // binary reused from another checkout's build must look beside this one).
                std::env::var_os("CARGO_MANIFEST_DIR")
                    .map(std::path::PathBuf::from)
                    .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
                    .join("../shared/corpus")
            });
        if dir.is_dir() {
            return Some(dir);
        }
        let test = format!(
            "{}::{}",
            env!("CARGO_CRATE_NAME"),
            std::thread::current().name().unwrap_or("?")
        );
        eprintln!("skipping {test}: no corpus at {}", dir.display());
        if let Some(log) = std::env::var_os("SHIPSHAPE_SKIP_LOG") {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&log)
                .and_then(|mut f| {
                    f.write_all(format!("shipshape-skip: no corpus: {test}\n").as_bytes())
                })
                .unwrap_or_else(|e| panic!("cannot record the skip in SHIPSHAPE_SKIP_LOG: {e}"));
        }
        None
    }

    /// A share link for a typical 3 KB Dockerfile stays around 2,000 characters, well under
    /// [`PRACTICAL_LINK`]. Measured on the real Dockerfiles of 2.5-3.5 KB in the external corpus.
    #[test]
    fn links_for_real_3kb_dockerfiles_stay_around_2000_characters() {
        let Some(dir) = corpus() else {
            return;
        };
        let mut lens = Vec::new();
        for sub in ["dockerfiles", "dockerfiles-wild"] {
            let Ok(rd) = std::fs::read_dir(dir.join(sub)) else {
                continue;
            };
            for e in rd.flatten() {
                let Ok(text) = std::fs::read_to_string(e.path()) else {
                    continue;
                };
                if !(2500..=3500).contains(&text.len()) {
                    continue;
                }
                let s = Session::new(&[("Dockerfile", text.as_str())]);
                let frag = share::encode(&shared_of(&s, None));
                let link = format!("https://example.org/shipshape/#{frag}");
                assert_eq!(link_fit(&link, &frag), LinkFit::Fine);
                lens.push(link.len());
            }
        }
        assert!(
            !lens.is_empty(),
            "no Dockerfiles of 2.5-3.5 KB in {}/dockerfiles*",
            dir.display()
        );
        lens.sort_unstable();
        let median = lens[lens.len() / 2];
        eprintln!(
            "{} Dockerfiles of 2.5-3.5 KB: link length median {median}, max {}",
            lens.len(),
            lens[lens.len() - 1]
        );
        assert!(median <= 2_000, "median {median}");
        assert!(lens[lens.len() - 1] <= 2_600, "{lens:?}");
    }

    #[test]
    fn workspace_files_round_trip_through_serde() {
        let mut s = session();
        s.check = Some("skip=DL3007".into());
        let json = workspace_file(&s);
        assert!(
            json.contains("\"format\": \"shipshape-workspace\""),
            "{json}"
        );
        let back = read_workspace_file(&json).unwrap();
        assert_eq!(back.workspace.files().len(), 2);
        assert_eq!(back.workspace.files()[0].text, DOCKERFILE);
        assert_eq!(back.check.as_deref(), Some("skip=DL3007"));
        let link = format!(
            "https://x.example/#{}\n",
            share::encode(&shared_of(&s, None))
        );
        assert_eq!(
            read_workspace_file(&link).unwrap().workspace.files().len(),
            2
        );
        for (bad, why) in [
            ("{", "not valid JSON"),
            ("{\"format\":\"other\"}", "not a shipshape workspace"),
            (
                "{\"format\":\"shipshape-workspace\",\"version\":2,\"files\":[]}",
                "version 2",
            ),
            (
                "{\"format\":\"shipshape-workspace\",\"version\":1}",
                "no list of files",
            ),
            (
                "{\"format\":\"shipshape-workspace\",\"version\":1,\"files\":[{\"path\":\"a\"}]}",
                "no text",
            ),
            ("hello", "neither"),
        ] {
            let err = read_workspace_file(bad).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
    }

    fn picked(path: &str, text: &str) -> Picked {
        Picked {
            path: path.into(),
            text: Ok(text.into()),
            size: text.len(),
        }
    }

    #[test]
    fn kinds_by_content() {
        assert_eq!(kind_by_content("FROM alpine\n"), FileKind::Dockerfile);
        assert_eq!(
            kind_by_content("\u{feff}# syntax=docker/dockerfile:1\nFROM x\n"),
            FileKind::Dockerfile
        );
        assert_eq!(
            kind_by_content("# build notes\n\narg VERSION=1\nFROM x\n"),
            FileKind::Dockerfile
        );
        assert_eq!(
            kind_by_content("version: '3'\nservices:\n  a: {}\n"),
            FileKind::Compose
        );
        assert_eq!(kind_by_content("# readme\nRUN x\n"), FileKind::Other);
        assert_eq!(kind_by_content("hello: world\n"), FileKind::Other);
    }

    #[test]
    fn opened_files_get_kinds_from_names_then_content() {
        let got = open_picked(
            vec![
                picked("Dockerfile", "FROM alpine\n"),
                picked("stack.yml", "services:\n  a: {}\n"),
                picked("build", "FROM x\n"),
                picked(".dockerignore", "*\n"),
                picked("notes.txt", "hello\n"),
            ],
            false,
        )
        .unwrap();
        let Opened::Files {
            files,
            renamed,
            skipped,
        } = got
        else {
            panic!()
        };
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "Dockerfile",
                "compose.stack.yml",
                "build.dockerfile",
                ".dockerignore",
                "notes.txt"
            ]
        );
        assert_eq!(FileKind::detect(paths[1]), FileKind::Compose);
        assert_eq!(FileKind::detect(paths[2]), FileKind::Dockerfile);
        assert_eq!(renamed.len(), 2);
        assert!(skipped.is_empty());
        // From a folder: the folder's name goes, unknown kinds and vendored folders are left out.
        let got = open_picked(
            vec![
                picked("proj/Dockerfile", "FROM alpine\n"),
                picked("proj/api/compose.yaml", "services: {}\n"),
                picked("proj/.dclintrc", "{\"rules\": {}}\n"),
                picked("proj/README.md", "# hi\n"),
                picked("proj/node_modules/x/Dockerfile", "FROM x\n"),
                Picked {
                    path: "proj/big.dockerfile".into(),
                    text: Ok(String::new()),
                    size: MAX_IMPORT_FILE + 1,
                },
            ],
            true,
        )
        .unwrap();
        let Opened::Files { files, skipped, .. } = got else {
            panic!()
        };
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["Dockerfile", "api/compose.yaml", ".dclintrc"]);
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert!(open_picked(vec![picked("proj/README.md", "hi")], true).is_err());
        assert!(open_picked(vec![picked("../x/Dockerfile", "FROM x")], false).is_err());
    }

    #[test]
    fn a_single_workspace_file_or_link_replaces_the_workspace() {
        let s = session();
        let json = workspace_file(&s);
        match open_picked(vec![picked("shipshape-workspace.json", &json)], false).unwrap() {
            Opened::Workspace { name, shared } => {
                assert_eq!(name, "shipshape-workspace.json");
                assert_eq!(shared.workspace.files().len(), 2);
            }
            other => panic!("{other:?}"),
        }
        let link = format!("https://x/#{}", share::encode(&shared_of(&s, None)));
        assert!(matches!(
            open_picked(vec![picked("link.txt", &link)], false).unwrap(),
            Opened::Workspace { .. }
        ));
        let err = open_picked(vec![picked("x.json", "{")], false).unwrap_err();
        assert!(err.contains("x.json could not be opened"), "{err}");
    }

    #[test]
    fn describe_names_small_workspaces() {
        let s = session();
        assert_eq!(describe(&s.docs()[..1]), "Dockerfile");
        assert_eq!(describe(s.docs()), "Dockerfile and compose.yaml");
        let three = Session::new(&[("a", ""), ("b", ""), ("c", "")]);
        assert_eq!(describe(three.docs()), "3 files");
    }
}
