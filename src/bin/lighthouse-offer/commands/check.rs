//! `lighthouse-offer check`: read offer documents, check them, show what was found.

use std::path::Path;
use std::process::ExitCode;

use lighthouse_offer::{Diagnostic, Edition, Offer, Rule};

use crate::formats::{self, Finding};
use crate::input::InputFormat;
use crate::locate::{self, Locator, Part};
use crate::model;
use crate::render::{self, Located, Tally};
use crate::{CheckArgs, Format};

/// A check of one document: its text, its folder, the edition asked for on the command line.
pub type Checker = fn(&str, &Path, Option<Edition>) -> Vec<Diagnostic>;

/// Checks every file, shows every diagnostic, and says how it went: 0 when no document has an
/// error (nor a warning, with `--deny-warnings`), 1 when one has, 2 when a file could not be read
/// or is not JSON (that takes precedence).
///
/// Human output is written document by document, so that it interleaves with the problems
/// written to standard error; the other formats are written once, at the end.
pub fn run(args: &CheckArgs, check_document: Checker) -> ExitCode {
    let mut tally = Tally::default();
    let mut codes: Vec<&'static str> = Vec::new();
    // The documents read, for the formats that are written once, at the end.
    let mut documents: Vec<Shown> = Vec::new();
    let mut written = Ok(());
    for path in &args.files {
        let file = path.display().to_string();
        let Some(text) = read_counted(path, &mut tally) else {
            continue;
        };
        let format = InputFormat::of(path, args.input_format);
        let found = match format {
            InputFormat::Json => {
                locate_all(&text, check_document(&text, base_dir(path), args.edition))
            }
            format @ InputFormat::Yaml => locate_all_as(
                &text,
                format,
                model::check_document_as(&text, base_dir(path), args.edition, format),
            ),
        };
        tally.add(&found);
        if args.format == Format::Human {
            note_codes(&mut codes, &found);
            let mut out = formats::render(Format::Human, &Finding::all_of(&file, &text, &found));
            if let Some(line) = edition_line(&file, &text, format, args.edition) {
                out.push_str(&render::note(&line));
                out.push('\n');
            }
            written = written.and_then(|()| render::out(&out));
        } else {
            documents.push(Shown { file, text, found });
        }
    }
    finish(
        args.format,
        args.deny_warnings,
        &tally,
        codes,
        &documents,
        written,
    )
}

/// A file as it is shown: its name, its text, what was found in it.
pub struct Shown {
    pub file: String,
    pub text: String,
    pub found: Vec<Located>,
}

/// The text of a file, or `None` once the reason it cannot be had is written to standard error
/// and the file is counted as unreadable.
pub fn read_counted(path: &Path, tally: &mut Tally) -> Option<String> {
    match read(path) {
        Ok(text) => Some(text),
        Err(message) => {
            render::err(&render::problem(&message));
            render::err("\n");
            tally.unreadable += 1;
            None
        }
    }
}

/// Adds the codes of `found` that are not yet in `codes`, for the summary of human output.
pub fn note_codes<'a>(codes: &mut Vec<&'static str>, found: impl IntoIterator<Item = &'a Located>) {
    for located in found {
        let code = located.diagnostic.code();
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
}

/// The end of a run over files: the summary (human output, whose documents were written as
/// they were checked) or every document's findings at once (the other formats), and the exit
/// status: 2 when a file could not be read or is not JSON, or the output could not be written;
/// 1 when a document fails; 0 otherwise.
pub fn finish(
    format: Format,
    deny_warnings: bool,
    tally: &Tally,
    mut codes: Vec<&'static str>,
    documents: &[Shown],
    mut written: std::io::Result<()>,
) -> ExitCode {
    let end = match format {
        Format::Human if tally.documents > 0 => {
            codes.sort_unstable();
            render::summary(tally, deny_warnings, &codes) + "\n"
        }
        Format::Human => String::new(),
        format => {
            let all: Vec<Finding<'_>> = documents
                .iter()
                .flat_map(|s| Finding::all_of(&s.file, &s.text, &s.found))
                .collect();
            formats::render(format, &all)
        }
    };
    written = written.and_then(|()| render::out(&end));

    let mut status = if tally.unreadable > 0 || tally.not_json > 0 {
        ExitCode::from(2)
    } else if tally.failing(deny_warnings) > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    if let Err(error) = written {
        render::err(&render::problem(&format!(
            "cannot write the output: {error}"
        )));
        render::err("\n");
        status = ExitCode::from(2);
    }
    status
}

/// The text of a file, or a message that says why it cannot be had. A file larger than the
/// crate reads ([`Offer::MAX_DOCUMENT_BYTES`], for every kind of input) is refused by its size,
/// without reading it.
pub fn read(path: &Path) -> Result<String, String> {
    use std::io::Read as _;
    let cannot = |error: std::io::Error| format!("cannot read `{}`: {error}", path.display());
    let max = Offer::MAX_DOCUMENT_BYTES;
    let too_large = |found: u64| {
        format!(
            "`{}` has {found} bytes, more than the {max} bytes ({} MiB) that this tool reads",
            path.display(),
            max / (1024 * 1024)
        )
    };
    let file = std::fs::File::open(path).map_err(cannot)?;
    let size = file.metadata().map_err(cannot)?.len();
    if size > max as u64 {
        return Err(too_large(size));
    }
    // The size is a hint (the file may grow, or be a pipe): read one byte more than allowed.
    let mut bytes = Vec::new();
    file.take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() > max {
        return Err(too_large(bytes.len() as u64));
    }
    let mut text = decode_text(&bytes)
        .map_err(|problem| format!("`{}` is not UTF-8 text: {problem}", path.display()))?;
    // The reader ignores a byte order mark; so do the positions shown.
    if text.starts_with('\u{feff}') {
        text.remove(0);
    }
    Ok(text)
}

/// Which edition's rules judged the document, and why: chosen with `--edition`, named in the
/// document, or the default for a document that names none. `None` for a text that is not a
/// document (its syntax errors say so).
fn edition_line(
    file: &str,
    text: &str,
    format: InputFormat,
    chosen: Option<Edition>,
) -> Option<String> {
    if let Some(edition) = chosen {
        return Some(format!(
            "`{file}` was checked against edition {edition} (chosen with `--edition`)"
        ));
    }
    let value = match format {
        InputFormat::Json => serde_json::from_str::<serde_json::Value>(text).ok()?,
        InputFormat::Yaml => lighthouse_offer::yaml::Document::parse(text)
            .ok()?
            .value()
            .clone(),
    };
    match value.as_object()?.get("edition") {
        None => Some(format!(
            "`{file}` was checked against edition {} (the default: the document names no \
             edition)",
            Edition::default()
        )),
        Some(named) => {
            let edition: Edition = named.as_str()?.parse().ok()?;
            Some(format!(
                "`{file}` was checked against edition {edition} (named in the document)"
            ))
        }
    }
}

/// The text of a file's bytes: UTF-8, or UTF-16 with a byte order mark (what Windows PowerShell
/// 5 writes with `Out-File` and `>`), read as the same text. Anything else is refused with the
/// line and column (in characters) of the first byte that is not UTF-8; UTF-32 (with or without
/// a byte order mark) and UTF-16 without one are named as such, and a NUL character, which no
/// offer or ARM text holds, is pointed at.
pub fn decode_text(bytes: &[u8]) -> Result<String, String> {
    if let Some(encoding) = wide_encoding(bytes) {
        return Err(format!(
            "it is {encoding} text (line 1, column 1 holds a 0x00 byte, as every ASCII \
             character of {encoding} does); save the file as UTF-8"
        ));
    }
    let text = decode_bytes(bytes)?;
    match text.find('\0') {
        None => Ok(text),
        Some(at) => {
            let (line, column) = line_column(&text[..at]);
            Err(format!(
                "line {line}, column {column} holds a NUL character (the byte 0x00), which a \
                 text document does not; remove it, or save the file as UTF-8 text if it is \
                 another encoding"
            ))
        }
    }
}

/// The line and column (in characters, from 1) just after `before`.
fn line_column(before: &str) -> (usize, usize) {
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The name of the encoding of a text that starts with a character of ASCII written on two or
/// four bytes (UTF-16 without a byte order mark, UTF-32 with or without one), as RFC 4627 told
/// JSON readers to detect it; `None` for anything else.
fn wide_encoding(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xff, 0xfe, 0, 0, ..] => Some("UTF-32 (little-endian, with a byte order mark)"),
        [0, 0, 0xfe, 0xff, ..] => Some("UTF-32 (big-endian, with a byte order mark)"),
        [0, 0, 0, a, ..] if *a != 0 => Some("UTF-32 (big-endian)"),
        [a, 0, 0, 0, ..] if *a != 0 => Some("UTF-32 (little-endian)"),
        [0, a, ..] if *a != 0 && a.is_ascii() => {
            Some("UTF-16 (big-endian) without a byte order mark")
        }
        [a, 0, ..] if *a != 0 && a.is_ascii() => {
            Some("UTF-16 (little-endian) without a byte order mark")
        }
        _ => None,
    }
}

/// UTF-8, or UTF-16 after its byte order mark.
fn decode_bytes(bytes: &[u8]) -> Result<String, String> {
    let utf16 = |little: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|pair| match (pair, little) {
                ([a, b], true) => u16::from_le_bytes([*a, *b]),
                ([a, b], false) => u16::from_be_bytes([*a, *b]),
                _ => 0xfffd,
            })
            .collect();
        if bytes.len() % 2 == 1 {
            return Err(
                "it starts with a UTF-16 byte order mark but has an odd number of bytes; \
                 save it as UTF-8"
                    .to_owned(),
            );
        }
        String::from_utf16(&units).map_err(|_| {
            "it starts with a UTF-16 byte order mark but is not UTF-16 text; save it as UTF-8"
                .to_owned()
        })
    };
    match bytes {
        [0xff, 0xfe, ..] => utf16(true),
        [0xfe, 0xff, ..] => utf16(false),
        _ => String::from_utf8(bytes.to_vec()).map_err(|error| {
            let valid = &bytes[..error.utf8_error().valid_up_to()];
            // The valid part is UTF-8 by definition.
            let before = std::str::from_utf8(valid).unwrap_or_default();
            let (line, column) = line_column(before);
            let byte = bytes[valid.len()];
            format!(
                "line {line}, column {column} has the byte 0x{byte:02x}, which UTF-8 does not \
                 allow there (another encoding, such as Windows-1252?); save the file as UTF-8"
            )
        }),
    }
}

/// The folder that image paths in the document are relative to.
pub fn base_dir(document: &Path) -> &Path {
    match document.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Which part of a member a rule is about: the name for a field that should not be there, the
/// value for everything else.
fn part(rule: Rule) -> Part {
    if rule == Rule::UnknownField {
        Part::Key
    } else {
        Part::Value
    }
}

/// Places every diagnostic in the text, in the order of the text.
pub fn locate_all(text: &str, diagnostics: Vec<Diagnostic>) -> Vec<Located> {
    locate_in(text, diagnostics, InputFormat::Json, false)
}

/// [`locate_all`] for an ARM file, whose text may have comments.
pub fn locate_all_arm(text: &str, diagnostics: Vec<Diagnostic>) -> Vec<Located> {
    locate_in(text, diagnostics, InputFormat::Json, true)
}

/// [`locate_all`] for a text in `format`.
pub fn locate_all_as(
    text: &str,
    format: InputFormat,
    diagnostics: Vec<Diagnostic>,
) -> Vec<Located> {
    locate_in(text, diagnostics, format, false)
}

fn locate_in(
    text: &str,
    diagnostics: Vec<Diagnostic>,
    format: InputFormat,
    arm: bool,
) -> Vec<Located> {
    if diagnostics.is_empty() {
        return Vec::new();
    }
    // Built only for diagnostics with a path: a text that serde_json refused (not JSON, nested
    // too deep) is not given to a second parser.
    let locator = std::cell::OnceCell::new();
    let mut found: Vec<Located> = diagnostics
        .into_iter()
        .map(|diagnostic| {
            let syntax = if !render::is_unreadable_json(diagnostic.rule()) {
                None
            } else if format == InputFormat::Yaml {
                lighthouse_offer::yaml::syntax_error(text)
            } else if arm {
                locate::arm_syntax_error(text)
            } else {
                locate::syntax_error(text)
            };
            let span = syntax.unwrap_or_else(|| {
                locator
                    .get_or_init(|| {
                        if arm {
                            Locator::arm(text)
                        } else {
                            Locator::for_format(text, format)
                        }
                    })
                    .span(diagnostic.path(), part(diagnostic.rule()))
            });
            Located::new(diagnostic, text, span)
        })
        .collect();
    found.sort_by_key(|f| (f.span.start, f.diagnostic.rule()));
    found
}
