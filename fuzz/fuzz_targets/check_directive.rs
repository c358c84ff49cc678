//! BuildKit's `# check=` directive: the options parser, and a Dockerfile carrying the directive
//! (errors at the directive, every build check obeying it).
#![no_main]
use libfuzzer_sys::fuzz_target;
use shipshape_core::check_directive::CheckOptions;
use shipshape_core::{Config, Workspace};

fuzz_target!(|data: &[u8]| {
    let text = shipshape_fuzz::text(data);
    let parsed = CheckOptions::parse(&text);
    if let Err(msg) = &parsed {
        assert!(!msg.is_empty());
    }
    // As the directive of a file (one line: a newline ends a directive).
    let line = text.lines().next().unwrap_or("");
    let df = format!(
        "# check={line}\nFROM Alpine As Build\nmaintainer me\nENV A 1\nARG PASSWORD\nCMD echo $B\nFROM build\n"
    );
    let mut ws = Workspace::new();
    ws.add("Dockerfile", df);
    shipshape_fuzz::lint_checked(&ws, &Config::default(), 0);
    // And as the configuration's check string (the CLI's `--check`).
    let config = Config {
        check: Some(text),
        ..Config::default()
    };
    shipshape_fuzz::lint_checked(&ws, &config, 0);
});
