//! `tidings extract` and `tidings timeline`: the analysis as JSON (the documented shape) or text.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::analysis::LibraryAnalysis;
use crate::article::Article;
use crate::extract::{When, span_pair};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Json,
    Text,
}

fn num(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9e15 { json!(v as i64) } else { json!(v) }
}

fn article_json(article: &Article, analysis: &crate::extract::ArticleAnalysis) -> Value {
    let body = &article.body;
    let entities: Vec<Value> = analysis
        .entities
        .iter()
        .map(|e| json!({"text": &body[e.span.clone()], "kind": e.kind, "canonical": &*e.canonical, "key": &*e.key, "span": span_pair(&e.span)}))
        .collect();
    let figures: Vec<Value> = analysis
        .figures
        .iter()
        .map(|f| {
            json!({"text": &body[f.span.clone()], "kind": f.kind, "value": num(f.value), "value_max": f.value_max.map(num),
                   "unit": f.unit, "qualifier": f.qualifier, "context": f.context, "span": span_pair(&f.span)})
        })
        .collect();
    let dates: Vec<Value> = analysis
        .dates
        .iter()
        .map(|d| {
            json!({"text": &body[d.span.clone()], "start": (d.when != When::Unanchored).then(|| d.when.start_iso()), "end": (d.when != When::Unanchored).then(|| d.when.end_iso()), "precision": d.precision,
                   "inferred": d.inferred, "context": &body[d.context.clone()], "span": span_pair(&d.span)})
        })
        .collect();
    let m = &article.meta;
    json!({
        "id": article.id,
        "imported_from": m.imported_from,
        "title": m.title.value,
        "title_inferred": m.title.inferred,
        "published": m.published.value.map(|p| p.to_toml_literal()),
        "published_inferred": m.published.inferred,
        "source": m.source.value,
        "body": body,
        "entities": entities,
        "figures": figures,
        "dates": dates,
    })
}

/// Milestones that mention any of `selected` (all of them when `selected` is everything).
fn milestones_json(articles: &[Article], analysis: &LibraryAnalysis, selected: &[usize]) -> Vec<Value> {
    // A set: a scan of `selected` per milestone article made the whole-library report quadratic.
    let selected: std::collections::HashSet<usize> = selected.iter().copied().collect();
    analysis
        .milestones
        .iter()
        .filter(|m| m.articles.iter().any(|a| selected.contains(a)))
        .map(|m| milestone_json(articles, analysis, m))
        .collect()
}

fn milestone_json(articles: &[Article], analysis: &LibraryAnalysis, m: &crate::timeline::Milestone) -> Value {
    let mentions: Vec<Value> = m
        .mentions
        .iter()
        .map(|mm| {
            let d = &analysis.articles[mm.article].dates[mm.date];
            json!({"article": articles[mm.article].id, "text": &articles[mm.article].body[d.span.clone()], "span": span_pair(&d.span)})
        })
        .collect();
    json!({
        "date": m.start.format("%Y-%m-%d").to_string(),
        "end": m.end.format("%Y-%m-%d").to_string(),
        "precision": m.precision,
        "label": m.label,
        "cross_referenced": m.is_cross_referenced(),
        "articles": m.articles.iter().map(|&a| articles[a].id.as_str()).collect::<Vec<_>>(),
        "mentions": mentions,
    })
}

/// `{"articles": [...], "milestones": [...]}`, serialised article by article.
struct ExtractDoc<'a> {
    articles: &'a [Article],
    analysis: &'a LibraryAnalysis,
    selected: &'a [usize],
}

struct ArticleSeq<'a>(&'a ExtractDoc<'a>);

impl serde::Serialize for ArticleSeq<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        serializer.collect_seq(d.selected.iter().map(|&i| article_json(&d.articles[i], &d.analysis.articles[i])))
    }
}

impl serde::Serialize for ExtractDoc<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("articles", &ArticleSeq(self))?;
        map.serialize_entry("milestones", &milestones_json(self.articles, self.analysis, self.selected))?;
        map.end()
    }
}

pub fn extract(
    articles: &[Article],
    analysis: &LibraryAnalysis,
    selected: &[usize],
    format: ReportFormat,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        ReportFormat::Json => {
            // Streamed: each article's JSON is built, written and dropped in turn, so the
            // output never exists whole in memory (a 21,000-article library made a 1.2 GB
            // document). The bytes are those of the whole document pretty-printed.
            let doc = ExtractDoc { articles, analysis, selected };
            serde_json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)
        }
        ReportFormat::Text => {
            for &i in selected {
                let (a, x) = (&articles[i], &analysis.articles[i]);
                writeln!(out, "# {} — {}", a.id, a.meta.title_or_placeholder())?;
                writeln!(out, "entities:")?;
                for e in &x.entities {
                    writeln!(out, "  {:<13} {:<40} {}", e.kind.name(), &a.body[e.span.clone()], e.canonical)?;
                }
                writeln!(out, "figures:")?;
                for f in &x.figures {
                    let q = f.qualifier.as_deref().map(|q| format!(" ({q})")).unwrap_or_default();
                    writeln!(out, "  {:<28} {}{q} — {}", &a.body[f.span.clone()], f.unit, f.context)?;
                }
                writeln!(out, "dates:")?;
                for d in &x.dates {
                    let mark = if d.inferred { "~" } else { " " };
                    let when = match d.when {
                        When::Unanchored => "day unknown (undated article)".to_string(),
                        _ => format!("{} .. {}", d.when.start_iso(), d.when.end_iso()),
                    };
                    writeln!(
                        out,
                        "  {mark}{when} {:<7} {:<28} {}",
                        format!("{:?}", d.precision).to_lowercase(),
                        &a.body[d.span.clone()],
                        crate::text::shorten(&a.body[d.context.clone()], 70)
                    )?;
                }
                writeln!(out)?;
            }
            Ok(())
        }
    }
}

/// The milestones numbered `shown` (all of them, or those involving an entity), in order.
pub fn timeline(
    articles: &[Article],
    analysis: &LibraryAnalysis,
    shown: &[usize],
    format: ReportFormat,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        ReportFormat::Json => {
            let milestones: Vec<Value> =
                shown.iter().map(|&m| milestone_json(articles, analysis, &analysis.milestones[m])).collect();
            serde_json::to_writer_pretty(&mut *out, &json!({ "milestones": milestones }))?;
            writeln!(out)
        }
        ReportFormat::Text => {
            for m in shown.iter().map(|&m| &analysis.milestones[m]) {
                let date = match m.precision {
                    crate::extract::Precision::Day if m.start == m.end => m.start.format("%Y-%m-%d").to_string(),
                    crate::extract::Precision::Day => {
                        format!("{}..{}", m.start.format("%Y-%m-%d"), m.end.format("%m-%d"))
                    }
                    crate::extract::Precision::Month => m.start.format("%Y-%m").to_string(),
                    _ => m.start.format("%Y").to_string(),
                };
                let star = if m.is_cross_referenced() { "*" } else { " " };
                writeln!(out, "{date:<17} {star} {} article(s)  {}", m.articles.len(), m.label)?;
                let ids: Vec<&str> = m.articles.iter().map(|&a| articles[a].id.as_str()).collect();
                writeln!(out, "{:<21}{}", "", ids.join(", "))?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_json_is_the_whole_document_pretty_printed() {
        let library = crate::Library::bundled();
        let analysis = crate::analysis::analyze_library(&library.articles, &crate::extract::Analyzer::bundled());
        let selected: Vec<usize> = (0..library.articles.len()).collect();
        let mut streamed = Vec::new();
        extract(&library.articles, &analysis, &selected, ReportFormat::Json, &mut streamed).unwrap();
        let items: Vec<Value> =
            selected.iter().map(|&i| article_json(&library.articles[i], &analysis.articles[i])).collect();
        let whole = json!({"articles": items, "milestones": milestones_json(&library.articles, &analysis, &selected)});
        let mut expected = serde_json::to_vec_pretty(&whole).unwrap();
        expected.push(b'\n');
        assert_eq!(String::from_utf8(streamed).unwrap(), String::from_utf8(expected).unwrap());
    }
}
