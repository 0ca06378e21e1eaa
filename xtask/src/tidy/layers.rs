//! xtask's floors (the book's Layout chapter, book/src/reference/layout.md):
//! a file imports only from a floor below its own, or from its own folder,
//! and no files import each other in a loop. The floors are read from that
//! chapter's picture, so the picture and the sources cannot drift apart.
//!
//! An import is a path `crate::a::b::...` in a file (in a `use` or in
//! code), resolved to the longest prefix that is a file: `crate::run::vm::
//! run` is `run/vm/mod.rs`. `use crate::a::{b, c}` names `a/b.rs` and
//! `a/c.rs`. Paths in comments do not count, and neither do `super::`
//! paths nor a `mod.rs` naming its own children: both stay inside one
//! folder, which the floors allow, and the loop check then misses a loop
//! made only of them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::workspace;

/// The chapter that pictures the floors.
const LAYOUT: &str = "book/src/reference/layout.md";

/// The Layout chapter's picture: for each file or folder it names (`main.rs`,
/// `commands/`), its floor and its row (the files of one row, `main.rs,
/// flags.rs`, import each other as a folder's files do). A `-` floor (the
/// tidy checks) stands above every other.
fn floors_from_readme() -> Vec<(u32, usize, String)> {
    let readme = std::fs::read_to_string(workspace::root().join(LAYOUT)).unwrap();
    let start = readme
        .find("xtask's own sources (`xtask/src`) stand on floors")
        .expect("the Layout chapter shows xtask's floors");
    let block = &readme[start..];
    let block = &block[block.find("```\n").unwrap() + 4..];
    let block = &block[..block.find("```").unwrap()];
    let mut floors = Vec::new();
    for (row, line) in block
        .lines()
        .filter(|line| !line.starts_with(' '))
        .enumerate()
    {
        let (floor, rest) = line.split_once("  ").unwrap();
        let floor = if floor == "-" {
            u32::MAX
        } else {
            floor.parse().unwrap()
        };
        let names = rest.trim_start().split("  ").next().unwrap();
        for name in names.split(", ") {
            floors.push((floor, row, name.to_string()));
        }
    }
    floors
}

/// Every `.rs` file under `dir`, as a path relative to `base`, with its text.
fn sources(base: &Path, dir: &Path, into: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(base, &path, into);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let relative = path
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            into.insert(relative, std::fs::read_to_string(&path).unwrap());
        }
    }
}

/// The file a module path (`["run", "vm"]`) lives in, if there is one.
fn file_of(modules: &[&str], files: &BTreeMap<String, String>) -> Option<String> {
    (1..=modules.len()).rev().find_map(|n| {
        let stem = modules[..n].join("/");
        [format!("{stem}.rs"), format!("{stem}/mod.rs")]
            .into_iter()
            .find(|file| files.contains_key(file))
    })
}

/// The files `text` imports through `crate::` paths.
fn imports(text: &str, files: &BTreeMap<String, String>) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|line| line.split("//").next().unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let mut modules: Vec<&str> = path.split("::").filter(|m| !m.is_empty()).collect();
        // `crate::a::{b, c}`: each of b and c, after the prefix.
        let after = &rest[path.len()..];
        if path.ends_with("::") && after.starts_with('{') {
            let group = &after[1..after.find('}').unwrap_or(after.len())];
            for item in group.split(',') {
                let first = item.trim().split("::").next().unwrap_or("");
                let mut one = modules.clone();
                one.push(first);
                found.extend(file_of(&one, files));
            }
        }
        modules.retain(|m| !m.is_empty());
        found.extend(file_of(&modules, files));
    }
    found
}

/// The floor and row of the picture that `file` belongs to: its folder's,
/// or its own.
fn row(file: &str, floors: &[(u32, usize, String)]) -> (u32, usize) {
    let top = match file.split_once('/') {
        Some((folder, _)) => format!("{folder}/"),
        None => file.to_string(),
    };
    floors
        .iter()
        .find(|(_, _, name)| *name == top)
        .map(|(floor, row, _)| (*floor, *row))
        .unwrap_or_else(|| {
            panic!("{file}: not on any floor of the Layout chapter's picture ({top})")
        })
}

#[test]
fn every_import_goes_down_a_floor_or_stays_in_its_folder() {
    let floors = floors_from_readme();
    let src = workspace::root().join("xtask").join("src");
    let mut files = BTreeMap::new();
    sources(&src, &src, &mut files);
    let mut wrong = Vec::new();
    for (file, text) in &files {
        let (floor, place) = row(file, &floors);
        for imported in imports(text, &files) {
            let (its_floor, its_place) = row(&imported, &floors);
            if its_place != place && its_floor >= floor {
                wrong.push(format!(
                    "{file} (floor {floor}) imports {imported} (floor {its_floor})"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that do not go down:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_files_import_each_other_in_a_loop() {
    let src = workspace::root().join("xtask").join("src");
    let mut files = BTreeMap::new();
    sources(&src, &src, &mut files);
    let edges: BTreeMap<&String, BTreeSet<String>> = files
        .iter()
        .map(|(file, text)| {
            let mut targets = imports(text, &files);
            targets.remove(file);
            (file, targets)
        })
        .collect();
    // Depth-first, keeping the path: a file met again on its own path
    // closes a loop.
    fn visit<'a>(
        file: &'a String,
        edges: &'a BTreeMap<&'a String, BTreeSet<String>>,
        path: &mut Vec<&'a String>,
        done: &mut BTreeSet<&'a String>,
    ) {
        if let Some(at) = path.iter().position(|f| *f == file) {
            let names: Vec<&str> = path[at..].iter().map(|f| f.as_str()).collect();
            panic!("import loop: {} -> {file}", names.join(" -> "));
        }
        if !done.insert(file) {
            return;
        }
        path.push(file);
        for target in &edges[file] {
            let (key, _) = edges.get_key_value(target).unwrap();
            visit(key, edges, path, done);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for file in edges.keys() {
        visit(file, &edges, &mut Vec::new(), &mut done);
    }
}

#[test]
fn the_import_reader_resolves_groups_and_skips_comments() {
    let files: BTreeMap<String, String> = ["run/mod.rs", "run/vm/mod.rs", "judge/summary.rs"]
        .into_iter()
        .map(|name| (name.to_string(), String::new()))
        .collect();
    let text = "use crate::run::{vm, how};\n// crate::judge::summary\nlet x = crate::judge::summary::Total;";
    let found: Vec<String> = imports(text, &files).into_iter().collect();
    assert_eq!(found, ["judge/summary.rs", "run/mod.rs", "run/vm/mod.rs"]);
}
