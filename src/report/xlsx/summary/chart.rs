//! The Summary's one ranking chart: a native Excel column chart of every store's focus-month
//! score, best first, with the target drawn as a line. Bars are coloured by the palette: by
//! status against the target (one series per status, so the legend names each colour in
//! words), or by grade band when the rubric sets no target. Native rather than the PNG of
//! `charts/location-ranking.png`: it prints sharp at any size, is read by screen readers and
//! is drawn from cells the owner can check.
//!
//! Its data sit beside the printed page (from column [`DATA_COL`], outside the print area),
//! under a title saying what they are.

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartDataLabelPosition, ChartFont, ChartFormat, ChartLegendPosition, ChartLine,
    ChartLineDashType, ChartSolidFill, ChartType, ColNum, RowNum, Worksheet, XlsxError,
};

use super::{Page, RIGHT};
use crate::report::palette::{self, Rgb};
use crate::target::TargetStatus;

/// The first column of the chart's data (O), past the printed columns A-M.
const DATA_COL: ColNum = 14;

/// The chart's size in pixels: it covers the right-hand columns H-M.
const WIDTH: u32 = 490;
const HEIGHT: u32 = 380;

/// One bar colour of the chart: its words (the legend) and which stores it holds.
struct Group {
    name: String,
    colour: Rgb,
    /// Status or grade band this group holds.
    key: Key,
}

#[derive(Clone, Copy, PartialEq)]
enum Key {
    Status(TargetStatus),
    Band(Option<usize>),
}

/// Writes the chart's data and inserts the chart at row `r`, column G; returns the rows it
/// covers, or `None` when no store has a focus-month score.
pub(super) fn insert(ws: &mut Worksheet, p: &Page, r: RowNum) -> Result<Option<RowNum>, XlsxError> {
    let v = p.v;
    let stores: Vec<(&str, f64)> = p.ranked.iter().filter_map(|h| Some((h.key, h.score()?))).collect();
    if stores.is_empty() {
        return Ok(None);
    }
    let target = v.rubric.target;
    let key = |s: f64| match TargetStatus::of(Some(s), target) {
        Some(status) => Key::Status(status),
        None => Key::Band(v.rubric.grade_index(s)),
    };
    let groups = groups(p);
    // The data: title, header, one row per store.
    let (title_row, first) = (r, r + 2);
    let last = first + super::super::style::row(stores.len()) - 1;
    ws.write_string_with_format(
        title_row,
        DATA_COL,
        format!("Chart data: score {} by store", p.label),
        &p.formats.block,
    )?;
    let target_col = DATA_COL + 1 + super::super::style::col(groups.len());
    ws.write_string_with_format(title_row + 1, DATA_COL, "Store", &v.styles.header)?;
    for (c, g) in (DATA_COL + 1..).zip(&groups) {
        ws.write_string_with_format(title_row + 1, c, &g.name, &v.styles.header)?;
    }
    if let Some(t) = target {
        ws.write_string_with_format(title_row + 1, target_col, format!("Target ({t})"), &v.styles.header)?;
    }
    ws.set_column_width(DATA_COL, 24)?;
    for (row, (name, score)) in (first..).zip(&stores) {
        super::put_in(ws, row, DATA_COL, &super::super::view::View::label(name), &p.formats.plain)?;
        let k = key(*score);
        if let Some(c) = (DATA_COL + 1..).zip(&groups).find(|(_, g)| g.key == k).map(|(c, _)| c) {
            ws.write_number_with_format(row, c, *score, &p.formats.score)?;
        }
        if let Some(t) = target {
            ws.write_number(row, target_col, t)?;
        }
    }

    let mut chart = Chart::new(ChartType::Column);
    let categories = ("Summary", first, DATA_COL, last, DATA_COL);
    let labels = ChartDataLabel::new()
        .show_value()
        .set_num_format("0")
        .set_position(ChartDataLabelPosition::OutsideEnd)
        .set_font(ChartFont::new().set_size(8))
        .to_owned();
    for (c, g) in (DATA_COL + 1..).zip(&groups) {
        chart
            .add_series()
            .set_name(&g.name)
            .set_categories(categories)
            .set_values(("Summary", first, c, last, c))
            .set_format(ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(g.colour)))
            .set_data_label(&labels)
            .set_overlap(100)
            .set_gap(40);
    }
    if let Some(t) = target {
        let mut line = Chart::new(ChartType::Line);
        line.add_series()
            .set_name(&format!("Target ({t})"))
            .set_categories(categories)
            .set_values(("Summary", first, target_col, last, target_col))
            .set_format(
                ChartFormat::new().set_line(
                    ChartLine::new()
                        .set_color(crate::report::palette::TARGET)
                        .set_width(1.5)
                        .set_dash_type(ChartLineDashType::Dash),
                ),
            );
        chart.combine(&line);
    }
    chart.title().set_name(&format!("Score {} by store, best first", p.label));
    chart.title().set_font(ChartFont::new().set_size(11).set_bold());
    chart.x_axis().set_font(ChartFont::new().set_size(8).set_rotation(-45));
    chart.y_axis().set_min(0).set_num_format("0");
    if v.rubric.bonus_cap {
        chart.y_axis().set_max(100);
    }
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(WIDTH).set_height(HEIGHT);
    ws.insert_chart(r, RIGHT, &chart)?;
    Ok(Some(p.rows_covered(r, HEIGHT)))
}

/// The chart's colours: the three statuses against the target, else the grade bands (best
/// first) and a grey for scores below every band.
fn groups(p: &Page) -> Vec<Group> {
    let r = p.v.rubric;
    if r.target.is_some() {
        return [TargetStatus::On, TargetStatus::Near, TargetStatus::Under]
            .into_iter()
            .map(|s| Group { name: s.word().to_string(), colour: palette::status(s), key: Key::Status(s) })
            .collect();
    }
    let bands = r.grades.len();
    let mut groups: Vec<Group> = r
        .grades
        .iter()
        .enumerate()
        .map(|(i, g)| Group { name: g.name.clone(), colour: palette::grade(Some(i), bands), key: Key::Band(Some(i)) })
        .collect();
    groups.push(Group { name: "no grade".to_string(), colour: palette::NO_BAND, key: Key::Band(None) });
    groups
}
