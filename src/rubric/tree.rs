//! The YAML tree (marked-yaml: every node keeps its line and column) read into the raw
//! rubric. Every unknown key, wrong type and missing key is reported, each at its own
//! position, not only the first; and every key's position is kept in an [`Index`] for
//! the rule errors found later.

use std::collections::HashMap;
use std::path::Path;

use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode};
use marked_yaml::{LoadError, Node};

use super::raw::{RawBand, RawChecks, RawFields, RawGrade, RawQuestion, RawRubric, RawSection};
use super::{RubricError, RubricErrors};

/// Line and column (1-based) of every key and list item, by its path in the rubric
/// (`sections[0].questions[1].points`).
pub type Index = HashMap<String, (usize, usize)>;

const RUBRIC: &[&str] = &[
    "name",
    "version",
    "target",
    "grades",
    "critical_effect",
    "bonus_cap",
    "date_format",
    "fields",
    "checks",
    "steady_within",
    "sections",
];
const GRADE: &[&str] = &["name", "min"];
const FIELDS: &[&str] = &["visit_id", "location", "date", "region", "shopper", "channel", "time", "keep"];
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
pub fn allowed_keys() -> [(&'static str, &'static [&'static str]); 7] {
    [
        ("", RUBRIC),
        ("grades", GRADE),
        ("fields", FIELDS),
        ("checks", CHECKS),
        ("sections", SECTION),
        ("questions", QUESTION),
        ("bands", BAND),
    ]
}

/// Parses `text` into a tree; a syntax error, a duplicate key (at the second one) or a
/// construct rubrics do not use (anchors, tags) is one error.
pub fn parse(file: &Path, text: &str) -> Result<Node, RubricErrors> {
    let options = marked_yaml::LoaderOptions::default().error_on_duplicate_keys(true).prevent_coercion(true);
    marked_yaml::parse_yaml_with_options(0, text, options).map_err(|e| RubricErrors(vec![load_error(file, text, e)]))
}

fn load_error(file: &Path, text: &str, e: LoadError) -> RubricError {
    let at = |m: &marked_yaml::Marker| (Some(m.line()), Some(m.column()));
    let ((line, column), problem, hint) = match e {
        LoadError::ScanError(m, e) => (at(&m), e.info().to_string(), None),
        LoadError::DuplicateKey(d) => {
            let first =
                d.prev_key.span().start().map_or_else(String::new, |m| format!(" (first on line {})", m.line()));
            let pos = d.key.span().start().map_or((None, None), at);
            (pos, format!("the key `{}` is written twice{first}", d.key.as_str()), Some("keep one of them".into()))
        }
        LoadError::TopLevelMustBeMapping(m) => (
            at(&m),
            if text.trim().is_empty() {
                "the file is empty".into()
            } else {
                "the file is not a mapping of keys".into()
            },
            Some("a rubric starts with keys such as `name:` and `sections:`".into()),
        ),
        LoadError::TopLevelMustBeSequence(m) => (at(&m), "the file is not a mapping of keys".into(), None),
        LoadError::UnexpectedAnchor(m) => (
            at(&m),
            "anchors and aliases (`&name`, `*name`) are not supported".into(),
            Some("write the value out in full".into()),
        ),
        LoadError::UnexpectedTag(m) => {
            (at(&m), "YAML tags (`!name`) are not supported".into(), Some("remove the tag".into()))
        }
        LoadError::MappingKeyMustBeScalar(m) => {
            (at(&m), "a key must be plain text".into(), Some("write keys such as `name:`".into()))
        }
    };
    RubricError { file: file.to_path_buf(), line, column, path: String::new(), problem, hint }
}

/// Reads a tree into the raw rubric, collecting every error.
pub struct Reader<'a> {
    file: &'a Path,
    pub errors: Vec<RubricError>,
    pub index: Index,
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
        Reader { file, errors: Vec::new(), index: Index::new() }
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
        let problem = format!("{} is not {expected}", what(node));
        let hint = "check the value's type: numbers unquoted, text in quotes if it has a `:`";
        self.fail(path, pos(node), problem, Some(hint.into()));
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
            if allowed.contains(&key.as_str()) {
                if let Some(at) = at {
                    self.index.insert(join(path, key.as_str()), at);
                }
                continue;
            }
            let list = allowed.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
            let hint = match crate::closest(key.as_str(), allowed.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => "remove it or check its spelling and indentation".into(),
            };
            self.fail(path, at, format!("unknown field `{}`, expected one of {list}", key.as_str()), Some(hint));
        }
        Some(Obj { path: path.to_string(), map })
    }

    /// A required key's value; its absence is an error at the mapping.
    fn need<'n>(&mut self, o: &Obj<'n>, key: &str, node: &'n Node) -> Option<(String, &'n Node)> {
        let got = o.get(key);
        if got.is_none() {
            self.fail(&o.path, pos(node), format!("missing field `{key}`"), Some(format!("add `{key}:`")));
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

    fn list<T>(
        &mut self,
        path: &str,
        node: &Node,
        mut item: impl FnMut(&mut Self, &str, &Node) -> Option<T>,
    ) -> Option<Vec<T>> {
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
            out.extend(item(self, &p, n));
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
            target: self.opt(&o, "target", Self::num),
            grades: self.opt(&o, "grades", |r, p, n| r.list(p, n, Self::grade)),
            critical_effect: self.opt(&o, "critical_effect", Self::text),
            bonus_cap: self.opt(&o, "bonus_cap", Self::flag),
            date_format: self.opt(&o, "date_format", Self::text),
            fields: self.opt(&o, "fields", Self::fields),
            checks: self.opt(&o, "checks", Self::checks),
            steady_within: self.opt(&o, "steady_within", Self::num),
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
            keep: self.opt(&o, "keep", |r, p, n| r.list(p, n, Self::text)),
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
            self.wrong(path, node, "a mapping of answer labels to fractions");
            return None;
        };
        let mut out = Vec::new();
        for (label, value) in map.iter() {
            let p = format!("{path}.{}", label.as_str().trim());
            if let Some(at) = scalar_pos(label) {
                self.index.insert(p.clone(), at);
            }
            // A label with no fraction gets NaN, refused as "not a fraction" with the rules.
            let fraction = if is_null(value) { None } else { self.num(&p, value) };
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

    #[test]
    fn hostile_yaml_is_an_error_not_a_panic() {
        let file = Path::new("r.yaml");
        for text in [
            "",
            "# only a comment\n",
            "---\n",
            "- a\n- b\n",
            "just text",
            "a: &x 1\nb: *x\n",
            "a: *x\n",
            "a: !!str 1\n",
            "? [a, b]\n: 1\n",
            "a: [1, 2\n",
            "a: 1\n  b: 2\n",
            "a: 'open\n",
            "a: 1\n---\nb: 2\n",
            "\t- x\n",
            "{a: 1, a: 2}\n",
        ] {
            let _ = parse(file, text);
        }
    }
}
