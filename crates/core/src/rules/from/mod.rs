//! Rules about FROM: which image, tag, registry and platform a stage starts from, and the ARGs FROM may use.

pub(super) mod as_casing;
pub(super) mod invalid_default_arg;
pub(super) mod latest_tag;
pub(super) mod platform_flag;
pub(super) mod platform_flag_const;
pub(super) mod redundant_target_platform;
pub(super) mod undefined_arg;
pub(super) mod untagged_image;
pub(super) mod untrusted_registry;
