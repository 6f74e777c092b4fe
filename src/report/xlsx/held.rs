//! Rows held until the end of the run, compactly: all text in one string, each cell 16
//! bytes, so holding a table's worth of rows costs little more than their text.

use super::cell::Cell;

#[derive(Debug, Clone, Copy)]
enum Held {
    Blank,
    /// A byte range of [`HeldRows::text`].
    Text(u32, u32),
    Number(f64),
    Score(f64),
}

/// Rows of a fixed width, in order.
#[derive(Debug, Default)]
pub struct HeldRows {
    text: String,
    cells: Vec<Held>,
}

impl HeldRows {
    /// Holds one row. `false` (and nothing held) when the text would pass what a `u32`
    /// offset reaches; callers stop holding long before.
    pub fn push(&mut self, row: &[Cell]) -> bool {
        let (start, text) = (self.cells.len(), self.text.len());
        for cell in row {
            let held = match *cell {
                Cell::Blank => Held::Blank,
                Cell::Number(v) => Held::Number(v),
                Cell::Score(v) => Held::Score(v),
                Cell::Text(t) => {
                    let begin = u32::try_from(self.text.len());
                    self.text.push_str(t);
                    match (begin, u32::try_from(self.text.len())) {
                        (Ok(b), Ok(e)) => Held::Text(b, e),
                        _ => {
                            self.cells.truncate(start);
                            self.text.truncate(text);
                            return false;
                        }
                    }
                }
            };
            self.cells.push(held);
        }
        true
    }

    pub fn cells(&self) -> usize {
        self.cells.len()
    }

    /// Bytes of text held.
    pub fn text_bytes(&self) -> usize {
        self.text.len()
    }

    /// The rows again, `width` cells each.
    pub fn rows(&self, width: usize) -> impl Iterator<Item = Vec<Cell<'_>>> {
        self.cells.chunks(width.max(1)).map(|row| row.iter().map(|h| self.cell(*h)).collect())
    }

    fn cell(&self, held: Held) -> Cell<'_> {
        match held {
            Held::Blank => Cell::Blank,
            Held::Number(v) => Cell::Number(v),
            Held::Score(v) => Cell::Score(v),
            Held::Text(b, e) => Cell::Text(self.text.get(b as usize..e as usize).unwrap_or_default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_back_as_held() {
        let mut h = HeldRows::default();
        assert!(h.push(&[Cell::Text("a.csv"), Cell::Number(2.0), Cell::Score(12.5), Cell::Blank]));
        assert!(h.push(&[Cell::Text("é"), Cell::Number(3.0), Cell::Blank, Cell::Text("=1+1")]));
        let rows: Vec<String> = h.rows(4).map(|r| format!("{r:?}")).collect();
        assert_eq!(
            rows,
            [r#"[Text("a.csv"), Number(2.0), Score(12.5), Blank]"#, r#"[Text("é"), Number(3.0), Blank, Text("=1+1")]"#]
        );
        assert_eq!((h.cells(), h.text_bytes()), (8, 11));
    }
}
