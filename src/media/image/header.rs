//! A PNG's header and chunks, its size checked against the rules, and decoding with the
//! crate's limits.

use super::{DECODER_MEMORY_BYTES, ImageError, MAX_DECODE_PIXELS, PNG_SIGNATURE};
use std::fmt;
use std::io;
use std::io::Cursor;

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
pub(super) enum SizeKind {
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
pub(super) fn open(
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

pub(super) fn check_pixel_count(width: u32, height: u32) -> Result<(), ImageError> {
    if u64::from(width) * u64::from(height) > MAX_DECODE_PIXELS {
        Err(too_many_pixels(width, height))
    } else {
        Ok(())
    }
}

pub(super) fn too_many_pixels(width: u32, height: u32) -> ImageError {
    ImageError::TooManyPixels {
        width,
        height,
        max_pixels: MAX_DECODE_PIXELS,
    }
}

pub(super) fn from_png(error: png::DecodingError) -> ImageError {
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
pub(super) fn corrupt(error: &dyn fmt::Display) -> ImageError {
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
