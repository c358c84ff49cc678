//! One Dockerfile: the parse is lossless, the lint keeps the report's invariants.
#![no_main]
use libfuzzer_sys::fuzz_target;
use shipshape_core::{dockerfile, Workspace};

fuzz_target!(|data: &[u8]| {
    let selector = data.first().copied().unwrap_or(0);
    let text = shipshape_fuzz::text(data);
    let df = dockerfile::parse(&text);
    assert_eq!(df.reconstruct(&text), text, "the parse is lossless");
    let mut ws = Workspace::new();
    ws.add("Dockerfile", text);
    shipshape_fuzz::lint_checked(&ws, &shipshape_fuzz::config(selector), selector);
});
