//! Hostile inputs: rubric.

#[allow(unused_imports)]
use super::*;
