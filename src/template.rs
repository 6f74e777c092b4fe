//! `shopscore template`: the CSV a shopper form must produce for a rubric.

use anyhow::Result;

use crate::ingest::date;
use crate::rubric::{QuestionKind, Rubric};

/// The header line and, with `example`, one row of valid answers (the best ones).
pub fn render(rubric: &Rubric, example: bool) -> Result<Vec<u8>> {
    let f = &rubric.fields;
    let mut header = vec![
        f.visit_id.clone(),
        f.location.clone(),
        f.date.clone(),
        f.region.clone(),
        f.shopper.clone(),
        f.channel.clone(),
    ];
    let mut row = vec![
        "V-0001".to_string(),
        "Example store".into(),
        date::example(&rubric.date_format),
        "North".into(),
        "S01".into(),
        "in-store".into(),
    ];
    for q in &rubric.questions {
        header.push(q.column.clone());
        row.push(best_answer(&q.kind));
        if let Some(c) = &q.comment {
            header.push(c.clone());
            row.push(String::new());
        }
    }
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(&header)?;
    if example {
        out.write_record(&row)?;
    }
    out.into_inner().map_err(|e| anyhow::anyhow!("cannot write the template: {}", e.error()))
}

/// An answer that earns full marks.
fn best_answer(kind: &QuestionKind) -> String {
    match kind {
        QuestionKind::YesNo { expected } => (if *expected { "yes" } else { "no" }).into(),
        QuestionKind::Scale { max, .. } => max.to_string(),
        QuestionKind::Choice { options } => {
            options.iter().max_by(|a, b| a.fraction.total_cmp(&b.fraction)).map(|o| o.label.clone()).unwrap_or_default()
        }
        QuestionKind::Multi { options } => {
            let mut sorted: Vec<_> = options.iter().collect();
            sorted.sort_by(|a, b| b.fraction.total_cmp(&a.fraction));
            let (mut sum, mut picked) = (0.0, Vec::new());
            for o in sorted {
                if sum >= 1.0 {
                    break;
                }
                sum += o.fraction;
                picked.push(o.label.as_str());
            }
            picked.join("; ")
        }
        QuestionKind::Number { bands } => {
            let best = bands.iter().max_by(|a, b| a.score.total_cmp(&b.score));
            let v = best.map_or(0.0, |b| match (b.min, b.max) {
                (Some(lo), Some(hi)) => ((lo + hi) / 2.0).floor().max(lo),
                (Some(lo), None) => lo,
                (None, Some(hi)) if hi > 0.0 => (hi / 2.0).floor(),
                (None, Some(hi)) => hi,
                (None, None) => 0.0,
            });
            v.to_string()
        }
    }
}
