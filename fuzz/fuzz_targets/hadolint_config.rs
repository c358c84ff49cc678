//! `.hadolint.yaml` reading: a setting error points inside the file; a configuration that reads
//! is then used for a lint with the file in the workspace.
#![no_main]
use libfuzzer_sys::fuzz_target;
use shipshape_core::{Config, Workspace};

fuzz_target!(|data: &[u8]| {
    let text = shipshape_fuzz::text(data);
    match Config::from_hadolint_yaml(&text) {
        Ok(settings) => {
            let _ = Config::default().layered_over(&settings.config);
        }
        Err(e) => {
            assert!(
                e.span.start <= e.span.end && e.span.end <= text.len(),
                "{e:?}"
            );
            assert!(text.is_char_boundary(e.span.start), "{e:?}");
            assert!(!e.message.is_empty());
        }
    }
    let mut ws = Workspace::new();
    ws.add(".hadolint.yaml", text);
    ws.add(
        "Dockerfile",
        "FROM ubuntu\nRUN apt-get install curl\nLABEL version=x\nUSER root\n",
    );
    shipshape_fuzz::lint_checked(&ws, &Config::default(), 0);
});
