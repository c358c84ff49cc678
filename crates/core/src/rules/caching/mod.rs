//! Stage-aware build rules for what real-world Dockerfile audits flag and linters do not: cache
//! mounts, layer order, build tools in the shipped stage, native (cgo) builds.
//!
//! "Stage-aware": image-size advice applies only to the stages that ship (the last stage, or the
//! compose `target`s, and the local stages they build on: [`Context::is_shipped`]); build stages are
//! judged on caching and correctness.
//!
//! [`Context::is_shipped`]: super::Context::is_shipped

use super::Rule;

mod build_tools_in_final_stage;
mod cache_dirs;
mod cache_mount_mismatch;
mod cgo_runtime_lib_missing;
mod common;
mod copy_docs_before_deps;
mod prefer_cache_mount;

/// The rules of this family, in registry order.
pub(super) static RULES: &[&dyn Rule] = &[
    &cache_mount_mismatch::CacheMountMismatch,
    &prefer_cache_mount::PreferCacheMount,
    &build_tools_in_final_stage::BuildToolsInFinalStage,
    &copy_docs_before_deps::CopyDocsBeforeDeps,
    &cgo_runtime_lib_missing::CgoRuntimeLibMissing,
];
