//! One compose file (with a Dockerfile it may build), linted: the YAML reader, the compose model,
//! the schema and the compose rules keep the report's invariants.
#![no_main]
use libfuzzer_sys::fuzz_target;
use shipshape_core::Workspace;

fuzz_target!(|data: &[u8]| {
    let selector = data.first().copied().unwrap_or(0);
    let text = shipshape_fuzz::text(data);
    let mut ws = Workspace::new();
    ws.add("compose.yaml", text);
    if selector & 0x80 != 0 {
        ws.add(
            "Dockerfile",
            "FROM alpine:3.20 AS build\nFROM build\nUSER 1000\n",
        );
    }
    shipshape_fuzz::lint_checked(&ws, &shipshape_fuzz::config(selector), selector);
});
