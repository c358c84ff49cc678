//! The playground's state without any UI: the open files, undo/redo of actions, linting, and the pure
//! helpers the view needs (UTF-16 offsets, highlight pieces, finding identity). Tested natively.

use shipshape_core::diff::unified;
use shipshape_core::fix::{apply_edits, fix_workspace, FixOptions, FixedFile};
use shipshape_core::highlight::TokenKind;
use shipshape_core::{
    lint, Applicability, Config, FileError, FileKind, Finding, Report, Severity, Span, TextEdit,
    Workspace,
};
use std::collections::BTreeMap;
use std::ops::Range;
use std::rc::Rc;

pub mod markdown;
pub mod udiff;

/// Above this many bytes in the workspace, linting waits for a pause in typing instead of running on
/// every keystroke; below it (every normal Dockerfile) there is no debounce at all.
pub const LARGE_INPUT: usize = 256 * 1024;
/// Unicode bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// User text (a file name) to put inside the page's own sentences: when it holds bidi controls it
/// is wrapped in an isolate (FSI … PDI) that closes everything it opened, so a right-to-left
/// override in a name cannot reverse the rest of the sentence. Stray PDIs that would close the
/// wrapper early are dropped. Text without bidi controls comes back as it is.
pub fn bidi_isolate(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_bidi_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    out.push('\u{2068}');
    let mut open = 0usize;
    for c in s.chars() {
        match c {
            '\u{2066}'..='\u{2068}' => {
                open += 1;
                out.push(c);
            }
            '\u{2069}' if open == 0 => {}
            '\u{2069}' => {
                open -= 1;
                out.push(c);
            }
            c => out.push(c),
        }
    }
    for _ in 0..=open {
        out.push('\u{2069}');
    }
    std::borrow::Cow::Owned(out)
}

/// Longest file name the rename box accepts.
pub const MAX_PATH_LEN: usize = 120;
/// Undo entries kept; each is a copy of the workspace, so this bounds memory.
const MAX_UNDO: usize = 100;

/// One open file. `id` is stable across renames, so the UI can key on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc {
    pub id: u32,
    pub path: String,
    pub text: String,
}

impl Doc {
    pub fn kind(&self) -> FileKind {
        FileKind::detect(&self.path)
    }
}

/// The files and which one is in the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Files {
    docs: Vec<Doc>,
    active: u32,
}

/// An action that can be undone: its label and the workspace as it was before (for undo) or after
/// (for redo) the action.
#[derive(Clone, Debug)]
struct Entry {
    label: String,
    files: Files,
    /// The check options in effect (a link's `skip=...`): undoing "open a link" drops them too.
    check: Option<String>,
}

/// The workspace being edited, with undo/redo of the actions that rewrite it (fixes, examples, file
/// operations). Typing is not an action: the textarea's own undo handles it, and nothing here
/// ever discards typed text: undo moves the current state onto the redo stack.
#[derive(Clone, Debug)]
pub struct Session {
    files: Files,
    next_id: u32,
    /// Shared entries: the view's reducer clones the session on every action, and these never change.
    undo: Vec<Rc<Entry>>,
    redo: Vec<Rc<Entry>>,
    /// Bumped on every change of any text or name; the view lints when it moves.
    pub rev: u64,
    /// Each file's "original" by id: its name and text when it entered the workspace (start,
    /// example, new file, loaded link) or when a paste replaced all of it. Not undone by Undo: it is
    /// the baseline the Changes view diffs against.
    originals: BTreeMap<u32, Rc<Original>>,
    /// A paste over the whole of this file is under way: its next edit becomes its original.
    paste: Option<u32>,
    /// BuildKit-style check options (`skip=...`) a share link carried; linting honours them.
    pub check: Option<String>,
}

impl Session {
    pub fn new(files: &[(&str, &str)]) -> Self {
        let mut s = Session {
            files: Files {
                docs: Vec::new(),
                active: 0,
            },
            next_id: 1,
            undo: Vec::new(),
            redo: Vec::new(),
            rev: 0,
            check: None,
            originals: BTreeMap::new(),
            paste: None,
        };
        s.files = s.make_files(files);
        s
    }

    fn make_files(&mut self, files: &[(&str, &str)]) -> Files {
        let mut docs: Vec<Doc> = Vec::new();
        for (path, text) in files {
            if docs.iter().any(|d| d.path == *path) {
                continue;
            }
            docs.push(Doc {
                id: self.next_id,
                path: (*path).to_string(),
                text: (*text).to_string(),
            });
            self.next_id += 1;
        }
        if docs.is_empty() {
            docs.push(Doc {
                id: self.next_id,
                path: "Dockerfile".into(),
                text: String::new(),
            });
            self.next_id += 1;
        }
        for d in &docs {
            self.originals.insert(d.id, Rc::new(Original::of(d)));
        }
        Files {
            active: docs[0].id,
            docs,
        }
    }

    pub fn docs(&self) -> &[Doc] {
        &self.files.docs
    }

    pub fn get(&self, id: u32) -> Option<&Doc> {
        self.files.docs.iter().find(|d| d.id == id)
    }

    pub fn by_path(&self, path: &str) -> Option<&Doc> {
        self.files.docs.iter().find(|d| d.path == path)
    }

    /// The file in the editor (there is always at least one file).
    pub fn active(&self) -> &Doc {
        self.get(self.files.active)
            .or_else(|| self.files.docs.first())
            .expect("a session always has a file")
    }

    pub fn set_active(&mut self, id: u32) -> bool {
        if self.files.active != id && self.get(id).is_some() {
            self.files.active = id;
            true
        } else {
            false
        }
    }

    /// The user typed: replace a file's text. Returns false if nothing changed.
    pub fn edit(&mut self, id: u32, text: String) -> bool {
        let pasted = self.paste.take() == Some(id);
        match self.files.docs.iter_mut().find(|d| d.id == id) {
            Some(d) if d.text != text => {
                d.text = text;
                if pasted {
                    self.originals.insert(id, Rc::new(Original::of(d)));
                }
                self.rev += 1;
                true
            }
            _ => false,
        }
    }

    /// A paste is about to replace all of file `id` (or fill it while empty): the text it leaves
    /// becomes the file's original, so Changes shows what happened to *that* text.
    pub fn pasting_whole(&mut self, id: u32) {
        self.paste = Some(id);
    }

    /// What file `id` was when it entered the workspace (see `originals`).
    pub fn original(&self, id: u32) -> Option<&Original> {
        self.originals.get(&id).map(|o| &**o)
    }

    /// How many open files differ from their original (cheap: no diffs).
    pub fn changed_count(&self) -> usize {
        self.files
            .docs
            .iter()
            .filter(|d| {
                self.originals
                    .get(&d.id)
                    .is_some_and(|o| o.text != d.text || o.path != d.path)
            })
            .count()
    }

    /// Every open file that differs from its original (text or name), in workspace order.
    pub fn changes(&self) -> Vec<Change> {
        self.files
            .docs
            .iter()
            .filter_map(|d| {
                let o = self.originals.get(&d.id)?;
                if o.text == d.text && o.path == d.path {
                    return None;
                }
                let mut diff = unified(&d.path, &o.text, &d.text, 3);
                if o.path != d.path {
                    // Name the old file on the `---` line, as git does for a rename.
                    let body = diff.splitn(3, '\n').nth(2).unwrap_or("").to_string();
                    diff = if o.text == d.text {
                        String::new()
                    } else {
                        format!("--- a/{}\n+++ b/{}\n{body}", o.path, d.path)
                    };
                }
                let (added, removed) = udiff::stats(&diff);
                Some(Change {
                    id: d.id,
                    path: d.path.clone(),
                    renamed_from: (o.path != d.path).then(|| o.path.clone()),
                    diff,
                    added,
                    removed,
                })
            })
            .collect()
    }

    /// The configuration linting uses (the share link's check options, if any).
    pub fn config(&self) -> Config {
        Config {
            check: self.check.clone(),
            ..Config::default()
        }
    }

    /// What "Apply all safe fixes" would do: the core's `fix_workspace` (safe fixes only, in rounds
    /// until nothing more applies), without touching the session.
    pub fn plan_fix_all(&self) -> FixPlan {
        let files = fix_workspace(&self.workspace(), &self.config(), &FixOptions::default());
        FixPlan {
            rev: self.rev,
            files,
        }
    }

    /// Carry out a plan as one undoable action. Refused, with nothing changed, when the files moved
    /// on since the plan was made.
    pub fn apply_plan(&mut self, plan: &FixPlan) -> Result<usize, String> {
        if plan.rev != self.rev {
            return Err("the files changed since the fixes were reviewed".into());
        }
        if plan.files.is_empty() {
            return Err("no safe fix changes anything".into());
        }
        for f in &plan.files {
            match self.by_path(&f.path) {
                Some(d) if d.text == f.before => {}
                _ => return Err(format!("{} changed since the fixes were reviewed", f.path)),
            }
        }
        let n = plan.fix_count();
        self.checkpoint(format!(
            "Apply {n} safe fix{}",
            if n == 1 { "" } else { "es" }
        ));
        for f in &plan.files {
            if let Some(d) = self.files.docs.iter_mut().find(|d| d.path == f.path) {
                d.text = f.after.clone();
            }
        }
        self.rev += 1;
        Ok(n)
    }

    fn checkpoint(&mut self, label: impl Into<String>) {
        self.undo.push(Rc::new(Entry {
            label: label.into(),
            files: self.files.clone(),
            check: self.check.clone(),
        }));
        if self.undo.len() > MAX_UNDO {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.prune_originals();
    }

    /// Forget the originals of files that neither the workspace nor any undo/redo step holds.
    fn prune_originals(&mut self) {
        let live: std::collections::BTreeSet<u32> = shipshape_core::sort::set(
            std::iter::once(&self.files)
                .chain(self.undo.iter().chain(&self.redo).map(|e| &e.files))
                .flat_map(|f| f.docs.iter().map(|d| d.id)),
        );
        self.originals.retain(|id, _| live.contains(id));
    }

    /// Apply a fix's edits to a file (an undoable action). The text is only replaced if every edit
    /// applies; otherwise it is left exactly as it was and the reason is returned.
    pub fn apply_edits(&mut self, id: u32, edits: &[TextEdit], label: &str) -> Result<(), String> {
        let doc = self.get(id).ok_or("the file is no longer open")?;
        let new = apply_edits(&doc.text, edits).map_err(|e| e.to_string())?;
        if new == doc.text {
            return Err("the fix changes nothing".into());
        }
        self.checkpoint(label);
        self.files.active = id;
        self.edit(id, new);
        Ok(())
    }

    /// Add an empty file with an unused name and return its id.
    pub fn add_file(&mut self) -> u32 {
        let path = self.unused_name("Dockerfile");
        self.checkpoint(format!("New file {path}"));
        let id = self.next_id;
        self.next_id += 1;
        let doc = Doc {
            id,
            path,
            text: String::new(),
        };
        self.originals.insert(id, Rc::new(Original::of(&doc)));
        self.files.docs.push(doc);
        self.files.active = id;
        self.rev += 1;
        id
    }

    fn unused_name(&self, base: &str) -> String {
        if self.by_path(base).is_none() {
            return base.to_string();
        }
        (2..)
            .map(|n| format!("{base}.{n}"))
            .find(|p| self.by_path(p).is_none())
            .unwrap_or_else(|| base.to_string())
    }

    /// Check a new name for file `id`; returns it normalised (trimmed, `/` separators).
    pub fn check_name(&self, id: u32, name: &str) -> Result<String, String> {
        let name = name.trim().replace('\\', "/");
        if name.is_empty() {
            return Err("A file needs a name.".into());
        }
        if name.chars().count() > MAX_PATH_LEN {
            return Err(format!("Names are at most {MAX_PATH_LEN} characters."));
        }
        if name.chars().any(char::is_control) {
            return Err("Names cannot contain control characters.".into());
        }
        if name.starts_with('/')
            || name
                .split('/')
                .any(|s| s.is_empty() || s == "." || s == "..")
        {
            return Err("Use a relative path such as docker/api/Dockerfile.".into());
        }
        if self.files.docs.iter().any(|d| d.id != id && d.path == name) {
            return Err(format!("{} is already open.", bidi_isolate(&name)));
        }
        Ok(name)
    }

    /// Rename file `id` (an undoable action). Renaming to the same name is a no-op.
    pub fn rename(&mut self, id: u32, name: &str) -> Result<(), String> {
        let name = self.check_name(id, name)?;
        let old = self
            .get(id)
            .ok_or("the file is no longer open")?
            .path
            .clone();
        if old == name {
            return Ok(());
        }
        self.checkpoint(format!("Rename {old} to {name}"));
        if let Some(d) = self.files.docs.iter_mut().find(|d| d.id == id) {
            d.path = name;
        }
        self.rev += 1;
        Ok(())
    }

    /// Close file `id` (an undoable action). The last file cannot be closed.
    pub fn close(&mut self, id: u32) -> Result<(), String> {
        if self.files.docs.len() <= 1 {
            return Err("The workspace needs at least one file.".into());
        }
        let i = self
            .files
            .docs
            .iter()
            .position(|d| d.id == id)
            .ok_or("the file is no longer open")?;
        let path = self.files.docs[i].path.clone();
        self.checkpoint(format!("Close {path}"));
        self.files.docs.remove(i);
        if self.files.active == id {
            let next = i.min(self.files.docs.len() - 1);
            self.files.active = self.files.docs[next].id;
        }
        self.rev += 1;
        Ok(())
    }

    /// Open files from disk (an undoable action): each replaces the open file of the same name or is
    /// added; `replace` drops the other files first (the workspace was nobody's work yet). The first
    /// file becomes the active one. A file's text as opened is its original.
    pub fn open_files(&mut self, files: &[(String, String)], replace: bool, label: &str) {
        if files.is_empty() {
            return;
        }
        self.checkpoint(label);
        if replace {
            self.files.docs.clear();
        }
        let mut first = None;
        for (path, text) in files {
            let id = match self.files.docs.iter_mut().find(|d| d.path == *path) {
                Some(d) => {
                    d.text = text.clone();
                    d.id
                }
                None => {
                    let id = self.next_id;
                    self.next_id += 1;
                    self.files.docs.push(Doc {
                        id,
                        path: path.clone(),
                        text: text.clone(),
                    });
                    id
                }
            };
            if let Some(d) = self.get(id) {
                let o = Rc::new(Original::of(d));
                self.originals.insert(id, o);
            }
            first.get_or_insert(id);
        }
        if let Some(id) = first {
            self.files.active = id;
        }
        self.rev += 1;
    }

    /// Whether the workspace is exactly `files` (names and texts, in order).
    pub fn is_exactly(&self, files: &[(&str, &str)]) -> bool {
        self.files.docs.len() == files.len()
            && self
                .files
                .docs
                .iter()
                .zip(files)
                .all(|(d, (p, t))| d.path == *p && d.text == *t)
    }

    /// Replace the whole workspace (an undoable action: loading an example).
    pub fn replace_all(&mut self, files: &[(&str, &str)], label: &str) {
        self.checkpoint(label);
        self.files = self.make_files(files);
        self.rev += 1;
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|e| e.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|e| e.label.as_str())
    }

    /// Undo the last action; the state it replaces goes to the redo stack, so nothing is lost.
    pub fn undo(&mut self) -> Option<String> {
        let entry = Rc::unwrap_or_clone(self.undo.pop()?);
        let current = std::mem::replace(&mut self.files, entry.files);
        let check = std::mem::replace(&mut self.check, entry.check);
        self.redo.push(Rc::new(Entry {
            label: entry.label.clone(),
            files: current,
            check,
        }));
        self.rev += 1;
        Some(entry.label)
    }

    pub fn redo(&mut self) -> Option<String> {
        let entry = Rc::unwrap_or_clone(self.redo.pop()?);
        let current = std::mem::replace(&mut self.files, entry.files);
        let check = std::mem::replace(&mut self.check, entry.check);
        self.undo.push(Rc::new(Entry {
            label: entry.label.clone(),
            files: current,
            check,
        }));
        self.rev += 1;
        Some(entry.label)
    }

    pub fn total_len(&self) -> usize {
        self.files
            .docs
            .iter()
            .map(|d| d.text.len() + d.path.len())
            .sum()
    }

    /// The core's view of the files. Linting works on this copy, never on the editor's state.
    pub fn workspace(&self) -> Workspace {
        let mut ws = Workspace::new();
        for d in &self.files.docs {
            ws.add(d.path.as_str(), d.text.as_str());
        }
        ws
    }

    pub fn lint(&self) -> Report {
        let config = Config {
            check: self.check.clone(),
            ..Config::default()
        };
        lint(&self.workspace(), &config)
    }
}

/// A file as it entered the workspace: the baseline of the Changes view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Original {
    pub path: String,
    pub text: String,
}

impl Original {
    fn of(d: &Doc) -> Self {
        Original {
            path: d.path.clone(),
            text: d.text.clone(),
        }
    }
}

/// One file of the Changes view: a unified diff of its original against its text now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub id: u32,
    pub path: String,
    pub renamed_from: Option<String>,
    /// Empty when only the name changed.
    pub diff: String,
    pub added: usize,
    pub removed: usize,
}

/// "Apply all safe fixes", reviewed before it is applied: what each file becomes, for the session
/// revision it was computed from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixPlan {
    pub rev: u64,
    pub files: Vec<FixedFile>,
}

impl FixPlan {
    pub fn fix_count(&self) -> usize {
        self.files.iter().map(|f| f.applied.len()).sum()
    }
    /// The combined diff of one file of the plan.
    pub fn diff(f: &FixedFile) -> String {
        unified(&f.path, &f.before, &f.after, 3)
    }
}

/// How many findings of a report have a safe fix (what "Apply all safe fixes" starts from).
pub fn safe_fix_count(report: &Report) -> usize {
    report
        .findings
        .iter()
        .filter(|f| {
            f.fix
                .as_ref()
                .is_some_and(|x| x.applicability == Applicability::Safe)
        })
        .count()
}

/// A short label for a file kind, for badges.
pub fn kind_label(kind: FileKind) -> (&'static str, &'static str) {
    match kind {
        FileKind::Dockerfile => ("DF", "Dockerfile"),
        FileKind::Compose => ("YML", "Compose file"),
        FileKind::Dockerignore => ("IGN", ".dockerignore"),
        FileKind::HadolintConfig => ("CFG", "hadolint config"),
        FileKind::DclintConfig => ("CFG", "dclint config"),
        FileKind::Other => ("TXT", "Not linted (unknown kind)"),
    }
}

/// Identifies a finding or parse error across re-lints, where indexes and offsets move.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    pub file: String,
    /// `None` for a parse error.
    pub rule: Option<&'static str>,
    pub start: usize,
    pub message: String,
}

/// One row of the findings panel: a parse error or a finding.
#[derive(Clone, Copy, Debug)]
pub enum Item<'a> {
    Error(&'a FileError),
    Finding(&'a Finding),
}

impl<'a> Item<'a> {
    pub fn file(&self) -> &'a str {
        match self {
            Item::Error(e) => &e.file,
            Item::Finding(f) => &f.file,
        }
    }
    pub fn span(&self) -> Range<usize> {
        match self {
            Item::Error(e) => e.span.start..e.span.end,
            Item::Finding(f) => f.span.start..f.span.end,
        }
    }
    pub fn line(&self) -> usize {
        match self {
            Item::Error(e) => e.line,
            Item::Finding(f) => f.line,
        }
    }
    pub fn column(&self) -> usize {
        match self {
            Item::Error(e) => e.column,
            Item::Finding(f) => f.column,
        }
    }
    pub fn severity(&self) -> Severity {
        match self {
            Item::Error(_) => Severity::Error,
            Item::Finding(f) => f.severity,
        }
    }
    pub fn message(&self) -> &'a str {
        match self {
            Item::Error(e) => &e.message,
            Item::Finding(f) => &f.message,
        }
    }
    pub fn rule(&self) -> Option<&'static str> {
        match self {
            Item::Error(_) => None,
            Item::Finding(f) => Some(f.rule),
        }
    }
    pub fn key(&self) -> Key {
        Key {
            file: self.file().to_string(),
            rule: self.rule(),
            start: self.span().start,
            message: self.message().to_string(),
        }
    }

    /// Whether `key` is this item's (`self.key() == *key`, without building the key: lists of
    /// a thousand findings ask it of every row on every render).
    pub fn is(&self, key: &Key) -> bool {
        self.span().start == key.start
            && self.rule() == key.rule
            && self.file() == key.file
            && self.message() == key.message
    }
}

/// Parse errors and findings in panel order: by the workspace's file order, then position, parse
/// errors before findings at the same place.
pub fn items<'a>(report: &'a Report, docs: &[Doc]) -> Vec<Item<'a>> {
    let mut out: Vec<Item<'a>> = report
        .errors
        .iter()
        .map(Item::Error)
        .chain(report.findings.iter().map(Item::Finding))
        .collect();
    let order = |file: &str| {
        docs.iter()
            .position(|d| d.path == file)
            .unwrap_or(usize::MAX)
    };
    shipshape_core::sort::sort_by_key(&mut out, |i| {
        (
            order(i.file()),
            i.span().start,
            matches!(i, Item::Finding(_)),
        )
    });
    out
}

/// Find the item `key` names after a re-lint: the same one, or the same rule and message nearest
/// to where it was (the user typed above it).
pub fn find_key(items: &[Item<'_>], key: &Key) -> Option<usize> {
    let same = |i: &Item<'_>| i.file() == key.file && i.rule() == key.rule;
    if let Some(i) = items
        .iter()
        .position(|i| same(i) && i.span().start == key.start && i.message() == key.message)
    {
        return Some(i);
    }
    items
        .iter()
        .enumerate()
        .filter(|(_, i)| same(i) && i.message() == key.message)
        .min_by_key(|(_, i)| i.span().start.abs_diff(key.start))
        .map(|(n, _)| n)
}

/// Severity as a CSS class suffix.
pub fn sev_name(s: Severity) -> &'static str {
    s.as_str()
}

fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A byte offset as the UTF-16 offset the textarea's selection API uses.
pub fn utf16_offset(text: &str, byte: usize) -> u32 {
    let b = floor_boundary(text, byte);
    let n: usize = text[..b].chars().map(char::len_utf16).sum();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A UTF-16 offset from the textarea as a byte offset into `text`.
pub fn byte_offset(text: &str, utf16: u32) -> usize {
    let mut units = 0usize;
    for (i, ch) in text.char_indices() {
        if units >= utf16 as usize {
            return i;
        }
        units += ch.len_utf16();
    }
    text.len()
}

/// 1-based line and character column of a byte offset.
pub fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let b = floor_boundary(text, byte);
    let before = &text[..b];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

pub fn line_count(text: &str) -> usize {
    text.matches('\n').count() + 1
}

/// Byte offset of the end of the line containing `byte` (the `\n`, or the end of the text).
pub fn line_end(text: &str, byte: usize) -> usize {
    let b = floor_boundary(text, byte);
    text[b..].find('\n').map_or(text.len(), |i| b + i)
}

/// Something to highlight in the editor: a byte range with a severity. `id` names the finding (its
/// index among the open file's items), so the view can say which findings a highlight stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub range: Range<usize>,
    pub severity: Severity,
    pub selected: bool,
    pub id: usize,
}

/// A run of the editor's backdrop: plain text, highlighted text (with the ids of the marks over it),
/// an empty point marker (a finding with no width at a line end), or an inline message placed at a
/// line's end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Plain(Range<usize>),
    Marked {
        range: Range<usize>,
        severity: Severity,
        selected: bool,
        ids: Vec<usize>,
    },
    Point {
        severity: Severity,
        selected: bool,
        id: usize,
    },
    Lens {
        severity: Severity,
        message: String,
    },
}

fn sev_index(s: Severity) -> usize {
    match s {
        Severity::Style => 0,
        Severity::Info => 1,
        Severity::Warning => 2,
        Severity::Error => 3,
    }
}

const BY_INDEX: [Severity; 4] = [
    Severity::Style,
    Severity::Info,
    Severity::Warning,
    Severity::Error,
];

/// Split `text` into backdrop pieces. Overlapping marks show the worst severity; spans are clamped
/// to the text and to character boundaries, so stale or odd spans can never break rendering.
/// `lenses` are (byte offset, severity, message) placed at that offset, normally a line's end.
pub fn pieces(text: &str, marks: &[Mark], lenses: &[(usize, Severity, String)]) -> Vec<Piece> {
    // (position, order, what): order puts range ends before inserts before range starts.
    enum Ev {
        End(usize, bool, usize),
        Point(Severity, bool, usize),
        Lens(Severity, String),
        Start(usize, bool, usize),
    }
    let mut evs: Vec<(usize, u8, Ev)> = Vec::new();
    for m in marks {
        let s = floor_boundary(text, m.range.start);
        let mut e = floor_boundary(text, m.range.end.max(m.range.start));
        if s == e {
            match text[s..].chars().next() {
                Some(c) if c != '\n' && c != '\r' => e = s + c.len_utf8(),
                _ => {
                    evs.push((s, 1, Ev::Point(m.severity, m.selected, m.id)));
                    continue;
                }
            }
        }
        let i = sev_index(m.severity);
        evs.push((s, 3, Ev::Start(i, m.selected, m.id)));
        evs.push((e, 0, Ev::End(i, m.selected, m.id)));
    }
    for (at, sev, msg) in lenses {
        evs.push((floor_boundary(text, *at), 2, Ev::Lens(*sev, msg.clone())));
    }
    shipshape_core::sort::sort_by_key(&mut evs, |(p, o, _)| (*p, *o));

    let mut out: Vec<Piece> = Vec::new();
    let mut counts = [0usize; 4];
    let mut selected = 0usize;
    let mut active: Vec<usize> = Vec::new();
    let mut cur = 0usize;
    let emit = |out: &mut Vec<Piece>,
                range: Range<usize>,
                counts: &[usize; 4],
                sel: usize,
                active: &[usize]| {
        if range.is_empty() {
            return;
        }
        let worst = (0..4).rev().find(|&i| counts[i] > 0);
        let piece = match worst {
            None => Piece::Plain(range),
            Some(i) => {
                let mut ids = active.to_vec();
                shipshape_core::sort::sort_unstable(&mut ids);
                Piece::Marked {
                    range,
                    severity: BY_INDEX[i],
                    selected: sel > 0,
                    ids,
                }
            }
        };
        // Merge with the previous run when it looks the same.
        match (out.last_mut(), &piece) {
            (Some(Piece::Plain(r)), Piece::Plain(n)) if r.end == n.start => r.end = n.end,
            (
                Some(Piece::Marked {
                    range: r,
                    severity: s1,
                    selected: l1,
                    ids: i1,
                }),
                Piece::Marked {
                    range: n,
                    severity: s2,
                    selected: l2,
                    ids: i2,
                },
            ) if r.end == n.start && s1 == s2 && l1 == l2 && i1 == i2 => r.end = n.end,
            _ => out.push(piece),
        }
    };
    for (pos, _, ev) in evs {
        emit(&mut out, cur..pos, &counts, selected, &active);
        cur = cur.max(pos);
        match ev {
            Ev::Start(i, sel, id) => {
                counts[i] += 1;
                selected += usize::from(sel);
                active.push(id);
            }
            Ev::End(i, sel, id) => {
                counts[i] = counts[i].saturating_sub(1);
                selected = selected.saturating_sub(usize::from(sel));
                if let Some(p) = active.iter().position(|&a| a == id) {
                    active.swap_remove(p);
                }
            }
            Ev::Point(severity, selected, id) => out.push(Piece::Point {
                severity,
                selected,
                id,
            }),
            Ev::Lens(severity, message) => out.push(Piece::Lens { severity, message }),
        }
    }
    emit(&mut out, cur..text.len(), &counts, selected, &active);
    out
}

/// A highlight over a run of a line: the worst severity, whether it is the selected finding's, and
/// the ids of the findings under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkInfo {
    pub severity: Severity,
    pub selected: bool,
    pub ids: Vec<usize>,
}

/// One run of a backdrop line: text (a byte range of the line) with its token kind and highlight,
/// a point marker, or an inline message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Text {
        range: Range<usize>,
        tok: Option<TokenKind>,
        mark: Option<Rc<MarkInfo>>,
    },
    Point {
        severity: Severity,
        selected: bool,
        id: usize,
    },
    Lens {
        severity: Severity,
        message: String,
    },
}

/// One line of the editor's backdrop: its text (without the newline) and its runs, with ranges
/// relative to the line. Lines compare by content, so a view keyed by line redraws only the lines
/// that changed.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct LineView {
    pub text: String,
    pub segs: Vec<Seg>,
}

/// The backdrop as lines: `pieces` (findings) cut at newlines and at the syntax `tokens`
/// (sorted, non-overlapping byte spans, as `shipshape_core::highlight` gives them).
pub fn line_views(text: &str, pieces: &[Piece], tokens: &[(Span, TokenKind)]) -> Vec<LineView> {
    let mut lines: Vec<LineView> = Vec::with_capacity(line_count(text));
    let mut line_start = 0usize;
    let mut line = LineView::default();
    let mut t = 0usize; // next token that may still matter
    let push_text = |line: &mut LineView,
                     line_start: usize,
                     a: usize,
                     b: usize,
                     tok: Option<TokenKind>,
                     mark: &Option<Rc<MarkInfo>>| {
        if b <= a {
            return;
        }
        let range = a - line_start..b - line_start;
        if let Some(Seg::Text {
            range: r,
            tok: pt,
            mark: pm,
        }) = line.segs.last_mut()
        {
            if r.end == range.start && *pt == tok && *pm == *mark {
                r.end = range.end;
                return;
            }
        }
        line.segs.push(Seg::Text {
            range,
            tok,
            mark: mark.clone(),
        });
    };
    for piece in pieces {
        let (range, mark) = match piece {
            Piece::Plain(r) => (r.clone(), None),
            Piece::Marked {
                range,
                severity,
                selected,
                ids,
            } => (
                range.clone(),
                Some(Rc::new(MarkInfo {
                    severity: *severity,
                    selected: *selected,
                    ids: ids.clone(),
                })),
            ),
            Piece::Point {
                severity,
                selected,
                id,
            } => {
                line.segs.push(Seg::Point {
                    severity: *severity,
                    selected: *selected,
                    id: *id,
                });
                continue;
            }
            Piece::Lens { severity, message } => {
                line.segs.push(Seg::Lens {
                    severity: *severity,
                    message: message.clone(),
                });
                continue;
            }
        };
        let mut pos = range.start;
        while pos < range.end {
            if text.as_bytes()[pos] == b'\n' {
                line.text = text[line_start..pos].to_string();
                lines.push(std::mem::take(&mut line));
                pos += 1;
                line_start = pos;
                continue;
            }
            while t < tokens.len() && tokens[t].0.end <= pos {
                t += 1;
            }
            let nl = text[pos..range.end]
                .find('\n')
                .map_or(range.end, |i| pos + i);
            let (end, tok) = match tokens.get(t) {
                Some((s, k)) if s.start <= pos => (s.end.min(nl), Some(*k)),
                Some((s, _)) => (s.start.min(nl), None),
                None => (nl, None),
            };
            let end = if end > pos {
                end.min(range.end)
            } else {
                pos + text[pos..].chars().next().map_or(1, char::len_utf8)
            };
            push_text(&mut line, line_start, pos, end, tok, &mark);
            pos = end;
        }
    }
    line.text = text[line_start.min(text.len())..].to_string();
    lines.push(line);
    lines
}

/// Where a span of an older text lies in `new`, when the change between them is one edited stretch
/// (their common prefix and suffix kept): spans before it stay, spans after it move by the length
/// difference, spans touching the stretch are gone (`None`). Lets the editor keep a large file's
/// last findings in place while its next lint waits for a pause in typing.
pub fn span_mover(old: &str, new: &str) -> impl Fn(usize, usize) -> Option<(usize, usize)> {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let old_end = a.len() - suffix;
    let (old_len, new_len) = (a.len(), b.len());
    move |s: usize, e: usize| {
        if e <= prefix {
            Some((s, e))
        } else if s >= old_end && e <= old_len {
            Some((s + new_len - old_len, e + new_len - old_len))
        } else {
            None
        }
    }
}

/// The worst severity per 1-based line, for the gutter.
pub fn line_severities(lines: usize, items: &[Item<'_>], file: &str) -> Vec<Option<Severity>> {
    let mut out = vec![None; lines + 1];
    for i in items.iter().filter(|i| i.file() == file) {
        if let Some(slot) = out.get_mut(i.line()) {
            *slot = (*slot).max(Some(i.severity()));
        }
    }
    out
}

/// Split rule docs into text and `code` runs (the docs use backticks and nothing else).
pub fn code_runs(s: &str) -> Vec<(bool, &str)> {
    s.split('`')
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .map(|(i, t)| (i % 2 == 1, t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_core::Span;

    fn session() -> Session {
        Session::new(&[("Dockerfile", "FROM ubuntu:latest\n")])
    }

    #[test]
    fn starts_with_one_active_file() {
        let s = session();
        assert_eq!(s.docs().len(), 1);
        assert_eq!(s.active().path, "Dockerfile");
        let empty = Session::new(&[]);
        assert_eq!(empty.docs().len(), 1, "never zero files");
    }

    #[test]
    fn undoing_a_link_also_drops_its_check_options() {
        let mut s = session();
        let rules = |s: &Session| -> Vec<&'static str> {
            let r = s.lint();
            r.findings
                .iter()
                .flat_map(|f| std::iter::once(f.rule).chain(f.aliases.iter().copied()))
                .collect()
        };
        let text = "FROM ubuntu:24.04\nCMD echo hi\n";
        s.replace_all(&[("Dockerfile", text)], "Open a shared link");
        assert!(rules(&s).contains(&"JSONArgsRecommended"));
        s.check = Some("skip=JSONArgsRecommended".into());
        assert!(!rules(&s).contains(&"JSONArgsRecommended"));
        assert_eq!(s.undo().as_deref(), Some("Open a shared link"));
        assert_eq!(s.check, None, "own work is linted with its own options");
        assert_eq!(s.redo().as_deref(), Some("Open a shared link"));
        assert_eq!(s.check.as_deref(), Some("skip=JSONArgsRecommended"));
        assert!(!rules(&s).contains(&"JSONArgsRecommended"));
    }

    #[test]
    fn typing_is_not_an_undo_step() {
        let mut s = session();
        let id = s.active().id;
        assert!(s.edit(id, "FROM alpine:3.20\n".into()));
        assert!(!s.edit(id, "FROM alpine:3.20\n".into()));
        assert!(s.undo_label().is_none());
    }

    #[test]
    fn apply_then_undo_then_redo() {
        let mut s = session();
        let id = s.active().id;
        let edit = TextEdit::new(Span::new(12, 18), "24.04");
        s.apply_edits(id, &[edit], "Pin ubuntu").unwrap();
        assert_eq!(s.active().text, "FROM ubuntu:24.04\n");
        assert_eq!(s.undo_label(), Some("Pin ubuntu"));
        // The user keeps typing after the fix; undo must not lose that: it goes to redo.
        s.edit(id, "FROM ubuntu:24.04\nUSER app\n".into());
        assert_eq!(s.undo().as_deref(), Some("Pin ubuntu"));
        assert_eq!(s.active().text, "FROM ubuntu:latest\n");
        assert_eq!(s.redo().as_deref(), Some("Pin ubuntu"));
        assert_eq!(s.active().text, "FROM ubuntu:24.04\nUSER app\n");
    }

    #[test]
    fn refused_edits_leave_the_text_alone() {
        let mut s = session();
        let id = s.active().id;
        let bad = TextEdit::new(Span::new(5, 500), "x");
        assert!(s.apply_edits(id, &[bad], "x").is_err());
        assert_eq!(s.active().text, "FROM ubuntu:latest\n");
        assert!(s.undo_label().is_none());
    }

    #[test]
    fn add_rename_close() {
        let mut s = session();
        let id = s.add_file();
        assert_eq!(s.get(id).unwrap().path, "Dockerfile.2");
        assert_eq!(s.active().id, id);
        assert!(s.rename(id, "Dockerfile").is_err(), "duplicate");
        assert!(s.rename(id, "  ").is_err());
        assert!(s.rename(id, "../x").is_err());
        assert!(s.rename(id, "/etc/passwd").is_err());
        s.rename(id, " compose.yaml ").unwrap();
        assert_eq!(s.get(id).unwrap().kind(), FileKind::Compose);
        s.close(id).unwrap();
        assert_eq!(s.docs().len(), 1);
        assert!(s.close(s.active().id).is_err(), "last file stays");
        s.undo();
        assert_eq!(s.get(id).unwrap().path, "compose.yaml");
    }

    #[test]
    fn names_with_markup_are_just_names() {
        let mut s = session();
        let id = s.add_file();
        s.rename(id, "<script>alert(1)</script>.Dockerfile")
            .unwrap();
        assert_eq!(s.get(id).unwrap().kind(), FileKind::Dockerfile);
    }

    #[test]
    fn lint_sees_all_files() {
        let mut s = Session::new(&[
            ("compose.yaml", "services:\n  api:\n    build: .\n"),
            ("Dockerfile", "FROM ubuntu:latest\n"),
        ]);
        let r = s.lint();
        assert_eq!(r.files.len(), 2);
        assert!(r.findings.iter().any(|f| f.rule == "DL3007"));
        s.replace_all(&[("Dockerfile", "FROM alpine:3.20\n")], "Example");
        assert_eq!(s.docs().len(), 1);
        s.undo();
        assert_eq!(s.docs().len(), 2);
    }

    #[test]
    fn utf16_round_trip() {
        let t = "# é ✓ 𝄞\nFROM x\n";
        let b = t.find("FROM").unwrap();
        let u = utf16_offset(t, b);
        assert_eq!(u, 9); // "# é ✓ 𝄞\n": 𝄞 is two UTF-16 units
        assert_eq!(byte_offset(t, u), b);
        assert_eq!(utf16_offset(t, 3), 2, "inside é floors to its start");
        assert_eq!(byte_offset(t, 999), t.len());
        assert_eq!(line_col(t, b), (2, 1));
        assert_eq!(line_col(t, t.len()), (3, 1));
        assert_eq!(line_end(t, 0), t.find('\n').unwrap());
    }

    fn mark(r: Range<usize>, severity: Severity, selected: bool) -> Mark {
        Mark {
            id: r.start,
            range: r,
            severity,
            selected,
        }
    }

    #[test]
    fn pieces_cover_the_text_once() {
        let t = "FROM ubuntu:latest\nRUN x\n";
        let p = pieces(
            t,
            &[
                mark(0..18, Severity::Warning, false),
                mark(5..11, Severity::Error, true),
            ],
            &[],
        );
        assert_eq!(
            p,
            vec![
                Piece::Marked {
                    range: 0..5,
                    severity: Severity::Warning,
                    selected: false,
                    ids: vec![0]
                },
                Piece::Marked {
                    range: 5..11,
                    severity: Severity::Error,
                    selected: true,
                    ids: vec![0, 5]
                },
                Piece::Marked {
                    range: 11..18,
                    severity: Severity::Warning,
                    selected: false,
                    ids: vec![0]
                },
                Piece::Plain(18..t.len()),
            ]
        );
    }

    #[test]
    fn pieces_survive_bad_spans_and_points() {
        let t = "é\nx";
        let p = pieces(
            t,
            &[
                mark(1..99, Severity::Info, false), // inside é, past the end
                mark(2..2, Severity::Style, true),  // zero width on a newline
                mark(3..3, Severity::Style, false), // zero width before `x`: widened
            ],
            &[(2, Severity::Error, "bad".into())],
        );
        let text: String = p
            .iter()
            .map(|x| match x {
                Piece::Plain(r) | Piece::Marked { range: r, .. } => &t[r.clone()],
                _ => "|",
            })
            .collect();
        assert_eq!(text, "é||\nx", "{p:?}");
        assert!(p
            .iter()
            .any(|x| matches!(x, Piece::Point { selected: true, .. })));
        assert!(p.iter().any(|x| matches!(x, Piece::Lens { .. })));
    }

    #[test]
    fn line_views_cut_pieces_at_lines_and_tokens() {
        let t = "FROM ubuntu:latest\nRUN echo \"$HOME\"\n\nADD é /x\n";
        let marks = [
            mark(5..18, Severity::Warning, false),
            mark(19..39, Severity::Error, true), // crosses a line end
        ];
        let p = pieces(t, &marks, &[(t.len() - 1, Severity::Error, "oops".into())]);
        let toks = shipshape_core::highlight::dockerfile(t);
        let lines = line_views(t, &p, &toks);
        assert_eq!(lines.len(), 5, "{lines:?}");
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "FROM ubuntu:latest",
                "RUN echo \"$HOME\"",
                "",
                "ADD é /x",
                ""
            ]
        );
        // Every line's text runs add up to the line, in order.
        for l in &lines {
            let mut at = 0;
            for s in &l.segs {
                if let Seg::Text { range, .. } = s {
                    assert_eq!(range.start, at, "{l:?}");
                    at = range.end;
                }
            }
            assert_eq!(at, l.text.len(), "{l:?}");
        }
        let seg = |l: usize, s: &str| {
            lines[l]
                .segs
                .iter()
                .find_map(|x| match x {
                    Seg::Text { range, tok, mark } if &lines[l].text[range.clone()] == s => {
                        Some((*tok, mark.clone()))
                    }
                    _ => None,
                })
                .unwrap_or_else(|| panic!("no run {s:?} on line {l}: {:?}", lines[l]))
        };
        assert_eq!(seg(0, "FROM").0, Some(TokenKind::Instruction));
        assert!(seg(0, "FROM").1.is_none());
        let (tok, m) = seg(0, "ubuntu:latest");
        assert_eq!(tok, None);
        assert_eq!(m.unwrap().severity, Severity::Warning);
        let (tok, m) = seg(1, "$HOME");
        assert_eq!(tok, Some(TokenKind::Variable));
        let m = m.unwrap();
        assert!(m.selected && m.ids == vec![19]);
        assert!(lines[3].segs.iter().any(|s| matches!(s, Seg::Lens { .. })));
        // A piece list without tokens gives the same lines.
        assert_eq!(line_views(t, &p, &[]).len(), 5);
    }

    #[test]
    fn spans_move_with_one_edit() {
        let old = "FROM a\nADD x /x\nRUN y\n";
        let new = "FROM a\nADD xyz /x\nRUN y\n";
        let m = span_mover(old, new);
        assert_eq!(m(0, 4), Some((0, 4)), "before the edit");
        let run = old.find("RUN").unwrap();
        let moved = m(run, run + 5).unwrap();
        assert_eq!(&new[moved.0..moved.1], "RUN y", "after it, moved");
        assert_eq!(
            m(7, 14),
            None,
            "the edited line's finding waits for the lint"
        );
        let same = span_mover(old, old);
        assert_eq!(same(7, 14), Some((7, 14)));
        let shorter = span_mover(old, "FROM a\n");
        assert_eq!(shorter(run, run + 5), None);
    }

    #[test]
    fn keys_follow_findings_across_edits() {
        let mut s = session();
        let r1 = s.lint();
        let it1 = items(&r1, s.docs());
        let k = it1
            .iter()
            .find(|i| i.rule() == Some("DL3007"))
            .unwrap()
            .key();
        let id = s.active().id;
        s.edit(id, "# a comment\nFROM ubuntu:latest\n".into());
        let r2 = s.lint();
        let it2 = items(&r2, s.docs());
        let n = find_key(&it2, &k).expect("still there");
        assert_eq!(it2[n].line(), 2);
    }

    #[test]
    fn an_item_is_its_own_key_and_no_other() {
        let s = Session::new(&[
            (
                "Dockerfile",
                "FROM ubuntu:latest\nFRM x\nMAINTAINER a\nMAINTAINER a\n",
            ),
            ("compose.yaml", "services:\n  web:\n    image: nginx\n"),
        ]);
        let r = s.lint();
        let it = items(&r, s.docs());
        assert!(it.len() > 3 && it.iter().any(|i| matches!(i, Item::Error(_))));
        for a in &it {
            for b in &it {
                assert_eq!(a.is(&b.key()), a.key() == b.key(), "{a:?} / {b:?}");
            }
        }
    }

    #[test]
    fn parse_errors_come_first_at_their_place() {
        let s = Session::new(&[("Dockerfile", "FROM alpine:3.20\nFRM x\n")]);
        let r = s.lint();
        let it = items(&r, s.docs());
        let e = it.iter().find(|i| matches!(i, Item::Error(_))).unwrap();
        assert_eq!((e.line(), e.column()), (2, 1));
    }

    #[test]
    fn changes_diff_each_file_against_its_original() {
        let mut s = Session::new(&[
            ("Dockerfile", "FROM ubuntu:latest\nADD a /a\n"),
            ("compose.yaml", "services: {}\n"),
        ]);
        assert!(s.changes().is_empty(), "nothing changed yet");
        let id = s.active().id;
        s.edit(id, "FROM ubuntu:latest\nCOPY a /a\n".into());
        let c = s.changes();
        assert_eq!(c.len(), 1);
        assert_eq!(s.changed_count(), 1);
        assert_eq!(
            (c[0].path.as_str(), c[0].added, c[0].removed),
            ("Dockerfile", 1, 1)
        );
        assert!(
            c[0].diff.contains("-ADD a /a\n+COPY a /a\n"),
            "{}",
            c[0].diff
        );
        // Undo does not move the baseline; typing back to the original clears the change.
        s.edit(id, "FROM ubuntu:latest\nADD a /a\n".into());
        assert!(s.changes().is_empty());
        // A rename shows on the --- line; a rename alone has no diff body.
        let cid = s.by_path("compose.yaml").unwrap().id;
        s.rename(cid, "docker-compose.yml").unwrap();
        let c = s.changes();
        assert_eq!(c[0].renamed_from.as_deref(), Some("compose.yaml"));
        assert_eq!(c[0].diff, "");
        s.edit(cid, "services:\n  api: {}\n".into());
        let d = &s.changes()[0].diff;
        assert!(
            d.starts_with("--- a/compose.yaml\n+++ b/docker-compose.yml\n@@"),
            "{d}"
        );
    }

    #[test]
    fn new_files_and_whole_pastes_set_the_original() {
        let mut s = session();
        let id = s.active().id;
        // A whole-file paste: the pasted text is the baseline, later fixes are the changes.
        s.pasting_whole(id);
        s.edit(id, "FROM alpine\nADD x /x\n".into());
        assert_eq!(s.original(id).unwrap().text, "FROM alpine\nADD x /x\n");
        assert!(s.changes().is_empty());
        // Only the edit right after the paste counts.
        s.edit(id, "FROM alpine\nCOPY x /x\n".into());
        assert_eq!(s.original(id).unwrap().text, "FROM alpine\nADD x /x\n");
        assert_eq!(s.changes().len(), 1);
        // A new file starts empty; an example's files start as loaded.
        let n = s.add_file();
        assert_eq!(s.original(n).unwrap().text, "");
        s.replace_all(&[("Dockerfile", "FROM a\n")], "Example");
        let e = s.active().id;
        assert_eq!(s.original(e).unwrap().text, "FROM a\n");
        assert!(s.changes().is_empty());
        // Undo brings back the earlier files with their own originals.
        s.undo();
        assert_eq!(s.changes().len(), 1);
    }

    #[test]
    fn opened_files_replace_same_names_add_the_rest_and_undo_in_one_step() {
        let mut s = session();
        assert!(s.is_exactly(&[("Dockerfile", "FROM ubuntu:latest\n")]));
        let files = vec![
            ("compose.yaml".to_string(), "services: {}\n".to_string()),
            ("Dockerfile".to_string(), "FROM alpine:3.20\n".to_string()),
        ];
        s.open_files(&files, false, "Open 2 files");
        assert_eq!(s.docs().len(), 2);
        assert_eq!(s.active().path, "compose.yaml");
        assert_eq!(s.by_path("Dockerfile").unwrap().text, "FROM alpine:3.20\n");
        assert!(s.changes().is_empty(), "opened texts are the originals");
        assert_eq!(s.undo().as_deref(), Some("Open 2 files"));
        assert_eq!(s.docs().len(), 1);
        assert_eq!(s.active().text, "FROM ubuntu:latest\n");
        s.open_files(&files[..1], true, "Open compose.yaml");
        assert!(s.is_exactly(&[("compose.yaml", "services: {}\n")]));
    }

    #[test]
    fn originals_of_forgotten_files_are_dropped() {
        let mut s = session();
        for i in 0..(MAX_UNDO + 20) {
            s.replace_all(&[("Dockerfile", "FROM a\n")], &format!("Example {i}"));
        }
        assert!(s.originals.len() <= MAX_UNDO + 2, "{}", s.originals.len());
    }

    #[test]
    fn fix_all_is_reviewed_then_applied_as_one_step() {
        let df = "FROM alpine:3.20\nADD a.txt /a\nRUN pip install flask\nUSER 1000\n";
        let mut s = Session::new(&[
            ("Dockerfile", df),
            ("b.dockerfile", "FROM alpine:3.20\nADD b /b\nUSER 1\n"),
        ]);
        assert!(safe_fix_count(&s.lint()) >= 3);
        let plan = s.plan_fix_all();
        assert_eq!(plan.files.len(), 2);
        assert!(plan.fix_count() >= 3, "{plan:?}");
        assert_eq!(s.docs()[0].text, df, "planning changes nothing");
        let d = FixPlan::diff(&plan.files[0]);
        assert!(d.contains("+COPY a.txt /a"), "{d}");
        let n = s.apply_plan(&plan).unwrap();
        assert_eq!(n, plan.fix_count());
        assert_eq!(s.docs()[0].text, plan.files[0].after);
        assert_eq!(safe_fix_count(&s.lint()), 0, "{:?}", s.lint().findings);
        // One undo step restores both files; redo applies both again.
        assert!(s
            .undo_label()
            .unwrap()
            .starts_with(&format!("Apply {n} safe fix")));
        s.undo();
        assert_eq!(s.docs()[0].text, df);
        assert!(s.docs()[1].text.contains("ADD b"));
        s.redo();
        assert_eq!(s.docs()[1].text, plan.files[1].after);
        // A stale plan is refused and changes nothing.
        s.undo();
        let id = s.active().id;
        s.edit(id, format!("{df}# typed\n"));
        assert!(s.apply_plan(&plan).is_err());
        assert!(s.docs()[0].text.contains("ADD a.txt"));
        assert_eq!(s.changes().len(), 1, "only the typed line");
    }

    #[test]
    fn user_text_with_bidi_controls_is_isolated_and_balanced() {
        assert_eq!(bidi_isolate("plain name"), "plain name");
        assert_eq!(bidi_isolate("a\u{202E}b"), "\u{2068}a\u{202E}b\u{2069}");
        // A stray PDI cannot close the wrapper; an unclosed isolate is closed before it.
        assert_eq!(
            bidi_isolate("\u{2069}\u{202E}x\u{2067}y"),
            "\u{2068}\u{202E}x\u{2067}y\u{2069}\u{2069}"
        );
    }

    #[test]
    fn small_helpers() {
        assert_eq!(
            code_runs("use `COPY` not `ADD`."),
            vec![
                (false, "use "),
                (true, "COPY"),
                (false, " not "),
                (true, "ADD"),
                (false, ".")
            ]
        );
        assert_eq!(line_count("a\nb\n"), 3);
    }
}
