//! Audit rules about the Dockerfile's structure, as real-world Dockerfile audits check it: stages,
//! ARG scope, the syntax directive, digests, `COPY --link`, leftover TODO comments.

pub(super) mod arg_scope;
pub(super) mod base_image_digest;
pub(super) mod duplicate_stage_name;
pub(super) mod instruction_before_from;
pub(super) mod prefer_copy_link;
pub(super) mod relative_workdir;
pub(super) mod reserved_stage_name;
pub(super) mod stage_name_casing;
pub(super) mod syntax_directive;
pub(super) mod todo_comment;
pub(super) mod unused_stage;
