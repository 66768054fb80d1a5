//! The inputs of the page tests (`tests/cli/pages.rs`, and in a real browser
//! `tests/conformance/pages.rs`): an offer with findings and a hostile description, and a fleet
//! of delegations to audit.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// What the hostile description's script and event handler would do if they ran: set this
/// attribute on `body`. A page that shows them as text never has it.
pub const INJECTED_MARKER: &str = "data-injected";

/// The description's hostile tail: a script and an image whose `onerror` runs, each of which
/// would set [`INJECTED_MARKER`].
pub const HOSTILE: &str = "<p>Injected: <script>document.body.setAttribute('data-injected','script')</script>\
<img src=x onerror=\"document.body.setAttribute('data-injected','onerror')\"></p>";

/// A useful link that would set [`INJECTED_MARKER`] if it were a link and were followed.
pub const HOSTILE_LINK: &str = "javascript:document.body.setAttribute('data-injected','link')";

/// The 2026 example offer's folder.
pub fn example_2026() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/contoso-sentinel-2026")
}

/// Writes into `dir` the 2026 example offer with findings, as `offer.json` with its images:
/// the description ends with [`HOSTILE`], the second useful link is [`HOSTILE_LINK`], the
/// second authorization of plan `gold` gives Owner
/// (an error beside that authorization), and the offer ID is not one (an error about the whole
/// document, which no element shows). Returns the document's path.
pub fn flawed_offer(dir: &Path) -> PathBuf {
    let example = example_2026();
    let mut offer: Value =
        serde_json::from_str(&std::fs::read_to_string(example.join("offer.json")).unwrap())
            .unwrap();
    offer["$schema"] = Value::Null;
    offer.as_object_mut().unwrap().remove("$schema");
    let description = offer["listing"]["description"].as_str().unwrap().to_owned();
    offer["listing"]["description"] = json!(format!("{description}{HOSTILE}"));
    offer["plans"][0]["manifest"]["authorizations"][1]["roleDefinitionId"] =
        json!("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
    offer["offerId"] = json!("Contoso Sentinel!");
    offer["listing"]["usefulLinks"][1]["url"] = json!(HOSTILE_LINK);
    for sub in ["logos", "screenshots"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for entry in std::fs::read_dir(example.join(sub)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.join(sub).join(entry.file_name())).unwrap();
        }
    }
    let path = dir.join("offer.json");
    std::fs::write(&path, serde_json::to_string_pretty(&offer).unwrap()).unwrap();
    path
}

/// The arguments of `audit` that write the fleet page of the offer at `offer` for the saved
/// answers `files`.
pub fn fleet_page_args<'a>(offer: &'a Path, files: &'a [PathBuf]) -> Vec<&'a str> {
    let mut args = vec![
        "audit",
        offer.to_str().unwrap(),
        "--format",
        "html",
        "--from",
    ];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    args
}

/// A subscription ID made from a number.
pub fn subscription(n: usize) -> String {
    format!("{n:08x}-0000-4000-8000-{n:012x}")
}

/// The saved answers (`az managedservices assignment list --include-definition true`, in files
/// of 1,000 delegations) of `count` customers of the example offer's (2020) plan `gold`, written
/// into `dir`: every tenth has a principal added by hand (drifted), every tenth after the fifth
/// is on an older version (behind), every fiftieth after the seventh is another provider's; each
/// customer has a tenant of its own. Returns the files.
pub fn fleet(dir: &Path, count: usize) -> Vec<PathBuf> {
    let offer: Value = super::example();
    let plan = &offer["plans"][0];
    let manifest = &plan["manifest"];
    let mut files = Vec::new();
    for (batch, start) in (0..count).step_by(1_000).enumerate() {
        let items: Vec<Value> = (start..count.min(start + 1_000))
            .map(|n| {
                let sub = subscription(n);
                let mut authorizations = manifest["authorizations"].clone();
                if n % 10 == 0 {
                    authorizations.as_array_mut().unwrap().push(json!({
                        "principalId": format!("{n:08x}-1234-4000-8000-{n:012x}"),
                        "principalIdDisplayName": "Temporary",
                        "roleDefinitionId": "b24988ac-6180-42a0-ab88-20f7382dd24c"
                    }));
                }
                let other = n % 50 == 7;
                let version = if n % 10 == 5 { "1.1.0" } else { manifest["version"].as_str().unwrap() };
                let managing = if other {
                    "11111111-2222-4333-8444-555555555555".to_owned()
                } else {
                    manifest["tenantId"].as_str().unwrap().to_owned()
                };
                let definition_id = format!(
                    "/subscriptions/{sub}/providers/Microsoft.ManagedServices/registrationDefinitions/{n:08x}-1111-4111-8111-{n:012x}"
                );
                let mut definition = json!({
                    "properties": {
                        "description": "Contoso runs Microsoft Sentinel for you",
                        "registrationDefinitionName": offer["name"],
                        "managedByTenantId": managing,
                        "manageeTenantId": format!("{n:08x}-7e7e-4e7e-8e7e-{n:012x}"),
                        "authorizations": if other { json!([{
                            "principalId": "99999999-8888-4777-8666-555555555555",
                            "principalIdDisplayName": "Another provider",
                            "roleDefinitionId": "acdd72a7-3385-48ef-bd42-f606fba81ae7"
                        }]) } else { authorizations },
                        "provisioningState": "Succeeded"
                    },
                    "id": definition_id,
                    "type": "Microsoft.ManagedServices/registrationDefinitions",
                    "name": format!("{n:08x}-1111-4111-8111-{n:012x}")
                });
                if !other {
                    definition["properties"]["eligibleAuthorizations"] =
                        manifest["eligibleAuthorizations"].clone();
                    definition["plan"] = json!({
                        "name": plan["planId"], "product": offer["offerId"],
                        "publisher": offer["publisherId"], "version": version
                    });
                }
                json!({
                    "properties": {
                        "registrationDefinitionId": definition_id,
                        "provisioningState": "Succeeded",
                        "registrationDefinition": definition
                    },
                    "id": format!("/subscriptions/{sub}/resourceGroups/rg-{n}/providers/Microsoft.ManagedServices/registrationAssignments/{n:08x}-2222-4222-8222-{n:012x}"),
                    "type": "Microsoft.ManagedServices/registrationAssignments",
                    "name": format!("{n:08x}-2222-4222-8222-{n:012x}")
                })
            })
            .collect();
        let path = dir.join(format!("fleet-{batch:02}.json"));
        std::fs::write(
            &path,
            serde_json::to_string(&json!({ "value": items })).unwrap(),
        )
        .unwrap();
        files.push(path);
    }
    files
}
