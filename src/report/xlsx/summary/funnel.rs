//! The focus month's funnel plot (SCORING.md §8) on the Summary sheet, the same picture
//! as `charts/funnel.png`, across columns A-M under the owner's page and outside its print
//! area: the page prints on one sheet of paper as it always has (Excel's fit-to-page
//! ignores page breaks, so a second printed page cannot be promised); print the PNG for
//! paper. Left out when the month has no funnel (fewer than two scored visits).

use rust_xlsxwriter::{Image, RowNum, Worksheet, XlsxError};

use super::Page;

/// The picture's width on the sheet in pixels: about columns A-M.
const WIDTH: f64 = 960.0;

/// Inserts the funnel from row `r`, with its title and how to read it.
pub(super) fn insert(ws: &mut Worksheet, p: &Page, r: RowNum, png: Option<&[u8]>) -> Result<(), XlsxError> {
    let Some(png) = png else { return Ok(()) };
    ws.write_string_with_format(
        r,
        0,
        format!("Is any store's score more than noise? Funnel, {}", p.label),
        &p.formats.block,
    )?;
    let text = "Each store is a point at its number of scored visits. Inside the curves a score is within what chance gives a store of that size; outside them it is worth a look.";
    ws.write_string(r + 1, 0, text)?;
    let image = Image::new_from_buffer(png)?;
    let scale = WIDTH / image.width();
    let image = image.set_scale_width(scale).set_scale_height(scale).set_alt_text("Funnel plot of store scores");
    ws.insert_image(r + 2, 0, &image)?;
    Ok(())
}
