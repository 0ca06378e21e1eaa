//! What the course has, found in the repository: the lessons, their
//! exercises and the architectures. Nothing here is listed by hand, so a
//! new lesson, exercise or architecture is a new page without a change to
//! the book.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::source_doc::SourceDoc;

/// One lesson: `lessons/NN-<slug>/`.
pub struct Lesson {
    /// Its directory's name, `NN-<slug>`.
    pub dir_name: String,
    /// The README's first heading.
    pub title: String,
    pub exercises: Vec<Exercise>,
}

/// One exercise: `lessons/NN-<slug>/exercises/<M>-<words>.rs`.
pub struct Exercise {
    /// `N.M`, as `cargo xtask exercise` names it.
    pub id: String,
    /// The file a learner edits.
    pub file: PathBuf,
    /// Its leading doc comment and where the code after it starts.
    pub doc: SourceDoc,
}

/// One architecture: `crates/syscall/src/arch/<name>.rs`.
pub struct Architecture {
    /// The file's stem (`x86_64`, `arm`, ...).
    pub name: String,
    pub file: PathBuf,
    pub doc: SourceDoc,
}

pub struct Course {
    pub lessons: Vec<Lesson>,
    pub architectures: Vec<Architecture>,
}

impl Lesson {
    /// The lesson's README, the page's text.
    pub fn readme(&self, root: &Path) -> PathBuf {
        root.join("lessons").join(&self.dir_name).join("README.md")
    }
}

impl Course {
    pub fn find(root: &Path) -> Result<Course> {
        let mut lessons = Vec::new();
        for dir in sorted_entries(&root.join("lessons"))? {
            let dir_name = file_name(&dir);
            let Some(number) = dir_name.split('-').next().and_then(|n| n.parse().ok()) else {
                continue;
            };
            let readme = std::fs::read_to_string(dir.join("README.md"))
                .with_context(|| format!("lesson {dir_name} has no README.md"))?;
            let title = readme
                .lines()
                .find_map(|line| line.strip_prefix("# "))
                .with_context(|| format!("lessons/{dir_name}/README.md has no `# ` heading"))?
                .to_string();
            let exercises = find_exercises(&dir.join("exercises"), number)?;
            lessons.push(Lesson {
                dir_name,
                title,
                exercises,
            });
        }
        let mut architectures = Vec::new();
        for file in sorted_entries(&root.join("crates/syscall/src/arch"))? {
            if file.extension().is_some_and(|e| e == "rs") {
                let doc = SourceDoc::read(&file)?;
                let name = file.file_stem().unwrap().to_string_lossy().into_owned();
                architectures.push(Architecture { name, file, doc });
            }
        }
        if lessons.is_empty() || architectures.is_empty() {
            bail!(
                "found no lessons or no architectures under {}",
                root.display()
            );
        }
        Ok(Course {
            lessons,
            architectures,
        })
    }
}

fn find_exercises(dir: &Path, lesson: u32) -> Result<Vec<Exercise>> {
    let mut exercises = Vec::new();
    if !dir.is_dir() {
        return Ok(exercises);
    }
    for file in sorted_entries(dir)? {
        if file.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
        let Some(number) = stem.split('-').next().and_then(|n| n.parse::<u32>().ok()) else {
            continue;
        };
        let doc = SourceDoc::read(&file)?;
        exercises.push(Exercise {
            id: format!("{lesson}.{number}"),
            file,
            doc,
        });
    }
    Ok(exercises)
}

/// A directory's entries, in name order (lesson and exercise numbers are
/// zero-padded or single digits, so name order is their order).
fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()?;
    entries.sort();
    Ok(entries)
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}
