//! The basic-HTML check of the listing description: what passes, what each rule reports, with its
//! exact span and message, and the two length counts.

use std::ops::Range;

use lighthouse_offer::Rule;
use lighthouse_offer::Severity;
use lighthouse_offer::html::{
    ALLOWED_ELEMENTS, HtmlProblem, HtmlProblemKind, LINK_ATTRIBUTES, check_basic_html,
    markup_length, visible_length,
};

/// The end of every message about a refused element.
const ALLOWS: &str = "the description allows p, br, b, strong, i, em, ul, ol, li, h1 to h6 and a";

#[track_caller]
fn assert_clean(text: &str) {
    let problems = check_basic_html(text);
    assert!(problems.is_empty(), "{text:?} gave {problems:#?}");
}

/// The one problem `text` has.
#[track_caller]
fn only(text: &str) -> HtmlProblem {
    let mut problems = check_basic_html(text);
    assert_eq!(problems.len(), 1, "{text:?} gave {problems:#?}");
    problems.remove(0)
}

/// Asserts a problem's kind, span (and the fragment it covers, so that the span reads) and
/// message.
#[track_caller]
fn assert_problem(
    text: &str,
    problem: &HtmlProblem,
    kind: HtmlProblemKind,
    span: Range<usize>,
    fragment: &str,
    message: &str,
) {
    assert_eq!(problem.kind(), kind, "{problem:#?}");
    assert_eq!(problem.span(), span, "{problem:#?}");
    assert_eq!(&text[problem.span()], fragment);
    assert_eq!(problem.message(), message);
    assert_eq!(problem.to_string(), message);
}

#[track_caller]
fn assert_only(
    text: &str,
    kind: HtmlProblemKind,
    span: Range<usize>,
    fragment: &str,
    message: &str,
) {
    assert_problem(text, &only(text), kind, span, fragment, message);
}

// ---- what passes ----

#[test]
fn plain_text_passes() {
    assert_clean("");
    assert_clean("Contoso's managed services watch your Azure estate 24x7.");
    assert_clean("Tom & Jerry, AT&T, a&b: a bare & is text");
    assert_clean("Überwachung durch verwaltete Dienste 🛡️ — «sécurité»");
    assert_clean("tabs\tand\r\nline breaks\nare white space");
}

#[test]
fn a_rich_description_passes() {
    let description = "<h1>Contoso Managed Sentinel</h1>\n\
        <p>Contoso's <b>managed services</b> for <strong>Microsoft Sentinel</strong> watch\n\
        your <i>Azure</i> estate, <em>day and night</em>.<br>A new line.<br/>Another.<br />End.</p>\n\
        <h2>What you get</h2>\n\
        <ul>\n  <li>24x7 monitoring</li>\n  <li>Incident response\n    <ol><li>triage</li><li>containment</li></ol>\n  </li>\n  <li><p>Monthly reports</p></li>\n</ul>\n\
        <h3>Learn more</h3>\n\
        <p>See <a href=\"https://contoso.com/managed-sentinel?lang=en&amp;ref=marketplace\">our site</a>, \
        <a href='https://learn.microsoft.com/azure/lighthouse/'>Azure Lighthouse</a> or \
        <a href=https://contoso.com/soc>our SOC</a>. From &euro;5 &lt; &#8364;10 &#xA9; Contoso &amp; Co.</p>\n\
        <h4>four</h4><h5>five</h5><h6>six</h6>";
    assert_clean(description);
}

#[test]
fn upper_case_tags_and_attributes_pass() {
    assert_clean("<P>Upper-case <B>tags</B> and <EM>names</EM> are read as lowercase.</P>");
    assert_clean("<A HREF=\"HTTPS://CONTOSO.COM/\">Contoso</A><BR/>");
}

#[test]
fn nested_lists_and_blocks_in_list_items_pass() {
    assert_clean("<ul><li>a<ul><li>b<ol><li>c</li></ol></li></ul></li></ul>");
    assert_clean("<ol><li><h2>Step</h2><p>Do <b>this</b>.</p><ul><li>x</li></ul></li></ol>");
    assert_clean("<p><a href=\"https://contoso.com\"><b>bold link</b></a></p>");
    // `a` is transparent in HTML: it may hold a heading where its parent may.
    assert_clean("<a href=\"https://contoso.com\"><h2>Heading link</h2></a>");
}

#[test]
fn every_spelling_of_br_passes() {
    assert_clean("a<br>b<br/>c<br />d<BR>e<Br/>f");
}

#[test]
fn https_links_pass() {
    for href in [
        "https://contoso.com",
        "https://contoso.com/",
        "HTTPS://CONTOSO.COM/PATH",
        "https://contoso.com:8443/a/b?c=d#e",
        "https://user@contoso.com/",
        "https://xn--bcher-kva.example/",
        "https://bücher.example/",
    ] {
        assert_clean(&format!("<a href=\"{href}\">link</a>"));
        assert_clean(&format!("<a href='{href}'>link</a>"));
    }
    assert_clean("<a href=https://contoso.com/soc>unquoted</a>");
}

#[test]
fn the_allowlist_is_the_documented_one() {
    assert_eq!(
        ALLOWED_ELEMENTS,
        [
            "p", "br", "b", "strong", "i", "em", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5",
            "h6", "a"
        ]
    );
    assert_eq!(LINK_ATTRIBUTES, ["href"]);
}

// ---- LO0450 description-html-element ----

#[test]
fn a_script_is_refused_where_it_starts() {
    // `<p>Managed services</p>` is 3 + 16 + 4 = 23 bytes, all ASCII: the script is character 24.
    let text = "<p>Managed services</p><script>alert(1)</script>";
    assert_only(
        text,
        HtmlProblemKind::DisallowedElement,
        23..31,
        "<script>",
        &format!("element `<script>` at character 24 is not allowed: a script runs code; {ALLOWS}"),
    );
    assert_eq!(only(text).rule(), Rule::DescriptionHtmlElement);
}

#[test]
fn an_upper_case_script_is_refused() {
    let text = "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>";
    assert_only(
        text,
        HtmlProblemKind::DisallowedElement,
        0..38,
        "<SCRIPT SRC=https://evil.example/x.js>",
        &format!(
            "element `<SCRIPT SRC=https://evil.example/x.js>` at character 1 is not allowed: a \
             script runs code; {ALLOWS}"
        ),
    );
}

#[test]
fn dangerous_elements_say_why() {
    for (text, reason) in [
        (
            "<style>p{display:none}</style>",
            "a style sheet can hide or restyle content",
        ),
        (
            "<link rel=stylesheet href=https://x.example/a.css>",
            "a style sheet can hide or restyle content",
        ),
        (
            "<iframe src=https://x.example></iframe>",
            "it embeds another page or a plug-in",
        ),
        (
            "<object data=x></object>",
            "it embeds another page or a plug-in",
        ),
        ("<embed src=x>", "it embeds another page or a plug-in"),
        (
            "<form action=https://x.example></form>",
            "a form control can collect data",
        ),
        ("<input name=password>", "a form control can collect data"),
        (
            "<img src=https://x.example/a.png>",
            "it loads or draws media; use the listing's screenshots and videos",
        ),
        (
            "<svg></svg>",
            "it loads or draws media; use the listing's screenshots and videos",
        ),
        (
            "<meta http-equiv=refresh content=0>",
            "it belongs to the page, not to the description",
        ),
        (
            "<template>x</template>",
            "it hides or changes how its content is read",
        ),
    ] {
        let problem = only(text);
        assert_eq!(problem.kind(), HtmlProblemKind::DisallowedElement, "{text}");
        assert!(
            problem
                .message()
                .contains(&format!("is not allowed: {reason}; {ALLOWS}")),
            "{text}: {}",
            problem.message()
        );
    }
}

#[test]
fn harmless_but_unlisted_elements_are_refused_without_a_reason() {
    let text = "<div>managed <span>services</span> <u>now</u></div>";
    let problems = check_basic_html(text);
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert_problem(
        text,
        &problems[0],
        HtmlProblemKind::DisallowedElement,
        0..5,
        "<div>",
        &format!("element `<div>` at character 1 is not allowed; {ALLOWS}"),
    );
    assert_eq!(&text[problems[1].span()], "<span>");
    assert_problem(
        text,
        &problems[2],
        HtmlProblemKind::DisallowedElement,
        35..38,
        "<u>",
        &format!(
            "element `<u>` at character 36 is not allowed: underlined text reads as a link; use b \
             or i; {ALLOWS}"
        ),
    );
}

#[test]
fn a_doctype_is_refused() {
    let text = "<!DOCTYPE html><p>managed services</p>";
    let problem = only(text);
    assert_problem(
        text,
        &problem,
        HtmlProblemKind::Doctype,
        0..15,
        "<!DOCTYPE html>",
        "`<!DOCTYPE html>` at character 1 is not allowed: the description is part of a page, not a \
         document; remove it",
    );
    assert_eq!(problem.rule(), Rule::DescriptionHtmlElement);
}

// ---- LO0451 description-html-attribute ----

#[test]
fn an_event_handler_is_refused_whatever_its_case() {
    // `<P ` is 3 bytes; `OnClick="alert(1)"` is 7 + 1 + 10 = 18 bytes.
    let text = "<P OnClick=\"alert(1)\">x</P>";
    let problem = only(text);
    assert_problem(
        text,
        &problem,
        HtmlProblemKind::DisallowedAttribute,
        3..21,
        "OnClick=\"alert(1)\"",
        "attribute `OnClick=\"alert(1)\"` of `<p>` at character 4 is not allowed: an event handler \
         runs code; `<p>` takes no attributes",
    );
    assert_eq!(problem.rule(), Rule::DescriptionHtmlAttribute);
}

#[test]
fn an_image_with_onerror_is_refused_twice() {
    // `<img src=x ` is 11 bytes; the unquoted `onerror=alert(1)` is 16 and ends before `>`.
    let text = "<img src=x onerror=alert(1)>";
    let problems = check_basic_html(text);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_problem(
        text,
        &problems[0],
        HtmlProblemKind::DisallowedElement,
        0..28,
        text,
        &format!(
            "element `<img src=x onerror=alert(1)>` at character 1 is not allowed: it loads or \
             draws media; use the listing's screenshots and videos; {ALLOWS}"
        ),
    );
    assert_problem(
        text,
        &problems[1],
        HtmlProblemKind::DisallowedAttribute,
        11..27,
        "onerror=alert(1)",
        "attribute `onerror=alert(1)` of `<img>` at character 12 is not allowed: an event handler \
         runs code",
    );
}

#[test]
fn a_link_takes_only_href() {
    // `<a href="https://contoso.com" ` is 3 + 26 + 1 = 30 bytes.
    let text = "<a href=\"https://contoso.com\" target=\"_blank\">x</a>";
    assert_only(
        text,
        HtmlProblemKind::DisallowedAttribute,
        30..45,
        "target=\"_blank\"",
        "attribute `target=\"_blank\"` of `<a>` at character 31 is not allowed; `<a>` takes only \
         href",
    );
}

#[test]
fn a_style_is_refused_because_it_can_hide_text() {
    let text = "<h2 style=\"display:none\">hidden</h2>";
    assert_only(
        text,
        HtmlProblemKind::DisallowedAttribute,
        4..24,
        "style=\"display:none\"",
        "attribute `style=\"display:none\"` of `<h2>` at character 5 is not allowed: it can hide or \
         restyle text; `<h2>` takes no attributes",
    );
}

#[test]
fn href_is_refused_outside_links() {
    let text = "<p href=\"https://contoso.com\">x</p>";
    assert_eq!(only(text).kind(), HtmlProblemKind::DisallowedAttribute);
}

// ---- LO0452 description-html-url ----

#[test]
fn an_http_link_is_refused() {
    // `href="http://contoso.com"` is 6 + 18 + 1 = 25 bytes from byte 3.
    let text = "<a href=\"http://contoso.com\">x</a>";
    let problem = only(text);
    assert_problem(
        text,
        &problem,
        HtmlProblemKind::UnsafeUrl,
        3..28,
        "href=\"http://contoso.com\"",
        "link `href=\"http://contoso.com\"` at character 4 is not allowed: an http: URL is not \
         encrypted; links must be absolute https:// URLs",
    );
    assert_eq!(problem.rule(), Rule::DescriptionHtmlUrl);
}

#[test]
fn an_entity_encoded_javascript_url_is_caught_and_shown_decoded() {
    let text = "<a href=\"jav&#x61;script:alert(1)\">x</a>";
    assert_only(
        text,
        HtmlProblemKind::UnsafeUrl,
        3..34,
        "href=\"jav&#x61;script:alert(1)\"",
        "link `href=\"jav&#x61;script:alert(1)\"` (read as `javascript:alert(1)`) at character 4 is \
         not allowed: a javascript: URL runs code; links must be absolute https:// URLs",
    );
}

#[test]
fn every_disguise_of_javascript_is_caught() {
    for href in [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "javascript&colon;alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;&#x61;vascript:alert(1)",
        "java&#x09;script:alert(1)",
        "java&#10;script:alert(1)",
        " javascript:alert(1)",
        "&#x20;javascript:alert(1)",
    ] {
        let text = format!("<a href=\"{href}\">x</a>");
        let problem = only(&text);
        assert_eq!(problem.kind(), HtmlProblemKind::UnsafeUrl, "{href}");
        assert!(
            problem
                .message()
                .contains("is not allowed: a javascript: URL runs code;"),
            "{href}: {}",
            problem.message()
        );
    }
}

#[test]
fn other_urls_are_refused_with_their_reason() {
    for (href, reason) in [
        (
            "data:text/html,<script>alert(1)</script>",
            "a data: URL embeds content in the page",
        ),
        ("vbscript:msgbox(1)", "a vbscript: URL runs code"),
        (
            "mailto:soc@contoso.com",
            "the mailto: scheme is not a web page",
        ),
        ("ftp://contoso.com/", "the ftp: scheme is not a web page"),
        (
            "/managed-services",
            "a relative URL means nothing on the Marketplace's page",
        ),
        (
            "managed-services.html",
            "a relative URL means nothing on the Marketplace's page",
        ),
        (
            "#top",
            "a relative URL means nothing on the Marketplace's page",
        ),
        (
            "//contoso.com/",
            "a URL without a scheme depends on the page it is shown on",
        ),
        ("", "the URL is empty"),
        ("https://", "the URL has no host"),
        ("https:///path", "the URL has no host"),
        ("https://user@/", "the URL has no host"),
        (
            "https:contoso.com",
            "an https URL is written `https://` followed by the host",
        ),
        (
            "https:\\\\contoso.com",
            "an https URL is written `https://` followed by the host",
        ),
        (
            "https://contoso.com/a b",
            "the URL contains white space or control characters",
        ),
        (
            " https://contoso.com",
            "the URL contains white space or control characters",
        ),
    ] {
        let text = format!("<a href=\"{href}\">x</a>");
        let problem = only(&text);
        assert_eq!(problem.kind(), HtmlProblemKind::UnsafeUrl, "{href}");
        assert!(
            problem.message().ends_with(&format!(
                "is not allowed: {reason}; links must be absolute https:// URLs"
            )),
            "{href}: {}",
            problem.message()
        );
    }
}

#[test]
fn a_link_without_href_is_refused() {
    let text = "<a>contoso</a>";
    let problem = only(text);
    assert_problem(
        text,
        &problem,
        HtmlProblemKind::MissingHref,
        0..3,
        "<a>",
        "link `<a>` at character 1 has no href: a link needs an absolute https:// URL",
    );
    assert_eq!(problem.rule(), Rule::DescriptionHtmlUrl);
}

// ---- LO0453 description-html-unbalanced ----

#[test]
fn an_unclosed_element_is_reported_at_its_start_tag() {
    let text = "<p>managed services";
    let problem = only(text);
    assert_problem(
        text,
        &problem,
        HtmlProblemKind::UnclosedElement,
        0..3,
        "<p>",
        "element `<p>` at character 1 is never closed: add `</p>`; every element except br needs \
         its end tag",
    );
    assert_eq!(problem.rule(), Rule::DescriptionHtmlUnbalanced);
}

#[test]
fn a_missing_list_item_end_tag_is_one_problem_each() {
    // HTML ends an open `li` at the next `<li>` or at `</ul>`; the check reports each missing
    // `</li>` once, there. `<ul><li>one` is 11 bytes, `<li>two` 7 more.
    let text = "<ul><li>one<li>two</ul>";
    let problems = check_basic_html(text);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_problem(
        text,
        &problems[0],
        HtmlProblemKind::UnclosedElement,
        4..8,
        "<li>",
        "element `<li>` at character 5 is not closed before the next `<li>` at character 12: add \
         `</li>`; every element except br needs its end tag",
    );
    assert_problem(
        text,
        &problems[1],
        HtmlProblemKind::UnclosedElement,
        11..15,
        "<li>",
        "element `<li>` at character 12 is not closed before `</ul>` at character 19: add \
         `</li>`; every element except br needs its end tag",
    );
}

#[test]
fn a_missing_paragraph_end_tag_is_one_problem_each() {
    let text = "<p>one<p>two";
    let messages: Vec<_> = check_basic_html(text)
        .iter()
        .map(|problem| (problem.kind(), problem.span()))
        .collect();
    assert_eq!(
        messages,
        [
            (HtmlProblemKind::UnclosedElement, 0..3),
            (HtmlProblemKind::UnclosedElement, 6..9)
        ]
    );
}

#[test]
fn a_stray_end_tag_is_reported() {
    // `managed services` is 16 bytes.
    let text = "managed services</p>";
    assert_only(
        text,
        HtmlProblemKind::StrayEndTag,
        16..20,
        "</p>",
        "end tag `</p>` at character 17 has no open `<p>` to close",
    );
}

#[test]
fn br_has_no_end_tag() {
    let text = "line<br></br>";
    assert_only(
        text,
        HtmlProblemKind::StrayEndTag,
        8..13,
        "</br>",
        "end tag `</br>` at character 9 is not allowed: `<br>` has no end tag",
    );
}

#[test]
fn crossing_end_tags_are_reported_once() {
    // `<b><i>managed` is 13 bytes; `<i>` starts at byte 3.
    let text = "<b><i>managed</b></i>";
    assert_only(
        text,
        HtmlProblemKind::MisnestedEndTag,
        13..17,
        "</b>",
        "end tag `</b>` at character 14 closes `<b>` while `<i>` from character 4 is still open: \
         close `<i>` first",
    );
}

#[test]
fn a_self_closing_paragraph_does_not_close() {
    let text = "<p/>managed services";
    assert_only(
        text,
        HtmlProblemKind::SelfClosingElement,
        0..4,
        "<p/>",
        "`<p/>` at character 1 does not close itself in HTML: write `<p></p>`; only br may be \
         written `<br/>`",
    );
}

#[test]
fn a_refused_element_left_open_is_reported_once() {
    // The `<div>` is reported as refused; that it is never closed adds nothing.
    let text = "<div>managed services";
    assert_eq!(only(text).kind(), HtmlProblemKind::DisallowedElement);
}

// ---- LO0454 description-html-nesting ----

#[test]
fn a_list_item_needs_a_list() {
    let text = "<li>managed services</li>";
    let problem = only(text);
    assert_problem(
        text,
        &problem,
        HtmlProblemKind::Misplaced,
        0..4,
        "<li>",
        "element `<li>` at character 1 is not directly inside `<ul>` or `<ol>`: a list item needs a \
         list",
    );
    assert_eq!(problem.rule(), Rule::DescriptionHtmlNesting);
}

#[test]
fn a_list_holds_only_list_items() {
    let text = "<ul> services <p>x</p></ul>";
    let problems = check_basic_html(text);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_problem(
        text,
        &problems[0],
        HtmlProblemKind::Misplaced,
        5..13,
        "services",
        "text `services` at character 6 is directly inside `<ul>`: put it in an `<li>`",
    );
    assert_problem(
        text,
        &problems[1],
        HtmlProblemKind::Misplaced,
        14..17,
        "<p>",
        "element `<p>` at character 15 is directly inside `<ul>`: a list holds only `<li>` items",
    );
}

#[test]
fn a_list_inside_a_paragraph_is_reported() {
    // `<p>Services:` is 12 bytes.
    let text = "<p>Services:<ul><li>x</li></ul></p>";
    assert_only(
        text,
        HtmlProblemKind::Misplaced,
        12..16,
        "<ul>",
        "element `<ul>` at character 13 is inside `<p>` from character 1: a browser ends the \
         paragraph before it; close `<p>` first",
    );
}

#[test]
fn headings_and_inline_elements_hold_only_phrasing_content() {
    let text = "<h2><p>x</p></h2>";
    assert_only(
        text,
        HtmlProblemKind::Misplaced,
        4..7,
        "<p>",
        "element `<p>` at character 5 is inside `<h2>` from character 1: `<h2>` holds only text, \
         br and inline elements (b, strong, i, em, a)",
    );
    let text = "<strong><h3>x</h3></strong>";
    assert_only(
        text,
        HtmlProblemKind::Misplaced,
        8..12,
        "<h3>",
        "element `<h3>` at character 9 is inside `<strong>` from character 1: `<strong>` holds \
         only text, br and inline elements (b, strong, i, em, a)",
    );
}

#[test]
fn a_link_inside_a_link_is_reported() {
    // `<a href="https://a.example">` is 3 + 24 + 1 = 28 bytes (`https://a.example` is 17).
    let text = "<a href=\"https://a.example\"><a href=\"https://b.example\">x</a></a>";
    assert_only(
        text,
        HtmlProblemKind::Misplaced,
        28..56,
        "<a href=\"https://b.example\">",
        "element `<a href=\"https://b.example\">` at character 29 is inside another link from \
         character 1: a browser ends the first link here",
    );
}

// ---- LO0455 description-html-comment ----

#[test]
fn a_comment_is_refused() {
    let text = "<p>x</p><!-- y -->";
    let problem = only(text);
    assert_problem(
        text,
        &problem,
        HtmlProblemKind::Comment,
        8..18,
        "<!-- y -->",
        "comment `<!-- y -->` at character 9 is not allowed: readers never see a comment, so it can \
         hide content",
    );
    assert_eq!(problem.rule(), Rule::DescriptionHtmlComment);
}

#[test]
fn markup_read_as_a_comment_is_refused() {
    for text in ["<?xml version=\"1.0\"?>", "<![CDATA[x]]>", "</ p>", "<!x>"] {
        assert_only(
            text,
            HtmlProblemKind::Comment,
            0..text.len(),
            text,
            &format!(
                "`{text}` at character 1 is read as a comment and hidden: remove it, or write \
                 `&lt;` for a literal `<`"
            ),
        );
    }
}

// ---- LO0456 description-html-syntax ----

#[test]
fn a_tag_never_finished_is_reported_to_the_end() {
    // `<p>managed services</p>` is 23 bytes; the unfinished tag runs to the end.
    let text = "<p>managed services</p><a href=\"https://contoso.com\"";
    let problem = only(text);
    assert_problem(
        text,
        &problem,
        HtmlProblemKind::Syntax,
        23..text.len(),
        "<a href=\"https://contoso.com\"",
        "tag `<a href=\"https://contoso.com\"` at character 24 is not valid HTML: it is never \
         finished with `>`, so a browser drops it (html parse error `eof-in-tag`)",
    );
    assert_eq!(problem.rule(), Rule::DescriptionHtmlSyntax);
}

#[test]
fn a_less_than_sign_that_starts_no_tag_is_reported() {
    let text = "5 < 10 managed services";
    assert_only(
        text,
        HtmlProblemKind::Syntax,
        2..3,
        "<",
        "`<` at character 3 does not start a tag: write `&lt;` for a literal `<` (html parse error \
         `invalid-first-character-of-tag-name`)",
    );
    assert_clean("5 &lt; 10 managed services");
}

#[test]
fn a_character_reference_without_semicolon_is_reported() {
    let text = "&copy 2024 Contoso";
    assert_only(
        text,
        HtmlProblemKind::Syntax,
        0..5,
        "&copy",
        "character reference `&copy` at character 1 is not valid HTML: end it with `;`, or write \
         `&amp;` for a literal `&` (html parse error `missing-semicolon-after-character-reference`)",
    );
    let text = "Contoso &nosuch; services";
    assert_only(
        text,
        HtmlProblemKind::Syntax,
        8..16,
        "&nosuch;",
        "character reference `&nosuch;` at character 9 is not valid HTML: HTML has no character of \
         that name; write `&amp;` for a literal `&` (html parse error \
         `unknown-named-character-reference`)",
    );
}

#[test]
fn a_duplicate_attribute_is_reported_at_the_second() {
    // `<a href="https://a.com" ` is 3 + 20 + 1 = 24 bytes. A browser keeps the first href, which
    // is fine, so the javascript: URL is not followed: only the duplicate is reported.
    let text = "<a href=\"https://a.com\" href=\"javascript:x\">x</a>";
    assert_only(
        text,
        HtmlProblemKind::Syntax,
        24..28,
        "href",
        "attribute `href` at character 25 appears twice in one tag: a browser keeps only the first \
         (html parse error `duplicate-attribute`)",
    );
}

#[test]
fn an_unquoted_value_with_an_equals_sign_is_reported() {
    let text = "<a href=https://contoso.com/?a=b>x</a>";
    assert_only(
        text,
        HtmlProblemKind::Syntax,
        0..33,
        "<a href=https://contoso.com/?a=b>",
        "tag `<a href=https://contoso.com/?a=b>` at character 1 is not valid HTML: quote an \
         attribute value that contains `\"`, `'`, `<`, `=` or `` ` `` (html parse error \
         `unexpected-character-in-unquoted-attribute-value`)",
    );
    assert_clean("<a href=\"https://contoso.com/?a=b\">x</a>");
}

#[test]
fn control_characters_are_reported_where_they_are() {
    let text = "managed\u{7}services";
    assert_only(
        text,
        HtmlProblemKind::Syntax,
        7..8,
        "\u{7}",
        "character U+0007 at character 8 is not allowed: control characters and noncharacters \
         have no place in a description (html parse error `control-character-in-input-stream`)",
    );
    let text = "a\0b";
    assert_only(
        text,
        HtmlProblemKind::Syntax,
        1..2,
        "\0",
        "character U+0000 at character 2 is not allowed: control characters and noncharacters \
         have no place in a description (html parse error `unexpected-null-character`)",
    );
}

// ---- positions, order, rules ----

#[test]
fn positions_count_characters_and_spans_count_bytes() {
    // `Ü` is two bytes: the script starts at byte 13 but is the 13th character.
    let text = "Überwachung <script>x</script>";
    assert_eq!(text.find('<'), Some(13));
    let problem = only(text);
    assert_eq!(problem.span(), 13..21);
    assert!(
        problem
            .message()
            .starts_with("element `<script>` at character 13 ")
    );
    // `🛡️` is U+1F6E1 (4 bytes) and U+FE0F (3 bytes): two characters in seven bytes.
    let text = "🛡️ <b>x";
    let problem = only(text);
    assert_eq!(problem.span(), 8..11);
    assert!(
        problem
            .message()
            .starts_with("element `<b>` at character 4 ")
    );
}

#[test]
fn problems_come_in_the_order_of_their_positions() {
    let text = "<b>x<!-- c --><div>";
    let kinds: Vec<_> = check_basic_html(text)
        .iter()
        .map(HtmlProblem::kind)
        .collect();
    assert_eq!(
        kinds,
        [
            HtmlProblemKind::UnclosedElement,
            HtmlProblemKind::Comment,
            HtmlProblemKind::DisallowedElement
        ]
    );
}

#[test]
fn long_fragments_are_shortened_in_messages() {
    let long = format!("<div title=\"{}\">", "x".repeat(100));
    let problem = &check_basic_html(&long)[0];
    assert_eq!(problem.span(), 0..long.len());
    let quoted: String = long.chars().take(60).collect();
    assert!(
        problem
            .message()
            .starts_with(&format!("element `{quoted}…` at character 1 ")),
        "{}",
        problem.message()
    );
}

#[test]
fn each_kind_has_its_rule() {
    for (kind, code, name) in [
        (
            HtmlProblemKind::DisallowedElement,
            "LO0450",
            "description-html-element",
        ),
        (
            HtmlProblemKind::Doctype,
            "LO0450",
            "description-html-element",
        ),
        (
            HtmlProblemKind::DisallowedAttribute,
            "LO0451",
            "description-html-attribute",
        ),
        (
            HtmlProblemKind::MissingHref,
            "LO0452",
            "description-html-url",
        ),
        (HtmlProblemKind::UnsafeUrl, "LO0452", "description-html-url"),
        (
            HtmlProblemKind::UnclosedElement,
            "LO0453",
            "description-html-unbalanced",
        ),
        (
            HtmlProblemKind::StrayEndTag,
            "LO0453",
            "description-html-unbalanced",
        ),
        (
            HtmlProblemKind::MisnestedEndTag,
            "LO0453",
            "description-html-unbalanced",
        ),
        (
            HtmlProblemKind::SelfClosingElement,
            "LO0453",
            "description-html-unbalanced",
        ),
        (
            HtmlProblemKind::Misplaced,
            "LO0454",
            "description-html-nesting",
        ),
        (
            HtmlProblemKind::Comment,
            "LO0455",
            "description-html-comment",
        ),
        (HtmlProblemKind::Syntax, "LO0456", "description-html-syntax"),
    ] {
        let rule = kind.rule();
        assert_eq!((rule.code(), rule.name()), (code, name), "{kind:?}");
        assert_eq!(rule.severity(), Severity::Error);
        assert!(Rule::ALL.contains(&rule));
        assert!(!rule.explanation().is_empty());
    }
}

// ---- lengths ----

#[test]
fn markup_length_counts_every_character() {
    assert_eq!(markup_length(""), 0);
    assert_eq!(markup_length("<b>é</b>"), 8);
    assert_eq!(markup_length("&amp;"), 5);
    // 1,993 characters and `<p></p>`: exactly 2,000 with the markup.
    assert_eq!(markup_length(&format!("{}<p></p>", "é".repeat(1993))), 2000);
}

#[test]
fn visible_length_counts_what_a_reader_sees() {
    assert_eq!(visible_length(""), 0);
    // `a`, a space, `&`, two spaces shown as one, `b`.
    assert_eq!(visible_length("<p>a &amp;  b</p>"), 5);
    assert_eq!(visible_length("<b>é</b><!-- hidden -->"), 1);
    assert_eq!(visible_length("&euro;"), 1);
    assert_eq!(visible_length("<script>var x = 1;</script>ok"), 2);
    assert_eq!(visible_length("<style>p { color: red }</style>ok"), 2);
    assert_eq!(visible_length("line<br>line"), 8);
    // `Managed`, the line break as one space, `services`.
    assert_eq!(visible_length("<p>Managed</p>\n<p>services</p>"), 16);
}

// ---- robustness ----

#[test]
fn checking_never_panics_and_spans_are_always_usable() {
    let tricky = [
        "<",
        ">",
        "</",
        "<>",
        "</>",
        "<!",
        "<!-",
        "<!--",
        "<!-->",
        "<!--->",
        "<?",
        "&",
        "&#",
        "&#x",
        "&#xD800;",
        "&#x110000;",
        "&#0;",
        "&amp",
        "<a href",
        "<a href=",
        "<a href='",
        "<a href=\"",
        "<a href=\"\"",
        "<a href=\"\">",
        "<a href=\"&\">",
        "<a href=\"&#\">",
        "<a\0href=x>",
        "<p\u{FFFF}>",
        "<script>",
        "<script><!--",
        "<script><!--<script>",
        "<style></sty",
        "<textarea><p></textarea>",
        "<plaintext><b>",
        "<title>&amp",
        "<!DOCTYPE",
        "<!DOCTYPE html PUBLIC",
        "<![CDATA[",
        "<p/",
        "<p a=b/>",
        "é<",
        "<é>",
        "</é>",
        "&é",
        "🛡️<b/>🛡️",
        "\u{FDD0}\u{1}\u{7F}\u{9F}",
        "<ul><li><ul><li></ul></li></ol></b></i></a>",
        "<b><i><p><ul></b>",
    ];
    let mut inputs: Vec<String> = tricky.iter().map(|s| (*s).to_owned()).collect();
    // Every prefix and suffix of all the tricky inputs in a row.
    let joined = tricky.concat();
    for (i, _) in joined.char_indices() {
        inputs.push(joined[..i].to_owned());
        inputs.push(joined[i..].to_owned());
    }
    for input in &inputs {
        for problem in check_basic_html(input) {
            let span = problem.span();
            assert!(
                span.start < span.end && span.end <= input.len(),
                "{input:?}: {problem:?}"
            );
            assert!(input.is_char_boundary(span.start) && input.is_char_boundary(span.end));
            let message = problem.message();
            assert!(!message.starts_with(char::is_uppercase), "{message}");
            assert!(!message.ends_with('.'), "{message}");
        }
        let _ = visible_length(input);
    }
}

#[test]
fn problems_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<HtmlProblem>();
    assert_send_sync::<HtmlProblemKind>();
}

/// `basic_html_pieces` in words: `<p>` for an allowed start tag, `</p>` for an end tag,
/// `[…]` around refused markup as written, the text as read.
fn pieces(text: &str) -> String {
    use lighthouse_offer::html::{HtmlPiece, basic_html_pieces};
    basic_html_pieces(text)
        .into_iter()
        .map(|piece| match piece {
            HtmlPiece::Start {
                name,
                href: Some(href),
            } => format!("<{name} {href}>"),
            HtmlPiece::Start { name, href: None } => format!("<{name}>"),
            HtmlPiece::End { name } => format!("</{name}>"),
            HtmlPiece::Text(text) => text,
            HtmlPiece::Refused { span } => format!("[{}]", &text[span]),
            other => panic!("a new piece: {other:?}"),
        })
        .collect()
}

#[test]
fn the_pieces_keep_the_allowed_subset_and_mark_everything_else_refused() {
    for (text, expected) in [
        ("<p>a &amp; b<br/>c</p>", "<p>a & b<br>c</p>"),
        (
            "<a href=\"https://contoso.example/x\">x</a>",
            "<a https://contoso.example/x>x</a>",
        ),
        ("<SCRIPT>alert(1)</SCRIPT>", "[<SCRIPT>]alert(1)[</SCRIPT>]"),
        (
            "<img src=x onerror=alert(1)>",
            "[<img src=x onerror=alert(1)>]",
        ),
        ("<p onclick=\"x()\">a</p>", "[<p onclick=\"x()\">]a</p>"),
        (
            "<a href=\"jav&#x61;script:alert(1)\">x</a>",
            "[<a href=\"jav&#x61;script:alert(1)\">]x</a>",
        ),
        (
            "<a href=\"http://x.example\">x</a>",
            "[<a href=\"http://x.example\">]x</a>",
        ),
        ("<a>x</a>", "[<a>]x</a>"),
        ("<p/>a</br>", "[<p/>]a[</br>]"),
        ("a<!-- hidden -->b", "a[<!-- hidden -->]b"),
        (
            "<span style=\"x\">a</span>",
            "[<span style=\"x\">]a[</span>]",
        ),
        ("<style>p{}</style>", "[<style>]p{}[</style>]"),
    ] {
        assert_eq!(pieces(text), expected, "{text}");
    }
}

#[test]
fn every_start_piece_is_a_tag_the_check_finds_nothing_wrong_with() {
    use lighthouse_offer::html::{HtmlPiece, basic_html_pieces};
    let text = "<h2>T</h2><p>a <b>b</b> <em>c</em> <a href=\"https://x.example\">d</a></p>\
                <ul><li>e</li></ul><p onclick=x>f</p><img src=y><a href=\"data:x\">g</a>";
    let problems = check_basic_html(text);
    let mut at = 0;
    for piece in basic_html_pieces(text) {
        if let HtmlPiece::Start { name, .. } = piece {
            // The start tag of this piece, as written: no problem's span starts in it.
            let start = at + text[at..].find(&format!("<{name}")).unwrap();
            let end = start + text[start..].find('>').unwrap();
            assert!(
                problems
                    .iter()
                    .all(|p| !(start..=end).contains(&p.span().start)),
                "{}",
                &text[start..=end]
            );
            at = end;
        }
    }
}
