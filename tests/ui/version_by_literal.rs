// A manifest version is n.n.n; no other version can be wrapped directly.
use lighthouse_offer::ManifestVersion;

fn main() {
    let _rc = ManifestVersion(Default::default());
}
