//! `lighthouse-offer arm`: exporting templates from the example offer and checking ARM files.

use crate::support::cli::{run, stderr, stdout};

use std::path::{Path, PathBuf};

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/contoso-sentinel/offer.json"
);

/// A fresh folder under the target directory for one test.
fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli_arm")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn export_writes_a_template_and_parameters_that_check_clean() {
    let dir = out_dir("subscription");
    let out = dir.to_str().unwrap();
    let output = run(&[
        "arm",
        "export",
        EXAMPLE,
        "--plan",
        "gold",
        "--marketplace",
        "--out",
        out,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let template = dir.join("subscription.json");
    let parameters = dir.join("subscription.parameters.json");
    assert_eq!(
        stdout(&output),
        format!(
            "wrote {}\nwrote {}\n",
            template.display(),
            parameters.display()
        )
    );
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&parameters).unwrap()).unwrap();
    let values = &written["parameters"];
    // The offer's name and the plan's title: each plan its own delegation (issue 13, point 13).
    assert_eq!(
        values["mspOfferName"]["value"],
        "Contoso Managed Sentinel - Gold: 24x7 monitoring"
    );
    assert_eq!(values["marketplacePlanId"]["value"], "gold");
    assert_eq!(values["marketplacePlanVersion"]["value"], "1.2.0");
    let checked = run(&["arm", "check", parameters.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(0), "{}", stdout(&checked));
}

#[test]
fn export_to_resource_groups_needs_their_names() {
    let dir = out_dir("groups");
    let out = dir.to_str().unwrap();
    let output = run(&[
        "arm",
        "export",
        EXAMPLE,
        "--plan",
        "gold",
        "--scope",
        "resource-groups",
        "--resource-group",
        "rg-sentinel",
        "--resource-group",
        "rg-logs",
        "--out",
        out,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(written, 2);
    let without = run(&[
        "arm",
        "export",
        EXAMPLE,
        "--plan",
        "gold",
        "--scope",
        "resource-groups",
        "--out",
        out,
    ]);
    assert_eq!(without.status.code(), Some(2));
}

#[test]
fn an_unknown_plan_is_a_usage_error_naming_the_plans() {
    let dir = out_dir("unknown");
    let output = run(&[
        "arm",
        "export",
        EXAMPLE,
        "--plan",
        "silver",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output)
            .contains("the offer has no plan `silver`; its plans are gold, fabrikam-dedicated"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.exists());
}
