//! Share links, autosave and workspace files without any browser API: which finding a link selects,
//! whether the workspace is the user's own work, whether a link is practical, and the checks on a
//! workspace file opened from disk. The packing itself is `shipshape_core::share` (one encoder for the
//! CLI and the page). Tested natively; `app::share` and `app::storage` wire this to the page.

use crate::model::{Doc, Item, Key, Session};
use shipshape_core::share::{self, Selection, ShareError, Shared};
use shipshape_core::Workspace;

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
    items
        .iter()
        .find(|i| &i.key() == key)
        .map(|i| selection_of(i))
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
        [a] => a.path.clone(),
        [a, b] => format!("{} and {}", a.path, b.path),
        _ => format!("{} files", docs.len()),
    }
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
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
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
    fn describe_names_small_workspaces() {
        let s = session();
        assert_eq!(describe(&s.docs()[..1]), "Dockerfile");
        assert_eq!(describe(s.docs()), "Dockerfile and compose.yaml");
        let three = Session::new(&[("a", ""), ("b", ""), ("c", "")]);
        assert_eq!(describe(three.docs()), "3 files");
    }
}
