//! How long the language server takes from a change of a document to its published diagnostics,
//! for the bundled examples (the target: within 50 ms): the whole round trip an editor sees, over
//! the binary's standard input and output, image files read beside the document. The baseline in
//! the same run is a hover request, a round trip that checks nothing.
//!
//! Run with `cargo bench --features cli --bench lsp` (in release mode, as criterion builds it).

#[path = "../tests/support/lsp.rs"]
mod lsp_support;

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use lsp_support::{Client, file_uri};
use serde_json::json;

fn publish(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let (mut client, _) = Client::initialized(json!({}));
    let mut group = c.benchmark_group("lsp");
    for (name, language) in [
        ("contoso-sentinel/offer.json", "json"),
        ("contoso-sentinel/offer.yaml", "yaml"),
        ("contoso-sentinel-2026/offer.json", "json"),
    ] {
        let path = root.join(name);
        let text = std::fs::read_to_string(&path).expect("the example exists");
        let uri = file_uri(&path);
        assert!(
            client.open(&uri, language, &text).is_empty(),
            "{name} is clean"
        );
        let mut version = 1;
        group.bench_function(format!("change to diagnostics: {name}"), |b| {
            b.iter(|| {
                version += 1;
                client.change(&uri, version, &text)
            });
        });
        group.bench_function(format!("hover round trip: {name}"), |b| {
            b.iter(|| {
                client.request(
                    "textDocument/hover",
                    json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } }),
                )
            });
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = publish
}
criterion_main!(benches);
