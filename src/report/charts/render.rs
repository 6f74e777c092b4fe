//! One chart drawn into PNG or SVG bytes, in memory: the PNG from an RGB buffer encoded
//! with fixed settings and no metadata, so the same chart always gives the same bytes.

use anyhow::{Context, Result, anyhow};
use plotters::backend::RGBPixel;
use plotters::prelude::*;

use super::font;
use super::layout::{Area, Drawn};
use super::style::WHITE;

/// A chart that knows its size and draws itself on any plotters backend.
pub trait Chart {
    /// Width and height in pixels (the same for PNG and SVG).
    fn size(&self) -> (u32, u32);

    /// Draws on a white page of [`Chart::size`].
    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Drawn<DB>;
}

/// The chart as PNG bytes.
pub fn png<C: Chart>(chart: &C) -> Result<Vec<u8>> {
    let (pixels, w, h) = pixels(chart)?;
    encode_png(&pixels, w, h)
}

/// A PNG being compressed on a thread of its own: the chart is drawn first, on the
/// caller's. Compression is most of a chart's cost (a 1600 x 1000 chart is 4.8 MB of
/// pixels to deflate), so a run's charts, and each report card's, are compressed side by
/// side while the next is drawn. [`Encoding::bytes`] waits for it; the bytes are
/// [`png`]'s.
pub fn png_in_background<C: Chart>(chart: &C) -> Result<Encoding> {
    let (pixels, w, h) = pixels(chart)?;
    Ok(Encoding(std::thread::spawn(move || encode_png(&pixels, w, h))))
}

/// A PNG compressing ([`png_in_background`]).
pub struct Encoding(std::thread::JoinHandle<Result<Vec<u8>>>);

impl Encoding {
    pub fn bytes(self) -> Result<Vec<u8>> {
        self.0.join().map_err(|_| anyhow!("the PNG encoder stopped"))?
    }
}

/// The chart drawn on a white RGB page: its pixels, width and height.
fn pixels<C: Chart>(chart: &C) -> Result<(Vec<u8>, u32, u32)> {
    font::ensure_registered()?;
    let (w, h) = chart.size();
    let len = (w as usize).checked_mul(h as usize).and_then(|n| n.checked_mul(3)).context("chart too large")?;
    let mut pixels = vec![255u8; len];
    {
        let backend =
            BitMapBackend::<RGBPixel>::with_buffer_and_format(&mut pixels, (w, h)).map_err(|e| anyhow!("{e}"))?;
        let root = backend.into_drawing_area();
        root.fill(&WHITE).map_err(|e| anyhow!("{e}"))?;
        chart.draw(&root).map_err(|e| anyhow!("cannot draw the chart: {e}"))?;
        root.present().map_err(|e| anyhow!("cannot draw the chart: {e}"))?;
    }
    Ok((pixels, w, h))
}

/// The chart as an SVG document.
pub fn svg<C: Chart>(chart: &C) -> Result<Vec<u8>> {
    font::ensure_registered()?;
    let mut doc = String::new();
    {
        let root = SVGBackend::with_string(&mut doc, chart.size()).into_drawing_area();
        root.fill(&WHITE).map_err(|e| anyhow!("{e}"))?;
        chart.draw(&root).map_err(|e| anyhow!("cannot draw the chart: {e}"))?;
        root.present().map_err(|e| anyhow!("cannot draw the chart: {e}"))?;
    }
    Ok(doc.into_bytes())
}

/// 8-bit RGB PNG with fixed compression and filter, no text or time chunks.
fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(rgb.len() / 8);
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Default);
    encoder.set_filter(png::FilterType::Sub);
    encoder.set_adaptive_filter(png::AdaptiveFilterType::NonAdaptive);
    let mut writer = encoder.write_header().context("cannot encode the chart as PNG")?;
    writer.write_image_data(rgb).context("cannot encode the chart as PNG")?;
    writer.finish().context("cannot encode the chart as PNG")?;
    Ok(out)
}
