//! One cell of a row of a long sheet ([`Cell`]): what the Visits and Issues sheets hand
//! [`super::long_sheet`], and what [`super::held`] holds until the end of the run. A
//! module of its own so that the imports go one way: `long_sheet` uses `held`, and both
//! use this.

/// One cell of a row.
#[derive(Debug, Clone, Copy)]
pub enum Cell<'a> {
    Blank,
    /// Text from the data: written literally.
    Text(&'a str),
    Number(f64),
    /// A 0-100 score, in a [`Column`](super::long_sheet::Column) of scores.
    Score(f64),
}
