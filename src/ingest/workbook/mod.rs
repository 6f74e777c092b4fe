//! Excel workbooks (and the other formats calamine reads: `.xlsm`, `.xlsb`, `.xls`,
//! `.ods`) as inputs. A workbook is told by its first bytes ([`kind`]: a zip or an
//! OLE compound file), not by its name, so standard input and a misnamed file work. Its
//! bytes are read once through the [`Source`] (the SHA-256 and the changed-while-read
//! check hold), then calamine reads the chosen sheet ([`sheet_reader`]: the first, or
//! `--sheet NAME`): an `.xlsx` sheet streamed cell by cell on a thread (`stream`), the
//! other formats whole into memory; its rows are handed out as records ([`Sheet`]).
//! Cells that are dates or errors are marked ([`cell::Mark`]) and become data issues,
//! or words in one, after the row is read ([`marks`]).

mod cell;
mod guard;
pub(super) mod marks;
mod sheet;
mod stream;

use std::io::{Cursor, Read};
use std::sync::Arc;

use guard::guarded;
use std::path::Path;

use calamine::{Reader as _, Sheets};

pub(crate) use cell::Mark;
use sheet::Rows;
pub(crate) use sheet::Sheet;
use stream::Stream;

use super::error::InputError;
use super::source::Source;

/// The extensions a folder input takes beside `.csv`.
pub const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Whether a file in a folder input is one to read: a `.csv` or a workbook, and not one
/// of Excel's lock files (`~$name.xlsx`, there while the workbook is open).
pub fn is_input_name(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
    let lock = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("~$"));
    !lock && (ext.eq_ignore_ascii_case("csv") || EXTENSIONS.iter().any(|x| ext.eq_ignore_ascii_case(x)))
}

/// A workbook's bytes, read once and shared by every reader calamine tries on them.
pub(super) type Bytes = Cursor<Arc<[u8]>>;

/// What a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A zip archive: `.xlsx`, `.xlsm`, `.xlsb` or `.ods`.
    Zip,
    /// An OLE compound file: Excel 97-2003's `.xls`.
    Ole,
}

impl Kind {
    fn what(self) -> &'static str {
        match self {
            Kind::Zip => "a zip archive",
            Kind::Ole => "an Office document (OLE compound file)",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            Kind::Zip => {
                "if it is a workbook, open it in Excel and save it again as .xlsx (or as CSV UTF-8); if it is another archive, unpack it and score the CSV it holds"
            }
            Kind::Ole => {
                "if it is an Excel 97-2003 workbook, open it in Excel and save it again as .xlsx (or as CSV UTF-8); another Office document (Word, PowerPoint) holds no visits"
            }
        }
    }

    /// Why the workbook reader of this kind cannot read `bytes`, in its own words (the
    /// reader that tries every format says only that none could).
    fn why_not(self, bytes: Bytes) -> String {
        let error = guarded(|| match self {
            Kind::Zip => calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(bytes).err().map(|e| e.to_string()),
            Kind::Ole => calamine::open_workbook_from_rs::<calamine::Xls<_>, _>(bytes).err().map(|e| e.to_string()),
        });
        error.unwrap_or_else(Some).unwrap_or_else(|| "its format was not recognised".to_string())
    }
}

/// The workbook kind `head` (a file's first bytes) starts like, if any.
pub(super) fn kind(head: &[u8]) -> Option<Kind> {
    if head.starts_with(b"PK\x03\x04") {
        Some(Kind::Zip)
    } else if head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        Some(Kind::Ole)
    } else {
        None
    }
}

/// The first bytes of `file` (up to 8), read to tell a workbook from text.
pub(super) fn head(file: &mut Source) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(8);
    file.take(8).read_to_end(&mut head)?;
    Ok(head)
}

/// A workbook's sheet, ready to read: its records, its name and the format read.
pub(crate) struct Opened {
    pub sheet: Sheet,
    pub name: String,
    /// `xlsx`, `xls`, `xlsb` or `ods`, as the About sheet and `summary.json` say.
    pub format: &'static str,
}

/// Reads the rest of `file` (whose first bytes are `head`, of `kind`) as a workbook
/// and opens `wanted` (or the first sheet). A sheet with no value is an error, as an
/// empty CSV file is.
pub(super) fn sheet_reader(
    path: &Path,
    kind: Kind,
    head: Vec<u8>,
    mut file: Source,
    wanted: Option<&str>,
) -> Result<Opened, InputError> {
    let size = file.size();
    let mut bytes = head;
    file.read_to_end(&mut bytes).map_err(|e| InputError::io(path, e))?;
    let not_workbook = |error: String| InputError::NotWorkbook {
        file: path.to_path_buf(),
        what: kind.what(),
        error,
        hint: kind.hint(),
    };
    // Shared, not copied: calamine clones its reader for each format it tries.
    let bytes: Bytes = Cursor::new(Arc::from(bytes));
    let book = match guarded(|| calamine::open_workbook_auto_from_rs(bytes.clone())) {
        Ok(Ok(book)) => book,
        Ok(Err(_)) => return Err(not_workbook(kind.why_not(bytes))),
        Err(panicked) => return Err(not_workbook(panicked)),
    };
    let format = match book {
        Sheets::Xls(_) => "xls",
        Sheets::Xlsx(_) => "xlsx",
        Sheets::Xlsb(_) => "xlsb",
        Sheets::Ods(_) => "ods",
    };
    let names = book.sheet_names();
    let name = match wanted {
        Some(w) => match names.iter().find(|n| *n == w).or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(w))) {
            Some(n) => n.clone(),
            None => return Err(no_sheet(path, w, &names)),
        },
        None => match names.first() {
            Some(n) => n.clone(),
            None => return Err(InputError::EmptySheet { file: path.to_path_buf(), sheets: String::new() }),
        },
    };
    let sheet_error = |e: String| not_workbook(format!("sheet `{name}`: {e}"));
    let rows = match book {
        Sheets::Xlsx(xlsx) => Rows::Streamed(Stream::open(xlsx, name.clone()).map_err(sheet_error)?),
        mut book => {
            let range = guarded(|| book.worksheet_range(&name).map_err(|e| e.to_string())).and_then(|r| r);
            Rows::Whole(range.map_err(sheet_error)?, 0)
        }
    };
    let mut sheet = Sheet::new(rows, size);
    let named = std::path::PathBuf::from(format!("{}[{name}]", path.display()));
    if sheet.is_blank().map_err(|e| InputError::reading(&named, 1, e))? {
        return Err(InputError::EmptySheet { file: named, sheets: listed(&names, None) });
    }
    Ok(Opened { sheet, name, format })
}

/// `--sheet` names no sheet of the workbook: the error lists its sheets, closest first.
fn no_sheet(path: &Path, wanted: &str, names: &[String]) -> InputError {
    InputError::NoSheet { file: path.to_path_buf(), sheet: wanted.to_string(), sheets: listed(names, Some(wanted)) }
}

/// The sheets as a hint lists them: `` `Visits`, `Notes` ``, the ones close to `wanted`
/// first (closest first), then the rest in the workbook's order.
fn listed(names: &[String], wanted: Option<&str>) -> String {
    let mut order: Vec<(usize, usize, &String)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (wanted.and_then(|w| crate::typo_distance(w, n)).unwrap_or(usize::MAX), i, n))
        .collect();
    order.sort();
    order.iter().map(|(_, _, n)| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_in_a_folder_are_csv_and_workbooks_but_not_lock_files() {
        for yes in ["a.csv", "b.XLSX", "c.xlsm", "d.xls", "e.xlsb", "f.ods", "dir/g.Csv"] {
            assert!(is_input_name(Path::new(yes)), "{yes}");
        }
        for no in ["~$b.xlsx", "dir/~$a.csv", "notes.txt", "xlsx", "a.xlsx.bak"] {
            assert!(!is_input_name(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn workbooks_are_told_by_their_first_bytes() {
        assert_eq!(kind(b"PK\x03\x04rest"), Some(Kind::Zip));
        assert_eq!(kind(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), Some(Kind::Ole));
        assert_eq!(kind(b"PK\x05\x06"), None);
        assert_eq!(kind(b"Visit ID,Store"), None);
        assert_eq!(kind(b""), None);
    }

    #[test]
    fn sheets_are_listed_closest_first() {
        let names: Vec<String> = ["Notes", "Visits", "Visits 2025"].iter().map(|s| s.to_string()).collect();
        assert_eq!(listed(&names, Some("Vists")), "`Visits`, `Visits 2025`, `Notes`");
        assert_eq!(listed(&names, None), "`Notes`, `Visits`, `Visits 2025`");
    }
}
