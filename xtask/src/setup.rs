//! Installs the tools the tasks need: the wasm target, Trunk, the wasm-bindgen CLI matching
//! Cargo.lock, wasm-opt and, for the tests, axe-core, Chromium, ChromeDriver and nginx.

use std::path::Path;

use super::{cmd, output, root, run, Result};

const TRUNK_VERSION: &str = "0.21.14";
const BINARYEN_VERSION: &str = "132";
/// axe-core, injected by the accessibility scan in tests/e2e_ux.rs.
const AXE_VERSION: &str = "4.14.1";

/// The `wasm-bindgen` version in Cargo.lock: the CLI and Trunk.toml must match it exactly.
fn lock_version(krate: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| e.to_string())?;
    let needle = format!("name = \"{krate}\"\nversion = \"");
    let at = lock
        .find(&needle)
        .ok_or(format!("{krate} not in Cargo.lock"))?;
    let rest = &lock[at + needle.len()..];
    Ok(rest[..rest.find('"').unwrap_or(0)].to_string())
}

/// Installs what is missing; `browsers` adds Chromium, ChromeDriver and nginx with its Lua
/// module (tests only).
pub fn setup(browsers: bool) -> Result {
    let targets = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if !targets.contains("wasm32-unknown-unknown") {
        run(cmd("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    let trunk_ok = output("trunk", &["--version"]).is_some_and(|v| v.contains(TRUNK_VERSION));
    if !trunk_ok {
        eprintln!("xtask: installing trunk {TRUNK_VERSION} (15-25 minutes on 2 cores, once)");
        run(cmd("cargo").args(["install", "--locked", &format!("trunk@{TRUNK_VERSION}")]))?;
    }
    let wbg = lock_version("wasm-bindgen")?;
    let wbg_ok = output("wasm-bindgen", &["--version"]).is_some_and(|v| v.trim().ends_with(&wbg));
    if !wbg_ok {
        // Not --locked: a dependency pinned by its lock file is missing from the registry.
        run(cmd("cargo").args(["install", "--force", &format!("wasm-bindgen-cli@{wbg}")]))?;
    }
    let trunk_toml = std::fs::read_to_string(root().join("Trunk.toml")).unwrap_or_default();
    if !trunk_toml.contains(&format!("wasm_bindgen = \"{wbg}\"")) {
        return Err(format!(
            "Trunk.toml must pin wasm_bindgen = \"{wbg}\" (Cargo.lock)"
        ));
    }
    if !root().join(".tools/node_modules/.bin/wasm-opt").exists() {
        std::fs::create_dir_all(root().join(".tools")).map_err(|e| e.to_string())?;
        run(cmd("npm").current_dir(root().join(".tools")).args([
            "install",
            "--no-audit",
            "--no-fund",
            &format!("binaryen@{BINARYEN_VERSION}"),
        ]))?;
    }
    if browsers
        && !root()
            .join(".tools/node_modules/axe-core/axe.min.js")
            .exists()
    {
        run(cmd("npm").current_dir(root().join(".tools")).args([
            "install",
            "--no-audit",
            "--no-fund",
            &format!("axe-core@{AXE_VERSION}"),
        ]))?;
    }
    if browsers {
        let missing: Vec<&str> = [
            ("chromium", "/usr/bin/chromium"),
            ("chromium-driver", "/usr/bin/chromedriver"),
            ("nginx", "/usr/sbin/nginx"),
            // Lua (LuaJIT): the recipes' body filter that masks DSN passwords (deploy/nginx/)
            (
                "libnginx-mod-http-lua",
                "/usr/lib/nginx/modules/ngx_http_lua_module.so",
            ),
            // brotli_static: the recipes send the release build's .br copies (deploy/nginx/)
            (
                "libnginx-mod-http-brotli-static",
                "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so",
            ),
            ("brotli", "/usr/bin/brotli"),
            // a CJK font, so screenshots of the Chinese UI show text, not boxes
            (
                "fonts-wqy-microhei",
                "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
            ),
        ]
        .into_iter()
        .filter(|(_, bin)| !Path::new(bin).exists())
        .map(|(pkg, _)| pkg)
        .collect();
        if !missing.is_empty() {
            run(cmd("apt-get").arg("update"))?;
            run(cmd("apt-get")
                .args(["install", "-y", "--no-install-recommends"])
                .args(&missing)
                .env("DEBIAN_FRONTEND", "noninteractive"))?;
        }
    }
    Ok(())
}
