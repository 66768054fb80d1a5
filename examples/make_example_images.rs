//! Draws the example offers' images and writes them as PNG files: under
//! `examples/contoso-sentinel/` the four logos of the 2020 rule edition, the hero, one
//! screenshot and one video thumbnail; under `examples/contoso-sentinel-2026/` the three logos of
//! the 2026 edition (a 300×300 large logo, 90×90 and 48×48), the same screenshot and thumbnail.
//!
//! ```text
//! cargo run --example make_example_images
//! ```
//!
//! The images are simple shapes in a few flat colours (a shield with an eye, no text), stored as
//! 8-bit palette PNGs so that each file weighs a few kilobytes. The test `example_images` in
//! `tests/rules/image.rs` (and `example_2026_images_are_up_to_date` in `tests/rules/editions.rs`) draws them
//! again and checks that the committed files hold the same pixels.

use std::path::Path;

/// The palette, as red, green and blue.
pub const PALETTE: [[u8; 3]; 7] = [
    [0x12, 0x50, 0x5c], // 0: dark teal, the background of the logos and the hero
    [0xf4, 0xa2, 0x61], // 1: amber, the shield
    [0x2a, 0x9d, 0x8f], // 2: green-teal, bars and charts
    [0xee, 0xf2, 0xf5], // 3: light grey, the screenshot's page
    [0xff, 0xff, 0xff], // 4: white, the screenshot's cards
    [0xdd, 0xe4, 0xea], // 5: grey, the screenshot's side bar
    [0xf1, 0xfa, 0xee], // 6: off-white, the play button
];

const TEAL: u8 = 0;
const AMBER: u8 = 1;
const GREEN: u8 = 2;
const PAGE: u8 = 3;
const CARD: u8 = 4;
const SIDEBAR: u8 = 5;
const PLAY: u8 = 6;

/// One image: where it goes (relative to `examples/contoso-sentinel/`), its size and its pixels
/// as palette indexes, row after row.
pub struct ExampleImage {
    /// The path relative to the example offer's folder, such as `logos/40.png`.
    pub path: &'static str,
    /// The width in pixels.
    pub width: u32,
    /// The height in pixels.
    pub height: u32,
    /// One palette index a pixel.
    pub indices: Vec<u8>,
}

impl ExampleImage {
    fn new(path: &'static str, width: u32, height: u32, background: u8) -> Self {
        ExampleImage {
            path,
            width,
            height,
            indices: vec![background; width as usize * height as usize],
        }
    }

    /// Paints every pixel whose centre `inside` accepts.
    fn paint(&mut self, colour: u8, inside: impl Fn(f64, f64) -> bool) {
        for y in 0..self.height {
            for x in 0..self.width {
                if inside(f64::from(x) + 0.5, f64::from(y) + 0.5) {
                    self.indices[y as usize * self.width as usize + x as usize] = colour;
                }
            }
        }
    }

    fn rectangle(&mut self, colour: u8, left: f64, top: f64, width: f64, height: f64) {
        self.paint(colour, |x, y| {
            x >= left && x < left + width && y >= top && y < top + height
        });
    }

    /// A horizontal bar with round ends.
    fn bar(&mut self, colour: u8, left: f64, centre_y: f64, length: f64, thickness: f64) {
        let radius = thickness / 2.0;
        let (start, end) = (left + radius, left + length - radius);
        self.paint(colour, |x, y| {
            let nearest = x.clamp(start, end);
            (x - nearest).hypot(y - centre_y) <= radius
        });
    }

    fn disc(&mut self, colour: u8, centre_x: f64, centre_y: f64, radius: f64) {
        self.paint(colour, |x, y| (x - centre_x).hypot(y - centre_y) <= radius);
    }

    /// The emblem: an amber shield with a teal eye, `height` pixels high, its top centre at
    /// (`centre_x`, `top`).
    fn shield(&mut self, centre_x: f64, top: f64, height: f64) {
        let half_width = height / 2.3;
        self.paint(AMBER, |x, y| {
            let u = (x - centre_x) / half_width;
            let v = (y - top) / height;
            // Straight sides down to the middle, then a curve to the point at the bottom.
            let profile = if v < 0.5 {
                1.0
            } else {
                1.0 - ((v - 0.5) / 0.5).powi(2)
            };
            (0.0..=1.0).contains(&v) && u.abs() <= profile
        });
        let eye_y = top + 0.42 * height;
        self.disc(TEAL, centre_x, eye_y, 0.5 * half_width);
        self.disc(AMBER, centre_x, eye_y, 0.22 * half_width);
    }
}

fn square_logo(path: &'static str, side: u32) -> ExampleImage {
    let mut image = ExampleImage::new(path, side, side, TEAL);
    let s = f64::from(side);
    image.shield(s / 2.0, 0.14 * s, 0.72 * s);
    image
}

fn wide_logo() -> ExampleImage {
    let mut image = ExampleImage::new("logos/255x115.png", 255, 115, TEAL);
    image.shield(62.0, 18.0, 80.0);
    image.bar(GREEN, 120.0, 38.0, 110.0, 12.0);
    image.bar(GREEN, 120.0, 58.0, 86.0, 12.0);
    image.bar(GREEN, 120.0, 78.0, 62.0, 12.0);
    image
}

fn hero() -> ExampleImage {
    // 815×290; everything drawn stays left of x = 400, so the right 415 px stay empty.
    let mut image = ExampleImage::new("logos/hero.png", 815, 290, TEAL);
    image.shield(200.0, 45.0, 200.0);
    image.bar(GREEN, 40.0, 262.0, 320.0, 8.0);
    image
}

fn screenshot() -> ExampleImage {
    let mut image = ExampleImage::new("screenshots/overview.png", 1280, 720, PAGE);
    // Top bar with the emblem, side bar with menu entries.
    image.rectangle(TEAL, 0.0, 0.0, 1280.0, 56.0);
    image.shield(28.0, 8.0, 40.0);
    image.rectangle(SIDEBAR, 0.0, 56.0, 220.0, 664.0);
    for entry in 0..6 {
        let y = 96.0 + 44.0 * f64::from(entry);
        image.bar(if entry == 0 { GREEN } else { CARD }, 24.0, y, 150.0, 14.0);
    }
    // Three cards with bar charts, and a wide card with a timeline.
    for card in 0..3 {
        let left = 252.0 + 336.0 * f64::from(card);
        image.rectangle(CARD, left, 88.0, 312.0, 280.0);
        for bar in 0..6 {
            let height = 40.0 + f64::from((bar * 37 + card * 53) % 150);
            let x = left + 28.0 + 44.0 * f64::from(bar);
            image.rectangle(
                if bar % 3 == 2 { AMBER } else { GREEN },
                x,
                340.0 - height,
                28.0,
                height,
            );
        }
    }
    image.rectangle(CARD, 252.0, 400.0, 1000.0, 288.0);
    for row in 0..5 {
        let y = 440.0 + 52.0 * f64::from(row);
        let start = 300.0 + f64::from((row * 97) % 300);
        image.bar(
            if row == 2 { AMBER } else { GREEN },
            start,
            y,
            260.0 + f64::from(row * 60),
            20.0,
        );
    }
    image
}

fn video_thumbnail() -> ExampleImage {
    let mut image = ExampleImage::new("screenshots/video-thumbnail.png", 1280, 720, TEAL);
    image.shield(330.0, 160.0, 400.0);
    // A play button: a disc with a triangle pointing right.
    let (cx, cy, r) = (860.0, 360.0, 150.0);
    image.disc(PLAY, cx, cy, r);
    image.paint(TEAL, |x, y| {
        let (left, right) = (cx - 0.35 * r, cx + 0.55 * r);
        let half = 0.5 * r * (right - x) / (right - left);
        x >= left && x <= right && (y - cy).abs() <= half
    });
    image
}

/// The folder of the 2020 example offer, relative to the crate's root.
pub const FOLDER: &str = "examples/contoso-sentinel";

/// The folder of the 2026 example offer, relative to the crate's root.
pub const FOLDER_2026: &str = "examples/contoso-sentinel-2026";

/// Every image of the 2026 example offer: the large logo of 300×300 pixels (edition 2026 takes a
/// square of 216×216 to 350×350), the optional 90×90 and 48×48 logos, a 1280×720 screenshot and
/// video thumbnail; no wide logo and no hero image.
#[must_use]
pub fn images_2026() -> Vec<ExampleImage> {
    vec![
        square_logo("logos/48.png", 48),
        square_logo("logos/90.png", 90),
        square_logo("logos/300.png", 300),
        screenshot(),
        video_thumbnail(),
    ]
}

/// Every image of the (2020) example offer.
#[must_use]
pub fn images() -> Vec<ExampleImage> {
    vec![
        square_logo("logos/40.png", 40),
        square_logo("logos/90.png", 90),
        square_logo("logos/115.png", 115),
        wide_logo(),
        hero(),
        screenshot(),
        video_thumbnail(),
    ]
}

/// The image as an 8-bit palette PNG.
///
/// # Panics
/// When the encoder fails, which writing to memory does not.
#[must_use]
pub fn encode(image: &ExampleImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, image.width, image.height);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(PALETTE.concat());
    encoder.set_compression(png::Compression::High);
    // Palette images compress best unfiltered.
    encoder.set_filter(png::Filter::NoFilter);
    let mut writer = encoder.write_header().expect("PNG header");
    writer
        .write_image_data(&image.indices)
        .expect("PNG image data");
    writer.finish().expect("PNG end");
    bytes
}

fn main() -> std::io::Result<()> {
    for (folder, images) in [(FOLDER, images()), (FOLDER_2026, images_2026())] {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        for image in images {
            let path = folder.join(image.path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let bytes = encode(&image);
            std::fs::write(&path, &bytes)?;
            println!(
                "{}: {}×{}, {} bytes",
                path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                    .unwrap_or(&path)
                    .display(),
                image.width,
                image.height,
                bytes.len()
            );
        }
    }
    Ok(())
}
