//! The app's size: raw, gzip -9 and brotli -q 11 of every file of the release build.

use std::path::Path;
use std::process::Command;

use crate::table::Row;

fn compressed_len(program: &str, args: &[&str], file: &Path) -> usize {
    let out = Command::new(program)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        out.status.success(),
        "{program} failed on {}",
        file.display()
    );
    out.stdout.len()
}

/// Raw, gzip -9 and brotli -q 11 size of every file in the dist folder.
pub fn sizes(dist: &Path, rows: &mut Vec<Row>) -> String {
    let mut files: Vec<_> = std::fs::read_dir(dist)
        .expect("dist folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        // The app, not the `.gz` and `.br` copies a release build leaves for nginx.
        .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "gz" && e != "br"))
        .collect();
    files.sort();
    assert!(
        files.iter().any(|p| p.with_extension("wasm.gz").exists()),
        "the release build left no .gz copy of the wasm (Trunk.toml post_build hook)"
    );
    assert!(
        files.iter().any(|p| p.with_extension("wasm.br").exists()),
        "the release build left no .br copy of the wasm (Trunk.toml post_build hook)"
    );
    let mut md =
        String::from("| file | raw | gzip -9 | brotli -q 11 |\n| --- | ---: | ---: | ---: |\n");
    let mut total = [0usize; 3];
    for f in &files {
        let raw = std::fs::metadata(f).map(|m| m.len() as usize).unwrap_or(0);
        let gz = compressed_len("gzip", &["-9", "-c"], f);
        let br = compressed_len("brotli", &["-q", "11", "-c"], f);
        for (t, v) in total.iter_mut().zip([raw, gz, br]) {
            *t += v;
        }
        let name = f.file_name().unwrap_or_default().to_string_lossy();
        md.push_str(&format!(
            "| {name} | {:.1} KB | {:.1} KB | {:.1} KB |\n",
            raw as f64 / 1024.0,
            gz as f64 / 1024.0,
            br as f64 / 1024.0
        ));
    }
    md.push_str(&format!(
        "| **total** | {:.1} KB | {:.1} KB | {:.1} KB |\n",
        total[0] as f64 / 1024.0,
        total[1] as f64 / 1024.0,
        total[2] as f64 / 1024.0
    ));
    assert!(
        files
            .iter()
            .any(|f| f.extension().is_some_and(|e| e == "wasm")),
        "no .wasm in {}",
        dist.display()
    );
    rows.push(Row::at_most(
        "whole app transfer (brotli -q 11)",
        150.0,
        "KB",
        vec![total[2] as f64 / 1024.0],
    ));
    md
}
