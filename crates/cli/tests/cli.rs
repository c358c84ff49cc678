//! The CLI's contract: JSON shape, relative paths, recursive discovery, exit codes, and resilience to
//! bad files. (File safety, several paths, compose projects and stdin: `files.rs`.)

mod common;
use common::{bin, json, rule_ids, scratch, write};

#[test]
fn lint_json_follows_the_output_contract() {
    let dir = scratch("contract");
    write(
        &dir,
        "docker/api/Dockerfile",
        b"FROM ubuntu:latest\nCMD python app.py\n",
    );
    write(
        &dir,
        "docker/web/Dockerfile.prod",
        b"FROM nginx:1.27\nUSER 101\nCMD [\"nginx\"]\n",
    );
    write(&dir, "README.md", b"# not linted\n");
    let out = bin()
        .args(["lint", "--format", "json"])
        .current_dir(&dir)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "findings exit 1");
    let v = json(&out);
    assert_eq!(v["version"], 1);
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        ["docker/api/Dockerfile", "docker/web/Dockerfile.prod"]
    );
    assert_eq!(v["files"][0]["kind"], "dockerfile");
    let findings = v["findings"].as_array().unwrap();
    let f = findings
        .iter()
        .find(|f| f["rule"] == "DL3025")
        .expect("DL3025 reported");
    assert_eq!(f["file"], "docker/api/Dockerfile");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(2), Some(5))
    );
    assert_eq!(
        (f["end_line"].as_u64(), f["end_column"].as_u64()),
        (Some(2), Some(18))
    );
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["aliases"][0], "JSONArgsRecommended");
    let edit = &f["fix"]["edits"][0];
    assert_eq!(f["fix"]["applicability"], "unsafe");
    assert_eq!(edit["replacement"], "[\"python\", \"app.py\"]");
    assert!(edit["start"].as_u64().unwrap() < edit["end"].as_u64().unwrap());
    assert!(v["errors"].as_array().unwrap().is_empty());
}

#[test]
fn clean_files_exit_zero_and_threshold_is_respected() {
    let dir = scratch("clean");
    write(
        &dir,
        "Dockerfile",
        b"FROM alpine:3.20\nUSER 1000\nCMD [\"sh\"]\n",
    );
    let out = bin()
        .arg("lint")
        .current_dir(&dir)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    write(
        &dir,
        "Dockerfile",
        b"FROM alpine\nUSER 1000\nCMD [\"sh\"]\n",
    );
    let out = bin()
        .arg("lint")
        .current_dir(&dir)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = bin()
        .args(["lint", "--failure-threshold", "error"])
        .current_dir(&dir)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "a warning is below the error threshold"
    );
}

#[test]
fn one_bad_file_never_stops_the_others() {
    let dir = scratch("bad");
    write(
        &dir,
        "a/Dockerfile",
        b"FROM alpine:3.20\nWRONG instruction\nWORKDIR app\n",
    );
    write(
        &dir,
        "b/Dockerfile",
        b"FROM alpine:3.20\n\xff\xfe\nWORKDIR rel\n",
    );
    write(&dir, "c/Dockerfile", b"FROM alpine:latest\n");
    let out = bin()
        .args(["lint", "--format", "json"])
        .current_dir(&dir)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let errors = v["errors"].as_array().unwrap();
    let e = errors
        .iter()
        .find(|e| e["file"] == "a/Dockerfile")
        .expect("parse error reported");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(2), Some(1))
    );
    assert!(
        errors.iter().any(|e| e["file"] == "b/Dockerfile"),
        "invalid UTF-8 is reported"
    );
    let rules_by_file: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (file, rule) in [
        ("a/Dockerfile", "DL3000"),
        ("b/Dockerfile", "DL3000"),
        ("c/Dockerfile", "DL3007"),
    ] {
        assert!(
            rules_by_file.contains(&(file.to_string(), rule.to_string())),
            "{file} {rule} missing: {rules_by_file:?}"
        );
    }
}

#[test]
fn usage_errors_exit_two() {
    let out = bin()
        .args(["lint", "/definitely/not/here"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin()
        .args(["lint", "--ignore", "NOPE9999", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin().args(["frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Run a command whose reader stops after its first 16 bytes and closes the pipe, as `| head` does.
fn closing_the_pipe_early(cmd: &mut std::process::Command) -> std::process::Output {
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    child.wait_with_output().unwrap()
}

/// A report that cannot be written (stdout on a full disk) is an error that says so, in every
/// format, not a silently truncated report; a reader that stops early (`| head`) is not.
#[test]
fn a_report_that_cannot_be_written_exits_two() {
    let dir = scratch("unwritable-report");
    // Enough findings that every format writes more than its buffer holds.
    write(
        &dir,
        "Dockerfile",
        "FROM ubuntu\nMAINTAINER me\n".repeat(400),
    );
    if let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") {
        for format in [
            "tty",
            "json",
            "markdown",
            "sarif",
            "checkstyle",
            "gitlab",
            "junit",
            "gnu",
            "github",
        ] {
            let mut cmd = bin();
            cmd.args(["lint", "--format", format]).arg(&dir);
            fails_on_a_full_disk(&mut cmd, &full, "cannot write the report");
        }
    }
    // A pipe closed after the first line: the code is the findings' (1), nothing on stderr.
    let code = quiet_when_the_pipe_closes(bin().args(["lint", "--format", "gnu"]).arg(&dir));
    assert_eq!(code, Some(1));
}

/// `cmd` with its standard output on a full disk: exit code 2, and stderr says `says`.
fn fails_on_a_full_disk(cmd: &mut std::process::Command, full: &std::fs::File, says: &str) {
    let out = cmd.stdout(full.try_clone().unwrap()).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{cmd:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(says), "{cmd:?}: {err}");
}

/// `cmd` with a reader that closes the pipe early ([`closing_the_pipe_early`]): nothing on
/// stderr; its exit code.
fn quiet_when_the_pipe_closes(cmd: &mut std::process::Command) -> Option<i32> {
    let out = closing_the_pipe_early(cmd);
    assert!(
        out.stderr.is_empty(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.status.code()
}

/// Every other command's output likewise: on a full disk it says so and exits 2 (a listing, an
/// explanation, a diff, a link cut short is not the answer); a closed pipe is still quiet.
#[test]
fn other_output_that_cannot_be_written_exits_two() {
    let dir = scratch("unwritable-output");
    write(
        &dir,
        "Dockerfile",
        "FROM ubuntu\nMAINTAINER me\nRUN apt-get install -y curl\n",
    );
    let file = dir.join("Dockerfile");
    let before = std::fs::read(&file).unwrap();
    let commands: [&[&str]; 5] = [
        &["rules"],
        &["rules", "--format", "json"],
        &["explain", "DL3007"],
        &["fix", "--diff"],
        &["share"],
    ];
    if let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") {
        for args in commands {
            let mut cmd = bin();
            cmd.args(args);
            if matches!(args[0], "fix" | "share") {
                cmd.arg(&dir);
            }
            fails_on_a_full_disk(&mut cmd, &full, "cannot write the output");
        }
        let mut cmd = bin();
        cmd.args(["parse", "--dump", "buildkit"]).arg(&file);
        fails_on_a_full_disk(&mut cmd, &full, "cannot write the output");
    }
    // `fix --diff` writes nothing, whatever happened to its output.
    assert_eq!(std::fs::read(&file).unwrap(), before);
    // The rule list (260 KB of JSON, more than a pipe holds) into a pipe closed after its first
    // bytes: success, nothing on stderr.
    let code = quiet_when_the_pipe_closes(bin().args(["rules", "--format", "json"]));
    assert_eq!(code, Some(0));
}

#[test]
fn ignore_and_tty_output() {
    let dir = scratch("tty");
    write(&dir, "Dockerfile", b"FROM alpine:latest\nMAINTAINER me\n");
    let out = bin()
        .args(["lint", "--no-color"])
        .current_dir(&dir)
        .arg(".")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Dockerfile:1:6: warning DL3007"), "{text}");
    assert!(text.contains("Dockerfile:2:1: error DL4000"), "{text}");
    assert!(!text.contains('\x1b'), "no colour when not a terminal");
    let out = bin()
        .args(["lint", "--no-color", "--ignore", "MaintainerDeprecated"])
        .current_dir(&dir)
        .arg(".")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("DL4000"), "ignored by alias: {text}");
}

#[test]
fn parse_dump_and_rules_and_explain() {
    let dir = scratch("dump");
    write(
        &dir,
        "Dockerfile",
        b"FROM alpine AS b\nCOPY --from=b [\"a\", \"b\"]\nENV x y\n",
    );
    let out = bin()
        .args(["parse", "--dump", "buildkit"])
        .arg(dir.join("Dockerfile"))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "(from \"alpine\" \"AS\" \"b\")\n(copy [\"--from=b\"] \"a\" \"b\")\n(env \"x\" \"y\" \"\")\n"
    );
    write(&dir, "Dockerfile", b"FROM a\nCMD [\"a\", [1]]\n");
    let out = bin()
        .args(["parse", "--dump", "buildkit"])
        .arg(dir.join("Dockerfile"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(":2:5:"),
        "error has line and column"
    );

    let out = bin().args(["rules", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "DL3025" && r["aliases"][0] == "JSONArgsRecommended"));
    let out = bin()
        .args(["explain", "JSONArgsRecommended"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("DL3025") && text.contains("Bad:") && text.contains("Good:"),
        "{text}"
    );
}

#[test]
fn check_flag_selects_build_checks() {
    let dir = scratch("check");
    write(
        &dir,
        "Dockerfile",
        b"FROM alpine:3.20 as Build\nCMD echo hi\n",
    );
    let run = |args: &[&str]| {
        let out = bin()
            .args(["lint", "--format", "json"])
            .args(args)
            .current_dir(&dir)
            .arg(".")
            .output()
            .unwrap();
        let v = json(&out);
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    let all = run(&[]);
    assert!(all.iter().any(|(r, _)| r == "StageNameCasing"));
    let skipped = run(&["--check", "skip=StageNameCasing,FromAsCasing;error=true"]);
    assert!(!skipped
        .iter()
        .any(|(r, _)| r == "StageNameCasing" || r == "FromAsCasing"));
    assert!(
        skipped.iter().any(|(r, s)| r == "DL3025" && s == "error"),
        "{skipped:?}"
    );
    let out = bin()
        .args(["lint", "--check", "nonsense"])
        .current_dir(&dir)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn hadolint_flags_and_config_file() {
    let dir = scratch("hadolint");
    write(&dir, "Dockerfile", b"FROM alpine:latest\nCMD echo hi\n");
    let rules = |args: &[&str]| {
        let out = bin()
            .args(["lint", "--format", "json"])
            .args(args)
            .current_dir(&dir)
            .arg(".")
            .output()
            .unwrap();
        let v = json(&out);
        let f: Vec<(String, String)> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        (out.status.code(), f)
    };
    let (_, f) = rules(&["--error", "DL3007", "--style", "JSONArgsRecommended"]);
    assert!(
        f.contains(&("DL3007".into(), "error".into()))
            && f.contains(&("DL3025".into(), "style".into())),
        "{f:?}"
    );
    let (code, _) = rules(&["--failure-threshold", "error"]);
    assert_eq!(code, Some(0));
    let (code, _) = rules(&["--no-fail"]);
    assert_eq!(code, Some(0));
    write(
        &dir,
        ".hadolint.yaml",
        b"failure-threshold: error\nignored: [DL3025]\n",
    );
    let (code, f) = rules(&[]);
    assert_eq!(code, Some(0), "threshold from the root .hadolint.yaml");
    assert!(!f.iter().any(|(r, _)| r == "DL3025"));
    let cfg = dir.join("other.yaml");
    std::fs::write(&cfg, "ignored: [DL3007]\n").unwrap();
    let (code, f) = rules(&["--config", cfg.to_str().unwrap()]);
    assert_eq!(code, Some(1), "--config replaces the workspace file");
    assert!(
        f.iter().any(|(r, _)| r == "DL3025") && !f.iter().any(|(r, _)| r == "DL3007"),
        "{f:?}"
    );
    std::fs::write(&cfg, "ignored: [DL3007\n").unwrap();
    let out = bin()
        .args(["lint", "--config", cfg.to_str().unwrap()])
        .current_dir(&dir)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("other.yaml:"),
        "config error names the file"
    );
}

/// A `.dclintrc` beside a compose project sets its dclint rules' levels and options, whether the
/// folder is linted or only the compose file is named; a broken one is reported at its line.
#[test]
fn dclint_config_file() {
    let dir = scratch("dclintrc");
    write(
        &dir,
        "deploy/compose.yaml",
        b"services:\n  web:\n    image: nginx:1.27\n    ports:\n      - '8080:80'\n  api:\n    image: api:edge\n",
    );
    let findings = |arg: &str| {
        let out = bin()
            .args(["lint", "--format", "json", arg])
            .current_dir(&dir)
            .output()
            .unwrap();
        let v = json(&out);
        let mut f: Vec<String> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {} {}",
                    f["aliases"][0].as_str().unwrap_or(""),
                    f["line"],
                    f["severity"].as_str().unwrap()
                )
            })
            .collect();
        f.sort();
        (v, f)
    };
    let (_, before) = findings("deploy/compose.yaml");
    assert!(
        before.contains(&"services-alphabetical-order 6 warning".to_string())
            && before.contains(&"service-image-require-explicit-tag 7 error".to_string())
            && !before
                .iter()
                .any(|f| f.starts_with("require-quotes-in-ports")),
        "{before:?}"
    );
    write(
        &dir,
        ".dclintrc",
        br#"{"rules": {"services-alphabetical-order": 0, "service-image-require-explicit-tag": 1, "require-quotes-in-ports": [1, {"quoteType": "double"}]}}"#,
    );
    for arg in ["deploy/compose.yaml", "."] {
        let (v, after) = findings(arg);
        assert!(
            !after
                .iter()
                .any(|f| f.starts_with("services-alphabetical-order"))
                && after.contains(&"service-image-require-explicit-tag 7 warning".to_string())
                && after.contains(&"require-quotes-in-ports 5 warning".to_string()),
            "{arg}: {after:?}"
        );
        assert!(v["errors"].as_array().unwrap().is_empty(), "{v}");
    }
    let (v, _) = findings(".");
    assert!(
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == ".dclintrc" && f["kind"] == "dclint-config"),
        "{v}"
    );
    // A compose file another includes gets its own nearest `.dclintrc` when only the including
    // one is named, as when the folder is linted.
    write(
        &dir,
        "lib/compose.yaml",
        b"services:\n  api2:\n    image: api:edge\n",
    );
    write(
        &dir,
        "lib/.dclintrc.yaml",
        b"rules:\n  service-image-require-explicit-tag: 0\n",
    );
    write(
        &dir,
        "app/compose.yaml",
        b"include:\n  - ../lib/compose.yaml\nservices:\n  zed:\n    image: z:1.0\n",
    );
    for arg in ["app/compose.yaml", "."] {
        let (v, _) = findings(arg);
        assert!(
            v["files"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["path"] == "lib/compose.yaml"),
            "{arg}: {v}"
        );
        let lib: Vec<&serde_json::Value> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["file"] == "lib/compose.yaml")
            .collect();
        assert!(
            !lib.is_empty()
                && !lib
                    .iter()
                    .any(|f| f["aliases"][0] == "service-image-require-explicit-tag"),
            "{arg}: {lib:?}"
        );
    }
    write(
        &dir,
        ".dclintrc",
        b"rules:\n  no-version-field: 0\n  no-versions: 1\n",
    );
    let (v, _) = findings("deploy/compose.yaml");
    let e = &v["errors"][0];
    assert_eq!(
        (e["file"].as_str(), e["line"].as_u64(), e["column"].as_u64()),
        (Some(".dclintrc"), Some(3), Some(3)),
        "{v}"
    );
}

#[test]
fn compose_wiring_with_oddly_named_dockerfiles() {
    let dir = scratch("compose");
    write(&dir, "compose.yaml", b"services:\n  api:\n    build:\n      context: .\n      dockerfile: build/api-image\n      target: prod\n");
    write(&dir, "build/api-image", b"FROM alpine:3.20 AS runtime\n");
    write(&dir, "Dockerfile", b"FROM alpine:3.20\n");
    let out = bin()
        .args(["lint", "--format", "json"])
        .current_dir(&dir)
        .arg(".")
        .output()
        .unwrap();
    let v = json(&out);
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        files.contains(&"build/api-image"),
        "referenced Dockerfile loaded: {files:?}"
    );
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"compose-target-missing"), "{rules:?}");
    assert!(!rules.contains(&"compose-dockerfile-missing"), "{rules:?}");
    assert!(
        rules.contains(&"compose-orphan-dockerfile"),
        "the root Dockerfile is built by nobody: {rules:?}"
    );
}

#[test]
fn share_prints_a_link_that_decodes_to_the_files() {
    let dir = scratch("share");
    write(&dir, "Dockerfile", b"FROM alpine:3.20\nCMD [\"sh\"]\n");
    write(&dir, "api/compose.yaml", b"services: {}\n");
    let out = bin()
        .args(["share", "--base-url", "https://play.example/"])
        .current_dir(&dir)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let link = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let frag = link
        .strip_prefix("https://play.example/#")
        .expect("link on the base url");
    let shared = shipshape_core::share::decode(frag).unwrap();
    let names: Vec<&str> = shared
        .workspace
        .files()
        .iter()
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(names, ["Dockerfile", "api/compose.yaml"]);
    assert_eq!(
        shared.workspace.get("Dockerfile").unwrap().text,
        "FROM alpine:3.20\nCMD [\"sh\"]\n"
    );
}

#[test]
fn fix_applies_safe_fixes_in_place_and_diff_changes_nothing() {
    let dir = scratch("fix");
    let original =
        b"FROM alpine:3.20\nMAINTAINER me\nADD app.py /app/\nCMD python app.py\nENV A 1\n";
    write(&dir, "Dockerfile", original);
    let out = bin()
        .args(["fix", "--diff"])
        .current_dir(&dir)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "there is something to fix");
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.contains("-MAINTAINER me") && diff.contains("+LABEL maintainer=\"me\""),
        "{diff}"
    );
    assert!(
        !diff.contains("+CMD [\"python\""),
        "unsafe fixes are not applied by default"
    );
    assert_eq!(
        std::fs::read(dir.join("Dockerfile")).unwrap(),
        original,
        "--diff writes nothing"
    );

    let out = bin()
        .args(["fix", "--rule", "DL3020"])
        .current_dir(&dir)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(dir.join("Dockerfile")).unwrap();
    assert!(
        text.contains("COPY app.py /app/") && text.contains("MAINTAINER me"),
        "only DL3020: {text}"
    );

    let out = bin()
        .args(["fix", "--unsafe"])
        .current_dir(&dir)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(dir.join("Dockerfile")).unwrap();
    assert_eq!(text, "FROM alpine:3.20\nLABEL maintainer=\"me\"\nCOPY app.py /app/\nCMD [\"python\", \"app.py\"]\nENV A=1\nUSER 65534:65534\n");
    let out = bin()
        .args(["fix", "--diff", "--unsafe"])
        .current_dir(&dir)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "idempotent: {}",
        String::from_utf8_lossy(&out.stdout)
    );

    write(&dir, "Dockerfile", original);
    let out = bin()
        .args(["lint", "--fix", "--format", "json"])
        .current_dir(&dir)
        .arg(".")
        .output()
        .unwrap();
    let v = json(&out);
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        !rules.contains(&"DL4000") && rules.contains(&"DL3025"),
        "lint --fix reports what is left: {rules:?}"
    );
}

#[test]
fn strict_preset_turns_on_rules_that_are_off_by_default() {
    let dir = scratch("preset");
    write(&dir, "Dockerfile", b"FROM alpine:3.20\nCMD [\"true\"]\n");
    let rules = |args: &[&str]| -> Vec<String> {
        let out = bin()
            .args(["lint", "--format", "json"])
            .args(args)
            .current_dir(&dir)
            .arg(".")
            .output()
            .unwrap();
        rule_ids(&json(&out))
    };
    assert!(!rules(&[]).contains(&"base-image-digest".to_string()));
    assert!(rules(&["--preset", "strict"]).contains(&"base-image-digest".to_string()));
    assert!(
        !rules(&["--preset", "strict", "--ignore", "base-image-digest"])
            .contains(&"base-image-digest".to_string())
    );
    let out = bin()
        .args(["lint", "--preset", "lenient"])
        .current_dir(&dir)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "unknown preset");
}

#[test]
fn other_tools_rule_names_select_our_rules() {
    let dir = scratch("tally-names");
    write(
        &dir,
        "Dockerfile",
        b"FROM alpine:3.20 AS old\nRUN true\nFROM alpine:3.20\nUSER 1000\nCMD [\"sh\"]\n",
    );
    let rules = |args: &[&str]| -> Vec<String> {
        let out = bin()
            .args(["lint", "--format", "json"])
            .args(args)
            .current_dir(&dir)
            .arg(".")
            .output()
            .unwrap();
        rule_ids(&json(&out))
    };
    assert!(rules(&[]).contains(&"unused-stage".to_string()));
    for name in ["tally/no-unreachable-stages", "no-unreachable-stages"] {
        assert!(
            !rules(&["--ignore", name]).contains(&"unused-stage".to_string()),
            "{name}"
        );
    }
    write(
        &dir,
        "Dockerfile",
        b"# tally ignore=tally/no-unreachable-stages\nFROM alpine:3.20 AS old\nRUN true\nFROM alpine:3.20\nUSER 1000\nCMD [\"sh\"]\n",
    );
    assert!(!rules(&[]).contains(&"unused-stage".to_string()));
}
