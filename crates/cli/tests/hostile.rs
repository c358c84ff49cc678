//! Hostile files through the real binary: a file over the size limit is an error for that file
//! while the others are linted (and fixed); invalid UTF-8 and NUL bytes; bidirectional controls in
//! file names and contents cannot rearrange the terminal's lines. (The core's hostile inputs:
//! crates/core/tests/hostile.rs.)

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin(cwd: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_shipshape"));
    c.current_dir(cwd);
    c
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("shipshape-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, rel: &str, bytes: &[u8]) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn no_panic(out: &Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
}

/// 17 MiB: one MiB over the limit (16 MiB), a real Dockerfile's lines repeated.
fn oversized() -> Vec<u8> {
    let line = b"RUN apt-get install -y curl\n";
    let mut v = b"FROM ubuntu:24.04\n".to_vec();
    while v.len() < 17 << 20 {
        v.extend_from_slice(line);
    }
    v
}

fn errors_of<'v>(v: &'v serde_json::Value, file: &str) -> Vec<&'v serde_json::Value> {
    v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["file"] == file)
        .collect()
}

#[test]
fn a_file_over_the_size_limit_is_an_error_and_the_others_are_linted() {
    let dir = scratch("size");
    write(&dir, "big/Dockerfile", &oversized());
    write(&dir, "small/Dockerfile", b"FROM alpine:latest\n");
    let out = bin(&dir)
        .args(["lint", "--format", "json", "big/Dockerfile", "small"])
        .output()
        .unwrap();
    no_panic(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a file error, not a usage error"
    );
    let v = json(&out);
    let e = errors_of(&v, "big/Dockerfile");
    assert_eq!(e.len(), 1, "{v}");
    assert_eq!(
        (e[0]["line"].as_u64(), e[0]["column"].as_u64()),
        (Some(1), Some(1))
    );
    let msg = e[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("16 MiB") && msg.contains("not linted"),
        "{msg}"
    );
    assert!(
        msg.contains(&(17u64 << 20).to_string()[..4]),
        "names the size: {msg}"
    );
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["file"] == "small/Dockerfile" && f["rule"] == "DL3007"),
        "{v}"
    );
    assert!(
        !v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["file"] == "big/Dockerfile"),
        "the big file is not linted"
    );

    // Found in a folder, the same; the tty format says it at 1:1.
    let out = bin(&dir)
        .args(["lint", "--no-snippets", "."])
        .output()
        .unwrap();
    no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("big/Dockerfile:1:1: parse-error file is"),
        "{text}"
    );
    assert!(text.contains("small/Dockerfile:1:"), "{text}");

    // `fix` fixes the others, says why it skipped the big one, and exits 1.
    write(&dir, "small/Dockerfile", b"FROM alpine:3.20 as build\n");
    let out = bin(&dir).args(["fix", "."]).output().unwrap();
    no_panic(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("big/Dockerfile:1:1: file is"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("small/Dockerfile")).unwrap(),
        "FROM alpine:3.20 AS build\n"
    );
    assert_eq!(
        std::fs::metadata(dir.join("big/Dockerfile")).unwrap().len(),
        oversized().len() as u64
    );
}

#[test]
fn standard_input_over_the_size_limit_is_an_error() {
    let dir = scratch("stdin-size");
    write(&dir, "Dockerfile", b"FROM alpine:latest\n");
    let mut child = bin(&dir)
        .args(["lint", "--format", "json", "-", "Dockerfile"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // The CLI stops reading past the limit: a closed pipe here is expected.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&oversized());
    });
    let out = child.wait_with_output().unwrap();
    let _ = writer.join();
    no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let e = errors_of(&v, "-");
    assert_eq!(e.len(), 1, "{v}");
    assert!(e[0]["message"].as_str().unwrap().contains("16 MiB"));
    assert!(!errors_of(&v, "Dockerfile").iter().any(|_| true));
}

#[test]
fn invalid_utf8_and_nul_bytes() {
    let dir = scratch("bytes");
    write(
        &dir,
        "a/Dockerfile",
        b"FROM alpine:3.20\n\xff\xfe\xc3\x28\nRUN echo \xe2\x28\xa1\n",
    );
    write(
        &dir,
        "b/Dockerfile",
        b"FROM alpine\x00:3.20\nRUN echo \x00\x01\x1b[2J\n\x00\x00\n",
    );
    write(
        &dir,
        "c/compose.yaml",
        b"services:\n  w\x00eb:\n    image: \"nginx\xff\"\n",
    );
    write(
        &dir,
        "d/Dockerfile",
        b"\xef\xbb\xbfFROM alpine:latest\r\n\x00",
    );
    for format in ["json", "tty", "sarif", "markdown", "github"] {
        let out = bin(&dir)
            .args(["lint", "--format", format, "."])
            .output()
            .unwrap();
        no_panic(&out);
        assert_eq!(out.status.code(), Some(1), "{format}");
        if format == "tty" {
            // Nothing from the files reaches the terminal as a control sequence.
            assert!(!out.stdout.contains(&0x1b), "{format}");
            assert!(!out.stdout.contains(&0), "{format}");
        }
    }
    let v = json(
        &bin(&dir)
            .args(["lint", "--format", "json", "."])
            .output()
            .unwrap(),
    );
    let e = errors_of(&v, "a/Dockerfile");
    assert!(
        e.iter()
            .any(|e| e["message"].as_str().unwrap().contains("not valid UTF-8") && e["line"] == 1),
        "{v}"
    );
    // Invalid bytes from standard input too, and `fix -` refuses to print a damaged text.
    for args in [&["lint", "-"][..], &["fix", "-"][..]] {
        let mut child = bin(&dir)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(b"from alpine\x00\xff:latest\n")
            .unwrap();
        let out = child.wait_with_output().unwrap();
        no_panic(&out);
        assert!(matches!(out.status.code(), Some(1 | 2)), "{args:?}");
    }
}

#[test]
fn bidi_controls_cannot_reorder_terminal_lines() {
    let dir = scratch("bidi");
    // A right-to-left override in a folder name and in the file (a base image, a comment).
    let name = "rlo\u{202E}txt.exe";
    write(
        &dir,
        &format!("{name}/Dockerfile"),
        "# \u{2067}isolate\u{2069}\nFROM ubuntu\u{202E}:latest\nRUN echo \u{202A}x\u{202C}\n"
            .as_bytes(),
    );
    let out = bin(&dir).args(["lint", "."]).output().unwrap();
    no_panic(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    for c in ['\u{202A}', '\u{202C}', '\u{202E}', '\u{2067}', '\u{2069}'] {
        assert!(!text.contains(c), "{:?} reached the terminal:\n{text}", c);
    }
    assert!(text.contains("rlo\\u{202E}txt.exe/Dockerfile:2:"), "{text}");
    assert!(text.contains("ubuntu\\u{202E}:latest"), "{text}");
    // Machine formats keep the text as it is (JSON escapes nothing it need not).
    let v = json(
        &bin(&dir)
            .args(["lint", "--format", "json", "."])
            .output()
            .unwrap(),
    );
    assert!(v["files"][0]["path"].as_str().unwrap().contains('\u{202E}'));
}
