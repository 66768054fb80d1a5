//! "This cannot be built": values of the model can be made only through their checks.

#[test]
fn invalid_values_cannot_be_built_by_literal_or_mutation() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
