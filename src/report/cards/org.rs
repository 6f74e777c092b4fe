//! A store's line of the org chart for its card (`fields.levels`): the units of its
//! latest visit down to the store (`North / Leeds area / Leeds Briggate`), the lowest
//! level's unit and its focus-month average, and the other units it was reported under
//! when it moved. Numbers of the chain's units only, never another store's.

use crate::aggregate::levels::PATH_SEPARATOR;
use crate::hierarchy::{LevelView, shown};
use crate::report::card_context::Org;

/// `location`'s org line from the chain's levels (`views`, top first); `None` without
/// levels or when the store is under no unit of the window.
pub(super) fn org_of(views: &[LevelView], location: &str) -> Option<Org> {
    let lowest = views.last()?;
    let path = lowest.latest.get(location)?;
    let unit = lowest.units.iter().find(|u| u.path == path)?;
    let also: Vec<String> = lowest
        .units
        .iter()
        .filter(|u| u.path != unit.path && u.unit.locations.contains_key(location))
        .map(|u| shown(u.path))
        .collect();
    Some(Org {
        line: format!("{}{PATH_SEPARATOR}{location}", shown(unit.path)),
        level: lowest.name.to_string(),
        unit: shown(&unit.unit.name),
        unit_score: unit.change.latest,
        also,
    })
}
