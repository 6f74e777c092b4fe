//! `fields.levels`: the org chart's levels above the location, top first. With
//! `fields.region` written the region is the top level and `levels` the ones below it;
//! without it the first level is the region. Each level header is read by nothing else.

use super::Checker;
use crate::rubric::Fields;
use crate::rubric::raw::Items;

impl Checker<'_> {
    /// Sets `fields.levels` (and `fields.region` to the top level when the rubric does not
    /// write `region`) from the written list.
    pub(super) fn levels(&mut self, raw: Items<String>, fields: &mut Fields) {
        let region_written = fields.written.contains(&"region");
        let mut levels: Vec<String> = Vec::new();
        if region_written {
            levels.push(fields.region.clone());
        }
        if raw.is_empty() {
            self.error("fields.levels", "an empty list of levels").hint(
                "name the column of each level above the location, top first (e.g. `levels: [Region, Area]`), or leave `levels` out",
            );
        }
        // The other fields' headers: without `region` written, the default `region` is
        // not read (the top level is the region).
        let f = &*fields;
        let others: Vec<String> = [&f.visit_id, &f.location, &f.date, &f.shopper, &f.channel, &f.time]
            .into_iter()
            .cloned()
            .chain(region_written.then(|| f.region.clone()))
            .collect();
        for (i, h) in raw.iter().enumerate() {
            let Some(h) = h else { continue };
            let (path, h) = (format!("fields.levels[{i}]"), h.trim());
            if h.is_empty() {
                self.error(path, "an empty CSV header").hint("name the level's column, or remove the item");
                continue;
            }
            if region_written && h == fields.region {
                self.error(path, format!("`{h}` is the region, already the top level"))
                    .hint("with `region` given, `levels` lists the levels below it: remove it from `levels`");
            } else if levels.iter().any(|l| l == h) {
                self.error(path, format!("`{h}` is listed twice in `levels`")).hint("list each level once");
            } else if let Some(l) = levels.iter().find(|l| l.to_lowercase() == h.to_lowercase()) {
                self.error(path, format!("`{h}` differs from the level `{l}` only in case"))
                    .hint("`--by` names a level in any case, so it could not tell them apart: rename one column");
            } else if others.iter().any(|o| o == h) {
                self.error(path, format!("the CSV header `{h}` is already read by another field"))
                    .hint("a level names a column of its own (each column feeds one thing only)");
            }
            levels.push(h.to_string());
        }
        if !region_written && let Some(top) = levels.first() {
            fields.region = top.clone();
        }
        fields.levels = levels;
    }
}
