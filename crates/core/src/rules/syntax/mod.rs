//! Rules about how instructions are written: casing, forms (exec vs shell, key=value), continuations, instructions that override each other, pragmas.

pub(super) mod consecutive_runs;
pub(super) mod consistent_instruction_casing;
pub(super) mod inline_ignore_pragma;
pub(super) mod invalid_definition_description;
pub(super) mod json_args_recommended;
pub(super) mod legacy_key_value_format;
pub(super) mod multiple_instructions;
pub(super) mod no_empty_continuation;
pub(super) mod onbuild_invalid_trigger;
pub(super) mod pragma_unknown_rule;
