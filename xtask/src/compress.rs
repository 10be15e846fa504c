//! `cargo xtask compress <dir>`: the `.br` copy beside each wasm, js and css file of a release
//! build, which nginx sends as it is to browsers that accept brotli (`brotli_static on`,
//! deploy/nginx/). Trunk.toml's post-build hook runs it; the `.gz` copies stay the fallback.
//!
//! Quality 11 and the largest standard window: the copy is made once per build and read by
//! every visitor, so the slowest, smallest setting pays. The encoder is pure Rust and
//! deterministic: the same file always gives the same bytes (brotli stores no name or time).

use std::path::Path;

use brotli::enc::BrotliEncoderParams;

use crate::Result;

/// The files nginx serves from the precompressed copies (its hashed-asset location).
const EXTENSIONS: [&str; 3] = ["wasm", "js", "css"];

/// Writes `<file>.br` for every asset directly in `dir` (trunk's output is flat).
pub fn compress(args: &[String]) -> Result {
    let [dir] = args else {
        return Err("usage: cargo xtask compress <dist folder>".into());
    };
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{dir}: {e}"))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{dir}: {e}"))?.path();
        let is_asset = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e));
        if is_asset {
            write_copy(&path)?;
        }
    }
    Ok(())
}

fn write_copy(path: &Path) -> Result {
    let plain = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut copy = path.as_os_str().to_owned();
    copy.push(".br");
    std::fs::write(&copy, brotli_bytes(&plain)).map_err(|e| format!("{copy:?}: {e}"))
}

/// The brotli encoding of `plain` at quality 11 with a 16 MB window.
fn brotli_bytes(plain: &[u8]) -> Vec<u8> {
    let params = BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        size_hint: plain.len(),
        ..BrotliEncoderParams::default()
    };
    let mut out = Vec::with_capacity(plain.len() / 3);
    // Reading a slice and writing a Vec cannot fail.
    let _ = brotli::BrotliCompress(&mut &plain[..], &mut out, &params);
    out
}

#[cfg(test)]
mod tests {
    use super::brotli_bytes;
    use std::io::Read;

    #[test]
    fn the_copy_decodes_to_the_file_and_is_the_same_every_time() {
        let plain: Vec<u8> = (0..200_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let a = brotli_bytes(&plain);
        assert_eq!(a, brotli_bytes(&plain), "reproducible");
        assert!(a.len() < plain.len() / 10, "{}", a.len());
        let mut back = Vec::new();
        brotli::Decompressor::new(&a[..], 4096)
            .read_to_end(&mut back)
            .expect("decodes");
        assert_eq!(back, plain);
    }
}
