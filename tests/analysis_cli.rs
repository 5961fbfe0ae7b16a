//! `tidings extract` and `tidings timeline`, run as a user would.

use std::path::Path;
use std::process::Output;

mod common;
use common::tidings;

use serde_json::Value;
use tempfile::TempDir;

fn json(o: &Output) -> Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("valid JSON")
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

/// Every documented field is present, and every span indexes the body to the quoted text.
fn check_shape(doc: &Value) {
    for a in doc["articles"].as_array().unwrap() {
        for k in ["id", "imported_from", "title", "published", "source", "body", "entities", "figures", "dates"] {
            assert!(keys(a).contains(&k), "article lacks {k}");
        }
        let body = a["body"].as_str().unwrap();
        let check_span = |m: &Value| {
            let span = m["span"].as_array().unwrap();
            let (s, e) = (span[0].as_u64().unwrap() as usize, span[1].as_u64().unwrap() as usize);
            assert_eq!(&body[s..e], m["text"].as_str().unwrap());
        };
        for e in a["entities"].as_array().unwrap() {
            for k in ["text", "kind", "canonical", "span"] {
                assert!(keys(e).contains(&k));
            }
            check_span(e);
        }
        for f in a["figures"].as_array().unwrap() {
            for k in ["text", "value", "value_max", "unit", "qualifier", "context", "span"] {
                assert!(keys(f).contains(&k));
            }
            check_span(f);
        }
        for d in a["dates"].as_array().unwrap() {
            for k in ["text", "start", "end", "precision", "inferred", "context", "span"] {
                assert!(keys(d).contains(&k));
            }
            check_span(d);
        }
    }
    for m in doc["milestones"].as_array().unwrap() {
        for k in ["date", "end", "precision", "label", "articles", "mentions"] {
            assert!(keys(m).contains(&k));
        }
        for mention in m["mentions"].as_array().unwrap() {
            for k in ["article", "text", "span"] {
                assert!(keys(mention).contains(&k));
            }
        }
    }
}

#[test]
fn extract_json_on_the_library_has_the_documented_shape() {
    let home = TempDir::new().unwrap();
    let doc = json(&tidings(&["extract", "--format", "json"], home.path()));
    assert_eq!(doc["articles"].as_array().unwrap().len(), 5);
    check_shape(&doc);
    let vov = doc["articles"].as_array().unwrap().iter().find(|a| a["source"] == "VOV World").unwrap();
    let khoi = vov["entities"].as_array().unwrap().iter().find(|e| e["text"] == "Dang Minh Khoi").unwrap();
    assert_eq!(khoi["kind"], "person");
    assert_eq!(khoi["canonical"], "Đặng Minh Khôi", "the canonical keeps the diacritics another article has");
}

#[test]
fn extract_one_article_by_id_keeps_its_milestones() {
    let home = TempDir::new().unwrap();
    let doc = json(&tidings(&["extract", "the-viet"], home.path()));
    assert_eq!(doc["articles"].as_array().unwrap().len(), 1);
    let ms = doc["milestones"].as_array().unwrap();
    assert!(
        ms.iter().all(|m| m["articles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "the-viet-nam-russia-relationship-set"))
    );
}

#[test]
fn extract_on_each_raw_seed_imports_in_memory() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "SKIPPED: {} not found", seeds.display());
        return;
    }
    let home = TempDir::new().unwrap();
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let path = entry.unwrap().path();
        let before = std::fs::read(&path).unwrap();
        let doc = json(&tidings(&["extract", path.to_str().unwrap()], home.path()));
        check_shape(&doc);
        let a = &doc["articles"][0];
        assert_eq!(a["imported_from"], path.file_name().unwrap().to_str().unwrap());
        assert!(!a["entities"].as_array().unwrap().is_empty());
        assert!(!a["dates"].as_array().unwrap().is_empty());
        assert_eq!(std::fs::read(&path).unwrap(), before, "extract changed its input");
    }
}

#[test]
fn timeline_shows_the_milestones_with_every_article_that_mentions_them() {
    let home = TempDir::new().unwrap();
    let doc = json(&tidings(&["timeline", "--format", "json"], home.path()));
    let ms = doc["milestones"].as_array().unwrap();
    let ids = |m: &Value| -> Vec<String> {
        m["articles"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_string()).collect()
    };
    // The milestone of that date that most articles mention (a date may hold other,
    // single-article milestones too).
    let find = |date: &str| {
        ms.iter()
            .filter(|m| m["date"] == date)
            .max_by_key(|m| m["articles"].as_array().map_or(0, Vec::len))
            .unwrap_or_else(|| panic!("no milestone on {date}: {ms:#?}"))
    };
    // Which articles mention each, read off the articles themselves.
    let treaty = find("1994-06-16");
    assert_eq!(ids(treaty).len(), 4, "{treaty:#?}");
    assert!(treaty["label"].as_str().unwrap().contains("Treaty"));
    let relations = find("1950-01-30");
    assert_eq!(ids(relations).len(), 3);
    let partnership = find("2001-01-01");
    assert_eq!(ids(partnership).len(), 5);
    let comprehensive = find("2012-01-01");
    assert_eq!(ids(comprehensive).len(), 5);
    assert!(comprehensive["label"].as_str().unwrap().contains("Comprehensive Strategic Partnership"));
    let visit = find("2024-06-19");
    assert_eq!(visit["end"], "2024-06-20");
    assert_eq!(ids(visit).len(), 4, "{visit:#?}");
    assert!(
        ids(visit).contains(&"khoi-said-that-the-relationship-between".to_string()),
        "the undated article's 'June 19-20' joins the visit"
    );
    for m in [treaty, relations, partnership, comprehensive, visit] {
        assert_eq!(m["cross_referenced"], true);
    }
    // Deterministic order: by date.
    let dates: Vec<&str> = ms.iter().map(|m| m["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);

    let text = tidings(&["timeline"], home.path());
    let out = String::from_utf8_lossy(&text.stdout);
    assert!(out.contains("1994-06-16") && out.contains("* 4 article(s)"), "{out}");
}

#[test]
fn timeline_narrowed_to_an_entity() {
    let home = TempDir::new().unwrap();
    let all = json(&tidings(&["timeline", "--format", "json"], home.path()));
    let asean = json(&tidings(&["timeline", "--format", "json", "--entity", "ASEAN"], home.path()));
    let (all, asean) = (all["milestones"].as_array().unwrap(), asean["milestones"].as_array().unwrap());
    assert!(!asean.is_empty() && asean.len() < all.len(), "{} of {}", asean.len(), all.len());
    assert!(asean.iter().all(|m| all.contains(m)), "a subset, unchanged");
    let treaty = json(&tidings(
        &["timeline", "--format", "json", "--entity", "treaty on principles of friendly relations"],
        home.path(),
    ));
    let dates: Vec<&str> =
        treaty["milestones"].as_array().unwrap().iter().map(|m| m["date"].as_str().unwrap()).collect();
    assert!(dates.contains(&"1994-06-16"), "{dates:?}");
    let none = tidings(&["timeline", "--entity", "Nobody Atall"], home.path());
    assert!(none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("no milestone involves \"Nobody Atall\""));
}
