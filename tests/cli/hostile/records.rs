//! Hostile inputs: records.

#[allow(unused_imports)]
use super::*;
