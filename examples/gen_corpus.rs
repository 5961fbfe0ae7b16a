//! Benchmark helper: writes a synthetic library for speed measurements.
//!
//!   cargo run --release --example gen_corpus -- DIR N
//!
//! Not part of the `tidings` command line.

mod corpus;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(n)) = (args.get(1), args.get(2).and_then(|n| n.parse::<usize>().ok())) else {
        eprintln!("usage: gen_corpus DIR N");
        std::process::exit(2);
    };
    let sources = corpus::sources();
    match corpus::generate(std::path::Path::new(dir), n, &sources) {
        Ok(bytes) => {
            println!("wrote {n} articles, {:.1} MB, to {dir} (from {} source texts)", bytes as f64 / 1e6, sources.len())
        }
        Err(e) => {
            eprintln!("error: {dir}: {e}");
            std::process::exit(1);
        }
    }
}
