//! The YAML tree (marked-yaml: every node keeps its line and column) read into the raw
//! rubric. Every unknown key, wrong type and missing key is reported, each at its own
//! position, not only the first; and every key's position is kept in an [`Index`] for
//! the rule errors found later.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use marked_yaml::Node;
use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode};

use super::RubricError;
use super::raw::{
    Items, RawActions, RawBand, RawChecks, RawFields, RawGrade, RawLadder, RawQuestion, RawRubric, RawSection,
};

/// Line and column (1-based) of every key and list item, by its path in the rubric
/// (`sections[0].questions[1].points`).
pub type Index = HashMap<String, (usize, usize)>;

const RUBRIC: &[&str] = &[
    "name",
    "version",
    "effective_from",
    "target",
    "grades",
    "critical_effect",
    "bonus_cap",
    "date_format",
    "layout",
    "fields",
    "checks",
    "steady_within",
    "alert_below",
    "actions",
    "ladder",
    "shopper_margin",
    "sections",
];
const ACTIONS: &[&str] = &["min_failures", "in_a_row"];
const LADDER: &[&str] = &["pass", "steps", "reset"];
const GRADE: &[&str] = &["name", "min"];
const FIELDS: &[&str] = &[
    "visit_id",
    "location",
    "date",
    "region",
    "levels",
    "shopper",
    "channel",
    "time",
    "keep",
    "replaces",
    "version_date",
    "question",
    "answer",
    "comment",
];
const CHECKS: &[&str] =
    &["max_visits_per_shopper_location", "min_minutes_between_locations", "straight_lining", "future_dates"];
const SECTION: &[&str] = &["id", "title", "weight", "pass_mark", "questions"];
const QUESTION: &[&str] = &[
    "id",
    "text",
    "column",
    "type",
    "points",
    "na",
    "critical",
    "bonus",
    "comment",
    "comment_required_on_fail",
    "expected",
    "min",
    "max",
    "step",
    "options",
    "bands",
];
const BAND: &[&str] = &["min", "max", "score"];

/// Every key a rubric may hold, by where it is written (`""` is the top level), for
/// documentation and its test.
pub fn allowed_keys() -> [(&'static str, &'static [&'static str]); 9] {
    [
        ("", RUBRIC),
        ("actions", ACTIONS),
        ("ladder", LADDER),
        ("grades", GRADE),
        ("fields", FIELDS),
        ("checks", CHECKS),
        ("sections", SECTION),
        ("questions", QUESTION),
        ("bands", BAND),
    ]
}

/// Reads a tree into the raw rubric, collecting every error.
pub struct Reader<'a> {
    file: &'a Path,
    pub errors: Vec<RubricError>,
    pub index: Index,
    /// Paths whose value is missing or unreadable (already an error): the rules checked
    /// later stay quiet about them and what lies under them, so nothing is said twice.
    pub failed: HashSet<String>,
    /// Where the keys to pass over in silence are ([`super::yaml::Parsed::renamed`]).
    pub renamed: HashSet<(usize, usize)>,
}

/// One mapping of the tree, its keys checked against the allowed ones.
struct Obj<'n> {
    path: String,
    map: &'n MarkedMappingNode,
}

impl<'n> Obj<'n> {
    /// The value of `key`, unless absent or null.
    fn get(&self, key: &str) -> Option<(String, &'n Node)> {
        let node = self.map.get_node(key)?;
        (!is_null(node)).then(|| (join(&self.path, key), node))
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// Where a node is written; a mapping at its first key (its own mark may be later).
fn pos(node: &Node) -> Option<(usize, usize)> {
    if let Node::Mapping(map) = node
        && let Some(first) = map.keys().next()
    {
        return scalar_pos(first);
    }
    node.span().start().map(|m| (m.line(), m.column()))
}

fn scalar_pos(node: &MarkedScalarNode) -> Option<(usize, usize)> {
    node.span().start().map(|m| (m.line(), m.column()))
}

/// A plain `~`, `null` or empty value (as YAML 1.2 reads it).
fn is_null(node: &Node) -> bool {
    matches!(node, Node::Scalar(s) if s.may_coerce() && matches!(s.as_str(), "" | "~" | "null" | "Null" | "NULL"))
}

/// A number as YAML 1.2's core schema reads a plain scalar: decimal, `.inf`, `.nan`,
/// `0x` and `0o` integers.
pub fn yaml_f64(s: &str) -> Option<f64> {
    let (sign, body) = match s.as_bytes().first() {
        Some(b'-') => (-1.0, &s[1..]),
        Some(b'+') => (1.0, &s[1..]),
        _ => (1.0, s),
    };
    match body {
        ".inf" | ".Inf" | ".INF" => return Some(sign * f64::INFINITY),
        ".nan" | ".NaN" | ".NAN" if body.len() == s.len() => return Some(f64::NAN),
        _ => {}
    }
    if body.len() == s.len() {
        if let Some(hex) = s.strip_prefix("0x") {
            return u64::from_str_radix(hex, 16).ok().map(|v| v as f64);
        }
        if let Some(oct) = s.strip_prefix("0o") {
            return u64::from_str_radix(oct, 8).ok().map(|v| v as f64);
        }
    }
    // Only digits, `.`, exponents and signs reach Rust's parser, which would also take
    // `inf` and `nan` (text in YAML).
    if !body.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')) {
        return None;
    }
    body.parse::<f64>().ok().map(|v| sign * v)
}

/// An answer label's step in a rubric path: `.Warm`, or `["Yes.Partly"]` when the label
/// holds a character paths use, so that one label never reads as another's child.
pub fn label_path(label: &str) -> String {
    if label.contains(['.', '[', ']', '"']) { format!("[{label:?}]") } else { format!(".{label}") }
}

/// A label as YAML must write it as a key: plain when that reads back the same, else in
/// double quotes.
fn yaml_key(label: &str) -> String {
    let plain = !label.is_empty()
        && !label.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        && !label.ends_with(char::is_whitespace)
        && !label.contains([':', '#', ',', '[', ']', '{', '}'])
        && crate::rubric::tree::yaml_f64(label).is_none()
        && !matches!(label, "true" | "false" | "null" | "~");
    if plain { label.to_string() } else { format!("{label:?}") }
}

/// For `options` written as a list (`[Warm, Cold]`), the same labels in the map form
/// (N/A spellings left out: N/A is not an option).
fn options_hint(node: &Node) -> String {
    let labels: Vec<String> = match node {
        Node::Sequence(seq) => seq
            .iter()
            .filter_map(|n| n.as_scalar())
            .map(|s| s.as_str().trim())
            .filter(|l| !crate::tokens::is_na_token(l))
            .map(yaml_key)
            .collect(),
        _ => Vec::new(),
    };
    let example = match labels.as_slice() {
        [first, rest @ ..] if !rest.is_empty() && labels.len() <= 6 => {
            let rest: Vec<String> = rest.iter().map(|l| format!("{l}: 0")).collect();
            format!("{{ {first}: 1, {} }}", rest.join(", "))
        }
        _ => "{ Warm: 1, Neutral: 0.5, Cold: 0 }".to_string(),
    };
    format!("map each answer label to the fraction of the points it earns, e.g. `options: {example}`")
}

fn what(node: &Node) -> String {
    match node {
        Node::Scalar(s) if s.may_coerce() && s.as_str().is_empty() => "an empty value".into(),
        Node::Scalar(s) if s.may_coerce() => format!("`{}`", s.as_str()),
        Node::Scalar(s) => format!("the quoted text \"{}\"", s.as_str()),
        Node::Mapping(_) => "a mapping".into(),
        Node::Sequence(_) => "a list".into(),
    }
}

impl<'a> Reader<'a> {
    pub fn new(file: &'a Path) -> Self {
        Reader { file, errors: Vec::new(), index: Index::new(), failed: HashSet::new(), renamed: HashSet::new() }
    }

    fn fail(&mut self, path: &str, at: Option<(usize, usize)>, problem: String, hint: Option<String>) {
        self.errors.push(RubricError {
            file: self.file.to_path_buf(),
            line: at.map(|p| p.0),
            column: at.map(|p| p.1),
            path: path.to_string(),
            problem,
            hint,
        });
    }

    fn wrong(&mut self, path: &str, node: &Node, expected: &str) {
        let key = path.rsplit(['.', '[']).next().unwrap_or(path);
        let hint = match expected {
            "a number" => format!("write a number without quotes or units, e.g. `{key}: 2` or `{key}: 0.5`"),
            "a whole number (0 or more)" => format!("write a whole number without quotes, e.g. `{key}: 2`"),
            "true or false" => format!("write `{key}: true` or `{key}: false`"),
            "a list" => "write each item on its own line starting with `- `, indented under the key".into(),
            "a mapping of keys" => "write `key: value` lines indented under it".into(),
            _ => "write one value; put text in quotes if it holds `: ` or ` #`".into(),
        };
        self.wrong_with(path, node, expected, hint);
    }

    fn wrong_with(&mut self, path: &str, node: &Node, expected: &str, hint: String) {
        self.failed.insert(path.to_string());
        let problem = format!("{} is not {expected}", what(node));
        self.fail(path, pos(node), problem, Some(hint));
    }

    /// `node` as a mapping whose keys are all in `allowed` (each unknown one an error).
    fn obj<'n>(&mut self, path: &str, node: &'n Node, allowed: &[&str]) -> Option<Obj<'n>> {
        let Node::Mapping(map) = node else {
            self.wrong(path, node, "a mapping of keys");
            return None;
        };
        self.index.entry(path.to_string()).or_insert_with(|| pos(node).unwrap_or((1, 1)));
        for key in map.keys() {
            let at = scalar_pos(key);
            if at.is_some_and(|at| self.renamed.contains(&at)) {
                continue;
            }
            if allowed.contains(&key.as_str()) {
                if let Some(at) = at {
                    self.index.insert(join(path, key.as_str()), at);
                }
                continue;
            }
            // The likely key if one is close, else every allowed one.
            let hint = match crate::closest(key.as_str(), allowed.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => {
                    let list = allowed.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
                    format!("check its spelling and indentation; the keys here are {list}")
                }
            };
            self.fail(path, at, format!("unknown key `{}`", key.as_str()), Some(hint));
        }
        Some(Obj { path: path.to_string(), map })
    }

    /// A required key's value; its absence is an error at the mapping.
    fn need<'n>(&mut self, o: &Obj<'n>, key: &str, node: &'n Node) -> Option<(String, &'n Node)> {
        let got = o.get(key);
        if got.is_none() {
            self.failed.insert(join(&o.path, key));
            self.fail(&o.path, pos(node), format!("missing key `{key}`"), Some(format!("add `{key}:`")));
        }
        got
    }

    fn text(&mut self, path: &str, node: &Node) -> Option<String> {
        match node {
            Node::Scalar(s) => Some(s.as_str().to_string()),
            _ => {
                self.wrong(path, node, "a single value");
                None
            }
        }
    }

    fn num(&mut self, path: &str, node: &Node) -> Option<f64> {
        let v = match node {
            Node::Scalar(s) if s.may_coerce() => yaml_f64(s.as_str()),
            _ => None,
        };
        if v.is_none() {
            self.wrong(path, node, "a number");
        }
        v
    }

    fn whole(&mut self, path: &str, node: &Node) -> Option<u64> {
        let v = match node {
            Node::Scalar(s) if s.may_coerce() => s.as_str().strip_prefix('+').unwrap_or(s.as_str()).parse::<u64>().ok(),
            _ => None,
        };
        if v.is_none() {
            self.wrong(path, node, "a whole number (0 or more)");
        }
        v
    }

    fn flag(&mut self, path: &str, node: &Node) -> Option<bool> {
        let v = match node {
            Node::Scalar(s) => s.as_bool(),
            _ => None,
        };
        if v.is_none() {
            self.wrong(path, node, "true or false");
        }
        v
    }

    /// A list's items in written order, `None` where an item could not be read (so the
    /// others keep their own index in paths).
    fn list<T>(
        &mut self,
        path: &str,
        node: &Node,
        mut item: impl FnMut(&mut Self, &str, &Node) -> Option<T>,
    ) -> Option<Items<T>> {
        let Node::Sequence(seq) = node else {
            self.wrong(path, node, "a list");
            return None;
        };
        let mut out = Vec::new();
        for (i, n) in seq.iter().enumerate() {
            let p = format!("{path}[{i}]");
            if let Some(at) = pos(n) {
                self.index.insert(p.clone(), at);
            }
            out.push(item(self, &p, n));
        }
        Some(out)
    }

    fn opt<T>(&mut self, o: &Obj, key: &str, read: impl FnOnce(&mut Self, &str, &Node) -> Option<T>) -> Option<T> {
        let (path, node) = o.get(key)?;
        read(self, &path, node)
    }

    pub fn rubric(&mut self, node: &Node) -> Option<RawRubric> {
        let o = self.obj("", node, RUBRIC)?;
        Some(RawRubric {
            name: self.opt(&o, "name", Self::text),
            version: self.opt(&o, "version", Self::text),
            effective_from: self.opt(&o, "effective_from", Self::text),
            target: self.opt(&o, "target", Self::num),
            grades: self.opt(&o, "grades", |r, p, n| r.list(p, n, Self::grade)),
            critical_effect: self.opt(&o, "critical_effect", Self::text),
            bonus_cap: self.opt(&o, "bonus_cap", Self::flag),
            date_format: self.opt(&o, "date_format", Self::text),
            layout: self.opt(&o, "layout", Self::text),
            fields: self.opt(&o, "fields", Self::fields),
            checks: self.opt(&o, "checks", Self::checks),
            steady_within: self.opt(&o, "steady_within", Self::num),
            alert_below: self.opt(&o, "alert_below", Self::num),
            actions: self.opt(&o, "actions", Self::actions),
            ladder: self.opt(&o, "ladder", Self::ladder),
            shopper_margin: self.opt(&o, "shopper_margin", Self::num),
            sections: self.opt(&o, "sections", |r, p, n| r.list(p, n, Self::section)),
        })
    }

    fn grade(&mut self, path: &str, node: &Node) -> Option<RawGrade> {
        let o = self.obj(path, node, GRADE)?;
        let name = self.need(&o, "name", node).and_then(|(p, n)| self.text(&p, n));
        let min = self.need(&o, "min", node).and_then(|(p, n)| self.num(&p, n));
        Some(RawGrade { name: name?, min: min? })
    }

    fn fields(&mut self, path: &str, node: &Node) -> Option<RawFields> {
        let o = self.obj(path, node, FIELDS)?;
        Some(RawFields {
            visit_id: self.opt(&o, "visit_id", Self::text),
            location: self.opt(&o, "location", Self::text),
            date: self.opt(&o, "date", Self::text),
            region: self.opt(&o, "region", Self::text),
            shopper: self.opt(&o, "shopper", Self::text),
            channel: self.opt(&o, "channel", Self::text),
            time: self.opt(&o, "time", Self::text),
            levels: self.opt(&o, "levels", |r, p, n| r.list(p, n, Self::text)),
            keep: self.opt(&o, "keep", |r, p, n| r.list(p, n, Self::text)),
            replaces: self.opt(&o, "replaces", Self::text),
            version_date: self.opt(&o, "version_date", Self::text),
            question: self.opt(&o, "question", Self::text),
            answer: self.opt(&o, "answer", Self::text),
            comment: self.opt(&o, "comment", Self::text),
        })
    }

    fn checks(&mut self, path: &str, node: &Node) -> Option<RawChecks> {
        let o = self.obj(path, node, CHECKS)?;
        Some(RawChecks {
            max_visits_per_shopper_location: self.opt(&o, "max_visits_per_shopper_location", Self::whole),
            min_minutes_between_locations: self.opt(&o, "min_minutes_between_locations", Self::whole),
            straight_lining: self.opt(&o, "straight_lining", Self::flag),
            future_dates: self.opt(&o, "future_dates", Self::flag),
        })
    }

    fn actions(&mut self, path: &str, node: &Node) -> Option<RawActions> {
        let o = self.obj(path, node, ACTIONS)?;
        Some(RawActions {
            min_failures: self.opt(&o, "min_failures", Self::whole),
            in_a_row: self.opt(&o, "in_a_row", Self::whole),
        })
    }

    fn ladder(&mut self, path: &str, node: &Node) -> Option<RawLadder> {
        let o = self.obj(path, node, LADDER)?;
        let pass = self.need(&o, "pass", node).and_then(|(p, n)| self.num(&p, n));
        let steps = self.need(&o, "steps", node).and_then(|(p, n)| self.list(&p, n, Self::text));
        Some(RawLadder { pass, steps, reset: self.opt(&o, "reset", Self::text) })
    }

    fn section(&mut self, path: &str, node: &Node) -> Option<RawSection> {
        let o = self.obj(path, node, SECTION)?;
        let id = self.need(&o, "id", node).and_then(|(p, n)| self.text(&p, n));
        let section = RawSection {
            id: id.unwrap_or_default(),
            title: self.opt(&o, "title", Self::text),
            weight: self.opt(&o, "weight", Self::num),
            pass_mark: self.opt(&o, "pass_mark", Self::num),
            questions: self.opt(&o, "questions", |r, p, n| r.list(p, n, Self::question)),
        };
        Some(section)
    }

    fn question(&mut self, path: &str, node: &Node) -> Option<RawQuestion> {
        let o = self.obj(path, node, QUESTION)?;
        let id = self.need(&o, "id", node).and_then(|(p, n)| self.text(&p, n));
        let kind = self.need(&o, "type", node).and_then(|(p, n)| self.text(&p, n));
        let question = RawQuestion {
            id: id.unwrap_or_default(),
            text: self.opt(&o, "text", Self::text),
            column: self.opt(&o, "column", Self::text),
            kind: kind.unwrap_or_default(),
            points: self.opt(&o, "points", Self::num),
            na: self.opt(&o, "na", Self::flag),
            critical: self.opt(&o, "critical", Self::flag),
            bonus: self.opt(&o, "bonus", Self::flag),
            comment: self.opt(&o, "comment", Self::text),
            comment_required_on_fail: self.opt(&o, "comment_required_on_fail", Self::flag),
            expected: self.opt(&o, "expected", Self::text),
            min: self.opt(&o, "min", Self::num),
            max: self.opt(&o, "max", Self::num),
            step: self.opt(&o, "step", Self::num),
            options: self.opt(&o, "options", Self::options),
            bands: self.opt(&o, "bands", |r, p, n| r.list(p, n, Self::band)),
        };
        Some(question)
    }

    /// `label: fraction` pairs in written order.
    fn options(&mut self, path: &str, node: &Node) -> Option<Vec<(String, f64)>> {
        let Node::Mapping(map) = node else {
            let hint = options_hint(node);
            self.wrong_with(path, node, "a mapping of answer labels to fractions", hint);
            return None;
        };
        let mut out = Vec::new();
        for (label, value) in map.iter() {
            let p = format!("{path}{}", label_path(label.as_str().trim()));
            let at = scalar_pos(label);
            if let Some(at) = at {
                self.index.insert(p.clone(), at);
            }
            // A label without a usable fraction gets NaN; its error is reported here, and
            // the rules checked later stay quiet about its path.
            let fraction = if is_null(value) {
                self.failed.insert(p.clone());
                let label = label.as_str().trim();
                self.fail(
                    &p,
                    at,
                    format!("the answer `{label}` has no fraction"),
                    Some(format!("write `{label}: 1` for full points, `{label}: 0` for none, or a fraction between")),
                );
                None
            } else {
                self.num(&p, value)
            };
            out.push((label.as_str().to_string(), fraction.unwrap_or(f64::NAN)));
        }
        Some(out)
    }

    fn band(&mut self, path: &str, node: &Node) -> Option<RawBand> {
        let o = self.obj(path, node, BAND)?;
        let min = self.opt(&o, "min", Self::num);
        let max = self.opt(&o, "max", Self::num);
        let score = self.need(&o, "score", node).and_then(|(p, n)| self.num(&p, n));
        Some(RawBand { min, max, score: score? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_yaml_reads_them() {
        let cases = [
            ("5", 5.0),
            ("-2.5", -2.5),
            ("+3", 3.0),
            ("+.inf", f64::INFINITY),
            (".5", 0.5),
            ("1e3", 1000.0),
            ("0x1F", 31.0),
            ("0o17", 15.0),
            (".inf", f64::INFINITY),
            ("-.Inf", f64::NEG_INFINITY),
        ];
        for (text, v) in cases {
            assert_eq!(yaml_f64(text), Some(v), "{text}");
        }
        assert!(yaml_f64(".nan").is_some_and(f64::is_nan));
        for text in ["inf", "nan", "infinity", "", "-", "1,5", "five", "-.nan", "0x", "1 2"] {
            assert_eq!(yaml_f64(text), None, "{text}");
        }
    }
}
