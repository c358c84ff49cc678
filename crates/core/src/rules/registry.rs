//! The one list of rules: every rule, Dockerfile and workspace (compose and cross-file) alike, in
//! the order `shipshape rules` shows them. Adding a rule is one file in a topic folder plus one
//! line here; ids and aliases come from each rule's `RuleMeta`.

use super::compose::WorkspaceRule;
use super::Rule;
use super::{
    caching, compose, copy, from, metadata, packages, run, runtime, structure, syntax, variables,
};
use crate::diagnostics::RuleMeta;

/// A rule and what it reads: one Dockerfile (with the analysis around it), or the whole workspace.
#[derive(Clone, Copy)]
pub enum Check {
    Dockerfile(&'static dyn Rule),
    Workspace(&'static dyn WorkspaceRule),
}

impl Check {
    pub fn meta(&self) -> &'static RuleMeta {
        match self {
            Check::Dockerfile(r) => r.meta(),
            Check::Workspace(r) => r.meta(),
        }
    }
}

static RULES: &[Check] = &[
    Check::Dockerfile(&structure::relative_workdir::Dl3000),
    Check::Dockerfile(&runtime::last_user_root::Dl3002),
    Check::Dockerfile(&from::untagged_image::Dl3006),
    Check::Dockerfile(&from::latest_tag::Dl3007),
    Check::Dockerfile(&copy::add_instead_of_copy::Dl3020),
    Check::Dockerfile(&copy::from_unknown::Dl3022),
    Check::Dockerfile(&structure::duplicate_stage_name::Dl3024),
    Check::Dockerfile(&syntax::json_args_recommended::Dl3025),
    Check::Dockerfile(&metadata::maintainer_deprecated::Dl4000),
    Check::Dockerfile(&from::undefined_arg::UndefinedArgInFrom),
    Check::Dockerfile(&syntax::consistent_instruction_casing::ConsistentInstructionCasing),
    Check::Dockerfile(&copy::ignored_file::CopyIgnoredFile),
    Check::Dockerfile(&structure::reserved_stage_name::Dl3063),
    Check::Dockerfile(&from::redundant_target_platform::Dl3065),
    Check::Dockerfile(&syntax::multiple_instructions::DL3012),
    Check::Dockerfile(&syntax::multiple_instructions::DL4003),
    Check::Dockerfile(&syntax::multiple_instructions::DL4004),
    Check::Dockerfile(&metadata::expose_invalid_format::ExposeInvalidFormat),
    Check::Dockerfile(&metadata::expose_proto_casing::ExposeProtoCasing),
    Check::Dockerfile(&from::as_casing::FromAsCasing),
    Check::Dockerfile(&from::platform_flag_const::FromPlatformFlagConstDisallowed),
    Check::Dockerfile(&from::invalid_default_arg::InvalidDefaultArgInFrom),
    Check::Dockerfile(&syntax::invalid_definition_description::InvalidDefinitionDescription),
    Check::Dockerfile(&syntax::legacy_key_value_format::LegacyKeyValueFormat),
    Check::Dockerfile(&syntax::no_empty_continuation::NoEmptyContinuation),
    Check::Dockerfile(&variables::secrets_in_arg_or_env::SecretsUsedInArgOrEnv),
    Check::Dockerfile(&variables::credentials_in_url::CredentialsInUrl),
    Check::Dockerfile(&structure::stage_name_casing::StageNameCasing),
    Check::Dockerfile(&variables::undefined_var::UndefinedVar),
    Check::Dockerfile(&syntax::inline_ignore_pragma::Dl1001),
    Check::Dockerfile(&syntax::pragma_unknown_rule::PragmaUnknownRule),
    Check::Dockerfile(&metadata::expose_port_out_of_range::Dl3011),
    Check::Dockerfile(&copy::several_sources_need_dir_dest::Dl3021),
    Check::Dockerfile(&copy::from_own_stage::Dl3023),
    Check::Dockerfile(&from::untrusted_registry::Dl3026),
    Check::Dockerfile(&from::platform_flag::Dl3029),
    Check::Dockerfile(&syntax::onbuild_invalid_trigger::Dl3043),
    Check::Dockerfile(&variables::env_self_reference::Dl3044),
    Check::Dockerfile(&copy::relative_dest_without_workdir::Dl3045),
    Check::Dockerfile(&metadata::label_key_format::Dl3048),
    Check::Dockerfile(&metadata::required_label_missing::Dl3049),
    Check::Dockerfile(&metadata::label_not_in_schema::Dl3050),
    Check::Dockerfile(&metadata::schema_label_empty::Dl3051),
    Check::Dockerfile(&metadata::label_not_url::DL3052),
    Check::Dockerfile(&metadata::label_not_rfc3339::DL3053),
    Check::Dockerfile(&metadata::label_not_spdx::DL3054),
    Check::Dockerfile(&metadata::label_not_git_hash::DL3055),
    Check::Dockerfile(&metadata::label_not_semver::DL3056),
    Check::Dockerfile(&metadata::label_not_email::DL3058),
    Check::Dockerfile(&syntax::consecutive_runs::Dl3059),
    Check::Dockerfile(&structure::instruction_before_from::Dl3061),
    Check::Dockerfile(&copy::whole_filesystem_from_stage::Dl3067),
    Check::Dockerfile(&packages::apt_install_unpinned::Dl3008),
    Check::Dockerfile(&packages::apt_lists_left_behind::Dl3009),
    Check::Dockerfile(&packages::pip_install_unpinned::Dl3013),
    Check::Dockerfile(&packages::apt_install_without_yes::Dl3014),
    Check::Dockerfile(&packages::apt_install_without_no_install_recommends::Dl3015),
    Check::Dockerfile(&packages::npm_install_unpinned::Dl3016),
    Check::Dockerfile(&packages::apk_add_unpinned::Dl3018),
    Check::Dockerfile(&packages::apk_add_without_no_cache::Dl3019),
    Check::Dockerfile(&packages::apt_instead_of_apt_get::Dl3027),
    Check::Dockerfile(&packages::gem_install_unpinned::Dl3028),
    Check::Dockerfile(&packages::yum_install_without_yes::Dl3030),
    Check::Dockerfile(&packages::yum_without_clean_all::Dl3032),
    Check::Dockerfile(&packages::yum_install_unpinned::Dl3033),
    Check::Dockerfile(&packages::zypper_without_non_interactive::Dl3034),
    Check::Dockerfile(&packages::zypper_dist_upgrade::Dl3035),
    Check::Dockerfile(&packages::zypper_without_clean::Dl3036),
    Check::Dockerfile(&packages::zypper_install_unpinned::Dl3037),
    Check::Dockerfile(&packages::dnf_install_without_yes::Dl3038),
    Check::Dockerfile(&packages::dnf_without_clean_all::Dl3040),
    Check::Dockerfile(&packages::dnf_install_unpinned::Dl3041),
    Check::Dockerfile(&packages::pip_install_without_no_cache_dir::Dl3042),
    Check::Dockerfile(&packages::yarn_without_cache_clean::Dl3060),
    Check::Dockerfile(&packages::go_install_unversioned::Dl3062),
    Check::Dockerfile(&run::pointless_command::Dl3001),
    Check::Dockerfile(&run::cd_instead_of_workdir::Dl3003),
    Check::Dockerfile(&run::sudo::Dl3004),
    Check::Dockerfile(&run::archive_copied_then_extracted::Dl3010),
    Check::Dockerfile(&run::useradd_high_uid::Dl3046),
    Check::Dockerfile(&run::wget_without_progress::Dl3047),
    Check::Dockerfile(&run::wget_and_curl::Dl4001),
    Check::Dockerfile(&run::ln_bin_sh::Dl4005),
    Check::Dockerfile(&run::pipe_without_pipefail::Dl4006),
    Check::Dockerfile(&run::no_user::NoUser),
    Check::Dockerfile(&run::world_writable::WorldWritable),
    Check::Dockerfile(&run::shellcheck::Sc2086),
    Check::Dockerfile(&run::shellcheck::Sc2046),
    Check::Dockerfile(&run::shellcheck::Sc2155),
    Check::Dockerfile(&run::shellcheck::Sc2251),
    Check::Dockerfile(&run::shellcheck::Sc2043),
    Check::Dockerfile(&run::shellcheck::Sc2028),
    Check::Dockerfile(&run::shellcheck::Sc2016),
    Check::Dockerfile(&run::shellcheck::Sc2102),
    Check::Dockerfile(&run::shellcheck::Sc3040),
    Check::Dockerfile(&run::shellcheck::Sc2005),
    Check::Dockerfile(&run::shellcheck::Sc2268),
    Check::Dockerfile(&run::shellcheck::Sc1007),
    Check::Dockerfile(&run::shellcheck::Sc2021),
    Check::Dockerfile(&run::shellcheck::Sc2185),
    Check::Dockerfile(&run::shellcheck::Sc2196),
    Check::Dockerfile(&run::shellcheck::Sc3037),
    Check::Dockerfile(&run::shellcheck::Sc3046),
    Check::Dockerfile(&run::shellcheck::Sc3028),
    Check::Dockerfile(&run::shellcheck::Sc2154),
    Check::Dockerfile(&run::shellcheck::Sc2153),
    Check::Dockerfile(&run::shellcheck::Sc3036),
    Check::Dockerfile(&caching::cache_mount_mismatch::CacheMountMismatch),
    Check::Dockerfile(&caching::prefer_cache_mount::PreferCacheMount),
    Check::Dockerfile(&caching::build_tools_in_final_stage::BuildToolsInFinalStage),
    Check::Dockerfile(&caching::copy_docs_before_deps::CopyDocsBeforeDeps),
    Check::Dockerfile(&caching::cgo_runtime_lib_missing::CgoRuntimeLibMissing),
    Check::Dockerfile(&runtime::healthcheck_process_only::HealthcheckProcessOnly),
    Check::Dockerfile(&runtime::no_healthcheck::NoHealthcheck),
    Check::Dockerfile(&runtime::useradd_missing_group::UseraddMissingGroup),
    Check::Dockerfile(&runtime::numeric_user::NumericUser),
    Check::Dockerfile(&runtime::copy_chown_separate_layer::CopyChownSeparateLayer),
    Check::Dockerfile(&runtime::retry_loop_hides_failure::RetryLoopHidesFailure),
    Check::Dockerfile(&runtime::download_without_retry::DownloadWithoutRetry),
    Check::Dockerfile(&structure::syntax_directive::SyntaxDirectiveUnpinned),
    Check::Dockerfile(&structure::base_image_digest::BaseImageDigest),
    Check::Dockerfile(&structure::arg_scope::ArgScope),
    Check::Dockerfile(&structure::unused_stage::UnusedStage),
    Check::Dockerfile(&structure::todo_comment::TodoComment),
    Check::Dockerfile(&structure::prefer_copy_link::PreferCopyLink),
    Check::Workspace(&compose::schema_rule::ComposeSchema),
    Check::Workspace(&compose::duplicate_key::DuplicateKey),
    Check::Workspace(&compose::required_variable::RequiredVariable),
    Check::Workspace(&compose::dockerfile_missing::DockerfileMissing),
    Check::Workspace(&compose::target_missing::TargetMissing),
    Check::Workspace(&compose::build_arg_undeclared::BuildArgUndeclared),
    Check::Workspace(&compose::healthy_without_healthcheck::HealthyWithoutHealthcheck),
    Check::Workspace(&compose::undefined_service::UndefinedService),
    Check::Workspace(&compose::orphan_dockerfile::OrphanDockerfile),
    Check::Workspace(&compose::local_base_not_built::LocalBaseNotBuilt),
    // Consistency across the project's Dockerfiles.
    Check::Workspace(&compose::inconsistent_base_images::InconsistentBaseImages),
    Check::Workspace(&compose::inconsistent_uids::InconsistentUids),
    Check::Workspace(&compose::inconsistent_cache_mounts::InconsistentCacheMounts),
    Check::Workspace(&compose::inconsistent_package_manager::InconsistentPackageManager),
    // dclint's rules (aliases are dclint's names).
    Check::Workspace(&compose::build_and_image::NoBuildAndImage),
    Check::Workspace(&compose::duplicate_container_names::NoDuplicateContainerNames),
    Check::Workspace(&compose::duplicate_exported_ports::NoDuplicateExportedPorts),
    Check::Workspace(&compose::quoted_volumes::NoQuotesInVolumes),
    Check::Workspace(&compose::unbound_port_interfaces::NoUnboundPortInterfaces),
    Check::Workspace(&compose::obsolete_version_field::NoVersionField),
    Check::Workspace(&compose::missing_project_name::RequireProjectNameField),
    Check::Workspace(&compose::unquoted_ports::RequireQuotesInPorts),
    Check::Workspace(&compose::invalid_container_name::ServiceContainerNameRegex),
    Check::Workspace(&compose::depends_on_alphabetical_order::ServiceDependenciesAlphabeticalOrder),
    Check::Workspace(&compose::image_without_explicit_tag::ServiceImageRequireExplicitTag),
    Check::Workspace(&compose::service_keys_order::ServiceKeysOrder),
    Check::Workspace(&compose::ports_alphabetical_order::ServicePortsAlphabeticalOrder),
    Check::Workspace(&compose::services_alphabetical_order::ServicesAlphabeticalOrder),
    Check::Workspace(&compose::top_level_keys_order::TopLevelPropertiesOrder),
];

impl Check {
    /// The file the rule is written in, relative to the repository root
    /// (`crates/core/src/rules/from/latest_tag.rs`); empty without the `docs` feature.
    pub fn source_file(&self) -> String {
        let ty = match self {
            Check::Dockerfile(r) => r.type_name(),
            Check::Workspace(r) => r.type_name(),
        };
        let mut parts: Vec<&str> = ty.split("::").collect();
        parts.pop();
        if parts.is_empty() {
            return String::new();
        }
        parts.remove(0);
        format!("crates/core/src/{}.rs", parts.join("/"))
    }
}

/// Every rule, in registry order.
pub fn all() -> &'static [Check] {
    RULES
}

/// The rules that read one Dockerfile.
pub fn dockerfile_rules() -> impl Iterator<Item = &'static dyn Rule> {
    RULES.iter().filter_map(|c| match c {
        Check::Dockerfile(r) => Some(*r),
        Check::Workspace(_) => None,
    })
}

/// The rules that read the whole workspace.
pub fn workspace_rules() -> impl Iterator<Item = &'static dyn WorkspaceRule> {
    RULES.iter().filter_map(|c| match c {
        Check::Workspace(r) => Some(*r),
        Check::Dockerfile(_) => None,
    })
}

/// Every rule's metadata, in registry order.
pub fn metas() -> Vec<&'static RuleMeta> {
    RULES.iter().map(Check::meta).collect()
}

/// A rule by id or alias, case-insensitively. Other tools' namespaced names work too
/// (`hadolint/DL3006`, `buildkit/StageNameCasing`, `tally/no-unreachable-stages`), as their
/// comments and configurations write them.
pub fn find_check(id_or_alias: &str) -> Option<&'static Check> {
    let id_or_alias = match id_or_alias.split_once('/') {
        Some((tool, name))
            if ["hadolint", "buildkit", "tally", "dclint"]
                .iter()
                .any(|t| t.eq_ignore_ascii_case(tool)) =>
        {
            name
        }
        _ => id_or_alias,
    };
    RULES.iter().find(|c| {
        let m = c.meta();
        m.id.eq_ignore_ascii_case(id_or_alias)
            || m.aliases
                .iter()
                .any(|a| a.eq_ignore_ascii_case(id_or_alias))
    })
}

/// Whether an ignore pragma may name `name`: a rule's id or alias (namespaced or not), or a
/// hadolint or ShellCheck code (`DL3008`, `SC2086`), which hadolint accepts whether or not a rule
/// here implements it.
pub fn is_known_pragma_name(name: &str) -> bool {
    let code = |prefix: &str| {
        name.strip_prefix(prefix)
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
    };
    code("DL") || code("SC") || find(name).is_some()
}

/// A rule's metadata by id or alias, case-insensitively.
pub fn find(id_or_alias: &str) -> Option<&'static RuleMeta> {
    find_check(id_or_alias).map(Check::meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_tools_namespaced_names_find_the_rule() {
        assert_eq!(find("hadolint/DL3006").map(|m| m.id), Some("DL3006"));
        assert_eq!(
            find("BuildKit/JSONArgsRecommended").map(|m| m.id),
            Some("DL3025")
        );
        assert_eq!(
            find("tally/no-unreachable-stages").map(|m| m.id),
            Some("unused-stage")
        );
        assert!(find("other/DL3006").is_none());
    }

    #[test]
    fn ids_and_aliases_are_unique_and_every_rule_names_its_file() {
        let root = crate::manifest_dir().join("../..");
        // Ids are unique and no id is another rule's alias; an alias may stand for several rules
        // (BuildKit's MultipleInstructionsDisallowed is hadolint's DL4003, DL4004 and DL3012).
        let ids: Vec<String> = all()
            .iter()
            .map(|c| c.meta().id.to_ascii_lowercase())
            .collect();
        for c in all() {
            let m = c.meta();
            let id = m.id.to_ascii_lowercase();
            assert_eq!(ids.iter().filter(|i| **i == id).count(), 1, "{id} twice");
            for a in m.aliases {
                assert!(
                    !ids.contains(&a.to_ascii_lowercase()) || a.eq_ignore_ascii_case(m.id),
                    "{a}"
                );
            }
            let file = c.source_file();
            let text = std::fs::read_to_string(root.join(&file))
                .unwrap_or_else(|e| panic!("{}: {file}: {e}", m.id));
            assert!(
                text.contains(&format!("\"{}\"", m.id)),
                "{file} does not define {}",
                m.id
            );
        }
    }
}
