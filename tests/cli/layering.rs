//! The layering `src/lib.rs` documents is the one the code has: a module
//! names (`crate::…`) only modules of the layers listed after its own, so
//! no two modules import each other, however indirectly.
//!
//! The layers are read from lib.rs itself: each numbered item starts with
//! the modules of its layer, in backticks, before the first colon. Comments
//! are not read, so a doc link may point anywhere; a path that climbs out of
//! its module with `super::` is not followed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[test]
fn no_module_imports_one_of_its_own_or_a_higher_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let layer_of = layers(&lib);
    let modules = declared_modules(&lib);
    let unplaced: Vec<&String> = modules
        .iter()
        .filter(|m| !layer_of.contains_key(*m))
        .collect();
    assert!(
        unplaced.is_empty(),
        "lib.rs's layering does not place {unplaced:?}"
    );
    let unknown: Vec<&String> = layer_of.keys().filter(|m| !modules.contains(m)).collect();
    assert!(
        unknown.is_empty(),
        "lib.rs's layering names {unknown:?}, which are not modules"
    );

    let mut upward = Vec::new();
    for module in &modules {
        let own = layer_of[module];
        for file in sources_of(&src, module) {
            let text = std::fs::read_to_string(&file).unwrap();
            for target in imported(&text) {
                let Some(&layer) = layer_of.get(&target) else {
                    continue;
                };
                if target != *module && layer <= own {
                    let file = file.strip_prefix(&src).unwrap().display();
                    upward.push(format!(
                        "src/{file}: {module} (layer {own}) imports {target} (layer {layer})"
                    ));
                }
            }
        }
    }
    upward.sort();
    upward.dedup();
    assert!(
        upward.is_empty(),
        "imports against the layering in src/lib.rs:\n{}",
        upward.join("\n")
    );
}

#[test]
fn imports_are_found_in_paths_groups_and_attributes_but_not_comments() {
    let text = r#"
use crate::{clock::Zone, money, program::{Program, reward::Destination}};
use crate::{
    // Why this one is here.
    paths::Paths,
    store::Store,
};
// use crate::commented::Out;
/// See [`crate::linked::Doc`].
#[serde(with = "crate::clock::as_rfc3339")]
let month = crate::month::Month::new(2026, 3);
use super::super::climbing;
"#;
    assert_eq!(
        imported(text),
        [
            "clock", "money", "program", "paths", "store", "clock", "month"
        ]
    );
}

#[test]
fn layers_are_the_names_before_each_items_colon() {
    let lib = "//! Intro naming `store`:\n\
               //!\n\
               //! 1. `cli`: the command line, see [`app::Ctx`].\n\
               //! 2. `extract` and `privacy`: fields, read from\n\
               //!    `intake`'s documents: text or pictures.\n\
               //! 3. `money`, `month`,\n\
               //!    `paths`: leaves.\n\
               //!\n\
               //! Not a layer: `audit`.\n";
    let expected: BTreeMap<String, usize> = [
        ("cli", 1),
        ("extract", 2),
        ("privacy", 2),
        ("money", 3),
        ("month", 3),
        ("paths", 3),
    ]
    .into_iter()
    .map(|(name, layer)| (name.to_string(), layer))
    .collect();
    assert_eq!(layers(lib), expected);
}

/// Each module's layer, from the numbered list in lib.rs's module docs: an
/// item runs from its number to the next item or an empty doc line.
fn layers(lib: &str) -> BTreeMap<String, usize> {
    let mut items: Vec<(usize, String)> = Vec::new();
    let mut open = false;
    for line in lib.lines() {
        let Some(doc) = line.strip_prefix("//!") else {
            continue;
        };
        let doc = doc.trim();
        let number = doc
            .split_once(". ")
            .and_then(|(n, rest)| Some((n.parse::<usize>().ok()?, rest)));
        if let Some((number, rest)) = number {
            items.push((number, rest.to_string()));
            open = true;
        } else if doc.is_empty() {
            open = false;
        } else if open && let Some((_, text)) = items.last_mut() {
            text.push(' ');
            text.push_str(doc);
        }
    }
    let mut layer_of = BTreeMap::new();
    for (number, text) in items {
        for name in backticked(head(&text)) {
            layer_of.insert(name.to_string(), number);
        }
    }
    layer_of
}

/// An item's text before its first colon that is not part of a `::` path.
fn head(item: &str) -> &str {
    let bytes = item.as_bytes();
    let colon = (0..bytes.len()).find(|&i| {
        bytes[i] == b':' && bytes.get(i + 1) != Some(&b':') && (i == 0 || bytes[i - 1] != b':')
    });
    &item[..colon.unwrap_or(item.len())]
}

fn backticked(text: &str) -> impl Iterator<Item = &str> {
    text.split('`').skip(1).step_by(2)
}

/// The modules lib.rs declares with `pub mod` or `mod`.
fn declared_modules(lib: &str) -> Vec<String> {
    lib.lines()
        .filter_map(|line| {
            let line = line.trim();
            let line = line.strip_prefix("pub ").unwrap_or(line);
            line.strip_prefix("mod ")?
                .strip_suffix(';')
                .map(str::to_string)
        })
        .collect()
}

/// `src/<module>.rs` and every file under `src/<module>/`.
fn sources_of(src: &Path, module: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let file = src.join(format!("{module}.rs"));
    if file.is_file() {
        files.push(file);
    }
    let dir = src.join(module);
    if dir.is_dir() {
        rust_files(&dir, &mut files);
    }
    files
}

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// The top-level modules `text` names through `crate::`, outside comment
/// lines, in order of appearance.
fn imported(text: &str) -> Vec<String> {
    let code: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect();
    let code = code.join("\n");
    let mut names = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        match rest.strip_prefix('{') {
            Some(group) => names.extend(group_heads(group)),
            None => names.push(identifier(rest).to_string()),
        }
    }
    names.retain(|name| !name.is_empty());
    names
}

/// The first segment of each path in a `{a, b::c, d::{e, f}}` group, which
/// may span lines, `group` starting just after its `{`.
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut start_of_path = true;
    let mut in_comment = false;
    let mut chars = group.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if in_comment {
            in_comment = c != '\n';
            continue;
        }
        match c {
            '/' if chars.peek().is_some_and(|&(_, next)| next == '/') => in_comment = true,
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => start_of_path = true,
            c if start_of_path && !c.is_whitespace() => {
                heads.push(identifier(&group[i..]).to_string());
                start_of_path = false;
            }
            _ => {}
        }
    }
    heads
}

fn identifier(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}
