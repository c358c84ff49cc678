//! Audit rules about what the image does at run time and how RUN scripts behave, as real-world
//! Dockerfile audits check them: users and groups, healthchecks, file ownership, downloads and
//! retry loops.

use super::Rule;

mod common;
pub(crate) use common::account_operands;
mod copy_chown_separate_layer;
mod download_without_retry;
mod healthcheck_process_only;
mod no_healthcheck;
mod numeric_user;
mod retry_loop_hides_failure;
mod useradd_missing_group;

/// The rules of this family, in registry order.
pub(super) static RULES: &[&dyn Rule] = &[
    &healthcheck_process_only::HealthcheckProcessOnly,
    &no_healthcheck::NoHealthcheck,
    &useradd_missing_group::UseraddMissingGroup,
    &numeric_user::NumericUser,
    &copy_chown_separate_layer::CopyChownSeparateLayer,
    &retry_loop_hides_failure::RetryLoopHidesFailure,
    &download_without_retry::DownloadWithoutRetry,
];
