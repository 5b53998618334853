//! Repository hygiene that a compiler does not check: every Rust source file opens with a
//! `//!` line saying what it is for.

use anyhow::{bail, Result};
use std::fs;
use std::path::{Path, PathBuf};

pub fn check(root: &Path) -> Result<()> {
    let mut missing = Vec::new();
    for dir in ["shared", "outputs", "server", "client", "tests", "xtask"] {
        let mut files = Vec::new();
        collect_rs(&root.join(dir), &mut files);
        for file in files {
            let text = fs::read_to_string(&file)?;
            if !text.trim_start().starts_with("//!") {
                missing.push(
                    file.strip_prefix(root)
                        .unwrap_or(&file)
                        .display()
                        .to_string(),
                );
            }
        }
    }
    if !missing.is_empty() {
        bail!(
            "these files do not start with a `//!` line saying what they are for:\n  {}",
            missing.join("\n  ")
        );
    }
    Ok(())
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "target") {
                collect_rs(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}
