//! Cross-file rules: compose services checked against the Dockerfiles they build, and the project's
//! Dockerfiles checked against each other. Same metadata and docs as Dockerfile rules; examples are
//! a `compose.yaml` (`bad`/`good`) plus `files`, or a Dockerfile whose first line names its path
//! (`# api/Dockerfile`) plus its siblings in `files` (see [`RuleMeta::bad`]).

use crate::config::dclint::{ComposeOptions, DclintFiles, DclintSettings};
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
/// consistency rules share ([`consistency::Compared`] per Dockerfile): given by the pipeline, which
/// builds each file's while its RUN analyses exist ([`file_doc`]), or else built on first use
/// and then once per lint however many rules ask.
pub struct WorkspaceCx<'a, 'w> {
    analysis: &'a Analysis<'w>,
    docs: std::cell::OnceCell<Vec<consistency::Compared<'a>>>,
    /// The dclint settings that apply to each compose file (its nearest `.dclintrc`).
    dclint: DclintFiles,
}

/// dclint's defaults, for compose files no `.dclintrc` applies to.
static DCLINT_DEFAULTS: ComposeOptions = ComposeOptions::DEFAULT;

/// One Dockerfile as the consistency rules compare it (none for a file they leave out), built
/// by [`file_doc`].
pub struct FileDoc<'a>(Option<consistency::Compared<'a>>);

/// What of a [`FileDoc`] outlives its lint, for a lint that reuses the file's (`lint::Reuse`).
pub struct KeptDoc(Option<consistency::Kept>);

impl FileDoc<'_> {
    /// What of it a reused lint keeps.
    pub fn keep(&self) -> KeptDoc {
        KeptDoc(self.0.as_ref().map(consistency::Compared::keep))
    }
}

/// Dockerfile `index` of the analysis as it was compared when `kept` was made from the same text
/// and the same compose files.
pub fn kept_doc<'a>(analysis: &'a Analysis<'_>, index: usize, kept: &KeptDoc) -> FileDoc<'a> {
    let file = analysis.dockerfiles[index];
    FileDoc(
        kept.0
            .as_ref()
            .map(|k| k.compared(file.path.as_str(), file.text.as_str())),
    )
}

/// Dockerfile `index` of the analysis as the consistency rules compare it, with what they read
/// of it, taken from the lint's own `model`, `vars` and `runs` (the file's RUN collection,
/// `semantic::runs`): the pipeline calls it right after the file's own rules, so the file's RUN
/// analyses can be let go then.
pub fn file_doc<'a>(
    analysis: &'a Analysis<'_>,
    index: usize,
    model: &crate::dockerfile::model::Model<'_>,
    vars: &crate::semantic::vars::Vars,
    runs: &[crate::semantic::runs::RunSite<'_>],
) -> FileDoc<'a> {
    FileDoc(doc_of(analysis, index, model, vars, runs))
}

fn doc_of<'a>(
    analysis: &'a Analysis<'_>,
    index: usize,
    model: &crate::dockerfile::model::Model<'_>,
    vars: &crate::semantic::vars::Vars,
    runs: &[crate::semantic::runs::RunSite<'_>],
) -> Option<consistency::Compared<'a>> {
    let doc = consistency::doc_base(analysis, index, model, vars)?;
    let users = inconsistent_uids::created(&doc, runs);
    let facts = consistency::Facts {
        bases: inconsistent_base_images::bases(&doc),
        runtime: inconsistent_uids::runtime(&doc, &users),
        users,
        caches: inconsistent_cache_mounts::cache_uses(&doc, runs),
        installs: inconsistent_package_manager::installs(&doc, runs),
    };
    Some(doc.compared(facts))
}

/// Whether a rule that reads the consistency docs is on: the pipeline then builds them per file.
pub fn docs_wanted(config: &crate::config::Config) -> bool {
    crate::rules::registry::workspace_rules()
        .any(|r| r.reads_docs() && config.severity_for(r.meta()).is_some())
}

impl<'a, 'w> WorkspaceCx<'a, 'w> {
    pub fn new(analysis: &'a Analysis<'w>) -> Self {
        WorkspaceCx {
            analysis,
            docs: std::cell::OnceCell::new(),
            dclint: Default::default(),
        }
    }

    /// This context with the dclint settings of the compose files a `.dclintrc` applies to.
    pub fn with_dclint(mut self, dclint: DclintFiles) -> Self {
        self.dclint = dclint;
        self
    }

    /// The dclint settings that apply to the compose file at `path`, if a `.dclintrc` does.
    pub fn dclint(&self, path: &str) -> Option<&DclintSettings> {
        self.dclint.get(path)
    }

    /// The options of dclint's rules for the compose file at `path` (dclint's defaults when no
    /// `.dclintrc` applies).
    pub fn compose_options(&self, path: &str) -> &ComposeOptions {
        self.dclint(path).map_or(&DCLINT_DEFAULTS, |s| &s.options)
    }

    /// A context whose consistency docs are those the pipeline built per file ([`file_doc`], in
    /// the analysis's Dockerfile order).
    pub fn with_docs(analysis: &'a Analysis<'w>, docs: Vec<FileDoc<'a>>) -> Self {
        WorkspaceCx {
            analysis,
            docs: std::cell::OnceCell::from(
                docs.into_iter().filter_map(|d| d.0).collect::<Vec<_>>(),
            ),
            dclint: Default::default(),
        }
    }

    /// The Dockerfiles the consistency rules compare, in workspace order; built here (from the
    /// file's RUN memo, or analysing its RUNs again) when the pipeline gave none.
    fn docs(&self) -> &[consistency::Compared<'a>] {
        self.docs.get_or_init(|| {
            let a = self.analysis;
            (0..a.dockerfiles.len())
                .filter_map(|i| {
                    let file = a.dockerfiles[i];
                    if consistency::is_fixture_path(&file.path) {
                        return None;
                    }
                    let df = crate::dockerfile::parse(&file.text);
                    let model = crate::dockerfile::model::Model::build(&df);
                    let vars = crate::semantic::vars::Vars::build(&model);
                    let shell = crate::pragma::collect(&df, &file.text).shell;
                    let memo = &a.run_scripts[i];
                    let runs = crate::semantic::runs::collect(
                        &df,
                        &model,
                        &file.text,
                        memo,
                        shell.as_deref(),
                    );
                    doc_of(a, i, &model, &vars, &runs)
                })
                .collect()
        })
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
    /// Whether `check` compares the workspace's Dockerfiles (reads [`consistency::Compared`] docs).
    fn reads_docs(&self) -> bool {
        false
    }
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
