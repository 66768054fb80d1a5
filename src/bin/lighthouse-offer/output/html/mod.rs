//! Pages for a browser: the preview of an offer as customers see it (`preview`) and the fleet
//! page of `audit --format html` (`audit`). What the two share is here: escaping, the page's
//! frame and style, the description's allowed HTML written as markup and nothing else, images
//! as `data:` URIs, and a finding written beside what it is about.
//!
//! Every page is one file that needs nothing else: styles inline, images embedded, no request
//! to any address; text from the inputs is always escaped.

pub mod audit;
pub mod preview;

use std::fmt::Write as _;

use lighthouse_offer::html::{HtmlPiece, basic_html_pieces};
use lighthouse_offer::{Diagnostic, Severity};

/// Text escaped for HTML, in content and in quoted attribute values alike. Control characters
/// other than line breaks and tabs (and NUL) become U+FFFD, so that no input can hold what a
/// page uses as a marker.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The description written as HTML: the elements and links of the allowed subset
/// ([`basic_html_pieces`], the checker's own reading) as markup, balanced, and everything else
/// as escaped text, marked so that it shows as code.
pub fn description(text: &str) -> String {
    let mut out = String::new();
    let mut open: Vec<&str> = Vec::new();
    for piece in basic_html_pieces(text) {
        match piece {
            HtmlPiece::Start { name: "br", .. } => out.push_str("<br>"),
            HtmlPiece::Start { name, href } => {
                open.push(name);
                match href {
                    Some(href) => {
                        let _ = write!(out, "<a href=\"{}\" rel=\"noreferrer\">", escape(&href));
                    }
                    None => {
                        let _ = write!(out, "<{name}>");
                    }
                }
            }
            HtmlPiece::End { name } => {
                if let Some(at) = open.iter().rposition(|o| *o == name) {
                    for closed in open.drain(at..).rev() {
                        let _ = write!(out, "</{closed}>");
                    }
                } else {
                    let _ = write!(
                        out,
                        "<code class=\"refused\">{}</code>",
                        escape(&format!("</{name}>"))
                    );
                }
            }
            HtmlPiece::Text(text) => out.push_str(&escape(&text)),
            HtmlPiece::Refused { span } => {
                let _ = write!(
                    out,
                    "<code class=\"refused\" title=\"not in the description's HTML: shown as text\">{}</code>",
                    escape(text.get(span).unwrap_or_default())
                );
            }
            // A piece added later: shown as nothing rather than as markup.
            _ => {}
        }
    }
    for closed in open.into_iter().rev() {
        let _ = write!(out, "</{closed}>");
    }
    out
}

/// Bytes in base64 (RFC 4648, with padding), for `data:` URIs.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A severity's word, as the pages' classes and labels use it.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// One finding as a block: its severity, code and name, its message and its fix.
pub fn finding(d: &Diagnostic) -> String {
    let level = severity(d.severity());
    format!(
        "<div class=\"finding {level}\" data-code=\"{code}\" data-pointer=\"{pointer}\">\
         <span class=\"badge\">{level}[{code}]</span> <span class=\"name\">{name}</span> \
         <span class=\"message\">{message}</span>\
         <div class=\"fix\"><b>Fix:</b> {help}</div></div>",
        code = d.code(),
        pointer = escape(d.path().as_str()),
        name = d.name(),
        message = escape(d.message()),
        help = escape(d.help()),
    )
}

/// A whole page: `title`, the shared style and `style`, `body`, and `script` (which the page
/// must not need to be read) at the end.
pub fn page(title: &str, style: &str, body: &str, script: Option<&str>) -> String {
    let mut out = String::with_capacity(body.len() + 8_192);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         img-src data:; style-src 'unsafe-inline'; script-src {scripts}; base-uri 'none'; \
         form-action 'none'\">\n\
         <meta name=\"generator\" content=\"lighthouse-offer {version}\">\n\
         <title>{title}</title>\n<style>{BASE_STYLE}{style}</style>\n</head>\n<body>\n{body}",
        version = env!("CARGO_PKG_VERSION"),
        title = escape(title),
        // No script at all on a page that has none of its own.
        scripts = if script.is_some() {
            "'unsafe-inline'"
        } else {
            "'none'"
        },
    );
    if let Some(script) = script {
        let _ = writeln!(out, "<script>{script}</script>");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The style both pages share: the Azure portal's font, colours and cards.
const BASE_STYLE: &str = "\
:root{--blue:#0078d4;--ink:#201f1e;--muted:#605e5c;--line:#edebe9;--bg:#faf9f8;\
--err:#a4262c;--err-bg:#fde7e9;--warn:#8a5300;--warn-bg:#fff4ce;--ok:#107c10;--ok-bg:#dff6dd}\
*{box-sizing:border-box}\
body{margin:0;font:14px/1.45 'Segoe UI','Segoe UI Web',-apple-system,system-ui,'Helvetica Neue',Arial,sans-serif;color:var(--ink);background:var(--bg)}\
.topbar{background:#1b1a19;color:#fff;padding:10px 24px;font-size:15px;display:flex;gap:16px;align-items:center}\
.topbar .brand{font-weight:600}.topbar .crumb{color:#c8c6c4}\
main{max-width:1180px;margin:0 auto;padding:20px 24px 48px}\
h1{font-size:26px;font-weight:600;margin:0}h2{font-size:20px;font-weight:600;margin:28px 0 10px}\
h3{font-size:16px;font-weight:600;margin:18px 0 6px}\
.card>h2:first-child,.card>h3:first-child{margin-top:0}\
.card{background:#fff;border:1px solid var(--line);border-radius:4px;box-shadow:0 1.6px 3.6px rgba(0,0,0,.08);padding:16px 20px;margin:12px 0}\
.muted{color:var(--muted)}code{font-family:Consolas,'Cascadia Mono',monospace;font-size:12.5px}\
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}\
th{font-weight:600;color:var(--muted);font-size:12.5px;text-transform:uppercase;letter-spacing:.02em}\
.finding{border-left:4px solid var(--warn);background:var(--warn-bg);padding:6px 10px;margin:6px 0;border-radius:2px;font-size:13px}\
.finding.error{border-color:var(--err);background:var(--err-bg)}\
.finding.note{border-color:var(--blue);background:#eff6fc}\
.finding .badge{font-family:Consolas,monospace;font-weight:700}.finding.error .badge{color:var(--err)}\
.finding.warning .badge{color:var(--warn)}.finding .name{color:var(--muted)}\
.finding .fix{margin-top:2px}\
.has-findings{outline:2px dashed #d13438;outline-offset:3px}\
.pill{display:inline-block;padding:1px 9px;border-radius:10px;font-size:12px;font-weight:600;background:var(--line)}\
.pill.public{background:var(--ok-bg);color:var(--ok)}.pill.private{background:#e8e1f5;color:#5c2e91}\
";
