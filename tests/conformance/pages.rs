//! The pages of `preview` and `audit --format html` in a real browser: headless Chromium
//! (Debian's `chromium`, which `.ci/run` installs) opens each page from its file, and the test
//! reads the DOM as Chromium rendered it (`--dump-dom`): the plan titles, the roles by name,
//! the findings beside their elements, the fleet's totals, and that the script and event
//! handler of a hostile description did not run. Screenshots of both pages are written under
//! the target folder (`target/tmp/pages/*.png`) for a person to look at; with
//! `UPDATE_SCREENSHOTS=1` they also replace the ones under `docs/images/`:
//!
//! ```sh
//! UPDATE_SCREENSHOTS=1 cargo test --all-features --test conformance pages -- --ignored
//! ```
//!
//! The fleet page of 10,000 subscriptions is measured, not judged: its size and how long
//! Chromium takes to load it are printed (`--nocapture` shows them).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::cli::{folder, run, stdout, tool};
use crate::support::example_dir;
use crate::support::pages::{INJECTED_MARKER, example_2026, flawed_offer, fleet, fleet_page_args};

/// Chromium, headless, with a new empty profile in `dir`, the flags under which it runs on a
/// machine without a display or a network (no sandbox as root, no GPU, no background requests).
fn chromium(dir: &Path) -> Command {
    let profile = dir.join(format!("profile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let mut command =
        Command::new(std::env::var_os("LIGHTHOUSE_CHROMIUM").unwrap_or_else(|| "chromium".into()));
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// The `file://` address of a page, with `fragment` (`#…`) when given.
fn address(page: &Path, fragment: &str) -> String {
    format!(
        "file://{}{fragment}",
        page.canonicalize().unwrap().display()
    )
}

/// The DOM of a page as Chromium rendered it (scripts run), and how long that took.
fn dump_dom(page: &Path, fragment: &str) -> (String, Duration) {
    let started = Instant::now();
    let output = chromium(page.parent().unwrap())
        .arg("--dump-dom")
        .arg(address(page, fragment))
        .output()
        .expect("chromium runs: install Debian's chromium");
    let took = started.elapsed();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (String::from_utf8(output.stdout).unwrap(), took)
}

/// A screenshot of the page's first `height` pixels at 1000 pixels wide, written as `name` to
/// the target folder's `pages/` (and to `docs/images/NAME` with `UPDATE_SCREENSHOTS=1`),
/// recompressed.
fn screenshot(page: &Path, height: u32, name: &str) {
    let to = &Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("pages")
        .join(name);
    let output = chromium(page.parent().unwrap())
        .arg(format!("--window-size=1000,{height}"))
        .arg(format!("--screenshot={}", to.display()))
        .arg(address(page, ""))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    recompress(to);
    println!(
        "screenshot: {} ({} KiB)",
        to.display(),
        std::fs::metadata(to).unwrap().len() / 1024
    );
    if std::env::var_os("UPDATE_SCREENSHOTS").is_some_and(|v| v == "1") {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs/images")
            .join(to.file_name().unwrap());
        std::fs::create_dir_all(docs.parent().unwrap()).unwrap();
        // Down to a palette of 256 colours, a third of the size, where pngquant is installed.
        let quantized = Command::new("pngquant")
            .args(["--force", "--quality=70-95", "--speed=1", "--output"])
            .arg(&docs)
            .arg(to)
            .status()
            .is_ok_and(|status| status.success());
        if !quantized {
            std::fs::copy(to, &docs).unwrap();
        }
        println!(
            "updated {} ({} KiB)",
            docs.display(),
            std::fs::metadata(&docs).unwrap().len() / 1024
        );
    }
}

/// The PNG at `path` written again as 8-bit RGB with the best compression: Chromium writes RGBA
/// quickly, not small.
fn recompress(path: &Path) {
    let file = std::fs::File::open(path).unwrap();
    let mut reader = png::Decoder::new(std::io::BufReader::new(file))
        .read_info()
        .unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let rgb: Vec<u8> = match info.color_type {
        png::ColorType::Rgba => pixels[..info.buffer_size()]
            .chunks(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect(),
        png::ColorType::Rgb => pixels[..info.buffer_size()].to_vec(),
        other => panic!("Chromium wrote a {other:?} PNG"),
    };
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, info.width, info.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::High);
        encoder.set_filter(png::Filter::Adaptive);
        encoder
            .write_header()
            .unwrap()
            .write_image_data(&rgb)
            .unwrap();
    }
    std::fs::write(path, out).unwrap();
}

/// The element of `dom` that starts at the first match of `start` (a piece of its start tag),
/// up to its end tag `end`.
fn element<'d>(dom: &'d str, start: &str, end: &str) -> &'d str {
    let at = dom
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in the rendered page"));
    let at = dom[..at].rfind('<').unwrap();
    &dom[at..at + dom[at..].find(end).unwrap() + end.len()]
}

/// The preview of `offer` written to `dir/preview.html`, run in the offer's folder (so that the
/// page names the file as `offer.json`).
fn preview(offer: &Path, dir: &Path) -> PathBuf {
    let page = dir.join("preview.html");
    let output = tool()
        .current_dir(offer.parent().unwrap())
        .args([
            "preview",
            "offer.json",
            "--out",
            page.to_str().unwrap(),
            "--force",
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    page
}

#[test]
#[ignore = "conformance: needs Chromium (`chromium` on the PATH; .ci/run installs Debian's chromium)"]
fn the_browser_shows_the_plans_the_roles_by_name_and_each_finding_beside_its_element() {
    let dir = folder("pages", "browser_preview");
    let page = preview(&flawed_offer(&dir), &dir);
    let (dom, _) = dump_dom(&page, "");
    // The plan titles, in the table and as headings of what each plan grants.
    let table = element(&dom, "class=\"plan-table\"", "</table>");
    for title in [
        "Gold: 24x7 monitoring and incident response for your Microsoft Sentinel workspaces",
        "Dedicated: Fabrikam",
    ] {
        assert!(table.contains(&format!(">{title}</a>")), "{title}");
        assert!(
            dom.contains(&format!("<h3 class=\"plan-heading\">{title}</h3>")),
            "{title}"
        );
    }
    // The roles by name, each in its authorization's row.
    let gold = element(&dom, "id=\"plan-0\"", "</section>");
    for (principal, role) in [
        ("Contoso SOC analysts", "Microsoft Sentinel Responder"),
        ("Contoso SOC readers", "Owner"),
        ("Contoso policy automation", "Resource Policy Contributor"),
        (
            "Contoso Lighthouse administrators",
            "Managed Services Registration assignment Delete Role",
        ),
    ] {
        let row = element(
            gold,
            &format!("<span class=\"principal\">{principal}</span>"),
            "</tr>",
        );
        assert!(
            row.contains(&format!("<span class=\"role\">{role}</span>")),
            "{row}"
        );
    }
    let eligible = element(gold, "class=\"eligible-authorization", "</tr>");
    assert!(
        eligible.contains("<span class=\"role\">Contributor</span>"),
        "{eligible}"
    );
    assert!(
        eligible.contains("4 h")
            && eligible.contains("required (Azure)")
            && eligible.contains("Contoso SOC leads"),
        "{eligible}"
    );
    // The Owner error in the row right under its authorization, with its fix.
    let readers = gold
        .find("<span class=\"principal\">Contoso SOC readers</span>")
        .unwrap();
    let next = &gold[readers..];
    let next = &next[next.find("</tr>").unwrap() + 5..];
    assert!(next.starts_with("<tr class=\"findings-row\"><td colspan=\"3\"><div class=\"finding error\" data-code=\"LO0201\" data-pointer=\"/plans/0/manifest/authorizations/1/roleDefinitionId\">"), "{}", &next[..300]);
    // The offer ID's error at the top, before the listing.
    let top = element(&dom, "id=\"unplaced\"", "</section>");
    assert!(top.contains("data-pointer=\"/offerId\""), "{top}");
    assert!(dom.find("id=\"unplaced\"").unwrap() < dom.find("id=\"listing\"").unwrap());
    screenshot(&page, 2350, "preview.png");
}

#[test]
#[ignore = "conformance: needs Chromium (`chromium` on the PATH; .ci/run installs Debian's chromium)"]
fn a_script_or_event_handler_in_the_description_is_shown_as_text_and_never_runs() {
    let dir = folder("pages", "browser_hostile");
    let page = preview(&flawed_offer(&dir), &dir);
    // The marker works: the same description put raw into a page does set it.
    let raw = dir.join("raw.html");
    let offer: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("offer.json")).unwrap()).unwrap();
    std::fs::write(
        &raw,
        format!(
            "<!DOCTYPE html><body>{}</body>",
            offer["listing"]["description"].as_str().unwrap()
        ),
    )
    .unwrap();
    let (dom, _) = dump_dom(&raw, "");
    let ran = format!("{INJECTED_MARKER}=\"");
    assert!(
        dom.contains(&ran),
        "the control page runs the script: {dom}"
    );
    // The page as written, and the page without its Content-Security-Policy: the escaping
    // alone keeps the markup from running.
    let text = std::fs::read_to_string(&page).unwrap();
    let csp = text
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let without = dir.join("without-csp.html");
    std::fs::write(
        &without,
        format!(
            "{}{}",
            &text[..csp],
            &text[csp + text[csp..].find('>').unwrap() + 1..]
        ),
    )
    .unwrap();
    for page in [&page, &without] {
        let (dom, _) = dump_dom(page, "");
        assert!(!dom.contains(&ran), "ran in {}", page.display());
        assert!(dom.contains("<body>"), "{}", &dom[..200]);
        let description = element(&dom, "id=\"description\"", "</div>");
        assert!(!description.contains("<script"), "{description}");
        assert!(!description.contains("<img"), "{description}");
        assert!(
            description.contains(
                "&lt;script&gt;</code>document.body.setAttribute('data-injected','script')"
            ),
            "{description}"
        );
        assert!(description.contains("&lt;img src=x onerror=\"document.body.setAttribute('data-injected','onerror')\"&gt;</code>"), "{description}");
        // The useful link that is not https:// is no link.
        assert!(!dom.contains("href=\"javascript"));
        // The allowed markup around it is markup.
        assert!(
            description.contains("<strong>managed service</strong>"),
            "{description}"
        );
    }
}

#[test]
#[ignore = "conformance: needs Chromium (`chromium` on the PATH; .ci/run installs Debian's chromium)"]
fn the_fleet_page_of_10000_subscriptions_shows_its_totals_sorts_and_filters() {
    let dir = folder("pages", "browser_fleet");
    let files = fleet(&dir, 10_000);
    let offer = example_dir().join("offer.json");
    let args = fleet_page_args(&offer, &files);
    let started = Instant::now();
    let output = run(&args);
    let audited = started.elapsed();
    assert_eq!(output.status.code(), Some(1), "drift");
    let page = dir.join("fleet.html");
    std::fs::write(&page, stdout(&output)).unwrap();
    let bytes = std::fs::metadata(&page).unwrap().len();

    // A page of nothing, to tell Chromium's own start from the page's load.
    let empty = dir.join("empty.html");
    std::fs::write(&empty, "<!DOCTYPE html><title>empty</title>").unwrap();
    let (_, baseline) = dump_dom(&empty, "");
    let (dom, loaded) = dump_dom(&page, "");
    println!(
        "fleet page of 10,000 subscriptions: {bytes} bytes ({:.1} MiB); audit and page written in {:.2} s; \
         Chromium loads it and dumps its DOM in {:.2} s (an empty page: {:.2} s)",
        // A page of a few MiB: exact in an f64.
        f64::from(u32::try_from(bytes).unwrap()) / 1_048_576.0,
        audited.as_secs_f64(),
        loaded.as_secs_f64(),
        baseline.as_secs_f64()
    );
    // The totals, as rendered.
    for (key, count) in [
        ("in-line", 7_800),
        ("behind", 1_000),
        ("drifted", 1_000),
        ("other-provider", 200),
        ("unread", 0),
    ] {
        let total = element(&dom, &format!("data-total=\"{key}\""), "</div></div>");
        assert!(
            total.contains(&format!("<div class=\"count\">{count}</div>")),
            "{total}"
        );
    }
    // The script ran: the controls are shown and every row is.
    assert!(
        dom.contains("<div class=\"controls\">"),
        "the controls are shown"
    );
    assert!(dom.contains("<span id=\"shown\" class=\"muted\">10000 of 10000 shown</span>"));
    // Filtered by verdict from the address: only the drifted rows are shown.
    let (dom, filtered) = dump_dom(&page, "#verdict=drifted");
    assert!(dom.contains("1000 of 10000 shown"));
    let rows: Vec<&str> = dom.split("<div class=\"row ").skip(2).collect();
    assert_eq!(rows.len(), 10_000);
    let shown: Vec<&&str> = rows
        .iter()
        .filter(|r| !r[..r.find('>').unwrap()].contains("hidden"))
        .collect();
    assert_eq!(shown.len(), 1_000);
    assert!(
        shown.iter().all(|r| r.starts_with("drifted\"")),
        "{}",
        shown[0]
    );
    // Sorted by subscription, descending.
    let (dom, sorted) = dump_dom(&page, "#sort=1&desc");
    let first = dom.split("<div class=\"row ").nth(2).unwrap();
    assert!(
        first.contains(&format!(
            "<div role=\"cell\">{}</div>",
            crate::support::pages::subscription(9_999)
        )),
        "{}",
        &first[..200]
    );
    println!(
        "filtered from the address in {:.2} s, sorted in {:.2} s",
        filtered.as_secs_f64(),
        sorted.as_secs_f64()
    );
    // A screenshot of a small fleet, for people.
    let small = dir.join("small");
    std::fs::create_dir_all(&small).unwrap();
    let files = fleet(&small, 60);
    let args = fleet_page_args(&offer, &files);
    let audit_page = small.join("audit.html");
    std::fs::write(&audit_page, stdout(&run(&args))).unwrap();
    screenshot(&audit_page, 1250, "audit.png");
}

#[test]
#[ignore = "conformance: needs Chromium (`chromium` on the PATH; .ci/run installs Debian's chromium)"]
fn the_clean_example_previews_in_the_browser() {
    let dir = folder("pages", "browser_example");
    let page = preview(&example_2026().join("offer.json"), &dir);
    let (dom, _) = dump_dom(&page, "");
    assert!(dom.contains("<code>check</code> finds nothing"));
    // The embedded logos have their sizes once rendered.
    let large = element(&dom, "data-slot=\"large\"", "</figure>");
    assert!(large.contains("width=\"300\" height=\"300\""), "{large}");
}
