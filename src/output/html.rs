//! The HTML report: one self-contained page for people who would rather look than read.
//!
//! The page holds everything it needs (styles and charts inline, no script, no font,
//! no image or link to fetch), and a Content-Security-Policy that forbids scripts and
//! network requests, so it opens offline, from a USB stick or an e-mail attachment,
//! and a case text can never run in it: every piece of text from the input is escaped.
//! The card filters (by label, needs review, wording) are plain HTML radio buttons and
//! check boxes with CSS sibling selectors.
//!
//! Memory: the summary is counted over every case while the input streams past, but
//! the page is written only at the end, so the sink holds the cases it renders as
//! cards (id, text and verdict), at most `max_cards` of them; the page says how many
//! were left out.

use super::{probability, Row, Sink, Target};
use crate::analysis::lexicon::Strength;
use crate::analysis::{Element, Evidence};
use crate::error::Result;
use crate::label::Label;
use crate::verdict::Verdict;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Where the report came from, for its header.
#[derive(Debug, Clone)]
pub struct ReportInfo {
    /// The input files, as given on the command line.
    pub inputs: Vec<String>,
    /// The model used, for people ("built-in model, trained ...").
    pub model: String,
    /// When the report was made.
    pub generated: String,
}

/// Counts over every case, for the summary charts.
#[derive(Debug, Clone, Default)]
struct Summary {
    total: u64,
    labels: [u64; 4],
    review: [u64; 4],
    wording: [u64; 4],
    wording_kinds: BTreeMap<String, u64>,
    elements: [[u64; 6]; 4],
}

impl Summary {
    fn add(&mut self, verdict: &Verdict) {
        let l = verdict.label.index();
        self.total += 1;
        self.labels[l] += 1;
        self.review[l] += u64::from(verdict.needs_review());
        if let Some(wording) = &verdict.wording {
            self.wording[l] += 1;
            *self.wording_kinds.entry(wording.to_string()).or_default() += 1;
        }
        for (count, found) in self.elements[l].iter_mut().zip(verdict.elements) {
            *count += u64::from(found);
        }
    }
}

/// One case shown as a card.
#[derive(Debug, Clone)]
struct Card {
    number: u64,
    id: String,
    text: String,
    verdict: Verdict,
}

/// Collects verdicts and writes the HTML page when finished.
pub struct HtmlSink {
    target: Target,
    info: ReportInfo,
    summary: Summary,
    cards: Vec<Card>,
    max_cards: usize,
}

impl HtmlSink {
    /// A sink that writes the page to `target`, with at most `max_cards` cards.
    pub fn new(target: Target, info: ReportInfo, max_cards: usize) -> Self {
        HtmlSink {
            target,
            info,
            summary: Summary::default(),
            cards: Vec::new(),
            max_cards,
        }
    }
}

impl Sink for HtmlSink {
    fn write(&mut self, row: &Row) -> Result<()> {
        self.summary.add(row.verdict);
        if self.cards.len() < self.max_cards {
            self.cards.push(Card {
                number: self.summary.total,
                id: row.id.to_string(),
                text: row.text.to_string(),
                verdict: row.verdict.clone(),
            });
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        let html = page(&self.info, &self.summary, &self.cards);
        self.target.write_all(html.as_bytes())?;
        self.target.finish()
    }
}

/// The whole page.
fn page(info: &ReportInfo, summary: &Summary, cards: &[Card]) -> String {
    let mut s = String::with_capacity(64 * 1024 + cards.len() * 4096);
    let title = format!("tipsom report: {}", info.inputs.join(", "));
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"generator\" content=\"tipsom {}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        escape(&title)
    );
    s.push_str(&page_header(info, summary));
    s.push_str("<main>\n");
    s.push_str(&summary_section(summary));
    s.push_str(&elements_section(summary));
    s.push_str(&cards_section(summary, cards));
    s.push_str("</main>\n</body>\n</html>\n");
    s
}

fn page_header(info: &ReportInfo, summary: &Summary) -> String {
    format!(
        "<header class=\"page\">\n<h1>tipsom report</h1>\n\
<p class=\"about\">{} case(s) from <b>{}</b>. {}. Made {}.</p>\n\
<p class=\"caveat\">tipsom assists a human judgement; it decides nothing. \
Each verdict shows the words behind it and the protocol articles it rests on; \
check them against the case file.</p>\n</header>\n",
        summary.total,
        escape(&info.inputs.join(", ")),
        escape(&info.model),
        escape(&info.generated)
    )
}

// ------------------------------------------------------------------ summary

fn summary_section(summary: &Summary) -> String {
    let total = summary.total;
    let label_rows: Vec<BarRow> = Label::ALL
        .iter()
        .map(|l| BarRow {
            name: l.as_str().to_string(),
            class: format!("l-{}", l.as_str()),
            count: summary.labels[l.index()],
            of: total,
        })
        .collect();
    let review: u64 = summary.review.iter().sum();
    let wording: u64 = summary.wording.iter().sum();
    format!(
        "<section class=\"summary\" id=\"summary\">\n<h2>Summary</h2>\n<div class=\"tiles\">\n\
<div class=\"tile\" id=\"labels\">\n<h3>Verdicts</h3>\n{}</div>\n\
<div class=\"tile\" id=\"review\">\n<h3>Needs review: {review} of {total} ({})</h3>\n\
<p class=\"note\">The model is unsure, or the protocol rules applied to the evidence say otherwise.</p>\n{}</div>\n\
<div class=\"tile\" id=\"wording\">\n<h3>Wording disagrees with the facts: {wording} of {total} ({})</h3>\n\
<p class=\"note\">The text's own words (\"trafficking\", \"smuggling\") name another crime than its facts show.</p>\n{}{}</div>\n\
</div>\n</section>\n",
        bar_chart(&label_rows),
        percent(review, total),
        bar_chart(&share_rows(summary, &summary.review)),
        percent(wording, total),
        bar_chart(&share_rows(summary, &summary.wording)),
        wording_kinds(&summary.wording_kinds),
    )
}

/// Bars for a count kept per label: all cases first, then each label's share.
fn share_rows(summary: &Summary, counts: &[u64; 4]) -> Vec<BarRow> {
    let all = BarRow {
        name: "all cases".to_string(),
        class: "warn".to_string(),
        count: counts.iter().sum(),
        of: summary.total,
    };
    let per_label = Label::ALL.iter().map(|l| BarRow {
        name: format!("of {}", l.as_str()),
        class: format!("l-{}", l.as_str()),
        count: counts[l.index()],
        of: summary.labels[l.index()],
    });
    std::iter::once(all).chain(per_label).collect()
}

/// One bar of a chart: `count` out of `of`.
struct BarRow {
    name: String,
    class: String,
    count: u64,
    of: u64,
}

/// Width of a chart bar, in SVG units.
const BAR_WIDTH: u64 = 90;

/// A horizontal bar chart: name, inline SVG bar, and the numbers written beside it.
fn bar_chart(rows: &[BarRow]) -> String {
    let mut s = String::from("<table class=\"chart\">\n");
    for row in rows {
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"num\">{} of {} ({})</td></tr>",
            escape(&row.name),
            bar_svg(&row.class, row.count, row.of, BAR_WIDTH),
            row.count,
            row.of,
            percent(row.count, row.of)
        );
    }
    s.push_str("</table>\n");
    s
}

/// An inline SVG bar `width` units long, filled in proportion to `count / of`.
fn bar_svg(class: &str, count: u64, of: u64, width: u64) -> String {
    let filled = count
        .saturating_mul(width)
        .checked_div(of)
        .unwrap_or(0)
        .min(width);
    format!(
        "<svg class=\"bar\" width=\"{width}\" height=\"12\" viewBox=\"0 0 {width} 12\" role=\"img\" aria-label=\"{count} of {of}\">\
<rect class=\"track\" width=\"{width}\" height=\"12\" rx=\"2\"/><rect class=\"fill {}\" width=\"{filled}\" height=\"12\" rx=\"2\"/></svg>",
        escape(class)
    )
}

fn wording_kinds(kinds: &BTreeMap<String, u64>) -> String {
    if kinds.is_empty() {
        return String::new();
    }
    let mut sorted: Vec<(&String, &u64)> = kinds.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let mut s = String::from("<ul class=\"kinds\">\n");
    for (kind, count) in sorted {
        let _ = writeln!(
            s,
            "<li><span class=\"num\">{count}</span> {}</li>",
            escape(kind)
        );
    }
    s.push_str("</ul>\n");
    s
}

/// `part` as a percentage of `whole`, "0%" when there is nothing to divide.
fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0%".to_string();
    }
    format!("{:.0}%", part as f64 * 100.0 / whole as f64)
}

/// How often each element was found, per label.
fn elements_section(summary: &Summary) -> String {
    let mut s = String::from(
        "<section class=\"elements\" id=\"elements\">\n<h2>Elements found, per label</h2>\n\
<table class=\"grid\">\n<thead><tr><th scope=\"col\">element</th>",
    );
    for label in Label::ALL {
        let _ = write!(
            s,
            "<th scope=\"col\"><span class=\"badge l-{0}\">{0}</span> ({1})</th>",
            label.as_str(),
            summary.labels[label.index()]
        );
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for element in Element::ALL {
        let _ = write!(
            s,
            "<tr><th scope=\"row\"><span class=\"swatch e-{}\"></span>{}</th>",
            element.column(),
            escape(element.title())
        );
        for label in Label::ALL {
            let count = summary.elements[label.index()][element.index()];
            let of = summary.labels[label.index()];
            let _ = write!(
                s,
                "<td>{} <span class=\"num\">{count} ({})</span></td>",
                bar_svg(&format!("e-{}", element.column()), count, of, 60),
                percent(count, of)
            );
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n</section>\n");
    s
}

// ------------------------------------------------------------------ cards

/// The filters, the legend and the cards. The filter inputs come first, as siblings
/// of the cards, so that CSS alone can hide the cards that do not match.
fn cards_section(summary: &Summary, cards: &[Card]) -> String {
    let mut s = String::from("<h2 id=\"cases\">Cases</h2>\n");
    let shown = cards.len() as u64;
    if shown < summary.total {
        let _ = writeln!(
            s,
            "<p class=\"left-out\">Showing the first {shown} of {} cases as cards; {} left out. \
The summary above counts all {}. Use <code>--max-cards</code> to show more.</p>",
            summary.total,
            summary.total - shown,
            summary.total
        );
    }
    s.push_str(&filters(cards));
    s.push_str(&legend());
    s.push_str("<section class=\"cards\">\n");
    for card in cards {
        s.push_str(&card_html(card));
    }
    s.push_str("</section>\n");
    s
}

/// Radio buttons for the label and check boxes for review and wording, with labels
/// that show how many cards each keeps.
fn filters(cards: &[Card]) -> String {
    let count = |keep: &dyn Fn(&Card) -> bool| cards.iter().filter(|c| keep(c)).count();
    let mut inputs = String::from(
        "<input type=\"radio\" name=\"label\" id=\"f-all\" class=\"filter\" checked>\n",
    );
    let mut labels = format!(
        "<nav class=\"filters\" aria-label=\"Filter the cases\">\n<span>Show:</span>\n\
<label for=\"f-all\">all ({})</label>\n",
        cards.len()
    );
    for label in Label::ALL {
        let name = label.as_str();
        let _ = writeln!(
            inputs,
            "<input type=\"radio\" name=\"label\" id=\"f-{name}\" class=\"filter\">"
        );
        let _ = writeln!(
            labels,
            "<label for=\"f-{name}\" class=\"l-{name}\">{name} ({})</label>",
            count(&|c| c.verdict.label == label)
        );
    }
    for (id, text, n) in [
        (
            "f-review",
            "needs review only",
            count(&|c| c.verdict.needs_review()),
        ),
        (
            "f-wording",
            "wording disagrees only",
            count(&|c| c.verdict.wording.is_some()),
        ),
    ] {
        let _ = writeln!(
            inputs,
            "<input type=\"checkbox\" id=\"{id}\" class=\"filter\">"
        );
        let _ = writeln!(
            labels,
            "<label for=\"{id}\" class=\"check\">{text} ({n})</label>"
        );
    }
    labels.push_str("</nav>\n");
    inputs + &labels
}

/// The highlight colour of each element, and how denied evidence looks.
fn legend() -> String {
    let mut s = String::from("<p class=\"legend\">Evidence: ");
    for element in Element::ALL {
        let _ = write!(
            s,
            "<mark class=\"e-{}\">{}</mark> ",
            element.column(),
            escape(element.title())
        );
    }
    s.push_str(
        "<mark class=\"e-act weak\">hint for the model only</mark> \
<mark class=\"e-illegal_entry against\">hint against an element</mark> \
<del class=\"e-means\">denied in the text</del></p>\n",
    );
    s
}

fn card_html(card: &Card) -> String {
    let v = &card.verdict;
    let label = v.label.as_str();
    let mut classes = format!("card l-{label}");
    if v.needs_review() {
        classes.push_str(" review");
    }
    if v.wording.is_some() {
        classes.push_str(" wording");
    }
    let flag = if v.needs_review() {
        "<span class=\"flag\">needs review</span>"
    } else {
        ""
    };
    format!(
        "<article class=\"{classes}\" id=\"case-{n}\">\n<header><h3><span class=\"n\">#{n}</span> <bdi>{id}</bdi></h3>\
<span class=\"badge l-{label}\">{label}</span>{flag}</header>\n{probs}\n{chips}\n\
<blockquote class=\"text\">{text}</blockquote>\n{rules}{notes}</article>\n",
        n = card.number,
        id = escape(&card.id),
        probs = probabilities(v),
        chips = element_chips(v),
        text = highlighted(&card.text, &v.evidence),
        rules = rules_list(v),
        notes = notes(v),
    )
}

fn probabilities(v: &Verdict) -> String {
    format!(
        "<p class=\"probs\"><span>P(trafficking) {} <b>{}</b></span> <span>P(smuggling) {} <b>{}</b></span></p>",
        bar_svg("l-trafficking", (v.p_trafficking * 1000.0).round() as u64, 1000, 100),
        probability(v.p_trafficking),
        bar_svg("l-smuggling", (v.p_smuggling * 1000.0).round() as u64, 1000, 100),
        probability(v.p_smuggling),
    )
}

fn element_chips(v: &Verdict) -> String {
    let mut s = String::from("<p class=\"chips\">");
    for element in Element::ALL {
        let (state, mark) = if v.elements[element.index()] {
            ("on", "found")
        } else {
            ("off", "missing")
        };
        let _ = write!(
            s,
            "<span class=\"chip e-{} {state}\" title=\"{mark}\">{}</span>",
            element.column(),
            escape(element.title())
        );
    }
    s.push_str("</p>");
    s
}

fn rules_list(v: &Verdict) -> String {
    let agreement = if v.rules.label == v.label {
        "agree with the model"
    } else {
        "disagree with the model"
    };
    let mut s = format!(
        "<div class=\"rules\"><h4>The protocols' rules applied to the evidence: \
<span class=\"badge l-{0}\">{0}</span> ({agreement})</h4>\n<ul>\n",
        v.rules.label.as_str()
    );
    for finding in &v.rules.findings {
        let (class, met) = if finding.met {
            ("met", "met")
        } else {
            ("unmet", "not met")
        };
        let _ = writeln!(
            s,
            "<li class=\"{class}\"><b>{met}</b> <cite>{}</cite>: {}</li>",
            escape(finding.article),
            escape(finding.statement)
        );
    }
    s.push_str("</ul></div>\n");
    s
}

fn notes(v: &Verdict) -> String {
    let mut s = String::new();
    if let Some(wording) = &v.wording {
        let _ = writeln!(
            s,
            "<p class=\"wording-note\"><b>Wording:</b> {}.</p>",
            escape(wording)
        );
    }
    if v.needs_review() {
        let _ = writeln!(
            s,
            "<p class=\"review-note\"><b>Needs review:</b> {}.</p>",
            escape(&v.review_text())
        );
    }
    s
}

// ------------------------------------------------------------------ highlighting

/// The case text, escaped, with each piece of evidence marked in its element's
/// colour: counting evidence as `<mark>`, weak hints as a lighter `<mark>` (hints
/// against an element dashed and in italics), denied
/// evidence struck through. Overlapping evidence is cut into pieces; each piece
/// shows the strongest evidence over it and names all of it in its tooltip.
/// Spans that do not fall on character boundaries are ignored, never trusted.
fn highlighted(text: &str, evidence: &[Evidence]) -> String {
    let mut spans: Vec<&Evidence> = evidence
        .iter()
        .filter(|e| e.start < e.end && text.get(e.start..e.end).is_some())
        .collect();
    spans.sort_by_key(|e| (e.start, e.end));
    let mut cuts: Vec<usize> = spans
        .iter()
        .flat_map(|e| [e.start, e.end])
        .chain([0, text.len()])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut pieces: Vec<(usize, usize, Vec<&Evidence>)> = Vec::new();
    let mut next = 0;
    let mut active: Vec<&Evidence> = Vec::new();
    for window in cuts.windows(2) {
        let (start, end) = (window[0], window[1]);
        active.retain(|e| e.end > start);
        while next < spans.len() && spans[next].start <= start {
            active.push(spans[next]);
            next += 1;
        }
        match pieces.last_mut() {
            Some(last) if last.1 == start && same(&last.2, &active) => last.1 = end,
            _ => pieces.push((start, end, active.clone())),
        }
    }
    pieces
        .iter()
        .map(|(start, end, over)| piece(text.get(*start..*end).unwrap_or(""), over))
        .collect()
}

/// Whether two pieces are covered by exactly the same evidence.
fn same(a: &[&Evidence], b: &[&Evidence]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| std::ptr::eq(*x, *y))
}

/// One piece of text, marked by the strongest evidence over it.
fn piece(words: &str, over: &[&Evidence]) -> String {
    let Some(top) = over.iter().max_by_key(|e| rank(e)) else {
        return escape(words);
    };
    let title: Vec<String> = over.iter().map(|e| describe(e)).collect();
    let (tag, weak) = match (top.negated, top.strength) {
        (true, _) => ("del", ""),
        (false, Strength::Strong) => ("mark", ""),
        (false, Strength::Weak) => ("mark", " weak"),
        (false, Strength::Against) => ("mark", " against"),
    };
    format!(
        "<{tag} class=\"e-{}{weak}\" title=\"{}\">{}</{tag}>",
        top.element.column(),
        escape(&title.join("; ")),
        escape(words)
    )
}

/// Counting evidence outranks denied evidence, which outranks weak hints; between
/// equals, the span that starts first wins.
fn rank(e: &Evidence) -> (u8, std::cmp::Reverse<usize>) {
    let class = if e.counts() {
        2
    } else if e.negated {
        1
    } else {
        0
    };
    (class, std::cmp::Reverse(e.start))
}

fn describe(e: &Evidence) -> String {
    let how = if e.negated {
        "denied in the text, not counted"
    } else {
        match e.strength {
            Strength::Strong => "counts",
            Strength::Weak => "hint for the model only",
            Strength::Against => "hint against it, for the model only",
        }
    };
    format!(
        "{}: {} ({how})",
        e.element.title(),
        e.family.replace('_', " ")
    )
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\0' => out.push('\u{FFFD}'),
            _ => out.push(ch),
        }
    }
    out
}

/// The page's styles: label and element colours, layout, the CSS-only filters, print.
const CSS: &str = r#"
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--card:#f6f8fa;
--traf:#b3261e;--smug:#1565c0;--both:#7b1fa2;--neither:#5f6368;--warn:#9a6700;
--act:#ffd54f;--means:#ef9a9a;--purpose:#ce93d8;--child:#a5d6a7;--illegal_entry:#90caf9;--facilitator_benefit:#80cbc4}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header.page,main{max-width:1100px;margin:0 auto;padding:0 20px}
header.page{padding-top:16px}
h1{margin:0 0 4px;font-size:26px}
h2{margin:28px 0 10px;font-size:20px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{margin:0 0 6px;font-size:15px}
.about,.note,.caveat{color:var(--muted);margin:2px 0}
.caveat{font-size:13px}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(330px,1fr));gap:14px;align-items:start}
.tile{border:1px solid var(--line);border-radius:8px;padding:12px;background:var(--card)}
table.chart{border-collapse:collapse;margin-top:6px}
table.chart th{font-weight:normal;text-align:left;padding:2px 10px 2px 0;white-space:nowrap}
table.chart td{padding:2px 6px 2px 0}
.num{font-variant-numeric:tabular-nums;color:var(--muted);white-space:nowrap}
svg.bar{vertical-align:middle}
svg.bar .track{fill:#e6eaef}
.fill.l-trafficking{fill:var(--traf)}.fill.l-smuggling{fill:var(--smug)}.fill.l-both{fill:var(--both)}.fill.l-neither{fill:var(--neither)}
.fill.warn{fill:var(--warn)}
.fill.e-act{fill:#e0a800}.fill.e-means{fill:#d9534f}.fill.e-purpose{fill:#9c27b0}.fill.e-child{fill:#43a047}.fill.e-illegal_entry{fill:#1e88e5}.fill.e-facilitator_benefit{fill:#00897b}
ul.kinds{margin:8px 0 0;padding-left:18px;font-size:13px}
table.grid{border-collapse:collapse;width:100%}
table.grid th,table.grid td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;white-space:nowrap}
.swatch{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:6px;vertical-align:-1px}
.badge{display:inline-block;padding:0 8px;border-radius:10px;color:#fff;font-size:13px;font-weight:600}
.badge.l-trafficking{background:var(--traf)}.badge.l-smuggling{background:var(--smug)}.badge.l-both{background:var(--both)}.badge.l-neither{background:var(--neither)}
.e-act{background:var(--act)}.e-means{background:var(--means)}.e-purpose{background:var(--purpose)}.e-child{background:var(--child)}.e-illegal_entry{background:var(--illegal_entry)}.e-facilitator_benefit{background:var(--facilitator_benefit)}
mark{color:inherit;border-radius:3px;padding:0 1px}
mark.weak{background:transparent;border-bottom:2px dotted var(--muted)}
mark.against{background:transparent;border-bottom:2px dashed var(--muted);font-style:italic}
del{text-decoration:line-through 2px;color:var(--muted)}
del[class]{background:none}
del.e-act{text-decoration-color:#e0a800}del.e-means{text-decoration-color:#d9534f}del.e-purpose{text-decoration-color:#9c27b0}del.e-child{text-decoration-color:#43a047}del.e-illegal_entry{text-decoration-color:#1e88e5}del.e-facilitator_benefit{text-decoration-color:#00897b}
.legend{font-size:13px;color:var(--muted)}
.left-out{padding:8px 12px;border-left:4px solid var(--warn);background:#fff8e1}
.filter{position:absolute;opacity:0;width:1px;height:1px;pointer-events:none}
.filters{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:8px 0}
.filters label{border:1px solid var(--line);border-radius:14px;padding:2px 12px;cursor:pointer;user-select:none;background:var(--bg)}
#f-all:checked~.filters label[for=f-all],#f-trafficking:checked~.filters label[for=f-trafficking],#f-smuggling:checked~.filters label[for=f-smuggling],
#f-both:checked~.filters label[for=f-both],#f-neither:checked~.filters label[for=f-neither],#f-review:checked~.filters label[for=f-review],
#f-wording:checked~.filters label[for=f-wording]{background:var(--fg);color:var(--bg);border-color:var(--fg)}
.filter:focus-visible~.filters label{outline-offset:2px}
#f-all:focus-visible~.filters label[for=f-all],#f-trafficking:focus-visible~.filters label[for=f-trafficking],#f-smuggling:focus-visible~.filters label[for=f-smuggling],
#f-both:focus-visible~.filters label[for=f-both],#f-neither:focus-visible~.filters label[for=f-neither],#f-review:focus-visible~.filters label[for=f-review],
#f-wording:focus-visible~.filters label[for=f-wording]{outline:2px solid var(--smug)}
#f-trafficking:checked~.cards .card:not(.l-trafficking),#f-smuggling:checked~.cards .card:not(.l-smuggling),
#f-both:checked~.cards .card:not(.l-both),#f-neither:checked~.cards .card:not(.l-neither),
#f-review:checked~.cards .card:not(.review),#f-wording:checked~.cards .card:not(.wording){display:none}
.cards{display:grid;gap:14px;margin-bottom:40px}
.card{border:1px solid var(--line);border-left:6px solid var(--neither);border-radius:8px;padding:12px 16px;background:var(--bg)}
.card.l-trafficking{border-left-color:var(--traf)}.card.l-smuggling{border-left-color:var(--smug)}.card.l-both{border-left-color:var(--both)}
.card header{display:flex;gap:10px;align-items:center;flex-wrap:wrap}
.card h3{margin:0}
.card .n{color:var(--muted);font-weight:normal}
.flag{color:#fff;background:var(--warn);border-radius:10px;padding:0 8px;font-size:13px;font-weight:600}
.probs{display:flex;gap:24px;flex-wrap:wrap;margin:6px 0;font-size:14px}
.chips{display:flex;gap:6px;flex-wrap:wrap;margin:6px 0}
.chip{border-radius:10px;padding:0 8px;font-size:12px;border:1px solid transparent}
.chip.off{background:transparent;border-color:var(--line);color:var(--muted);text-decoration:line-through}
blockquote.text{margin:8px 0;padding:8px 12px;background:var(--card);border-radius:6px;white-space:pre-wrap;overflow-wrap:anywhere;unicode-bidi:plaintext;max-height:24em;overflow:auto}
.rules h4{margin:8px 0 2px;font-size:14px}
.rules ul{margin:0;padding-left:18px;font-size:13px}
.rules li.unmet{color:var(--muted)}
.rules li.met b{color:#1a7f37}
cite{font-style:normal;font-weight:600}
.wording-note,.review-note{margin:6px 0 0;font-size:14px}
.review-note b,.wording-note b{color:var(--warn)}
@media print{.filters,.filter,.legend{display:none}.card{display:block!important;break-inside:avoid}}
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn highlights_keep_every_byte_of_the_text() {
        let text = "She was recruited <b>, beaten & forced into prostitution. No fee was paid.";
        let html = highlighted(text, &analyze(text).evidence);
        assert!(html.contains("<mark class=\"e-act\""), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
        let plain = strip_tags(&html)
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        assert_eq!(plain, text);
    }

    #[test]
    fn hints_against_an_element_are_marked_apart() {
        let text = "She travelled with her own passport; a relative drove her for free.";
        let html = highlighted(text, &analyze(text).evidence);
        assert!(
            html.contains("class=\"e-illegal_entry against\" title=\"illegal entry or stay: lawful entry (hint against it, for the model only)\""),
            "{html}"
        );
        assert!(html.contains("e-facilitator_benefit against"), "{html}");
    }

    #[test]
    fn bad_and_overlapping_spans_never_panic() {
        let text = "é recruited";
        let mut evidence = analyze(text).evidence;
        let mut bad = evidence[0].clone();
        bad.start = 1; // inside "é"
        bad.end = 999;
        evidence.push(bad);
        let mut overlapping = evidence[0].clone();
        overlapping.start = 0;
        evidence.push(overlapping);
        let html = highlighted(text, &evidence);
        assert!(strip_tags(&html).ends_with("recruited"), "{html}");
        assert_eq!(highlighted("", &evidence), "");
    }

    #[test]
    fn percentages_and_bars_survive_zero() {
        assert_eq!(percent(0, 0), "0%");
        assert_eq!(percent(1, 3), "33%");
        assert!(bar_svg("x", 5, 0, 100).contains("width=\"0\""));
        assert!(bar_svg("x", 9, 3, 100).contains("width=\"100\""));
    }

    fn strip_tags(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for ch in html.chars() {
            match ch {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => out.push(ch),
                _ => {}
            }
        }
        out
    }
}
