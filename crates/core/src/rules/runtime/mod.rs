//! Audit rules about what the image does at run time and how RUN scripts behave, as real-world
//! Dockerfile audits check them: users and groups, healthchecks, file ownership, downloads and
//! retry loops.

pub(super) mod common;
pub(super) mod last_user_root;
pub(crate) use common::account_operands;
pub(super) mod copy_chown_separate_layer;
pub(super) mod download_without_retry;
pub(super) mod healthcheck_process_only;
pub(super) mod no_healthcheck;
pub(super) mod numeric_user;
pub(super) mod retry_loop_hides_failure;
pub(super) mod useradd_missing_group;
