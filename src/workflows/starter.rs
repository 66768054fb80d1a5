//! The starter offer that `lighthouse-offer init` writes: every section of an offer document for
//! one rule edition, one public plan with the delete role and a Reader group, and a placeholder
//! (`<…>`, rule `placeholder-value`) wherever only the provider knows the value. Checking the
//! fresh starter finds exactly those placeholders, each saying what belongs there.
//!
//! ```
//! use lighthouse_offer::{Edition, Offer, Rule};
//! use lighthouse_offer::starter::Starter;
//!
//! let starter = Starter::new(Edition::LATEST);
//! let report = Offer::from_json_str(&starter.json()).unwrap_err();
//! assert!(report.diagnostics().iter().all(|d| d.rule() == Rule::PlaceholderValue));
//! ```

use std::fmt::Write as _;

use crate::media::image::{PLACEHOLDER_KEYWORD, PLACEHOLDER_TEXT};
use crate::values::edition::{Edition, ImageRule, LogoSlot};
use crate::values::guid::RoleDefinitionId;

/// The starter offer of one edition: its document (JSON or YAML with comments) and its images.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Starter {
    edition: Edition,
}

/// A placeholder image of the starter: where it goes (relative to the document) and its size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StarterImage {
    /// The path relative to the offer document's folder, such as `logos/large.png`.
    pub path: String,
    /// The width in pixels.
    pub width: u32,
    /// The height in pixels.
    pub height: u32,
}

impl StarterImage {
    /// The image as a PNG file: a grey frame on a light background, the size the edition asks,
    /// marked as a placeholder ([`crate::image::is_placeholder`]), which `check` reports until the
    /// offer's own image replaces it.
    ///
    /// # Panics
    /// Never: the encoder writes to memory.
    #[must_use]
    pub fn png(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, self.width, self.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder
            .add_text_chunk(PLACEHOLDER_KEYWORD.to_owned(), PLACEHOLDER_TEXT.to_owned())
            .expect("a Latin-1 keyword and text");
        let mut data = Vec::with_capacity(self.width as usize * self.height as usize * 3);
        let border = (self.width.min(self.height) / 10).max(1);
        for y in 0..self.height {
            for x in 0..self.width {
                let edge = x < border
                    || y < border
                    || x >= self.width - border
                    || y >= self.height - border;
                let shade = if edge { 0x80 } else { 0xd8 };
                data.extend_from_slice(&[shade, shade, shade]);
            }
        }
        {
            let mut writer = encoder.write_header().expect("PNG header in memory");
            writer.write_image_data(&data).expect("PNG data in memory");
        }
        bytes
    }
}

impl Starter {
    /// The starter of `edition` (`init` writes [`Edition::LATEST`]'s unless asked otherwise).
    #[must_use]
    pub const fn new(edition: Edition) -> Self {
        Starter { edition }
    }

    /// The edition the starter is written for.
    #[must_use]
    pub const fn edition(&self) -> Edition {
        self.edition
    }

    /// The logos the edition asks for (and allows), as placeholder images of the right sizes.
    #[must_use]
    pub fn images(&self) -> Vec<StarterImage> {
        self.edition
            .rules()
            .logos
            .iter()
            .filter_map(|(slot, rule)| match rule {
                ImageRule::Required(size) | ImageRule::Optional(size) => {
                    let (width, height) = size.example_size()?;
                    Some(StarterImage {
                        path: format!("logos/{}.png", slot.key()),
                        width,
                        height,
                    })
                }
                ImageRule::NotAllowed => None,
            })
            .collect()
    }

    /// The starter document as JSON, two spaces of indentation, ending with a line break.
    #[must_use]
    pub fn json(&self) -> String {
        let rules = self.edition.rules();
        let mut logos = String::new();
        for (i, image) in self.images().iter().enumerate() {
            let slot = LogoSlot::ALL
                .iter()
                .find(|s| image.path == format!("logos/{}.png", s.key()))
                .map_or("large", |s| s.key());
            let comma = if i + 1 < self.images().len() { "," } else { "" };
            let _ = write!(logos, "\n      \"{slot}\": \"{}\"{comma}", image.path);
        }
        let marketing_identifier = if rules.marketing_identifier {
            "\n    \"marketingIdentifier\": \"<the offer's marketing identifier: lowercase letters, digits and hyphens>\","
        } else {
            ""
        };
        // Edition 2020 asks for a hero image, which only the provider can draw: the starter
        // leaves it out and says so.
        let acknowledged = if self.edition.reports(crate::Rule::MissingHeroImage) {
            "\n  \"acknowledgedWarnings\": [\"missing-hero-image\"],"
        } else {
            ""
        };
        let managed_service = if rules.managed_service_term {
            " managed service"
        } else {
            ""
        };
        format!(
            r#"{{
  "$schema": "lighthouse-offer.schema.json",
  "edition": "{edition}",
  "offerId": "<the offer's ID in Partner Center: lowercase letters, digits, - and _>",
  "publisherId": "<your publisher ID in Partner Center>",
  "name": "<the offer's name, at most 50 characters>",
  "plans": [
    {{
      "planId": "standard",
      "title": "<the plan's title>",
      "summary": "<one line on what the plan gives>",
      "description": "<what the plan gives customers>",
      "billingModel": "byol",
      "availability": {{ "visibility": "public" }},
      "manifest": {{
        "version": "1.0.0",
        "tenantId": "<your Microsoft Entra tenant ID>",
        "authorizations": [
          {{
            "principalId": "<object ID of the group that may remove the delegation>",
            "principalIdDisplayName": "<name of that group, as customers see it>",
            "roleDefinitionId": "{delete}"
          }},
          {{
            "principalId": "<object ID of the group that reads customers' resources>",
            "principalIdDisplayName": "<name of that group, as customers see it>",
            "roleDefinitionId": "{reader}"
          }}
        ]
      }}
    }}
  ],
  "listing": {{
    "title": "<the title of the listing>",
    "summary": "<a summary for search results, at most 100 characters>",
    "longSummary": "<a longer summary, at most 256 characters>",
    "description": "<the{managed_service} description in basic HTML>",{marketing_identifier}
    "previewSubscriptionIds": ["<a subscription ID that sees the offer in preview>"],
    "usefulLinks": [
      {{ "name": "Documentation", "url": "<https address of your documentation>" }}
    ],
    "categories": ["<a Marketplace category, such as Security>"]
  }},
  "marketingArtifacts": {{
    "logos": {{{logos}
    }}
  }},{acknowledged}
  "leadManagement": {{
    "destination": {{ "type": "httpsEndpoint", "url": "<https address that receives leads>" }},
    "contactEmails": ["<email address told of new leads>"]
  }},
  "legal": {{
    "privacyPolicyUrl": "<https address of your privacy policy>",
    "termsOfUse": "<https address of your terms of use>"
  }},
  "support": {{
    "engineeringContact": {{ "name": "<name>", "email": "<email address>", "phone": "<phone number>" }},
    "supportContact": {{ "name": "<name>", "email": "<email address>", "phone": "<phone number>" }},
    "supportUrls": ["<https address of your support page>"]
  }}
}}
"#,
            edition = self.edition,
            delete = RoleDefinitionId::MANAGED_SERVICES_REGISTRATION_ASSIGNMENT_DELETE_ROLE,
            reader = RoleDefinitionId::READER,
        )
    }

    /// The starter document as YAML, with a comment above each field that says what it is:
    /// the same document as [`Starter::json`] (a test reads both back).
    ///
    /// # Panics
    /// Never: the JSON converted is the starter's own.
    #[must_use]
    pub fn yaml(&self) -> String {
        let plain = crate::yaml::json_to_yaml(&self.json()).expect("the starter is JSON");
        // The YAML language server reads up to draft-07: the modeline names that schema, which
        // `init --yaml` writes beside the document.
        let mut out = format!(
            "# yaml-language-server: $schema={}\n\
             # A starter offer for rule edition {}: replace every <...> placeholder, then run\n\
             # `lighthouse-offer check offer.yaml` (it lists the placeholders left).\n",
            crate::schema::Draft::V07.file_name(),
            self.edition
        );
        // The keys above the line, by their indentation, to tell `name` of the offer from
        // `name` of a contact.
        let mut ancestors: Vec<(usize, String)> = Vec::new();
        for line in plain.lines() {
            let spaces = line.len() - line.trim_start().len();
            let item = line.trim_start().starts_with("- ");
            let trimmed = line.trim_start().trim_start_matches("- ");
            let depth = if item { spaces + 2 } else { spaces };
            let key = trimmed
                .split_once(':')
                .map(|(key, _)| key.trim_matches('"'))
                .unwrap_or_default();
            while ancestors.last().is_some_and(|(at, _)| *at >= depth) {
                ancestors.pop();
            }
            let parent = ancestors.last().map_or("", |(_, key)| key.as_str());
            if let Some(comment) = comment(parent, key) {
                let indent = &line[..spaces];
                let _ = writeln!(out, "{indent}# {comment}");
            }
            if !key.is_empty() {
                ancestors.push((depth, key.to_owned()));
            }
            out.push_str(line);
            out.push('\n');
        }
        out
    }
}

/// What a field of the starter is, for the YAML comment above it: by the field's name, and for
/// names used in several places, by the name of the object it is in.
fn comment(parent: &str, key: &str) -> Option<&'static str> {
    Some(match (parent, key) {
        ("usefulLinks", "name") => "The link's text.",
        ("usefulLinks", "url") => "The link's https address.",
        ("engineeringContact" | "supportContact", "name") => "The contact's name.",
        ("engineeringContact" | "supportContact", "email") => "The contact's email address.",
        ("engineeringContact" | "supportContact", "phone") => {
            "The contact's phone number, such as +1 425 555 0100."
        }
        ("destination", "type") => {
            "httpsEndpoint, azureTable, dynamics365, marketo or salesforce; the fields follow the type."
        }
        ("destination", "url") => "The https address that receives each lead.",
        ("availability", "visibility") => "public, or private with subscriptionIds.",
        ("logos", _) => {
            "A PNG of the size the edition asks for (`lighthouse-offer explain wrong-image-size`)."
        }
        ("plans", "title") => "The plan's title customers see.",
        ("plans", "summary") => "One line on what the plan gives.",
        ("plans", "description") => "What the plan gives customers.",
        ("listing", "title") => "The listing's title in Marketplace.",
        ("listing", "summary") => "The summary shown in search results.",
        ("listing", "description") => {
            "The description, in basic HTML (`p`, `ul`, `li`, `strong`, `a`, ...)."
        }
        (_, key) => return comment_of(key),
    })
}

/// What a field of the starter is, by its name alone.
fn comment_of(key: &str) -> Option<&'static str> {
    Some(match key {
        "$schema" => {
            "The JSON Schema of the document (`lighthouse-offer schema --out lighthouse-offer.schema.json` writes it), for editors."
        }
        "edition" => {
            "The rule edition the document is checked against (quoted: text, not a number)."
        }
        "offerId" => "The offer's ID, fixed once published.",
        "publisherId" => "Your publisher ID in Partner Center.",
        "name" => "The offer's name in Partner Center.",
        "plans" => "The plans customers choose from (at most 100).",
        "planId" => "The plan's ID, fixed once published.",
        "title" => "A title customers see.",
        "summary" => "A short summary customers see.",
        "longSummary" => "A longer summary for the listing.",
        "description" => "A description customers see.",
        "billingModel" => "Managed Service plans are bring-your-own-license.",
        "availability" => "public: every customer; private: the subscriptions listed.",
        "manifest" => "What the customer delegates: the version, your tenant, who gets which role.",
        "version" => "The manifest's version, n.n.n: raise it with every change of access.",
        "tenantId" => "Your Microsoft Entra tenant, whose users and groups get access.",
        "authorizations" => {
            "Permanent access: a principal of your tenant and a built-in role (`lighthouse-offer roles`)."
        }
        "principalId" => "The object ID of a user or group in your tenant.",
        "principalIdDisplayName" => "The principal's name, as customers see it.",
        "roleDefinitionId" => "The GUID of a built-in role (`lighthouse-offer roles NAME`).",
        "listing" => "The Marketplace listing.",
        "marketingIdentifier" => {
            "The identifier in the offer's Marketplace address (edition 2020)."
        }
        "previewSubscriptionIds" => "Subscriptions that see the offer before it is live.",
        "usefulLinks" => "Links shown on the listing.",
        "categories" => "Marketplace categories (`lighthouse-offer schema` lists them).",
        "marketingArtifacts" => "Images of the listing, relative to this file.",
        "logos" => "Logos of the sizes the edition asks (placeholders written by `init`).",
        "acknowledgedWarnings" => "Warnings you have read and accept.",
        "leadManagement" => "Where customers' contact details go.",
        "destination" => "An HTTPS endpoint, an Azure table or Dynamics 365.",
        "contactEmails" => "Who is told of new leads.",
        "legal" => "Privacy policy and terms of use.",
        "privacyPolicyUrl" => "Your privacy policy.",
        "termsOfUse" => "Your terms of use, as an https address or as text.",
        "support" => "Contacts Microsoft reaches and customers' support page.",
        "engineeringContact" => "The engineer Microsoft contacts.",
        "supportContact" => "The support contact Microsoft gives customers.",
        "supportUrls" => "Your support pages.",
        _ => return None,
    })
}
