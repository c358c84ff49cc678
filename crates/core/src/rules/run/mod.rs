//! Rules over RUN scripts other than package managers: shell hygiene, downloads, users, and the
//! ShellCheck checks hadolint reports.

pub(super) mod archive_copied_then_extracted;
pub(super) mod cd_instead_of_workdir;
pub(super) mod common;
pub(super) mod ln_bin_sh;
pub(super) mod no_user;
pub(super) mod pipe_without_pipefail;
pub(super) mod pointless_command;
pub(super) mod sc;
pub(super) mod shellcheck;
pub(super) mod sudo;
pub(super) mod useradd_high_uid;
pub(super) mod wget_and_curl;
pub(super) mod wget_without_progress;
pub(super) mod world_writable;
