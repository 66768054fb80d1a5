//! The basic HTML of the Marketplace listing's description: which markup is allowed, the check
//! that finds everything else with its position, and the two ways to count the description's
//! length.
//!
//! Partner Center says the description "supports basic HTML formatting" (seed documents, 2020) and
//! Microsoft Learn lists the tags ("HTML tags supported in commercial marketplace offer
//! descriptions"): `b`, `i`, `br`, `p`, `ul`, `ol`, `li` and `h1` to `h6`, most of them with an
//! opening and a closing tag. This crate accepts that list, plus `strong` and `em` (what every
//! rich-text editor writes for bold and italics) and links to `https://` pages. Microsoft's list
//! has no links: the Marketplace may show a link's text without the link, but a link can do no
//! harm when it is an `https://` URL and nothing else.
//!
//! | element | attributes | what it is |
//! |---|---|---|
//! | `p` | none | a paragraph |
//! | `br` | none | a line break; a void element: `<br>`, `<br/>` or `<br />`, never `</br>` |
//! | `b`, `strong` | none | bold text |
//! | `i`, `em` | none | italic text |
//! | `ul`, `ol` | none | a bulleted or numbered list; holds only `li` |
//! | `li` | none | a list item, directly inside `ul` or `ol` |
//! | `h1` … `h6` | none | headings |
//! | `a` | `href` (required): an absolute `https://` URL with a host | a link |
//!
//! Everything else is refused, each with its [`Rule`]:
//!
//! - any other element, and `<!doctype>` ([`Rule::DescriptionHtmlElement`]). Elements that run
//!   code, embed or load other content, collect data or style the page (`script`, `style`,
//!   `iframe`, `object`, `embed`, `form`, `img`, `svg`, …) get a message that says so. `span`
//!   and `div` are refused too: they format nothing by themselves and exist to carry `class` or
//!   `style`, which are refused; `u` is refused because underlined text reads as a link.
//! - any attribute other than `href` on `a` ([`Rule::DescriptionHtmlAttribute`]): event handlers
//!   (`onclick`, `onerror`, any `on…`) run code, `style` and `class` can hide text, `target`
//!   changes how the Marketplace's page behaves. Event handlers are reported on refused elements
//!   too (`<img onerror=…>`).
//! - a link without `href`, or whose `href` is not an absolute `https://` URL with a host
//!   ([`Rule::DescriptionHtmlUrl`]): `javascript:`, `vbscript:` (run code), `data:` (embeds
//!   content), `http:` (not encrypted), `mailto:` and other schemes, relative URLs, URLs with
//!   white space. The value is read as a browser reads it: character references are decoded
//!   (`jav&#x61;script:` is `javascript:`) and tabs and line breaks anywhere in it are ignored.
//! - unbalanced markup ([`Rule::DescriptionHtmlUnbalanced`]): an element never closed, an end
//!   tag without its start tag, crossing end tags (`<b><i></b></i>`), `</br>`, and non-void
//!   elements written self-closing (`<p/>` opens a paragraph in HTML; it does not close it).
//!   Every element except `br` needs its end tag, even `p` and `li` where HTML would infer it:
//!   Microsoft's list asks for both tags, and the Marketplace's renderer is not a browser we can
//!   test against. Where HTML would infer the end of a `p` or `li` (at the next `<li>`, or at
//!   `</ul>`), the missing end tag is reported once, at its start tag, and the check goes on as
//!   a browser would.
//! - markup that a browser would restructure ([`Rule::DescriptionHtmlNesting`]): `li` outside a
//!   list, anything but `li` directly in a list, a paragraph, list or heading inside `p`, a
//!   heading or `b`/`strong`/`i`/`em`, and a link inside a link.
//! - comments, and markup that HTML reads as a comment (`<?xml …?>`, `<![CDATA[…]]>`, `</ x>`)
//!   ([`Rule::DescriptionHtmlComment`]): readers never see them, so they can hide content.
//! - HTML parse errors where a browser has to guess ([`Rule::DescriptionHtmlSyntax`]): a tag
//!   never finished with `>` (the browser drops it), a `<` that starts no tag (write `&lt;`), a
//!   character reference without `;` or naming nothing, an attribute twice in one tag, unquoted
//!   attribute values with `"`, `'`, `<`, `=` or `` ` ``, control characters and noncharacters.
//!
//! # Positions
//!
//! Each [`HtmlProblem`] has a byte range into the checked text (the decoded JSON string, not the
//! document's source) and a message that quotes the offending fragment and gives its position
//! as a character number in the description, counting from 1 (`at character 57`). The document
//! reader reports the problem at the description's path (`/listing/description`).
//!
//! # Why `html5gum`
//!
//! The check tokenizes with [`html5gum`](https://docs.rs/html5gum), a WHATWG-conformant HTML
//! tokenizer without dependencies of its own. It reads markup the way a browser's tokenizer
//! does, so the check sees what a browser would: upper-case names (`<SCRIPT>`, `OnClick`) come
//! out lowercase, unquoted and single-quoted attributes are read alike, character references
//! in attribute values are decoded, and the content of `<script>` and `<style>` is raw text.
//! It gives byte spans of every tag, every attribute and every parse error, which the positions
//! need. Hand-written regular expressions miss exactly the cases an attacker uses (entity-encoded
//! schemes, unquoted values, odd case). `html5ever` reports only line numbers; `ammonia` returns a
//! cleaned string instead of saying what is wrong and where; `lol_html` adds about 4 s to a
//! clean build and has no per-attribute spans. A tokenizer does not build a tree, so balance and
//! nesting are checked here with a stack of open elements, which for this small subset is what
//! a tree builder would do.
//!
//! # Lengths
//!
//! Partner Center limits the description's length, markup included: 3,000 characters in the
//! 2020 rules, 5,000 "including HTML tags and spaces" today (see [`EditionRules`](crate::edition::EditionRules)). [`markup_length`] counts every character of the text,
//! tags included; [`visible_length`] counts what a reader sees. Both count characters (Unicode
//! scalar values), not bytes.

use std::fmt;
use std::ops::Range;

use html5gum::{DefaultEmitter, Error as ParseError, Token, Tokenizer};

use crate::report::diagnostic::Violation;
use crate::report::rules::Rule;

/// The elements the description may use, lowercase. Only `a` takes an attribute:
/// [`LINK_ATTRIBUTES`].
pub const ALLOWED_ELEMENTS: &[&str] = &[
    "p", "br", "b", "strong", "i", "em", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a",
];

/// The attributes a link (`a`) may have: `href`, which is required and must be an absolute
/// `https://` URL with a host.
pub const LINK_ATTRIBUTES: &[&str] = &["href"];

/// The allowed elements, as the messages list them.
const ALLOWED_IN_WORDS: &str = "p, br, b, strong, i, em, ul, ol, li, h1 to h6 and a";

/// HTML's void elements: they have no content and no end tag.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// The allowed elements that hold only phrasing content (text, `br` and inline elements).
const PHRASING_ONLY: &[&str] = &[
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "b", "strong", "i", "em",
];

/// The allowed elements that are blocks: not allowed inside [`PHRASING_ONLY`] elements.
const BLOCKS: &[&str] = &["p", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"];

/// How many characters of a fragment a message quotes.
const QUOTE_CHARS: usize = 60;

/// What kind of problem the description's HTML has. Each kind maps to one [`Rule`]
/// ([`HtmlProblem::rule`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HtmlProblemKind {
    /// An element outside [`ALLOWED_ELEMENTS`] ([`Rule::DescriptionHtmlElement`]).
    DisallowedElement,
    /// A `<!doctype>` ([`Rule::DescriptionHtmlElement`]).
    Doctype,
    /// An attribute the element may not have ([`Rule::DescriptionHtmlAttribute`]).
    DisallowedAttribute,
    /// A link without `href` ([`Rule::DescriptionHtmlUrl`]).
    MissingHref,
    /// A link whose `href` is not an absolute `https://` URL with a host
    /// ([`Rule::DescriptionHtmlUrl`]).
    UnsafeUrl,
    /// An element that is never closed ([`Rule::DescriptionHtmlUnbalanced`]).
    UnclosedElement,
    /// An end tag with no open element to close, or the end tag of a void element such as
    /// `</br>` ([`Rule::DescriptionHtmlUnbalanced`]).
    StrayEndTag,
    /// An end tag that closes an element while an element opened inside it is still open
    /// ([`Rule::DescriptionHtmlUnbalanced`]).
    MisnestedEndTag,
    /// A non-void element written self-closing, such as `<p/>` ([`Rule::DescriptionHtmlUnbalanced`]).
    SelfClosingElement,
    /// An element or text where a browser would not leave it, such as `li` outside a list
    /// ([`Rule::DescriptionHtmlNesting`]).
    Misplaced,
    /// A comment, or markup that HTML reads as one ([`Rule::DescriptionHtmlComment`]).
    Comment,
    /// An HTML parse error ([`Rule::DescriptionHtmlSyntax`]).
    Syntax,
}

impl HtmlProblemKind {
    /// The rule this kind of problem breaks.
    #[must_use]
    pub const fn rule(self) -> Rule {
        match self {
            HtmlProblemKind::DisallowedElement | HtmlProblemKind::Doctype => {
                Rule::DescriptionHtmlElement
            }
            HtmlProblemKind::DisallowedAttribute => Rule::DescriptionHtmlAttribute,
            HtmlProblemKind::MissingHref | HtmlProblemKind::UnsafeUrl => Rule::DescriptionHtmlUrl,
            HtmlProblemKind::UnclosedElement
            | HtmlProblemKind::StrayEndTag
            | HtmlProblemKind::MisnestedEndTag
            | HtmlProblemKind::SelfClosingElement => Rule::DescriptionHtmlUnbalanced,
            HtmlProblemKind::Misplaced => Rule::DescriptionHtmlNesting,
            HtmlProblemKind::Comment => Rule::DescriptionHtmlComment,
            HtmlProblemKind::Syntax => Rule::DescriptionHtmlSyntax,
        }
    }
}

/// One problem of the description's HTML: what kind, where (a byte range into the checked
/// text) and a message that quotes the fragment, gives its character position (from 1) and says
/// what is allowed instead.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct HtmlProblem {
    kind: HtmlProblemKind,
    span: Range<usize>,
    message: String,
}

impl HtmlProblem {
    /// What kind of problem this is.
    #[must_use]
    pub fn kind(&self) -> HtmlProblemKind {
        self.kind
    }

    /// The rule the problem breaks.
    #[must_use]
    pub fn rule(&self) -> Rule {
        self.kind.rule()
    }

    /// Where the problem is: a byte range into the checked text, on character boundaries. It
    /// covers the offending tag, attribute, end tag, comment, text or character reference.
    #[must_use]
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// What was found, where, and what is allowed: lowercase, without a trailing period.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for HtmlProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HtmlProblem {}

impl Violation for HtmlProblem {
    fn rule(&self) -> Rule {
        self.kind.rule()
    }
}

/// Checks that `text` uses only the basic HTML of the module's table, and returns every problem,
/// in the order of their positions (empty when the text is fine). Plain text without markup is
/// fine. The check never fails on any input: whatever the text, it returns problems, not panics.
///
/// ```
/// use lighthouse_offer::html::{HtmlProblemKind, check_basic_html};
///
/// let ok = "<p>Our <b>managed services</b> watch your Azure estate.</p>\
///           <ul><li>24x7</li><li><a href=\"https://contoso.com/soc\">our SOC</a></li></ul>";
/// assert!(check_basic_html(ok).is_empty());
///
/// let bad = check_basic_html("<p onclick=\"steal()\">managed services</p>");
/// assert_eq!(bad.len(), 1);
/// assert_eq!(bad[0].kind(), HtmlProblemKind::DisallowedAttribute);
/// assert_eq!(bad[0].span(), 3..20);
/// assert_eq!(
///     bad[0].message(),
///     "attribute `onclick=\"steal()\"` of `<p>` at character 4 is not allowed: \
///      an event handler runs code; `<p>` takes no attributes"
/// );
/// ```
#[must_use]
pub fn check_basic_html(text: &str) -> Vec<HtmlProblem> {
    let mut checker = Checker {
        text,
        problems: Vec::new(),
        open: Vec::new(),
    };
    checker.scan_characters();
    for Ok(token) in tokenizer(text) {
        match token {
            Token::StartTag(tag) => checker.start_tag(&tag),
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                checker.end_tag(&name, clamp(text, tag.span.start, tag.span.end));
            }
            Token::String(string) => {
                checker.string(clamp(text, string.span.start, string.span.end));
            }
            Token::Comment(comment) => {
                checker.comment(clamp(text, comment.span.start, comment.span.end));
            }
            Token::Doctype(doctype) => {
                checker.doctype(clamp(text, doctype.span.start, doctype.span.end));
            }
            Token::Error(error) => {
                checker.parse_error(error.value, error.span.start, error.span.end);
            }
        }
    }
    checker.finish()
}

/// One piece of a description, read for showing it: what [`basic_html_pieces`] returns.
///
/// A page that shows the description writes [`HtmlPiece::Start`] and [`HtmlPiece::End`] as
/// markup and everything else as escaped text, so that only the allowed subset is ever markup.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HtmlPiece {
    /// The start tag of an allowed element with allowed attributes only: its lowercase name
    /// (one of [`ALLOWED_ELEMENTS`]) and, for `a`, its `href` (decoded; an absolute `https://`
    /// URL with a host). `br` has no end.
    Start {
        /// The element's name, lowercase.
        name: &'static str,
        /// The link's URL, for `a`.
        href: Option<String>,
    },
    /// The end tag of an allowed element (not `br`). It may close nothing: a page balances
    /// the tags it writes.
    End {
        /// The element's name, lowercase.
        name: &'static str,
    },
    /// Text as a reader sees it, character references decoded (`&amp;` is `&`); the content
    /// of `script` and `style` is text too.
    Text(String),
    /// Markup outside the subset (a refused element or attribute, a link that is not
    /// `https://`, a comment, a doctype, `</br>`, `<p/>`): the bytes `span` of the description,
    /// to show as text, never as markup.
    Refused {
        /// Its bytes in the description.
        span: Range<usize>,
    },
}

/// The description read with the same tokenizer as [`check_basic_html`], in pieces that keep
/// the allowed subset and mark everything else as refused: a start tag is
/// [`HtmlPiece::Start`] only when [`check_basic_html`] would find nothing wrong with the tag
/// itself (its element, its attributes, its link), so that a page can write those pieces as
/// markup and every other piece as escaped text. It never fails.
///
/// ```
/// use lighthouse_offer::html::{basic_html_pieces, HtmlPiece};
///
/// let text = "<p>a &amp; b<img src=x onerror=alert(1)></p>";
/// let pieces = basic_html_pieces(text);
/// assert_eq!(pieces[0], HtmlPiece::Start { name: "p", href: None });
/// assert_eq!(pieces[1], HtmlPiece::Text("a & b".to_owned()));
/// let HtmlPiece::Refused { span } = &pieces[2] else { panic!() };
/// assert_eq!(&text[span.clone()], "<img src=x onerror=alert(1)>");
/// assert_eq!(pieces[3], HtmlPiece::End { name: "p" });
/// ```
#[must_use]
pub fn basic_html_pieces(text: &str) -> Vec<HtmlPiece> {
    let allowed = |name: &[u8]| {
        ALLOWED_ELEMENTS
            .iter()
            .copied()
            .find(|allowed| allowed.as_bytes() == name)
    };
    let mut pieces = Vec::new();
    for Ok(token) in tokenizer(text) {
        let piece = match token {
            Token::StartTag(tag) => {
                let refused = HtmlPiece::Refused {
                    span: clamp(text, tag.span.start, tag.span.end),
                };
                match allowed(&tag.name) {
                    Some(name) if !tag.self_closing || name == "br" => {
                        let mut href = None;
                        let mut fine = true;
                        for (attribute, value) in &tag.attributes {
                            if name == "a"
                                && LINK_ATTRIBUTES.contains(&&*String::from_utf8_lossy(attribute))
                            {
                                let value = String::from_utf8_lossy(&value.value).into_owned();
                                fine &= url_problem(&value).is_none();
                                href = Some(value);
                            } else {
                                fine = false;
                            }
                        }
                        if fine && (name != "a" || href.is_some()) {
                            HtmlPiece::Start { name, href }
                        } else {
                            refused
                        }
                    }
                    _ => refused,
                }
            }
            Token::EndTag(tag) => match allowed(&tag.name) {
                Some(name) if name != "br" => HtmlPiece::End { name },
                _ => HtmlPiece::Refused {
                    span: clamp(text, tag.span.start, tag.span.end),
                },
            },
            Token::String(string) => {
                let value = String::from_utf8_lossy(&string.value).into_owned();
                match pieces.last_mut() {
                    Some(HtmlPiece::Text(before)) => {
                        before.push_str(&value);
                        continue;
                    }
                    _ => HtmlPiece::Text(value),
                }
            }
            Token::Comment(comment) => HtmlPiece::Refused {
                span: clamp(text, comment.span.start, comment.span.end),
            },
            Token::Doctype(doctype) => HtmlPiece::Refused {
                span: clamp(text, doctype.span.start, doctype.span.end),
            },
            Token::Error(_) => continue,
        };
        pieces.push(piece);
    }
    pieces
}

/// The description's length with its markup: every character of the text, tags, attributes and
/// character references included (`<b>é</b>` is 8). This is how every rule edition counts the
/// description's limit ("including HTML tags and spaces"), and how JSON Schema's `maxLength`
/// counts.
///
/// ```
/// use lighthouse_offer::html::markup_length;
///
/// assert_eq!(markup_length("<b>é</b>"), 8);
/// assert_eq!(markup_length("a &amp; b"), 9);
/// ```
#[must_use]
pub fn markup_length(text: &str) -> usize {
    text.chars().count()
}

/// The description's visible length: the characters a reader sees. Tags, comments and the
/// content of `script` and `style` do not count; a character reference counts as the one
/// character it stands for (`&amp;` is 1); a run of white space counts as one character, as a
/// browser shows it. A line break (`<br>`) counts nothing. This is an estimate of the rendered
/// text, for messages and for editions that count text without markup; it never fails.
///
/// ```
/// use lighthouse_offer::html::visible_length;
///
/// assert_eq!(visible_length("<p>a &amp;  b</p>"), 5);
/// assert_eq!(visible_length("<b>é</b><!-- hidden -->"), 1);
/// ```
#[must_use]
pub fn visible_length(text: &str) -> usize {
    let mut count = 0;
    let mut in_white_space = false;
    let mut raw_text: Option<String> = None;
    for Ok(token) in tokenizer(text) {
        match token {
            Token::StartTag(tag) if raw_text.is_none() && !tag.self_closing => {
                let name = String::from_utf8_lossy(&tag.name);
                if name == "script" || name == "style" {
                    raw_text = Some(name.into_owned());
                }
            }
            Token::EndTag(tag)
                if raw_text.as_deref() == Some(&*String::from_utf8_lossy(&tag.name)) =>
            {
                raw_text = None;
            }
            Token::String(string) if raw_text.is_none() => {
                for c in String::from_utf8_lossy(&string.value).chars() {
                    if is_html_white_space(c) {
                        if !in_white_space {
                            count += 1;
                        }
                        in_white_space = true;
                    } else {
                        count += 1;
                        in_white_space = false;
                    }
                }
            }
            _ => {}
        }
    }
    count
}

/// The description's text as a reader sees it, for judging its words: tags, comments and the
/// content of `script` and `style` left out, character references decoded (`&amp;` is `&`), a
/// space where a block element (`p`, `br`, `li`, `ul`, `ol`, `h1` to `h6`) starts or ends so
/// that the words of two paragraphs or list items stay apart, runs of white space as one space,
/// and no white space at either end. It never fails.
///
/// ```
/// use lighthouse_offer::html::visible_text;
///
/// assert_eq!(visible_text("<p>a &amp;  b</p><ul><li>c</li><li>d</li></ul>"), "a & b c d");
/// assert_eq!(visible_text("<b>é</b><!-- hidden -->x"), "éx");
/// ```
#[must_use]
pub fn visible_text(text: &str) -> String {
    const BLOCKS: &[&str] = &[
        "p", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    ];
    let mut out = String::new();
    let mut raw_text: Option<String> = None;
    let push = |out: &mut String, c: char| {
        if is_html_white_space(c) {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    };
    for Ok(token) in tokenizer(text) {
        match token {
            Token::StartTag(tag) if raw_text.is_none() => {
                let name = String::from_utf8_lossy(&tag.name);
                if BLOCKS.contains(&&*name) {
                    push(&mut out, ' ');
                } else if (name == "script" || name == "style") && !tag.self_closing {
                    raw_text = Some(name.into_owned());
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name);
                if raw_text.as_deref() == Some(&*name) {
                    raw_text = None;
                } else if raw_text.is_none() && BLOCKS.contains(&&*name) {
                    push(&mut out, ' ');
                }
            }
            Token::String(string) if raw_text.is_none() => {
                for c in String::from_utf8_lossy(&string.value).chars() {
                    push(&mut out, c);
                }
            }
            _ => {}
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// A tokenizer over `text` with byte spans, switching to raw text after `<script>`, `<style>`
/// and the like as a browser does.
fn tokenizer(text: &str) -> Tokenizer<html5gum::StringReader<'_>, DefaultEmitter<usize>> {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    Tokenizer::new_with_emitter(text, emitter)
}

/// HTML's ASCII white space.
fn is_html_white_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0C' | '\r')
}

/// `start..end` limited to `text` and widened to character boundaries.
fn clamp(text: &str, start: usize, end: usize) -> Range<usize> {
    let mut start = start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// An element that is open while the check walks the tokens.
struct Open {
    name: String,
    span: Range<usize>,
    allowed: bool,
}

struct Checker<'t> {
    text: &'t str,
    problems: Vec<HtmlProblem>,
    open: Vec<Open>,
}

impl Checker<'_> {
    fn report(&mut self, kind: HtmlProblemKind, span: Range<usize>, message: String) {
        self.problems.push(HtmlProblem {
            kind,
            span,
            message,
        });
    }

    /// The character number (from 1) of a byte offset.
    fn at(&self, byte: usize) -> usize {
        self.text[..byte].chars().count() + 1
    }

    /// The text of `span`, shortened and with control characters escaped, in backticks.
    fn quote(&self, span: &Range<usize>) -> String {
        let fragment = &self.text[span.clone()];
        let mut quoted = String::from("`");
        for (i, c) in fragment.chars().enumerate() {
            if i == QUOTE_CHARS {
                quoted.push('…');
                break;
            }
            if c.is_control() {
                quoted.extend(c.escape_debug());
            } else {
                quoted.push(c);
            }
        }
        quoted.push('`');
        quoted
    }

    /// The nearest open element that is allowed: the parent that nesting rules look at
    /// (refused elements are reported already and do not count).
    fn allowed_parent(&self) -> Option<&Open> {
        self.open.iter().rev().find(|open| open.allowed)
    }

    /// Control characters and noncharacters, found by scanning the text itself: their
    /// positions are exact, where the tokenizer's are not.
    fn scan_characters(&mut self) {
        let text = self.text;
        for (byte, c) in text.char_indices() {
            let error = if c == '\0' {
                "unexpected-null-character"
            } else if c.is_control() && !is_html_white_space(c) {
                "control-character-in-input-stream"
            } else if is_noncharacter(c) {
                "noncharacter-in-input-stream"
            } else {
                continue;
            };
            let span = byte..byte + c.len_utf8();
            let message = format!(
                "character U+{:04X} at character {} is not allowed: control characters and \
                 noncharacters have no place in a description (html parse error `{error}`)",
                u32::from(c),
                self.at(byte),
            );
            self.report(HtmlProblemKind::Syntax, span, message);
        }
    }

    fn start_tag(&mut self, tag: &html5gum::StartTag<usize>) {
        let name = String::from_utf8_lossy(&tag.name).into_owned();
        let span = clamp(self.text, tag.span.start, tag.span.end);
        let allowed = ALLOWED_ELEMENTS.contains(&name.as_str());
        let void = VOID_ELEMENTS.contains(&name.as_str());
        if allowed {
            self.attributes(&name, &span, tag);
            self.implied_end(&name, &span);
            self.nesting(&name, &span);
        } else {
            let reason = element_reason(&name).map_or_else(String::new, |r| format!(": {r}"));
            let message = format!(
                "element {} at character {} is not allowed{reason}; the description allows \
                 {ALLOWED_IN_WORDS}",
                self.quote(&span),
                self.at(span.start),
            );
            self.report(HtmlProblemKind::DisallowedElement, span.clone(), message);
            self.event_handlers(&name, tag);
        }
        if void {
            return;
        }
        if tag.self_closing {
            if allowed {
                let message = format!(
                    "{} at character {} does not close itself in HTML: write `<{name}></{name}>`; \
                     only br may be written `<br/>`",
                    self.quote(&span),
                    self.at(span.start),
                );
                self.report(HtmlProblemKind::SelfClosingElement, span, message);
            }
            return;
        }
        self.open.push(Open {
            name,
            span,
            allowed,
        });
    }

    /// The span of an attribute, without the white space or `>` that the tokenizer's span of
    /// an unquoted value takes in.
    fn attribute_span(&self, start: usize, end: usize) -> Range<usize> {
        let span = clamp(self.text, start, end);
        let trimmed =
            self.text[span.clone()].trim_end_matches(|c: char| is_html_white_space(c) || c == '>');
        span.start..span.start + trimmed.len()
    }

    fn attributes(&mut self, name: &str, span: &Range<usize>, tag: &html5gum::StartTag<usize>) {
        let mut href = None;
        for (attribute, value) in &tag.attributes {
            let attribute = String::from_utf8_lossy(attribute);
            let attribute_span = self.attribute_span(value.span.start, value.span.end);
            if name == "a" && LINK_ATTRIBUTES.contains(&&*attribute) {
                href = Some((
                    String::from_utf8_lossy(&value.value).into_owned(),
                    attribute_span,
                ));
                continue;
            }
            let reason =
                attribute_reason(&attribute).map_or_else(String::new, |r| format!(": {r}"));
            let allowed = if name == "a" {
                "`<a>` takes only href".to_owned()
            } else {
                format!("`<{name}>` takes no attributes")
            };
            let message = format!(
                "attribute {} of `<{name}>` at character {} is not allowed{reason}; {allowed}",
                self.quote(&attribute_span),
                self.at(attribute_span.start),
            );
            self.report(
                HtmlProblemKind::DisallowedAttribute,
                attribute_span,
                message,
            );
        }
        if name != "a" {
            return;
        }
        match href {
            None => {
                let message = format!(
                    "link {} at character {} has no href: a link needs an absolute https:// URL",
                    self.quote(span),
                    self.at(span.start),
                );
                self.report(HtmlProblemKind::MissingHref, span.clone(), message);
            }
            Some((value, attribute_span)) => {
                if let Some(reason) = url_problem(&value) {
                    let source = &self.text[attribute_span.clone()];
                    let read_as = if source.contains(value.as_str()) {
                        String::new()
                    } else {
                        format!(" (read as `{}`)", value.escape_debug())
                    };
                    let message = format!(
                        "link {}{read_as} at character {} is not allowed: {reason}; links must \
                         be absolute https:// URLs",
                        self.quote(&attribute_span),
                        self.at(attribute_span.start),
                    );
                    self.report(HtmlProblemKind::UnsafeUrl, attribute_span, message);
                }
            }
        }
    }

    /// On a refused element, only the attributes that run code are worth a problem of their
    /// own: the element is reported already.
    fn event_handlers(&mut self, name: &str, tag: &html5gum::StartTag<usize>) {
        for (attribute, value) in &tag.attributes {
            if attribute.starts_with(b"on") {
                let attribute_span = self.attribute_span(value.span.start, value.span.end);
                let message = format!(
                    "attribute {} of `<{name}>` at character {} is not allowed: an event handler \
                     runs code",
                    self.quote(&attribute_span),
                    self.at(attribute_span.start),
                );
                self.report(
                    HtmlProblemKind::DisallowedAttribute,
                    attribute_span,
                    message,
                );
            }
        }
    }

    /// A `<li>` right after an unclosed `<li>`, or a `<p>` after an unclosed `<p>`: HTML ends the
    /// first one there, and so does the check, after reporting it (one problem for one missing
    /// end tag, rather than a nesting problem and a misnested end tag too).
    fn implied_end(&mut self, name: &str, span: &Range<usize>) {
        if name != "li" && name != "p" {
            return;
        }
        let Some(index) = self.open.iter().rposition(|open| open.allowed) else {
            return;
        };
        if self.open[index].name != name {
            return;
        }
        let open = self.open.remove(index);
        let message = format!(
            "element {} at character {} is not closed before the next `<{name}>` at character {}: \
             add `</{name}>`; every element except br needs its end tag",
            self.quote(&open.span),
            self.at(open.span.start),
            self.at(span.start),
        );
        self.report(HtmlProblemKind::UnclosedElement, open.span, message);
    }

    fn nesting(&mut self, name: &str, span: &Range<usize>) {
        let parent = self
            .allowed_parent()
            .map(|open| (open.name.clone(), open.span.start));
        let is_list = |n: &str| n == "ul" || n == "ol";
        let reason = match parent {
            _ if name == "li" => match parent {
                Some((parent, _)) if is_list(&parent) => None,
                _ => Some("is not directly inside `<ul>` or `<ol>`: a list item needs a list".to_owned()),
            },
            Some((parent, _)) if is_list(&parent) => Some(format!(
                "is directly inside `<{parent}>`: a list holds only `<li>` items"
            )),
            _ if BLOCKS.contains(&name) => self.phrasing_ancestor().map(|(ancestor, start)| {
                let holds = if ancestor == "p" {
                    "a browser ends the paragraph before it; close `<p>` first".to_owned()
                } else {
                    format!("`<{ancestor}>` holds only text, br and inline elements (b, strong, i, em, a)")
                };
                format!("is inside `<{ancestor}>` from character {}: {holds}", self.at(start))
            }),
            _ if name == "a" => self
                .open
                .iter()
                .rev()
                .find(|open| open.allowed && open.name == "a")
                .map(|open| {
                    format!(
                        "is inside another link from character {}: a browser ends the first link \
                         here",
                        self.at(open.span.start)
                    )
                }),
            _ => None,
        };
        if let Some(reason) = reason {
            let message = format!(
                "element {} at character {} {reason}",
                self.quote(span),
                self.at(span.start)
            );
            self.report(HtmlProblemKind::Misplaced, span.clone(), message);
        }
    }

    /// The nearest open element that holds only phrasing content, looking outwards until a list
    /// item (which may hold blocks).
    fn phrasing_ancestor(&self) -> Option<(String, usize)> {
        for open in self.open.iter().rev().filter(|open| open.allowed) {
            if open.name == "li" {
                return None;
            }
            if PHRASING_ONLY.contains(&open.name.as_str()) {
                return Some((open.name.clone(), open.span.start));
            }
        }
        None
    }

    fn end_tag(&mut self, name: &str, span: Range<usize>) {
        if VOID_ELEMENTS.contains(&name) {
            let message = format!(
                "end tag {} at character {} is not allowed: `<{name}>` has no end tag",
                self.quote(&span),
                self.at(span.start),
            );
            self.report(HtmlProblemKind::StrayEndTag, span, message);
            return;
        }
        let Some(index) = self.open.iter().rposition(|open| open.name == name) else {
            let message = format!(
                "end tag {} at character {} has no open `<{name}>` to close",
                self.quote(&span),
                self.at(span.start),
            );
            self.report(HtmlProblemKind::StrayEndTag, span, message);
            return;
        };
        let inner: Vec<(String, Range<usize>)> = self.open[index + 1..]
            .iter()
            .filter(|open| open.allowed)
            .map(|open| (open.name.clone(), open.span.clone()))
            .collect();
        if !inner.is_empty() && inner.iter().all(|(inner, _)| inner == "li" || inner == "p") {
            // HTML ends an open `li` or `p` here by itself: each is one missing end tag.
            for (inner, inner_span) in inner {
                let message = format!(
                    "element {} at character {} is not closed before `</{name}>` at character {}: \
                     add `</{inner}>`; every element except br needs its end tag",
                    self.quote(&inner_span),
                    self.at(inner_span.start),
                    self.at(span.start),
                );
                self.report(HtmlProblemKind::UnclosedElement, inner_span, message);
            }
            self.open.truncate(index);
            return;
        }
        if let Some((inner, inner_span)) = inner.last() {
            let message = format!(
                "end tag {} at character {} closes `<{name}>` while `<{inner}>` from character {} \
                 is still open: close `<{inner}>` first",
                self.quote(&span),
                self.at(span.start),
                self.at(inner_span.start),
            );
            self.report(HtmlProblemKind::MisnestedEndTag, span, message);
        }
        // Crossing end tags (`<b><i></b></i>`): the elements opened inside stay open, as a later
        // end tag may still close them.
        self.open.remove(index);
    }

    fn string(&mut self, span: Range<usize>) {
        let Some(parent) = self.open.last() else {
            return;
        };
        if !parent.allowed || (parent.name != "ul" && parent.name != "ol") {
            return;
        }
        let parent = parent.name.clone();
        let raw = &self.text[span.clone()];
        let trimmed = raw.trim_start_matches(is_html_white_space);
        let start = span.start + (raw.len() - trimmed.len());
        let trimmed = trimmed.trim_end_matches(is_html_white_space);
        if trimmed.is_empty() {
            return;
        }
        let span = start..start + trimmed.len();
        let message = format!(
            "text {} at character {} is directly inside `<{parent}>`: put it in an `<li>`",
            self.quote(&span),
            self.at(span.start),
        );
        self.report(HtmlProblemKind::Misplaced, span, message);
    }

    fn comment(&mut self, span: Range<usize>) {
        let message = if self.text[span.clone()].starts_with("<!--") {
            format!(
                "comment {} at character {} is not allowed: readers never see a comment, so it \
                 can hide content",
                self.quote(&span),
                self.at(span.start),
            )
        } else {
            format!(
                "{} at character {} is read as a comment and hidden: remove it, or write `&lt;` \
                 for a literal `<`",
                self.quote(&span),
                self.at(span.start),
            )
        };
        self.report(HtmlProblemKind::Comment, span, message);
    }

    fn doctype(&mut self, span: Range<usize>) {
        let message = format!(
            "{} at character {} is not allowed: the description is part of a page, not a \
             document; remove it",
            self.quote(&span),
            self.at(span.start),
        );
        self.report(HtmlProblemKind::Doctype, span, message);
    }

    /// A parse error of the tokenizer. Its position is where the tokenizer noticed the error,
    /// often a character late, so the span is found from it: the character reference or the
    /// tag around it.
    fn parse_error(&mut self, error: ParseError, start: usize, end: usize) {
        use ParseError as E;
        let position = clamp(self.text, start, start).start;
        match error {
            _ if reported_otherwise(error) => {}
            E::AbsenceOfDigitsInNumericCharacterReference
            | E::CharacterReferenceOutsideUnicodeRange
            | E::ControlCharacterReference
            | E::MissingSemicolonAfterCharacterReference
            | E::NoncharacterCharacterReference
            | E::NullCharacterReference
            | E::SurrogateCharacterReference
            | E::UnknownNamedCharacterReference => self.reference_error(error, position),
            E::DuplicateAttribute => {
                let span = clamp(self.text, start, end);
                let message = format!(
                    "attribute {} at character {} appears twice in one tag: a browser keeps only \
                     the first (html parse error `{}`)",
                    self.quote(&span),
                    self.at(span.start),
                    error.as_str(),
                );
                self.report(HtmlProblemKind::Syntax, span, message);
            }
            E::InvalidFirstCharacterOfTagName | E::EofBeforeTagName => {
                let Some(lt) = self.text[..position].rfind('<') else {
                    return;
                };
                if self.text[lt..].starts_with("</") {
                    // `</ x>` is read as a comment, which is reported.
                    return;
                }
                let message = format!(
                    "`<` at character {} does not start a tag: write `&lt;` for a literal `<` \
                     (html parse error `{}`)",
                    self.at(lt),
                    error.as_str(),
                );
                self.report(HtmlProblemKind::Syntax, lt..lt + 1, message);
            }
            _ => self.tag_error(error, position),
        }
    }

    fn reference_error(&mut self, error: ParseError, position: usize) {
        let Some(span) = self.reference_span(position) else {
            return;
        };
        let hint = match error {
            ParseError::MissingSemicolonAfterCharacterReference => {
                "end it with `;`, or write `&amp;` for a literal `&`"
            }
            ParseError::UnknownNamedCharacterReference => {
                "HTML has no character of that name; write `&amp;` for a literal `&`"
            }
            _ => "it does not stand for a character a description may show",
        };
        let message = format!(
            "character reference {} at character {} is not valid HTML: {hint} (html parse error \
             `{}`)",
            self.quote(&span),
            self.at(span.start),
            error.as_str(),
        );
        self.report(HtmlProblemKind::Syntax, span, message);
    }

    fn tag_error(&mut self, error: ParseError, position: usize) {
        use ParseError as E;
        let Some(span) = self.tag_span(position) else {
            return;
        };
        let hint = match error {
            E::EofInTag => "it is never finished with `>`, so a browser drops it",
            E::MissingEndTagName => "an end tag needs a name; a browser drops `</>`",
            E::UnexpectedCharacterInUnquotedAttributeValue => {
                "quote an attribute value that contains `\"`, `'`, `<`, `=` or `` ` ``"
            }
            E::MissingWhitespaceBetweenAttributes => "put white space between attributes",
            E::UnexpectedCharacterInAttributeName => "an attribute name contains `\"`, `'` or `<`",
            E::UnexpectedEqualsSignBeforeAttributeName => "an attribute starts with `=`",
            E::UnexpectedSolidusInTag => "a `/` stands where an attribute should",
            E::EndTagWithAttributes => "an end tag cannot have attributes",
            E::EndTagWithTrailingSolidus => "an end tag cannot end with `/>`",
            E::MissingAttributeValue => "an attribute has `=` but no value",
            _ => "the tag is malformed",
        };
        let message = format!(
            "tag {} at character {} is not valid HTML: {hint} (html parse error `{}`)",
            self.quote(&span),
            self.at(span.start),
            error.as_str(),
        );
        self.report(HtmlProblemKind::Syntax, span, message);
    }

    /// The character reference that ends before `position`: from its `&` through its name or
    /// number and a `;` if it has one.
    fn reference_span(&self, position: usize) -> Option<Range<usize>> {
        let before = clamp(self.text, position.saturating_sub(1), position).start;
        let amp = self.text[..before].rfind('&').or_else(|| {
            // At the very start the reference begins at `position` itself.
            self.text[before..].starts_with('&').then_some(before)
        })?;
        let rest = &self.text[amp + 1..];
        let hash = usize::from(rest.starts_with('#'));
        let name = rest[hash..]
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count();
        let semicolon = usize::from(rest[hash + name..].starts_with(';'));
        Some(amp..amp + 1 + hash + name + semicolon)
    }

    /// The tag around `position`: from the last `<` before it to the next `>` (or the end of the
    /// text).
    fn tag_span(&self, position: usize) -> Option<Range<usize>> {
        let lt = self.text[..position].rfind('<')?;
        let from = clamp(self.text, position.saturating_sub(1).max(lt), position).start;
        let end = self.text[from..]
            .find('>')
            .map_or(self.text.len(), |gt| from + gt + 1);
        Some(lt..end)
    }

    fn finish(mut self) -> Vec<HtmlProblem> {
        let unclosed: Vec<Open> = self.open.drain(..).filter(|open| open.allowed).collect();
        for open in unclosed {
            let message = format!(
                "element {} at character {} is never closed: add `</{}>`; every element except \
                 br needs its end tag",
                self.quote(&open.span),
                self.at(open.span.start),
                open.name,
            );
            self.report(HtmlProblemKind::UnclosedElement, open.span, message);
        }
        let mut problems = self.problems;
        problems.sort_by_key(|problem| problem.span.start);
        problems.dedup();
        problems
    }
}

/// Whether a parse error is reported otherwise: as a comment, a doctype or a refused `script`,
/// or by `scan_characters`, with an exact position.
fn reported_otherwise(error: ParseError) -> bool {
    use ParseError as E;
    matches!(
        error,
        E::AbruptClosingOfEmptyComment
            | E::IncorrectlyClosedComment
            | E::IncorrectlyOpenedComment
            | E::CdataInHtmlContent
            | E::NestedComment
            | E::EofInComment
            | E::EofInCdata
            | E::UnexpectedQuestionMarkInsteadOfTagName
            | E::EofInScriptHtmlCommentLikeText
            | E::AbruptDoctypePublicIdentifier
            | E::AbruptDoctypeSystemIdentifier
            | E::EofInDoctype
            | E::InvalidCharacterSequenceAfterDoctypeName
            | E::MissingDoctypeName
            | E::MissingDoctypePublicIdentifier
            | E::MissingDoctypeSystemIdentifier
            | E::MissingQuoteBeforeDoctypePublicIdentifier
            | E::MissingQuoteBeforeDoctypeSystemIdentifier
            | E::MissingWhitespaceAfterDoctypePublicKeyword
            | E::MissingWhitespaceAfterDoctypeSystemKeyword
            | E::MissingWhitespaceBeforeDoctypeName
            | E::MissingWhitespaceBetweenDoctypePublicAndSystemIdentifiers
            | E::UnexpectedCharacterAfterDoctypeSystemIdentifier
            | E::ControlCharacterInInputStream
            | E::NoncharacterInInputStream
            | E::SurrogateInInputStream
            | E::UnexpectedNullCharacter
    )
}

/// Whether `c` is a Unicode noncharacter (U+FDD0..U+FDEF and the last two code points of every
/// plane).
fn is_noncharacter(c: char) -> bool {
    let c = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&c) || c & 0xFFFE == 0xFFFE
}

/// Why a refused element is dangerous, for the elements where it is worth saying.
fn element_reason(name: &str) -> Option<&'static str> {
    Some(match name {
        "script" => "a script runs code",
        "style" | "link" => "a style sheet can hide or restyle content",
        "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "portal"
        | "fencedframe" => "it embeds another page or a plug-in",
        "form" | "input" | "button" | "select" | "textarea" | "option" | "optgroup"
        | "datalist" | "fieldset" | "output" | "label" | "keygen" => {
            "a form control can collect data"
        }
        "img" | "image" | "picture" | "video" | "audio" | "source" | "track" | "svg" | "math"
        | "canvas" | "map" | "area" => {
            "it loads or draws media; use the listing's screenshots and videos"
        }
        "html" | "head" | "body" | "meta" | "base" | "title" => {
            "it belongs to the page, not to the description"
        }
        "u" => "underlined text reads as a link; use b or i",
        "template" | "noscript" | "noembed" | "noframes" | "plaintext" | "xmp" => {
            "it hides or changes how its content is read"
        }
        _ => return None,
    })
}

/// Why a refused attribute is dangerous, for the attributes where it is worth saying.
fn attribute_reason(name: &str) -> Option<&'static str> {
    if name.starts_with("on") {
        Some("an event handler runs code")
    } else if name == "style" || name == "class" || name == "hidden" {
        Some("it can hide or restyle text")
    } else {
        None
    }
}

/// Why `value`, a link's decoded `href`, is not an absolute `https://` URL with a host.
fn url_problem(value: &str) -> Option<String> {
    // A browser ignores tabs and line breaks anywhere in a URL and control characters and
    // spaces at its ends: `java\tscript:` is `javascript:`.
    let cleaned: String = value
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c <= ' ');
    let scheme = cleaned
        .find([':', '/', '?', '#'])
        .filter(|&end| cleaned[end..].starts_with(':'))
        .map(|end| cleaned[..end].to_ascii_lowercase())
        .filter(|scheme| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        });
    let reason = match scheme.as_deref() {
        Some("javascript") => "a javascript: URL runs code".to_owned(),
        Some("vbscript") => "a vbscript: URL runs code".to_owned(),
        Some("data") => "a data: URL embeds content in the page".to_owned(),
        Some("http") => "an http: URL is not encrypted".to_owned(),
        Some("https") => return https_problem(value).map(str::to_owned),
        Some(other) => format!("the {other}: scheme is not a web page"),
        None if cleaned.is_empty() => "the URL is empty".to_owned(),
        None if cleaned.starts_with("//") => {
            "a URL without a scheme depends on the page it is shown on".to_owned()
        }
        None => "a relative URL means nothing on the Marketplace's page".to_owned(),
    };
    Some(reason)
}

/// Why an `https:` URL is not written as an absolute `https://` URL with a host.
fn https_problem(value: &str) -> Option<&'static str> {
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("the URL contains white space or control characters");
    }
    let Some(rest) = value
        .get(..8)
        .filter(|scheme| scheme.eq_ignore_ascii_case("https://"))
        .map(|_| &value[8..])
    else {
        return Some("an https URL is written `https://` followed by the host");
    };
    let authority = &rest[..rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len())];
    let host = authority.rsplit('@').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') {
        return Some("the URL has no host");
    }
    None
}
