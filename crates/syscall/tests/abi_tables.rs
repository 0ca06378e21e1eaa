//! Each architecture file opens with a Markdown table of its ABI, and
//! `cargo doc` renders it (the `architectures` pages). Markdown has no
//! continuation lines in a table: a cell carried over to the next source
//! line becomes a row of its own, with an empty first cell, and the fact
//! it finished is torn in two. This test renders every file's opening
//! `//!` comment with pulldown-cmark, the parser rustdoc uses, and holds
//! each table to one whole fact per row.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The nine files, as `build.rs` lists them for the documentation.
const FILES: [&str; 9] = [
    "x86_64.rs",
    "aarch64.rs",
    "riscv64.rs",
    "arm.rs",
    "x86.rs",
    "powerpc64.rs",
    "s390x.rs",
    "loongarch64.rs",
    "mips64.rs",
];

/// The file's opening `//!` lines, as rustdoc reads them: the marker and
/// one space after it removed.
fn module_doc(file: &str) -> String {
    let path = format!("{}/src/arch/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .map_while(|line| line.strip_prefix("//!"))
        .map(|rest| rest.strip_prefix(' ').unwrap_or(rest))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every table in `markdown`, as rows of cells of plain text (the header
/// row first).
fn tables(markdown: &str) -> Vec<Vec<Vec<String>>> {
    let mut tables = Vec::new();
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                tables
                    .last_mut()
                    .expect("a row is inside a table")
                    .push(Vec::new());
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let text = cell.take().expect("a cell ends after it starts");
                let table = tables.last_mut().expect("a cell is inside a table");
                table.last_mut().expect("a cell is inside a row").push(text);
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(cell) = cell.as_mut() {
                    cell.push_str(&text);
                }
            }
            _ => {}
        }
    }
    tables
}

/// The rows of `table` whose first cell is empty, as the line a reader
/// sees: `| a | b |`.
fn continuation_rows(table: &[Vec<String>]) -> Vec<String> {
    table
        .iter()
        .filter(|row| row.first().is_none_or(|first| first.trim().is_empty()))
        .map(|row| format!("| {} |", row.join(" | ")))
        .collect()
}

#[test]
fn every_abi_table_renders_one_fact_per_row() {
    let mut torn = Vec::new();
    for file in FILES {
        let doc = module_doc(file);
        let tables = tables(&doc);
        assert_eq!(
            tables.len(),
            1,
            "src/arch/{file}: its opening comment should render exactly one table, the ABI's; \
             found {}",
            tables.len()
        );
        for row in continuation_rows(&tables[0]) {
            torn.push(format!("src/arch/{file}: {row}"));
        }
    }
    assert!(
        torn.is_empty(),
        "rows with an empty first cell (a cell continued on the next source line, which \
         Markdown renders as a row of its own):\n{}",
        torn.join("\n")
    );
}

#[test]
fn a_cell_continued_on_the_next_line_is_found() {
    let doc = "| what | where |\n|---|---|\n| overwritten | only `x0`; the kernel restores every |\n\
               |             | other register |\n| result | `x0` |\n";
    let tables = tables(doc);
    assert_eq!(tables.len(), 1);
    assert_eq!(tables[0].len(), 4, "header and three rows: {:?}", tables[0]);
    assert_eq!(continuation_rows(&tables[0]), ["|  | other register |"]);
}

#[test]
fn a_table_with_whole_rows_passes() {
    let doc = "| what | where |\n|---|---|\n| result | `x0` |\n| error | `x0` in `-4095..=-1` |\n";
    let tables = tables(doc);
    assert_eq!(tables[0][2], ["error", "x0 in -4095..=-1"]);
    assert!(continuation_rows(&tables[0]).is_empty());
}
