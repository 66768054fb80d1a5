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

use std::fmt;

use crate::report::diagnostic::Violation;
use crate::report::rules::Rule;

mod file;
mod header;
mod hero;

pub(crate) use file::checked_components;
pub use file::read_image_file;
pub use header::{
    ColourType, PLACEHOLDER_KEYWORD, PLACEHOLDER_TEXT, PngInfo, SizeRule, check_png, inspect_png,
    is_placeholder,
};
pub use hero::{Background, BackgroundFinding, Rgba, RightSpace, hero_background};

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
