//! The words answers are written in, shared by the rubric (a label may not be one of
//! them) and by ingest (a cell is read with them): N/A, yes and no, in any case.

/// The spellings of N/A, in any case.
pub const NA_TOKENS: [&str; 3] = ["n/a", "na", "-"];
/// The spellings of yes and of no for `yes_no` questions, in any case.
pub const YES: [&str; 4] = ["yes", "y", "true", "1"];
pub const NO: [&str; 4] = ["no", "n", "false", "0"];

/// `n/a`, `na` or `-`, any case (trimmed by the caller).
pub fn is_na_token(s: &str) -> bool {
    NA_TOKENS.iter().any(|t| s.eq_ignore_ascii_case(t))
}

#[cfg(test)]
mod tests {
    use super::is_na_token;

    #[test]
    fn na_in_any_case_and_nothing_else() {
        for na in ["n/a", "N/A", "Na", "NA", "-"] {
            assert!(is_na_token(na), "{na}");
        }
        for other in ["", "n", "n/a ", "--", "none", "N.A."] {
            assert!(!is_na_token(other), "{other:?}");
        }
    }
}
