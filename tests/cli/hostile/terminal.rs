//! Hostile inputs: terminal.

#[allow(unused_imports)]
use super::*;
