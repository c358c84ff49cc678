//! `shipshape lsp` driven over stdio with real JSON-RPC framing, as an editor does: initialize,
//! initialized, didOpen, publishDiagnostics, codeAction, hover, didChange, a `.hadolint.yaml`
//! change on disk, shutdown and exit.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    inbox: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_shipshape"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().unwrap();
        let (tx, inbox) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; len.expect("a Content-Length header")];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let v: Value = serde_json::from_slice(&body).expect("a JSON message");
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            inbox,
            next_id: 0,
        }
    }

    fn send(&mut self, msg: Value) {
        let body = serde_json::to_string(&msg).unwrap();
        let stdin = self.stdin.as_mut().unwrap();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// The next message that `pick` accepts; others (a registration request, older diagnostics)
    /// are answered when they are requests and otherwise skipped.
    fn wait_for(&mut self, what: &str, pick: impl Fn(&Value) -> bool) -> Value {
        let end = Instant::now() + WAIT;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            let msg = self
                .inbox
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no {what} within {WAIT:?}"));
            if pick(&msg) {
                return msg;
            }
            if msg.get("method").is_some() && msg.get("id").is_some() {
                let id = msg["id"].clone();
                self.send(json!({ "jsonrpc": "2.0", "id": id, "result": null }));
            }
        }
    }

    fn response(&mut self, id: i64) -> Value {
        let msg = self.wait_for(&format!("response {id}"), |m| {
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        });
        assert!(msg.get("error").is_none(), "{msg}");
        msg["result"].clone()
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.request(method, params);
        self.response(id)
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let msg = self.wait_for("publishDiagnostics", |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        msg["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn exit_code(mut self) -> Option<i32> {
        drop(self.stdin.take());
        let end = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            if Instant::now() > end {
                let _ = self.child.kill();
                panic!("the server did not exit");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("shipshape-lsp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.canonicalize().unwrap()
}

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn rules(diags: &[Value]) -> Vec<&str> {
    diags.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

#[test]
fn lints_fixes_explains_and_reloads_config_over_stdio() {
    let dir = scratch("session");
    let text = "FROM alpine\nUSER 1000\nMAINTAINER me\n";
    std::fs::write(dir.join("Dockerfile"), "FROM alpine:3.20\n").unwrap();
    let doc = uri(&dir.join("Dockerfile"));
    let mut c = Client::start();
    let init = c.call(
        "initialize",
        json!({
            "processId": null,
            "rootUri": uri(&dir),
            "capabilities": {
                "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } },
            },
        }),
    );
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16", "{init}");
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(caps["textDocumentSync"]["change"], 2);
    c.notify("initialized", json!({}));
    // The server asks to be told about changed files (the client answers; see wait_for).
    let reg = c.wait_for("registerCapability", |m| {
        m["method"] == "client/registerCapability"
    });
    let globs = reg["params"]["registrations"][0]["registerOptions"]["watchers"].to_string();
    assert!(globs.contains(".hadolint"), "{globs}");
    c.send(json!({ "jsonrpc": "2.0", "id": reg["id"], "result": null }));

    // The open document's text wins over the file on disk (which has no finding).
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": doc, "languageId": "dockerfile", "version": 1, "text": text } }),
    );
    let diags = c.diagnostics(&doc);
    assert_eq!(rules(&diags), ["DL3006", "DL4000"], "{diags:?}");
    let dl4000 = diags
        .iter()
        .find(|d| d["code"] == "DL4000")
        .unwrap()
        .clone();
    assert_eq!(
        dl4000["range"],
        json!({ "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 10 } })
    );
    assert_eq!(dl4000["severity"], 1);
    assert_eq!(dl4000["source"], "shipshape");

    // The fix as a code action for that range.
    let actions = c.call(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": doc },
            "range": dl4000["range"],
            "context": { "diagnostics": [dl4000] },
        }),
    );
    let actions = actions.as_array().unwrap();
    let fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["diagnostics"][0]["code"] == "DL4000")
        .unwrap_or_else(|| panic!("{actions:?}"));
    assert_eq!(fix["isPreferred"], true, "a safe fix is preferred");
    let edits = fix["edit"]["changes"][doc.as_str()].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["newText"], "LABEL maintainer=\"me\"");
    assert_eq!(
        edits[0]["range"],
        json!({ "start": { "line": 2, "character": 0 }, "end": { "line": 2, "character": 13 } })
    );
    // Only what the range touches: line 1 has no fixable finding.
    let none = c.call(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": doc },
            "range": { "start": { "line": 1, "character": 0 }, "end": { "line": 1, "character": 2 } },
            "context": { "diagnostics": [], "only": ["quickfix"] },
        }),
    );
    assert_eq!(none, json!([]));

    // Hover over the finding shows the rule's documentation.
    let hover = c.call(
        "textDocument/hover",
        json!({ "textDocument": { "uri": doc }, "position": { "line": 2, "character": 3 } }),
    );
    let md = hover["contents"]["value"].as_str().unwrap();
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(
        md.contains("**DL4000**") && md.contains("MAINTAINER"),
        "{md}"
    );
    assert!(md.contains("shipshape explain DL4000"), "{md}");
    let nothing = c.call(
        "textDocument/hover",
        json!({ "textDocument": { "uri": doc }, "position": { "line": 1, "character": 1 } }),
    );
    assert_eq!(nothing, Value::Null);

    // Applying the edit as the editor would (an incremental change) clears that finding.
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": doc, "version": 2 },
            "contentChanges": [ { "range": edits[0]["range"], "text": edits[0]["newText"] } ],
        }),
    );
    let diags = c.diagnostics(&doc);
    assert_eq!(rules(&diags), ["DL3006"], "{diags:?}");

    // A .hadolint.yaml written to disk applies once the client reports the change.
    std::fs::write(dir.join(".hadolint.yaml"), "ignored:\n  - DL3006\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [ { "uri": uri(&dir.join(".hadolint.yaml")), "type": 1 } ] }),
    );
    let diags = c.diagnostics(&doc);
    assert!(diags.is_empty(), "{diags:?}");

    // A whole-text change brings a finding back; a parse error is a diagnostic too.
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": doc, "version": 3 },
            "contentChanges": [ { "text": "FROM alpine:3.20\nUSER 1000\nFROOM x\n" } ],
        }),
    );
    let diags = c.diagnostics(&doc);
    assert_eq!(rules(&diags), ["parse-error"], "{diags:?}");

    let id = c.request("shutdown", Value::Null);
    assert_eq!(c.response(id), Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.exit_code(), Some(0));
}

#[test]
fn compose_and_dockerfile_are_one_workspace_in_utf8_positions() {
    let dir = scratch("compose");
    std::fs::write(
        dir.join("compose.yaml"),
        "services:\n  web:\n    build: .\n    depends_on:\n      - db\n",
    )
    .unwrap();
    let df = dir.join("Dockerfile");
    std::fs::write(&df, "FROM alpine:3.20\n").unwrap();
    let compose = uri(&dir.join("compose.yaml"));
    let mut c = Client::start();
    let init = c.call(
        "initialize",
        json!({
            "processId": null,
            "workspaceFolders": [ { "uri": uri(&dir), "name": "x" } ],
            "capabilities": { "general": { "positionEncodings": ["utf-8", "utf-16"] } },
        }),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    c.notify("initialized", json!({}));
    let text = "services:\n  web:\n    build: .\n    depends_on:\n      - dbé\n";
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": compose, "languageId": "yaml", "version": 1, "text": text } }),
    );
    let diags = c.diagnostics(&compose);
    let undefined = diags
        .iter()
        .find(|d| d["code"] == "compose-undefined-service")
        .unwrap_or_else(|| panic!("{diags:?}"));
    // `dbé` on line 4, after `      - `: byte columns 8..12 (UTF-16 would say 8..11).
    assert_eq!(
        undefined["range"],
        json!({ "start": { "line": 4, "character": 8 }, "end": { "line": 4, "character": 12 } })
    );
    // Garbage never kills the server: unknown documents, missing fields, unknown methods.
    assert_eq!(
        c.call(
            "textDocument/hover",
            json!({ "textDocument": { "uri": "file:///nowhere" } })
        ),
        Value::Null
    );
    assert_eq!(c.call("textDocument/codeAction", json!({})), Value::Null);
    c.notify("textDocument/didChange", json!({ "contentChanges": 5 }));
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": 7 } }),
    );
    let id = c.request("workspace/symbol", json!({ "query": "x" }));
    let err = c.wait_for("an error", |m| m["id"] == json!(id));
    assert_eq!(err["error"]["code"], -32601, "{err}");
    // Closing clears the document's diagnostics.
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": compose } }),
    );
    assert!(c.diagnostics(&compose).is_empty());
    // `exit` without `shutdown` exits 1, as LSP asks.
    c.notify("exit", Value::Null);
    assert_eq!(c.exit_code(), Some(1));
}

#[test]
fn a_workspace_folder_added_later_is_linted_with_the_document() {
    // A Dockerfile next to a compose file that builds another one: with its folder as the
    // workspace, the compose file says nobody builds it; opened alone, nothing is wrong with it.
    let other = scratch("first-folder");
    let dir = scratch("second-folder");
    std::fs::write(
        dir.join("compose.yaml"),
        "name: x\nservices:\n  web:\n    build:\n      context: .\n      dockerfile: app.Dockerfile\n",
    )
    .unwrap();
    std::fs::write(dir.join("app.Dockerfile"), "FROM alpine:3.20\nUSER 1000\n").unwrap();
    let df = dir.join("Dockerfile");
    std::fs::write(&df, "FROM alpine:3.20\nUSER 1000\n").unwrap();
    let doc = uri(&df);
    let mut c = Client::start();
    let init = c.call(
        "initialize",
        json!({ "processId": null, "rootUri": uri(&other), "capabilities": {} }),
    );
    assert_eq!(
        init["capabilities"]["workspace"]["workspaceFolders"]["changeNotifications"],
        true
    );
    c.notify("initialized", json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": doc, "languageId": "dockerfile", "version": 1, "text": "FROM alpine:3.20\nUSER 1000\n" } }),
    );
    assert!(c.diagnostics(&doc).is_empty());
    c.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": {
            "removed": [ { "uri": uri(&other), "name": "first" } ],
            "added": [ { "uri": uri(&dir), "name": "second" } ],
        } }),
    );
    assert_eq!(rules(&c.diagnostics(&doc)), ["compose-orphan-dockerfile"]);
    let id = c.request("shutdown", Value::Null);
    c.response(id);
    c.notify("exit", Value::Null);
    assert_eq!(c.exit_code(), Some(0));
}

#[test]
fn a_document_over_the_size_limit_gets_one_diagnostic_and_the_others_are_linted() {
    let dir = scratch("size");
    let big = uri(&dir.join("big/Dockerfile"));
    let small = uri(&dir.join("small/Dockerfile"));
    let mut c = Client::start();
    c.call(
        "initialize",
        json!({ "processId": null, "rootUri": uri(&dir), "capabilities": {} }),
    );
    c.notify("initialized", json!({}));
    let mut text = String::from("FROM ubuntu:24.04\n");
    while text.len() <= 16 << 20 {
        text.push_str("RUN apt-get install -y curl\n");
    }
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": big, "languageId": "dockerfile", "version": 1, "text": text } }),
    );
    let diags = c.diagnostics(&big);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0]["message"].as_str().unwrap().contains("16 MiB"),
        "{diags:?}"
    );
    assert_eq!(
        diags[0]["range"]["start"],
        json!({ "line": 0, "character": 0 })
    );
    c.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": small, "languageId": "dockerfile", "version": 1, "text": "FROM alpine:latest\n" } }),
    );
    let diags = c.diagnostics(&small);
    assert!(rules(&diags).contains(&"DL3007"), "{diags:?}");
    c.call("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert_eq!(c.exit_code(), Some(0));
}
