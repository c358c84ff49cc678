//! Cross-file rules: compose services checked against the Dockerfiles they build, and the project's
//! Dockerfiles checked against each other. Same metadata and docs as Dockerfile rules; examples are
//! a `compose.yaml` (`bad`/`good`) plus `files`, or a Dockerfile whose first line names its path
//! (`# api/Dockerfile`) plus its siblings in `files` (see [`RuleMeta::bad`]).

use crate::diagnostics::{Diagnostic, RuleMeta};
use crate::semantic::Analysis;

pub(super) mod build_and_image;
pub(super) mod build_arg_undeclared;
pub(super) mod consistency;
pub(crate) mod dclint_common;
pub(super) mod depends_on_alphabetical_order;
pub(super) mod dockerfile_missing;
pub(super) mod duplicate_container_names;
pub(super) mod duplicate_exported_ports;
pub(super) mod duplicate_key;
pub(super) mod healthy_without_healthcheck;
pub(super) mod image_without_explicit_tag;
pub(super) mod inconsistent_base_images;
pub(super) mod inconsistent_cache_mounts;
pub(super) mod inconsistent_package_manager;
pub(super) mod inconsistent_uids;
pub(super) mod invalid_container_name;
pub(super) mod local_base_not_built;
pub(super) mod missing_project_name;
pub(super) mod obsolete_version_field;
pub(super) mod orphan_dockerfile;
pub(super) mod ports_alphabetical_order;
pub(super) mod quoted_volumes;
pub(super) mod required_variable;
pub(super) mod schema_rule;
pub(super) mod service_keys_order;
pub(super) mod services_alphabetical_order;
pub(super) mod target_missing;
pub(super) mod top_level_keys_order;
pub(super) mod unbound_port_interfaces;
pub(super) mod undefined_service;
pub(super) mod unquoted_ports;

/// What a workspace rule reads: the workspace's [`Analysis`] (through `Deref`), and the facts the
/// consistency rules share ([`consistency::Doc`] per Dockerfile), built on first use and then
/// once per lint however many rules ask.
pub struct WorkspaceCx<'a, 'w> {
    analysis: &'a Analysis<'w>,
    docs: std::cell::OnceCell<Vec<consistency::Doc<'a>>>,
}

impl<'a, 'w> WorkspaceCx<'a, 'w> {
    pub fn new(analysis: &'a Analysis<'w>) -> Self {
        WorkspaceCx {
            analysis,
            docs: std::cell::OnceCell::new(),
        }
    }

    /// The Dockerfiles the consistency rules compare ([`consistency::docs`]).
    fn docs(&self) -> &[consistency::Doc<'a>] {
        self.docs.get_or_init(|| consistency::docs(self.analysis))
    }
}

impl<'w> std::ops::Deref for WorkspaceCx<'_, 'w> {
    type Target = Analysis<'w>;
    fn deref(&self) -> &Analysis<'w> {
        self.analysis
    }
}

pub trait WorkspaceRule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// Findings as (workspace path of the file they are in, diagnostic).
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>);
    /// The implementing type's path, which says where the rule lives.
    ///
    /// Part of a rule's documentation: empty without the `docs` feature (the page, which never
    /// asks, would otherwise carry every rule's path).
    fn type_name(&self) -> &'static str {
        if cfg!(feature = "docs") {
            std::any::type_name::<Self>()
        } else {
            ""
        }
    }
}
