//! Rules about ARG and ENV variables: undefined or self-referencing uses, and secrets in names
//! and in URLs.

pub(super) mod credentials_in_url;
pub(super) mod env_self_reference;
pub(super) mod secrets_in_arg_or_env;
pub(super) mod undefined_var;
