//! `lighthouse-offer init`: a starter offer to fill in, with placeholder logos of the right sizes.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use lighthouse_offer::Edition;
use lighthouse_offer::starter::Starter;

use crate::{edition_parser, render};

/// Examples under `init --help`.
pub const EXAMPLES: &str = "\
Examples:
  lighthouse-offer init my-offer
  lighthouse-offer init my-offer --yaml
  lighthouse-offer init --edition 2020";

/// Arguments of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to write the starter into (created if missing; the current folder by default)
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// The rule edition of the starter (the newest by default)
    #[arg(long, value_name = "EDITION", value_parser = edition_parser())]
    pub edition: Option<Edition>,
    /// Write `offer.yaml`, with a comment on each field, instead of `offer.json`
    #[arg(long)]
    pub yaml: bool,
}

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
            crate::model::offer_schema(draft).into_bytes(),
        ));
    }
    if let Some((existing, _)) = files.iter().find(|(path, _)| path.exists()) {
        render::err(&render::problem_with_help(
            &format!("`{}` exists already", existing.display()),
            "init never overwrites a file: give another folder, `lighthouse-offer init DIR`",
        ));
        render::err("\n");
        return ExitCode::from(2);
    }
    for (path, bytes) in &files {
        if let Err(error) = write(path, bytes) {
            render::err(&render::problem(&format!(
                "cannot write `{}`: {error}",
                path.display()
            )));
            render::err("\n");
            return ExitCode::from(2);
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
    render::err(&render::note(&message));
    render::err("\n");
    ExitCode::SUCCESS
}

fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
}
