//! `lighthouse-offer schema`: the offer document's JSON Schema.
//!
//! Uses `cli` and `output::console`.

use std::process::ExitCode;

use crate::cli::SchemaArgs;
use crate::output::console;

/// The offer document's JSON Schema in the draft asked for, exactly as the repository's
/// `schema/` folder holds it (pretty-printed, with a final line break), to standard output or to
/// `--out`.
pub fn run(args: &SchemaArgs) -> ExitCode {
    let text = lighthouse_offer::schema::offer_schema_text(args.draft.into());
    match &args.out {
        None => console::finish(console::out(&text), ExitCode::SUCCESS),
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => console::fail(&format!("cannot write `{}`: {error}", path.display())),
        },
    }
}
