//! Embeds every article in `articles/` into the binary, so an installed `tidings` reads the
//! bundled library from anywhere. Adding a file there is enough; no list to keep in sync.

use std::fmt::Write as _;
use std::path::Path;

/// The package's folder, read when the script runs: `env!` would bake in the folder the
/// script was first compiled in, and a target folder shared by two checkouts would then embed
/// the other checkout's articles.
fn manifest_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
}

fn main() {
    let dir = manifest_dir().join("articles");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "md") && e.path().is_file())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code =
        String::from("/// (file name, contents) of each bundled article.\npub static BUNDLED: &[(&str, &str)] = &[\n");
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(code, "    ({name:?}, include_str!({:?})),", path.display().to_string()).unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("bundled.rs");
    std::fs::write(out, code).unwrap();
    write_analysis_fingerprint();
}

/// A hash of everything the analysis of an article depends on (its code, the bundled lexicon
/// and the entity model), so that results cached on disk by one build are never taken for
/// another's: any change to these files gives another fingerprint.
fn write_analysis_fingerprint() {
    let root = manifest_dir();
    let root = root.as_path();
    let mut files = Vec::new();
    for part in [
        "src/extract",
        "src/analysis.rs",
        "src/timeline.rs",
        "src/text.rs",
        "config",
        "models/ner.bin",
        "models/name-lists.txt",
    ] {
        let path = root.join(part);
        println!("cargo:rerun-if-changed={}", path.display());
        collect(&path, &mut files);
    }
    files.sort();
    // FNV-1a, 64 bits: stable across builds and platforms (std's hasher is not).
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    for file in &files {
        eat(file.strip_prefix(root).unwrap_or(file).to_string_lossy().as_bytes());
        eat(&std::fs::read(file).unwrap_or_default());
    }
    let code = format!(
        "/// See build.rs: changes whenever the analysis' code or data do.\npub const ANALYSIS_SOURCE_HASH: u64 = {hash:#x};\n"
    );
    std::fs::write(Path::new(&std::env::var("OUT_DIR").unwrap()).join("analysis_fingerprint.rs"), code).unwrap();
}

fn collect(path: &Path, files: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
            collect(&entry.path(), files);
        }
    } else if path.is_file() {
        files.push(path.to_path_buf());
    }
}
