//! `preview` and `audit --format html`: the pages' structure without a browser (what each
//! element holds, escaping, no address the page would load). The same pages in a real browser:
//! `tests/conformance/pages.rs`.

use std::path::Path;

use crate::support::cli::{assert_exit, folder, run, stderr, stdout};
use crate::support::example_dir;
use crate::support::pages::{
    HOSTILE, INJECTED_MARKER, example_2026, flawed_offer, fleet, fleet_page_args,
};

/// The page of `preview FILE --out -`.
fn preview(file: &Path) -> String {
    let output = run(&["preview", file.to_str().unwrap(), "--out", "-"]);
    assert_exit(&output, 0);
    stdout(&output)
}

/// Every value of `attribute="…"` in the page.
fn values_of<'p>(page: &'p str, attribute: &str) -> Vec<&'p str> {
    let needle = format!(" {attribute}=\"");
    page.match_indices(&needle)
        .map(|(at, _)| {
            let rest = &page[at + needle.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// The start tags of the page, as written (`<name …>`).
fn tags(page: &str) -> Vec<&str> {
    page.match_indices('<')
        .filter(|(at, _)| page[at + 1..].starts_with(|c: char| c.is_ascii_alphabetic()))
        .map(|(at, _)| &page[at..=at + page[at..].find('>').unwrap()])
        .collect()
}

/// What every page holds to need nothing else: no address it would load (images are `data:`
/// URIs, no style sheet, font or script from anywhere), no event handler on any element.
#[track_caller]
fn self_contained(page: &str) {
    for src in values_of(page, "src") {
        assert!(src.starts_with("data:image/png;base64,"), "{src}");
    }
    for needle in [
        "<link", "<iframe", "<object", "<embed", "@import", "url(http", "url(//",
    ] {
        assert!(!page.contains(needle), "{needle}");
    }
    // The markup before the page's own script (whose code holds `<` too).
    let markup = &page[..page.find("<script>").unwrap_or(page.len())];
    for tag in tags(markup) {
        let lower = tag.to_ascii_lowercase();
        let handler = lower.match_indices(" on").any(|(at, _)| {
            let name = &lower[at + 3..];
            let end = name
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(name.len());
            end > 0 && name[end..].starts_with('=')
        });
        assert!(!handler, "an event handler in {tag}");
    }
    assert!(page.starts_with("<!DOCTYPE html>"), "{}", &page[..40]);
    assert!(page.contains("Content-Security-Policy"));
}

#[test]
fn the_preview_shows_the_listing_the_plans_and_what_each_grants_by_role_name() {
    let page = preview(&example_2026().join("offer.json"));
    self_contained(&page);
    // No script at all, and none allowed.
    assert!(!page.contains("<script"));
    assert!(page.contains("script-src 'none'"));
    for expected in [
        "<h1 id=\"offer-name\" class=\"\">Contoso Managed Sentinel</h1>",
        ">Gold: 24x7 monitoring and incident response for your Microsoft Sentinel workspaces</a>",
        ">Dedicated: Fabrikam</a>",
        "<span class=\"pill public\">public</span>",
        "<span class=\"pill private\">private</span> <span class=\"muted\">2 subscriptions</span>",
        "Bring your own license (BYOL)",
        "<span class=\"category\">Monitoring &amp; Diagnostics</span>",
        // The description as its allowed HTML.
        "<h2>Managed services for Microsoft Sentinel</h2><p>Contoso&#39;s <strong>managed service</strong>",
        "<a href=\"https://contoso.example/docs/sentinel\" rel=\"noreferrer\">documentation</a>",
        // Roles by name, principals by display name.
        "<span class=\"principal\">Contoso SOC analysts</span>",
        "<span class=\"role\">Microsoft Sentinel Responder</span>",
        "<span class=\"role\">Managed Services Registration assignment Delete Role</span>",
        // Eligible access with its limits and approvers.
        "<td>4 h <span class=\"muted\">PT4H</span></td><td>required (Azure)</td>",
        "<span class=\"principal\">Contoso SOC leads</span>",
        // Videos as links.
        "<a href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\" rel=\"noreferrer\">Contoso Managed Sentinel in two minutes</a>",
        // A clean offer says so.
        "<code>check</code> finds nothing",
    ] {
        assert!(page.contains(expected), "{expected}");
    }
    // The logos at their sizes, embedded.
    for (slot, size) in [("small", 48), ("medium", 90), ("large", 300)] {
        let at = page.find(&format!("data-slot=\"{slot}\"")).unwrap();
        assert!(
            page[at..].contains(&format!(
                "width=\"{size}\" height=\"{size}\" src=\"data:image/png;base64,iVBORw0KGgo"
            )),
            "{slot}"
        );
    }
    assert!(
        !page.contains("class=\"finding"),
        "a clean offer has no findings"
    );
}

#[test]
fn findings_are_beside_their_elements_and_the_rest_at_the_top() {
    let dir = folder("pages", "findings_beside");
    let page = preview(&flawed_offer(&dir));
    self_contained(&page);
    // The Owner authorization's error, in the row under that authorization.
    let row = page
        .find("<tr class=\"authorization has-findings\"><td><span class=\"principal\">Contoso SOC readers</span>")
        .expect("the authorization is outlined");
    let next_row = page[row + 10..].find("<tr class=\"authorization").unwrap() + row + 10;
    let error = page
        .find("data-pointer=\"/plans/0/manifest/authorizations/1/roleDefinitionId\"")
        .unwrap();
    assert!(
        row < error && error < next_row,
        "the finding is under its row"
    );
    assert!(page[row..error].contains("<span class=\"role\">Owner</span>"));
    assert!(page[row..error].contains("<tr class=\"findings-row\"><td colspan=\"3\">"));
    assert!(page[error..next_row].contains("error[LO0201]"));
    assert!(
        page[error..next_row].contains("<b>Fix:</b> Give a less privileged built-in role instead")
    );
    // The description's errors beside the description.
    let description = page.find("id=\"description\"").unwrap();
    let after = &page[description..];
    let end = after.find("</section>").unwrap();
    assert!(
        after[..end].contains("data-pointer=\"/listing/description\""),
        "{}",
        &after[..end]
    );
    // The useful link's error beside the link.
    let link = page
        .find("<span class=\"not-a-link\">Release notes</span>")
        .unwrap();
    assert!(page[link..].starts_with(
        "<span class=\"not-a-link\">Release notes</span><div class=\"findings\"><div class=\"finding error\""
    ), "{}", &page[link..link + 300]);
    // The offer ID, which no element shows, at the top.
    let top = page.find("id=\"unplaced\"").unwrap();
    assert!(top < page.find("id=\"listing\"").unwrap());
    assert!(page[top..].starts_with("id=\"unplaced\"><h3>Findings about the whole document</h3><div class=\"finding error\" data-code=\"LO"));
    assert!(page[top..page.find("id=\"listing\"").unwrap()].contains("data-pointer=\"/offerId\""));
    assert!(
        page.contains("<code>check</code> finds 6 errors, 0 warnings"),
        "{}",
        &page[page.find("id=\"check\"").unwrap()..][..200]
    );
}

#[test]
fn the_description_is_shown_through_the_allowed_subset_and_the_rest_as_text() {
    let dir = folder("pages", "hostile_description");
    let page = preview(&flawed_offer(&dir));
    assert!(HOSTILE.contains(INJECTED_MARKER));
    // No script element, no image but the embedded ones, the markup shown as text.
    assert!(!page.contains("<script"));
    assert!(!page.contains("<img src=x"));
    assert!(page.contains(
        "<code class=\"refused\" title=\"not in the description's HTML: shown as text\">&lt;script&gt;</code>\
         document.body.setAttribute(&#39;data-injected&#39;,&#39;script&#39;)"
    ));
    assert!(page.contains(
        "&lt;img src=x onerror=&quot;document.body.setAttribute(&#39;data-injected&#39;,&#39;onerror&#39;)&quot;&gt;</code>"
    ));
    // A useful link that is not https:// is text, not a link.
    assert!(!page.contains("href=\"javascript"));
    assert!(page.contains("<span class=\"not-a-link\">Release notes</span>"));
    // The allowed part around it still is markup.
    assert!(page.contains("<p>Injected: <code class=\"refused\""));
}

#[test]
fn the_page_is_written_beside_the_offer_and_never_over_a_file_unless_forced() {
    let dir = folder("pages", "written_beside");
    let offer = flawed_offer(&dir);
    let output = run(&["preview", offer.to_str().unwrap()]);
    assert_exit(&output, 0);
    let written = dir.join("offer.preview.html");
    assert!(
        stderr(&output).contains(&format!("wrote `{}`", written.display())),
        "{}",
        stderr(&output)
    );
    let page = std::fs::read_to_string(&written).unwrap();
    assert!(page.contains("Contoso Managed Sentinel"));
    std::fs::write(&written, "mine").unwrap();
    let output = run(&["preview", offer.to_str().unwrap()]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("exists already"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(&written).unwrap(), "mine");
    let output = run(&["preview", offer.to_str().unwrap(), "--force"]);
    assert_exit(&output, 0);
    assert_eq!(std::fs::read_to_string(&written).unwrap(), page);
}

#[test]
fn a_document_that_does_not_parse_is_not_previewed() {
    let dir = folder("pages", "not_json");
    let file = dir.join("offer.json");
    std::fs::write(&file, "{ \"offerId\": ").unwrap();
    let output = run(&["preview", file.to_str().unwrap()]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("cannot be previewed"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.join("offer.preview.html").exists());
}

#[test]
fn the_fleet_page_has_the_totals_a_chart_and_a_row_per_delegation() {
    let dir = folder("pages", "fleet");
    let files = fleet(&dir, 200);
    let offer = example_dir().join("offer.json");
    let args = fleet_page_args(&offer, &files);
    let output = run(&args);
    // Drift: exit status 1, as for every format.
    assert_exit(&output, 1);
    let page = stdout(&output);
    self_contained(&page);
    for (key, count) in [
        ("in-line", 156),
        ("behind", 20),
        ("warnings", 0),
        ("drifted", 20),
        ("other-provider", 4),
        ("unread", 0),
    ] {
        let at = page.find(&format!("data-total=\"{key}\"")).expect(key);
        let total = &page[at..at + page[at..].find("</div><div class=\"label\">").unwrap()];
        assert!(
            total.ends_with(&format!("<div class=\"count\">{count}")),
            "{total}"
        );
        assert!(page.contains(&format!("<g data-bar=\"{key}\">")), "{key}");
    }
    assert!(page.contains("<svg id=\"chart\""));
    let rows = page.matches(" role=\"row\">").count();
    assert_eq!(rows, 201, "a heading and a row per delegation");
    // A drifted customer: its tenant, subscription, plan and version, and its findings open.
    let at = page.find(">0000000a-0000-4000-8000-00000000000a<").unwrap();
    let row = &page[page[..at].rfind("<div class=\"row").unwrap()..];
    let row = &row[..row.find('\n').unwrap()];
    assert!(row.starts_with("<div class=\"row drifted\" role=\"row\"><div role=\"cell\">0000000a-7e7e-4e7e-8e7e-00000000000a</div>"), "{row}");
    assert!(
        row.contains("<div role=\"cell\">gold</div><div role=\"cell\">1.2.0</div>"),
        "{row}"
    );
    assert!(row.contains("<details open><summary>1 finding</summary><div class=\"finding error\" data-code=\"LO1001\""), "{row}");
    // A customer behind a version.
    assert!(page.contains("<div role=\"cell\" class=\"v\">behind a version</div><details>"));
    // The controls are hidden until the script shows them.
    assert!(page.contains("<div class=\"controls\" hidden>"));
}

#[test]
fn a_yaml_offer_of_the_2020_rules_is_previewed_with_its_wide_logo_and_hero_image() {
    let page = preview(&example_dir().join("offer.yaml"));
    self_contained(&page);
    for slot in ["small", "medium", "large", "wide", "hero"] {
        let at = page
            .find(&format!("data-slot=\"{slot}\""))
            .unwrap_or_else(|| panic!("{slot}"));
        assert!(
            page[at..].contains("src=\"data:image/png;base64,"),
            "{slot}"
        );
    }
    assert!(page.contains("<span class=\"role\">Microsoft Sentinel Responder</span>"));
}

#[test]
fn an_input_that_cannot_be_read_is_counted_unread_and_named_on_the_fleet_page() {
    let dir = folder("pages", "fleet_unread");
    let mut files = fleet(&dir, 20);
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{ \"value\": [").unwrap();
    files.push(broken);
    let offer = example_dir().join("offer.json");
    let args = fleet_page_args(&offer, &files);
    let output = run(&args);
    assert_exit(&output, 2);
    let page = stdout(&output);
    self_contained(&page);
    let at = page.find("data-total=\"unread\"").unwrap();
    assert!(page[at..].contains("<div class=\"count\">1</div>"));
    let inputs = &page[page.find("id=\"inputs\"").unwrap()..];
    assert!(
        inputs.contains("broken.json</code><div class=\"finding error\""),
        "{}",
        &inputs[..400]
    );
}
