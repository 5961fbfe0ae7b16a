//! Key -> state tests for the reader, with no terminal: (state, keys, expected state).

mod common;

use common::reader::{app, press};
use crossterm::event::Event;
use ratatui::layout::Rect;
use tidings::tui::App;
use tidings::tui::app::{Focus, Mention, Side};

fn open_id(app: &App) -> &str {
    app.reader.open.map_or("", |i| app.library.articles[i].id.as_str())
}

fn visible_ids(app: &App) -> Vec<&str> {
    app.list.visible.iter().map(|&i| app.library.articles[i].id.as_str()).collect()
}

#[test]
fn list_navigation_opens_articles_and_moves_focus() {
    let mut app = app(120, 40);
    assert_eq!(app.focus, Focus::List);
    press(&mut app, &["j", "j", "k", "Down"]);
    assert_eq!(app.list.selected, 2);
    press(&mut app, &["G"]);
    assert_eq!(app.list.selected, 4);
    press(&mut app, &["g", "Enter"]);
    assert_eq!(app.focus, Focus::Reader);
    assert_eq!(open_id(&app), "the-viet-nam-russia-relationship-set");
    assert!(app.marks.is_read("the-viet-nam-russia-relationship-set"));
    press(&mut app, &["j", "j", "C-d"]);
    assert!(app.reader.scroll > 2, "scrolled the reader");
    press(&mut app, &["g"]);
    assert_eq!(app.reader.scroll, 0);
    press(&mut app, &["Tab"]);
    assert_eq!(app.focus, Focus::Side);
    press(&mut app, &["Tab"]);
    assert_eq!(app.focus, Focus::List);
    press(&mut app, &["BackTab"]);
    assert_eq!(app.focus, Focus::Side, "Shift-Tab wraps backwards");
    press(&mut app, &["h", "h", "h"]);
    assert_eq!(app.focus, Focus::List, "h stops at the leftmost pane");
    press(&mut app, &["l", "l"]);
    assert_eq!(app.focus, Focus::Side);
    press(&mut app, &["m"]);
    assert!(!app.marks.is_read("the-viet-nam-russia-relationship-set"), "m toggles read");
}

#[test]
fn filter_narrows_as_you_type_and_reports_bad_queries() {
    let mut app = app(120, 40);
    press(&mut app, &["/", "source:VNA"]);
    assert_eq!(visible_ids(&app), ["the-viet-nam-russia-relationship-set", "khoi-said-that-the-relationship-between"]);
    press(&mut app, &["Enter"]);
    assert!(app.prompt.is_none());
    assert_eq!(app.list.filter, "source:VNA");
    press(&mut app, &["/", "C-u", "after:2024-06-20", "Enter"]);
    assert_eq!(
        visible_ids(&app),
        ["the-viet-nam-russia-relationship-set", "minister-of-foreign-affairs-president-putin"]
    );
    press(&mut app, &["/", "C-u", "asean", "Enter"]);
    assert_eq!(app.list.visible.len(), 4, "{:?}", visible_ids(&app));
    press(&mut app, &["/", "C-u", "entity:\"unclosed"]);
    assert!(app.list.filter_error.as_deref().unwrap().contains("quote is not closed"));
    // A query that does not parse lists nothing rather than stale results; the reason shows.
    assert!(app.list.visible.is_empty());
    press(&mut app, &["Enter"]);
    assert!(app.prompt.is_some(), "Enter does not accept a bad query");
    press(&mut app, &["Esc"]);
    assert_eq!(app.list.filter, "asean", "Esc restores the filter from before the prompt");
    press(&mut app, &["Esc"]);
    assert_eq!(app.list.filter, "");
    assert_eq!(app.list.visible.len(), 5);
    press(&mut app, &["/", "viet nam", "Enter"]);
    assert_eq!(app.list.visible.len(), 5, "diacritic-insensitive: every article says Việt Nam or Vietnam");
}

#[test]
fn or_groups_tags_and_unread_in_the_filter() {
    let mut app = app(120, 40);
    press(&mut app, &["/", "source:VNA OR after:2024-06-20", "Enter"]);
    assert_eq!(app.list.visible.len(), 3, "{:?}", visible_ids(&app));
    press(&mut app, &["/", "C-u", "(source:VNA OR after:2024-06-20) ~source:VNA", "Enter"]);
    assert_eq!(visible_ids(&app), ["minister-of-foreign-affairs-president-putin"]);
    // Read one article; `unread` lists the others.
    press(&mut app, &["/", "C-u", "Enter", "Enter", "h"]);
    let read_one = open_id(&app).to_string();
    press(&mut app, &["/", "unread", "Enter"]);
    assert_eq!(app.list.visible.len(), 4);
    assert!(!visible_ids(&app).contains(&read_one.as_str()));
    press(&mut app, &["/", "C-u", "read", "Enter"]);
    assert_eq!(visible_ids(&app), [read_one.as_str()]);
    press(&mut app, &["/", "C-u", "tag:russia", "Enter"]);
    assert_eq!(app.list.visible.len(), 5, "every bundled article is tagged vietnam-russia");
    press(&mut app, &["/", "C-u", "tag:sport", "Enter"]);
    assert!(app.list.visible.is_empty());
}

#[test]
fn s_cycles_the_sort_order_and_keeps_the_selection() {
    use tidings::tui::app::SortOrder;
    // The library's own order is newest first, undated last.
    let mut app = app(120, 40);
    let dates = |app: &App| -> Vec<String> {
        app.list.visible.iter().map(|&i| tidings::article::date_cell(&app.library.articles[i])).collect()
    };
    let newest = dates(&app);
    press(&mut app, &["j"]);
    let selected = app.list.selected_article();
    press(&mut app, &["s"]);
    assert_eq!(app.list.sort, SortOrder::Oldest);
    // Oldest first; the undated article stays last.
    let undated = app.list.visible.iter().filter(|&&i| app.library.articles[i].meta.published.value.is_none()).count();
    assert_eq!(undated, 1);
    let mut reversed = newest[..newest.len() - 1].to_vec();
    reversed.reverse();
    reversed.push(newest[newest.len() - 1].clone());
    assert_eq!(dates(&app), reversed, "oldest first");
    assert_eq!(app.list.selected_article(), selected, "the selected article stays selected");
    assert!(app.message.as_deref().unwrap().contains("oldest first"));
    press(&mut app, &["s"]);
    let sources: Vec<String> = app
        .list
        .visible
        .iter()
        .map(|&i| tidings::text::fold(app.library.articles[i].meta.source.value.as_deref().unwrap_or("~")))
        .collect();
    let mut sorted = sources.clone();
    sorted.sort();
    assert_eq!(sources, sorted, "by source");
    press(&mut app, &["s"]);
    let titles: Vec<String> = app
        .list
        .visible
        .iter()
        .map(|&i| tidings::text::fold(app.library.articles[i].meta.title_or_placeholder()))
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted, "by title");
    press(&mut app, &["s"]);
    assert_eq!(dates(&app), newest, "and round to newest first");
    // A filter keeps the order.
    press(&mut app, &["s", "/", "source:VNA", "Enter"]);
    let filtered: Vec<_> = app.list.visible.iter().map(|&i| app.library.articles[i].meta.published.value).collect();
    assert_eq!(filtered.len(), 2);
    assert!(filtered[0].is_some() && filtered[1].is_none(), "oldest first, the undated one last: {filtered:?}");
}

#[test]
fn the_entity_view_counts_filters_and_lists_the_articles() {
    let mut app = app(120, 40);
    press(&mut app, &["i"]);
    assert_eq!(app.side.kind, Side::Entities);
    assert_eq!(app.focus, Focus::Side);
    let entities = &app.side.entities;
    assert!(entities.len() > 20, "{}", entities.len());
    assert!(entities.windows(2).all(|w| w[0].mentions >= w[1].mentions), "most mentioned first");
    // Filter by kind and by name, as you type.
    press(&mut app, &["/", "kind:person"]);
    assert!(!app.side.entities_visible.is_empty());
    assert!(
        app.side.entities_visible.iter().all(|&i| app.side.entities[i].kind == tidings::extract::EntityKind::Person)
    );
    press(&mut app, &["C-u", "kind:per putin", "Enter"]);
    let names: Vec<&str> = app.side.entities_visible.iter().map(|&i| app.side.entities[i].name.as_ref()).collect();
    assert_eq!(names, ["Vladimir Putin"]);
    // Enter lists the articles that name him.
    press(&mut app, &["Enter"]);
    assert_eq!(app.focus, Focus::List);
    assert_eq!(app.list.filter, "entity:\"Vladimir Putin\"");
    assert!(!app.list.visible.is_empty() && app.list.visible.len() <= 5);
    // From an entity selected in an article, i shows that entity.
    press(&mut app, &["Esc", "Enter", "e"]);
    let Some(Mention::Entity(e)) = app.reader.current else { panic!("e selects an entity") };
    let name = app.analysis.articles[app.reader.open.unwrap()].entities[e].canonical.to_string();
    press(&mut app, &["i"]);
    let selected = app.side.entities_visible[app.side.entities_selected];
    assert_eq!(app.side.entities[selected].name.as_ref(), name);
    // The view opened on that name; typing a new one replaces it instead of being appended to it.
    press(&mut app, &["/", "hanoi"]);
    assert_eq!(app.prompt.as_ref().map(|p| p.input().to_string()).as_deref(), Some("hanoi"));
    assert!(!app.side.entities_visible.is_empty(), "hanoi finds Hà Nội");
    // Once typing has begun, the text is edited as usual.
    press(&mut app, &["Backspace", "i", "Enter"]);
    assert_eq!(app.side.entity_filter, "hanoi");
    press(&mut app, &["i"]);
    assert_eq!(app.side.kind, Side::Facts, "i again goes back to the facts");
    assert_eq!(app.focus, Focus::Side);
}

#[test]
fn t_from_the_entity_view_narrows_the_timeline_to_that_entity() {
    let mut app = app(120, 40);
    let all = app.analysis.milestones.len();
    press(&mut app, &["i", "/", "southeast asian", "Enter"]);
    let selected = app.side.entities_visible[app.side.entities_selected];
    assert_eq!(app.side.entities[selected].name.as_ref(), "Association of Southeast Asian Nations");
    press(&mut app, &["t"]);
    assert_eq!(app.side.kind, Side::Timeline);
    let (name, shown) = app.side.timeline_involving.clone().expect("narrowed");
    assert_eq!(name, "involving Association of Southeast Asian Nations");
    assert!(!shown.is_empty() && shown.len() < all, "{} of {all}", shown.len());
    assert_eq!(app.side.timeline_selected, shown[0]);
    // j stays within the narrowed milestones.
    press(&mut app, &["j", "j", "j"]);
    assert!(shown.contains(&app.side.timeline_selected));
    press(&mut app, &["t"]);
    assert!(app.side.timeline_involving.is_none(), "t again: the whole timeline");
    assert_eq!(app.side.kind, Side::Timeline);
}

#[test]
fn c_narrows_the_timeline_to_its_cross_references_and_back() {
    let mut app = app(120, 40);
    press(&mut app, &["c"]);
    assert_eq!(app.side.kind, Side::Timeline);
    let (_, shown) = app.side.timeline_involving.clone().expect("narrowed");
    assert!(!shown.is_empty() && shown.len() < app.analysis.milestones.len());
    assert!(shown.iter().all(|&m| app.analysis.milestones[m].is_cross_referenced()));
    assert!(shown.contains(&app.side.timeline_selected));
    press(&mut app, &["j", "j"]);
    assert!(shown.contains(&app.side.timeline_selected), "j stays within them");
    press(&mut app, &["c"]);
    assert!(app.side.timeline_involving.is_none(), "c again: the whole timeline");
}

#[test]
fn on_a_narrow_screen_the_facts_cover_the_article_until_one_is_opened() {
    let mut app = app(40, 12);
    press(&mut app, &["Enter", "f"]);
    assert_eq!(app.panes.side.map(|r| r.width), Some(40), "the panel has the whole width");
    assert!(app.panes.reader.is_none() && app.panes.list.is_none());
    assert_eq!(app.focus, Focus::Side);
    // Enter goes to the fact: the article is back on screen, at it.
    press(&mut app, &["Enter"]);
    assert!(app.panes.reader.is_some() && app.panes.side.is_none());
    assert_eq!(app.focus, Focus::Reader);
    assert!(app.reader.current.is_some(), "the fact is selected in the article");
    // Esc from the panel is the article, not the list.
    press(&mut app, &["t"]);
    assert!(app.panes.side.is_some() && app.panes.reader.is_none());
    press(&mut app, &["Esc"]);
    assert!(app.panes.reader.is_some() && app.panes.side.is_none() && app.panes.list.is_none());
    assert_eq!(app.focus, Focus::Reader);
    // A milestone opened from the timeline: its article, at the date.
    press(&mut app, &["t", "j", "Enter"]);
    assert!(app.panes.reader.is_some() && app.panes.side.is_none());
    assert!(matches!(app.reader.current, Some(Mention::Date(_))));
}

#[test]
fn on_a_narrow_screen_a_fact_opened_from_the_covering_panel_is_on_screen() {
    // The article under the panel keeps its narrow wrapping: each fact, opened from the
    // panel, shows in the reader when the panel closes.
    let mut probe = app(40, 12);
    press(&mut probe, &["Enter"]);
    let facts = probe.facts().len();
    assert!(facts >= 3, "the first bundled article has facts");
    for k in 0..facts {
        let mut app = app(40, 12);
        press(&mut app, &["Enter", "f"]);
        for _ in 0..k {
            press(&mut app, &["j"]);
        }
        press(&mut app, &["Enter"]);
        let mention = app.reader.current.expect("the fact is selected");
        let span = app.mention_span(mention).unwrap();
        let line = app.reader.doc.as_ref().unwrap().line_of_offset(span.start);
        let (top, height) = (app.reader.scroll, app.reader_height());
        assert!(top <= line && line < top + height, "fact {k}: line {line} outside {top}..{}", top + height);
    }
}

#[test]
fn on_a_narrow_screen_the_entity_view_gives_way_to_the_list_it_filters() {
    let mut app = app(40, 12);
    press(&mut app, &["i"]);
    app.prepare(Rect::new(0, 0, 40, 12));
    assert!(app.panes.side.is_some() && app.panes.list.is_none());
    press(&mut app, &["Enter"]);
    app.prepare(Rect::new(0, 0, 40, 12));
    assert!(app.panes.list.is_some(), "the filtered list is on screen");
    assert!(app.list.filter.starts_with("entity:"));
}

#[test]
fn w_shows_why_values_are_inferred_under_the_headline() {
    let mut app = app(80, 24);
    // The fourth bundled article's date is inferred; the first has an inferred headline.
    let inferred = app
        .list
        .visible
        .iter()
        .position(|&i| app.library.articles[i].meta.published.is_inferred())
        .expect("a bundled article with an inferred date");
    for _ in 0..inferred {
        press(&mut app, &["j"]);
    }
    press(&mut app, &["Enter"]);
    let header = |app: &App| app.reader.doc.as_ref().unwrap().header_text.clone();
    assert!(header(&app).contains("(w\u{a0}why\u{a0}~)"), "a hint: {}", header(&app));
    press(&mut app, &["w"]);
    assert_eq!(app.reader.scroll, 0, "at the top, the header with the reasons stays in view");
    let text = header(&app);
    assert!(text.contains("~ date: not printed;"), "{text}");
    assert!(!text.contains("(w\u{a0}why\u{a0}~)"));
    assert!(app.message.as_deref().unwrap().contains("inferred"));
    press(&mut app, &["w"]);
    assert!(!header(&app).contains("~ date:"));
}

#[test]
fn filter_words_are_highlighted_in_the_opened_article() {
    let mut app = app(120, 40);
    press(&mut app, &["/", "treaty OR \"strategic partnership\"", "Enter", "Enter"]);
    let search = app.reader.search.clone().expect("the filter's words are a search in the article");
    assert!(!search.matches.is_empty());
    let body = &app.library.articles[app.reader.open.unwrap()].body;
    let folded = |r: &std::ops::Range<usize>| tidings::text::fold(&body[r.clone()]);
    assert!(search.matches.iter().all(|m| ["treaty", "strategic partnership"].contains(&folded(m).as_str())));
    assert_eq!(app.reader.scroll, 0, "opening does not move to a match");
    assert!(search.unvisited, "no match visited yet");
    press(&mut app, &["n"]);
    assert_eq!(app.reader.search.as_ref().unwrap().current, 0, "the first n goes to the first match");
    press(&mut app, &["n"]);
    assert_eq!(app.reader.search.as_ref().unwrap().current, 1.min(search.matches.len() - 1));
}

#[test]
fn entity_jumps_and_filter_by_entity() {
    let mut app = app(120, 40);
    press(&mut app, &["Enter", "e"]);
    let Some(Mention::Entity(first)) = app.reader.current else { panic!("e selects an entity") };
    press(&mut app, &["e", "e"]);
    let Some(Mention::Entity(third)) = app.reader.current else { panic!() };
    assert!(third > first);
    press(&mut app, &["E"]);
    assert!(matches!(app.reader.current, Some(Mention::Entity(i)) if i < third));
    // Find the first "Đặng Minh Khôi" mention and follow its mentions with n.
    let x = &app.analysis.articles[app.reader.open.unwrap()];
    let khoi = x.entities.iter().position(|e| e.canonical.as_ref() == "Đặng Minh Khôi").unwrap();
    let count = x.entities.iter().filter(|e| e.canonical.as_ref() == "Đặng Minh Khôi").count();
    assert!(count >= 2);
    app.reader.current = Some(Mention::Entity(khoi));
    press(&mut app, &["n"]);
    assert!(
        matches!(app.reader.current, Some(Mention::Entity(i)) if i != khoi && app.analysis.articles[app.reader.open.unwrap()].entities[i].canonical.as_ref() == "Đặng Minh Khôi")
    );
    press(&mut app, &["Enter"]);
    assert_eq!(app.focus, Focus::List);
    assert_eq!(app.list.filter, "entity:\"Đặng Minh Khôi\"");
    assert_eq!(app.list.visible.len(), 3, "{:?}", visible_ids(&app));
}

#[test]
fn search_in_the_article_steps_through_matches() {
    let mut app = app(120, 40);
    press(&mut app, &["Enter", "/", "viet nam", "Enter"]);
    let search = app.reader.search.clone().expect("a search");
    assert!(search.matches.len() >= 5);
    let body = &app.library.articles[app.reader.open.unwrap()].body;
    assert_eq!(&body[search.matches[0].clone()], "Việt Nam");
    press(&mut app, &["n", "n"]);
    assert_eq!(app.reader.search.as_ref().unwrap().current, search.current + 2);
    press(&mut app, &["N"]);
    assert_eq!(app.reader.search.as_ref().unwrap().current, search.current + 1);
    press(&mut app, &["Esc"]);
    assert!(app.reader.search.is_none());
}

#[test]
fn facts_panel_goes_to_the_mention() {
    let mut app = app(120, 40);
    press(&mut app, &["j", "Enter", "Tab"]);
    assert_eq!(app.focus, Focus::Side);
    assert_eq!(app.side.kind, Side::Facts);
    let facts = app.facts();
    let first_date = facts.iter().position(|f| matches!(f, tidings::tui::app::Fact::Date(_))).unwrap();
    for _ in 0..first_date {
        press(&mut app, &["j"]);
    }
    press(&mut app, &["Enter"]);
    assert!(matches!(app.reader.current, Some(Mention::Date(_))));
    assert!(app.reader.flash.is_some(), "the mention flashes");
    app.update(tidings::tui::Action::Tick);
    let doc = app.reader.doc.as_ref().unwrap();
    let span = app.mention_span(app.reader.current.unwrap()).unwrap();
    let line = doc.line_of_offset(span.start);
    assert!(line >= app.reader.scroll && line < app.reader.scroll + app.reader_height(), "the date is on screen");
}

#[test]
fn milestone_hops_cross_articles_and_the_jump_list_goes_back() {
    let mut app = app(120, 40);
    press(&mut app, &["t"]);
    assert_eq!(app.side.kind, Side::Timeline);
    assert_eq!(app.focus, Focus::Side);
    let treaty = app.analysis.milestones.iter().position(|m| m.start.to_string() == "1994-06-16").unwrap();
    for _ in 0..treaty {
        press(&mut app, &["j"]);
    }
    press(&mut app, &["Enter"]);
    let first = open_id(&app).to_string();
    let ms = app.analysis.milestones[treaty].clone();
    let mut seen = vec![first.clone()];
    for _ in 1..ms.mentions.len() {
        press(&mut app, &["]"]);
        seen.push(open_id(&app).to_string());
    }
    seen.dedup();
    let mut expected: Vec<String> = ms.articles.iter().map(|&a| app.library.articles[a].id.clone()).collect();
    let mut got = seen.clone();
    got.sort();
    got.dedup();
    expected.sort();
    assert_eq!(got, expected, "] visits every article that mentions the treaty");
    press(&mut app, &["]"]);
    assert_eq!(open_id(&app), first, "] wraps around");
    press(&mut app, &["["]);
    assert_eq!(app.side.milestone_cursor.unwrap().1, ms.mentions.len() - 1);
    // Back through the jump list, then forward again.
    let here = open_id(&app).to_string();
    press(&mut app, &["C-o"]);
    assert_ne!(open_id(&app), here);
    press(&mut app, &["C-n"]);
    assert_eq!(open_id(&app), here);
    // Next milestone in time.
    press(&mut app, &["}"]);
    let (m, _) = app.side.milestone_cursor.unwrap();
    assert_eq!(m, treaty + 1);
    press(&mut app, &["{", "{"]);
    assert_eq!(app.side.milestone_cursor.unwrap().0, treaty - 1);
}

#[test]
fn panes_fold_on_narrow_screens_and_toggle() {
    // Below 120 columns one main pane at a time, with the whole width: the list first.
    let mut app = app(80, 24);
    assert_eq!(app.panes.list.map(|r| r.width), Some(80));
    assert!(app.panes.reader.is_none() && app.panes.side.is_none());
    // The timeline asked for from the list shows beside it.
    press(&mut app, &["t"]);
    assert!(app.panes.list.is_some() && app.panes.side.is_some());
    press(&mut app, &["f"]);
    assert!(app.panes.side.is_none(), "f hides the side panel again");
    // Enter: the article takes the screen; Esc, h or L bring the list back; l the article.
    press(&mut app, &["Enter"]);
    assert!(app.panes.reader.map(|r| r.width) == Some(80) && app.panes.list.is_none());
    assert_eq!(app.focus, Focus::Reader);
    press(&mut app, &["Esc"]);
    assert!(app.panes.list.is_some() && app.panes.reader.is_none(), "Esc goes back to the list");
    assert_eq!(app.focus, Focus::List);
    press(&mut app, &["l"]);
    assert!(app.panes.reader.is_some() && app.panes.list.is_none(), "l goes back to the article");
    press(&mut app, &["h"]);
    assert!(app.panes.list.is_some() && app.panes.reader.is_none(), "h goes back to the list");
    // At 100 columns the open article has its facts beside it.
    let mut app = self::app(100, 30);
    press(&mut app, &["Enter"]);
    assert!(app.panes.reader.is_some() && app.panes.side.is_some() && app.panes.list.is_none());
    // Narrow: the same, and L toggles.
    let mut app = self::app(50, 20);
    assert!(app.panes.list.is_some() && app.panes.reader.is_none());
    assert_eq!(app.focus, Focus::List);
    press(&mut app, &["j", "Enter"]);
    assert!(app.panes.reader.is_some() && app.panes.list.is_none(), "Enter goes to the reader");
    assert_eq!(app.focus, Focus::Reader);
    press(&mut app, &["L"]);
    assert!(app.panes.list.is_some() && app.panes.reader.is_none(), "L goes back to the list");
    assert_eq!(app.focus, Focus::List);
    press(&mut app, &["k", "Enter"]);
    assert!(app.panes.reader.is_some());
    assert_eq!(app.reader.open, Some(app.list.visible[0]));
}

#[test]
fn reading_flow_next_previous_unread_and_all_read() {
    let mut app = app(80, 24);
    let title = |app: &App| app.reader.open.map(|i| app.list.visible.iter().position(|&v| v == i));
    press(&mut app, &["Enter"]);
    assert_eq!(title(&app), Some(Some(0)));
    press(&mut app, &["J"]);
    assert_eq!(title(&app), Some(Some(1)), "J opens the next article");
    press(&mut app, &["K"]);
    assert_eq!(title(&app), Some(Some(0)), "K the previous one");
    press(&mut app, &["K"]);
    assert_eq!(title(&app), Some(Some(0)), "nothing before the first");
    assert!(app.message.as_deref().unwrap_or("").contains("first"), "{:?}", app.message);
    // Space at the end of an article goes on to the next one.
    press(&mut app, &["G", " "]);
    assert_eq!(title(&app), Some(Some(1)));
    // u: the next unread one; the first two have been read.
    press(&mut app, &["u"]);
    assert_eq!(title(&app), Some(Some(2)));
    press(&mut app, &["A"]);
    let read = |app: &App| app.list.visible.iter().filter(|&&i| app.marks.is_read(&app.library.articles[i].id)).count();
    assert_eq!(read(&app), app.list.visible.len(), "A marks every article read");
    press(&mut app, &["u"]);
    assert!(app.message.as_deref().unwrap_or("").contains("no unread"), "{:?}", app.message);
}

#[test]
fn an_article_left_at_its_top_opens_at_its_top_with_its_headline() {
    let mut app = app(80, 24);
    press(&mut app, &["Enter", "J", "K"]);
    assert_eq!(app.reader.scroll, 0, "back to the first article, at its top: the header is in view");
    // And after a restart, from the saved state.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.toml");
    tidings::tui::persist::save(&path, "bundled", &app.session_changes()).unwrap();
    let saved = tidings::tui::persist::load(&path, 0).0.library("bundled");
    let mut again = self::app(80, 24);
    again.restore(&saved);
    press(&mut again, &["J"]);
    press(&mut again, &["K"]);
    assert_eq!(again.reader.scroll, 0, "reopened after a restart, at its top");
}

#[test]
fn help_overlay_and_quit() {
    let mut app = app(120, 40);
    press(&mut app, &["?"]);
    assert!(app.help);
    press(&mut app, &["j", "q"]);
    assert!(!app.help, "q closes the overlay first");
    assert!(!app.should_quit);
    press(&mut app, &["q"]);
    assert!(app.should_quit);
}

#[test]
fn state_round_trips() {
    let mut app = app(120, 40);
    press(&mut app, &["j", "Enter", "C-d"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.toml");
    tidings::tui::persist::save(&path, "bundled", &app.session_changes()).unwrap();
    let saved = tidings::tui::persist::load(&path, 0).0.library("bundled");
    assert_eq!(saved.last_article.as_deref(), Some(open_id(&app)));
    let mut again = self::app(120, 40);
    again.restore(&saved);
    again.prepare(Rect::new(0, 0, 120, 40));
    assert_eq!(open_id(&again), open_id(&app));
    assert_eq!(again.reader.scroll, app.reader.scroll);
    for a in &app.library.articles {
        assert_eq!(again.marks.is_read(&a.id), app.marks.is_read(&a.id), "{}", a.id);
    }
}

#[test]
fn mouse_clicks_select_and_the_wheel_scrolls_the_pane_under_the_pointer() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mouse = |kind, column, row| MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE };
    let mut app = app(120, 40);
    let list = app.panes.list.unwrap();
    // The third article row: one border row, then rows 0, 1, 2.
    app.handle(&Event::Mouse(mouse(MouseEventKind::Down(MouseButton::Left), list.x + 3, list.y + 3)));
    assert_eq!(app.list.selected, 2);
    assert_eq!(app.focus, Focus::List);
    press(&mut app, &["Enter"]);
    let reader = app.panes.reader.unwrap();
    app.handle(&Event::Mouse(mouse(MouseEventKind::ScrollDown, reader.x + 5, reader.y + 5)));
    assert_eq!(app.reader.scroll, 3, "the wheel scrolls the reader by three lines");
    // The wheel over the list moves its selection, whatever has the focus.
    app.handle(&Event::Mouse(mouse(MouseEventKind::ScrollUp, list.x + 3, list.y + 3)));
    assert_eq!(app.list.selected, 0);
    assert_eq!(app.focus, Focus::Reader, "scrolling does not move the focus");
    // A click on a word that is an entity selects it: the first entity on a body line on screen.
    let doc = app.reader.doc.clone().unwrap();
    let x = app.open_analysis().unwrap().clone();
    let body = app.library.articles[doc.article].body.clone();
    let (line_index, entity) = doc
        .lines
        .iter()
        .enumerate()
        .skip(app.reader.scroll)
        // Only the lines on screen can be clicked: the pane's height less its borders.
        .take(reader.height.saturating_sub(2) as usize)
        .filter(|(_, l)| matches!(l.kind, tidings::tui::document::LineKind::Body(_)))
        .find_map(|(i, l)| x.entities.iter().position(|e| l.range.contains(&e.span.start)).map(|e| (i, e)))
        .expect("an entity on a body line on screen");
    let line = &doc.lines[line_index];
    let before = &body[line.range.start..x.entities[entity].span.start];
    let left =
        tidings::tui::panes::reader::text_left(&app, reader) + unicode_width::UnicodeWidthStr::width(before) as u16;
    app.handle(&Event::Mouse(mouse(
        MouseEventKind::Down(MouseButton::Left),
        left,
        reader.y + 1 + (line_index - app.reader.scroll) as u16,
    )));
    assert_eq!(app.reader.current, Some(Mention::Entity(entity)));
}
