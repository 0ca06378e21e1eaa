//! `check-po`: is the Korean book complete and current?
//!
//! It fails when the messages extracted from today's pages differ from the
//! committed `po/messages.pot` (an English page changed and the template
//! was not regenerated with `cargo xtask book --pot`), or when `po/ko.po`
//! lacks a message of the template, has one untranslated, or has one
//! marked fuzzy (which `msgmerge` does to a translation whose English
//! changed). Each failure names the messages, a few at a time.

use std::collections::BTreeSet;
use std::process::ExitCode;

use anyhow::Result;
use polib::catalog::Catalog;

use crate::paths::Paths;
use crate::{catalogue, pot};

/// How many messages a failure lists.
const SHOWN: usize = 5;

pub fn run(paths: &Paths) -> Result<ExitCode> {
    let today = pot::extract(paths)?;
    let template = parse(&paths.po_dir().join("messages.pot"))?;
    let mut failed = false;

    let extracted = msgids(&today);
    let committed = msgids(&template);
    let added: Vec<&str> = extracted.difference(&committed).copied().collect();
    let removed: Vec<&str> = committed.difference(&extracted).copied().collect();
    if !added.is_empty() || !removed.is_empty() {
        failed = true;
        println!(
            "book/po/messages.pot is out of date: {} message(s) in the pages are not in it, {} in it \
             are no longer in the pages; `cargo xtask book --pot` writes it, then `msgmerge -U \
             book/po/ko.po book/po/messages.pot` brings ko.po up to date",
            added.len(),
            removed.len()
        );
        list("new", &added);
        list("gone", &removed);
    }

    let korean = parse(&paths.po_dir().join("ko.po"))?;
    let mut missing = Vec::new();
    let mut untranslated = Vec::new();
    let mut fuzzy = Vec::new();
    for msgid in &extracted {
        match korean.find_message(None, msgid, None) {
            None => missing.push(*msgid),
            Some(message) if message.is_fuzzy() => fuzzy.push(*msgid),
            Some(message) if !message.is_translated() => untranslated.push(*msgid),
            Some(_) => {}
        }
    }
    for (what, messages) in [
        ("not in", &missing),
        ("untranslated in", &untranslated),
        ("fuzzy in", &fuzzy),
    ] {
        if !messages.is_empty() {
            failed = true;
            println!(
                "{} of {} message(s) {what} book/po/ko.po",
                messages.len(),
                extracted.len()
            );
            list("", messages);
        }
    }
    if failed {
        Ok(ExitCode::FAILURE)
    } else {
        println!(
            "book/po: the template is current and ko.po translates all {} messages",
            extracted.len()
        );
        Ok(ExitCode::SUCCESS)
    }
}

fn parse(file: &std::path::Path) -> Result<Catalog> {
    catalogue::parse(file)
}

fn msgids(catalog: &Catalog) -> BTreeSet<&str> {
    catalog.messages().map(|message| message.msgid()).collect()
}

fn list(label: &str, messages: &[&str]) {
    for message in messages.iter().take(SHOWN) {
        let first_line = message.lines().next().unwrap_or("");
        let short: String = first_line.chars().take(100).collect();
        println!("  {label:>4} {short:?}");
    }
    if messages.len() > SHOWN {
        println!("  ... and {} more", messages.len() - SHOWN);
    }
}
