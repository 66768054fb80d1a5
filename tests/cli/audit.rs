//! `lighthouse-offer audit`: offline from saved answers, and live against a local server.

use crate::support::cli::{assert_exit, folder, run, stderr, stdout, tool};
use serde_json::Value;

const OFFER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/contoso-sentinel/offer.json"
);
const ASSIGNMENTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/contoso-sentinel/deployed/assignments.json"
);
const AZ_LIST: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/contoso-sentinel/deployed/az-assignment-list.json"
);

#[test]
fn drift_is_shown_with_a_line_per_delegation_and_exits_1() {
    let output = run(&["audit", OFFER, "--from", ASSIGNMENTS]);
    assert_exit(&output, 1);
    let out = stdout(&output);
    assert!(
        out.contains(
            "error[LO1001]: subscription 3f4e5d6c-7b8a-4969-8a7b-6c5d4e3f2a1b: principal 3e2d1c0b"
        ),
        "{out}"
    );
    assert!(out.contains("assignments.json:"), "{out}");
    assert!(out.contains("\nsubscription  "), "{out}");
    assert!(
        out.contains("a7b6c5d4-e3f2-4a1b-9c8d-7e6f5a4b3c2d  rg-sentinel     gold"),
        "{out}"
    );
    assert!(out.contains("error: the audit found drift: 5 delegations: 1 in sync, 1 with warnings, 2 drifted, 1 of other providers; 6 errors, 1 warning"), "{out}");
}

#[test]
fn an_audit_in_sync_exits_0_and_an_az_array_is_read() {
    let output = run(&["audit", OFFER, "--from", AZ_LIST]);
    assert_exit(&output, 0);
    let out = stdout(&output);
    assert!(out.contains("note: audited 1 delegation: 1 in sync, 0 with warnings, 0 drifted; 0 errors, 0 warnings"), "{out}");
}

#[test]
fn json_output_names_the_input_and_points_into_it() {
    let output = run(&["audit", OFFER, "--from", ASSIGNMENTS, "--format", "json"]);
    assert_exit(&output, 1);
    let found: Vec<Value> = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(found.len(), 7);
    let text = std::fs::read_to_string(ASSIGNMENTS).unwrap();
    let input: Value = serde_json::from_str(&text).unwrap();
    for d in &found {
        let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "code", "column", "file", "help", "line", "message", "name", "path", "severity"
            ]
        );
        assert_eq!(d["file"], ASSIGNMENTS);
        let path = d["path"].as_str().unwrap();
        assert!(input.pointer(path).is_some(), "{path}");
        assert!(
            d["message"].as_str().unwrap().starts_with("subscription "),
            "{d}"
        );
        assert!(d["code"].as_str().unwrap().starts_with("LO10"), "{d}");
    }
}

#[test]
fn warnings_fail_only_when_denied() {
    let dir = folder("cli_audit", "warnings");
    let mut input: Value =
        serde_json::from_str(&std::fs::read_to_string(AZ_LIST).unwrap()).unwrap();
    input[0]["properties"]["registrationDefinition"]["plan"]["version"] = "1.1.0".into();
    let file = dir.join("behind.json");
    std::fs::write(&file, input.to_string()).unwrap();
    let file = file.to_str().unwrap();
    assert_exit(&run(&["audit", OFFER, "--from", file]), 0);
    let denied = run(&["audit", OFFER, "--from", file, "--deny-warnings"]);
    assert_exit(&denied, 1);
    assert!(stdout(&denied).contains("warning[LO1008]"));
}

#[test]
fn inputs_that_cannot_be_read_exit_2_and_the_others_are_audited() {
    let dir = folder("cli_audit", "unreadable");
    let not_json = dir.join("not.json");
    std::fs::write(&not_json, "<html>").unwrap();
    let missing = dir.join("missing.json");
    let output = run(&[
        "audit",
        OFFER,
        "--from",
        AZ_LIST,
        not_json.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_exit(&output, 2);
    assert!(
        stdout(&output).contains("error[LO0001]"),
        "{}",
        stdout(&output)
    );
    assert!(stdout(&output).contains("1 in sync"), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("cannot read"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_unreadable_input_is_named_as_what_it_is_and_is_not_called_drift() {
    let dir = folder("cli_audit", "input-words");
    let empty = dir.join("empty.json");
    std::fs::write(&empty, "  \n").unwrap();
    let deep = dir.join("deep.json");
    std::fs::write(&deep, format!("{}{}", "[".repeat(200), "]".repeat(200))).unwrap();
    let large = dir.join("large.json");
    std::fs::write(&large, " ".repeat(16 * 1024 * 1024 + 1)).unwrap();
    for (input, said) in [
        (
            &empty,
            "the document is empty; expected the JSON that Azure Resource Manager",
        ),
        (&deep, "nested more than 127 deep"),
        (&large, "(16 MiB) that this tool reads"),
    ] {
        let output = run(&["audit", OFFER, "--from", input.to_str().unwrap()]);
        assert_exit(&output, 2);
        let out = format!("{}{}", stdout(&output), stderr(&output));
        assert!(out.contains(said), "{out}");
        // The input is a list of delegations, not an offer.
        assert!(
            !out.contains("the offer") && !out.contains("offer document"),
            "{out}"
        );
        assert!(!out.contains("found drift"), "{out}");
        assert!(
            out.contains(
                "error: the audit is incomplete, some input could not be read: 0 delegations"
            ),
            "{out}"
        );
    }
}

#[test]
fn an_invalid_offer_is_shown_and_nothing_is_audited() {
    let dir = folder("cli_audit", "invalid-offer");
    let offer = dir.join("offer.json");
    let text = std::fs::read_to_string(OFFER).unwrap().replace(
        "91c1777a-f3dc-4fae-b103-61d183457e46",
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    );
    std::fs::write(&offer, text).unwrap();
    let output = run(&["audit", offer.to_str().unwrap(), "--from", ASSIGNMENTS]);
    assert_exit(&output, 2);
    assert!(
        stdout(&output).contains("owner-role"),
        "{}",
        stdout(&output)
    );
    assert!(stderr(&output).contains("is not a valid offer, so nothing was audited"));
}

#[test]
fn the_command_line_asks_for_an_input() {
    assert_exit(&run(&["audit", OFFER]), 2);
    assert_exit(&run(&["audit", OFFER, "--from", AZ_LIST, "--live"]), 2);
    for live_only in [
        ["--subscription", "x"],
        ["--arm-endpoint", "https://x"],
        ["--save", "dir"],
    ] {
        let mut args = vec!["audit", OFFER, "--from", AZ_LIST];
        args.extend(live_only);
        let output = run(&args);
        assert_exit(&output, 2);
        assert!(
            stderr(&output).contains("go with --live"),
            "{}",
            stderr(&output)
        );
    }
}

#[cfg(not(feature = "live"))]
#[test]
fn live_needs_the_live_feature() {
    let output = run(&["audit", OFFER, "--live"]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("built without the live audit"),
        "{}",
        stderr(&output)
    );
}

#[cfg(feature = "live")]
mod live {
    use super::*;
    use crate::support::live_server::{Reply, Server, TOKEN, assignments_target, subscription_id};
    use serde_json::json;

    fn assignment_of_example(subscription: &str) -> Value {
        let mut item: Value =
            serde_json::from_str::<Value>(&std::fs::read_to_string(AZ_LIST).unwrap()).unwrap()[0]
                .clone();
        let id = item["id"]
            .as_str()
            .unwrap()
            .replace("6c1f3e2a-9b7d-4c5e-8f1a-2b3c4d5e6f70", subscription);
        item["id"] = id.into();
        item
    }

    #[test]
    fn a_live_audit_names_each_subscription_and_reports_those_it_could_not_read() {
        let good = subscription_id(1);
        let refused = subscription_id(2);
        let server = Server::start({
            let good = good.clone();
            let refused = refused.clone();
            move |target, _| {
                if target == crate::support::live_server::SUBSCRIPTIONS_TARGET {
                    Reply::json(&crate::support::live_server::subscriptions_page(
                        &[good.clone(), refused.clone()],
                        None,
                    ))
                } else if target == assignments_target(&good) {
                    Reply::json(&json!({ "value": [assignment_of_example(&good)] }))
                } else {
                    Reply::status(403)
                }
            }
        });
        let dir = folder("cli_audit", "live");
        let output = tool()
            .args([
                "audit",
                OFFER,
                "--live",
                "--format",
                "json",
                "--arm-endpoint",
            ])
            .arg(server.endpoint())
            .arg("--save")
            .arg(&dir)
            .env("AZURE_ACCESS_TOKEN", TOKEN)
            .output()
            .unwrap();
        assert_exit(&output, 2);
        let out = stdout(&output);
        assert!(!out.contains(TOKEN) && !stderr(&output).contains(TOKEN));
        let found: Vec<Value> = serde_json::from_str(&out).unwrap();
        assert_eq!(found.len(), 1, "{out}");
        assert_eq!(found[0]["file"], format!("subscriptions/{refused}"));
        assert_eq!(found[0]["name"], "subscription-unreadable");
        assert!(found[0]["message"].as_str().unwrap().contains("(403)"));
        // The answers saved are audited offline the same way.
        let saved = dir.join(format!("{good}.json"));
        assert_exit(
            &run(&["audit", OFFER, "--from", saved.to_str().unwrap()]),
            0,
        );

        // Human output: the summary names the subscription read.
        let human = tool()
            .args([
                "audit",
                OFFER,
                "--live",
                "--subscription",
                &good,
                "--arm-endpoint",
            ])
            .arg(server.endpoint())
            .env("AZURE_ACCESS_TOKEN", TOKEN)
            .output()
            .unwrap();
        assert_exit(&human, 0);
        assert!(
            stdout(&human).contains(&format!("{good}  -               gold")),
            "{}",
            stdout(&human)
        );
    }

    #[cfg(unix)]
    #[test]
    fn without_azure_access_token_the_token_comes_from_the_azure_cli() {
        use std::os::unix::fs::PermissionsExt as _;

        let sub = subscription_id(5);
        let server = Server::start({
            let sub = sub.clone();
            move |target, _| {
                if target == assignments_target(&sub) {
                    Reply::json(&json!({ "value": [assignment_of_example(&sub)] }))
                } else {
                    Reply::status(404)
                }
            }
        });
        let dir = folder("cli_audit", "fake-az");
        let run_with = |script: &str| {
            let az = dir.join("az");
            std::fs::write(&az, script).unwrap();
            std::fs::set_permissions(&az, std::fs::Permissions::from_mode(0o755)).unwrap();
            tool()
                .args([
                    "audit",
                    OFFER,
                    "--live",
                    "--subscription",
                    &sub,
                    "--arm-endpoint",
                ])
                .arg(server.endpoint())
                .env_remove("AZURE_ACCESS_TOKEN")
                .env("PATH", &dir)
                .output()
                .unwrap()
        };
        // The fake Azure CLI checks that it is asked for the endpoint's token.
        let good = run_with(&format!(
            "#!/bin/sh\n[ \"$4\" = \"{}\" ] && echo {TOKEN}\n",
            server.endpoint()
        ));
        assert_exit(&good, 0);
        assert!(stdout(&good).contains("1 in sync"), "{}", stdout(&good));
        assert!(!stdout(&good).contains(TOKEN));

        let logged_out = run_with("#!/bin/sh\necho 'Please run az login' >&2\nexit 1\n");
        assert_exit(&logged_out, 2);
        assert!(
            stderr(&logged_out).contains("run `az login` first"),
            "{}",
            stderr(&logged_out)
        );
        assert!(!stderr(&logged_out).contains("Please run"));
    }

    #[test]
    fn plain_http_to_another_host_is_refused_before_any_request() {
        let output = tool()
            .args([
                "audit",
                OFFER,
                "--live",
                "--arm-endpoint",
                "http://management.azure.com",
            ])
            .env("AZURE_ACCESS_TOKEN", TOKEN)
            .output()
            .unwrap();
        assert_exit(&output, 2);
        assert!(
            stderr(&output).contains("not an https URL"),
            "{}",
            stderr(&output)
        );
        assert!(!stderr(&output).contains(TOKEN));
    }
}

#[test]
fn the_offer_may_be_written_in_yaml_and_gives_the_same_verdicts() {
    let yaml = OFFER.replace("offer.json", "offer.yaml");
    let from_json = run(&["audit", OFFER, "--from", ASSIGNMENTS, "--format", "json"]);
    let from_yaml = run(&["audit", &yaml, "--from", ASSIGNMENTS, "--format", "json"]);
    assert_exit(&from_yaml, 1);
    assert_eq!(stdout(&from_yaml), stdout(&from_json));
}

#[test]
fn the_role_catalog_option_is_read_before_the_audit() {
    // The catalog given on the command line is read before the audit: a file that is not one
    // is refused, naming the file.
    let dir = folder("cli-audit", "role-catalog");
    let catalog = dir.join("roles.json");
    std::fs::write(&catalog, "not a catalog").unwrap();
    let output = run(&[
        "audit",
        OFFER,
        "--from",
        AZ_LIST,
        "--role-catalog",
        catalog.to_str().unwrap(),
    ]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("roles.json"),
        "{}",
        stderr(&output)
    );
}
