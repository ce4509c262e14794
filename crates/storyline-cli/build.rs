//! Embeds the bundled sample corpus (`corpus/` at the repository root,
//! without its `eval/` labels) in the binary, so `storyline demo` runs from
//! any directory: writes `$OUT_DIR/embedded_corpus.rs`, a list of each
//! file's path inside the corpus and its bytes.

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let corpus = manifest.join("../../corpus");
    println!("cargo:rerun-if-changed={}", corpus.display());
    let mut found = Vec::new();
    files(&corpus, &mut found);
    found.retain(|p| !p.starts_with(corpus.join("eval")));
    found.sort();
    let mut code = String::from("/// The bundled corpus: each file's path inside it, and its bytes.\npub static CORPUS: &[(&str, &[u8])] = &[\n");
    for path in &found {
        println!("cargo:rerun-if-changed={}", path.display());
        let rel = path.strip_prefix(&corpus).expect("under the corpus");
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let abs = path.canonicalize().expect("a corpus file");
        code.push_str(&format!(
            "    ({:?}, include_bytes!({:?})),\n",
            rel.join("/"),
            abs.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    std::fs::write(out.join("embedded_corpus.rs"), code).expect("write embedded_corpus.rs");
}
