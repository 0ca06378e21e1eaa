//! One page per exercise, from the exercise file itself: its doc comment
//! (the task, the command that checks it, the hint command) as prose, and
//! the code a learner starts from. The reference answer
//! (`exercises/solutions/`) is never read here.

use crate::course::Exercise;

/// The page's Markdown. The code is included from the file at build time,
/// from the line after the doc comment, so the page cannot drift from it.
pub fn page(exercise: &Exercise, shown_file: &str) -> String {
    let doc = &exercise.doc;
    format!(
        "# {title}\n\n{body}\n## The file you edit\n\n\
         <!-- i18n:skip -->\n`{shown_file}`\n\n\
         ```rust\n{{{{#include {file}:{line}:}}}}\n```\n\n\
         How a check works, and what the hints are: [Exercises](../exercises.md).\n",
        title = doc.title,
        body = doc.body,
        file = exercise.file.display(),
        line = doc.code_line,
    )
}
