//! Imports run one way: wire -> model -> ui -> client -> runtime -> views. A file may name
//! `crate::<layer>` only for its own layer or one before it; `browser` (the browser's
//! primitives) imports nothing of the crate and may be used from the client on.

use std::path::{Path, PathBuf};

/// The layers in order, each a folder under `src/`.
const LAYERS: [&str; 6] = ["wire", "model", "ui", "client", "runtime", "views"];
/// The first layer that may use `crate::browser`.
const BROWSER_FROM: &str = "client";

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every `crate::<name>` a text names.
fn crate_refs(text: &str) -> Vec<&str> {
    text.match_indices("crate::")
        .filter(|(i, _)| {
            // not `bifrost_dashboard::crate::` or an identifier ending in "crate"
            !text[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '_')
        })
        .map(|(i, m)| {
            let rest = &text[i + m.len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

fn rank(layer: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == layer)
}

/// What a file of `layer` names that it must not.
fn violations(layer: &str, text: &str) -> Vec<String> {
    let Some(own) = rank(layer) else {
        return vec![];
    };
    crate_refs(text)
        .into_iter()
        .filter(|r| match (*r, rank(r)) {
            ("browser", _) => rank(BROWSER_FROM).is_some_and(|b| own < b),
            (_, Some(other)) => other > own,
            _ => false,
        })
        .map(|r| format!("crate::{r}"))
        .collect()
}

#[test]
fn every_layer_imports_only_from_itself_and_the_layers_before_it() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut bad = Vec::new();
    let mut checked = 0;
    for f in &files {
        let rel = f.strip_prefix(src()).unwrap();
        let text = std::fs::read_to_string(f).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        if rel == Path::new("browser.rs") {
            let refs = crate_refs(&text);
            if !refs.is_empty() {
                bad.push(format!("browser.rs names {refs:?}"));
            }
            continue;
        }
        if rank(&first).is_some() {
            checked += 1;
            for v in violations(&first, &text) {
                bad.push(format!("src/{}: {v}", rel.display()));
            }
        }
    }
    assert!(checked > 40, "only {checked} files checked");
    assert!(
        bad.is_empty(),
        "imports against the layer order:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_check_sees_an_upward_import() {
    assert_eq!(
        violations("client", "use crate::runtime::store::ctx;"),
        ["crate::runtime"]
    );
    assert_eq!(
        violations(
            "model",
            "x(crate::ui::i18n::t(k)); crate::browser::now_ms()"
        ),
        ["crate::ui", "crate::browser"]
    );
    assert!(violations("views", "use crate::runtime::x; use crate::wire::y;").is_empty());
    assert!(violations("client", "use crate::browser::Timer;").is_empty());
    assert!(crate_refs("bifrost_dashboard::x; mycrate::y").is_empty());
}
