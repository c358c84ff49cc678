//! Rules about what an image says about itself: LABELs against the label schema, EXPOSE, MAINTAINER.

// First, and `macro_use`: it defines the typed-label macros the label_not_* files use.
#[macro_use]
pub(super) mod common;
pub(super) mod expose_invalid_format;
pub(super) mod expose_port_out_of_range;
pub(super) mod expose_proto_casing;
pub(super) mod label_key_format;
pub(super) mod label_not_email;
pub(super) mod label_not_git_hash;
pub(super) mod label_not_in_schema;
pub(super) mod label_not_rfc3339;
pub(super) mod label_not_semver;
pub(super) mod label_not_spdx;
pub(super) mod label_not_url;
pub(super) mod maintainer_deprecated;
pub(super) mod required_label_missing;
pub(super) mod schema_label_empty;
