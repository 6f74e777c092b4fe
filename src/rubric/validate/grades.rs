//! The grade bands: each named, its `min` a percentage, no two starting at the same
//! score; returned highest `min` first.

use super::Checker;
use crate::rubric::Grade;
use crate::rubric::raw::{Items, RawGrade};

impl Checker<'_> {
    pub(super) fn grades(&mut self, raw: Items<RawGrade>) -> Vec<Grade> {
        let mut seen = Vec::new();
        let mut grades = Vec::new();
        for (i, g) in raw.into_iter().enumerate() {
            let Some(g) = g else { continue };
            let path = format!("grades[{i}]");
            if g.name.trim().is_empty() {
                self.error(path.clone(), "a grade needs a name");
            }
            self.percent(format!("{path}.min"), g.min);
            if seen.contains(&g.min) {
                self.error(path, format!("two grades start at {}", g.min)).hint("give each grade its own `min`");
            }
            seen.push(g.min);
            grades.push(Grade { name: g.name.trim().to_string(), min: g.min });
        }
        grades.sort_by(|a, b| b.min.total_cmp(&a.min));
        grades
    }
}
