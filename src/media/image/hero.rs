//! The hero image's pixels: its background colour and the empty space on its right.

use super::header::{check_pixel_count, from_png, open, too_many_pixels};
use super::{COLOUR_TOLERANCE, HERO_EMPTY_RIGHT_PX, ImageError, MIN_WHITE_TEXT_CONTRAST};
use std::collections::HashMap;
use std::fmt;

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
/// not checked here; use [`check_png`](super::check_png) with `SizeRule::exact(815, 290)` for
/// that.
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
/// Those of [`inspect_png`](super::inspect_png); [`ImageError::TooManyPixels`] over
/// [`MAX_DECODE_PIXELS`](super::MAX_DECODE_PIXELS); [`ImageError::Truncated`],
/// [`ImageError::Corrupt`] or [`ImageError::DecoderLimit`] while decoding.
pub fn hero_background(bytes: &[u8]) -> Result<BackgroundFinding, ImageError> {
    let image = decode(bytes)?;
    Ok(judge(&image))
}

/// A decoded image with 8-bit samples: grey, grey and alpha, RGB or RGBA, row after row.
pub(super) struct Decoded {
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

pub(super) fn decode(bytes: &[u8]) -> Result<Decoded, ImageError> {
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
