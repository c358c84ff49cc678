//! Prints every rule's documentation as the JSON the playground loads when it first needs it
//! (`rule-docs.json`, next to index.html): scripts/build-dist.sh and trunk's post-build hook run it.
//! The text stays in each rule's file; the page's wasm is built without it (the `docs` feature).

fn main() {
    let metas = shipshape_core::rules::registry::metas();
    println!("{}", shipshape_core::diagnostics::docs_json(metas));
}
