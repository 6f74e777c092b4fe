//! Hostile inputs: outdir.

#[allow(unused_imports)]
use super::*;
