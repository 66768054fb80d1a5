//! The fleet page of `audit --format html`: the totals, a chart of them (inline SVG), and a
//! table of every delegation (customer tenant, subscription, plan and version, verdict) that a
//! small inline script sorts and filters; without the script the table reads as it is. Each
//! delegation with findings carries them, folded.

use std::fmt::Write as _;

use lighthouse_offer::audit::{AuditedDelegation, DelegationKind, Totals, Verdict};
use lighthouse_offer::{Diagnostic, Rule};

use super::{escape, finding, page};

/// One row of the table: a delegation, the customer's tenant when the input says, and the
/// findings about it.
pub struct Customer<'a> {
    /// The delegation as audited.
    pub delegation: &'a AuditedDelegation,
    /// The customer's tenant, when the input says.
    pub tenant: Option<String>,
    /// The findings about it.
    pub findings: Vec<&'a Diagnostic>,
}

/// What the fleet page shows.
pub struct Fleet<'a> {
    /// The offer's name and ID.
    pub offer: String,
    /// The audit's totals.
    pub totals: Totals,
    /// Inputs that could not be read.
    pub unread: usize,
    /// Every delegation.
    pub customers: Vec<Customer<'a>>,
    /// Findings about no delegation (an input not read, a file of another kind), with the input
    /// they are about.
    pub other_findings: Vec<(String, &'a Diagnostic)>,
}

/// The counts the page shows and charts, in order: label, count, colour, the filter's value.
fn bars(fleet: &Fleet<'_>) -> Vec<(&'static str, usize, &'static str, &'static str)> {
    let t = &fleet.totals;
    let behind = fleet
        .customers
        .iter()
        .filter(|c| {
            c.delegation.verdict() == Verdict::Warnings
                && c.findings
                    .iter()
                    .any(|d| d.rule() == Rule::PlanVersionBehind)
        })
        .count();
    let mut bars = vec![
        ("in line", t.in_sync, "#107c10", "in-line"),
        ("behind a version", behind, "#ca5010", "behind"),
        (
            "other warnings",
            t.with_warnings - behind,
            "#c19c00",
            "warnings",
        ),
        ("drifted", t.drifted, "#a4262c", "drifted"),
    ];
    let unjudged = t.unmatched + t.foreign + t.not_judged;
    if unjudged > 0 {
        bars.push((
            "no plan, other tenant or not judged",
            unjudged,
            "#5c2e91",
            "other",
        ));
    }
    bars.push((
        "other providers",
        t.other_providers,
        "#8a8886",
        "other-provider",
    ));
    bars.push(("unread", fleet.unread, "#3b3a39", "unread"));
    bars
}

/// The filter value of a row: the same names as [`bars`].
fn class_of(c: &Customer<'_>) -> &'static str {
    match c.delegation.verdict() {
        Verdict::InSync => "in-line",
        Verdict::Warnings
            if c.findings
                .iter()
                .any(|d| d.rule() == Rule::PlanVersionBehind) =>
        {
            "behind"
        }
        Verdict::Warnings => "warnings",
        Verdict::Drifted => "drifted",
        Verdict::OtherProvider => "other-provider",
        _ => "other",
    }
}

/// The page.
pub fn render(fleet: &Fleet<'_>) -> String {
    let bars = bars(fleet);
    let mut body = String::with_capacity(fleet.customers.len() * 420 + 16_384);
    let _ = write!(
        body,
        "<header class=\"topbar\"><span class=\"brand\">Microsoft Azure</span>\
         <span class=\"crumb\">Azure Lighthouse › My customers › audit of <b>{}</b></span></header>\n<main>\
         <h1>Fleet</h1><p class=\"muted\">{} delegation{} audited against the offer; {} error{}, {} warning{}.</p>",
        escape(&fleet.offer),
        fleet.totals.delegations,
        if fleet.totals.delegations == 1 {
            ""
        } else {
            "s"
        },
        fleet.totals.errors,
        if fleet.totals.errors == 1 { "" } else { "s" },
        fleet.totals.warnings,
        if fleet.totals.warnings == 1 { "" } else { "s" },
    );
    // The totals, then the chart of the same counts.
    body.push_str("<section class=\"totals\" id=\"totals\">");
    for (label, count, colour, key) in &bars {
        let _ = write!(
            body,
            "<div class=\"total\" data-total=\"{key}\" style=\"border-top-color:{colour}\">\
             <div class=\"count\">{count}</div><div class=\"label\">{label}</div></div>"
        );
    }
    body.push_str("</section>");
    body.push_str(&chart(&bars));
    if !fleet.other_findings.is_empty() {
        body.push_str("<section class=\"card\" id=\"inputs\"><h2>Inputs</h2>");
        for (file, d) in &fleet.other_findings {
            let _ = write!(
                body,
                "<div class=\"input\"><code>{}</code>{}</div>",
                escape(file),
                finding(d)
            );
        }
        body.push_str("</section>");
    }
    // The table.
    body.push_str(
        "<section class=\"card\"><h2>Customers</h2>\
         <div class=\"controls\" hidden><input id=\"filter\" type=\"search\" placeholder=\"Filter: tenant, subscription, plan, verdict…\" aria-label=\"filter\">\
         <select id=\"verdict\" aria-label=\"verdict\"><option value=\"\">every verdict</option>",
    );
    for (label, count, _, key) in &bars {
        if *count > 0 && *key != "unread" {
            let _ = write!(body, "<option value=\"{key}\">{label}</option>");
        }
    }
    // A grid of rows rather than a table: each row off screen is laid out only when it comes
    // into view (`content-visibility`), which a table's rows cannot do; 10,000 rows open in
    // about half the time.
    body.push_str(
        "</select> <span id=\"shown\" class=\"muted\"></span></div>\
         <div id=\"customers\" role=\"table\" aria-label=\"customers\"><div class=\"row head\" role=\"row\">\
         <div role=\"columnheader\" data-sort=\"0\">Tenant</div><div role=\"columnheader\" data-sort=\"1\">Subscription</div>\
         <div role=\"columnheader\" data-sort=\"2\">Group</div><div role=\"columnheader\" data-sort=\"3\">Plan</div>\
         <div role=\"columnheader\" data-sort=\"4\">Version</div><div role=\"columnheader\" data-sort=\"5\">Verdict</div></div>\
         <div id=\"rows\" role=\"rowgroup\">\n",
    );
    for c in &fleet.customers {
        row(&mut body, c);
    }
    body.push_str("</div></div></section></main>\n");
    page(
        &format!("Audit: {}", fleet.offer),
        STYLE,
        &body,
        Some(SCRIPT),
    )
}

/// One row of the table.
fn row(out: &mut String, c: &Customer<'_>) {
    let d = c.delegation;
    let (subscription, group) = d.scope().map_or_else(
        || ("—".to_owned(), "—".to_owned()),
        |s| {
            (
                s.subscription().to_string(),
                s.resource_group().map_or_else(|| "—".to_owned(), escape),
            )
        },
    );
    let class = class_of(c);
    // The words of the totals: "in line" and "behind a version" are what a provider asks.
    let mut verdict = match class {
        "in-line" => "in line".to_owned(),
        "behind" => "behind a version".to_owned(),
        _ => escape(d.verdict().label()),
    };
    match d.kind() {
        DelegationKind::Definition => {
            verdict.push_str(" <span class=\"muted\">(definition, not assigned)</span>");
        }
        DelegationKind::MarketplaceDefinition => {
            verdict.push_str(" <span class=\"muted\">(marketplace definition)</span>");
        }
        _ => {}
    }
    let _ = write!(
        out,
        "<div class=\"row {class}\" role=\"row\"><div role=\"cell\">{}</div>\
         <div role=\"cell\">{subscription}</div><div role=\"cell\">{group}</div>\
         <div role=\"cell\">{}</div><div role=\"cell\">{}</div><div role=\"cell\" class=\"v\">{verdict}</div>",
        c.tenant.as_deref().map_or_else(|| "—".to_owned(), escape),
        d.plan()
            .map_or_else(|| "—".to_owned(), |p| escape(p.as_str())),
        d.deployed_version().map_or_else(|| "—".to_owned(), escape),
    );
    if !c.findings.is_empty() {
        let open = if class == "drifted" { " open" } else { "" };
        let _ = write!(
            out,
            "<details{open}><summary>{} finding{}</summary>",
            c.findings.len(),
            if c.findings.len() == 1 { "" } else { "s" }
        );
        for f in &c.findings {
            out.push_str(&finding(f));
        }
        out.push_str("</details>");
    }
    out.push_str("</div>\n");
}

/// A horizontal bar chart of the counts, in SVG: one bar a count, its label and number.
fn chart(bars: &[(&'static str, usize, &'static str, &'static str)]) -> String {
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let (left, width, row) = (230, 520, 30);
    let height = bars.len() * row + 10;
    let mut svg = format!(
        "<section class=\"card chart\"><svg id=\"chart\" role=\"img\" aria-label=\"delegations by verdict\" \
         viewBox=\"0 0 {} {height}\" width=\"100%\" style=\"max-width:{}px\" xmlns=\"http://www.w3.org/2000/svg\">",
        left + width + 90,
        left + width + 90
    );
    for (i, (label, count, colour, key)) in bars.iter().enumerate() {
        let y = i * row + 6;
        // At least a sliver for a count that is not zero, so that it shows.
        let length = if *count == 0 {
            0
        } else {
            (count * width / max).max(2)
        };
        let _ = write!(
            svg,
            "<g data-bar=\"{key}\"><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{label}</text>\
             <rect x=\"{left}\" y=\"{y}\" width=\"{width}\" height=\"20\" fill=\"#f3f2f1\"/>\
             <rect x=\"{left}\" y=\"{y}\" width=\"{length}\" height=\"20\" fill=\"{colour}\"/>\
             <text x=\"{}\" y=\"{}\" class=\"n\">{count}</text></g>",
            left - 10,
            y + 15,
            left + length + 8,
            y + 15,
        );
    }
    svg.push_str("</svg></section>");
    svg
}

/// The fleet page's own style.
const STYLE: &str = "\
.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:12px;margin:16px 0}\
.total{background:#fff;border:1px solid var(--line);border-top:4px solid;border-radius:4px;padding:10px 14px}\
.total .count{font-size:28px;font-weight:600}.total .label{color:var(--muted)}\
.chart svg text{font:13px 'Segoe UI',system-ui,sans-serif;fill:#323130}.chart svg text.n{font-weight:600}\
.controls{display:flex;gap:10px;align-items:center;margin-bottom:8px}\
.controls input{flex:1;max-width:420px;padding:5px 8px;border:1px solid #8a8886;border-radius:2px;font:inherit}\
.controls select{padding:5px;font:inherit}\
#customers .row{display:grid;grid-template-columns:252px 252px minmax(60px,1fr) 64px 66px 150px;gap:0 8px;align-items:baseline;\
padding:7px 10px;border-bottom:1px solid var(--line);font-size:13px;overflow-wrap:anywhere}\
#rows>.row{content-visibility:auto;contain-intrinsic-size:auto 36px}#customers .row[hidden]{display:none}\
#customers .head{overflow-wrap:normal;font-weight:600;color:var(--muted);font-size:12.5px;text-transform:uppercase;letter-spacing:.02em}\
#customers [data-sort]{cursor:pointer;user-select:none}\
#customers .asc::after{content:' \u{25b2}'}#customers .desc::after{content:' \u{25bc}'}\
#rows .row>:nth-child(-n+2){font:11.5px Consolas,'Cascadia Mono',monospace;white-space:nowrap}\
.chart svg{display:block}\
#customers details{grid-column:1/-1;margin-top:2px}.v{font-weight:600}.in-line>.v{color:var(--ok)}.drifted>.v{color:var(--err)}\
.behind>.v,.warnings>.v{color:var(--warn)}.other-provider>.v{color:var(--muted)}.v>*{font-weight:400}\
details summary{cursor:pointer;color:var(--muted);font-size:12.5px}\
.input{margin:6px 0}\
";

/// Sorting by a column (a click on its heading) and filtering by text and verdict, also asked
/// in the address (`#verdict=drifted&q=rg-1&sort=1&desc`, for a link to a view). The page reads
/// without it: the controls stay hidden.
const SCRIPT: &str = r"
(function(){
var body=document.getElementById('rows'),rows=Array.prototype.slice.call(body.children);
var filter=document.getElementById('filter'),verdict=document.getElementById('verdict'),shown=document.getElementById('shown');
document.querySelector('.controls').hidden=false;
var keys=rows.map(function(r){return r.textContent.toLowerCase();});
function apply(){var q=filter.value.toLowerCase(),v=verdict.value,n=0;
for(var i=0;i<rows.length;i++){var on=(!q||keys[i].indexOf(q)>=0)&&(!v||rows[i].classList.contains(v));rows[i].hidden=!on;if(on)n++;}
shown.textContent=n+' of '+rows.length+' shown';}
filter.addEventListener('input',apply);verdict.addEventListener('change',apply);
var heads=document.querySelectorAll('#customers [data-sort]');
Array.prototype.forEach.call(heads,function(th){th.addEventListener('click',function(){
var c=+th.dataset.sort,dir=th.classList.contains('asc')?-1:1;
Array.prototype.forEach.call(heads,function(h){h.classList.remove('asc','desc');});
th.classList.add(dir>0?'asc':'desc');
var cells=rows.map(function(r,i){var x=r.children[c].firstChild;return [x?x.textContent:'',i];});
cells.sort(function(a,b){return a[0]<b[0]?-dir:a[0]>b[0]?dir:a[1]-b[1];});
var f=document.createDocumentFragment();cells.forEach(function(x){f.appendChild(rows[x[1]]);});
body.appendChild(f);rows=cells.map(function(x){return rows[x[1]];});keys=rows.map(function(r){return r.textContent.toLowerCase();});});});
var asked={};location.hash.slice(1).split('&').forEach(function(p){var kv=p.split('=');if(kv[0])asked[kv[0]]=decodeURIComponent(kv[1]||'');});
if(asked.q)filter.value=asked.q;if(asked.verdict)verdict.value=asked.verdict;
if(asked.sort&&heads[+asked.sort]){heads[+asked.sort].click();if('desc' in asked)heads[+asked.sort].click();}
apply();
})();
";
