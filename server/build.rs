//! Chooses what the `panneau` executable embeds as its browser client: the bundle that
//! `cargo xtask build` wrote into `dist/` (or the folder `PANNEAU_EMBED_DIST` names), or,
//! when none was built yet, an empty folder, so that the server still compiles (and says
//! at start that it has no client).

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let dist = std::env::var_os("PANNEAU_EMBED_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../dist"));
    println!("cargo:rerun-if-env-changed=PANNEAU_EMBED_DIST");
    // A folder here makes cargo look at every file in it: a new build embeds anew.
    println!("cargo:rerun-if-changed={}", dist.display());
    let embedded = if dist.join("index.html").is_file() {
        dist
    } else {
        let empty =
            PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("no-client");
        std::fs::create_dir_all(&empty).expect("an empty folder in OUT_DIR");
        empty
    };
    let embedded = embedded.canonicalize().expect("the folder exists");
    println!("cargo:rustc-env=PANNEAU_EMBED_DIR={}", embedded.display());
}
