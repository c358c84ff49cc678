//! Cross-file rules: compose services checked against the Dockerfiles they build, and the project's
//! Dockerfiles checked against each other. Same metadata and docs as Dockerfile rules; examples are
//! a `compose.yaml` (`bad`/`good`) plus `files`, or a Dockerfile whose first line names its path
//! (`# api/Dockerfile`) plus its siblings in `files` (see [`RuleMeta::bad`]).

use crate::diagnostics::{Diagnostic, RuleMeta};
use crate::semantic::Analysis;

mod build_arg_undeclared;
mod consistency;
pub(crate) mod dclint_common;
mod dclint_fields;
mod dclint_order;
mod dclint_ports;
mod dclint_quotes;
mod dclint_services;
mod dockerfile_missing;
mod duplicate_key;
mod healthy_without_healthcheck;
mod inconsistent_base_images;
mod inconsistent_cache_mounts;
mod inconsistent_package_manager;
mod inconsistent_uids;
mod local_base_not_built;
mod orphan_dockerfile;
mod required_variable;
mod schema_rule;
mod target_missing;
mod undefined_service;

pub trait WorkspaceRule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// Findings as (workspace path of the file they are in, diagnostic).
    fn check(&self, a: &Analysis<'_>, out: &mut Vec<(String, Diagnostic)>);
}

static REGISTRY: &[&dyn WorkspaceRule] = &[
    &schema_rule::ComposeSchema,
    &duplicate_key::DuplicateKey,
    &required_variable::RequiredVariable,
    &dockerfile_missing::DockerfileMissing,
    &target_missing::TargetMissing,
    &build_arg_undeclared::BuildArgUndeclared,
    &healthy_without_healthcheck::HealthyWithoutHealthcheck,
    &undefined_service::UndefinedService,
    &orphan_dockerfile::OrphanDockerfile,
    &local_base_not_built::LocalBaseNotBuilt,
    // Consistency across the project's Dockerfiles.
    &inconsistent_base_images::InconsistentBaseImages,
    &inconsistent_uids::InconsistentUids,
    &inconsistent_cache_mounts::InconsistentCacheMounts,
    &inconsistent_package_manager::InconsistentPackageManager,
    // dclint's rules (aliases are dclint's names).
    &dclint_services::NoBuildAndImage,
    &dclint_services::NoDuplicateContainerNames,
    &dclint_ports::NoDuplicateExportedPorts,
    &dclint_quotes::NoQuotesInVolumes,
    &dclint_ports::NoUnboundPortInterfaces,
    &dclint_fields::NoVersionField,
    &dclint_fields::RequireProjectNameField,
    &dclint_quotes::RequireQuotesInPorts,
    &dclint_services::ServiceContainerNameRegex,
    &dclint_order::ServiceDependenciesAlphabeticalOrder,
    &dclint_services::ServiceImageRequireExplicitTag,
    &dclint_order::ServiceKeysOrder,
    &dclint_order::ServicePortsAlphabeticalOrder,
    &dclint_order::ServicesAlphabeticalOrder,
    &dclint_order::TopLevelPropertiesOrder,
];

pub fn registry() -> &'static [&'static dyn WorkspaceRule] {
    REGISTRY
}
