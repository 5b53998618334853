//! Builds the browser bundle offline: cargo for wasm32, wasm-bindgen as a library pinned
//! to the client's wasm-bindgen version, then the static files, named by their content
//! (so a browser may keep them for ever) and compressed ahead of time with brotli and gzip
//! at their best levels (so the server only picks one). No wasm-opt: on this client its
//! `-Oz`, `-Os` and `-O2` all made the module larger once compressed (README, Performance).

use crate::{cargo, project_root, run};
use anyhow::{bail, Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const TARGET: &str = "wasm32-unknown-unknown";

pub fn client(dev: bool) -> Result<()> {
    let started = Instant::now();
    let root = project_root();
    ensure_wasm_target()?;
    let profile = if dev { "dev" } else { "wasm-release" };
    let profile_dir = if dev { "debug" } else { profile };
    let wasm = crate::target_dir()
        .join(TARGET)
        .join(profile_dir)
        .join("panneau_client.wasm");
    let dist = root.join("dist");
    if dist.exists() {
        fs::remove_dir_all(&dist).context("clearing dist/")?;
    }
    fs::create_dir_all(&dist)?;
    for (name, feature) in BUNDLES {
        run(cargo().args([
            "build",
            "--package",
            "panneau-client",
            "--target",
            TARGET,
            "--profile",
            profile,
            "--no-default-features",
            "--features",
            feature,
        ]))?;
        wasm_bindgen_cli_support::Bindgen::new()
            .input_path(&wasm)
            .web(true)?
            .typescript(false)
            .debug(dev)
            // Function names help only when debugging; they are half of a release bundle.
            .remove_name_section(!dev)
            .remove_producers_section(!dev)
            .out_name(name)
            .generate(&dist)
            .with_context(|| format!("wasm-bindgen for the {feature} bundle"))?;
    }
    for file in ["index.html", "style.css"] {
        fs::copy(root.join("client").join(file), dist.join(file))
            .with_context(|| format!("copying client/{file}"))?;
    }
    fingerprint(&dist)?;
    // Brotli at its best level takes seconds on a release bundle and far longer on a
    // development one, which nobody downloads over a slow link.
    if !dev {
        compress(&dist)?;
    }
    report(&dist, started)?;
    Ok(())
}

/// The client's bundles, each built from the client crate with one feature: a
/// participant's (named `client`), the wall's, and the console's (the home page and the
/// facilitator's console). `index.html` loads the one its address needs.
const BUNDLES: [(&str, &str); 3] = [("client", "room"), ("wall", "wall"), ("console", "console")];

/// Renames the files `index.html` loads (each bundle's script and module, the style)
/// `NAME-HASH.EXT` after their content, and rewrites `index.html` to name them: a new
/// build is new names, so the server may tell browsers to keep each file for ever.
fn fingerprint(dist: &Path) -> Result<()> {
    let index_path = dist.join("index.html");
    let mut index = fs::read_to_string(&index_path)?;
    let loaded = BUNDLES
        .iter()
        .flat_map(|(name, _)| [format!("{name}.js"), format!("{name}_bg.wasm")])
        .chain(["style.css".to_owned()]);
    for file in loaded {
        let bytes = fs::read(dist.join(&file)).with_context(|| format!("reading {file}"))?;
        let named = fingerprinted_name(&file, &bytes);
        let reference = format!("'/{file}'");
        let quoted = format!("\"/{file}\"");
        if !index.contains(&reference) && !index.contains(&quoted) {
            bail!("client/index.html does not load /{file}");
        }
        index = index
            .replace(&reference, &format!("'/{named}'"))
            .replace(&quoted, &format!("\"/{named}\""));
        fs::rename(dist.join(&file), dist.join(&named))?;
    }
    fs::write(index_path, index)?;
    Ok(())
}

/// `client.js` → `client-0123456789abcdef.js`: 64 bits of the content's SHA-256.
fn fingerprinted_name(file: &str, bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let hash: String = Sha256::digest(bytes)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let (stem, ext) = file
        .rsplit_once('.')
        .expect("a file name with an extension");
    format!("{stem}-{hash}.{ext}")
}

/// Writes `FILE.br` and `FILE.gz` beside each file of the bundle.
fn compress(dist: &Path) -> Result<()> {
    for entry in fs::read_dir(dist)? {
        let path = entry?.path();
        let bytes = fs::read(&path)?;
        let name = path
            .file_name()
            .expect("a file")
            .to_string_lossy()
            .into_owned();
        fs::write(dist.join(format!("{name}.br")), brotli_best(&bytes)?)?;
        fs::write(dist.join(format!("{name}.gz")), gzip_best(&bytes)?)?;
    }
    Ok(())
}

fn brotli_best(bytes: &[u8]) -> Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

fn gzip_best(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    gz.write_all(bytes)?;
    Ok(gz.finish()?)
}

fn ensure_wasm_target() -> Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    match installed {
        Ok(out)
            if String::from_utf8_lossy(&out.stdout)
                .lines()
                .any(|l| l == TARGET) =>
        {
            Ok(())
        }
        Ok(_) => run(Command::new("rustup").args(["target", "add", TARGET])),
        // No rustup: trust that the toolchain has the target, cargo will say otherwise.
        Err(_) => Ok(()),
    }
}

/// Prints the size of each file of the bundle, raw and as a browser downloads it.
fn report(dist: &Path, started: Instant) -> Result<()> {
    let mut total = [0usize; 3];
    let mut lines = Vec::new();
    let mut names: Vec<String> = fs::read_dir(dist)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()?;
    names.retain(|n| !n.ends_with(".br") && !n.ends_with(".gz"));
    names.sort();
    for name in names {
        let bytes = fs::read(dist.join(&name))?;
        let size = |ext: &str| -> Result<usize> {
            match fs::metadata(dist.join(format!("{name}.{ext}"))) {
                Ok(made) => Ok(made.len() as usize),
                // A development build has no compressed versions: say what gzip would give.
                Err(_) if ext == "gz" => Ok(gzip_best(&bytes)?.len()),
                Err(_) => Ok(0),
            }
        };
        let sizes = [bytes.len(), size("gz")?, size("br")?];
        for (t, s) in total.iter_mut().zip(sizes) {
            *t += s;
        }
        lines.push(format!(
            "  {:<30} {:>9} B {:>8} B gzip {:>8} B brotli",
            name, sizes[0], sizes[1], sizes[2]
        ));
    }
    if total[0] == 0 {
        bail!("the bundle in {} is empty", dist.display());
    }
    println!(
        "client bundle in {} ({:.1} s):",
        dist.display(),
        started.elapsed().as_secs_f64()
    );
    for line in lines {
        println!("{line}");
    }
    println!(
        "  {:<30} {:>9} B {:>8} B gzip {:>8} B brotli",
        "total", total[0], total[1], total[2]
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_follow_the_content() {
        let a = super::fingerprinted_name("client_bg.wasm", b"one");
        assert!(a.starts_with("client_bg-") && a.ends_with(".wasm"), "{a}");
        assert_eq!(a.len(), "client_bg-".len() + 16 + ".wasm".len());
        assert_eq!(a, super::fingerprinted_name("client_bg.wasm", b"one"));
        assert_ne!(a, super::fingerprinted_name("client_bg.wasm", b"two"));
    }
}
