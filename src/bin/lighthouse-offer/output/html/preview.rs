//! The preview page of an offer: its listing, plans and what each plan grants, laid out as
//! Azure Marketplace and the Azure portal show a Managed Service offer, with every finding of
//! `check` beside the element it is about.
//!
//! The page is written from the document as read (a JSON value), not from the offer model, so
//! that an offer with errors can be seen too, each error where it is. Each element written for
//! a part of the document is an anchor with that part's JSON Pointer; a finding goes beside the
//! anchor whose pointer is the longest prefix of its own, and findings with no anchor are listed
//! at the top.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use lighthouse_offer::roles::RoleCatalog;
use lighthouse_offer::{Diagnostic, RoleDefinitionId};
use serde_json::Value;

use super::{description, escape, finding, page};

/// An image of the offer's folder, ready to embed: its size and its bytes in base64.
pub struct Image {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The PNG file in base64.
    pub base64: String,
}

/// What the preview shows.
pub struct Preview<'a> {
    /// The document's path as given.
    pub file: &'a str,
    /// The document as read.
    pub document: &'a Value,
    /// The images the document names, by their path as written: embedded, or why not.
    pub images: &'a BTreeMap<String, Result<Image, String>>,
    /// Every finding of `check` on the document, in its order.
    pub findings: &'a [Diagnostic],
    /// The catalog that names roles.
    pub roles: &'a RoleCatalog,
}

/// How the findings of an anchor are wrapped where they are written.
#[derive(Clone, Copy)]
enum Wrap {
    /// Blocks in the flow.
    Block,
    /// A table row of its own, across `n` columns.
    Row(usize),
}

/// The page being written: its body with a marker for each anchor, and the anchors.
struct Writer<'a> {
    out: String,
    anchors: Vec<(String, Wrap)>,
    document: &'a Value,
}

impl Writer<'_> {
    /// A new anchor for `pointer`: the marker where its findings go. The marker's characters
    /// (NUL) never come out of [`escape`], so no input can forge one.
    fn anchor(&mut self, pointer: &str, wrap: Wrap) -> String {
        self.anchors.push((pointer.to_owned(), wrap));
        format!("\u{0}{}\u{0}", self.anchors.len() - 1)
    }

    /// The class that outlines an element with findings: a marker replaced once they are known.
    fn outline(&self) -> String {
        format!("\u{1}{}\u{1}", self.anchors.len())
    }

    /// The class that outlines an element about `pointer` and the anchor written after it: the
    /// outline is taken first, so that it names this anchor.
    fn marked(&mut self, pointer: &str, wrap: Wrap) -> (String, String) {
        let outline = self.outline();
        (outline, self.anchor(pointer, wrap))
    }

    fn text(&self, pointer: &str) -> Option<&str> {
        self.document.pointer(pointer).and_then(Value::as_str)
    }

    fn array(&self, pointer: &str) -> &[Value] {
        self.document
            .pointer(pointer)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// A text of the document, escaped, or a dash in grey when it is missing.
    fn shown(&self, pointer: &str) -> String {
        match self.document.pointer(pointer) {
            Some(Value::String(s)) => escape(s),
            Some(Value::Null) | None => "<span class=\"muted\">—</span>".to_owned(),
            Some(other) => escape(&other.to_string()),
        }
    }
}

/// The preview page.
pub fn render(preview: &Preview<'_>) -> String {
    let mut w = Writer {
        out: String::new(),
        anchors: Vec::new(),
        document: preview.document,
    };
    header(&mut w, preview);
    w.out
        .push_str("<div class=\"columns\"><div class=\"main-column\">");
    overview(&mut w);
    plans(&mut w, preview.roles);
    media(&mut w, preview.images);
    w.out.push_str("</div><aside class=\"side-column\">");
    aside(&mut w);
    w.out.push_str("</aside></div>");
    let body = place_findings(&w, preview.findings, preview.file);
    let title = format!(
        "Preview: {}",
        w.text("/listing/title")
            .or_else(|| w.text("/name"))
            .unwrap_or(preview.file)
    );
    page(&title, STYLE, &body, None)
}

/// The findings put beside their anchors, and the page's top: the bar, the summary of the
/// check, and the findings that no element of the page shows.
fn place_findings(w: &Writer<'_>, findings: &[Diagnostic], file: &str) -> String {
    let mut beside: Vec<Vec<&Diagnostic>> = vec![Vec::new(); w.anchors.len()];
    let mut unplaced = Vec::new();
    for d in findings {
        let path = d.path().as_str();
        let best = w
            .anchors
            .iter()
            .enumerate()
            .filter(|(_, (a, _))| {
                !a.is_empty()
                    && (path == a
                        || (path.starts_with(a.as_str()) && path[a.len()..].starts_with('/')))
            })
            .max_by_key(|(_, (a, _))| a.len());
        match best {
            Some((i, _)) => beside[i].push(d),
            None => unplaced.push(d),
        }
    }
    let errors = findings
        .iter()
        .filter(|d| d.severity() == lighthouse_offer::Severity::Error)
        .count();
    let warnings = findings
        .iter()
        .filter(|d| d.severity() == lighthouse_offer::Severity::Warning)
        .count();
    let mut top = format!(
        "<header class=\"topbar\"><span class=\"brand\">Microsoft Azure</span>\
         <span class=\"crumb\">Marketplace › Managed Services › preview of <code>{}</code></span></header>\n<main>",
        escape(file)
    );
    let verdict = if findings.is_empty() {
        "<div class=\"check ok\" id=\"check\"><code>check</code> finds nothing: this is the offer as customers will see it.</div>".to_owned()
    } else {
        format!(
            "<div class=\"check bad\" id=\"check\"><code>check</code> finds {errors} error{}, {warnings} warning{}: each is shown beside what it is about, outlined in red.</div>",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
        )
    };
    top.push_str(&verdict);
    if !unplaced.is_empty() {
        top.push_str(
            "<section class=\"card\" id=\"unplaced\"><h3>Findings about the whole document</h3>",
        );
        for d in &unplaced {
            top.push_str(&finding(d));
        }
        top.push_str("</section>");
    }
    // The markers replaced: NUL n NUL by the findings, SOH n SOH by the outline class.
    let mut out = top;
    let mut rest = w.out.as_str();
    while let Some(at) = rest.find(['\u{0}', '\u{1}']) {
        out.push_str(&rest[..at]);
        let mark = rest.as_bytes()[at];
        let after = &rest[at + 1..];
        let end = after.find(char::from(mark)).unwrap_or(after.len());
        let index: usize = after[..end].parse().unwrap_or(usize::MAX);
        let found = beside.get(index).map_or(&[][..], Vec::as_slice);
        if mark == 0 {
            if !found.is_empty() {
                let blocks: String = found.iter().map(|d| finding(d)).collect();
                match w.anchors[index].1 {
                    Wrap::Block => {
                        let _ = write!(out, "<div class=\"findings\">{blocks}</div>");
                    }
                    Wrap::Row(columns) => {
                        let _ = write!(
                            out,
                            "<tr class=\"findings-row\"><td colspan=\"{columns}\">{blocks}</td></tr>"
                        );
                    }
                }
            }
        } else if !found.is_empty() {
            out.push_str("has-findings");
        }
        rest = after.get(end + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out.push_str("</main>\n");
    out
}

/// The offer's head: large logo, name, publisher, summary, categories.
fn header(w: &mut Writer<'_>, preview: &Preview<'_>) {
    let logo = w
        .text("/marketingArtifacts/logos/large")
        .or_else(|| w.text("/marketingArtifacts/logos/medium"))
        .and_then(|path| preview.images.get(path))
        .and_then(|image| image.as_ref().ok())
        .map_or_else(
            || "<div class=\"logo-missing\">no logo</div>".to_owned(),
            |image| {
                format!(
                    "<img class=\"hero-logo\" alt=\"logo\" src=\"data:image/png;base64,{}\">",
                    image.base64
                )
            },
        );
    let (outline, name_anchor) = w.marked("/listing/title", Wrap::Block);
    let title = if w.text("/listing/title").is_some() {
        w.shown("/listing/title")
    } else {
        w.shown("/name")
    };
    let _ = write!(
        w.out,
        "<section class=\"card offer-head\" id=\"listing\">{logo}<div class=\"head-text\">\
         <h1 id=\"offer-name\" class=\"{outline}\">{title}</h1>{name_anchor}\
         <div class=\"publisher\">by <b>{publisher}</b> · offer <code>{offer}</code> · rule edition {edition}</div>",
        publisher = w.shown("/publisherId"),
        offer = w.shown("/offerId"),
        edition = w
            .text("/edition")
            .map_or_else(|| "2020 (not named)".to_owned(), escape),
    );
    let (outline, anchor) = w.marked("/listing/summary", Wrap::Block);
    let _ = write!(
        w.out,
        "<p class=\"summary {outline}\" id=\"summary\">{}</p>{anchor}",
        w.shown("/listing/summary")
    );
    let (outline, anchor) = w.marked("/listing/categories", Wrap::Block);
    let mut categories = String::new();
    for c in w.array("/listing/categories") {
        let _ = write!(
            categories,
            "<span class=\"category\">{}</span>",
            escape(c.as_str().unwrap_or_default())
        );
    }
    let _ = write!(
        w.out,
        "<div class=\"categories {outline}\" id=\"categories\">{categories}</div>{anchor}\
         <div class=\"get\"><span class=\"button\" aria-disabled=\"true\">Create</span>\
         <span class=\"muted\">Managed Service · Azure Lighthouse</span></div></div></section>"
    );
}

/// The overview: long summary and the description, rendered from its allowed HTML.
fn overview(w: &mut Writer<'_>) {
    w.out.push_str("<nav class=\"tabs\"><span class=\"tab on\">Overview</span><a class=\"tab\" href=\"#plans\">Plans + Pricing</a></nav>");
    let (outline, anchor) = w.marked("/listing/longSummary", Wrap::Block);
    let _ = write!(
        w.out,
        "<section class=\"card\" id=\"overview\"><p class=\"long-summary {outline}\">{}</p>{anchor}",
        w.shown("/listing/longSummary")
    );
    let (outline, anchor) = w.marked("/listing/description", Wrap::Block);
    let rendered = w
        .text("/listing/description")
        .map(description)
        .unwrap_or_default();
    let _ = write!(
        w.out,
        "<div class=\"description {outline}\" id=\"description\">{rendered}</div>{anchor}</section>"
    );
}

/// The logos at their sizes, the screenshots and the videos (as links).
fn media(w: &mut Writer<'_>, images: &BTreeMap<String, Result<Image, String>>) {
    let image = |path: &str, alt: &str| image(images, path, alt);
    let screenshots = w.array("/marketingArtifacts/screenshots").to_vec();
    if !screenshots.is_empty() {
        w.out.push_str(
            "<section class=\"card\" id=\"screenshots\"><h2>Screenshots</h2><div class=\"shots\">",
        );
        for (i, shot) in screenshots.iter().enumerate() {
            // The 2020 rules wrote a path; today's a path and a caption.
            let (path, caption) = match shot {
                Value::String(path) => (path.as_str(), ""),
                other => (
                    other
                        .get("path")
                        .and_then(Value::as_str)
                        .unwrap_or_default(),
                    other
                        .get("caption")
                        .and_then(Value::as_str)
                        .unwrap_or_default(),
                ),
            };
            let (outline, anchor) =
                w.marked(&format!("/marketingArtifacts/screenshots/{i}"), Wrap::Block);
            let _ = write!(
                w.out,
                "<figure class=\"shot {outline}\">{}<figcaption>{}</figcaption>{anchor}</figure>",
                image(path, caption),
                escape(caption)
            );
        }
        w.out.push_str("</div></section>");
    }
    let videos = w.array("/marketingArtifacts/videos").to_vec();
    if !videos.is_empty() {
        w.out
            .push_str("<section class=\"card\" id=\"videos\"><h2>Videos</h2><ul class=\"videos\">");
        for (i, video) in videos.iter().enumerate() {
            let text = |key| video.get(key).and_then(Value::as_str).unwrap_or_default();
            let thumbnail = image(text("thumbnail"), "thumbnail");
            let (outline, anchor) =
                w.marked(&format!("/marketingArtifacts/videos/{i}"), Wrap::Block);
            let _ = write!(
                w.out,
                "<li class=\"video {outline}\"><div class=\"thumb\">{thumbnail}</div><div>\
                 {link}<div class=\"muted\">{url}</div>{anchor}</div></li>",
                link = link(text("url"), text("name")),
                url = escape(text("url")),
            );
        }
        w.out.push_str("</ul></section>");
    }
    logos(w, images);
}

/// An image embedded at its size, or why it is not.
fn image(images: &BTreeMap<String, Result<Image, String>>, path: &str, alt: &str) -> String {
    match images.get(path) {
        Some(Ok(image)) => format!(
            "<img alt=\"{}\" width=\"{}\" height=\"{}\" src=\"data:image/png;base64,{}\">",
            escape(alt),
            image.width,
            image.height,
            image.base64
        ),
        Some(Err(why)) => format!("<div class=\"no-image\">{}</div>", escape(why)),
        None => "<div class=\"no-image\">not read</div>".to_owned(),
    }
}

/// Every logo (and the 2020 rules' hero image) at its own size.
fn logos(w: &mut Writer<'_>, images: &BTreeMap<String, Result<Image, String>>) {
    let logos: Vec<(String, String)> = w
        .document
        .pointer("/marketingArtifacts/logos")
        .and_then(Value::as_object)
        .map(|logos| {
            logos
                .iter()
                .map(|(slot, path)| (slot.clone(), path.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let hero = w.text("/marketingArtifacts/hero").map(str::to_owned);
    if !logos.is_empty() || hero.is_some() {
        w.out.push_str("<section class=\"card\" id=\"logos\"><h2>Logos, at their sizes</h2><div class=\"logos\">");
        let slots = logos
            .iter()
            .map(|(slot, path)| {
                (
                    format!("/marketingArtifacts/logos/{slot}"),
                    slot.clone(),
                    path.clone(),
                )
            })
            .chain(hero.map(|path| {
                (
                    "/marketingArtifacts/hero".to_owned(),
                    "hero".to_owned(),
                    path,
                )
            }));
        for (pointer, slot, path) in slots {
            let size = match images.get(&path) {
                Some(Ok(image)) => format!("{}×{}", image.width, image.height),
                _ => String::new(),
            };
            let (outline, anchor) = w.marked(&pointer, Wrap::Block);
            let _ = write!(
                w.out,
                "<figure class=\"logo {outline}\" data-slot=\"{slot}\">{}<figcaption><b>{slot}</b> {size}<br><code>{}</code></figcaption>{anchor}</figure>",
                image(images, &path, &slot),
                escape(&path),
                slot = escape(&slot),
            );
        }
        w.out.push_str("</div></section>");
    }
}

/// A link to `url` that reads `text`, for an absolute `https://` address without white space
/// or control characters; anything else (`javascript:`, a relative address) is text, never a
/// link, whatever `check` says of it.
fn link(url: &str, text: &str) -> String {
    let https = url
        .get(..8)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if https {
        format!(
            "<a href=\"{}\" rel=\"noreferrer\">{}</a>",
            escape(url),
            escape(text)
        )
    } else {
        format!("<span class=\"not-a-link\">{}</span>", escape(text))
    }
}

/// A role by its name (from the catalog) with its GUID in grey, or the text as written.
fn role(roles: &RoleCatalog, written: Option<&str>) -> String {
    let Some(written) = written else {
        return "<span class=\"muted\">—</span>".to_owned();
    };
    match RoleDefinitionId::new(written)
        .ok()
        .and_then(|id| roles.name(id))
    {
        Some(name) => format!(
            "<span class=\"role\">{}</span> <code class=\"guid\">{}</code>",
            escape(&name),
            escape(written)
        ),
        None => format!(
            "<span class=\"role unknown\">unknown role</span> <code class=\"guid\">{}</code>",
            escape(written)
        ),
    }
}

/// A principal: its display name, its ID in grey.
fn principal(value: &Value) -> String {
    let text = |key| value.get(key).and_then(Value::as_str);
    format!(
        "<span class=\"principal\">{}</span> <code class=\"guid\">{}</code>",
        text("principalIdDisplayName").map_or_else(|| "(no display name)".to_owned(), escape),
        escape(text("principalId").unwrap_or_default())
    )
}

/// The plans: the table Marketplace shows, then per plan what a customer grants.
fn plans(w: &mut Writer<'_>, roles: &RoleCatalog) {
    let plans = w.array("/plans").to_vec();
    plan_table(w, &plans);
    for (i, plan) in plans.iter().enumerate() {
        let at = format!("/plans/{i}");
        let (outline, anchor) = w.marked(&at, Wrap::Block);
        let _ = write!(
            w.out,
            "<section class=\"card plan {outline}\" id=\"plan-{i}\"><h3 class=\"plan-heading\">{title}</h3>{anchor}",
            title = w.shown(&format!("{at}/title")),
        );
        let (outline, anchor) = w.marked(&format!("{at}/description"), Wrap::Block);
        let _ = write!(
            w.out,
            "<p class=\"plan-description {outline}\">{}</p>{anchor}",
            w.shown(&format!("{at}/description"))
        );
        let manifest = format!("{at}/manifest");
        let (outline, anchor) = w.marked(&format!("{manifest}/version"), Wrap::Block);
        let _ = write!(
            w.out,
            "<div class=\"manifest {outline}\">Manifest version <b>{}</b> · managed by tenant <code>{}</code></div>{anchor}",
            w.shown(&format!("{manifest}/version")),
            w.shown(&format!("{manifest}/tenantId")),
        );
        let _ = write!(
            w.out,
            "<h4>What the customer grants</h4><p class=\"muted\">Permanent access, as the customer's \
             portal lists it under Service providers › Delegations:</p>\
             <table class=\"grants\"><thead><tr><th>Principal</th><th>Role</th><th>May assign to managed identities</th></tr></thead><tbody>"
        );
        for (j, a) in plan
            .pointer("/manifest/authorizations")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .enumerate()
        {
            let (outline, anchor) =
                w.marked(&format!("{manifest}/authorizations/{j}"), Wrap::Row(3));
            let assignable: Vec<String> = a
                .get("delegatedRoleDefinitionIds")
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .map(|id| role(roles, id.as_str()))
                .collect();
            let _ = write!(
                w.out,
                "<tr class=\"authorization {outline}\"><td>{}</td><td>{}</td><td>{}</td></tr>{anchor}",
                principal(a),
                role(roles, a.get("roleDefinitionId").and_then(Value::as_str)),
                if assignable.is_empty() {
                    "<span class=\"muted\">—</span>".to_owned()
                } else {
                    assignable.join("<br>")
                },
            );
        }
        w.out.push_str("</tbody></table>");
        eligible(w, roles, plan, &manifest);
        let anchor = w.anchor(&manifest, Wrap::Block);
        w.out.push_str(&anchor);
        w.out.push_str("</section>");
    }
}

/// The plans as Marketplace lists them: title, summary, availability, billing.
fn plan_table(w: &mut Writer<'_>, plans: &[Value]) {
    let _ = write!(
        w.out,
        "<h2 id=\"plans\">Plans + Pricing</h2><section class=\"card\"><table class=\"plan-table\">\
         <thead><tr><th>Plan</th><th>Description</th><th>Availability</th><th>Billing</th></tr></thead><tbody>"
    );
    for (i, plan) in plans.iter().enumerate() {
        let at = format!("/plans/{i}");
        let (outline, anchor) = w.marked(&format!("{at}/title"), Wrap::Row(4));
        let availability = match plan
            .pointer("/availability/visibility")
            .and_then(Value::as_str)
        {
            Some("private") => format!(
                "<span class=\"pill private\">private</span> <span class=\"muted\">{} subscriptions</span>",
                plan.pointer("/availability/subscriptionIds")
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len)
            ),
            Some("public") => "<span class=\"pill public\">public</span>".to_owned(),
            Some(other) => format!("<span class=\"pill\">{}</span>", escape(other)),
            None => "<span class=\"muted\">—</span>".to_owned(),
        };
        let billing = match plan.get("billingModel").and_then(Value::as_str) {
            None | Some("byol") => "Bring your own license (BYOL)".to_owned(),
            Some(other) => escape(other),
        };
        let _ = write!(
            w.out,
            "<tr class=\"plan-row {outline}\"><td><a class=\"plan-title\" href=\"#plan-{i}\">{title}</a>\
             <div class=\"muted\"><code>{id}</code></div></td><td>{summary}</td><td>{availability}</td><td>{billing}</td></tr>{anchor}",
            id = w.shown(&format!("{at}/planId")),
            title = w.shown(&format!("{at}/title")),
            summary = w.shown(&format!("{at}/summary")),
        );
    }
    w.out.push_str("</tbody></table></section>");
}

/// Eligible access of a plan (just in time): activation limit, multi-factor authentication,
/// approvers.
fn eligible(w: &mut Writer<'_>, roles: &RoleCatalog, plan: &Value, manifest: &str) {
    let eligible = plan
        .pointer("/manifest/eligibleAuthorizations")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
        .to_vec();
    if !eligible.is_empty() {
        w.out.push_str(
            "<h4>Eligible access (just in time)</h4><p class=\"muted\">Roles a principal activates \
             when needed, through Privileged Identity Management:</p><table class=\"grants eligible\"><thead><tr>\
             <th>Principal</th><th>Role</th><th>Activation for at most</th><th>Multi-factor authentication</th><th>Approvers</th></tr></thead><tbody>",
        );
        for (j, e) in eligible.iter().enumerate() {
            let policy = e.get("justInTimeAccessPolicy");
            let text = |key| policy.and_then(|p| p.get(key)).and_then(Value::as_str);
            let duration = text("maximumActivationDuration").unwrap_or("PT8H");
            let mfa = match text("multiFactorAuthProvider") {
                Some("Azure") => "required (Azure)".to_owned(),
                Some("None") | None => "not required".to_owned(),
                Some(other) => escape(other),
            };
            let approvers: Vec<String> = policy
                .and_then(|p| p.get("managedByTenantApprovers"))
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .map(principal)
                .collect();
            let (outline, anchor) = w.marked(
                &format!("{manifest}/eligibleAuthorizations/{j}"),
                Wrap::Row(5),
            );
            let _ = write!(
                w.out,
                "<tr class=\"eligible-authorization {outline}\"><td>{}</td><td>{}</td><td>{} <span class=\"muted\">{}</span></td><td>{mfa}</td><td>{}</td></tr>{anchor}",
                principal(e),
                role(roles, e.get("roleDefinitionId").and_then(Value::as_str)),
                escape(&duration_words(duration)),
                escape(duration),
                if approvers.is_empty() {
                    "<span class=\"muted\">no approval needed</span>".to_owned()
                } else {
                    approvers.join("<br>")
                },
            );
        }
        w.out.push_str("</tbody></table>");
    }
}

/// An ISO 8601 duration of hours and minutes in words: `PT4H30M` is `4 h 30 min`; anything
/// else as written.
fn duration_words(duration: &str) -> String {
    let Some(rest) = duration.strip_prefix("PT") else {
        return duration.to_owned();
    };
    let (hours, minutes) = match rest.split_once('H') {
        Some((h, m)) => (h, m.strip_suffix('M').unwrap_or(m)),
        None => ("", rest.strip_suffix('M').unwrap_or(rest)),
    };
    match (hours.is_empty(), minutes.is_empty()) {
        (false, true) => format!("{hours} h"),
        (true, false) => format!("{minutes} min"),
        (false, false) => format!("{hours} h {minutes} min"),
        (true, true) => duration.to_owned(),
    }
}

/// The side column: useful links, legal, support, preview audience.
fn aside(w: &mut Writer<'_>) {
    w.out
        .push_str("<section class=\"card\"><h3>Useful links</h3><ul class=\"links\">");
    let links = w.array("/listing/usefulLinks").to_vec();
    for (i, useful) in links.iter().enumerate() {
        let text = |key| useful.get(key).and_then(Value::as_str).unwrap_or_default();
        let (outline, anchor) = w.marked(&format!("/listing/usefulLinks/{i}"), Wrap::Block);
        let _ = write!(
            w.out,
            "<li class=\"{outline}\">{}{anchor}</li>",
            link(text("url"), text("name"))
        );
    }
    w.out.push_str("</ul>");
    let anchor = w.anchor("/listing/usefulLinks", Wrap::Block);
    w.out.push_str(&anchor);
    w.out
        .push_str("</section><section class=\"card\" id=\"legal\"><h3>Legal</h3>");
    let (outline, anchor) = w.marked("/legal/privacyPolicyUrl", Wrap::Block);
    let _ = write!(
        w.out,
        "<p class=\"{outline}\">Privacy policy<br><span class=\"url\">{}</span></p>{anchor}",
        w.shown("/legal/privacyPolicyUrl")
    );
    let (outline, anchor) = w.marked("/legal/termsOfUse", Wrap::Block);
    let _ = write!(
        w.out,
        "<p class=\"{outline}\">Terms of use<br><span class=\"url\">{}</span></p>{anchor}",
        w.shown("/legal/termsOfUse")
    );
    let anchor = w.anchor("/legal", Wrap::Block);
    w.out.push_str(&anchor);
    w.out
        .push_str("</section><section class=\"card\" id=\"support\"><h3>Support</h3>");
    for (key, label) in [
        ("supportContact", "Support"),
        ("engineeringContact", "Engineering"),
    ] {
        let at = format!("/support/{key}");
        let (outline, anchor) = w.marked(&at, Wrap::Block);
        let _ = write!(
            w.out,
            "<p class=\"{outline}\"><b>{label}</b><br>{}<br><span class=\"muted\">{} · {}</span></p>{anchor}",
            w.shown(&format!("{at}/name")),
            w.shown(&format!("{at}/email")),
            w.shown(&format!("{at}/phone")),
        );
    }
    let anchor = w.anchor("/support", Wrap::Block);
    w.out.push_str(&anchor);
    w.out.push_str("</section>");
    let preview = w.array("/listing/previewSubscriptionIds").len();
    let (outline, anchor) = w.marked("/listing", Wrap::Block);
    let _ = write!(
        w.out,
        "<section class=\"card {outline}\"><h3>Preview audience</h3><p class=\"muted\">{preview} subscription{} the offer before it goes live.</p>{anchor}</section>",
        if preview == 1 { " sees" } else { "s see" }
    );
    let anchor = w.anchor("/leadManagement", Wrap::Block);
    let _ = write!(
        w.out,
        "<section class=\"card\"><h3>Leads</h3><p class=\"muted\">Sent to: {}</p>{anchor}</section>",
        w.shown("/leadManagement/destination/type")
    );
}

/// The preview's own style, after the shared one.
const STYLE: &str = "\
.check{padding:10px 14px;border-radius:4px;margin-bottom:8px;font-weight:600}\
.check.ok{background:var(--ok-bg);color:var(--ok)}.check.bad{background:var(--err-bg);color:var(--err)}\
.columns{display:grid;grid-template-columns:minmax(0,1fr) 290px;gap:20px}\
.offer-head{display:flex;gap:22px;align-items:flex-start;padding:22px}\
.hero-logo{width:115px;height:115px;object-fit:contain;border:1px solid var(--line);border-radius:4px;padding:6px;background:#fff}\
.logo-missing{width:115px;height:115px;border:1px dashed #a19f9d;display:flex;align-items:center;justify-content:center;color:var(--muted)}\
.head-text{flex:1}.publisher{color:var(--muted);margin:4px 0 8px}.summary{font-size:15px;margin:6px 0}\
.category{display:inline-block;border:1px solid #c8c6c4;border-radius:2px;padding:1px 8px;margin:6px 6px 0 0;font-size:12px;background:#f3f2f1}\
.get{margin-top:14px;display:flex;gap:12px;align-items:center}\
.button{background:var(--blue);color:#fff;padding:6px 22px;border-radius:2px;font-weight:600}\
.tabs{display:flex;gap:24px;border-bottom:1px solid var(--line);margin:18px 0 0}\
.tab{padding:8px 2px;color:var(--ink);text-decoration:none}.tab.on{border-bottom:2px solid var(--blue);font-weight:600}\
.long-summary{font-size:15px}.description h1,.description h2,.description h3{margin:14px 0 6px}\
.description a,.links a,.videos a,a.plan-title{color:var(--blue);text-decoration:none}\
code.refused{background:#fff4ce;color:#8a5300;border:1px solid #f1c40f;border-radius:2px;padding:0 3px;white-space:pre-wrap}\
.shots{display:flex;gap:14px;flex-wrap:wrap}.shot{margin:0;max-width:100%}\
.shot img{max-width:100%;height:auto;border:1px solid var(--line)}figcaption{font-size:12.5px;color:var(--muted);margin-top:4px}\
.videos{list-style:none;padding:0;margin:0}.video{display:flex;gap:14px;align-items:center}\
.thumb img{width:160px;height:auto;border:1px solid var(--line)}\
.logos{display:flex;gap:22px;align-items:flex-end;flex-wrap:wrap}.logo{margin:0}\
.logo img{display:block;border:1px dashed #c8c6c4;background:repeating-conic-gradient(#f3f2f1 0 25%,#fff 0 50%) 0 0/16px 16px}\
.no-image{padding:14px;border:1px dashed #d13438;color:#a4262c;font-size:12.5px;max-width:260px}\
.plan-table td:first-child{width:32%}.plan-title{font-weight:600}\
.plan-heading{font-size:17px;margin-top:0}.manifest{color:var(--muted);margin:4px 0 10px}\
h4{margin:16px 0 2px;font-size:14px}.grants{margin-top:6px}.role{font-weight:600}\
code.guid{display:block;color:#8a8886;font-size:11px}.role.unknown{color:var(--err)}\
.findings-row td{border-bottom:none;padding-top:0}\
.links{padding-left:18px;margin:0}.links li{margin:6px 0}.url{word-break:break-all;color:var(--muted);font-size:12.5px}\
aside .card{padding:12px 16px}aside h3{margin-top:0}\
@media (max-width:900px){.columns{grid-template-columns:1fr}}\
";
