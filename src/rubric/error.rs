//! Rubric errors: where in which file, what is wrong, and how to fix it.

use std::fmt;
use std::path::PathBuf;

/// A rubric that cannot be used (or, in [`super::Rubric::warnings`], a likely slip). Carries facts, not prose: the file, the position
/// (line and column when known), the path inside the rubric, the problem and a hint.
#[derive(Debug, Clone, thiserror::Error)]
pub struct RubricError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// Where in the rubric, e.g. `sections[2].questions[0].bands[1]`; empty for the top.
    pub path: String,
    pub problem: String,
    pub hint: Option<String>,
}

impl fmt::Display for RubricError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        if !self.path.is_empty() {
            write!(f, ": {}", self.path)?;
        }
        write!(f, ": {}", self.problem)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}
