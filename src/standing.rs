//! A visit's standing in the run: counted, or listed but left out of every figure.
//!
//! Every visit of the period is a row of visits.csv and of the Visits sheet. Only a
//! counted one goes into an aggregate, a count of visits, a gate, a chart, a card figure
//! or an integrity check; one that is not is listed with its `status` saying why
//! (SCORING.md §7): a corrections file's `void`, or a re-shop that replaces it. This is
//! the one place that says which visits count.

/// Whether a visit counts, and if not why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Standing<'a> {
    /// An ordinary visit: counted in every figure.
    #[default]
    Counted,
    /// Voided by an accepted correction (`--corrections`); wins over a re-shop's.
    Void,
    /// Replaced by a re-shop (`fields.replaces`): `by` is the re-shop's visit id.
    Replaced { by: &'a str },
}

impl<'a> Standing<'a> {
    /// Whether the visit goes into the run's figures.
    pub fn counts(self) -> bool {
        self == Standing::Counted
    }

    /// visits.csv's `status`: empty for a counted visit.
    pub fn status(self) -> &'static str {
        match self {
            Standing::Counted => "",
            Standing::Void => "void",
            Standing::Replaced { .. } => "replaced",
        }
    }

    /// visits.csv's `replaced_by`: the re-shop's id, else empty (a void visit too).
    pub fn replaced_by(self) -> &'a str {
        match self {
            Standing::Counted | Standing::Void => "",
            Standing::Replaced { by } => by,
        }
    }

    /// The standing of a visit a re-shop (`reshop`) may replace, once the corrections
    /// have given it `self`: a void visit stays void.
    pub fn or_replaced(self, reshop: Standing<'a>) -> Standing<'a> {
        if self == Standing::Void { self } else { reshop }
    }
}

#[cfg(test)]
mod tests {
    use super::Standing;

    #[test]
    fn only_a_counted_visit_counts_and_a_replaced_one_names_its_re_shop() {
        assert!(Standing::Counted.counts());
        assert_eq!((Standing::Counted.status(), Standing::Counted.replaced_by()), ("", ""));
        assert!(!Standing::Void.counts());
        assert_eq!((Standing::Void.status(), Standing::Void.replaced_by()), ("void", ""));
        let replaced = Standing::Replaced { by: "V9" };
        assert!(!replaced.counts());
        assert_eq!((replaced.status(), replaced.replaced_by()), ("replaced", "V9"));
    }

    #[test]
    fn void_wins_over_a_re_shop() {
        let replaced = Standing::Replaced { by: "R" };
        assert_eq!(Standing::Void.or_replaced(replaced), Standing::Void);
        assert_eq!(Standing::Counted.or_replaced(replaced), replaced);
        assert_eq!(Standing::Counted.or_replaced(Standing::Counted), Standing::Counted);
    }
}
