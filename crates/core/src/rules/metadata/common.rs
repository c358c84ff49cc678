//! What the label rules share: the labels a Dockerfile sets, unquoted.

use crate::dockerfile::words::unquote;
use crate::dockerfile::{Args, Instruction, KeyValue, Keyword};
use crate::rules::{expanded_vars, Context};

/// One `key=value` of a LABEL instruction, unquoted.
pub(crate) struct Label<'a> {
    /// The LABEL instruction.
    pub ins: &'a Instruction,
    pub key: String,
    pub value: String,
    /// The value uses variables, so its text is only known at build time.
    pub dynamic: bool,
    pub pair: &'a KeyValue,
}

/// The labels an instruction sets (none unless it is a LABEL).
pub(crate) fn labels_of<'a>(ins: &'a Instruction, escape: char) -> Vec<Label<'a>> {
    if ins.keyword() != Keyword::Label {
        return Vec::new();
    }
    let Args::KeyValues(pairs) = &ins.command.args else {
        return Vec::new();
    };
    pairs
        .iter()
        .map(|p| Label {
            ins,
            key: unquote(&p.key.text, escape),
            value: unquote(&p.value.text, escape),
            dynamic: !expanded_vars(&p.value.text, escape).is_empty(),
            pair: p,
        })
        .collect()
}

/// Every label of the Dockerfile, in order.
pub(crate) fn all_labels<'a>(cx: &Context<'a>) -> Vec<Label<'a>> {
    cx.dockerfile
        .instructions()
        .flat_map(|i| labels_of(i, cx.dockerfile.escape))
        .collect()
}

/// A configuration with this label schema, strict or not (for the label rules' unit tests).
#[cfg(test)]
pub(super) fn schema(pairs: &[(&str, &str)], strict: bool) -> crate::config::Config {
    crate::config::Config {
        label_schema: pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        strict_labels: strict,
        ..crate::config::Config::default()
    }
}
