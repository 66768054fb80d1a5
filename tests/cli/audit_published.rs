//! `lighthouse-offer audit OFFER --published`: published plans verified, from saved answers
//! (`tests/fixtures/published/`) and live against a local server on 127.0.0.1.

use crate::support::cli::{assert_exit, run, stderr, stdout};
use serde_json::Value;

const OFFER: &str = "examples/contoso-sentinel/offer.json";
const AS_PUBLISHED: &str = "tests/fixtures/published/gold-as-published.json";
const DIFFERS: &str = "tests/fixtures/published/gold-differs.json";

/// Runs `audit OFFER --published` with `args`, then `--from` the saved answer `from`.
fn published(args: &[&str], from: &str) -> std::process::Output {
    let mut all = vec!["audit", OFFER, "--published"];
    all.extend(args);
    all.extend(["--from", from]);
    run(&all)
}

#[test]
fn a_plan_published_as_written_passes() {
    let output = published(&["--plan", "gold"], AS_PUBLISHED);
    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        "note: verified 1 plan: 1 as published, 0 differ, 0 not published; 0 errors, 0 warnings\n"
    );
}

#[test]
fn differences_and_unpublished_plans_fail_with_their_places() {
    let output = published(&["--format", "json"], DIFFERS);
    assert_exit(&output, 1);
    let found: Vec<Value> = serde_json::from_str(&stdout(&output)).unwrap();
    let seen: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap(),
                f["code"].as_str().unwrap(),
                f["path"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (OFFER, "LO1017", "/plans/1"),
            // In the order of the lines.
            (DIFFERS, "LO1019", "/value/0/properties/authorizations"),
            (
                DIFFERS,
                "LO1021",
                "/value/0/properties/authorizations/0/principalIdDisplayName"
            ),
            (DIFFERS, "LO1019", "/value/0/properties/authorizations/1"),
            (
                DIFFERS,
                "LO1020",
                "/value/0/properties/eligibleAuthorizations/0/justInTimeAccessPolicy"
            ),
        ]
    );
    // The human summary counts the plans.
    let human = published(&[], DIFFERS);
    assert_exit(&human, 1);
    assert!(
        stdout(&human).ends_with(
            "error: verified 2 plans: 0 as published, 1 differs, 1 not published; 4 errors, 1 warning\nnote: for more about LO1017, LO1019, LO1020, LO1021, try `lighthouse-offer explain LO1017`\n"
        ),
        "{}",
        stdout(&human)
    );
}

#[test]
fn a_plan_the_offer_does_not_have_and_options_of_other_modes_are_refused() {
    let output = published(&["--plan", "silver"], AS_PUBLISHED);
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        "error: the offer has no plan `silver`; its plans are gold, fabrikam-dedicated\n"
    );
    let output = run(&["audit", OFFER, "--plan", "gold", "--from", AS_PUBLISHED]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("--published"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_answer_that_is_not_json_is_unreadable() {
    let dir = crate::support::cli::folder("cli_audit_published", "garbage");
    let path = dir.join("answer.json");
    std::fs::write(&path, "<html>busy</html>").unwrap();
    let output = published(&["--plan", "gold"], path.to_str().unwrap());
    assert_exit(&output, 2);
}

#[cfg(feature = "live")]
mod live {
    use super::*;
    use crate::support::cli::tool;
    use crate::support::live_server::{Reply, Server, TOKEN, subscription_id};

    #[test]
    fn live_a_404_is_not_published_and_a_lasting_5xx_is_unreadable() {
        let sub = subscription_id(7);
        let server = Server::start({
            let sub = sub.clone();
            move |target, _| {
                let prefix = format!(
                    "/subscriptions/{sub}/providers/Microsoft.ManagedServices/marketplaceRegistrationDefinitions?api-version=2022-10-01&$filter=planIdentifier%20eq%20%27contoso.contoso-managed-sentinel."
                );
                match target.strip_prefix(&prefix) {
                    Some(rest) if rest.starts_with("gold.1.2.0") => Reply::json(
                        &serde_json::from_str::<Value>(
                            &std::fs::read_to_string(AS_PUBLISHED).unwrap(),
                        )
                        .unwrap(),
                    ),
                    Some(_) => Reply::status(404),
                    None => Reply::status(400),
                }
            }
        });
        let output = tool()
            .args([
                "audit",
                OFFER,
                "--published",
                "--live",
                "--subscription",
                &sub,
            ])
            .arg("--arm-endpoint")
            .arg(server.endpoint())
            .env("AZURE_ACCESS_TOKEN", TOKEN)
            .output()
            .unwrap();
        assert_exit(&output, 1);
        let out = stdout(&output);
        assert!(!out.contains(TOKEN) && !stderr(&output).contains(TOKEN));
        assert!(
            out.contains("plan fabrikam-dedicated version 1.0.0 is not published: Azure holds no marketplace registration definition `contoso.contoso-managed-sentinel.fabrikam-dedicated.1.0.0` (Azure answered 404)"),
            "{out}"
        );
        assert!(
            out.contains(&format!(
                "note: read the published plans from subscription {sub} (2 requests)"
            )),
            "{out}"
        );
        assert!(out.ends_with(
            "error: verified 2 plans: 1 as published, 0 differ, 1 not published; 1 error, 0 warnings\nnote: for more about LO1017, try `lighthouse-offer explain LO1017`\n"
        ));

        let failing = Server::start(|_, _| Reply::status(503));
        let output = tool()
            .args(["audit", OFFER, "--published", "--plan", "gold", "--live"])
            .args(["--subscription", &sub, "--format", "json", "--arm-endpoint"])
            .arg(failing.endpoint())
            .env("AZURE_ACCESS_TOKEN", TOKEN)
            .output()
            .unwrap();
        assert_exit(&output, 2);
        let found: Vec<Value> = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0]["name"], "subscription-unreadable");
        assert_eq!(
            found[0]["file"],
            "marketplaceRegistrationDefinitions/contoso.contoso-managed-sentinel.gold.1.2.0"
        );
    }
}
