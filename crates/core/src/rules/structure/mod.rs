//! Audit rules about the Dockerfile's structure, as real-world Dockerfile audits check it: stages,
//! ARG scope, the syntax directive, digests, `COPY --link`, leftover TODO comments.

use super::Rule;

mod arg_scope;
mod base_image_digest;
mod prefer_copy_link;
mod syntax_directive;
mod todo_comment;
mod unused_stage;

/// The rules of this family, in registry order.
pub(super) static RULES: &[&dyn Rule] = &[
    &syntax_directive::SyntaxDirectiveUnpinned,
    &base_image_digest::BaseImageDigest,
    &arg_scope::ArgScope,
    &unused_stage::UnusedStage,
    &todo_comment::TodoComment,
    &prefer_copy_link::PreferCopyLink,
];
