//! Assembles the book's pages under `target/book-src/`, where mdBook reads
//! them: the pages written for the book (`book/src/`), the lesson READMEs,
//! the pages generated from exercise and architecture files, the tutorial,
//! and every repository file the pages link to. Nothing here is committed;
//! it is rebuilt from the sources on every build.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::course::Course;
use crate::links::SiteMap;
use crate::paths::Paths;
use crate::{arch_pages, code_blocks, exercise_pages, tutorial_page};

/// Repository documents that are pages of the book as they stand.
const DOCUMENTS: &[(&str, &str)] = &[("tests/ERRORS.md", "reference/man-page-errors.md")];

/// The tutorial's two files (`book/tutorial/`), the Korean and its English
/// reading, which make one page.
const TUTORIAL: [&str; 2] = ["mmap-munmap-msync.ko.md", "english-reading.md"];
const TUTORIAL_PAGE: &str = "tutorial.md";

/// Lines in `book/src/SUMMARY.md` that stand for generated entries.
const LESSONS_MARK: &str = "<!-- the lessons and their exercises -->";
const ARCHITECTURES_MARK: &str = "<!-- the architectures -->";

/// Returns what was found and where each page's text came from.
pub fn stage(paths: &Paths) -> Result<(Course, SiteMap)> {
    let course = Course::find(&paths.root)?;
    let staging = &paths.staging;
    if staging.exists() {
        std::fs::remove_dir_all(staging)?;
    }
    std::fs::create_dir_all(staging)?;

    // Every page's place first, so that links between pages resolve
    // whichever is written first.
    let mut map = SiteMap::default();
    map.pages.insert("README.md".into(), "index.md".into());
    for (document, page) in DOCUMENTS {
        map.pages.insert(document.into(), page.into());
    }
    for source in TUTORIAL {
        map.pages.insert(
            Path::new("book/tutorial").join(source),
            TUTORIAL_PAGE.into(),
        );
    }
    let hand_written = markdown_files(&paths.book.join("src"))?;
    for file in &hand_written {
        map.pages
            .insert(Path::new("book/src").join(file), file.clone());
    }
    for lesson in &course.lessons {
        let dir = Path::new("lessons").join(&lesson.dir_name);
        map.pages
            .insert(dir.join("README.md"), lesson_page(&lesson.dir_name));
        for exercise in &lesson.exercises {
            map.pages.insert(
                repo_path(paths, &exercise.file),
                exercise_page(&exercise.id),
            );
        }
        if let Some(first) = lesson.exercises.first() {
            map.dirs
                .insert(dir.join("exercises"), exercise_page(&first.id));
        }
    }
    for arch in &course.architectures {
        map.pages
            .insert(repo_path(paths, &arch.file), arch_page(&arch.name));
    }

    for file in &hand_written {
        let text = read(&paths.book.join("src").join(file))?;
        let text = if file == Path::new("SUMMARY.md") {
            summary(&text, &course)
        } else {
            text
        };
        let from = Path::new("book/src").join(file);
        write(staging, file, &map.rewrite(&paths.root, &text, &from, file))?;
    }
    for (document, page) in DOCUMENTS {
        let text = read(&paths.root.join(document))?;
        write(
            staging,
            Path::new(page),
            &map.rewrite(&paths.root, &text, Path::new(document), Path::new(page)),
        )?;
    }
    for lesson in &course.lessons {
        let readme = lesson.readme(&paths.root);
        let page = lesson_page(&lesson.dir_name);
        let dir = readme.parent().unwrap_or(&paths.root);
        let text = code_blocks::expand(&read(&readme)?, dir)
            .with_context(|| format!("{}", repo_path(paths, &readme).display()))?;
        let text = map.rewrite(&paths.root, &text, &repo_path(paths, &readme), &page);
        write(staging, &page, &text)?;
        for exercise in &lesson.exercises {
            let from = repo_path(paths, &exercise.file);
            let page = exercise_page(&exercise.id);
            let text = exercise_pages::page(exercise, &from.to_string_lossy());
            write(
                staging,
                &page,
                &map.rewrite(&paths.root, &text, &from, &page),
            )?;
        }
    }
    for arch in &course.architectures {
        let from = repo_path(paths, &arch.file);
        let page = arch_page(&arch.name);
        write(
            staging,
            &page,
            &map.rewrite(&paths.root, &arch_pages::page(arch), &from, &page),
        )?;
    }
    let [korean, english] = TUTORIAL.map(|file| read(&paths.book.join("tutorial").join(file)));
    let tutorial = tutorial_page::page(&korean?, &english?)?;
    let from = Path::new("book/tutorial").join(TUTORIAL[1]);
    let tutorial = map.rewrite(&paths.root, &tutorial, &from, Path::new(TUTORIAL_PAGE));
    write(staging, Path::new(TUTORIAL_PAGE), &tutorial)?;

    copy_linked_files(paths, &map)?;
    Ok((course, map))
}

fn lesson_page(dir_name: &str) -> PathBuf {
    Path::new("lessons").join(format!("{dir_name}.md"))
}

fn exercise_page(id: &str) -> PathBuf {
    Path::new("exercises").join(format!("{id}.md"))
}

fn arch_page(name: &str) -> PathBuf {
    Path::new("architectures").join(format!("{name}.md"))
}

/// SUMMARY.md with its marks replaced by the lessons (each with its
/// exercises beneath it) and the architectures.
fn summary(template: &str, course: &Course) -> String {
    let mut lessons = String::new();
    for lesson in &course.lessons {
        let _ = writeln!(
            lessons,
            "- [{}]({})",
            lesson.title,
            lesson_page(&lesson.dir_name).display()
        );
        for exercise in &lesson.exercises {
            let _ = writeln!(
                lessons,
                "  - [{}]({})",
                exercise.doc.title,
                exercise_page(&exercise.id).display()
            );
        }
    }
    let mut architectures = String::new();
    for arch in &course.architectures {
        let _ = writeln!(
            architectures,
            "- [{}]({})",
            arch.doc.title,
            arch_page(&arch.name).display()
        );
    }
    template
        .replace(&format!("{LESSONS_MARK}\n"), &lessons)
        .replace(&format!("{ARCHITECTURES_MARK}\n"), &architectures)
}

/// Copies the files the pages link to, at their repository paths, and
/// writes a listing for each linked directory.
fn copy_linked_files(paths: &Paths, map: &SiteMap) -> Result<()> {
    let mut files: Vec<PathBuf> = map.files.iter().cloned().collect();
    for dir in &map.listings {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(paths.root.join(dir))? {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                names.push(entry.file_name().to_string_lossy().into_owned());
            }
        }
        names.sort();
        let mut html = format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>{0}</title></head>\n\
             <body><h1><code>{0}/</code></h1><ul>\n",
            dir.display()
        );
        for name in &names {
            let _ = writeln!(html, "<li><a href=\"{name}\"><code>{name}</code></a></li>");
            files.push(dir.join(name));
        }
        html.push_str("</ul></body></html>\n");
        write(&paths.staging, &dir.join("index.html"), &html)?;
    }
    for file in files {
        let to = paths.staging.join(&file);
        std::fs::create_dir_all(to.parent().unwrap())?;
        std::fs::copy(paths.root.join(&file), &to)
            .with_context(|| format!("copying {}", file.display()))?;
    }
    Ok(())
}

/// The Markdown files under `dir`, relative to it.
fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in
            std::fs::read_dir(&next).with_context(|| format!("reading {}", next.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    found.sort();
    Ok(found)
}

fn repo_path(paths: &Paths, file: &Path) -> PathBuf {
    paths.shown(file).to_path_buf()
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn write(staging: &Path, page: &Path, text: &str) -> Result<()> {
    let path = staging.join(page);
    std::fs::create_dir_all(path.parent().unwrap())?;
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))
}
