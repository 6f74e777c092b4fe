//! shopscore: scores mystery-shopper visit reports against a YAML rubric.
//!
//! Data flows one way: [`rubric`] (load and validate) → [`ingest`] (CSV rows to
//! answers) → [`score`] (pure functions) → [`aggregate`] → [`report`]. [`run`] wires them
//! together for the CLI; tests and benches call the pieces directly.
//!
//! ## Layers
//!
//! Lowest first. A module imports only from modules before it in this list, and no two
//! modules import each other at any depth (`tests/cli/layers.rs` reads this list and
//! checks every `use crate::...` against it):
//!
//! 1. The words every layer shares: `bytes`, `number`, `terminal_text`, `tokens`, `typo`,
//!    `date`, `window`, `issue`, `progress`, `standing`.
//! 2. The rubric: `rubric`.
//! 3. Rows to visits and answers: `ingest`.
//! 4. One visit's scores: `score`.
//! 5. Group totals and what is read off them: `aggregate`, `stats`, `like_for_like`, `compare`,
//!    `target`, `follow_up`, `year_to_date`.
//! 6. The judged run: `audit`, `gate`, `summary`, `focus`, `hierarchy`.
//! 7. The stream of visits and issues, and the formats it feeds: `sink`, `report`.
//! 8. Checks across rows and inputs the pipeline needs: `integrity`, `latest`, `reshops`,
//!    `template`.
//! 9. The pipeline: `run`.
//! 10. Arguments, raw then checked: `values`, `cli`, `runfile`, `config`.
//! 11. The subcommands: `app`.
//!
//! The crate root re-exports [`closest`] and [`typo_distance`] (from `typo`), the
//! "did you mean" hints every layer gives.
//!
//! ## The pieces without the CLI
//!
//! A rubric from its text, one visit's cells read as answers, and its score:
//!
//! ```
//! use std::path::Path;
//! use shopscore::ingest::answer::parse;
//!
//! let yaml = "name: Demo\nsections:\n  - id: welcome\n    questions:\n      \
//!             - { id: greeted, type: yes_no }\n      - { id: wait, type: scale, min: 1, max: 5 }\n";
//! let rubric = shopscore::rubric::parse(Path::new("demo.yaml"), yaml)?;
//! let answers: Vec<_> = rubric.questions.iter().zip(["Yes", "4"]).map(|(q, cell)| parse(q, cell)).collect();
//! let visit = shopscore::score::score_visit(&rubric, &answers);
//! // Yes earns its 1 point; 4 on 1-5 earns (4 - 1) / (5 - 1) = 0.75 of 1: 100 × 1.75 / 2.
//! assert_eq!(visit.score, Some(87.5));
//! # Ok::<(), shopscore::rubric::RubricErrors>(())
//! ```

pub mod aggregate;
pub mod app;
pub mod audit;
pub mod bytes;
pub mod cli;
pub mod compare;
pub mod config;
pub mod date;
pub mod focus;
pub mod follow_up;
pub mod gate;
pub mod hierarchy;
pub mod ingest;
pub mod integrity;
pub mod issue;
pub mod latest;
pub mod like_for_like;
pub mod number;
pub mod progress;
pub mod report;
pub mod reshops;
pub mod rubric;
pub mod run;
pub mod runfile;
pub mod score;
pub mod sink;
pub mod standing;
pub mod stats;
pub mod summary;
pub mod target;
pub mod template;
pub mod terminal_text;
pub mod tokens;
pub mod typo;
pub mod values;
pub mod window;
pub mod year_to_date;

pub use typo::{closest, typo_distance};
