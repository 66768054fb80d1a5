//! Bicep files judged as the ARM templates they compile to (`bicep::check`): each construct of
//! the subset that delegations use, findings placed at the Bicep line where their value is
//! written, and the same findings as the same delegation written in ARM JSON.

use std::path::Path;

use lighthouse_offer::bicep::{self, BicepCheck, BicepSources};

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bicep")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap()
}

/// The sources of a fixture, with a reader of the fixtures folder.
fn sources(name: &str) -> BicepSources<'static> {
    let root = fixtures();
    BicepSources::new(name, read(name))
        .with_reader(move |path| std::fs::read_to_string(root.join(path)).ok())
}

fn lines(checked: &BicepCheck) -> Vec<String> {
    checked
        .diagnostics()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn debug_all() {
    for (main, params) in [
        ("subscription.bicep", None),
        ("subscription.bicep", Some("subscription.bicepparam")),
        ("loops.bicep", None),
        ("loops.bicep", Some("owner-in-parameters.bicepparam")),
        ("modules/main.bicep", None),
        ("imports/main.bicep", None),
        ("spread.bicep", None),
    ] {
        let mut s = sources(main);
        if let Some(p) = params {
            s = s.with_parameters(p, read(p));
        }
        let c = bicep::check(&s);
        eprintln!(
            "== {main} {params:?}: delegation {}\n{:#?}",
            c.delegation().is_some(),
            lines(&c)
        );
        if std::env::var("SHOW").is_ok() {
            eprintln!("{}", serde_json::to_string_pretty(c.template()).unwrap());
        }
    }
}
