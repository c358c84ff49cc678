//! Compiles the vendored Compose schema (`src/compose/compose-spec.json`, kept as published) to the
//! compact form the validator embeds: minified, without the keywords that only document (85 KB of
//! descriptions and indentation the page would otherwise download: 75 KB -> 20 KB, 9.7 -> 2.5 KB
//! brotli). `compose::schema` includes `$OUT_DIR/compose-spec.json`.

use serde_json::Value;

const SPEC: &str = "src/compose/compose-spec.json";

/// Keywords that document a schema and validate nothing.
const DOC_KEYWORDS: &[&str] = &[
    "description",
    "$comment",
    "title",
    "default",
    "examples",
    "deprecated",
    "$schema",
    "$id",
    "id",
];

/// Keywords whose value maps names (of properties, patterns, definitions) to schemas: the names
/// stay whatever they are.
const NAMED_SCHEMAS: &[&str] = &["properties", "patternProperties", "definitions"];

/// Keywords whose value is a schema, or a list of schemas.
const SCHEMAS: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "oneOf",
    "anyOf",
    "allOf",
];

fn compact(schema: Value) -> Value {
    let Value::Object(map) = schema else {
        return schema;
    };
    let out = map
        .into_iter()
        .filter(|(k, _)| !DOC_KEYWORDS.contains(&k.as_str()))
        .map(|(k, v)| {
            let v = match v {
                Value::Object(names) if NAMED_SCHEMAS.contains(&k.as_str()) => {
                    Value::Object(names.into_iter().map(|(n, s)| (n, compact(s))).collect())
                }
                Value::Array(list) if SCHEMAS.contains(&k.as_str()) => {
                    Value::Array(list.into_iter().map(compact).collect())
                }
                v if SCHEMAS.contains(&k.as_str()) => compact(v),
                v => v,
            };
            (k, v)
        })
        .collect();
    Value::Object(out)
}

fn main() {
    println!("cargo::rerun-if-changed={SPEC}");
    println!("cargo::rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(SPEC).expect("the vendored compose schema");
    let spec: Value = serde_json::from_str(&text).expect("the compose schema is JSON");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out.join("compose-spec.json"), compact(spec).to_string())
        .expect("write the compact schema");
}
