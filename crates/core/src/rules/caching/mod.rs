//! Stage-aware build rules for what real-world Dockerfile audits flag and linters do not: cache
//! mounts, layer order, build tools in the shipped stage, native (cgo) builds.
//!
//! "Stage-aware": image-size advice applies only to the stages that ship (the last stage, or the
//! compose `target`s, and the local stages they build on: [`Context::is_shipped`]); build stages are
//! judged on caching and correctness.
//!
//! [`Context::is_shipped`]: super::Context::is_shipped

pub(super) mod build_tools_in_final_stage;
pub(super) mod cache_dirs;
pub(super) mod cache_mount_mismatch;
pub(super) mod cgo_runtime_lib_missing;
pub(super) mod common;
pub(super) mod copy_docs_before_deps;
pub(super) mod prefer_cache_mount;
