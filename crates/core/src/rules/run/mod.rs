//! Rules over RUN scripts other than package managers: shell hygiene, downloads, users, and the
//! ShellCheck checks hadolint reports.

use super::Rule;

pub(super) mod common;
mod dl3001;
mod dl3003;
mod dl3004;
mod dl3010;
mod dl3046;
mod dl3047;
mod dl4001;
mod dl4005;
mod dl4006;
mod no_user;
mod sc;
mod shellcheck;

/// The rules of this family, in registry order.
pub(super) static RULES: &[&dyn Rule] = &[
    &dl3001::Dl3001,
    &dl3003::Dl3003,
    &dl3004::Dl3004,
    &dl3010::Dl3010,
    &dl3046::Dl3046,
    &dl3047::Dl3047,
    &dl4001::Dl4001,
    &dl4005::Dl4005,
    &dl4006::Dl4006,
    &no_user::NoUser,
    &shellcheck::Sc2086,
    &shellcheck::Sc2046,
    &shellcheck::Sc2155,
    &shellcheck::Sc2251,
    &shellcheck::Sc2043,
    &shellcheck::Sc2028,
    &shellcheck::Sc2016,
    &shellcheck::Sc2102,
    &shellcheck::Sc3040,
    &shellcheck::Sc2005,
    &shellcheck::Sc2268,
];
