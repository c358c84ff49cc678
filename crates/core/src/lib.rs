//! shipshape-core: parse Dockerfiles (and later compose files), run the audit rules, and return findings with fixes.
//!
//! Data flows one way: text -> parse (lossless, spans) -> model -> rules -> findings (+ fixes).
//! The web app and the CLI use only this crate's public API: [`lint`], [`Report`], [`Finding`],
//! [`fix::apply_edits`], [`rules::registry`] and the dump helpers.

// Without the `docs` feature the macros that only build documentation text (shared paragraphs of
// a rule family's `why`) expand nowhere.
#![cfg_attr(not(feature = "docs"), allow(unused_macros))]

pub mod check_directive;
pub mod compose;
pub mod config;
// First among the modules that use its macros (`rule_meta!`), which are in scope after it.
#[macro_use]
pub mod diagnostics;
pub mod diff;
pub mod dockerfile;
pub mod dockerignore;
pub mod fix;
pub mod highlight;
pub mod lint;
pub mod par;
pub mod pragma;
pub mod report;
pub mod rules;
pub mod semantic;
pub mod share;
pub mod shell;
pub mod sort;
pub mod source;
pub mod workspace;
pub mod yaml;

pub use config::Config;
pub use fix::{Applicability, Fix};
pub use lint::{lint, FileError, FileSummary, Finding, Report};
pub use rules::{Category, RuleMeta, Severity};
pub use source::{LineCol, LineIndex, Span, TextEdit};
pub use workspace::{File, FileKind, Workspace};

/// This crate's folder for the unit tests that read the repository's files, from the environment
/// cargo runs them in rather than the path baked in at build time: a test binary that cargo reuses
/// from a build of another checkout (a shared target dir) then reads this checkout's files.
#[cfg(test)]
pub(crate) fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}
