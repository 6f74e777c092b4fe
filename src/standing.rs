//! Whether a visit counts: the one switch that keeps a listed visit out of every
//! aggregate, count, gate, chart, card figure and integrity check.
//!
//! A visit is read, scored and listed in any standing; only a [`Standing::Counted`] one
//! is added up. A corrections file's `void` makes a visit [`Standing::Void`]
//! (SCORING.md §7); a re-shop makes the visit it replaces [`Standing::Replaced`].

/// How a listed visit stands in the run's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Standing {
    /// Scored and added up, as every visit is without corrections or re-shops.
    #[default]
    Counted,
    /// Voided by an accepted correction: listed, never added up.
    Void,
    /// Replaced by a re-shop: listed, never added up.
    Replaced,
}

impl Standing {
    /// Whether the visit is added to the run's figures.
    pub fn counts(self) -> bool {
        self == Standing::Counted
    }

    /// The visits.csv `status` cell: empty for a counted visit.
    pub fn label(self) -> &'static str {
        match self {
            Standing::Counted => "",
            Standing::Void => "void",
            Standing::Replaced => "replaced",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Standing;

    #[test]
    fn only_a_counted_visit_counts() {
        assert!(Standing::Counted.counts());
        assert!(!Standing::Void.counts());
        assert!(!Standing::Replaced.counts());
        assert_eq!([Standing::Counted.label(), Standing::Void.label()], ["", "void"]);
        assert_eq!(Standing::Replaced.label(), "replaced");
    }
}
