//! Property tests: arbitrary Unicode never panics the importer, the front-matter parser or the
//! extractor; spans are char boundaries inside the body; spans of one kind do not overlap;
//! import then load round-trips the metadata. `PROPTEST_CASES` sets the number of cases
//! (CI: the default below; a long run: PROPTEST_CASES=100000 cargo test --release --test properties).

use proptest::prelude::*;
use tidings::article::parse_article;
use tidings::extract::Analyzer;
use tidings::{Article, BlockKind, ImportOptions, ImportRules, Metadata, import_capture};

static ANALYZER: std::sync::LazyLock<Analyzer> = std::sync::LazyLock::new(Analyzer::bundled);
static RULES: std::sync::LazyLock<ImportRules> = std::sync::LazyLock::new(ImportRules::bundled);

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
}

/// Text that looks like news (names, numbers, dates) mixed with hostile Unicode: combining
/// marks, right-to-left text, emoji with zero-width joiners, control characters.
fn newsy_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("President Vladimir Putin ".to_string()),
        Just("Việt Nam ".to_string()),
        Just("HÀ NỘI — ".to_string()),
        Just("June 19-20, 2024 ".to_string()),
        Just("(June 16, 1994 - June 16, 2024) ".to_string()),
        Just("3.6 billion USD ".to_string()),
        Just("nearly 200 projects ".to_string()),
        Just("10-15% ".to_string()),
        Just("the Eurasian Economic Union (EAEU) ".to_string()),
        Just("Treaty on Principles of Friendly Relations ".to_string()),
        Just("on Wednesday ".to_string()),
        Just("G.S. ".to_string()),
        Just("’s ".to_string()),
        Just("\n\n".to_string()),
        Just("[caption] ".to_string()),
        Just("+++\n".to_string()),
        Just("e\u{301}\u{302}\u{303} ".to_string()),
        Just("مرحبا بالعالم ".to_string()),
        Just("👩\u{200d}👩\u{200d}👧 ".to_string()),
        Just("\u{200b}\u{feff}\u{202e} ".to_string()),
        "\\PC{0,12}",
        "[A-Z][a-z]{1,8} ",
        "[0-9]{1,4}[-–/., ]{0,2}",
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn check_spans(article: &Article, analyzer: &Analyzer) {
    let a = analyzer.analyze(article, chrono::NaiveDate::from_ymd_opt(2024, 6, 19));
    let body = &article.body;
    let all = a
        .entities
        .iter()
        .map(|e| (format!("e{:?}", e.kind), e.span.clone()))
        .chain(a.figures.iter().map(|f| ("figure".to_string(), f.span.clone())))
        .chain(a.dates.iter().map(|d| ("date".to_string(), d.span.clone())));
    let mut by_kind: std::collections::HashMap<String, Vec<std::ops::Range<usize>>> = Default::default();
    for (kind, span) in all {
        assert!(span.start < span.end && span.end <= body.len(), "{span:?} outside {}", body.len());
        assert!(
            body.is_char_boundary(span.start) && body.is_char_boundary(span.end),
            "{span:?} not on char boundaries"
        );
        by_kind.entry(kind).or_default().push(span);
    }
    for (kind, mut spans) in by_kind {
        spans.sort_by_key(|s| s.start);
        for w in spans.windows(2) {
            assert!(w[0].end <= w[1].start, "{kind} spans overlap: {:?} {:?}", w[0], w[1]);
        }
    }
    for d in &a.dates {
        assert!(d.context.start <= d.context.end && d.context.end <= body.len());
        assert!(body.is_char_boundary(d.context.start) && body.is_char_boundary(d.context.end));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn importer_and_extractor_never_panic_and_spans_are_valid(text in newsy_text()) {
        let imported = import_capture("p.txt", &text, &RULES, &ImportOptions::default());
        check_spans(&imported.article, &ANALYZER);
        // Import then load round-trips the metadata and the body.
        let reloaded = parse_article(&imported.article.id, &imported.article.to_file_string()).expect("an imported article loads");
        prop_assert_eq!(&reloaded.meta, &imported.article.meta);
        prop_assert_eq!(&reloaded.body, &imported.article.body);
    }

    #[test]
    fn front_matter_parser_never_panics(text in newsy_text()) {
        let _ = parse_article("p", &text);
        let _ = parse_article("p", &format!("+++\ntitle = {text:?}\n+++\n{text}"));
    }

    #[test]
    fn any_body_round_trips_through_the_file_format(paragraphs in prop::collection::vec(("\\PC{1,60}", 0..3u8), 0..8)) {
        let blocks = paragraphs.into_iter().map(|(t, k)| (match k { 0 => BlockKind::Paragraph, 1 => BlockKind::Caption, _ => BlockKind::Heading }, t)).collect();
        let article = Article::from_blocks("x".into(), Metadata::default(), blocks);
        let again = parse_article("x", &article.to_file_string()).expect("loads");
        prop_assert_eq!(again.body, article.body);
        prop_assert_eq!(again.blocks, article.blocks);
    }
}
