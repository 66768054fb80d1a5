// A tenant ID can be made only from a GUID in the hyphenated form.
use lighthouse_offer::TenantId;

fn main() {
    let _tenant = TenantId(Default::default());
}
