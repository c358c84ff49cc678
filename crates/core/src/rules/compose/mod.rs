//! Cross-file rules: compose services checked against the Dockerfiles they build, and the project's
//! Dockerfiles checked against each other. Same metadata and docs as Dockerfile rules; examples are
//! a `compose.yaml` (`bad`/`good`) plus `files`, or a Dockerfile whose first line names its path
//! (`# api/Dockerfile`) plus its siblings in `files` (see [`RuleMeta::bad`]).

use crate::diagnostics::{Diagnostic, RuleMeta};
use crate::semantic::Analysis;

pub(super) mod build_arg_undeclared;
pub(super) mod consistency;
pub(crate) mod dclint_common;
pub(super) mod dclint_fields;
pub(super) mod dclint_order;
pub(super) mod dclint_ports;
pub(super) mod dclint_quotes;
pub(super) mod dclint_services;
pub(super) mod dockerfile_missing;
pub(super) mod duplicate_key;
pub(super) mod healthy_without_healthcheck;
pub(super) mod inconsistent_base_images;
pub(super) mod inconsistent_cache_mounts;
pub(super) mod inconsistent_package_manager;
pub(super) mod inconsistent_uids;
pub(super) mod local_base_not_built;
pub(super) mod orphan_dockerfile;
pub(super) mod required_variable;
pub(super) mod schema_rule;
pub(super) mod target_missing;
pub(super) mod undefined_service;

pub trait WorkspaceRule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// Findings as (workspace path of the file they are in, diagnostic).
    fn check(&self, a: &Analysis<'_>, out: &mut Vec<(String, Diagnostic)>);
    /// The implementing type's path, which says where the rule lives.
    fn type_name(&self) -> &'static str {
        std::any::type_name::<Self>()
    }
}
