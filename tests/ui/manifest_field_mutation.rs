// A checked manifest cannot lose its authorizations afterwards.
use lighthouse_offer::Manifest;

fn empty(mut manifest: Manifest) -> Manifest {
    manifest.authorizations.clear();
    manifest
}

fn main() {
    let _ = empty;
}
