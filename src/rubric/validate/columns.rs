//! The CSV headers a rubric reads: the fields' (each given, none twice), each question's
//! `column` and `comment`, `fields.keep` and `fields.replaces`. Each header feeds one thing only, so every
//! check adds its header to one set, `columns`, and a header already there is an error.

use std::collections::HashSet;

use super::{Checker, Spot};
use crate::rubric::Fields;
use crate::rubric::raw::{Items, RawFields};

impl Checker<'_> {
    pub(super) fn fields(&mut self, raw: RawFields) -> Fields {
        let mut written = Vec::new();
        let mut pick = |key: &'static str, v: Option<String>| -> String {
            if v.is_some() {
                written.push(key);
            }
            let v = v.unwrap_or_else(|| key.to_string()).trim().to_string();
            if v.is_empty() {
                self.error(format!("fields.{key}"), "a field needs a CSV header")
                    .hint(format!("leave `{key}` out to use the header `{key}`"));
            }
            v
        };
        let fields = Fields {
            visit_id: pick("visit_id", raw.visit_id),
            location: pick("location", raw.location),
            date: pick("date", raw.date),
            region: pick("region", raw.region),
            shopper: pick("shopper", raw.shopper),
            channel: pick("channel", raw.channel),
            time: pick("time", raw.time),
            levels: Vec::new(),
            keep: Vec::new(),
            replaces: None,
            version_date: raw.version_date.map(|h| h.trim().to_string()),
            long: None,
            written,
        };
        let all = fields.all();
        for (i, a) in all.iter().enumerate() {
            if all[..i].contains(a) {
                self.error("fields", format!("two fields read the same header `{a}`"))
                    .hint("give each field its own CSV header");
            }
        }
        fields
    }

    /// `fields.keep`: each a header of its own, read by nothing else (`columns` holds the
    /// headers fields, questions and comments read).
    pub(super) fn keep(&mut self, raw: Items<String>, columns: &mut HashSet<String>) -> Vec<String> {
        let mut keep = Vec::new();
        for (i, h) in raw.iter().enumerate() {
            let Some(h) = h else { continue };
            let (path, h) = (format!("fields.keep[{i}]"), h.trim());
            if h.is_empty() {
                self.error(path, "an empty CSV header").hint("name the column to keep, or remove the item");
            } else if keep.iter().any(|k: &String| k == h) {
                self.error(path, format!("`{h}` is listed twice in `keep`")).hint("list each column once");
            } else if !columns.insert(h.to_string()) {
                self.error(path, format!("the CSV header `{h}` is already read by a field, question or comment")).hint(
                    "`keep` lists text no question scores: remove it from `keep` (each column feeds one thing only)",
                );
            }
            keep.push(h.to_string());
        }
        keep
    }

    /// `fields.replaces`: a header of its own, read by nothing else, as a `keep` item.
    pub(super) fn replaces(&mut self, raw: &str, columns: &mut HashSet<String>) -> String {
        let h = raw.trim();
        if h.is_empty() {
            self.error("fields.replaces", "a field needs a CSV header")
                .hint("name the column where a re-shop gives the id of the visit it replaces, or leave `replaces` out");
        } else if !columns.insert(h.to_string()) {
            self.error(
                "fields.replaces",
                format!("the CSV header `{h}` is already read by a field, question or comment"),
            )
            .hint("`replaces` names a column of its own (each column feeds one thing only)");
        }
        h.to_string()
    }

    /// A question's `column` or `comment` header, at `at`.
    pub(super) fn column(&mut self, at: Spot<'_>, header: &str, columns: &mut HashSet<String>) {
        // An unreadable `column:` (a list) falls back to the id: claiming that header
        // would make a false "already read" error of another question's column.
        if self.reported(&at.path) {
            return;
        }
        if header.is_empty() {
            self.error(at, "empty CSV header");
        } else if !columns.insert(header.to_string()) {
            self.error(at, format!("the CSV header `{header}` is already read by another field, question or comment"))
                .hint("each column may feed one thing only");
        }
    }
}
