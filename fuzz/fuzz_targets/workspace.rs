//! Several files from one input (a line `=== PATH` starts a file): Dockerfiles, compose files,
//! `.dockerignore`, `.hadolint.yaml`, `.env` together, with the cross-file rules.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let selector = data.first().copied().unwrap_or(0);
    let ws = shipshape_fuzz::split_workspace(&shipshape_fuzz::text(data));
    shipshape_fuzz::lint_checked(&ws, &shipshape_fuzz::config(selector), selector);
});
