//! The CLI never loses, mixes or misplaces a file: several paths under their own names, fixes
//! written only with each file's own text (atomically, refusing files changed meanwhile), compose
//! projects that resolve services only inside themselves, standard input, and folder discovery.
//! Every test runs the real binary on real files in a temporary folder.

mod common;
use common::{bin_in, json, run_with_stdin, scratch, write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

fn lint_json(cwd: &Path, args: &[&str]) -> serde_json::Value {
    let out = bin_in(cwd)
        .args(["lint", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out)
}

fn files(v: &serde_json::Value) -> Vec<String> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

/// (file, rule, line) of every finding.
fn findings(v: &serde_json::Value) -> Vec<(String, String, u64)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn of_file(all: &[(String, String, u64)], file: &str) -> Vec<(String, u64)> {
    all.iter()
        .filter(|f| f.0 == file)
        .map(|f| (f.1.clone(), f.2))
        .collect()
}

/// Two services in sibling folders, each with its own `Dockerfile` and `.dockerignore`.
fn siblings(name: &str) -> PathBuf {
    let dir = scratch(name);
    write(
        &dir,
        "a/Dockerfile",
        "FROM alpine:3.20\nMAINTAINER alice\nCOPY node_modules /app/node_modules\nUSER 1000\nCMD [\"a\"]\n",
    );
    write(&dir, "a/.dockerignore", "node_modules\n");
    write(
        &dir,
        "b/Dockerfile",
        "FROM debian:12\nMAINTAINER bob\nCOPY node_modules /srv/node_modules\nUSER 1000\nCMD [\"b\"]\n",
    );
    write(&dir, "b/.dockerignore", "*.log\n");
    dir
}

#[test]
fn several_paths_keep_their_own_names_and_ignore_files() {
    let dir = siblings("two");
    let v = lint_json(&dir, &["a", "b"]);
    assert_eq!(
        files(&v),
        [
            "a/.dockerignore",
            "a/Dockerfile",
            "b/.dockerignore",
            "b/Dockerfile"
        ]
    );
    let all = findings(&v);
    let ignored: Vec<&str> = all
        .iter()
        .filter(|f| f.1 == "CopyIgnoredFile")
        .map(|f| f.0.as_str())
        .collect();
    assert_eq!(
        ignored,
        ["a/Dockerfile"],
        "each Dockerfile is checked against its own .dockerignore"
    );
    assert!(of_file(&all, "b/Dockerfile").contains(&("DL4000".into(), 2)));

    // A file named alone gets the findings it gets in its folder (its .dockerignore is read).
    let alone = lint_json(&dir, &["a/Dockerfile"]);
    assert_eq!(files(&alone), ["a/Dockerfile"]);
    let folder = lint_json(&dir, &["a"]);
    assert_eq!(
        of_file(&findings(&alone), "a/Dockerfile"),
        of_file(&findings(&folder), "a/Dockerfile")
    );
    assert!(of_file(&findings(&alone), "a/Dockerfile").contains(&("CopyIgnoredFile".into(), 3)));

    // The same file named several ways is linted once, under the first name.
    let v = lint_json(&dir, &["a", "a/Dockerfile", "./a/Dockerfile", "a/../a"]);
    assert_eq!(files(&v), ["a/.dockerignore", "a/Dockerfile"]);
    let dl4000 = findings(&v).iter().filter(|f| f.1 == "DL4000").count();
    assert_eq!(dl4000, 1);

    // Paths are relative to where the user stands, or absolute when given absolute.
    let v = lint_json(&dir.join("a"), &["../b"]);
    assert_eq!(files(&v), ["../b/.dockerignore", "../b/Dockerfile"]);
    let abs = dir.join("b");
    let v = lint_json(&dir, &[abs.to_str().unwrap()]);
    assert!(files(&v).contains(&format!("{}/Dockerfile", abs.to_str().unwrap())));
    assert!(findings(&v)
        .iter()
        .all(|f| f.0.starts_with(abs.to_str().unwrap())));

    // Other formats name the same paths.
    let out = bin_in(&dir)
        .args(["lint", "--format", "sarif", "a", "b"])
        .output()
        .unwrap();
    let sarif = String::from_utf8_lossy(&out.stdout);
    assert!(sarif.contains("\"a/Dockerfile\"") && sarif.contains("\"b/Dockerfile\""));
    let out = bin_in(&dir)
        .args(["lint", "--no-color", "a", "b"])
        .output()
        .unwrap();
    let tty = String::from_utf8_lossy(&out.stdout);
    assert!(
        tty.contains("a/Dockerfile:2:1:") && tty.contains("b/Dockerfile:2:1:"),
        "{tty}"
    );
}

#[test]
fn fix_writes_each_file_with_its_own_text() {
    let dir = siblings("fix");
    let out = bin_in(&dir)
        .args(["fix", "--diff", "a", "b"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(diff.contains("--- a/a/Dockerfile") && diff.contains("+++ b/b/Dockerfile"));
    assert!(diff.contains("-MAINTAINER alice") && diff.contains("-MAINTAINER bob"));
    assert!(
        read(&dir, "a/Dockerfile").contains("MAINTAINER alice"),
        "--diff writes nothing"
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            dir.join("a/Dockerfile"),
            std::fs::Permissions::from_mode(0o640),
        )
        .unwrap();
    }
    let out = bin_in(&dir).args(["fix", "a", "b"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a = read(&dir, "a/Dockerfile");
    let b = read(&dir, "b/Dockerfile");
    assert_eq!(
        a,
        "FROM alpine:3.20\nLABEL maintainer=\"alice\"\nCOPY node_modules /app/node_modules\nUSER 1000\nCMD [\"a\"]\n"
    );
    assert_eq!(
        b,
        "FROM debian:12\nLABEL maintainer=\"bob\"\nCOPY node_modules /srv/node_modules\nUSER 1000\nCMD [\"b\"]\n"
    );
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("a/Dockerfile: DL4000") && summary.contains("b/Dockerfile: DL4000"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("a/Dockerfile"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640, "permissions kept");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("a"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("shipshape"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[cfg(unix)]
#[test]
fn fix_follows_symlinks_and_keeps_them() {
    let dir = scratch("symlink");
    write(&dir, "real/Dockerfile", "FROM alpine:3.20\nMAINTAINER me\n");
    std::os::unix::fs::symlink("real/Dockerfile", dir.join("Dockerfile")).unwrap();
    let out = bin_in(&dir).args(["fix", "Dockerfile"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::symlink_metadata(dir.join("Dockerfile"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        read(&dir, "real/Dockerfile"),
        "FROM alpine:3.20\nLABEL maintainer=\"me\"\n"
    );
}

/// A file that changes between reading and writing is not written, nor is anything else. The
/// second path is a named pipe: the CLI reads the Dockerfile, then waits on the pipe while the
/// test edits the Dockerfile, so the change deterministically lands in between.
#[cfg(unix)]
#[test]
fn fix_refuses_a_file_changed_on_disk_since_it_was_read() {
    use std::io::Write;
    let dir = scratch("changed");
    write(&dir, "Dockerfile", "FROM alpine:3.20\nMAINTAINER me\n");
    write(
        &dir,
        "other/Dockerfile",
        "FROM alpine:3.20\nMAINTAINER you\n",
    );
    let fifo = dir.join("pipe.Dockerfile");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let child = bin_in(&dir)
        .args(["fix", "Dockerfile", "other/Dockerfile", "pipe.Dockerfile"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Opening the pipe for writing waits until the CLI opens it for reading: by then it has
    // read the two Dockerfiles.
    let mut pipe = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    let edited = "FROM alpine:3.20\nMAINTAINER me\n# edited meanwhile\n";
    std::fs::write(dir.join("Dockerfile"), edited).unwrap();
    pipe.write_all(b"FROM alpine:3.20\nUSER 1000\n").unwrap();
    drop(pipe);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Dockerfile changed on disk"), "{err}");
    assert_eq!(read(&dir, "Dockerfile"), edited, "the user's edit survives");
    assert_eq!(
        read(&dir, "other/Dockerfile"),
        "FROM alpine:3.20\nMAINTAINER you\n",
        "nothing is written when one file changed"
    );
}

#[test]
fn fix_never_writes_a_file_that_is_not_utf8() {
    let dir = scratch("latin1");
    let bytes = b"FROM alpine:3.20\n# caf\xe9\nMAINTAINER me\n";
    std::fs::write(dir.join("Dockerfile"), bytes).unwrap();
    write(&dir, "ok/Dockerfile", "FROM alpine:3.20\nMAINTAINER me\n");
    let out = bin_in(&dir).args(["fix", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not valid UTF-8"));
    assert_eq!(std::fs::read(dir.join("Dockerfile")).unwrap(), bytes);
    assert!(
        read(&dir, "ok/Dockerfile").contains("LABEL maintainer"),
        "the other files are still fixed"
    );
}

/// Two compose projects side by side: `one` defines `db`, `two` depends on a `db` it lacks.
fn projects(name: &str) -> PathBuf {
    let dir = scratch(name);
    write(
        &dir,
        "one/compose.yaml",
        "services:\n  db:\n    image: postgres:16\n",
    );
    write(
        &dir,
        "two/compose.yaml",
        "services:\n  web:\n    image: nginx:1.27\n    depends_on:\n      db:\n        condition: service_healthy\n    volumes_from: [dta]\n  data:\n    image: busybox:1.36\n",
    );
    dir
}

#[test]
fn compose_projects_resolve_services_only_inside_themselves() {
    let dir = projects("projects");
    let together = findings(&lint_json(&dir, &["."]));
    let alone = findings(&lint_json(&dir, &["two/compose.yaml"]));
    let two = of_file(&together, "two/compose.yaml");
    assert_eq!(
        two,
        of_file(&alone, "two/compose.yaml"),
        "same alone as beside others"
    );
    assert!(
        !two.iter()
            .any(|(r, _)| r == "compose-healthy-without-healthcheck"),
        "one's db is not two's: {two:?}"
    );
    assert!(
        two.contains(&("compose-undefined-service".into(), 5)),
        "{two:?}"
    );
    let out = bin_in(&dir)
        .args(["lint", "--no-color", "two"])
        .output()
        .unwrap();
    let tty = String::from_utf8_lossy(&out.stdout);
    assert!(
        tty.contains("two/compose.yaml:7:20: error compose-undefined-service")
            && tty.contains("did you mean `data`?"),
        "{tty}"
    );
    assert!(
        !of_file(&together, "one/compose.yaml")
            .iter()
            .any(|(r, _)| r.starts_with("compose-undefined") || r.starts_with("compose-healthy")),
        "{together:?}"
    );
}

#[test]
fn compose_files_bring_what_they_read() {
    let dir = scratch("reads");
    write(
        &dir,
        "app/compose.yaml",
        "include:\n  - ops/db.yml\nservices:\n  web:\n    build:\n      context: .\n      dockerfile: images/web.df\n    image: web:${TAG}\n    depends_on: [db, cache]\n",
    );
    write(&dir, "app/.env", "TAG=1.0\n");
    write(
        &dir,
        "app/ops/db.yml",
        "services:\n  db:\n    image: postgres:16\n",
    );
    write(
        &dir,
        "app/compose.override.yaml",
        "services:\n  cache:\n    image: redis:7\n",
    );
    write(
        &dir,
        "app/images/web.df",
        "FROM alpine:3.20\nMAINTAINER me\n",
    );
    let v = lint_json(&dir, &["app/compose.yaml"]);
    assert_eq!(
        files(&v),
        ["app/compose.yaml", "app/images/web.df", "app/ops/db.yml"],
        "the built Dockerfile and the included file are linted; .env and the override file are only read"
    );
    let all = findings(&v);
    assert!(
        !all.iter().any(|f| f.1 == "compose-undefined-service"),
        "{all:?}"
    );
    assert!(of_file(&all, "app/images/web.df").contains(&("DL4000".into(), 2)));
    assert!(of_file(&all, "app/compose.override.yaml").is_empty());
    // Folder mode sees the same findings for the same files.
    let folder = findings(&lint_json(&dir, &["app"]));
    for f in ["app/compose.yaml", "app/images/web.df"] {
        assert_eq!(of_file(&folder, f), of_file(&all, f), "{f}");
    }
    // fix writes the built Dockerfile (inside the folder named), never the context files.
    let out = bin_in(&dir)
        .args(["fix", "app/compose.yaml"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(read(&dir, "app/images/web.df").contains("LABEL maintainer"));
}

#[test]
fn standard_input_is_one_file() {
    let dir = scratch("stdin");
    let run =
        |args: &[&str], input: &str| -> Output { run_with_stdin(bin_in(&dir).args(args), input) };
    let df = "FROM ubuntu:latest\nMAINTAINER me\n";
    let out = run(&["lint", "--format", "json", "-"], df);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(files(&v), ["-"]);
    let all = findings(&v);
    assert!(all.contains(&("-".into(), "DL3007".into(), 1)), "{all:?}");

    let out = run(
        &[
            "lint",
            "--format",
            "json",
            "--stdin-filename",
            "deploy/compose.yaml",
            "-",
        ],
        "services:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n",
    );
    let v = json(&out);
    assert_eq!(v["files"][0]["kind"], "compose");
    assert!(findings(&v).contains(&(
        "deploy/compose.yaml".into(),
        "compose-undefined-service".into(),
        4
    )));

    let out = run(&["fix", "-"], df);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "FROM ubuntu:latest\nLABEL maintainer=\"me\"\n",
        "only the fixed text on stdout"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("-: DL4000"));
    // A name given with `\` separators is the same file as with `/`: its fixed text comes back.
    let out = run(&["fix", "--stdin-filename", "deploy\\Dockerfile", "-"], df);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "FROM ubuntu:latest\nLABEL maintainer=\"me\"\n",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("deploy/Dockerfile: DL4000"));
    let out = run(&["fix", "--diff", "-"], df);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("+LABEL maintainer=\"me\""));
    let clean = "FROM alpine:3.20\nUSER 1000\nCMD [\"sh\"]\n";
    let out = run(&["fix", "-"], clean);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        clean,
        "nothing to fix: echoed as is"
    );
    // The fixed text that cannot be written (stdout on a full disk) is an error that says so, not
    // exit 0 on a cut copy of the user's file.
    if let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") {
        let mut child = common::bin()
            .args(["fix", "-"])
            .stdin(Stdio::piped())
            .stdout(full)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), df.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write the fixed text"));
    }

    // Standard input named as a file also given: its text stands for that file, in either order,
    // and the file on disk is left as it is.
    std::fs::write(
        dir.join("Dockerfile"),
        "FROM alpine:3.20\nMAINTAINER disk\n",
    )
    .unwrap();
    for args in [
        ["fix", "--stdin-filename", "Dockerfile", "Dockerfile", "-"],
        ["fix", "--stdin-filename", "Dockerfile", "-", "Dockerfile"],
    ] {
        let out = run(&args, df);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "FROM ubuntu:latest\nLABEL maintainer=\"me\"\n",
            "{args:?}"
        );
    }
    let out = run(
        &[
            "lint",
            "--format",
            "json",
            "--stdin-filename",
            "Dockerfile",
            ".",
            "-",
        ],
        df,
    );
    let v = json(&out);
    assert_eq!(files(&v), ["Dockerfile"], "one file, not two");
    assert!(
        findings(&v).contains(&("Dockerfile".into(), "DL3007".into(), 1)),
        "stdin's text is linted"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("Dockerfile")).unwrap(),
        "FROM alpine:3.20\nMAINTAINER disk\n"
    );
    std::fs::remove_file(dir.join("Dockerfile")).unwrap();

    assert_eq!(run(&["lint", "-", "-"], df).status.code(), Some(2));
    assert_eq!(run(&["lint", "--fix", "-"], df).status.code(), Some(2));
    assert_eq!(
        run(&["lint", "--stdin-filename", "x", "."], df)
            .status
            .code(),
        Some(2)
    );
    assert!(dir.read_dir().unwrap().next().is_none(), "nothing written");
}

#[test]
fn folders_yield_the_names_real_projects_use() {
    let dir = scratch("names");
    let linted = [
        "Dockerfile",
        "dockerfile",
        "Dockerfile.dev",
        "Dockerfile-prod",
        "api.Dockerfile",
        "web.dockerfile",
        "build_Dockerfile",
        "Containerfile",
        "Containerfile.alt",
        "compose.yaml",
        "docker-compose.ci.yml",
        "sub/Dockerfile",
    ];
    for f in linted {
        let text = if f.ends_with("yml") || f.ends_with("yaml") {
            "services:\n  a:\n    image: a:1\n"
        } else {
            "FROM alpine:3.20\n"
        };
        write(&dir, f, text);
    }
    for f in [
        "README.md",
        "Dockerfile.md",
        "notes.txt",
        "node_modules/pkg/Dockerfile",
        ".git/Dockerfile",
        "target/Dockerfile",
        "vendor/lib/Dockerfile",
    ] {
        write(&dir, f, "FROM alpine:3.20\n");
    }
    let mut got = files(&lint_json(&dir, &["."]));
    got.sort();
    let mut want: Vec<String> = linted.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(got, want);
}
