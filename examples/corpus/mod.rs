//! Writes a synthetic library of N article files for benchmarks, built from the real texts in
//! ../shared/corpora/bbc and the bundled articles, with varied dates, outlets, people and
//! figures, and milestone sentences shared between articles so that the timeline has realistic
//! cross-references. Deterministic: the same N gives the same files.

use std::path::{Path, PathBuf};

use tidings::{Article, BlockKind, Field, ImportOptions, ImportRules, Library, Metadata, Published, import_capture};

const OUTLETS: &[&str] = &["VNS", "VNA", "VAN", "VOV World", "BBC", "Reuters", "AP", "AFP", "TASS", "Nhân Dân"];
const PEOPLE: &[&str] = &[
    "President Tô Lâm",
    "Prime Minister Phạm Minh Chính",
    "Minister Bùi Thanh Sơn",
    "President Vladimir Putin",
    "Chancellor Gordon Brown",
    "Prime Minister Tony Blair",
    "Ambassador Đặng Minh Khôi",
    "Secretary General Nguyễn Đăng Phát",
    "Director Sarah Jones",
    "Minister Lê Hoài Trung",
];
const MILESTONES: &[&str] = &[
    "The Treaty on Principles of Friendly Relations was signed on June 16, 1994.",
    "Diplomatic relations were established on January 30, 1950.",
    "The two countries set up a strategic partnership in 2001.",
    "The partnership was upgraded to a comprehensive strategic partnership in 2012.",
    "The State visit took place on June 19-20, 2024.",
    "The Association of Southeast Asian Nations (ASEAN) summit met in Hà Nội in March 2010.",
    "The free trade agreement with the Eurasian Economic Union took effect in October 2016.",
];

/// A small deterministic generator (SplitMix64), so corpora are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The source texts: every BBC capture (imported in memory) and the bundled articles.
pub fn sources() -> Vec<Article> {
    let mut out = Library::bundled().articles;
    let bbc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/bbc");
    let rules = ImportRules::bundled();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&bbc)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .flat_map(|d| std::fs::read_dir(d.path()).into_iter().flatten().filter_map(Result::ok).map(|e| e.path()))
        .collect();
    files.sort();
    for f in files {
        if let Ok(text) = std::fs::read_to_string(&f) {
            out.push(import_capture("bbc.txt", &text, &rules, &ImportOptions::default()).article);
        }
    }
    out
}

/// Writes `n` articles into `dir` (created if needed); returns the bytes written.
pub fn generate(dir: &Path, n: usize, sources: &[Article]) -> std::io::Result<u64> {
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng(0x0074_6964_696e_6773);
    let mut bytes = 0;
    for i in 0..n {
        let base = &sources[rng.below(sources.len())];
        let day = chrono::NaiveDate::from_ymd_opt(2004, 1, 1).unwrap() + chrono::Duration::days(rng.below(8000) as i64);
        let person = PEOPLE[rng.below(PEOPLE.len())];
        let milestone = MILESTONES[rng.below(MILESTONES.len())];
        let figure = format!("{}.{} billion USD", 1 + rng.below(90), rng.below(10));
        let mut paragraphs: Vec<(BlockKind, String)> =
            base.blocks.iter().map(|b| (b.kind, base.block_text(b).to_string())).collect();
        // A quarter of the articles are long reads: a second text follows the first.
        if rng.below(4) == 0 {
            let more = &sources[rng.below(sources.len())];
            paragraphs.extend(more.blocks.iter().map(|b| (b.kind, more.block_text(b).to_string())));
        }
        paragraphs.insert(
            paragraphs.len().min(1),
            (
                BlockKind::Paragraph,
                format!("{person} said on Tuesday that trade reached nearly {figure} last year. {milestone}"),
            ),
        );
        let meta = Metadata {
            title: Field::printed(format!("{} ({i})", base.meta.title_or_placeholder())),
            source: Field::printed(OUTLETS[rng.below(OUTLETS.len())].to_string()),
            published: Field::printed(Published::Date(day)),
            tags: vec!["generated".into()],
            imported_from: base.meta.imported_from.clone(),
            ..Metadata::default()
        };
        let article = Article::from_blocks(format!("a{i:06}"), meta, paragraphs);
        let text = article.to_file_string();
        bytes += text.len() as u64;
        std::fs::write(dir.join(format!("a{i:06}.md")), text)?;
    }
    Ok(bytes)
}
