//! An exercise's hints, in levels: `--hint` (level 1) says where to look
//! and what to ask there, `--hint 2` gives the idea, a third level (where
//! there is one) the detail that trips people up; only `--solution` shows
//! code.
//!
//! The text lives beside the exercise, in
//! `lessons/NN-<slug>/exercises/hints/<stem>.md`: anything before the first
//! level (a title, a note), then one `## Level N` section per level,
//! numbered from 1 in order.

use crate::fail::Fail;
use crate::tables::exercises::Exercise;
use crate::workspace;

/// The heading that opens each level, followed by its number.
const LEVEL_HEADING: &str = "## Level ";

/// The levels of `exercise`'s hints, level 1 first.
pub fn levels(exercise: &Exercise) -> Result<Vec<String>, Fail> {
    let path = exercise.hints_file();
    let shown = workspace::shown(&path);
    let text = std::fs::read_to_string(&path)
        .map_err(|error| Fail::setup(format!("could not read {shown}: {error}")))?;
    parse(&text).map_err(|reason| Fail::setup(format!("{shown}: {reason}")))
}

/// The levels written in `text`, or what is wrong with it.
pub fn parse(text: &str) -> Result<Vec<String>, String> {
    let mut levels: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if let Some(number) = line.strip_prefix(LEVEL_HEADING) {
            let expected = levels.len() + usize::from(current.is_some()) + 1;
            if number.trim() != expected.to_string() {
                return Err(format!(
                    "`{line}` where `{LEVEL_HEADING}{expected}` was expected (levels are \
                     numbered from 1, in order)"
                ));
            }
            levels.extend(current.take());
            current = Some(String::new());
        } else if let Some(body) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    levels.extend(current);
    for (at, level) in levels.iter_mut().enumerate() {
        *level = level.trim().to_string();
        if level.is_empty() {
            return Err(format!("level {} is empty", at + 1));
        }
    }
    if levels.is_empty() {
        return Err(format!("no `{LEVEL_HEADING}1` section"));
    }
    Ok(levels)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn levels_are_the_sections_in_order_and_the_preamble_is_left_out() {
        let text = "# Hints\n\nA note.\n\n## Level 1\n\nLook here.\nAsk this.\n\n## Level 2\n\n\
                    The idea.\n";
        assert_eq!(parse(text).unwrap(), ["Look here.\nAsk this.", "The idea."]);
    }

    #[test]
    fn a_skipped_or_empty_level_or_none_at_all_is_refused() {
        assert!(
            parse("## Level 1\na\n## Level 3\nb\n")
                .unwrap_err()
                .contains("Level 2")
        );
        assert!(parse("## Level 2\na\n").unwrap_err().contains("Level 1"));
        assert!(
            parse("## Level 1\n\n## Level 2\nb\n")
                .unwrap_err()
                .contains("level 1 is empty")
        );
        assert!(
            parse("# Hints\nno levels\n")
                .unwrap_err()
                .contains("no `## Level 1`")
        );
    }
}
