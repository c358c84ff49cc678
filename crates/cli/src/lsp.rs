//! `shipshape lsp`: a Language Server over standard input and output.
//!
//! It lints the workspace folder the editor opened as one workspace, the way `shipshape lint FOLDER`
//! does (the same discovery, so cross-file findings between compose files and the Dockerfiles they
//! build are there), with the text of the documents open in the editor in place of what is on
//! disk. Diagnostics are published for the open documents, 150 ms after the last change (at most
//! a second while typing goes on). Every fix is a quick-fix code action (safe ones preferred), plus
//! one `source.fixAll.shipshape` action with all safe fixes of the file; hovering a finding shows
//! its rule's documentation. Files on disk are read again when the client says they changed
//! (`workspace/didChangeWatchedFiles`, which the server asks for when the client allows it) or a
//! document is saved, so a changed `.hadolint.yaml` or `.dclintrc` applies at once.
//!
//! Built on `lsp-server` (rust-analyzer's synchronous JSON-RPC scaffolding): one thread owns all
//! state, and the debounce is a receive with a timeout; lint takes milliseconds, so nothing needs
//! an async runtime. Positions are UTF-16 code units unless the client offers `utf-8`.

use crate::discover;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};
use shipshape_core::lint::{find_rule, lint_reusing, Reuse};
use shipshape_core::workspace::path::{dir_holds, normalize};
use shipshape_core::{Config, FileKind, Finding, Report, Severity, Workspace};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Quiet time after the last change before linting.
const DEBOUNCE: Duration = Duration::from_millis(150);
/// Longest wait after the first unlinted change, however fast the typing.
const MAX_WAIT: Duration = Duration::from_secs(1);

/// How LSP positions count columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// Byte offsets <-> LSP positions for one text. Lines end at `\n` (a `\r` before it belongs to
/// the line, as LSP's line model has it for CRLF files up to the `\r`).
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// The position of a byte offset (clamped to the text, moved back to a character boundary).
    pub fn position(&self, offset: usize, enc: Encoding) -> (u32, u32) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let before = &self.text[self.starts[line]..offset];
        let col = match enc {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
        };
        (line as u32, col as u32)
    }

    /// The byte offset of a position; a line past the end is the end of the text, a column past
    /// the end of its line is the end of that line, a column inside a character is its start.
    pub fn offset(&self, line: u32, character: u32, enc: Encoding) -> usize {
        let Some(&start) = self.starts.get(line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(line as usize + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let mut units = 0usize;
        for (i, c) in self.text[start..end].char_indices() {
            if units >= character as usize {
                return start + i;
            }
            units += match enc {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if units > character as usize {
                return start + i;
            }
        }
        end
    }

    fn range(&self, start: usize, end: usize, enc: Encoding) -> Value {
        let (sl, sc) = self.position(start, enc);
        let (el, ec) = self.position(end.max(start), enc);
        json!({ "start": { "line": sl, "character": sc }, "end": { "line": el, "character": ec } })
    }

    fn offset_of(&self, pos: &Value, enc: Encoding) -> Option<usize> {
        let line = pos.get("line")?.as_u64()?;
        let character = pos.get("character")?.as_u64()?;
        Some(self.offset(
            u32::try_from(line).unwrap_or(u32::MAX),
            u32::try_from(character).unwrap_or(u32::MAX),
            enc,
        ))
    }
}

/// The path of a `file:` URI (percent-decoded); `None` for other schemes or undecodable bytes.
pub fn uri_to_path(uri: &str) -> Option<String> {
    let rest = uri.strip_prefix("file://")?;
    // `file:///p` (empty authority) or `file://localhost/p`.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = rest.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(out).ok()?;
    // Windows: `/c:/x` is `c:/x`.
    let b = path.as_bytes();
    if b.len() >= 3 && b[0] == b'/' && b[1].is_ascii_alphabetic() && b[2] == b':' {
        return Some(path[1..].to_string());
    }
    Some(path)
}

/// An open document.
struct Doc {
    /// Its workspace path: the file's absolute path, or `untitled:...` for a buffer with no file.
    path: String,
    text: String,
    version: i64,
    kind: FileKind,
}

struct Server {
    conn: Connection,
    enc: Encoding,
    /// The workspace folder (absolute, normalised), if the client named one.
    root: Option<String>,
    /// Open documents by URI as the client spells it.
    docs: BTreeMap<String, Doc>,
    /// The files read from disk (path, text, kind); `None` when they must be read again.
    disk: Option<Vec<(String, String, FileKind)>>,
    /// Unlinted changes: when the first and the last came.
    pending: Option<(Instant, Instant)>,
    /// The last lint: the workspace it saw and what it found.
    last: Option<(Workspace, Report)>,
    /// What the next lint can take from the last: an edit to one Dockerfile lints that one again,
    /// not every Dockerfile of the folder.
    reuse: Reuse,
    /// What was last published per URI, to publish only what changed.
    published: HashMap<String, Value>,
    next_id: i64,
}

/// Run the server until the client says `exit`: 0 after a `shutdown`, 1 otherwise (as LSP asks).
pub fn run() -> ExitCode {
    let (conn, io) = Connection::stdio();
    let code = match serve(conn) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("shipshape lsp: {e}");
            ExitCode::from(1)
        }
    };
    if let Err(e) = io.join() {
        eprintln!("shipshape lsp: {e}");
        return ExitCode::from(1);
    }
    code
}

fn serve(conn: Connection) -> Result<ExitCode, String> {
    let (id, params) = conn.initialize_start().map_err(|e| e.to_string())?;
    let offered: Vec<&str> = params
        .pointer("/capabilities/general/positionEncodings")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let enc = if offered.contains(&"utf-8") {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let root = params
        .pointer("/workspaceFolders/0/uri")
        .or_else(|| params.get("rootUri"))
        .and_then(Value::as_str)
        .and_then(uri_to_path)
        .or_else(|| {
            params
                .get("rootPath")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .map(|p| normalize(&p.replace('\\', "/")))
        .filter(|p| !p.is_empty());
    let watch = params
        .pointer("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let result = json!({
        "capabilities": {
            "positionEncoding": if enc == Encoding::Utf8 { "utf-8" } else { "utf-16" },
            "textDocumentSync": { "openClose": true, "change": 2, "save": { "includeText": false } },
            "codeActionProvider": {
                "codeActionKinds": ["quickfix", "source.fixAll.shipshape"],
            },
            "hoverProvider": true,
            "workspace": {
                "workspaceFolders": { "supported": true, "changeNotifications": true },
            },
        },
        "serverInfo": { "name": "shipshape", "version": env!("CARGO_PKG_VERSION") },
    });
    conn.initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let mut s = Server {
        conn,
        enc,
        root,
        docs: BTreeMap::new(),
        disk: None,
        pending: None,
        last: None,
        reuse: Default::default(),
        published: HashMap::new(),
        next_id: 0,
    };
    if watch {
        s.register_watchers();
    }
    s.main_loop()
}

impl Server {
    fn send(&self, msg: impl Into<Message>) {
        // The writer thread ends only when the client is gone; then nothing can be said anyway.
        let _ = self.conn.sender.send(msg.into());
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Notification::new(method.to_string(), params));
    }

    /// Ask the client to tell us when the files that change a lint change on disk.
    fn register_watchers(&mut self) {
        self.next_id += 1;
        let globs = [
            "**/.hadolint.{yaml,yml}",
            "**/.dclintrc{,.json,.yaml,.yml}",
            "**/{Dockerfile,dockerfile,Containerfile}*",
            "**/*.{Dockerfile,dockerfile}",
            "**/*_Dockerfile",
            "**/{compose,docker-compose}*.{yaml,yml}",
            "**/*.dockerignore",
            "**/.dockerignore",
            "**/.env",
        ];
        let watchers: Vec<Value> = globs.iter().map(|g| json!({ "globPattern": g })).collect();
        self.send(Request::new(
            RequestId::from(format!("shipshape-register-{}", self.next_id)),
            "client/registerCapability".to_string(),
            json!({ "registrations": [ {
                "id": "shipshape-watched-files",
                "method": "workspace/didChangeWatchedFiles",
                "registerOptions": { "watchers": watchers },
            } ] }),
        ));
    }

    fn main_loop(&mut self) -> Result<ExitCode, String> {
        loop {
            let msg = match self.pending {
                Some((first, last)) => {
                    let due = (last + DEBOUNCE).min(first + MAX_WAIT);
                    match self
                        .conn
                        .receiver
                        .recv_timeout(due.saturating_duration_since(Instant::now()))
                    {
                        Ok(m) => m,
                        Err(crossbeam_channel::RecvTimeoutError::Timeout) => {
                            self.flush();
                            continue;
                        }
                        Err(crossbeam_channel::RecvTimeoutError::Disconnected) => {
                            return Err("the client went away without `exit`".to_string())
                        }
                    }
                }
                None => self
                    .conn
                    .receiver
                    .recv()
                    .map_err(|_| "the client went away without `exit`".to_string())?,
            };
            match msg {
                Message::Request(req) => {
                    if self.conn.handle_shutdown(&req).map_err(|e| e.to_string())? {
                        return Ok(ExitCode::SUCCESS);
                    }
                    self.request(req);
                }
                Message::Notification(n) => {
                    if n.method == "exit" {
                        // `exit` without `shutdown` first.
                        return Ok(ExitCode::from(1));
                    }
                    self.notification(n);
                }
                // Answers to our own requests (registerCapability): nothing to do.
                Message::Response(_) => {}
            }
        }
    }

    fn schedule(&mut self) {
        let now = Instant::now();
        self.pending = Some((self.pending.map_or(now, |(first, _)| first), now));
    }

    /// Files on disk may have changed: read them again at the next lint.
    fn invalidate(&mut self) {
        self.disk = None;
        self.schedule();
    }

    fn notification(&mut self, n: Notification) {
        let p = &n.params;
        let uri = p
            .pointer("/textDocument/uri")
            .and_then(Value::as_str)
            .map(str::to_string);
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let (Some(uri), Some(text)) =
                    (uri, p.pointer("/textDocument/text").and_then(Value::as_str))
                else {
                    return;
                };
                let language = p
                    .pointer("/textDocument/languageId")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let version = p
                    .pointer("/textDocument/version")
                    .and_then(Value::as_i64)
                    .unwrap_or(0);
                let path = uri_to_path(&uri)
                    .map(|p| normalize(&p.replace('\\', "/")))
                    .unwrap_or_else(|| uri.clone());
                let kind = match FileKind::detect(&path) {
                    FileKind::Other if language == "dockerfile" => FileKind::Dockerfile,
                    k => k,
                };
                let outside = !self.inside_root(&path);
                self.docs.insert(
                    uri,
                    Doc {
                        path,
                        text: text.to_string(),
                        version,
                        kind,
                    },
                );
                if outside {
                    // Its own companions (.dockerignore, .hadolint.yaml above it) come from disk.
                    self.disk = None;
                }
                self.schedule();
            }
            "textDocument/didChange" => {
                let Some(uri) = uri else { return };
                let enc = self.enc;
                let Some(doc) = self.docs.get_mut(&uri) else {
                    return;
                };
                let mut text = doc.text.clone();
                for change in p
                    .get("contentChanges")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let Some(new) = change.get("text").and_then(Value::as_str) else {
                        continue;
                    };
                    match change.get("range") {
                        Some(range) if !range.is_null() => {
                            let lines = Lines::new(&text);
                            let (Some(a), Some(b)) = (
                                range.get("start").and_then(|s| lines.offset_of(s, enc)),
                                range.get("end").and_then(|e| lines.offset_of(e, enc)),
                            ) else {
                                continue;
                            };
                            let (a, b) = (a.min(b), a.max(b));
                            text.replace_range(a..b, new);
                        }
                        _ => text = new.to_string(),
                    }
                }
                if let Some(v) = p.pointer("/textDocument/version").and_then(Value::as_i64) {
                    doc.version = v;
                }
                if text != doc.text {
                    doc.text = text;
                    self.schedule();
                }
            }
            "textDocument/didClose" => {
                let Some(uri) = uri else { return };
                if self.docs.remove(&uri).is_some() {
                    self.published.remove(&uri);
                    self.notify(
                        "textDocument/publishDiagnostics",
                        json!({ "uri": uri, "diagnostics": [] }),
                    );
                    // Its text on disk counts again (it may have been closed without saving).
                    self.invalidate();
                }
            }
            "workspace/didChangeWorkspaceFolders" => {
                let folders = |key: &str| -> Vec<String> {
                    p.pointer(&format!("/event/{key}"))
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|f| f.get("uri")?.as_str().and_then(uri_to_path))
                        .map(|p| normalize(&p.replace('\\', "/")))
                        .collect()
                };
                // One folder is linted: the first one added, or none once it is removed.
                if let Some(r) = &self.root {
                    if folders("removed").contains(r) {
                        self.root = None;
                    }
                }
                if self.root.is_none() {
                    self.root = folders("added").into_iter().next();
                }
                self.invalidate()
            }
            "textDocument/didSave"
            | "workspace/didChangeWatchedFiles"
            | "workspace/didChangeConfiguration" => self.invalidate(),
            _ => {}
        }
    }

    fn inside_root(&self, path: &str) -> bool {
        self.root.as_deref().is_some_and(|r| dir_holds(r, path))
    }

    /// Read the workspace folder (and the folders of open documents outside it) from disk.
    fn read_disk(&self) -> Vec<(String, String, FileKind)> {
        let mut paths: Vec<PathBuf> = self.root.iter().map(PathBuf::from).collect();
        for doc in self.docs.values() {
            if !self.inside_root(&doc.path) && std::path::Path::new(&doc.path).is_file() {
                paths.push(PathBuf::from(&doc.path));
            }
        }
        let mut out: Vec<(String, String, FileKind)> = Vec::new();
        for p in paths {
            // A folder that vanished or cannot be read leaves only the open documents.
            if let Ok((found, read)) = discover::collect(&[p], None) {
                for f in found.files {
                    if !out.iter().any(|(path, _, _)| *path == f.path) {
                        // The workspace keys paths with `/` (as `add_as` stores them).
                        let text = read
                            .get(&f.path.replace('\\', "/"))
                            .map_or_else(String::new, |x| x.text.clone());
                        out.push((f.path, text, f.kind));
                    }
                }
            }
        }
        out
    }

    /// Lint now if anything changed, and publish what changed for the open documents.
    fn flush(&mut self) {
        if self.pending.take().is_none() && self.last.is_some() {
            return;
        }
        if self.docs.is_empty() {
            // Nothing to publish for: lint when a document opens.
            self.last = None;
            return;
        }
        if self.disk.is_none() {
            self.disk = Some(self.read_disk());
        }
        let mut ws = Workspace::new();
        for (path, text, kind) in self.disk.iter().flatten() {
            ws.add_as(path.clone(), text.clone(), *kind);
        }
        // A document over the CLI's size limit is not linted; its one diagnostic says why.
        let too_big = |doc: &Doc| doc.text.len() as u64 > discover::MAX_FILE_BYTES;
        for doc in self.docs.values() {
            if doc.kind != FileKind::Other && !too_big(doc) {
                ws.add_as(doc.path.clone(), doc.text.clone(), doc.kind);
            }
        }
        let mut report = lint_reusing(&ws, &Config::default(), &mut self.reuse);
        for doc in self
            .docs
            .values()
            .filter(|d| d.kind != FileKind::Other && too_big(d))
        {
            report.errors.push(shipshape_core::FileError {
                file: doc.path.clone(),
                span: Default::default(),
                line: 1,
                column: 1,
                message: discover::too_big(Some(doc.text.len() as u64)),
            });
        }
        let mut out = Vec::new();
        for (uri, doc) in self.docs.iter().filter(|(_, d)| d.kind != FileKind::Other) {
            let value = Value::Array(diagnostics(&report, doc, self.enc));
            if self.published.get(uri) != Some(&value) {
                out.push((uri.clone(), doc.version, value));
            }
        }
        for (uri, version, value) in out {
            self.notify(
                "textDocument/publishDiagnostics",
                json!({ "uri": uri, "version": version, "diagnostics": value }),
            );
            self.published.insert(uri, value);
        }
        self.last = Some((ws, report));
    }

    fn request(&mut self, req: Request) {
        let result = match req.method.as_str() {
            "textDocument/codeAction" => {
                self.flush();
                Ok(self.code_actions(&req.params))
            }
            "textDocument/hover" => {
                self.flush();
                Ok(self.hover(&req.params))
            }
            m => Err((
                ErrorCode::MethodNotFound as i32,
                format!("shipshape does not handle {m}"),
            )),
        };
        let resp = match result {
            Ok(v) => Response::new_ok(req.id, v),
            Err((code, message)) => Response::new_err(req.id, code, message),
        };
        self.send(resp);
    }

    /// The open document a request is about, with the last report.
    fn doc_of(&self, params: &Value) -> Option<(&str, &Doc, &Report, &Workspace)> {
        let uri = params.pointer("/textDocument/uri")?.as_str()?;
        let (uri, doc) = self.docs.get_key_value(uri)?;
        let (ws, report) = self.last.as_ref()?;
        Some((uri.as_str(), doc, report, ws))
    }

    fn code_actions(&self, params: &Value) -> Value {
        let Some((uri, doc, report, ws)) = self.doc_of(params) else {
            return Value::Null;
        };
        let lines = Lines::new(&doc.text);
        let enc = self.enc;
        let (Some(from), Some(to)) = (
            params
                .pointer("/range/start")
                .and_then(|p| lines.offset_of(p, enc)),
            params
                .pointer("/range/end")
                .and_then(|p| lines.offset_of(p, enc)),
        ) else {
            return Value::Null;
        };
        let only: Option<Vec<&str>> = params
            .pointer("/context/only")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect());
        let wants = |kind: &str| {
            only.as_ref().is_none_or(|o| {
                o.iter()
                    .any(|k| kind == *k || kind.starts_with(&format!("{k}.")))
            })
        };
        let mut actions = Vec::new();
        if wants("quickfix") {
            for f in report.findings.iter().filter(|f| f.file == doc.path) {
                let Some(fix) = &f.fix else { continue };
                if f.span.start > to || from > f.span.end {
                    continue;
                }
                let edits: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        json!({ "range": lines.range(e.start, e.end, enc), "newText": e.replacement })
                    })
                    .collect();
                let safe = fix.applicability == shipshape_core::Applicability::Safe;
                actions.push(json!({
                    "title": format!("{}: {}{}", f.rule, fix.title, if safe { "" } else { " (changes behaviour)" }),
                    "kind": "quickfix",
                    "diagnostics": [diagnostic(f, &lines, enc)],
                    "isPreferred": safe,
                    "edit": { "changes": { uri: edits } },
                }));
            }
        }
        if wants("source.fixAll.shipshape") {
            let fixed =
                shipshape_core::fix::fix_workspace(ws, &Config::default(), &Default::default());
            if let Some(f) = fixed
                .iter()
                .find(|f| f.path == doc.path && f.before == doc.text)
            {
                actions.push(json!({
                    "title": format!("shipshape: apply all safe fixes ({})", f.applied.len()),
                    "kind": "source.fixAll.shipshape",
                    "edit": { "changes": { uri: [ {
                        "range": lines.range(0, doc.text.len(), enc),
                        "newText": f.after,
                    } ] } },
                }));
            }
        }
        Value::Array(actions)
    }

    fn hover(&self, params: &Value) -> Value {
        let Some((_, doc, report, _)) = self.doc_of(params) else {
            return Value::Null;
        };
        let lines = Lines::new(&doc.text);
        let Some(at) = params
            .get("position")
            .and_then(|p| lines.offset_of(p, self.enc))
        else {
            return Value::Null;
        };
        let mut parts: Vec<String> = Vec::new();
        let mut range = None;
        for f in report.findings.iter().filter(|f| f.file == doc.path) {
            if !(f.span.start <= at && (at < f.span.end || at == f.span.start)) {
                continue;
            }
            range.get_or_insert_with(|| lines.range(f.span.start, f.span.end, self.enc));
            parts.push(rule_docs(f));
        }
        if parts.is_empty() {
            return Value::Null;
        }
        let mut v =
            json!({ "contents": { "kind": "markdown", "value": parts.join("\n\n---\n\n") } });
        if let Some(r) = range {
            v["range"] = r;
        }
        v
    }
}

/// Markdown for a finding's hover: what was found, then the rule's summary and why it matters.
fn rule_docs(f: &Finding) -> String {
    let mut s = format!("**{}** ({}): {}", f.rule, f.severity.as_str(), f.message);
    if let Some(m) = find_rule(f.rule) {
        let aliases = if m.aliases.is_empty() {
            String::new()
        } else {
            format!(" (also {})", m.aliases.join(", "))
        };
        s.push_str(&format!("\n\n*{}*{aliases}\n\n{}", m.summary(), m.why()));
        if let Some(r) = m.references().first() {
            s.push_str(&format!("\n\n[{r}]({r})"));
        }
        s.push_str(&format!("\n\n`shipshape explain {}`", m.id));
    }
    s
}

fn severity(s: Severity) -> u8 {
    match s {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Info => 3,
        Severity::Style => 4,
    }
}

fn diagnostic(f: &Finding, lines: &Lines, enc: Encoding) -> Value {
    let mut d = json!({
        "range": lines.range(f.span.start, f.span.end, enc),
        "severity": severity(f.severity),
        "code": f.rule,
        "source": "shipshape",
        "message": f.message,
    });
    if let Some(r) = find_rule(f.rule).and_then(|m| m.references().first()) {
        d["codeDescription"] = json!({ "href": r });
    }
    d
}

/// The diagnostics of one open document: its findings and its file errors (parse errors, an
/// invalid `.hadolint.yaml` or `# check=`).
fn diagnostics(report: &Report, doc: &Doc, enc: Encoding) -> Vec<Value> {
    let lines = Lines::new(&doc.text);
    let mut out: Vec<Value> = report
        .errors
        .iter()
        .filter(|e| e.file == doc.path)
        .map(|e| {
            json!({
                "range": lines.range(e.span.start, e.span.end, enc),
                "severity": 1,
                "code": "parse-error",
                "source": "shipshape",
                "message": e.message,
            })
        })
        .collect();
    out.extend(
        report
            .findings
            .iter()
            .filter(|f| f.file == doc.path)
            .map(|f| diagnostic(f, &lines, enc)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_in_utf16_and_utf8() {
        let text = "FROM a\nRUN echo 日本 😀 x\r\nCMD y";
        let l = Lines::new(text);
        let x = text.find(" x").unwrap() + 1;
        // `RUN echo ` 9, 日本 2 units (6 bytes), space, 😀 2 units (4 bytes), space.
        assert_eq!(l.position(x, Encoding::Utf16), (1, 15));
        assert_eq!(l.position(x, Encoding::Utf8), (1, 21));
        assert_eq!(l.offset(1, 15, Encoding::Utf16), x);
        assert_eq!(l.offset(1, 21, Encoding::Utf8), x);
        // Round trips at every character boundary.
        for (i, _) in text.char_indices() {
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                let (line, col) = l.position(i, enc);
                assert_eq!(l.offset(line, col, enc), i, "{i} {enc:?}");
            }
        }
        // Past the end of a line or of the text; inside a surrogate pair or a UTF-8 sequence.
        assert_eq!(l.offset(0, 99, Encoding::Utf16), 6);
        assert_eq!(l.offset(9, 0, Encoding::Utf16), text.len());
        let smiley = text.find('😀').unwrap();
        assert_eq!(l.offset(1, 12, Encoding::Utf16), smiley);
        assert_eq!(l.offset(1, 13, Encoding::Utf16), smiley);
        assert_eq!(l.offset(1, 14, Encoding::Utf16), smiley + 4);
        assert_eq!(l.offset(1, 10, Encoding::Utf8), text.find('日').unwrap());
        assert_eq!(l.position(text.len() + 10, Encoding::Utf16), (2, 5));
        assert_eq!(
            l.position(smiley + 1, Encoding::Utf8),
            l.position(smiley, Encoding::Utf8)
        );
    }

    #[test]
    fn file_uris() {
        assert_eq!(
            uri_to_path("file:///home/me/Dockerfile").as_deref(),
            Some("/home/me/Dockerfile")
        );
        assert_eq!(
            uri_to_path("file:///a%20b/c%23d").as_deref(),
            Some("/a b/c#d")
        );
        assert_eq!(uri_to_path("file://localhost/x").as_deref(), Some("/x"));
        assert_eq!(
            uri_to_path("file:///c%3A/x/Dockerfile").as_deref(),
            Some("c:/x/Dockerfile")
        );
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
        assert_eq!(uri_to_path("file:///bad%zz"), None);
        assert_eq!(uri_to_path("file:///cut%2"), None);
        assert_eq!(uri_to_path("file:///%ff"), None);
        assert_eq!(uri_to_path("file://host/share"), None);
    }
}
