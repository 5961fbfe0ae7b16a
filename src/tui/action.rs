//! Every user intent in the reader: the named ones a key can be bound to, and the ones that
//! carry data — text typed into a prompt, a paste, a click at a cell. Keys, mouse events and
//! pastes become actions only in `App::action_for`; only `App::update` changes state in
//! response to one.

macro_rules! actions {
    ($($variant:ident = $name:literal : $doc:literal,)*) => {
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Action {
            $(#[doc = $doc] $variant,)*
            /// Edit the open prompt (filter or search).
            Edit(Edit),
            /// A left click at a screen cell; `double` for the second click of a double click.
            Click { column: u16, row: u16, double: bool },
            /// The mouse wheel over a screen cell: lines down (positive) or up.
            Scroll { column: u16, row: u16, lines: i16 },
            /// A key bound to nothing, as the user would name it.
            Unbound(String),
            /// Time passed: fades the flash after a jump, refreshes the analysis progress.
            Tick,
        }

        impl Action {
            /// The actions a key can be bound to, in the order the help lists them.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The snake_case name used in the `[keys]` table of the config.
            pub fn name(&self) -> &'static str {
                match self { $(Action::$variant => $name,)* _ => "" }
            }

            /// One line for the help overlay.
            pub fn description(&self) -> &'static str {
                match self { $(Action::$variant => $doc,)* _ => "" }
            }

            pub fn from_name(name: &str) -> Option<Action> {
                match name { $($name => Some(Action::$variant),)* _ => None }
            }
        }
    };
}

actions! {
    Quit = "quit": "Quit tidings",
    Back = "back": "Close the overlay or prompt, clear the search",
    Help = "help": "Show or hide this help",
    MoveDown = "move_down": "Next item / scroll down",
    MoveUp = "move_up": "Previous item / scroll up",
    MoveTop = "move_top": "First item / top of the article",
    MoveBottom = "move_bottom": "Last item / end of the article",
    HalfPageDown = "half_page_down": "Half a page down",
    HalfPageUp = "half_page_up": "Half a page up",
    PageDown = "page_down": "A page down",
    PageUp = "page_up": "A page up",
    FocusNext = "focus_next": "Focus the next pane",
    FocusPrev = "focus_prev": "Focus the previous pane",
    FocusLeft = "focus_left": "Focus the pane on the left",
    FocusRight = "focus_right": "Focus the pane on the right",
    Open = "open": "Open the article / go to the fact or milestone / filter by the entity",
    Search = "search": "Filter the list (list pane) or search the article (reader)",
    NextMatch = "next_match": "Next search match, or next mention of the entity",
    PrevMatch = "prev_match": "Previous search match, or previous mention of the entity",
    NextEntity = "next_entity": "Select the next entity in the article",
    PrevEntity = "prev_entity": "Select the previous entity in the article",
    NextMention = "next_mention": "Next mention of this milestone, across articles",
    PrevMention = "prev_mention": "Previous mention of this milestone, across articles",
    NextMilestone = "next_milestone": "Next milestone in time",
    PrevMilestone = "prev_milestone": "Previous milestone in time",
    JumpBack = "jump_back": "Back in the jump list",
    JumpForward = "jump_forward": "Forward in the jump list",
    ToggleTimeline = "toggle_timeline": "Show the timeline instead of the facts panel",
    CrossReferences = "cross_references": "Timeline: only the milestones two or more articles share (again: all of them)",
    ToggleFacts = "toggle_facts": "Show or hide the facts panel",
    ToggleEntities = "toggle_entities": "Every person, place, organisation, document and event in the library (/ filters, Enter lists its articles)",
    ToggleList = "toggle_list": "Show or hide the article list",
    ToggleRead = "toggle_read": "Mark the article read or unread",
    NextArticle = "next_article": "Open the next article in the list",
    PrevArticle = "prev_article": "Open the previous article in the list",
    NextUnread = "next_unread": "Open the next unread article in the list",
    MarkAllRead = "mark_all_read": "Mark every article in the list read",
    ToggleReasons = "toggle_reasons": "Show or hide why the article's ~ values were inferred",
    CycleSort = "cycle_sort": "Sort the list: newest first, oldest first, by source, by title",
    OpenUrl = "open_url": "Open the article's web address in the browser ($BROWSER, else the system's)",
    Suspend = "suspend": "Suspend tidings to the shell (fg brings it back)",
    Refresh = "refresh": "Fetch the subscribed feeds in the background; the list updates after",
}

/// Editing the text of a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Typed or pasted text (a paste's line breaks become spaces: prompts are one line).
    Insert(String),
    DeleteBack,
    Clear,
    /// Enter: keep the filter, run the search.
    Submit,
    /// Esc or Ctrl-C: close the prompt, restoring what was there before.
    Cancel,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()).as_ref(), Some(a));
        }
        assert_eq!(Action::from_name("fly"), None);
    }
}
