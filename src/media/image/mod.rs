//! Marketing images: PNG files checked by their bytes, and read safely from the document's folder.
//!
//! Verifying an offer's images is a separate, explicit step with two halves, so that callers can
//! verify images from anywhere (a folder, an archive, an upload):
//!
//! - [`read_image_file`] is the only function here that touches the file system. It reads one
//!   file named by a path relative to the document's folder, and refuses paths that leave the
//!   folder, symbolic links, folders and files over a size limit.
//! - [`inspect_png`], [`check_png`] and [`hero_background`] are pure functions over bytes. A file
//!   is a PNG by its bytes (the PNG signature), never by its name. [`check_png`] decodes the whole
//!   image, so a truncated or corrupt file is caught; [`hero_background`] decodes the pixels with
//!   a real decoder (the `png` crate) and judges the hero's background and its empty right edge.
//!
//! Every problem is an [`ImageError`] that says what was expected and what was found; each maps
//! to a rule (`LO0550` to `LO0560`).
//!
//! # Limits
//!
//! Image files come from publishers and may be hostile: a PNG whose header claims a huge size, a
//! compressed stream that expands enormously, a truncated file. These limits bound memory and
//! time; each is far above what Partner Center accepts (at most 1280×720 pixels):
//!
//! | limit | value | what it bounds |
//! |---|---|---|
//! | [`MAX_IMAGE_FILE_BYTES`] | 10 MiB | the bytes read from a file (the caller passes the limit to [`read_image_file`]; a larger file is refused before it is read) |
//! | [`MAX_DECODE_PIXELS`] | 4,194,304 (2048×2048) | the pixels decoded, checked against the header before any pixel is decoded; so also the time spent decoding |
//! | [`DECODER_MEMORY_BYTES`] | 8 MiB | the decoder's own working memory (`png::Limits`): row buffers and metadata chunks |
//!
//! [`check_png`] decodes one row at a time and keeps none, so its memory is a few rows besides
//! the input. [`hero_background`] keeps the decoded image with 8-bit samples (at most four a
//! pixel): at most 4 × [`MAX_DECODE_PIXELS`] bytes = 16 MiB, 945 KB for an 815×290 hero, plus
//! one hash map entry for each distinct colour of its border and of its right strip. Text and
//! ICC profile chunks are skipped without being decompressed. Time is linear in the input's
//! bytes and the decoded pixels. No function here panics, whatever bytes or files it is given.

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io::{self, Cursor, Read as _};
use std::path::Path;

use crate::report::diagnostic::Violation;
use crate::report::rules::Rule;

/// The largest image file, in bytes, that a caller should let [`read_image_file`] read: 10 MiB.
///
/// Partner Center's images are at most 1280×720 pixels; as PNG they weigh a few hundred
/// kilobytes at most. The limit is this crate's, not Partner Center's.
pub const MAX_IMAGE_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// The most pixels [`check_png`] and [`hero_background`] decode: 4,194,304 (2048×2048), more than
/// four times the largest image Partner Center asks for (1280×720). A PNG whose header claims more
/// is refused before any pixel is decoded. [`inspect_png`] reads only the header and has no such
/// limit.
pub const MAX_DECODE_PIXELS: u64 = 2048 * 2048;

/// The working memory the PNG decoder may allocate for itself, in bytes (8 MiB): given to the
/// `png` crate as `png::Limits`. It bounds row buffers and metadata chunks, not the decoded image,
/// which [`MAX_DECODE_PIXELS`] bounds.
pub const DECODER_MEMORY_BYTES: usize = 8 * 1024 * 1024;

/// The width, in pixels, of the hero image's right edge that must stay empty: 415. Partner Center
/// writes the publisher's name, the plan title and the summary there (seed documents, 2020).
pub const HERO_EMPTY_RIGHT_PX: u32 = 415;

/// How far, in each of red, green, blue and alpha (0 to 255), a pixel may be from a reference
/// colour and still count as that colour: 16. It lets near-black count as black and forgives the
/// faint noise of images that went through lossy formats.
pub const COLOUR_TOLERANCE: u8 = 16;

/// The lowest contrast ratio that white text must have on the hero's background: 3:1, the WCAG 2
/// minimum for large text. Partner Center writes white text on the hero and asks for a background
/// that is not too light.
pub const MIN_WHITE_TEXT_CONTRAST: f64 = 3.0;

/// The eight bytes every PNG file starts with.
const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n'];

/// A problem with an image file or its bytes.
///
/// Messages are lowercase, without a final period, and say what was expected and what was found.
/// Each variant maps to a rule (see [`ImageError::rule`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImageError {
    /// The path is empty, absolute, leaves the document's folder or is not portable.
    #[error(
        "image path {path:?} {problem}, expected a relative path inside the document's folder, with / between folders"
    )]
    PathNotAllowed {
        /// The path as written in the document.
        path: String,
        /// What is wrong with it, such as `contains a .. component`.
        problem: &'static str,
    },
    /// No file at the path.
    #[error("image file {path:?} was not found in the document's folder")]
    NotFound {
        /// The path as written in the document.
        path: String,
    },
    /// The path (or a folder on the way to it) is not what it must be.
    #[error("{}", wrong_kind(path, at, *found))]
    NotAFile {
        /// The path as written in the document.
        path: String,
        /// The part of the path that is wrong: the whole path as written, or a folder on the way
        /// (its components joined with `/`).
        at: String,
        /// What is there instead of a regular file (or, on the way, of a folder).
        found: FileKind,
    },
    /// The file exists but reading it failed.
    #[error("image file {path:?} could not be read: {detail}")]
    Unreadable {
        /// The path as written in the document.
        path: String,
        /// The operating system's reason.
        detail: String,
    },
    /// The file is larger than the caller's limit; it was not read.
    #[error("image file {path:?} has {found_bytes} bytes, at most {max_bytes} are allowed")]
    FileTooLarge {
        /// The path as written in the document.
        path: String,
        /// The limit given to [`read_image_file`].
        max_bytes: u64,
        /// The file's size (at least this many bytes, if it grew while being read).
        found_bytes: u64,
    },
    /// The header claims more pixels than [`MAX_DECODE_PIXELS`].
    #[error(
        "the PNG claims {width}×{height} pixels, more than the {max_pixels} pixels this crate decodes"
    )]
    TooManyPixels {
        /// The width in the PNG header.
        width: u32,
        /// The height in the PNG header.
        height: u32,
        /// [`MAX_DECODE_PIXELS`].
        max_pixels: u64,
    },
    /// Decoding would need more working memory than [`DECODER_MEMORY_BYTES`].
    #[error(
        "decoding the PNG needs more than the {limit_bytes} bytes of working memory this crate allows"
    )]
    DecoderLimit {
        /// [`DECODER_MEMORY_BYTES`].
        limit_bytes: usize,
    },
    /// The bytes do not start with the PNG signature.
    #[error("expected a PNG file, found {found}")]
    NotPng {
        /// What the bytes look like instead, such as `a JPEG image` or `an empty file`.
        found: &'static str,
    },
    /// The bytes end before the PNG is complete.
    #[error(
        "the PNG data ends before the image is complete: the file is truncated, expected the rest of the image and its end chunk"
    )]
    Truncated,
    /// The PNG is damaged: a bad chunk, checksum or compressed stream, or image data that does not
    /// match the size in the header.
    #[error("the PNG data is corrupt: {detail}")]
    Corrupt {
        /// The decoder's description of the damage.
        detail: String,
    },
    /// The image has the wrong size.
    #[error("expected {expected}, found {width}×{height}")]
    WrongSize {
        /// The size rule that applies.
        expected: SizeRule,
        /// The image's width.
        width: u32,
        /// The image's height.
        height: u32,
    },
    /// The hero's background is black, white or transparent.
    #[error(
        "hero background is {background} ({colour} on {percent}% of the border), expected a colour that is neither black, white nor transparent"
    )]
    HeroBackground {
        /// [`Background::Black`], [`Background::White`] or [`Background::Transparent`].
        background: Background,
        /// The most common colour of that kind on the border.
        colour: Rgba,
        /// The share of border pixels of that kind, in percent (rounded down).
        percent: u8,
    },
    /// The hero's background is too light for white text.
    #[error(
        "hero background {colour} is too light for the white text written on it: white has a contrast of {:.2}:1 on it, expected at least 3:1",
        rounded_down(colour.contrast_with_white())
    )]
    LightHeroBackground {
        /// The background colour.
        colour: Rgba,
    },
    /// Pixels in the hero's right 415 px differ from that strip's background.
    #[error(
        "the hero's right {HERO_EMPTY_RIGHT_PX} px (from x = {start_x}) must be empty, found {} from its background {background}, reaching x = {rightmost_x}",
        pixels_that_differ(*content_pixels)
    )]
    HeroRightSpaceNotEmpty {
        /// The first column of the strip.
        start_x: u32,
        /// The strip's most common colour.
        background: Rgba,
        /// How many pixels of the strip differ from it by more than [`COLOUR_TOLERANCE`].
        content_pixels: u64,
        /// The rightmost column where such a pixel is.
        rightmost_x: u32,
    },
}

fn wrong_kind(path: &str, at: &str, found: FileKind) -> String {
    let links = if found == FileKind::SymbolicLink {
        " (symbolic links are not followed)"
    } else {
        ""
    };
    if path == at {
        format!("image path {path:?} is {found}, expected a regular file{links}")
    } else {
        format!(
            "image path {path:?} goes through {at:?}, which is {found}, expected a folder{links}"
        )
    }
}

/// Two decimals, rounded down, so that a contrast just under 3 never reads as 3.00.
fn rounded_down(contrast: f64) -> f64 {
    (contrast * 100.0).floor() / 100.0
}

fn pixels_that_differ(count: u64) -> String {
    if count == 1 {
        "1 pixel that differs".into()
    } else {
        format!("{count} pixels that differ")
    }
}

impl ImageError {
    /// The rule this problem breaks.
    #[must_use]
    pub fn rule(&self) -> Rule {
        match self {
            ImageError::PathNotAllowed { .. } => Rule::ImagePathNotAllowed,
            ImageError::NotFound { .. } => Rule::ImageNotFound,
            ImageError::NotAFile { .. } => Rule::ImageNotAFile,
            ImageError::Unreadable { .. } => Rule::ImageUnreadable,
            ImageError::FileTooLarge { .. }
            | ImageError::TooManyPixels { .. }
            | ImageError::DecoderLimit { .. } => Rule::ImageTooLarge,
            ImageError::NotPng { .. } => Rule::NotAPng,
            ImageError::Truncated | ImageError::Corrupt { .. } => Rule::CorruptPng,
            ImageError::WrongSize { .. } => Rule::WrongImageSize,
            ImageError::HeroBackground { .. } => Rule::HeroBackground,
            ImageError::LightHeroBackground { .. } => Rule::LightHeroBackground,
            ImageError::HeroRightSpaceNotEmpty { .. } => Rule::HeroRightSpaceNotEmpty,
        }
    }
}

impl Violation for ImageError {
    fn rule(&self) -> Rule {
        ImageError::rule(self)
    }
}

/// What a path names when it is not a regular file (or, on the way to the file, not a folder).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FileKind {
    /// A regular file where a folder is needed.
    File,
    /// A folder.
    Folder,
    /// A symbolic link, which is never followed.
    SymbolicLink,
    /// A device, a pipe, a socket or anything else.
    Other,
}

impl fmt::Display for FileKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileKind::File => "a file",
            FileKind::Folder => "a folder",
            FileKind::SymbolicLink => "a symbolic link",
            FileKind::Other => "neither a file nor a folder",
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Reading a file

/// Reads the image file at `relative`, a path relative to `base_dir` (the document's folder), and
/// returns its bytes. No more than `max_bytes` bytes are read: pass [`MAX_IMAGE_FILE_BYTES`]
/// unless you have a reason to choose another limit.
///
/// The path is written as in the document: folders separated by `/`, such as `logos/40.png`.
/// Refused, before the file system is touched:
/// an empty path, an absolute path (`/etc/passwd`), a `..` component (`../../etc/passwd`), a
/// backslash, a colon (a Windows drive or stream) a NUL character, an empty or `.` component. Then every component is
/// looked at without following links ([`std::fs::symlink_metadata`]): each folder on the way must
/// be a real folder and the last component a regular file; a symbolic link anywhere is refused.
/// `base_dir` itself is trusted and may be reached through links. A file larger than `max_bytes`
/// is refused from its metadata, without being read.
///
/// Between the check and the read, a process that can write to the folder could swap a file for
/// a link; the file is opened and its type checked again, but the crate does not claim to defend
/// against such a race.
///
/// ```
/// use lighthouse_offer::image::{read_image_file, ImageError, MAX_IMAGE_FILE_BYTES};
///
/// let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/contoso-sentinel");
/// let bytes = read_image_file(&base, "logos/40.png", MAX_IMAGE_FILE_BYTES).unwrap();
/// assert!(bytes.starts_with(b"\x89PNG"));
///
/// let error = read_image_file(&base, "../../etc/passwd", MAX_IMAGE_FILE_BYTES).unwrap_err();
/// assert!(matches!(error, ImageError::PathNotAllowed { .. }));
/// ```
///
/// # Errors
/// [`ImageError::PathNotAllowed`], [`ImageError::NotFound`], [`ImageError::NotAFile`],
/// [`ImageError::FileTooLarge`] or [`ImageError::Unreadable`].
pub fn read_image_file(
    base_dir: &Path,
    relative: &str,
    max_bytes: u64,
) -> Result<Vec<u8>, ImageError> {
    let components = checked_components(relative)?;
    let path = || relative.to_owned();
    let unreadable = |error: &io::Error| ImageError::Unreadable {
        path: path(),
        detail: error.to_string(),
    };

    let mut full = base_dir.to_path_buf();
    let mut shown = String::new();
    for (i, name) in components.iter().enumerate() {
        full.push(name);
        if !shown.is_empty() {
            shown.push('/');
        }
        shown.push_str(name);
        let last = i + 1 == components.len();
        let metadata = match fs::symlink_metadata(&full) {
            Ok(metadata) => metadata,
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                return Err(ImageError::NotFound { path: path() });
            }
            Err(error) => return Err(unreadable(&error)),
        };
        let kind = file_kind(metadata.file_type());
        let fine = if last {
            kind == FileKind::File
        } else {
            kind == FileKind::Folder
        };
        if !fine {
            return Err(ImageError::NotAFile {
                path: path(),
                at: if last { path() } else { shown },
                found: kind,
            });
        }
    }

    let file = fs::File::open(&full).map_err(|error| match error.kind() {
        io::ErrorKind::NotFound => ImageError::NotFound { path: path() },
        _ => unreadable(&error),
    })?;
    let metadata = file.metadata().map_err(|error| unreadable(&error))?;
    let kind = file_kind(metadata.file_type());
    if kind != FileKind::File {
        return Err(ImageError::NotAFile {
            path: path(),
            at: path(),
            found: kind,
        });
    }
    let too_large = |found_bytes| ImageError::FileTooLarge {
        path: path(),
        max_bytes,
        found_bytes,
    };
    if metadata.len() > max_bytes {
        return Err(too_large(metadata.len()));
    }
    // The metadata's length is a hint: read at most one byte more than allowed, in case the file
    // grew since.
    let capacity = usize::try_from(metadata.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| unreadable(&error))?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > max_bytes {
        return Err(too_large(read));
    }
    Ok(bytes)
}

fn file_kind(file_type: fs::FileType) -> FileKind {
    if file_type.is_symlink() {
        FileKind::SymbolicLink
    } else if file_type.is_dir() {
        FileKind::Folder
    } else if file_type.is_file() {
        FileKind::File
    } else {
        FileKind::Other
    }
}

/// The path's components, or why the path is refused. This is the rule of
/// [`crate::ImagePath`] too, so the model and the file step refuse the same paths.
pub(crate) fn checked_components(relative: &str) -> Result<Vec<&str>, ImageError> {
    let refuse = |problem| ImageError::PathNotAllowed {
        path: relative.to_owned(),
        problem,
    };
    if relative.is_empty() {
        return Err(refuse("is empty"));
    }
    if relative.starts_with('/') || Path::new(relative).is_absolute() {
        return Err(refuse("is absolute"));
    }
    if relative.contains('\\') {
        return Err(refuse("contains a backslash"));
    }
    if relative.contains(':') {
        return Err(refuse("contains a colon"));
    }
    if relative.contains('\0') {
        return Err(refuse("contains a NUL character"));
    }
    let components: Vec<&str> = relative.split('/').collect();
    if components.contains(&"..") {
        return Err(refuse("contains a .. component"));
    }
    if components
        .iter()
        .any(|part| part.is_empty() || *part == ".")
    {
        return Err(refuse("has an empty or . component"));
    }
    Ok(components)
}

// ---------------------------------------------------------------------------------------------
// The PNG header

/// How a PNG stores its pixels, as its header says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ColourType {
    /// Grey levels.
    Grayscale,
    /// Grey levels with an alpha channel.
    GrayscaleAlpha,
    /// Red, green and blue.
    Rgb,
    /// Red, green, blue and alpha.
    Rgba,
    /// Indexes into a palette.
    Indexed,
}

/// What a PNG's header says about the image: the result of [`inspect_png`] and [`check_png`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PngInfo {
    width: u32,
    height: u32,
    colour_type: ColourType,
    bit_depth: u8,
    has_alpha: bool,
    interlaced: bool,
}

impl PngInfo {
    /// The width in pixels.
    #[must_use]
    pub fn width(&self) -> u32 {
        self.width
    }

    /// The height in pixels.
    #[must_use]
    pub fn height(&self) -> u32 {
        self.height
    }

    /// How the pixels are stored.
    #[must_use]
    pub fn colour_type(&self) -> ColourType {
        self.colour_type
    }

    /// Bits per sample (per palette index for indexed images): 1, 2, 4, 8 or 16.
    #[must_use]
    pub fn bit_depth(&self) -> u8 {
        self.bit_depth
    }

    /// Whether some pixels can be transparent: an alpha channel, or a `tRNS` chunk.
    #[must_use]
    pub fn has_alpha(&self) -> bool {
        self.has_alpha
    }

    /// Whether the image data is interlaced (Adam7).
    #[must_use]
    pub fn interlaced(&self) -> bool {
        self.interlaced
    }

    fn from_png(info: &png::Info<'_>) -> Self {
        let colour_type = match info.color_type {
            png::ColorType::Grayscale => ColourType::Grayscale,
            png::ColorType::GrayscaleAlpha => ColourType::GrayscaleAlpha,
            png::ColorType::Rgb => ColourType::Rgb,
            png::ColorType::Rgba => ColourType::Rgba,
            png::ColorType::Indexed => ColourType::Indexed,
        };
        PngInfo {
            width: info.width,
            height: info.height,
            colour_type,
            bit_depth: info.bit_depth as u8,
            has_alpha: matches!(colour_type, ColourType::GrayscaleAlpha | ColourType::Rgba)
                || info.trns.is_some(),
            interlaced: info.interlaced,
        }
    }
}

/// Reads a PNG's signature and header chunks (up to the image data) and says what they contain,
/// without decoding pixels. Cheap; use [`check_png`] to know that the whole file is sound.
///
/// ```
/// use lighthouse_offer::image::{inspect_png, ImageError};
///
/// let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/contoso-sentinel/logos/90.png")).unwrap();
/// let info = inspect_png(&bytes).unwrap();
/// assert_eq!((info.width(), info.height()), (90, 90));
///
/// let error = inspect_png(b"GIF89a\x01\x00\x01\x00").unwrap_err();
/// assert_eq!(error.to_string(), "expected a PNG file, found a GIF image");
/// ```
///
/// # Errors
/// [`ImageError::NotPng`] when the bytes do not start with the PNG signature;
/// [`ImageError::Truncated`] or [`ImageError::Corrupt`] when the header chunks are incomplete or
/// damaged; [`ImageError::TooManyPixels`] when the header's size cannot even be addressed.
pub fn inspect_png(bytes: &[u8]) -> Result<PngInfo, ImageError> {
    let reader = open(bytes, png::Transformations::IDENTITY)?;
    Ok(PngInfo::from_png(reader.info()))
}

/// The keyword of the PNG `tEXt` chunk that marks an image as a placeholder to replace, such
/// as the logos `lighthouse-offer init` writes: [`is_placeholder`] finds it.
pub const PLACEHOLDER_KEYWORD: &str = "lighthouse-offer placeholder";

/// The text of the [`PLACEHOLDER_KEYWORD`] chunk: what the image is, for whoever opens it.
pub const PLACEHOLDER_TEXT: &str =
    "A placeholder written by lighthouse-offer init: replace it with the offer's own image.";

/// Whether a PNG holds a `tEXt` chunk with the [`PLACEHOLDER_KEYWORD`]: an image written to be
/// replaced, which an offer must not publish. Reads the chunks' headers only (no decoding); bytes
/// that are not a PNG, or a chunk list cut short, hold no marker.
///
/// ```
/// use lighthouse_offer::image::is_placeholder;
///
/// let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/contoso-sentinel/logos/90.png")).unwrap();
/// assert!(!is_placeholder(&bytes));
/// ```
#[must_use]
pub fn is_placeholder(bytes: &[u8]) -> bool {
    let Some(mut rest) = bytes.strip_prefix(PNG_SIGNATURE.as_slice()) else {
        return false;
    };
    let mut marker = PLACEHOLDER_KEYWORD.as_bytes().to_vec();
    marker.push(0);
    while rest.len() >= 12 {
        let length = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        let kind = &rest[4..8];
        let Some(data) = rest.get(8..8usize.saturating_add(length)) else {
            return false;
        };
        if kind == b"tEXt" && data.starts_with(&marker) {
            return true;
        }
        if kind == b"IEND" {
            return false;
        }
        rest = rest.get(12 + length..).unwrap_or_default();
    }
    false
}

/// Checks that the bytes are a sound PNG of the required size: the header as [`inspect_png`]
/// reads it, the size against `expected`, then every row of the image data decoded (one row at a
/// time, none kept) and the chunks up to the end chunk read, so that a truncated or corrupt file
/// is caught. Checksums (chunk CRCs and the compressed stream's Adler-32) are verified.
///
/// ```
/// use lighthouse_offer::image::{check_png, SizeRule};
///
/// let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/contoso-sentinel/logos/90.png")).unwrap();
/// assert!(check_png(&bytes, SizeRule::exact(90, 90)).is_ok());
///
/// let error = check_png(&bytes, SizeRule::exact(40, 40)).unwrap_err();
/// assert_eq!(error.to_string(), "expected a PNG of 40×40 pixels, found 90×90");
/// ```
///
/// # Errors
/// Those of [`inspect_png`]; [`ImageError::WrongSize`] when the size breaks `expected`;
/// [`ImageError::TooManyPixels`] when `expected` allows more than [`MAX_DECODE_PIXELS`] and the
/// image has them; [`ImageError::Truncated`], [`ImageError::Corrupt`] or
/// [`ImageError::DecoderLimit`] while decoding.
pub fn check_png(bytes: &[u8], expected: SizeRule) -> Result<PngInfo, ImageError> {
    let info = inspect_png(bytes)?;
    if !expected.accepts(info.width, info.height) {
        return Err(ImageError::WrongSize {
            expected,
            width: info.width,
            height: info.height,
        });
    }
    check_pixel_count(info.width, info.height)?;
    let mut reader = open(bytes, png::Transformations::IDENTITY)?;
    while reader.next_row().map_err(from_png)?.is_some() {}
    reader.finish().map_err(from_png)?;
    Ok(info)
}

/// The size an image must have.
///
/// Partner Center's 2020 rules ask for exact sizes (logos 40×40, 90×90, 115×115, 255×115, hero
/// 815×290; screenshots of any size); later rules ask for a square large logo between 216×216
/// and 350×350, and screenshots of 1280×720.
///
/// ```
/// use lighthouse_offer::image::SizeRule;
///
/// assert!(SizeRule::exact(255, 115).accepts(255, 115));
/// assert!(!SizeRule::exact(255, 115).accepts(115, 255));
/// assert!(SizeRule::square(216, 350).accepts(300, 300));
/// assert!(!SizeRule::square(216, 350).accepts(300, 301));
/// assert_eq!(SizeRule::square(216, 350).to_string(), "a square PNG of 216×216 to 350×350 pixels");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SizeRule(SizeKind);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum SizeKind {
    Any,
    Exact { width: u32, height: u32 },
    Square { min: u32, max: u32 },
}

impl SizeRule {
    /// A size the rule accepts, for an image drawn to fit it (the largest square of a range);
    /// `None` for any size.
    ///
    /// ```
    /// use lighthouse_offer::image::SizeRule;
    ///
    /// assert_eq!(SizeRule::exact(255, 115).example_size(), Some((255, 115)));
    /// assert_eq!(SizeRule::square(216, 350).example_size(), Some((350, 350)));
    /// assert_eq!(SizeRule::ANY.example_size(), None);
    /// ```
    #[must_use]
    pub const fn example_size(self) -> Option<(u32, u32)> {
        match self.0 {
            SizeKind::Any => None,
            SizeKind::Exact { width, height } => Some((width, height)),
            SizeKind::Square { max, .. } => Some((max, max)),
        }
    }

    /// Any size: the file must only be a sound PNG.
    pub const ANY: SizeRule = SizeRule(SizeKind::Any);

    /// Exactly `width` × `height` pixels.
    ///
    /// # Panics
    /// When a side is 0 (a PNG cannot have it); in a `const` this is a compile-time error.
    #[must_use]
    pub const fn exact(width: u32, height: u32) -> Self {
        assert!(width > 0 && height > 0, "an image size cannot be 0");
        SizeRule(SizeKind::Exact { width, height })
    }

    /// A square whose side is between `min` and `max` pixels, both included.
    ///
    /// # Panics
    /// When `min` is 0 or greater than `max`; in a `const` this is a compile-time error.
    #[must_use]
    pub const fn square(min: u32, max: u32) -> Self {
        assert!(min > 0 && min <= max, "expected 0 < min <= max");
        SizeRule(SizeKind::Square { min, max })
    }

    /// Whether an image of `width` × `height` pixels follows the rule.
    #[must_use]
    pub const fn accepts(self, width: u32, height: u32) -> bool {
        match self.0 {
            SizeKind::Any => true,
            SizeKind::Exact {
                width: w,
                height: h,
            } => width == w && height == h,
            SizeKind::Square { min, max } => width == height && width >= min && width <= max,
        }
    }
}

impl fmt::Display for SizeRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            SizeKind::Any => f.write_str("a PNG of any size"),
            SizeKind::Exact { width, height } => write!(f, "a PNG of {width}×{height} pixels"),
            SizeKind::Square { min, max } => {
                write!(f, "a square PNG of {min}×{min} to {max}×{max} pixels")
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Decoding

/// Checks the signature, then reads the header chunks with the crate's limits.
fn open(
    bytes: &[u8],
    transformations: png::Transformations,
) -> Result<png::Reader<Cursor<&[u8]>>, ImageError> {
    check_signature(bytes)?;
    let mut options = png::DecodeOptions::default();
    options.set_ignore_adler32(false);
    options.set_ignore_crc(false);
    options.set_ignore_text_chunk(true);
    options.set_ignore_iccp_chunk(true);
    let mut decoder = png::Decoder::new_with_options(Cursor::new(bytes), options);
    decoder.set_limits(png::Limits {
        bytes: DECODER_MEMORY_BYTES,
    });
    decoder.set_transformations(transformations);
    let (width, height) = decoder.read_header_info().map_err(from_png)?.size();
    decoder.read_info().map_err(|error| match error {
        // The header's size cannot be addressed: say so in its own terms.
        png::DecodingError::LimitsExceeded
            if u64::from(width) * u64::from(height) > MAX_DECODE_PIXELS =>
        {
            too_many_pixels(width, height)
        }
        error => from_png(error),
    })
}

fn check_signature(bytes: &[u8]) -> Result<(), ImageError> {
    if bytes.starts_with(&PNG_SIGNATURE) {
        Ok(())
    } else if !bytes.is_empty() && PNG_SIGNATURE.starts_with(bytes) {
        Err(ImageError::Truncated)
    } else {
        Err(ImageError::NotPng {
            found: sniff(bytes),
        })
    }
}

/// What bytes that are not a PNG look like, from their first bytes.
fn sniff(bytes: &[u8]) -> &'static str {
    let text = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .trim_ascii_start();
    match bytes {
        [] => "an empty file",
        [0xFF, 0xD8, 0xFF, ..] => "a JPEG image",
        [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => "a GIF image",
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => "a WebP image",
        [b'B', b'M', ..] => "a BMP image",
        [b'I', b'I', 0x2A, 0, ..] | [b'M', b'M', 0, 0x2A, ..] => "a TIFF image",
        [0, 0, 1, 0, ..] => "an ICO icon",
        [b'%', b'P', b'D', b'F', ..] => "a PDF document",
        [0, 0, 0, _, b'f', b't', b'y', b'p', ..] => "an AVIF, HEIC or other ISO media file",
        _ if text.starts_with(b"<") => "an SVG, HTML or other XML text",
        _ => "bytes that do not start with the PNG signature",
    }
}

fn check_pixel_count(width: u32, height: u32) -> Result<(), ImageError> {
    if u64::from(width) * u64::from(height) > MAX_DECODE_PIXELS {
        Err(too_many_pixels(width, height))
    } else {
        Ok(())
    }
}

fn too_many_pixels(width: u32, height: u32) -> ImageError {
    ImageError::TooManyPixels {
        width,
        height,
        max_pixels: MAX_DECODE_PIXELS,
    }
}

fn from_png(error: png::DecodingError) -> ImageError {
    match error {
        png::DecodingError::IoError(error) if error.kind() == io::ErrorKind::UnexpectedEof => {
            ImageError::Truncated
        }
        png::DecodingError::IoError(error) => corrupt(&error),
        png::DecodingError::Format(error) => corrupt(&error),
        png::DecodingError::Parameter(error) => corrupt(&error),
        png::DecodingError::LimitsExceeded => ImageError::DecoderLimit {
            limit_bytes: DECODER_MEMORY_BYTES,
        },
    }
}

/// The decoder's message, in the crate's style: no final period, lowercase first word, chunk
/// types by their names (`IHDR`, not `ChunkType { type: IHDR, critical: true, … }`).
fn corrupt(error: &dyn fmt::Display) -> ImageError {
    let mut text = error.to_string();
    while let Some(start) = text.find("ChunkType { type: ") {
        let name_start = start + "ChunkType { type: ".len();
        let Some(length) = text[start..].find('}') else {
            break;
        };
        let name: String = text[name_start..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        text.replace_range(start..=start + length, &name);
    }
    let text = text.trim().trim_end_matches('.');
    let mut chars = text.chars();
    let detail = match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_owned(),
    };
    ImageError::Corrupt { detail }
}

// ---------------------------------------------------------------------------------------------
// The hero's pixels

/// A colour with 8-bit red, green, blue and alpha (255 is opaque), as decoded from a PNG.
///
/// Shown as `#rrggbb` when opaque, `#rrggbbaa` otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rgba {
    /// Red, 0 to 255.
    pub r: u8,
    /// Green, 0 to 255.
    pub g: u8,
    /// Blue, 0 to 255.
    pub b: u8,
    /// Alpha, 0 (transparent) to 255 (opaque).
    pub a: u8,
}

impl Rgba {
    /// The WCAG 2 contrast ratio of white text on this colour, from 1 (white) to 21 (black); the
    /// colour is taken as opaque sRGB.
    ///
    /// ```
    /// use lighthouse_offer::image::Rgba;
    ///
    /// let black = Rgba { r: 0, g: 0, b: 0, a: 255 };
    /// assert!((black.contrast_with_white() - 21.0).abs() < 1e-9);
    /// ```
    #[must_use]
    pub fn contrast_with_white(self) -> f64 {
        fn linear(channel: u8) -> f64 {
            let c = f64::from(channel) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        let luminance = 0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b);
        1.05 / (luminance + 0.05)
    }

    /// Whether every channel of `other` is within [`COLOUR_TOLERANCE`] of this colour's.
    fn near(self, other: Rgba) -> bool {
        let close = |x: u8, y: u8| x.abs_diff(y) <= COLOUR_TOLERANCE;
        close(self.r, other.r)
            && close(self.g, other.g)
            && close(self.b, other.b)
            && close(self.a, other.a)
    }
}

impl fmt::Display for Rgba {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)?;
        if self.a != 255 {
            write!(f, "{:02x}", self.a)?;
        }
        Ok(())
    }
}

/// The kind of a colour, as the hero's rules see it.
///
/// A colour is [`Transparent`](Background::Transparent) when not fully opaque (alpha below 255);
/// else [`Black`](Background::Black) when red, green and blue are all within
/// [`COLOUR_TOLERANCE`] of 0; else [`White`](Background::White) when all are within it of 255;
/// else [`Light`](Background::Light) when white text on it has a contrast below
/// [`MIN_WHITE_TEXT_CONTRAST`]; else [`Coloured`](Background::Coloured).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Background {
    /// Not fully opaque: not allowed for a hero.
    Transparent,
    /// Black or nearly: not allowed for a hero.
    Black,
    /// White or nearly: not allowed for a hero.
    White,
    /// Allowed, but too light for the white text written on it.
    Light,
    /// Allowed.
    Coloured,
}

impl Background {
    /// In the order ties are broken: the worst first.
    const ALL: [Background; 5] = [
        Background::Transparent,
        Background::Black,
        Background::White,
        Background::Light,
        Background::Coloured,
    ];

    /// The kind of a colour.
    #[must_use]
    pub fn of(colour: Rgba) -> Self {
        let max = COLOUR_TOLERANCE;
        let min = u8::MAX - COLOUR_TOLERANCE;
        if colour.a < u8::MAX {
            Background::Transparent
        } else if colour.r <= max && colour.g <= max && colour.b <= max {
            Background::Black
        } else if colour.r >= min && colour.g >= min && colour.b >= min {
            Background::White
        } else if colour.contrast_with_white() < MIN_WHITE_TEXT_CONTRAST {
            Background::Light
        } else {
            Background::Coloured
        }
    }

    const fn index(self) -> usize {
        match self {
            Background::Transparent => 0,
            Background::Black => 1,
            Background::White => 2,
            Background::Light => 3,
            Background::Coloured => 4,
        }
    }
}

impl fmt::Display for Background {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Background::Transparent => "transparent",
            Background::Black => "black",
            Background::White => "white",
            Background::Light => "light",
            Background::Coloured => "coloured",
        })
    }
}

/// What [`hero_background`] found: the background's kind and colour, judged from the image's
/// border, and whether the right 415 px are empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackgroundFinding {
    background: Background,
    colour: Rgba,
    border_pixels: u64,
    matching_pixels: u64,
    right_space: RightSpace,
}

impl BackgroundFinding {
    /// The kind most border pixels have (the outermost row and column on each side).
    #[must_use]
    pub fn background(&self) -> Background {
        self.background
    }

    /// The most common colour of that kind on the border.
    #[must_use]
    pub fn colour(&self) -> Rgba {
        self.colour
    }

    /// How many pixels the border has.
    #[must_use]
    pub fn border_pixels(&self) -> u64 {
        self.border_pixels
    }

    /// How many border pixels are of the background's kind.
    #[must_use]
    pub fn matching_pixels(&self) -> u64 {
        self.matching_pixels
    }

    /// What is in the right 415 px.
    #[must_use]
    pub fn right_space(&self) -> &RightSpace {
        &self.right_space
    }

    /// The hero rules this image breaks, as errors ([`ImageError::HeroBackground`]) and warnings
    /// ([`ImageError::LightHeroBackground`], [`ImageError::HeroRightSpaceNotEmpty`]); empty when
    /// the hero is fine.
    #[must_use]
    pub fn issues(&self) -> Vec<ImageError> {
        let mut issues = Vec::new();
        match self.background {
            Background::Transparent | Background::Black | Background::White => {
                let percent = self.matching_pixels * 100 / self.border_pixels.max(1);
                issues.push(ImageError::HeroBackground {
                    background: self.background,
                    colour: self.colour,
                    percent: u8::try_from(percent).unwrap_or(100),
                });
            }
            Background::Light => issues.push(ImageError::LightHeroBackground {
                colour: self.colour,
            }),
            Background::Coloured => {}
        }
        if let Some(rightmost_x) = self.right_space.rightmost_content_x {
            issues.push(ImageError::HeroRightSpaceNotEmpty {
                start_x: self.right_space.start_x,
                background: self.right_space.colour,
                content_pixels: self.right_space.content_pixels,
                rightmost_x,
            });
        }
        issues
    }
}

/// The hero's right strip, [`HERO_EMPTY_RIGHT_PX`] wide (the whole image when it is narrower),
/// which must stay empty: every pixel within [`COLOUR_TOLERANCE`] of the strip's most common
/// colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RightSpace {
    start_x: u32,
    colour: Rgba,
    content_pixels: u64,
    rightmost_content_x: Option<u32>,
}

impl RightSpace {
    /// The strip's first column.
    #[must_use]
    pub fn start_x(&self) -> u32 {
        self.start_x
    }

    /// The strip's most common colour.
    #[must_use]
    pub fn colour(&self) -> Rgba {
        self.colour
    }

    /// How many pixels of the strip are not near its most common colour.
    #[must_use]
    pub fn content_pixels(&self) -> u64 {
        self.content_pixels
    }

    /// The rightmost column where such a pixel is, if any.
    #[must_use]
    pub fn rightmost_content_x(&self) -> Option<u32> {
        self.rightmost_content_x
    }

    /// Whether the strip is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.content_pixels == 0
    }
}

/// Decodes a hero image's pixels and judges its background and its right edge.
///
/// The whole image is decoded (see the module's limits) to 8-bit samples (palettes and `tRNS`
/// transparency applied, 16-bit samples cut to 8), and then:
/// - the border (the outermost row and column on each side) is sorted by [`Background`] kind; the
///   kind most border pixels have is the background's (ties go to the worse kind);
/// - the right [`HERO_EMPTY_RIGHT_PX`] columns must be empty: every pixel within
///   [`COLOUR_TOLERANCE`] of the strip's most common colour.
///
/// Colour profiles and gamma chunks are not applied: sample values are read as sRGB. The size is
/// not checked here; use [`check_png`] with `SizeRule::exact(815, 290)` for that.
/// [`BackgroundFinding::issues`] turns the finding into errors and warnings.
///
/// ```
/// use lighthouse_offer::image::{hero_background, Background};
///
/// let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/contoso-sentinel/logos/hero.png")).unwrap();
/// let finding = hero_background(&bytes).unwrap();
/// assert_eq!(finding.background(), Background::Coloured);
/// assert!(finding.right_space().is_empty());
/// assert!(finding.issues().is_empty());
///
/// assert!(hero_background(&bytes[..bytes.len() - 20]).is_err()); // truncated
/// ```
///
/// # Errors
/// Those of [`inspect_png`]; [`ImageError::TooManyPixels`] over [`MAX_DECODE_PIXELS`];
/// [`ImageError::Truncated`], [`ImageError::Corrupt`] or [`ImageError::DecoderLimit`] while
/// decoding.
pub fn hero_background(bytes: &[u8]) -> Result<BackgroundFinding, ImageError> {
    let image = decode(bytes)?;
    Ok(judge(&image))
}

/// A decoded image with 8-bit samples: grey, grey and alpha, RGB or RGBA, row after row.
struct Decoded {
    width: u32,
    height: u32,
    channels: usize,
    line_size: usize,
    samples: Vec<u8>,
}

impl Decoded {
    /// The samples of row `y` from column `from` to the end of the row.
    fn samples(&self, y: u32, from: u32) -> &[u8] {
        let start = y as usize * self.line_size + from as usize * self.channels;
        let end = y as usize * self.line_size + self.width as usize * self.channels;
        self.samples.get(start..end).unwrap_or(&[])
    }

    /// `count` pixels of `colour`, as samples in this image's layout (a grey colour came from
    /// grey samples, so its red value is its grey level).
    fn uniform_samples(&self, colour: Rgba, count: usize) -> Vec<u8> {
        let pixel: &[u8] = match self.channels {
            1 => &[colour.r],
            2 => &[colour.r, colour.a],
            3 => &[colour.r, colour.g, colour.b],
            _ => &[colour.r, colour.g, colour.b, colour.a],
        };
        pixel.repeat(count)
    }

    /// The pixels of row `line` from column `from` to the end of the row.
    fn row(&self, line: u32, from: u32) -> impl Iterator<Item = Rgba> + '_ {
        self.samples(line, from)
            .chunks_exact(self.channels)
            .map(|sample| match *sample {
                [grey] => Rgba {
                    r: grey,
                    g: grey,
                    b: grey,
                    a: u8::MAX,
                },
                [grey, a] => Rgba {
                    r: grey,
                    g: grey,
                    b: grey,
                    a,
                },
                [r, g, b] => Rgba {
                    r,
                    g,
                    b,
                    a: u8::MAX,
                },
                [r, g, b, a] => Rgba { r, g, b, a },
                _ => Rgba {
                    r: 0,
                    g: 0,
                    b: 0,
                    a: 0,
                },
            })
    }

    fn at(&self, x: u32, y: u32) -> Rgba {
        self.row(y, x).next().unwrap_or(Rgba {
            r: 0,
            g: 0,
            b: 0,
            a: 0,
        })
    }
}

/// Counts colours, a run of equal pixels at a time: flat images have long runs, so this hashes
/// far fewer times than there are pixels.
fn tally(counts: &mut HashMap<Rgba, u64>, pixels: impl Iterator<Item = Rgba>) {
    let mut run: Option<(Rgba, u64)> = None;
    for pixel in pixels {
        match &mut run {
            Some((colour, n)) if *colour == pixel => *n += 1,
            _ => {
                if let Some((colour, n)) = run.replace((pixel, 1)) {
                    *counts.entry(colour).or_insert(0) += n;
                }
            }
        }
    }
    if let Some((colour, n)) = run {
        *counts.entry(colour).or_insert(0) += n;
    }
}

fn decode(bytes: &[u8]) -> Result<Decoded, ImageError> {
    let mut reader = open(
        bytes,
        png::Transformations::ALPHA | png::Transformations::STRIP_16,
    )?;
    let (width, height) = reader.info().size();
    check_pixel_count(width, height)?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| too_many_pixels(width, height))?;
    let mut samples = vec![0; size];
    let output = reader.next_frame(&mut samples).map_err(from_png)?;
    reader.finish().map_err(from_png)?;

    let channels = match (output.color_type, output.bit_depth) {
        (png::ColorType::Grayscale, png::BitDepth::Eight) => 1,
        (png::ColorType::GrayscaleAlpha, png::BitDepth::Eight) => 2,
        (png::ColorType::Rgb, png::BitDepth::Eight) => 3,
        (png::ColorType::Rgba, png::BitDepth::Eight) => 4,
        (colour_type, depth) => {
            return Err(ImageError::Corrupt {
                detail: format!("the decoder gave {colour_type:?} pixels of {depth:?} bits"),
            });
        }
    };
    Ok(Decoded {
        width,
        height,
        channels,
        line_size: output.line_size,
        samples,
    })
}

/// The most common colour among `counts`, of those that `keep`; ties go to the smallest colour so
/// that the result does not depend on hashing.
fn most_common(counts: &HashMap<Rgba, u64>, keep: impl Fn(Rgba) -> bool) -> Option<Rgba> {
    counts
        .iter()
        .filter(|(colour, _)| keep(**colour))
        .max_by(|(a, m), (b, n)| m.cmp(n).then(b.cmp(a)))
        .map(|(colour, _)| *colour)
}

fn judge(image: &Decoded) -> BackgroundFinding {
    let (width, height) = (image.width, image.height);
    let none = Rgba {
        r: 0,
        g: 0,
        b: 0,
        a: 0,
    };

    // The border: top and bottom rows, then the left and right columns between them.
    let mut border: HashMap<Rgba, u64> = HashMap::new();
    tally(&mut border, image.row(0, 0));
    if height > 1 {
        tally(&mut border, image.row(height - 1, 0));
    }
    let inner_rows = 1..height.saturating_sub(1);
    tally(&mut border, inner_rows.clone().map(|y| image.at(0, y)));
    if width > 1 {
        tally(&mut border, inner_rows.map(|y| image.at(width - 1, y)));
    }
    let mut per_kind = [0_u64; 5];
    for (colour, n) in &border {
        per_kind[Background::of(*colour).index()] += n;
    }
    let mut background = Background::ALL[0];
    for kind in Background::ALL {
        if per_kind[kind.index()] > per_kind[background.index()] {
            background = kind;
        }
    }
    let colour = most_common(&border, |c| Background::of(c) == background).unwrap_or(none);

    // The right strip: its most common colour, then the pixels far from it. A row of one colour
    // (the usual case) is recognised whole, by comparing its samples with a uniform row.
    let start_x = width.saturating_sub(HERO_EMPTY_RIGHT_PX);
    let strip_width = (width - start_x) as usize;
    let mut strip: HashMap<Rgba, u64> = HashMap::new();
    let corner = image.at(width.saturating_sub(1), 0);
    let corner_row = image.uniform_samples(corner, strip_width);
    for y in 0..height {
        if image.samples(y, start_x) == corner_row.as_slice() {
            *strip.entry(corner).or_insert(0) += strip_width as u64;
        } else {
            tally(&mut strip, image.row(y, start_x));
        }
    }
    let strip_colour = most_common(&strip, |_| true).unwrap_or(none);
    let strip_row = image.uniform_samples(strip_colour, strip_width);
    let mut content_pixels = 0;
    let mut rightmost_content_x = None;
    for y in 0..height {
        if image.samples(y, start_x) == strip_row.as_slice() {
            continue;
        }
        for (x, pixel) in (start_x..).zip(image.row(y, start_x)) {
            if !pixel.near(strip_colour) {
                content_pixels += 1;
                rightmost_content_x = rightmost_content_x.max(Some(x));
            }
        }
    }

    BackgroundFinding {
        background,
        colour,
        border_pixels: border.values().sum(),
        matching_pixels: per_kind[background.index()],
        right_space: RightSpace {
            start_x,
            colour: strip_colour,
            content_pixels,
            rightmost_content_x,
        },
    }
}
