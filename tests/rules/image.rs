//! Marketing images: PNG checks over bytes, the hero's pixels, and reading files safely.

use std::path::{Path, PathBuf};

use crate::support::temp_dir::TempDir;

use lighthouse_offer::Rule;
use lighthouse_offer::image::{
    Background, ColourType, FileKind, ImageError, MAX_DECODE_PIXELS, MAX_IMAGE_FILE_BYTES, Rgba,
    SizeRule, check_png, hero_background, inspect_png, read_image_file,
};

use crate::make_example_images;
use crate::support::crc32;

// ---- helpers ----------------------------------------------------------------------------------

fn encode(
    width: u32,
    height: u32,
    colour: png::ColorType,
    depth: png::BitDepth,
    data: &[u8],
) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(colour);
    encoder.set_depth(depth);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(data).unwrap();
    writer.finish().unwrap();
    bytes
}

/// An 8-bit RGBA PNG whose pixels `paint` gives.
fn rgba(width: u32, height: u32, paint: impl Fn(u32, u32) -> [u8; 4]) -> Vec<u8> {
    let mut data = Vec::new();
    for y in 0..height {
        for x in 0..width {
            data.extend_from_slice(&paint(x, y));
        }
    }
    encode(
        width,
        height,
        png::ColorType::Rgba,
        png::BitDepth::Eight,
        &data,
    )
}

/// An 8-bit RGB PNG of one colour.
fn solid_rgb(width: u32, height: u32, [r, g, b]: [u8; 3]) -> Vec<u8> {
    let data: Vec<u8> = (0..width * height).flat_map(|_| [r, g, b]).collect();
    encode(
        width,
        height,
        png::ColorType::Rgb,
        png::BitDepth::Eight,
        &data,
    )
}

/// An RGB PNG of pseudo-random pixels: its image data does not compress, so it spans many bytes.
fn noise(width: u32, height: u32) -> Vec<u8> {
    let mut state = 0x2545_f491_u32;
    let data: Vec<u8> = (0..width * height * 3)
        .map(|_| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (state >> 24) as u8
        })
        .collect();
    encode(
        width,
        height,
        png::ColorType::Rgb,
        png::BitDepth::Eight,
        &data,
    )
}

const TEAL: [u8; 4] = [0x12, 0x50, 0x5c, 0xff];
const AMBER: [u8; 4] = [0xf4, 0xa2, 0x61, 0xff];

/// An 815×290 hero: `background` everywhere, an amber square at (100..300, 50..250), and amber
/// `extra` pixels.
fn hero(background: [u8; 4], extra: &[(u32, u32)]) -> Vec<u8> {
    hero_with(background, |x, y| {
        ((100..300).contains(&x) && (50..250).contains(&y) || extra.contains(&(x, y)))
            .then_some(AMBER)
    })
}

fn hero_with(background: [u8; 4], paint: impl Fn(u32, u32) -> Option<[u8; 4]>) -> Vec<u8> {
    rgba(815, 290, |x, y| paint(x, y).unwrap_or(background))
}

/// The chunks of a PNG: (type, offset of the chunk's length field, data length).
fn chunks(png: &[u8]) -> Vec<([u8; 4], usize, usize)> {
    let mut found = Vec::new();
    let mut at = 8;
    while at + 8 <= png.len() {
        let length = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        found.push((png[at + 4..at + 8].try_into().unwrap(), at, length));
        at += 12 + length;
    }
    found
}

/// Changes the data of the first chunk of type `kind` and writes its CRC again, so that only the
/// change itself is wrong.
fn patch_chunk(png: &mut [u8], kind: [u8; 4], change: impl FnOnce(&mut [u8])) {
    let (_, at, length) = chunks(png)
        .into_iter()
        .find(|(k, _, _)| *k == kind)
        .unwrap();
    change(&mut png[at + 8..at + 8 + length]);
    let crc = crc32(&png[at + 4..at + 8 + length]);
    png[at + 8 + length..at + 12 + length].copy_from_slice(&crc.to_be_bytes());
}

/// The PNG with the size in its header replaced (the CRC is kept right).
fn claiming(mut png: Vec<u8>, width: u32, height: u32) -> Vec<u8> {
    patch_chunk(&mut png, *b"IHDR", |data| {
        data[0..4].copy_from_slice(&width.to_be_bytes());
        data[4..8].copy_from_slice(&height.to_be_bytes());
    });
    png
}

#[track_caller]
fn assert_error(result: Result<impl std::fmt::Debug, ImageError>, rule: Rule, message: &str) {
    let error = result.unwrap_err();
    assert_eq!(error.to_string(), message);
    assert_eq!(error.rule(), rule, "{error}");
}

// ---- inspect_png ------------------------------------------------------------------------------

#[test]
fn inspect_reads_the_header() {
    let info = inspect_png(&rgba(90, 45, |_, _| TEAL)).unwrap();
    assert_eq!((info.width(), info.height()), (90, 45));
    assert_eq!(info.colour_type(), ColourType::Rgba);
    assert_eq!(info.bit_depth(), 8);
    assert!(info.has_alpha());
    assert!(!info.interlaced());

    let info = inspect_png(&solid_rgb(40, 40, [1, 2, 3])).unwrap();
    assert_eq!(info.colour_type(), ColourType::Rgb);
    assert!(!info.has_alpha());
}

#[test]
fn a_palette_with_transparency_has_alpha() {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, 4, 4);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Two);
    encoder.set_palette(vec![0, 0, 0, 255, 255, 255]);
    encoder.set_trns(vec![0]);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&[0b0001_0001; 4]).unwrap();
    writer.finish().unwrap();

    let info = inspect_png(&bytes).unwrap();
    assert_eq!(info.colour_type(), ColourType::Indexed);
    assert_eq!(info.bit_depth(), 2);
    assert!(info.has_alpha());
}

#[test]
fn other_formats_are_named() {
    let cases: [(&[u8], &str); 10] = [
        (b"", "an empty file"),
        (b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", "a JPEG image"),
        (b"GIF87a\x01\x00\x01\x00", "a GIF image"),
        (b"GIF89a\x01\x00\x01\x00", "a GIF image"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "a WebP image"),
        (b"BM\x36\x00\x00\x00", "a BMP image"),
        (b"%PDF-1.7\n", "a PDF document"),
        (
            b"\xEF\xBB\xBF  <svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "an SVG, HTML or other XML text",
        ),
        (
            b"this is not an image",
            "bytes that do not start with the PNG signature",
        ),
        // A PNG signature with one byte wrong is not a PNG.
        (
            b"\x89PNG\r\n\x1A\x0B\x00\x00",
            "bytes that do not start with the PNG signature",
        ),
    ];
    for (bytes, found) in cases {
        let message = format!("expected a PNG file, found {found}");
        assert_error(inspect_png(bytes), Rule::NotAPng, &message);
        assert_error(
            check_png(bytes, SizeRule::exact(1, 1)),
            Rule::NotAPng,
            &message,
        );
        assert_error(hero_background(bytes), Rule::NotAPng, &message);
    }
    assert_eq!(Rule::NotAPng.code(), "LO0555");
    assert_eq!(Rule::NotAPng.name(), "not-a-png");
}

const TRUNCATED: &str = "the PNG data ends before the image is complete: the file is truncated, expected the rest of the image and its end chunk";

#[test]
fn a_cut_header_is_truncated() {
    let png = solid_rgb(40, 40, [1, 2, 3]);
    // Part of the signature, the signature alone, part of IHDR, IHDR without its CRC.
    for cut in [1, 4, 8, 12, 20, 29] {
        assert_error(inspect_png(&png[..cut]), Rule::CorruptPng, TRUNCATED);
    }
}

#[test]
fn a_damaged_header_is_corrupt() {
    let mut png = solid_rgb(40, 40, [1, 2, 3]);
    png[17] ^= 0x01; // a bit of the width: the IHDR CRC no longer matches
    let error = inspect_png(&png).unwrap_err();
    assert_eq!(error.rule(), Rule::CorruptPng);
    let message = error.to_string();
    assert!(
        message.starts_with("the PNG data is corrupt: "),
        "{message}"
    );
    assert!(message.to_lowercase().contains("crc"), "{message}");
    // The chunk is named by its type, not by the decoder's debug output.
    assert!(message.ends_with("while decoding IHDR chunk"), "{message}");
}

#[test]
fn an_unaddressable_header_size_is_refused_cleanly() {
    // The largest size a PNG header may claim: 2^31 - 1 on each side.
    let png = claiming(solid_rgb(1, 1, [1, 2, 3]), 0x7FFF_FFFF, 0x7FFF_FFFF);
    let message = format!(
        "the PNG claims 2147483647×2147483647 pixels, more than the {MAX_DECODE_PIXELS} pixels this crate decodes"
    );
    assert_error(inspect_png(&png), Rule::ImageTooLarge, &message);
    assert_error(hero_background(&png), Rule::ImageTooLarge, &message);
}

// ---- check_png --------------------------------------------------------------------------------

#[test]
fn exact_sizes() {
    for (width, height) in [
        (40, 40),
        (90, 90),
        (115, 115),
        (255, 115),
        (815, 290),
        (1280, 720),
    ] {
        let png = solid_rgb(width, height, [0x12, 0x50, 0x5c]);
        let info = check_png(&png, SizeRule::exact(width, height)).unwrap();
        assert_eq!((info.width(), info.height()), (width, height));
    }
    assert_error(
        check_png(&solid_rgb(100, 90, [1, 2, 3]), SizeRule::exact(90, 90)),
        Rule::WrongImageSize,
        "expected a PNG of 90×90 pixels, found 100×90",
    );
    assert_error(
        check_png(&solid_rgb(90, 89, [1, 2, 3]), SizeRule::exact(90, 90)),
        Rule::WrongImageSize,
        "expected a PNG of 90×90 pixels, found 90×89",
    );
    // Width and height are not interchangeable.
    assert_error(
        check_png(&solid_rgb(115, 255, [1, 2, 3]), SizeRule::exact(255, 115)),
        Rule::WrongImageSize,
        "expected a PNG of 255×115 pixels, found 115×255",
    );
    assert_eq!(Rule::WrongImageSize.code(), "LO0557");
}

#[test]
fn square_sizes_at_their_edges() {
    let rule = SizeRule::square(216, 350);
    for side in [216, 350] {
        assert!(check_png(&solid_rgb(side, side, [1, 2, 3]), rule).is_ok());
    }
    for (width, height) in [(215, 215), (351, 351), (300, 301)] {
        assert_error(
            check_png(&solid_rgb(width, height, [1, 2, 3]), rule),
            Rule::WrongImageSize,
            &format!("expected a square PNG of 216×216 to 350×350 pixels, found {width}×{height}"),
        );
    }
}

#[test]
#[should_panic(expected = "expected 0 < min <= max")]
fn a_square_rule_needs_min_at_most_max() {
    let _ = SizeRule::square(350, 216);
}

#[test]
fn truncated_image_data_is_caught() {
    let png = noise(200, 100);
    let idat = chunks(&png)
        .into_iter()
        .find(|(kind, _, _)| kind == b"IDAT")
        .unwrap();
    // The header alone is fine: inspecting does not read the pixels.
    let cut = &png[..idat.1 + 8 + idat.2 / 2];
    assert!(inspect_png(cut).is_ok());
    assert_error(
        check_png(cut, SizeRule::exact(200, 100)),
        Rule::CorruptPng,
        TRUNCATED,
    );
    assert_error(hero_background(cut), Rule::CorruptPng, TRUNCATED);

    // Every pixel is there, but the end chunk is missing.
    let without_end = &png[..png.len() - 12];
    assert_error(
        check_png(without_end, SizeRule::exact(200, 100)),
        Rule::CorruptPng,
        TRUNCATED,
    );
    assert_error(hero_background(without_end), Rule::CorruptPng, TRUNCATED);
}

#[test]
fn a_png_that_lies_about_its_height_is_corrupt() {
    // The data holds 45 rows; the header says 90.
    let png = claiming(solid_rgb(90, 45, [1, 2, 3]), 90, 90);
    assert_eq!(inspect_png(&png).unwrap().height(), 90);
    let error = check_png(&png, SizeRule::exact(90, 90)).unwrap_err();
    assert_eq!(error.rule(), Rule::CorruptPng, "{error}");
    let error = hero_background(&png).unwrap_err();
    assert_eq!(error.rule(), Rule::CorruptPng, "{error}");
}

#[test]
fn damaged_image_data_is_corrupt() {
    // A flipped byte in the image data is caught, by the compressed stream or by the chunk's
    // CRC, whichever the decoder reaches first.
    let mut png = noise(64, 64);
    let (_, at, _) = chunks(&png)
        .into_iter()
        .find(|(kind, _, _)| kind == b"IDAT")
        .unwrap();
    png[at + 8 + 100] ^= 0x40;
    let message = check_png(&png, SizeRule::exact(64, 64))
        .unwrap_err()
        .to_string();
    assert!(
        message.starts_with("the PNG data is corrupt: "),
        "{message}"
    );

    // The same with the CRC written again: now the compressed stream's checksum (Adler-32, its
    // last four bytes) catches a change in its last byte.
    let mut png = noise(64, 64);
    patch_chunk(&mut png, *b"IDAT", |data| {
        let last = data.len() - 1;
        data[last] ^= 0x01;
    });
    let error = check_png(&png, SizeRule::exact(64, 64)).unwrap_err();
    assert!(matches!(error, ImageError::Corrupt { .. }), "{error}");
}

#[test]
fn a_huge_claimed_size_is_refused_before_decoding() {
    // 100,000 × 100,000 pixels claimed by a file of a few dozen bytes.
    let png = claiming(solid_rgb(1, 1, [1, 2, 3]), 100_000, 100_000);
    assert_eq!(inspect_png(&png).unwrap().width(), 100_000);
    assert_error(
        check_png(&png, SizeRule::exact(90, 90)),
        Rule::WrongImageSize,
        "expected a PNG of 90×90 pixels, found 100000×100000",
    );
    let message =
        "the PNG claims 100000×100000 pixels, more than the 4194304 pixels this crate decodes";
    assert_error(
        check_png(&png, SizeRule::square(1, 1_000_000)),
        Rule::ImageTooLarge,
        message,
    );
    assert_error(hero_background(&png), Rule::ImageTooLarge, message);
}

#[test]
fn the_pixel_limit_at_its_edge() {
    // 2048 × 2048 is exactly the limit: it is decoded, and found short (the data holds one row).
    let at_limit = claiming(solid_rgb(2048, 1, [1, 2, 3]), 2048, 2048);
    let error = check_png(&at_limit, SizeRule::square(1, 4096)).unwrap_err();
    assert_eq!(error.rule(), Rule::CorruptPng, "{error}");
    // One column more is refused before decoding.
    let over = claiming(solid_rgb(2049, 1, [1, 2, 3]), 2049, 2048);
    assert_error(
        check_png(&over, SizeRule::exact(2049, 2048)),
        Rule::ImageTooLarge,
        "the PNG claims 2049×2048 pixels, more than the 4194304 pixels this crate decodes",
    );
}

#[test]
fn a_row_too_wide_for_the_decoder_memory_is_refused() {
    // 2,000,000 × 1 pixels of 16-bit RGBA: under the pixel limit, but one row is 16 MB, over the
    // decoder's 8 MiB.
    let one = encode(1, 1, png::ColorType::Rgba, png::BitDepth::Sixteen, &[0; 8]);
    let png = claiming(one, 2_000_000, 1);
    assert_error(
        check_png(&png, SizeRule::exact(2_000_000, 1)),
        Rule::ImageTooLarge,
        "decoding the PNG needs more than the 8388608 bytes of working memory this crate allows",
    );
}

// ---- hero_background --------------------------------------------------------------------------

#[test]
fn a_coloured_hero_with_an_empty_right_edge_is_fine() {
    let finding = hero_background(&hero(TEAL, &[])).unwrap();
    assert_eq!(finding.background(), Background::Coloured);
    assert_eq!(finding.colour().to_string(), "#12505c");
    // The border of 815×290: two rows of 815 and two columns of 288 between them.
    assert_eq!(finding.border_pixels(), 2 * 815 + 2 * 288);
    assert_eq!(finding.matching_pixels(), finding.border_pixels());
    assert_eq!(finding.right_space().start_x(), 400);
    assert!(finding.right_space().is_empty());
    assert_eq!(finding.right_space().rightmost_content_x(), None);
    assert_eq!(finding.issues(), []);
}

#[track_caller]
fn assert_hero_issue(png: &[u8], rule: Rule, message: &str) {
    let issues = hero_background(png).unwrap().issues();
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].to_string(), message);
    assert_eq!(issues[0].rule(), rule);
}

#[test]
fn black_white_and_transparent_backgrounds_are_errors() {
    let expected = "expected a colour that is neither black, white nor transparent";
    assert_hero_issue(
        &hero([255, 255, 255, 255], &[]),
        Rule::HeroBackground,
        &format!("hero background is white (#ffffff on 100% of the border), {expected}"),
    );
    assert_hero_issue(
        &hero([0, 0, 0, 255], &[]),
        Rule::HeroBackground,
        &format!("hero background is black (#000000 on 100% of the border), {expected}"),
    );
    assert_hero_issue(
        &hero([0, 0, 0, 0], &[]),
        Rule::HeroBackground,
        &format!("hero background is transparent (#00000000 on 100% of the border), {expected}"),
    );
    assert_eq!(
        Rule::HeroBackground.severity(),
        lighthouse_offer::Severity::Error
    );
}

#[test]
fn colour_kinds_at_their_edges() {
    let kind = |r, g, b, a| Background::of(Rgba { r, g, b, a });
    // Black and white: every channel within 16 of 0 or of 255.
    assert_eq!(kind(16, 16, 16, 255), Background::Black);
    assert_eq!(kind(17, 16, 16, 255), Background::Coloured);
    assert_eq!(kind(239, 239, 239, 255), Background::White);
    assert_eq!(kind(239, 239, 238, 255), Background::Light);
    // Transparent: anything not fully opaque.
    assert_eq!(kind(0x12, 0x50, 0x5c, 254), Background::Transparent);
    assert_eq!(kind(0x12, 0x50, 0x5c, 255), Background::Coloured);
    // Light: white text below 3:1. Grey 148 has a relative luminance of 0.2961 (contrast 3.03),
    // grey 149 of 0.3006 (contrast 2.995).
    assert_eq!(kind(148, 148, 148, 255), Background::Coloured);
    assert_eq!(kind(149, 149, 149, 255), Background::Light);
}

#[test]
fn a_light_background_is_a_warning() {
    // The contrast is rounded down, so that 2.995 does not read as 3.00.
    assert_hero_issue(
        &hero([149, 149, 149, 255], &[]),
        Rule::LightHeroBackground,
        "hero background #959595 is too light for the white text written on it: white has a contrast of 2.99:1 on it, expected at least 3:1",
    );
    assert_eq!(
        Rule::LightHeroBackground.severity(),
        lighthouse_offer::Severity::Warning
    );
}

#[test]
fn the_background_is_the_kind_most_border_pixels_have() {
    // White on the top 100 rows, teal below: the border has 2 × 100 + 815 white pixels and
    // 2 × 189 + 815 teal ones.
    let png = hero_with(TEAL, |_, y| (y < 100).then_some([255, 255, 255, 255]));
    let finding = hero_background(&png).unwrap();
    assert_eq!(finding.background(), Background::Coloured);
    assert_eq!(finding.matching_pixels(), 2 * 189 + 815);

    let png = hero_with(TEAL, |_, y| (y < 200).then_some([255, 255, 255, 255]));
    let finding = hero_background(&png).unwrap();
    assert_eq!(finding.background(), Background::White);
    // 815 + 2 × 199 of 2206 is 54.99%, shown rounded down.
    assert_eq!(finding.matching_pixels(), 815 + 2 * 199);
    assert!(
        finding.issues()[0]
            .to_string()
            .contains("#ffffff on 54% of the border")
    );

    // A tie goes to the worse kind: a 100×50 image, white on its left half.
    let png = rgba(100, 50, |x, _| if x < 50 { [255; 4] } else { TEAL });
    assert_eq!(
        hero_background(&png).unwrap().background(),
        Background::White
    );
}

#[test]
fn the_right_415_px_must_be_empty() {
    // Column 399 is left of the strip; column 400 is its first.
    assert!(
        hero_background(&hero(TEAL, &[(399, 10)]))
            .unwrap()
            .issues()
            .is_empty()
    );
    assert_hero_issue(
        &hero(TEAL, &[(400, 10)]),
        Rule::HeroRightSpaceNotEmpty,
        "the hero's right 415 px (from x = 400) must be empty, found 1 pixel that differs from its background #12505c, reaching x = 400",
    );
    let dots: Vec<(u32, u32)> = (700..703)
        .flat_map(|x| (100..103).map(move |y| (x, y)))
        .collect();
    let finding = hero_background(&hero(TEAL, &dots)).unwrap();
    assert_eq!(finding.right_space().content_pixels(), 9);
    assert_eq!(finding.right_space().rightmost_content_x(), Some(702));
    assert_eq!(
        finding.issues()[0].to_string(),
        "the hero's right 415 px (from x = 400) must be empty, found 9 pixels that differ from its background #12505c, reaching x = 702"
    );
    assert_eq!(
        Rule::HeroRightSpaceNotEmpty.severity(),
        lighthouse_offer::Severity::Warning
    );
}

#[test]
fn the_right_edge_forgives_faint_noise() {
    // 16 away from the background in one channel is still empty; 17 is content.
    let shade = |d: u8| [TEAL[0], TEAL[1] + d, TEAL[2], 255];
    let png = hero_with(TEAL, |x, y| (x == 800 && y == 5).then_some(shade(16)));
    assert!(hero_background(&png).unwrap().right_space().is_empty());
    let png = hero_with(TEAL, |x, y| (x == 800 && y == 5).then_some(shade(17)));
    assert_eq!(
        hero_background(&png)
            .unwrap()
            .right_space()
            .rightmost_content_x(),
        Some(800)
    );
}

#[test]
fn palette_grey_and_16_bit_heroes_are_read() {
    // 16-bit grey: cut to 8 bits (0x8080 → 0x80).
    let data: Vec<u8> = (0..815 * 290).flat_map(|_| [0x80, 0x80]).collect();
    let png = encode(
        815,
        290,
        png::ColorType::Grayscale,
        png::BitDepth::Sixteen,
        &data,
    );
    let finding = hero_background(&png).unwrap();
    assert_eq!(finding.colour().to_string(), "#808080");
    assert_eq!(finding.background(), Background::Coloured);

    // A palette whose first entry is transparent through tRNS.
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, 815, 290);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(vec![0x12, 0x50, 0x5c, 0xf4, 0xa2, 0x61]);
    encoder.set_trns(vec![0]);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&vec![0; 815 * 290]).unwrap();
    writer.finish().unwrap();
    let finding = hero_background(&bytes).unwrap();
    assert_eq!(finding.background(), Background::Transparent);
    assert_eq!(finding.colour().to_string(), "#12505c00");
}

// ---- read_image_file --------------------------------------------------------------------------

const PATH_EXPECTED: &str =
    "expected a relative path inside the document's folder, with / between folders";

#[test]
fn reads_a_file_inside_the_folder() {
    let dir = TempDir::new("reads");
    let png = solid_rgb(40, 40, [1, 2, 3]);
    dir.write("logos/40.png", &png);
    assert_eq!(
        read_image_file(dir.path(), "logos/40.png", MAX_IMAGE_FILE_BYTES).unwrap(),
        png
    );
}

#[test]
fn paths_that_leave_the_folder_are_refused() {
    let dir = TempDir::new("paths");
    dir.write("logos/40.png", b"x");
    for (path, problem) in [
        ("../../etc/passwd", "contains a .. component"),
        ("logos/../logos/40.png", "contains a .. component"),
        ("..", "contains a .. component"),
        ("/etc/passwd", "is absolute"),
        ("", "is empty"),
        (".", "has an empty or . component"),
        ("./", "has an empty or . component"),
        ("./logos/40.png", "has an empty or . component"),
        ("logos//40.png", "has an empty or . component"),
        ("logos\\40.png", "contains a backslash"),
        ("..\\..\\etc\\passwd", "contains a backslash"),
        ("C:/Windows/win.ini", "contains a colon"),
        ("logos/40.png\0", "contains a NUL character"),
    ] {
        assert_error(
            read_image_file(dir.path(), path, MAX_IMAGE_FILE_BYTES),
            Rule::ImagePathNotAllowed,
            &format!("image path {path:?} {problem}, {PATH_EXPECTED}"),
        );
    }
    assert_eq!(Rule::ImagePathNotAllowed.code(), "LO0550");
}

#[test]
fn missing_files_are_not_found() {
    let dir = TempDir::new("missing");
    dir.write("logos/40.png", b"x");
    for path in ["logos/41.png", "icons/40.png"] {
        assert_error(
            read_image_file(dir.path(), path, MAX_IMAGE_FILE_BYTES),
            Rule::ImageNotFound,
            &format!("image file {path:?} was not found in the document's folder"),
        );
    }
}

#[test]
fn folders_and_paths_through_files_are_refused() {
    let dir = TempDir::new("folders");
    dir.write("logos/40.png", b"x");
    assert_error(
        read_image_file(dir.path(), "logos", MAX_IMAGE_FILE_BYTES),
        Rule::ImageNotAFile,
        "image path \"logos\" is a folder, expected a regular file",
    );
    assert_error(
        read_image_file(dir.path(), "logos/", MAX_IMAGE_FILE_BYTES),
        Rule::ImagePathNotAllowed,
        &format!("image path \"logos/\" has an empty or . component, {PATH_EXPECTED}"),
    );
    assert_error(
        read_image_file(dir.path(), "logos/40.png/x.png", MAX_IMAGE_FILE_BYTES),
        Rule::ImageNotAFile,
        "image path \"logos/40.png/x.png\" goes through \"logos/40.png\", which is a file, expected a folder",
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_not_followed() {
    let dir = TempDir::new("links");
    dir.write("logos/40.png", b"x");
    std::os::unix::fs::symlink(dir.path().join("logos/40.png"), dir.path().join("link.png"))
        .unwrap();
    std::os::unix::fs::symlink("/etc", dir.path().join("etc")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("logos"), dir.path().join("linked")).unwrap();
    assert_error(
        read_image_file(dir.path(), "link.png", MAX_IMAGE_FILE_BYTES),
        Rule::ImageNotAFile,
        "image path \"link.png\" is a symbolic link, expected a regular file (symbolic links are not followed)",
    );
    assert_error(
        read_image_file(dir.path(), "etc/passwd", MAX_IMAGE_FILE_BYTES),
        Rule::ImageNotAFile,
        "image path \"etc/passwd\" goes through \"etc\", which is a symbolic link, expected a folder (symbolic links are not followed)",
    );
    let error = read_image_file(dir.path(), "linked/40.png", MAX_IMAGE_FILE_BYTES).unwrap_err();
    assert!(
        matches!(&error, ImageError::NotAFile { at, found: FileKind::SymbolicLink, .. } if at == "linked"),
        "{error:?}"
    );
}

#[test]
fn the_file_size_limit_at_its_edge() {
    let dir = TempDir::new("size");
    dir.write("100.png", &[7; 100]);
    dir.write("101.png", &[7; 101]);
    assert_eq!(
        read_image_file(dir.path(), "100.png", 100).unwrap().len(),
        100
    );
    assert_error(
        read_image_file(dir.path(), "101.png", 100),
        Rule::ImageTooLarge,
        "image file \"101.png\" has 101 bytes, at most 100 are allowed",
    );
    assert_eq!(MAX_IMAGE_FILE_BYTES, 10 * 1024 * 1024);
}

#[test]
fn a_missing_base_folder_is_not_found() {
    let dir = TempDir::new("base");
    let missing = dir.path().join("nowhere");
    assert_error(
        read_image_file(&missing, "logos/40.png", MAX_IMAGE_FILE_BYTES),
        Rule::ImageNotFound,
        "image file \"logos/40.png\" was not found in the document's folder",
    );
}

// ---- the rules --------------------------------------------------------------------------------

#[test]
fn image_rules_have_their_codes() {
    let rules = [
        (
            Rule::ImagePathNotAllowed,
            "LO0550",
            "image-path-not-allowed",
        ),
        (Rule::ImageNotFound, "LO0551", "image-not-found"),
        (Rule::ImageNotAFile, "LO0552", "image-not-a-file"),
        (Rule::ImageUnreadable, "LO0553", "image-unreadable"),
        (Rule::ImageTooLarge, "LO0554", "image-too-large"),
        (Rule::NotAPng, "LO0555", "not-a-png"),
        (Rule::CorruptPng, "LO0556", "corrupt-png"),
        (Rule::WrongImageSize, "LO0557", "wrong-image-size"),
        (Rule::HeroBackground, "LO0558", "hero-background"),
        (Rule::LightHeroBackground, "LO0559", "light-hero-background"),
        (
            Rule::HeroRightSpaceNotEmpty,
            "LO0560",
            "hero-right-space-not-empty",
        ),
    ];
    for (rule, code, name) in rules {
        assert_eq!((rule.code(), rule.name()), (code, name));
        assert!(!rule.explanation().is_empty());
    }
}

#[test]
fn public_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<ImageError>();
    check::<lighthouse_offer::image::PngInfo>();
    check::<lighthouse_offer::image::BackgroundFinding>();
    check::<SizeRule>();
}

// ---- the example offer's images ---------------------------------------------------------------

fn example_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/contoso-sentinel")
}

#[test]
fn example_images_pass_the_checks() {
    let folder = example_folder();
    for (path, width, height) in [
        ("logos/40.png", 40, 40),
        ("logos/90.png", 90, 90),
        ("logos/115.png", 115, 115),
        ("logos/255x115.png", 255, 115),
        ("logos/hero.png", 815, 290),
        ("screenshots/overview.png", 1280, 720),
        ("screenshots/video-thumbnail.png", 1280, 720),
    ] {
        let bytes = read_image_file(&folder, path, MAX_IMAGE_FILE_BYTES).unwrap();
        check_png(&bytes, SizeRule::exact(width, height)).unwrap();
    }
    let hero = read_image_file(&folder, "logos/hero.png", MAX_IMAGE_FILE_BYTES).unwrap();
    let finding = hero_background(&hero).unwrap();
    assert_eq!(finding.issues(), []);
    assert_eq!(finding.background(), Background::Coloured);
}

/// The committed images hold the pixels that `examples/make_example_images.rs` draws: run it
/// again when this fails. Pixels are compared, not bytes, so a new encoder version does not make
/// the files stale.
#[test]
fn example_images_are_up_to_date() {
    for image in make_example_images::images() {
        let bytes = std::fs::read(example_folder().join(image.path)).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
        let output = reader.next_frame(&mut buffer).unwrap();
        assert_eq!(
            (output.width, output.height, output.color_type),
            (image.width, image.height, png::ColorType::Indexed),
            "{}",
            image.path
        );
        assert_eq!(
            reader.info().palette.as_deref(),
            Some(&make_example_images::PALETTE.concat()[..]),
            "{}",
            image.path
        );
        assert!(buffer == image.indices, "{} is stale", image.path);
    }
}
