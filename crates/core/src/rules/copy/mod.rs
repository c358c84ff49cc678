//! Rules about COPY and ADD: sources, destinations, `--from`, and what `.dockerignore` keeps out.

pub(super) mod add_instead_of_copy;
pub(super) mod from_own_stage;
pub(super) mod from_unknown;
pub(super) mod ignored_file;
pub(super) mod relative_dest_without_workdir;
pub(super) mod several_sources_need_dir_dest;
pub(super) mod whole_filesystem_from_stage;
