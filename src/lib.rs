//! tidings: a terminal news reader. The library holds a pure core — articles, the importer,
//! analysis — and a thin terminal UI on top; `main.rs` only parses the command line.

pub mod analysis;
pub mod analysis_cache;
pub mod article;
pub mod commands;
pub mod config;
pub mod evaluation;
pub mod extract;
pub mod fetch;
pub mod fsutil;
pub mod import;
pub mod library;
pub mod library_snapshot;
pub mod located;
pub mod query;
pub mod refresh;
pub mod safe_text;
pub mod text;
pub mod timeline;
pub mod tui;
pub mod word_index;

pub use article::{Article, Block, BlockKind, Field, Metadata, ParseError, Published};
pub use config::{Config, ConfigError};
pub use import::{ImportOptions, ImportRules, Imported, Stripped, import_capture};
pub use library::{Library, LibraryOrigin, LoadOptions, LoadProblem};
pub use located::Located;
