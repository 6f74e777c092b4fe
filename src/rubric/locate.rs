//! Finds where in the YAML text a rule was broken, for errors found after parsing.
//!
//! serde_yaml gives positions only for syntax and type errors. For rule errors (a
//! duplicate id, a band outside [0, 1]) we know the item's `id` and the offending key,
//! and look them up in the text: good enough to put the cursor on the right line.

/// Line and column (1-based) of `key:` inside the item whose `id` is `id`, or of the
/// item's `id:` line when the key is not written there.
pub fn locate(text: &str, id: &str, key: Option<&str>) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| is_id_line(l, id))?;
    let indent = item_indent(lines[start]);
    let at = |i: usize| {
        let l = lines[i];
        (i + 1, l.len() - l.trim_start_matches([' ', '-']).len() + 1)
    };
    let Some(key) = key else {
        return Some(at(start));
    };
    // The item's keys sit at its own indent; the item ends at the next line indented less
    // or at the next list item of the same depth.
    for (i, l) in lines.iter().enumerate().skip(start) {
        let trimmed = l.trim_start();
        if i > start && !trimmed.is_empty() && !trimmed.starts_with('#') {
            let ind = item_indent(l);
            if ind < indent || (ind == indent && trimmed.starts_with('-')) {
                break;
            }
        }
        let body = trimmed.trim_start_matches(['-', ' ']);
        if item_indent(l) == indent && body.starts_with(key) && body[key.len()..].trim_start().starts_with(':') {
            return Some(at(i));
        }
    }
    Some(at(start))
}

fn is_id_line(line: &str, id: &str) -> bool {
    let body = line.trim_start().trim_start_matches(['-', ' ', '{']);
    let Some(rest) = body.strip_prefix("id") else {
        return false;
    };
    let Some(value) = rest.trim_start().strip_prefix(':') else {
        return false;
    };
    let value = value.split([',', '#', '}']).next().unwrap_or("").trim();
    value.trim_matches(['"', '\'']) == id
}

/// Indent of the item's keys: a `- id:` line counts from the key after the dash.
fn item_indent(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '-']).len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "sections:\n  - id: greeting\n    questions:\n      - id: q1\n        type: yes_no\n        points: -1\n      - id: q2\n        type: scale\n";

    #[test]
    fn finds_the_key_of_the_item() {
        assert_eq!(locate(TEXT, "q1", Some("points")), Some((6, 9)));
    }

    #[test]
    fn falls_back_to_the_id_line() {
        assert_eq!(locate(TEXT, "q2", Some("points")), Some((7, 9)));
        assert_eq!(locate(TEXT, "greeting", None), Some((2, 5)));
    }

    #[test]
    fn unknown_id_has_no_position() {
        assert_eq!(locate(TEXT, "nope", None), None);
    }
}
