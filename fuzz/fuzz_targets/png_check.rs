//! The PNG checks on any bytes: never a panic, and no more decoding than the limits allow.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lighthouse_offer::image::{SizeRule, check_png, hero_background, inspect_png};

fuzz_target!(|data: &[u8]| {
    let header = inspect_png(data);
    let checked = check_png(data, SizeRule::ANY);
    // A file that decodes whole has a header that reads.
    if let Ok(info) = &checked {
        assert_eq!(header.as_ref().ok(), Some(info));
    }
    let _ = check_png(data, SizeRule::exact(815, 290));
    if let Ok(finding) = hero_background(data) {
        let _ = finding.issues();
    }
});
