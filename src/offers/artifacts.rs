//! Marketing artifacts: logos, hero image, screenshots and videos.
//!
//! The model stores image paths relative to the offer document's folder; it never reads a file
//! on its own. [`MarketingArtifacts::verify_images`] is the explicit step that reads the files
//! and checks them with [`crate::media::image`], whose pure functions over bytes callers can also use
//! on images from anywhere.

use std::fmt;
use std::path::Path;

use crate::document::json::Value;
use schemars::JsonSchema;
use serde::Serialize;

use crate::document::decode::{At, Cx, Decode, deserialize_via_decode};
use crate::media::image::{
    ImageError, MAX_IMAGE_FILE_BYTES, SizeRule, check_png, checked_components, hero_background,
    is_placeholder, read_image_file,
};
use crate::report::diagnostic::{Diagnostic, JsonPointer, Report, Violation};
use crate::report::rules::Rule;
use crate::values::edition::{Edition, LogoSlot};
use crate::values::text::text_type;
use crate::values::web::HttpsUrl;

/// The path of an image file, relative to the offer document's folder: names separated by `/`,
/// no empty names, no `.` or `..`, not absolute, no `\`, `:` (which would make Windows paths
/// absolute) or NUL. The same rule guards [`crate::media::image::read_image_file`]. So a document can never point at a file
/// outside its own folder (`../../etc/passwd`).
///
/// ```
/// use lighthouse_offer::artifacts::ImagePath;
///
/// assert!(ImagePath::new("logos/small.png").is_ok());
/// assert!(ImagePath::new("../../etc/passwd").is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ImagePath(String);

/// The pattern of [`ImagePath`] for the JSON Schema.
/// Each name is one of: a name not starting with `.`, `.` and more, or `..` and more; none has
/// `\`, `:` or NUL.
const IMAGE_PATH_PATTERN: &str = concat!(
    r"^([^/\\:.\x00][^/\\:\x00]*|\.[^/\\:.\x00][^/\\:\x00]*|\.\.[^/\\:\x00]+)",
    r"(/([^/\\:.\x00][^/\\:\x00]*|\.[^/\\:.\x00][^/\\:\x00]*|\.\.[^/\\:\x00]+))*$"
);

impl ImagePath {
    /// Checks a relative path.
    ///
    /// # Errors
    /// [`ImageError::PathNotAllowed`] for an empty, absolute or escaping path, one with `\`,
    /// `:` or NUL, or one with an empty or `.` component.
    pub fn new(text: impl Into<String>) -> Result<Self, ImageError> {
        let text = text.into();
        checked_components(&text)?;
        Ok(ImagePath(text))
    }

    /// The path as written.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file's place on disk, for a document in `base_dir`.
    #[must_use]
    pub fn resolve(&self, base_dir: &Path) -> std::path::PathBuf {
        base_dir.join(&self.0)
    }
}

impl fmt::Debug for ImagePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ImagePath({:?})", self.0)
    }
}

impl fmt::Display for ImagePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl JsonSchema for ImagePath {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ImagePath".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "minLength": 1,
            "pattern": IMAGE_PATH_PATTERN,
            "description": "The path of a PNG file, relative to the document's folder, with `/` between names and no `..`.",
            "examples": ["logos/small.png"],
        })
    }
}

impl Decode for ImagePath {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        cx.parse_str(value, at, |text| ImagePath::new(text))
    }
}

/// The offer's logos, PNG files. Every logo is optional in the type, because the editions
/// disagree: edition 2020 (seed documents) requires all four, of exactly 40×40 (small), 90×90
/// (medium), 115×115 (large) and 255×115 (wide) pixels; edition 2026 requires only the large
/// logo (a square of 216×216 to 350×350), allows 48×48 (small) and 90×90 (medium), and has no
/// wide logo. The offer's edition checks which are there and
/// [`Offer::verify_images`](crate::Offer::verify_images) their sizes; see
/// [`EditionRules`](crate::edition::EditionRules).
///
/// Logo guidance (not checked): few colours, no gradient background, no text, not distorted; on
/// a transparent background not white, black or blue.
///
/// ```
/// use lighthouse_offer::artifacts::{ImagePath, Logos};
/// use lighthouse_offer::edition::LogoSlot;
///
/// let logos = Logos::new().with(LogoSlot::Large, ImagePath::new("logos/300.png")?);
/// assert_eq!(logos.get(LogoSlot::Large).map(ImagePath::as_str), Some("logos/300.png"));
/// assert_eq!(logos.get(LogoSlot::Wide), None);
/// # Ok::<(), lighthouse_offer::image::ImageError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Logos {
    /// The small logo: 40×40 pixels, required in edition 2020; 48×48, optional in edition 2026.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    small: Option<ImagePath>,
    /// The medium logo: 90×90 pixels; required in edition 2020, optional in edition 2026.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    medium: Option<ImagePath>,
    /// The large logo, required: 115×115 pixels in edition 2020; a square of 216×216 to 350×350
    /// in edition 2026.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    large: Option<ImagePath>,
    /// The wide logo: 255×115 pixels, required in edition 2020; edition 2026 has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    wide: Option<ImagePath>,
}

impl Logos {
    /// No logos yet; add them with [`Logos::with`].
    #[must_use]
    pub fn new() -> Self {
        Logos::default()
    }

    /// These logos with `path` in `slot`.
    #[must_use]
    pub fn with(mut self, slot: LogoSlot, path: ImagePath) -> Self {
        *self.slot_mut(slot) = Some(path);
        self
    }

    /// The logo in `slot`, if the document names one.
    #[must_use]
    pub fn get(&self, slot: LogoSlot) -> Option<&ImagePath> {
        match slot {
            LogoSlot::Small => self.small.as_ref(),
            LogoSlot::Medium => self.medium.as_ref(),
            LogoSlot::Large => self.large.as_ref(),
            LogoSlot::Wide => self.wide.as_ref(),
        }
    }

    fn slot_mut(&mut self, slot: LogoSlot) -> &mut Option<ImagePath> {
        match slot {
            LogoSlot::Small => &mut self.small,
            LogoSlot::Medium => &mut self.medium,
            LogoSlot::Large => &mut self.large,
            LogoSlot::Wide => &mut self.wide,
        }
    }

    /// Each logo the document names, with its slot, in the document's order.
    pub fn iter(&self) -> impl Iterator<Item = (LogoSlot, &ImagePath)> {
        LogoSlot::ALL
            .into_iter()
            .filter_map(|slot| self.get(slot).map(|path| (slot, path)))
    }
}

impl Decode for Logos {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let small = obj.optional("small", cx).valid();
        let medium = obj.optional("medium", cx).valid();
        let large = obj.optional("large", cx).valid();
        let wide = obj.optional("wide", cx).valid();
        obj.finish(cx);
        Some(Logos {
            small: small?,
            medium: medium?,
            large: large?,
            wide: wide?,
        })
    }
}

text_type! {
    /// A screenshot's caption or a video's name: one line, 1 to 100 characters, no white space at
    /// either end (Partner Center's limit for captions).
    ///
    /// ```
    /// use lighthouse_offer::artifacts::Caption;
    ///
    /// assert!(Caption::new("The incident queue").is_ok());
    /// assert!(Caption::new("x".repeat(101)).is_err());
    /// ```
    Caption, "caption", chars 1..=100, one line
}

/// A screenshot of the service (optional, up to 5). Its caption is optional in edition 2020 and
/// required in edition 2026, which also asks for 1280×720 pixels.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Screenshot {
    /// The PNG file.
    path: ImagePath,
    /// What the screenshot shows; required in edition 2026.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    caption: Option<Caption>,
}

impl Screenshot {
    /// A screenshot.
    #[must_use]
    pub fn new(path: ImagePath, caption: Option<Caption>) -> Self {
        Screenshot { path, caption }
    }

    /// The file.
    #[must_use]
    pub fn path(&self) -> &ImagePath {
        &self.path
    }

    /// The caption.
    #[must_use]
    pub fn caption(&self) -> Option<&Caption> {
        self.caption.as_ref()
    }
}

impl Decode for Screenshot {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let path = obj.required("path", cx);
        let caption = obj.optional("caption", cx).valid();
        obj.finish(cx);
        Some(Screenshot::new(path?, caption?))
    }
}

/// A video link that is not on YouTube or Vimeo.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("expected a YouTube or Vimeo address (youtube.com, youtu.be, vimeo.com), found {found:?}")]
pub struct VideoUrlError {
    found: String,
}

impl Violation for VideoUrlError {
    fn rule(&self) -> Rule {
        Rule::InvalidVideoUrl
    }
}

/// The hosts a video may be on: YouTube and Vimeo (Partner Center).
const VIDEO_HOSTS: [&str; 6] = [
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtu.be",
    "vimeo.com",
    "player.vimeo.com",
];

/// The pattern of a video's URL in the JSON Schema, beside [`crate::values::HTTPS_URL_PATTERN`]:
/// the authority is one of [`VIDEO_HOSTS`], in any case, with an optional port. An authority with a
/// character other than ASCII letters, digits, `.`, `:` and `-` (a percent escape, a non-ASCII
/// letter, an IP address in brackets) is left to the crate, which reads the host as the URL
/// standard does, so that the schema never refuses a video URL that the crate accepts.
fn video_url_pattern() -> String {
    let any_case = |host: &str| -> String {
        host.chars()
            .map(|c| match c {
                '.' => r"\.".to_owned(),
                c if c.is_ascii_alphabetic() => {
                    format!("[{}{}]", c.to_ascii_lowercase(), c.to_ascii_uppercase())
                }
                c => c.to_string(),
            })
            .collect()
    };
    let hosts: Vec<String> = VIDEO_HOSTS.iter().map(|host| any_case(host)).collect();
    format!(
        r"^[Hh][Tt][Tt][Pp][Ss]:[/\\]*(?::?@)?(?:(?:{})(?::[0-9]*)?|[^/\\?#@]*[^A-Za-z0-9.:/\\?#@-][^/\\?#@]*)(?:[/\\?#]|$)",
        hosts.join("|")
    )
}

/// A video (optional, up to 5): a YouTube or Vimeo link with a name and a thumbnail image.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Video {
    /// The video's name.
    name: Caption,
    /// The https address of the video on YouTube or Vimeo.
    #[schemars(extend(
        "pattern" = video_url_pattern(),
        "patternErrorMessage" = "expected a video on YouTube or Vimeo (youtube.com, youtu.be, vimeo.com)",
    ))]
    url: HttpsUrl,
    /// A PNG thumbnail shown before the video plays.
    thumbnail: ImagePath,
}

impl Video {
    /// A video.
    ///
    /// # Errors
    /// A [`VideoUrlError`] when the URL is not on YouTube or Vimeo.
    pub fn new(name: Caption, url: HttpsUrl, thumbnail: ImagePath) -> Result<Self, VideoUrlError> {
        let host = url.host().to_ascii_lowercase();
        if VIDEO_HOSTS.contains(&host.as_str()) {
            Ok(Video {
                name,
                url,
                thumbnail,
            })
        } else {
            Err(VideoUrlError {
                found: url.to_string(),
            })
        }
    }

    /// The name.
    #[must_use]
    pub fn name(&self) -> &Caption {
        &self.name
    }

    /// The address.
    #[must_use]
    pub fn url(&self) -> &HttpsUrl {
        &self.url
    }

    /// The thumbnail.
    #[must_use]
    pub fn thumbnail(&self) -> &ImagePath {
        &self.thumbnail
    }
}

impl Decode for Video {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let name = obj.required("name", cx);
        let url = obj.required("url", cx);
        let thumbnail = obj.required("thumbnail", cx);
        obj.finish(cx);
        let (name, url, thumbnail) = (name?, url?, thumbnail?);
        Video::new(name, url, thumbnail)
            .map_err(|e| cx.report(e.at(at.key("url").pointer())))
            .ok()
    }
}

/// The images and videos of the listing: logos, a hero image, up to 5 screenshots and up to 5
/// videos (every edition). Which logos are required, whether a hero image is allowed, the images'
/// sizes and whether screenshots need captions depend on the offer's edition
/// ([`EditionRules`](crate::edition::EditionRules)): edition 2020 (seed documents) has four
/// required logos and an optional 815×290 hero image; edition 2026 one required large logo and no
/// hero image.
///
/// The hero image, once published, can never be removed, only replaced; in edition 2020 an offer
/// without one gets a warning (`missing-hero-image`), as advice.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MarketingArtifacts {
    /// The logos: which are required depends on the edition.
    logos: Logos,
    /// The optional hero image of edition 2020: an 815×290 PNG, no text, 415 px of empty space
    /// on the right, background neither black, white nor transparent. Edition 2026 has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hero: Option<ImagePath>,
    /// Up to 5 screenshots; 1280×720 pixels with a caption in edition 2026.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = Self::MAX_SCREENSHOTS))]
    screenshots: Vec<Screenshot>,
    /// Up to 5 videos; thumbnails of 1280×720 pixels in edition 2026.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(length(max = Self::MAX_VIDEOS))]
    videos: Vec<Video>,
}

impl MarketingArtifacts {
    /// The most screenshots.
    pub const MAX_SCREENSHOTS: usize = 5;
    /// The most videos.
    pub const MAX_VIDEOS: usize = 5;

    /// The artifacts.
    ///
    /// # Errors
    /// A [`Report`] when there are more than 5 screenshots or 5 videos.
    pub fn new(
        logos: Logos,
        hero: Option<ImagePath>,
        screenshots: Vec<Screenshot>,
        videos: Vec<Video>,
    ) -> Result<Self, Report> {
        let artifacts = MarketingArtifacts {
            logos,
            hero,
            screenshots,
            videos,
        };
        let problems = count_problems(artifacts.screenshots.len(), artifacts.videos.len());
        if problems.is_empty() {
            Ok(artifacts)
        } else {
            Err(Report::new(problems))
        }
    }

    /// The logos.
    #[must_use]
    pub fn logos(&self) -> &Logos {
        &self.logos
    }

    /// The hero image, if any.
    #[must_use]
    pub fn hero(&self) -> Option<&ImagePath> {
        self.hero.as_ref()
    }

    /// The screenshots.
    #[must_use]
    pub fn screenshots(&self) -> &[Screenshot] {
        &self.screenshots
    }

    /// The videos.
    #[must_use]
    pub fn videos(&self) -> &[Video] {
        &self.videos
    }

    /// Reads every image file, relative to `base_dir` (the document's folder), and checks it
    /// against `edition`'s sizes ([`EditionRules`](crate::edition::EditionRules)): the file exists
    /// inside the folder, is a PNG by its bytes, decodes completely, and has the size the edition
    /// asks for; the hero image's background is neither black, white nor transparent. An image the
    /// edition does not allow (a wide logo in edition 2026) is not read: the edition's check
    /// reports it already. Diagnostics have paths relative to the artifacts (`/logos/small`).
    ///
    /// This is the only step of the crate that reads files. Each check underneath is a pure
    /// function over bytes in [`crate::media::image`].
    #[must_use]
    pub fn verify_images(&self, base_dir: &Path, edition: Edition) -> Vec<Diagnostic> {
        let rules = edition.rules();
        let here = JsonPointer::root();
        let mut found = Vec::new();
        let mut check = |path: &ImagePath, size: SizeRule, at: JsonPointer, hero: bool| {
            let result = read_image_file(base_dir, path.as_str(), MAX_IMAGE_FILE_BYTES)
                .and_then(|bytes| check_png(&bytes, size).map(|_| bytes));
            match result {
                Err(ImageError::WrongSize {
                    expected,
                    width,
                    height,
                }) => found.push(Diagnostic::new(
                    Rule::WrongImageSize,
                    at,
                    format!("expected {expected} in edition {edition}, found {width}×{height}"),
                )),
                Err(error) => found.push(error.at(at)),
                Ok(bytes) if is_placeholder(&bytes) => found.push(
                    Diagnostic::new(
                        Rule::PlaceholderValue,
                        at,
                        format!(
                            "`{}` is a placeholder image (written by `lighthouse-offer init`), \
                             not the offer's own",
                            path.as_str()
                        ),
                    )
                    .with_help(
                        "Replace the file with the offer's own image, of the same size; the \
                         placeholder must not be published.",
                    ),
                ),
                Ok(bytes) if hero => match hero_background(&bytes) {
                    Ok(finding) => found.extend(finding.issues().iter().map(|e| e.at(at.clone()))),
                    Err(error) => found.push(error.at(at)),
                },
                Ok(_) => {}
            }
        };
        for (slot, path) in self.logos.iter() {
            if let Some(size) = rules.logo(slot).size() {
                check(path, size, here.clone().key("logos").key(slot.key()), false);
            }
        }
        if let (Some(hero), Some(size)) = (&self.hero, rules.hero.size()) {
            check(hero, size, here.clone().key("hero"), true);
        }
        for (i, shot) in self.screenshots.iter().enumerate() {
            check(
                &shot.path,
                rules.screenshot_size,
                here.clone().key("screenshots").index(i).key("path"),
                false,
            );
        }
        for (i, video) in self.videos.iter().enumerate() {
            check(
                &video.thumbnail,
                rules.video_thumbnail_size,
                here.clone().key("videos").index(i).key("thumbnail"),
                false,
            );
        }
        found
    }

    /// The warnings, paths relative to the artifacts: `missing-hero-image`. It is a warning of
    /// edition 2020 only; [`Offer`](crate::Offer) leaves it out in edition 2026, which has no hero
    /// image.
    #[must_use]
    pub fn warnings(&self) -> Vec<Diagnostic> {
        if self.hero.is_some() {
            Vec::new()
        } else {
            vec![Diagnostic::new(
                Rule::MissingHeroImage,
                JsonPointer::root().key("hero"),
                "the offer has no hero image; Marketplace features offers with one (815×290 pixels)",
            )]
        }
    }
}

fn count_problems(screenshots: usize, videos: usize) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (key, count, max) in [
        (
            "screenshots",
            screenshots,
            MarketingArtifacts::MAX_SCREENSHOTS,
        ),
        ("videos", videos, MarketingArtifacts::MAX_VIDEOS),
    ] {
        if count > max {
            found.push(Diagnostic::new(
                Rule::TooManyItems,
                JsonPointer::root().key(key),
                format!("found {count} {key}, at most {max} are allowed"),
            ));
        }
    }
    found
}

impl Decode for MarketingArtifacts {
    fn decode(value: &Value, at: At<'_>, cx: &mut Cx) -> Option<Self> {
        let mut obj = cx.object(value, at)?;
        let logos = obj.required("logos", cx);
        let hero = obj.optional("hero", cx).valid();
        let screenshots = obj
            .optional::<Vec<Screenshot>>("screenshots", cx)
            .or(Vec::new());
        let videos = obj.optional::<Vec<Video>>("videos", cx).or(Vec::new());
        obj.finish(cx);
        let counts = |key| value.get(key).and_then(Value::as_array).map_or(0, Vec::len);
        let problems = count_problems(counts("screenshots"), counts("videos"));
        let valid = problems.is_empty();
        cx.report_under(at, problems);
        let artifacts = MarketingArtifacts {
            logos: logos?,
            hero: hero?,
            screenshots: screenshots?,
            videos: videos?,
        };
        valid.then_some(artifacts)
    }
}

deserialize_via_decode!(MarketingArtifacts, Logos, Screenshot, Video, ImagePath);
