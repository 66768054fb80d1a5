//! `audit::Deployed::from_json_str` on any text (Azure Resource Manager's REST answers and the
//! output of `az managedservices assignment list`): never a panic; a refusal is a report that is
//! never empty; what reads is audited against the example offer without a panic, the problems
//! of unreadable resources first.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use lighthouse_offer::Offer;
use lighthouse_offer::audit::{self, Deployed};

fn offer() -> &'static Offer {
    static OFFER: OnceLock<Offer> = OnceLock::new();
    OFFER.get_or_init(|| {
        let text = include_str!("../../examples/contoso-sentinel/offer.json");
        Offer::from_json_str(text).expect("the example is valid").into_parts().0
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Deployed::from_json_str(text) {
        Ok(deployed) => {
            let found = audit::audit(offer(), &deployed);
            assert!(found.diagnostics().starts_with(deployed.problems()));
            assert!(found.delegations().len() <= deployed.resources().len());
        }
        Err(report) => {
            assert!(!report.diagnostics().is_empty(), "a refusal says why");
            let _ = report.to_string();
        }
    }
});
