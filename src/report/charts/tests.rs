//! Compiled only for tests: the parent module declares it `#[cfg(test)] mod tests;`.
//!
//! Unit tests over a small hand-made summary: the workbook's PNG entry point, and every
//! chart drawn in both formats from the same [`Summary`] twice.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::*;
use crate::aggregate::Aggregator;
use crate::ingest::Visit;
use crate::ingest::answer::parse;
use crate::issue::IssueCounts;
use crate::score::score_visit;

const RUBRIC: &str = "name: Mini
target: 80
grades:
  - { name: Good, min: 80 }
  - { name: Poor, min: 0 }
sections:
  - id: welcome
    questions:
      - { id: q1, type: yes_no, points: 2, critical: true }
      - { id: q2, type: scale }
  - id: close
    questions:
      - { id: q3, type: yes_no }
";

/// (location, region, period, answers to q1, q2, q3)
const VISITS: [(&str, &str, &str, [&str; 3]); 5] = [
    ("Leeds", "North", "2026-09", ["yes", "5", "yes"]),
    ("Leeds", "North", "2026-10", ["yes", "3", "no"]),
    ("York <b>", "North", "2026-09", ["no", "4", "yes"]),
    ("Bath", "South", "2026-10", ["yes", "2", "yes"]),
    ("Ghost", "", "unknown", ["", "N/A", ""]),
];

fn summary() -> Summary {
    summary_of(VISITS.map(|(l, r, p, cells)| (l.to_string(), r, p, cells)))
}

fn summary_of(visits: impl IntoIterator<Item = (String, &'static str, &'static str, [&'static str; 3])>) -> Summary {
    let rubric = match crate::rubric::parse(Path::new("mini.yaml"), RUBRIC) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    let mut agg = Aggregator::new(&rubric, None);
    for (location, region, period, cells) in visits {
        let answers = rubric.questions.iter().zip(cells).map(|(q, c)| parse(q, c)).collect();
        let visit = Visit { location, region: region.into(), period: period.into(), ..Visit::with_answers(answers) };
        agg.add(&rubric, &visit, &score_visit(&rubric, &visit.answers));
    }
    Summary {
        rubric,
        rubric_file: PathBuf::from("mini.yaml"),
        inputs: Vec::new(),
        aggregates: agg.finish(),
        issues: IssueCounts::default(),
        version_visits: Vec::new(),
        gates: Vec::new(),
        comparison: None,
        min_visits: 3,
        period: None,
        corrections: None,
        reshops: None,
        follow_up: Default::default(),
    }
}

#[test]
fn location_ranking_png_is_a_slide_sized_png_and_repeatable() {
    let s = summary();
    let png = location_ranking_png(&s).unwrap();
    assert_eq!(png, location_ranking_png(&s).unwrap());
    let decoder = png::Decoder::new(std::io::Cursor::new(&png));
    let reader = decoder.read_info().unwrap();
    assert_eq!((reader.info().width, reader.info().height), (1600, 1000));
    // The picture the workbook embeds is the file the charts report writes.
    let dir = tempfile::tempdir().unwrap();
    let mut staging = crate::report::Staging::new(dir.path()).unwrap();
    let options = ChartOptions { formats: ChartFormats::Png, by: ChartBy::Region };
    Box::new(Charts::new(options)).finish(&s, &mut staging).unwrap();
    staging.commit().unwrap();
    let written = std::fs::read(dir.path().join("charts/location-ranking.png")).unwrap();
    assert_eq!(png, written, "the same file as charts/location-ranking.png");
}

#[test]
fn every_chart_draws_the_same_bytes_twice_in_both_formats() {
    let s = summary();
    let twice = |f: &dyn Fn() -> Vec<Vec<u8>>| assert!(f() == f());
    twice(&|| {
        vec![
            render::svg(&ranking::chart(&s)).unwrap(),
            render::svg(&profile::chart(&s, ChartBy::Region)).unwrap(),
            render::svg(&profile::chart(&s, ChartBy::Location)).unwrap(),
            render::svg(&questions::chart(&s)).unwrap(),
            render::svg(&distribution::chart(&s)).unwrap(),
            render::png(&distribution::chart(&s)).unwrap(),
        ]
    });
    let trend = trend::chart(&s).unwrap();
    assert_eq!(render::svg(&trend).unwrap(), render::svg(&trend).unwrap());
    let svg = String::from_utf8(render::svg(&ranking::chart(&s)).unwrap()).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).map(str::trim).collect();
    assert!(texts.contains(&"York <b>") && texts.contains(&"no score"), "{texts:?}");
}

#[test]
fn histogram_bins_come_from_the_aggregates() {
    let s = summary();
    // Leeds 100 and 100 × 2.5/4 = 62.5, York 0 (critical q1 failed), Bath 100 × 3.25/4 = 81.25:
    // bins 20, 12, 0 and 16; Ghost has no score.
    let bins = &s.aggregates.overall.score_bins;
    assert_eq!(bins.len(), 21);
    let filled: Vec<(usize, u64)> = bins.iter().copied().enumerate().filter(|(_, n)| *n > 0).collect();
    assert_eq!(filled, vec![(0, 1), (12, 1), (16, 1), (20, 1)]);
}

#[test]
fn trend_needs_two_dated_periods() {
    let mut s = summary();
    assert!(trend::chart(&s).is_some());
    s.aggregates.periods.retain(|p, _| p != "2026-10");
    assert!(trend::chart(&s).is_none(), "one dated period and `unknown`");
}

#[test]
fn long_lists_show_their_two_ends() {
    let scale = ["1", "2", "3", "4", "5"];
    let s = summary_of((0..250).map(|i| (format!("Store {i:03}"), "North", "2026-09", ["yes", scale[i % 5], "yes"])));
    let ranking = ranking::chart(&s);
    assert_eq!(ranking.rows.len(), 2 * ranking::EACH_END + 1);
    let gaps: Vec<&str> = ranking
        .rows
        .iter()
        .filter_map(|r| match r {
            hbars::Row::Heading(h) => Some(h.as_str()),
            hbars::Row::Bar(_) => None,
        })
        .collect();
    assert_eq!(gaps, ["⋯ 50 locations ranked 101 to 150 not shown (all are in summary.json)"]);
    let profile::Profile::Bars(by_location) = profile::chart(&s, ChartBy::Location) else { panic!("bars") };
    // Per section: a spacer (not before the first), the heading, overall, 15 best, 15 worst.
    assert_eq!(by_location.rows.len(), 2 * (2 + 1 + 2 * profile::EACH_END) - 1);
    assert!(by_location.head.subtitle.contains("best 15 and worst 15 of 250 locations"));
    assert!(render::svg(&ranking).is_ok());
}

/// The summary with its comparison, as a run makes it: the focus is October.
fn focused(mut s: Summary) -> Summary {
    s.comparison = crate::compare::compare(&s.aggregates, &s.rubric, None, 2.0, 3);
    s
}

fn texts(svg: &[u8]) -> Vec<String> {
    let svg = std::str::from_utf8(svg).unwrap();
    let doc = roxmltree::Document::parse(svg).unwrap();
    let all = doc.descendants().filter_map(|n| n.text()).map(str::trim).filter(|t| !t.is_empty());
    all.map(String::from).collect()
}

#[test]
fn the_ranking_shows_the_focus_month_in_the_palettes_colours() {
    let s = focused(summary());
    // October: Bath 100 × 3.25/4 = 81.25 (Good: the best of two bands, blue), Leeds
    // 100 × 2.5/4 = 62.5 (Poor: red); York (September only) and Ghost (undated) have no
    // October visit: no bar, not counted, named in one line at the end by name. Over the
    // window Leeds would be (100 + 62.5) / 2.
    let chart = ranking::chart(&s);
    let bars: Vec<(&str, Option<f64>)> = chart
        .rows
        .iter()
        .filter_map(|r| match r {
            hbars::Row::Bar(b) => Some((b.label.as_str(), b.value)),
            hbars::Row::Heading(_) => None,
        })
        .collect();
    assert_eq!(bars, [("Bath", Some(81.25)), ("Leeds", Some(62.5))]);
    assert_eq!(chart.head.subtitle, "Scores, 2026-10 · 2 locations · 2 visits");
    let svg = render::svg(&chart).unwrap();
    let t = texts(&svg);
    assert!(t.iter().any(|x| x == "62.5") && t.iter().any(|x| x == "No visit in 2026-10: Ghost, York <b>"), "{t:?}");
    let svg = String::from_utf8(svg).unwrap();
    assert!(svg.contains("#4393C3") && svg.contains("#D6604D"), "the palette's blue and red");
    assert!(svg.contains("#762A83"), "the target's dashed purple");
    assert!(!svg.contains("#FDE725") && !svg.contains("#5EC962"), "no viridis yellow or lime");
}

#[test]
fn bonus_questions_come_last_with_their_mark() {
    let mut s = summary();
    // Pass rates: q1 yes, yes, no, yes = 75; q2 scale 5, 3, 4, 2 = (1 + 0.5 + 0.75 +
    // 0.25) / 4 = 62.5, the lowest; q3 yes, no, yes, yes = 75. As a bonus, q2 goes last.
    if let Some(q) = s.rubric.questions.get_mut(1) {
        q.bonus = true;
    }
    let chart = questions::chart(&s);
    let rows: Vec<String> = chart
        .rows
        .iter()
        .map(|r| match r {
            hbars::Row::Bar(b) => format!("{} {:?}", b.label, b.value),
            hbars::Row::Heading(h) => format!("[{h}]"),
        })
        .collect();
    assert_eq!(rows, ["▲ q1 Some(75.0)", "q3 Some(75.0)", "(bonus) q2 Some(62.5)"]);
    let t = texts(&render::svg(&chart).unwrap());
    assert!(t.iter().any(|x| x == questions::BONUS_LEGEND), "{t:?}");
}

#[test]
fn the_trend_ranks_on_the_focus_month_with_lines_told_apart() {
    // Alpha: September 100, October 75 (scale 1: 100 × 3/4); S0-S7: September 81.25
    // (scale 2), October 87.5 (scale 3). Over both months Alpha leads (87.5 against
    // 84.375); in October it is last, ninth.
    let mut visits = vec![
        ("Alpha".to_string(), "North", "2026-09", ["yes", "5", "yes"]),
        ("Alpha".to_string(), "North", "2026-10", ["yes", "1", "yes"]),
    ];
    for i in 0..8 {
        visits.push((format!("S{i}"), "North", "2026-09", ["yes", "2", "yes"]));
        visits.push((format!("S{i}"), "North", "2026-10", ["yes", "3", "yes"]));
    }
    let s = focused(summary_of(visits));
    let trend = trend::chart(&s).unwrap();
    let names: Vec<&str> = trend.series.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(names, ["Overall", "#1 S0", "#2 S1", "#3 S2", "#7 S6", "#8 S7", "#9 Alpha"]);
    let colours: HashSet<(u8, u8, u8)> = trend.series.iter().map(|x| (x.color.0, x.color.1, x.color.2)).collect();
    let markers: HashSet<String> = trend.series.iter().map(|x| format!("{:?}", x.marker)).collect();
    assert_eq!((colours.len(), markers.len()), (7, 7), "seven lines, seven colours, seven markers");
    assert!(trend.capped);
    assert!(trend.head.subtitle.contains("best 3 and worst 3 of 9 locations (ranked on 2026-10)"));
    let t = texts(&render::svg(&trend).unwrap());
    assert!(t.iter().any(|x| x == "100") && !t.iter().any(|x| x == "110"), "{t:?}");
}

#[test]
fn a_cards_ranking_names_only_its_store_or_is_left_out() {
    let own = focused(summary_of([("Leeds".to_string(), "North", "2026-10", ["yes", "3", "no"])]));
    // Leeds October 62.5 (100 × 2.5 / 4), second of three stores.
    let context = CardContext {
        period: Some("2026-10".into()),
        rank: Some(2),
        of: 3,
        scores: vec![90.0, 62.5, 40.0],
        ..CardContext::default()
    };
    let chart = card::ranking(&own, "Leeds", &context).unwrap();
    let shown: Vec<(&str, bool)> = chart
        .rows
        .iter()
        .filter_map(|r| match r {
            hbars::Row::Bar(b) => Some((b.label.as_str(), b.quiet)),
            hbars::Row::Heading(_) => None,
        })
        .collect();
    assert_eq!(shown, [("", true), ("Leeds", false), ("", true)]);
    let t = texts(&render::svg(&chart).unwrap());
    assert!(t.iter().any(|x| x == "62.5") && !t.iter().any(|x| x == "90.0" || x == "40.0"), "{t:?}");
    // No score in the month, or a chain past the limit: no picture.
    assert!(card::ranking(&own, "Leeds", &CardContext { rank: None, ..context.clone() }).is_none());
    let many = CardContext { scores: vec![50.0; card::MAX_STORES + 1], ..context.clone() };
    assert!(card::ranking(&own, "Leeds", &many).is_none());
    // The card's trend needs two months of the chain.
    assert!(trend::for_card(&own, "Leeds", &[("2026-10".into(), Some(70.0))]).is_none());
    let two = [("2026-09".into(), Some(80.0)), ("2026-10".into(), Some(70.0))];
    let trend = trend::for_card(&own, "Leeds", &two).unwrap();
    let lines: Vec<(&str, Vec<Option<f64>>)> =
        trend.series.iter().map(|x| (x.name.as_str(), x.values.clone())).collect();
    assert_eq!(lines[0], ("Leeds", vec![None, Some(62.5)]));
    assert_eq!(lines[1].1, vec![Some(80.0), Some(70.0)]);
}

/// The summary with its comparison and its funnel, as a run makes them (the focus is
/// October).
fn with_funnel(s: Summary) -> Summary {
    let mut s = focused(s);
    let month = s.aggregates.periods.get("2026-10").cloned().unwrap();
    let stores: std::collections::BTreeMap<&str, &crate::aggregate::Group> =
        s.aggregates.location_periods.iter().filter_map(|(l, m)| Some((l.as_str(), m.get("2026-10")?))).collect();
    let funnel = crate::follow_up::funnel::funnel("2026-10", &month, &stores);
    s.follow_up.funnel = funnel;
    s
}

/// October: Leeds 62.5 (n 1) and Bath 81.25 (n 1): m = 71.875, two scored visits.
#[test]
fn the_funnel_is_drawn_in_both_formats_only_with_a_funnel() {
    let s = with_funnel(summary());
    let chart = funnel::chart(&s).unwrap();
    assert_eq!(chart.head.title, "Mini: funnel plot");
    assert!(chart.head.subtitle.starts_with("Funnel, 2026-10 · 2 locations"), "{}", chart.head.subtitle);
    let png = funnel_png(&s).unwrap().unwrap();
    assert_eq!(png, render::png(&chart).unwrap(), "repeatable");
    let reader = png::Decoder::new(std::io::Cursor::new(&png)).read_info().unwrap();
    assert_eq!((reader.info().width, reader.info().height), (1600, 1000));
    let svg = render::svg(&chart).unwrap();
    assert_eq!(svg, render::svg(&chart).unwrap());
    let t = texts(&svg);
    for label in ["Leeds", "Bath", "Chain mean 71.9", "95% limits", "99.8% limits"] {
        assert!(t.iter().any(|x| x == label), "{label}: {t:?}");
    }
    // Written as charts/funnel.png and .svg by the chain's run.
    let write = |s: &Summary| {
        let dir = tempfile::tempdir().unwrap();
        let mut staging = crate::report::Staging::new(dir.path()).unwrap();
        let options = ChartOptions { formats: ChartFormats::All, by: ChartBy::Region };
        Box::new(Charts::new(options)).finish(s, &mut staging).unwrap();
        staging.commit().unwrap();
        ["png", "svg"].map(|ext| dir.path().join(format!("charts/funnel.{ext}")).exists())
    };
    assert_eq!(write(&s), [true, true]);
    // Without a funnel (no comparison: none was computed), no chart and no file.
    let none = summary();
    assert!(none.follow_up.funnel.is_none() && funnel::chart(&none).is_none());
    assert!(funnel_png(&none).unwrap().is_none());
    assert_eq!(write(&none), [false, false]);
}

/// October: Ace, Bay, Cove and Dale each score 100, 100, 75, 75 (scale 1: 100 × 3/4),
/// 87.5 over four visits; Low 0, 0, 0, 0 (critical q1 failed). m = (8 · 100 + 8 · 75) /
/// 20 = 70; deviations 30 (× 8), 5 (× 8), -70 (× 4): s² = (7200 + 200 + 19600) / 19 =
/// 27000 / 19, s = 37.697. At n = 4 the 99.8% limits are 70 ± 3.090232 · 37.697 / 2 = 70
/// ± 58.25: 11.75 to 100 (clipped), Low's 0 is outside them, drawn as a red square and
/// named beside it; 87.5 is inside even the 95% ones (70 ± 36.94).
#[test]
fn a_point_outside_the_limits_is_named_in_the_outside_colour() {
    let mut visits = Vec::new();
    for store in ["Ace", "Bay", "Cove", "Dale"] {
        for cells in [["yes", "5", "yes"], ["yes", "5", "yes"], ["yes", "1", "yes"], ["yes", "1", "yes"]] {
            visits.push((store.to_string(), "North", "2026-10", cells));
        }
    }
    visits.push(("Ace".to_string(), "North", "2026-09", ["yes", "5", "yes"]));
    for _ in 0..4 {
        visits.push(("Low".to_string(), "South", "2026-10", ["no", "5", "yes"]));
    }
    let s = with_funnel(summary_of(visits));
    let f = s.follow_up.funnel.as_ref().unwrap();
    assert_eq!(f.mean, 70.0);
    assert!((f.sd - (27000f64 / 19.0).sqrt()).abs() < 1e-9);
    let low = f.points.iter().find(|p| p.location == "Low").unwrap();
    assert!((low.limits998.0 - 11.75).abs() < 0.01, "{:?}", low.limits998);
    assert_eq!((low.n, low.score, low.outside), (4, 0.0, Some(99.8)));
    assert!(f.points.iter().filter(|p| p.location != "Low").all(|p| p.outside.is_none()));

    let svg = String::from_utf8(render::svg(&funnel::chart(&s).unwrap()).unwrap()).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    // The one red square (the palette's red, #D6604D): Low's point.
    let red: Vec<(f64, f64)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("polygon") && n.attribute("fill") == Some("#D6604D"))
        .filter_map(|n| n.attribute("points"))
        .map(|p| {
            let xy: Vec<(f64, f64)> = p
                .split_whitespace()
                .map(|xy| xy.split_once(',').map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap())).unwrap())
                .collect();
            let k = xy.len() as f64;
            (xy.iter().map(|p| p.0).sum::<f64>() / k, xy.iter().map(|p| p.1).sum::<f64>() / k)
        })
        .collect();
    let legend_and_point = red.len();
    assert_eq!(legend_and_point, 2, "the legend's swatch and Low's point: {red:?}");
    let point = red.iter().copied().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
    // Its name, bold, right beside it.
    let label = doc.descendants().find(|n| n.has_tag_name("text") && n.text().map(str::trim) == Some("Low")).unwrap();
    let at = |a: &str| label.attribute(a).unwrap().parse::<f64>().unwrap();
    assert!((at("x") - point.0).abs() < 40.0 && (at("y") - point.1).abs() < 40.0, "{point:?}");
    assert_eq!(label.attribute("font-weight"), Some("bold"));
    // The stores inside the limits: slate circles, named too.
    let slate = doc.descendants().filter(|n| n.has_tag_name("circle") && n.attribute("fill") == Some("#708096"));
    assert_eq!(slate.count(), 4 + 1, "four points and the legend's swatch");
    let t = texts(svg.as_bytes());
    assert!(["Ace", "Bay", "Cove", "Dale"].iter().all(|n| t.iter().any(|x| x == n)), "{t:?}");
}

/// 200 stores: every point drawn, only those outside the limits named.
#[test]
fn many_stores_still_render_naming_those_outside() {
    let scale = ["1", "2", "3", "4", "5"];
    let mut visits = Vec::new();
    for i in 0..200 {
        for v in 0..(i % 7 + 1) {
            let q1 = if i % 23 == 0 { "no" } else { "yes" };
            visits.push((
                format!("Store {i:03} with a rather long name"),
                "North",
                "2026-10",
                [q1, scale[(i + v) % 5], "yes"],
            ));
        }
    }
    visits.push(("Store 000 with a rather long name".to_string(), "North", "2026-09", ["yes", "5", "yes"]));
    let s = with_funnel(summary_of(visits));
    let chart = funnel::chart(&s).unwrap();
    assert_eq!(chart.dots.len(), 200);
    let outside: Vec<&str> = chart.dots.iter().filter(|d| d.outside.is_some()).map(|d| d.label.as_str()).collect();
    assert!(!outside.is_empty() && outside.len() < 200);
    let svg = render::svg(&chart).unwrap();
    assert!(render::png(&chart).is_ok());
    let t = texts(&svg);
    let named: Vec<&String> = t.iter().filter(|x| x.starts_with("Store ")).collect();
    // Cut to fit: "Store 023 with a rather lon…".
    let outside_as_cut = |n: &str| n.strip_suffix('…').is_some_and(|head| outside.iter().any(|o| o.starts_with(head)));
    assert!(!named.is_empty() && named.iter().all(|n| outside_as_cut(n)), "{named:?}");
    assert!(t.iter().any(|x| x.starts_with("Past 40 stores only those outside the limits are named.")), "{t:?}");
}
