//! Files as text: the size limit, UTF-8 and UTF-16 (with a byte order mark) read as the same
//! text, other encodings refused with the place of the first byte that is not UTF-8; positions
//! in a text as lines and columns; the folder a document's relative paths start from.
//!
//! Uses only the library (for its size limit).

use std::path::Path;

use lighthouse_offer::Offer;

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

/// The folder that image paths in the document are relative to.
pub fn base_dir(document: &Path) -> &Path {
    match document.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
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
            let (line, column) = line_column(&text, at);
            Err(format!(
                "line {line}, column {column} holds a NUL character (the byte 0x00), which a \
                 text document does not; remove it, or save the file as UTF-8 text if it is \
                 another encoding"
            ))
        }
    }
}

/// The 1-based line and column of a byte offset. Columns count characters (Unicode scalar
/// values), not bytes: in `"é":` the colon is in column 4.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let line = 1 + before.matches('\n').count();
    let column = 1 + before[line_start..].chars().count();
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
            let (line, column) = line_column(before, before.len());
            let byte = bytes[valid.len()];
            format!(
                "line {line}, column {column} has the byte 0x{byte:02x}, which UTF-8 does not \
                 allow there (another encoding, such as Windows-1252?); save the file as UTF-8"
            )
        }),
    }
}
