//! The embedded DejaVu Sans (regular and bold, with its licence in `font/LICENSE-DejaVu.txt`),
//! registered once with plotters as `"sans-serif"` so every chart renders the same glyphs on
//! any machine, with or without fontconfig.

use std::sync::OnceLock;

use anyhow::{Result, anyhow};
use plotters::style::{FontStyle, register_font};

/// The family every chart asks for (plotters' own default name, written into the SVG too).
pub const FAMILY: &str = "sans-serif";

static REGULAR: &[u8] = include_bytes!("font/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("font/DejaVuSans-Bold.ttf");

/// Registers the embedded faces on first call; later calls return the first outcome.
pub fn ensure_registered() -> Result<()> {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    let outcome = DONE.get_or_init(|| {
        register_font(FAMILY, FontStyle::Normal, REGULAR).map_err(|_| "DejaVuSans.ttf".to_string())?;
        register_font(FAMILY, FontStyle::Bold, BOLD).map_err(|_| "DejaVuSans-Bold.ttf".to_string())
    });
    outcome.clone().map_err(|face| anyhow!("the embedded chart font {face} could not be read"))
}
