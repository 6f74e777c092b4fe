//! Where a score stands against the rubric's target: on target, near it (less than
//! [`NEAR_WITHIN`] points below) or under it. One rule for every report: the terminal
//! table, the workbook's colours and words, the charts and the cards.

/// Points below the target that still count as near it.
pub const NEAR_WITHIN: f64 = 5.0;

/// A score against the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetStatus {
    /// At or above the target.
    On,
    /// Below the target by less than [`NEAR_WITHIN`] points.
    Near,
    /// [`NEAR_WITHIN`] points or more below the target.
    Under,
}

impl TargetStatus {
    /// The status of `score` against `target`; `None` without either.
    pub fn of(score: Option<f64>, target: Option<f64>) -> Option<TargetStatus> {
        let (s, t) = (score?, target?);
        Some(if s >= t {
            TargetStatus::On
        } else if s > t - NEAR_WITHIN {
            TargetStatus::Near
        } else {
            TargetStatus::Under
        })
    }

    /// The words every report shows beside (or instead of) the colour.
    pub fn word(self) -> &'static str {
        match self {
            TargetStatus::On => "on target",
            TargetStatus::Near => "near target",
            TargetStatus::Under => "under target",
        }
    }

    /// A one-character mark for narrow places (chart labels, the terminal table).
    pub fn symbol(self) -> &'static str {
        match self {
            TargetStatus::On => "✓",
            TargetStatus::Near => "~",
            TargetStatus::Under => "✗",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TargetStatus::{self, Near, On, Under};

    #[test]
    fn on_at_the_target_near_within_five_points_under_from_five_below() {
        let t = Some(85.0);
        let cases = [(85.0, On), (100.0, On), (84.99, Near), (80.01, Near), (80.0, Under), (0.0, Under)];
        for (score, status) in cases {
            assert_eq!(TargetStatus::of(Some(score), t), Some(status), "{score}");
        }
        assert_eq!(TargetStatus::of(None, t), None);
        assert_eq!(TargetStatus::of(Some(90.0), None), None);
        assert_eq!(Under.word(), "under target");
    }
}
