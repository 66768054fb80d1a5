//! `lighthouse-offer init`: a starter offer to fill in, with placeholder logos of the right sizes.
//!
//! Uses `cli` and `output::console`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use lighthouse_offer::Edition;
use lighthouse_offer::starter::Starter;

use crate::cli::InitArgs;
use crate::output::console;

/// Writes the starter and its logos; refuses to overwrite a file (exit status 2).
pub fn run(args: &InitArgs) -> ExitCode {
    let starter = Starter::new(args.edition.unwrap_or(Edition::LATEST));
    let (name, text) = if args.yaml {
        ("offer.yaml", starter.yaml())
    } else {
        ("offer.json", starter.json())
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![(args.dir.join(name), text.into_bytes())];
    for image in starter.images() {
        files.push((args.dir.join(&image.path), image.png()));
    }
    // The schema the document names in `$schema`, beside it, so that editors find it; for YAML
    // also the draft-07 file its first line names for the YAML language server.
    let mut drafts = vec![lighthouse_offer::schema::Draft::V2020_12];
    if args.yaml {
        drafts.push(lighthouse_offer::schema::Draft::V07);
    }
    let schemas = drafts.len();
    for draft in drafts {
        files.push((
            args.dir.join(draft.file_name()),
            lighthouse_offer::schema::offer_schema_text(draft).into_bytes(),
        ));
    }
    if let Some((existing, _)) = files.iter().find(|(path, _)| path.exists()) {
        console::error_with_help(
            &format!("`{}` exists already", existing.display()),
            "init never overwrites a file: give another folder, `lighthouse-offer init DIR`",
        );
        return ExitCode::from(2);
    }
    for (path, bytes) in &files {
        if let Err(error) = write(path, bytes) {
            return console::fail(&format!("cannot write `{}`: {error}", path.display()));
        }
    }
    let document = args.dir.join(name);
    let message = format!(
        "wrote `{}` (rule edition {}), its JSON Schema and {} placeholder logos; replace every \
         <...> placeholder, then run `lighthouse-offer check {}`",
        document.display(),
        starter.edition(),
        files.len() - 1 - schemas,
        document.display()
    );
    console::notice(&message);
    ExitCode::SUCCESS
}

fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
}
