//! The tidy check of the exercises' hints: every exercise has two levels
//! or more, each different, and its first level names none of the
//! identifiers its reference answer uses that the untouched exercise file
//! does not (a first hint says where to look, not what to write).

use std::collections::BTreeSet;

/// Rust's keywords: they are in every answer and in plain English
/// (`if`, `for`, `in`), so they say nothing about an answer. (`loop` is
/// left in: a loop can be what an answer consists of.)
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "match", "mod", "move", "mut", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while",
];

/// The identifiers in `text`: runs of letters, digits and `_` that start
/// with a letter or `_` and hold a letter (so `0o600` and `_` are none).
fn identifiers(text: &str) -> BTreeSet<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|word| {
            word.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                && word.contains(|c: char| c.is_ascii_alphabetic())
        })
        .collect()
}

/// `text` without its `//` comments (the reference answers explain
/// themselves in prose; only their code says what the answer is).
fn code_only(text: &str) -> String {
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The identifiers the reference answer's code uses that the untouched
/// exercise file (code and prose) never mentions: what the answer adds.
fn answer_identifiers(exercise_file: &str, solution: &str) -> BTreeSet<String> {
    let given = identifiers(exercise_file);
    identifiers(&code_only(solution))
        .into_iter()
        .filter(|word| !given.contains(word) && !KEYWORDS.contains(word))
        .map(str::to_string)
        .collect()
}

/// The words of `hint` that name one of `answer`: the identifier itself, or
/// one that ends with it where it is four letters or more (`MAP_SHARED`
/// names `SHARED`, `mprotect` names `protect`). Such a word counts even
/// where the exercise file uses it too: its prose may say MAP_SHARED while
/// its code maps MAP_PRIVATE, and the hint still must not.
fn words_naming_the_answer(hint: &str, answer: &BTreeSet<String>) -> Vec<String> {
    identifiers(hint)
        .into_iter()
        .filter(|word| {
            answer
                .iter()
                .any(|id| *word == id || (id.len() >= 4 && word.ends_with(id.as_str())))
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn every_exercise_has_two_hint_levels_or_more_and_the_first_gives_no_answer_away() {
    use crate::tables::exercises::EXERCISES;
    let mut problems = Vec::new();
    for exercise in EXERCISES {
        let id = exercise.id();
        let levels = match crate::tables::hints::levels(exercise) {
            Ok(levels) => levels,
            Err(fail) => {
                problems.push(format!("exercise {id}: {}", fail.message()));
                continue;
            }
        };
        if levels.len() < 2 {
            problems.push(format!(
                "exercise {id}: {} hint level(s); every exercise needs two or more (where to \
                 look, then the idea)",
                levels.len()
            ));
        }
        let distinct: BTreeSet<&String> = levels.iter().collect();
        if distinct.len() != levels.len() {
            problems.push(format!("exercise {id}: two hint levels say the same"));
        }
        let exercise_file = std::fs::read_to_string(exercise.file()).unwrap();
        let solution = std::fs::read_to_string(exercise.solution_file()).unwrap();
        let answer = answer_identifiers(&exercise_file, &solution);
        let named = words_naming_the_answer(&levels[0], &answer);
        if !named.is_empty() {
            problems.push(format!(
                "exercise {id}: hint level 1 names what the reference answer writes: {} \
                 (say where to look and what to ask there; leave the names to level 2)",
                named.join(", ")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_first_hint_naming_the_answers_flag_or_call_is_caught() {
    // Exercise 1.1 in small: the file maps MAP_PRIVATE (and its prose
    // names MAP_SHARED), the answer writes `MapFlags::SHARED`.
    let exercise_file = "//! only a MAP_SHARED page is shared with the child\n\
                         MapFlags::PRIVATE | MapFlags::ANONYMOUS\n";
    let solution = "// MAP_SHARED is the answer\nMapFlags::SHARED | MapFlags::ANONYMOUS\n";
    let answer = answer_identifiers(exercise_file, solution);
    assert_eq!(answer, BTreeSet::from(["SHARED".to_string()]));
    assert_eq!(
        words_naming_the_answer("Pass MAP_SHARED instead.", &answer),
        ["MAP_SHARED"]
    );
    assert!(words_naming_the_answer("Read part 3: which type is shared?", &answer).is_empty());
    // A call the answer makes through a method is named by its man page.
    let answer = answer_identifiers("let _ = map;", "map.protect(Prot::READ)");
    assert_eq!(
        words_naming_the_answer("Call mprotect with PROT_READ.", &answer),
        ["PROT_READ", "mprotect"]
    );
    // Numbers and keywords are not identifiers of an answer.
    assert!(answer_identifiers("", "if x { return 0o600; }").contains("x"));
    assert_eq!(answer_identifiers("x", "if x { return 0o600; }").len(), 0);
}
