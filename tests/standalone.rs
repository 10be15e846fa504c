//! The repository stands alone: a fresh clone has nothing beside it, so no source, test,
//! simulator, task, build or deploy file may name a path outside the checkout. A relative path
//! is resolved from the file's folder and from its crate's folder (where `env!
//! ("CARGO_MANIFEST_DIR")` and `include_str!` start); it fails only if both leave the root.

use std::path::{Component, Path, PathBuf};

/// Folders and files that make up the product (generated and installed ones are left out).
const SCANNED: [&str; 14] = [
    "src",
    "encoding",
    "sim",
    "tests",
    "xtask",
    "deploy",
    "style",
    ".ci",
    ".cargo",
    "Cargo.toml",
    "Trunk.toml",
    "index.html",
    "README.md",
    "ARCHITECTURE.md",
];

/// Texts that only make sense on the machine the project was written on. Built from parts so
/// this file does not name them itself.
fn machine_names() -> Vec<String> {
    vec![
        ["/wo", "rk/"].concat(),
        ["shared/", "bifrost-samples"].concat(),
        ["real-", "bifrost/"].concat(),
        ["shared/", "seed"].concat(),
    ]
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(under: &Path, out: &mut Vec<PathBuf>) {
    if under.is_file() {
        out.push(under.to_path_buf());
        return;
    }
    let Ok(entries) = std::fs::read_dir(under) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name();
        // captured answers are data, not paths; build output is not the product
        if name == "target" || name == "node_modules" || p.ends_with("tests/fixtures/bifrost") {
            continue;
        }
        files(&p, out);
    }
}

/// Lexically joins `rel` onto `base` and says whether the result stays inside `root`.
fn stays_inside(root: &Path, base: &Path, rel: &str) -> bool {
    let mut depth: Vec<Component> = base
        .strip_prefix(root)
        .map(|p| p.components().collect())
        .unwrap_or_default();
    for c in Path::new(rel).components() {
        match c {
            Component::ParentDir if depth.pop().is_none() => return false,
            Component::Normal(_) => depth.push(c),
            _ => {}
        }
    }
    true
}

/// The crate folder a file belongs to: the nearest parent with a Cargo.toml.
fn crate_dir(root: &Path, file: &Path) -> PathBuf {
    let mut d = file.parent().unwrap_or(root).to_path_buf();
    while d.starts_with(root) && d != root {
        if d.join("Cargo.toml").is_file() {
            return d;
        }
        d.pop();
    }
    root.to_path_buf()
}

/// Each run of `../` segments in `text` with what follows it, up to a quote or space.
fn relative_paths(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("../") {
        let start = from + at;
        // the whole run: back up over a leading "./" or other "../"
        let begin = text[..start]
            .rfind(|c: char| c == '"' || c == '\'' || c == '`' || c.is_whitespace() || c == '(')
            .map_or(0, |i| i + 1);
        let end = text[start..]
            .find(|c: char| c == '"' || c == '\'' || c == '`' || c.is_whitespace() || c == ')')
            .map_or(text.len(), |i| start + i);
        out.push(&text[begin..end]);
        from = end.max(start + 3);
    }
    out
}

/// What is wrong with one file's text: machine-specific names and escaping relative paths.
fn check(root: &Path, file: &Path, text: &str) -> Vec<String> {
    let shown = file
        .strip_prefix(root)
        .unwrap_or(file)
        .display()
        .to_string();
    let mut bad: Vec<String> = machine_names()
        .into_iter()
        .filter(|n| text.contains(n.as_str()))
        .map(|n| format!("{shown}: names {n}"))
        .collect();
    let here = file.parent().unwrap_or(root);
    let krate = crate_dir(root, file);
    for rel in relative_paths(text) {
        if !stays_inside(root, here, rel) && !stays_inside(root, &krate, rel) {
            bad.push(format!("{shown}: {rel} leaves the repository"));
        }
    }
    bad
}

fn violations(root: &Path) -> Vec<String> {
    let mut all = Vec::new();
    for s in SCANNED {
        files(&root.join(s), &mut all);
    }
    assert!(
        all.len() > 50,
        "found only {} files under {}",
        all.len(),
        root.display()
    );
    all.iter()
        .filter_map(|f| Some((f, std::fs::read_to_string(f).ok()?)))
        .flat_map(|(f, text)| check(root, f, &text))
        .collect()
}

#[test]
fn no_file_names_a_path_outside_the_repository() {
    let bad = violations(&root());
    assert!(
        bad.is_empty(),
        "paths outside the checkout:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_check_catches_an_escaping_path() {
    let root = root();
    let tests = root.join("tests");
    // the examples are built from parts, or the scan would find them in this very file
    let up2 = ["..", "/../x"].concat();
    assert!(!stays_inside(&root, &tests, &up2));
    assert!(!stays_inside(&root, &root, &up2[3..]));
    assert!(stays_inside(&root, &root.join("sim"), "../tests/fixtures"));
    assert!(stays_inside(&root, &tests, "fixtures/bifrost"));
    let text = format!("include_str!(\"{up2}.json\") and \"./{}\" x", &up2[3..]);
    assert_eq!(
        relative_paths(&text),
        [format!("{up2}.json"), format!("./{}", &up2[3..])]
    );
    // a test file and a simulator test that each read outside the checkout
    let escaping = format!("{up2}/thing");
    let test_file = tests.join("x.rs");
    assert_eq!(check(&root, &test_file, "\"fixtures/a\"").len(), 0);
    assert_eq!(
        check(&root, &test_file, &format!("\"{escaping}\"")).len(),
        1
    );
    let sim_test = root.join("sim/tests/common/x.rs");
    let inside = "\"../tests/fixtures/bifrost\"";
    assert_eq!(
        check(&root, &sim_test, inside).len(),
        0,
        "sim's crate folder is sim/"
    );
    let machine = ["/wo", "rk/main/tests"].concat();
    assert_eq!(check(&root, &test_file, &machine).len(), 1);
}
