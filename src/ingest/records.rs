//! CSV records from the decoded text, each with the physical line it starts on.
//!
//! Most rows of a shopper export hold no `"`: such a row is exactly one line, and its
//! fields are the line split at the delimiter, which is what any CSV parser makes of it.
//! Those rows are split here, straight from the read buffer. A row with a `"` anywhere in
//! its first line goes through csv_core (the csv crate's own parser), which handles
//! quoted delimiters, doubled quotes and line breaks inside quotes. Blank lines between
//! records are skipped, as csv_core skips them, and counted. Line ends are made `\n` as
//! the text is read ([`super::crlf`]).
//!
//! A record may hold at most [`MAX_RECORD`] bytes and [`MAX_FIELDS`] fields: a longer one
//! (a file with no line ends, `/dev/zero`) is an error, not a buffer that grows until
//! memory runs out. The read buffer and the record's fields stay within about twice that.

use std::io::{self, Read};

/// The read buffer's first size; a longer line doubles it.
const CHUNK: usize = 256 * 1024;

/// The most text one record may hold (64 MiB): a thousand times a long comment, and
/// still well inside memory.
pub const MAX_RECORD: usize = 64 << 20;

/// The most fields one record may hold: four times Excel's 16,384 columns. Each field
/// costs 16 bytes of bounds, so a 64 MiB line of delimiters alone would need 1 GiB.
pub const MAX_FIELDS: usize = 65_536;

/// Why no record could be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Io(#[from] io::Error),
    /// The record starting on `line` holds more than `limit` bytes of text as written.
    #[error("the record starting on line {line} holds more than {limit} bytes")]
    TooLong { line: u64, limit: usize },
    /// The record starting on `line` holds more than `limit` fields.
    #[error("the record starting on line {line} holds more than {limit} fields")]
    TooManyFields { line: u64, limit: usize },
}

pub struct Records<R> {
    src: R,
    /// Text not yet handed out: `buf[start..end]`.
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// Whether anything has been read yet (a UTF-8 byte-order mark is skipped at the
    /// very start, as csv_core does).
    started: bool,
    /// The physical line (1-based) that `buf[start]` is on.
    line: u64,
    /// Bytes handed out before `buf[start]`, for progress.
    offset: u64,
    delimiter: u8,
    core: csv_core::Reader,
    /// A quoted record's fields, as csv_core writes them: concatenated, with their ends.
    out: Vec<u8>,
    ends: Vec<usize>,
    /// The fields of the record handed out, as ranges of its bytes.
    bounds: Vec<(usize, usize)>,
    /// How much of the line at `start` is known to hold no `\n`: a line longer than one
    /// read is searched once, not again from its start after every refill.
    scanned: usize,
    /// A `\r` ended the last read ([`super::crlf::line_ends`]).
    after_cr: bool,
    /// The most bytes a record may hold ([`MAX_RECORD`]; tests set less).
    max_record: usize,
    /// Bytes searched for line ends, for the test that long lines cost linear time.
    #[cfg(test)]
    searched: usize,
}

/// One record: its fields are `bytes[a..b]` for each `(a, b)` of `bounds`.
pub struct Record<'a> {
    /// The physical line it starts on.
    pub line: u64,
    /// The physical line it ends on: after `line` only when a quoted field holds line
    /// breaks (a record that runs to the end of the text inside a quote ends on its last
    /// line, not on the empty one after a final line break).
    pub last_line: u64,
    pub bytes: &'a [u8],
    pub bounds: &'a [(usize, usize)],
}

impl<R: Read> Records<R> {
    pub fn new(src: R, delimiter: u8) -> Records<R> {
        Records::with_chunk(src, delimiter, CHUNK)
    }

    /// Starts with a buffer of `chunk` bytes (small ones test the refills).
    fn with_chunk(src: R, delimiter: u8, chunk: usize) -> Records<R> {
        Records::with_limit(src, delimiter, chunk, MAX_RECORD)
    }

    /// As [`Records::with_chunk`], with records of at most `max_record` bytes.
    fn with_limit(src: R, delimiter: u8, chunk: usize, max_record: usize) -> Records<R> {
        let mut core = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        // csv_core drops a byte-order mark at the start of the first input it is handed.
        // The start of the file is handled here; a mark before a later quoted row is text
        // (as the csv crate, which read the header first, kept it): so csv_core is handed
        // one blank line, which it skips, before any row.
        let _ = core.read_record(b"\n", &mut [0; 1], &mut [0; 1]);
        Records {
            src,
            buf: vec![0; chunk],
            start: 0,
            end: 0,
            eof: false,
            started: false,
            line: 1,
            offset: 0,
            delimiter,
            core,
            out: vec![0; 1024],
            ends: vec![0; 64],
            bounds: Vec::new(),
            scanned: 0,
            after_cr: false,
            max_record,
            #[cfg(test)]
            searched: 0,
        }
    }

    /// Bytes of text handed out so far.
    pub fn position(&self) -> u64 {
        self.offset
    }

    /// The physical line reached.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Moves the unread text to the front and reads after it until the buffer is full or
    /// the text ends; a buffer full of one unfinished line doubles, up to one byte more
    /// than a record may hold (the caller stops there).
    fn fill(&mut self) -> io::Result<()> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            (self.end, self.start) = (self.end - self.start, 0);
        }
        if self.end == self.buf.len() {
            let len = (self.buf.len() * 2).min(self.max_record + 1).max(self.buf.len() + 1);
            self.buf.resize(len, 0);
        }
        while self.end < self.buf.len() && !self.eof {
            match self.src.read(&mut self.buf[self.end..]) {
                Ok(0) => self.eof = true,
                Ok(n) => {
                    let from = self.end;
                    self.end = from + super::crlf::line_ends(&mut self.buf[from..from + n], &mut self.after_cr);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        if !self.started && self.end >= 3 {
            self.started = true;
            if self.buf.starts_with(b"\xEF\xBB\xBF") {
                self.start = 3;
                self.offset += 3;
            }
        }
        if self.eof {
            self.started = true;
        }
        Ok(())
    }

    /// The next record, or `None` at the end of the text.
    pub fn next_record(&mut self) -> Result<Option<Record<'_>>, ReadError> {
        loop {
            while self.start < self.end && self.buf[self.start] == b'\n' {
                self.start += 1;
                self.line += 1;
                self.offset += 1;
            }
            if self.start == self.end || !self.started {
                if self.eof {
                    return Ok(None);
                }
                self.fill()?;
                continue;
            }
            let rest = &self.buf[self.start + self.scanned..self.end];
            #[cfg(test)]
            {
                self.searched += rest.len();
            }
            let line_end = match memchr::memchr(b'\n', rest) {
                Some(i) => self.start + self.scanned + i,
                None if !self.eof => {
                    if self.end - self.start > self.max_record {
                        return Err(ReadError::TooLong { line: self.line, limit: self.max_record });
                    }
                    self.scanned = self.end - self.start;
                    self.fill()?;
                    continue;
                }
                None => self.end,
            };
            self.scanned = 0;
            let (first, line) = (self.start, self.line);
            if line_end - first > self.max_record {
                return Err(ReadError::TooLong { line, limit: self.max_record });
            }
            // Only a line this long can hold too many fields: one compare for the rest. A
            // line with a quote is csv_core's, whose field ends are capped as they grow
            // (delimiters inside quotes are text).
            let long = line_end - first >= MAX_FIELDS;
            if long && too_many_fields(&self.buf[first..line_end], self.delimiter) {
                return Err(ReadError::TooManyFields { line, limit: MAX_FIELDS });
            }
            if !split(&self.buf[first..line_end], self.delimiter, &mut self.bounds) {
                return self.quoted().map(Some);
            }
            let next = (line_end + 1).min(self.end);
            self.offset += (next - first) as u64;
            self.line += u64::from(line_end < self.end);
            self.start = next;
            let bytes = &self.buf[first..line_end];
            return Ok(Some(Record { line, last_line: line, bytes, bounds: &self.bounds }));
        }
    }

    /// A record that holds a quote, read by csv_core (refilling as it needs).
    fn quoted(&mut self) -> Result<Record<'_>, ReadError> {
        use csv_core::ReadRecordResult as R;
        let line = self.line;
        let (mut nout, mut nends) = (0, 0);
        // The last byte of the record's text read so far (a final `\n` ends its last
        // line), and how many bytes of text it holds as written.
        let (mut last, mut raw) = (0, 0);
        loop {
            let input = &self.buf[self.start..self.end];
            let (res, nin, o, e) = self.core.read_record(input, &mut self.out[nout..], &mut self.ends[nends..]);
            self.line += memchr::memchr_iter(b'\n', &input[..nin]).count() as u64;
            if nin > 0 {
                last = input[nin - 1];
            }
            raw += nin;
            // One byte more for the line end that closes the record.
            if raw > self.max_record + 1 {
                return Err(ReadError::TooLong { line, limit: self.max_record });
            }
            self.offset += nin as u64;
            self.start += nin;
            (nout, nends) = (nout + o, nends + e);
            match res {
                R::InputEmpty if !self.eof => self.fill()?,
                // At the end csv_core is handed empty input, which ends the record.
                R::InputEmpty => {}
                R::OutputFull if self.out.len() > self.max_record => {
                    return Err(ReadError::TooLong { line, limit: self.max_record });
                }
                R::OutputFull => {
                    let len = (self.out.len() * 2).min(self.max_record + 1).max(self.out.len() + 1);
                    self.out.resize(len, 0);
                }
                R::OutputEndsFull if self.ends.len() >= MAX_FIELDS => {
                    return Err(ReadError::TooManyFields { line, limit: MAX_FIELDS });
                }
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                R::Record | R::End => break,
            }
        }
        if raw - usize::from(last == b'\n') > self.max_record {
            return Err(ReadError::TooLong { line, limit: self.max_record });
        }
        self.bounds.clear();
        let mut at = 0;
        for &end in &self.ends[..nends] {
            self.bounds.push((at, end));
            at = end;
        }
        let last_line = self.line.saturating_sub(u64::from(last == b'\n')).max(line);
        Ok(Record { line, last_line, bytes: &self.out[..nout], bounds: &self.bounds })
    }
}

/// Whether a line holding no `"` has more than [`MAX_FIELDS`] fields.
fn too_many_fields(line: &[u8], delimiter: u8) -> bool {
    memchr::memchr(b'"', line).is_none() && memchr::memchr_iter(delimiter, line).count() >= MAX_FIELDS
}

/// The fields of a line holding no `"`, as ranges into `bounds`; `false` (and `bounds`
/// unspecified) when the line holds a `"`. Eight bytes at a time: fields are a few bytes
/// apart, closer than memchr's set-up pays for.
fn split(line: &[u8], delimiter: u8, bounds: &mut Vec<(usize, usize)>) -> bool {
    use crate::bytes::eq_mask;
    bounds.clear();
    let mut at = 0;
    let mut chunks = line.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else { return false };
        let word = u64::from_le_bytes(bytes);
        if eq_mask(word, b'"') != 0 {
            return false;
        }
        let mut found = eq_mask(word, delimiter);
        while found != 0 {
            let i = base + (found.trailing_zeros() / 8) as usize;
            bounds.push((at, i));
            at = i + 1;
            found &= found - 1;
        }
        base += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == b'"' {
            return false;
        }
        if b == delimiter {
            bounds.push((at, base + i));
            at = base + i + 1;
        }
    }
    bounds.push((at, line.len()));
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record of `text` as the csv crate reads it (flexible), with our lines.
    fn ours(text: &[u8], chunk: usize) -> Vec<(u64, Vec<Vec<u8>>)> {
        let mut records = Records::with_chunk(text, b',', chunk);
        let mut got = Vec::new();
        while let Some(r) = records.next_record().unwrap() {
            let fields = r.bounds.iter().map(|&(a, b)| r.bytes[a..b].to_vec()).collect();
            got.push((r.line, fields));
        }
        assert_eq!(records.position(), text.len() as u64, "every byte is handed out");
        got
    }

    fn csv_crate(text: &[u8]) -> Vec<Vec<Vec<u8>>> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(text);
        reader.byte_records().map(|r| r.unwrap().iter().map(<[u8]>::to_vec).collect()).collect()
    }

    #[test]
    fn fields_are_the_csv_crates_at_every_chunk_size() {
        let texts: [&[u8]; 10] = [
            b"h1,h2,h3\na,b,c\n1,,3\n",
            b"a,b\n\n\nc,d\n\"x\ny\",z\ne,f",
            b"\"q,1\",\"say \"\"hi\"\"\",plain\nx,5\" screen,y\n",
            b"a,\"open\nnext,row\nand more\"\nlast,row\n",
            b"one\n,\n,,\n \n",
            b"\xEF\xBB\xBFh1,h2\n1,2\n",
            b"a,\"unclosed\nb,c\n",
            b"\"\"\n\"\",\"\"\nx,\"\"\"\"\n",
            b"caf\xE9,\xC3\xA9t\xC3\xA9\n",
            b"h1,h2\n\xEF\xBB\xBF\"V2\",x\n\xEF\xBB\xBFplain,y\n",
        ];
        for text in texts {
            let want = csv_crate(text);
            for chunk in [1, 2, 3, 7, 64, CHUNK] {
                let got: Vec<Vec<Vec<u8>>> = ours(text, chunk).into_iter().map(|(_, f)| f).collect();
                assert_eq!(got, want, "chunk {chunk}: {:?}", String::from_utf8_lossy(text));
            }
        }
    }

    /// The split against a byte-by-byte one, at every position of every special byte.
    #[test]
    fn split_finds_every_delimiter_and_quote() {
        let naive = |line: &[u8], d: u8| -> Option<Vec<(usize, usize)>> {
            if line.contains(&b'"') {
                return None;
            }
            let mut out = Vec::new();
            let mut at = 0;
            for (i, &b) in line.iter().enumerate() {
                if b == d {
                    out.push((at, i));
                    at = i + 1;
                }
            }
            out.push((at, line.len()));
            Some(out)
        };
        let mut bounds = Vec::new();
        for len in 0..26 {
            for at in 0..len.max(1) {
                for special in [b',', b';', b'"', 0x2b, 0x2d, 0xac, 0x01, 0x00] {
                    let mut line = vec![b'a'; len];
                    if len > 0 {
                        line[at] = special;
                        line[len - 1 - at] = special;
                    }
                    for d in [b',', b';', b'\t'] {
                        let ok = split(&line, d, &mut bounds);
                        assert_eq!(ok.then(|| bounds.clone()), naive(&line, d), "{line:?} delimiter {d}");
                    }
                }
            }
        }
    }

    #[test]
    fn records_know_their_physical_lines() {
        // header 1; a,b 2; blank 3-4; c,d 5; "x\ny" 6-7; e,f 8; blank 9; "p,q" 10
        let text = b"h1,h2\na,b\n\n\nc,d\n\"x\ny\",z\ne,f\n\n\"p,q\",r";
        for chunk in [1, 3, 7, 4096] {
            let lines: Vec<u64> = ours(text, chunk).into_iter().map(|(l, _)| l).collect();
            assert_eq!(lines, [1, 2, 5, 6, 8, 10], "chunk {chunk}");
        }
    }

    #[test]
    fn crlf_and_cr_files_count_the_same_lines() {
        // header 1; a,b 2; blank 3-4; c,d 5; "x\ny" 6-7; e,f 8
        let lf = b"h1,h2\na,b\n\n\nc,d\n\"x\ny\",z\ne,f\n";
        let crlf = b"h1,h2\r\na,b\r\n\r\n\r\nc,d\r\n\"x\r\ny\",z\r\ne,f\r\n";
        let cr = b"h1,h2\ra,b\r\r\rc,d\r\"x\ry\",z\re,f\r";
        for text in [&lf[..], &crlf[..], &cr[..]] {
            for chunk in [1, 3, 4096] {
                let mut records = Records::with_chunk(text, b',', chunk);
                let mut lines = Vec::new();
                while let Some(r) = records.next_record().unwrap() {
                    lines.push(r.line);
                }
                assert_eq!(lines, [1, 2, 5, 6, 8], "chunk {chunk}: {:?}", String::from_utf8_lossy(text));
            }
        }
    }

    /// A line longer than many reads is searched for its end once: work in proportion to
    /// its length, not to its length times the number of reads.
    #[test]
    fn a_line_without_an_end_is_read_in_linear_time() {
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = buf.len().min(self.0.len()).min(4096);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        // 1 MB in one line, 4 KiB a read: 256 reads.
        let text = vec![b'x'; 1 << 20];
        let mut records = Records::with_chunk(Trickle(&text), b',', 4096);
        let record = records.next_record().unwrap().unwrap();
        assert_eq!(record.bytes.len(), 1 << 20);
        assert!(records.searched <= 2 << 20, "searched {} bytes for a 1 MB line", records.searched);
    }

    #[test]
    fn a_line_longer_than_the_buffer_is_read_whole() {
        let long = "x".repeat(10_000);
        let text = format!("a,{long}\n\"b\",{long}\n");
        let got = ours(text.as_bytes(), 64);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].1[1].len(), 10_000);
        assert_eq!((got[1].0, got[1].1[1].len()), (2, 10_000));
    }

    /// (first line, last line) of every record.
    fn spans(text: &[u8], chunk: usize) -> Vec<(u64, u64)> {
        let mut records = Records::with_chunk(text, b',', chunk);
        let mut got = Vec::new();
        while let Some(r) = records.next_record().unwrap() {
            got.push((r.line, r.last_line));
        }
        got
    }

    #[test]
    fn records_know_the_line_they_end_on() {
        // 1 h; 2-3 "x\ny"; 4 e; 5-7 a quote closed on line 7, then 8 f
        let text = b"h,i\n\"x\ny\",z\ne,f\na,\"p\nq,r\n\"\nf,g\n";
        for chunk in [1, 3, 4096] {
            assert_eq!(spans(text, chunk), [(1, 1), (2, 3), (4, 4), (5, 7), (8, 8)], "chunk {chunk}");
        }
        // A quote never closed runs to the last line, with or without a final line break
        // (and the blank lines inside it are its lines too).
        assert_eq!(spans(b"h\na,\"b\nc,d\n", 4096), [(1, 1), (2, 3)]);
        assert_eq!(spans(b"h\na,\"b\nc,d", 4096), [(1, 1), (2, 3)]);
        assert_eq!(spans(b"h\na,\"b\n\nc,d\n\n", 5), [(1, 1), (2, 5)]);
        // A quoted record on one line ends where it starts, at the end of the text too.
        assert_eq!(spans(b"\"a\",b\n\"c\"", 2), [(1, 1), (2, 2)]);
    }

    /// A record longer than the limit is an error naming its first line, whether it is a
    /// line with no end or a quote that runs on; one of exactly the limit is read. The
    /// buffers stop one byte past the limit.
    #[test]
    fn records_longer_than_the_limit_are_refused() {
        // More than the quoted-field buffer's first 1,024 bytes, to see it stop too.
        let limit = 2000;
        let too_long = |text: &[u8]| {
            let mut records = Records::with_limit(text, b',', 8, limit);
            let mut err = None;
            loop {
                match records.next_record() {
                    Ok(Some(_)) => continue,
                    Ok(None) => break,
                    Err(e) => {
                        err = Some(e);
                        break;
                    }
                }
            }
            assert!(records.buf.len() <= limit + 1 && records.out.len() <= limit + 1, "buffers grew past the limit");
            match err {
                Some(ReadError::TooLong { line, limit: l }) if l == limit => Some(line),
                Some(e) => panic!("{e}"),
                None => None,
            }
        };
        let x = |n: usize| "x".repeat(n);
        assert_eq!(too_long(format!("h\n{}\nb\n", x(2000)).as_bytes()), None);
        assert_eq!(too_long(format!("h\n{}\nb\n", x(2001)).as_bytes()), Some(2));
        assert_eq!(too_long(format!("h\nok\n{}", x(9000)).as_bytes()), Some(3), "no line end at all");
        // The limit is on the text as written, quotes and all.
        assert_eq!(too_long(format!("h\n\"{}\"\n", x(1998)).as_bytes()), None);
        assert_eq!(too_long(format!("h\n\"{}\"\n", x(1999)).as_bytes()), Some(2));
        assert_eq!(too_long(format!("h\na,\"{}\n{}\"", x(995), x(1000)).as_bytes()), None);
        assert_eq!(too_long(format!("h\na,\"{}\n{}\"", x(995), x(1001)).as_bytes()), Some(2));
        let runs_on = format!("h\n\n\"{}\n{}\n{}", x(900), x(900), x(900));
        assert_eq!(too_long(runs_on.as_bytes()), Some(3), "a quote that runs on");
    }

    #[test]
    fn records_with_too_many_fields_are_refused() {
        for text in [",".repeat(MAX_FIELDS), format!("\"a\"{}", ",".repeat(MAX_FIELDS))] {
            let text = format!("h\n{text}\n");
            let mut records = Records::new(text.as_bytes(), b',');
            assert!(records.next_record().unwrap().is_some());
            let err = records.next_record().err();
            assert!(matches!(err, Some(ReadError::TooManyFields { line: 2, limit: MAX_FIELDS })), "{err:?}");
        }
        // Delimiters inside quotes are text: two fields.
        let text = format!("h\na,\"{}\"\n", ",".repeat(MAX_FIELDS * 2));
        let mut records = Records::new(text.as_bytes(), b',');
        assert!(records.next_record().unwrap().is_some());
        assert_eq!(records.next_record().unwrap().map(|r| r.bounds.len()), Some(2));
        // One field fewer is a record.
        let text = format!("h\n{}\n", ",".repeat(MAX_FIELDS - 1));
        let mut records = Records::new(text.as_bytes(), b',');
        assert!(records.next_record().unwrap().is_some());
        assert_eq!(records.next_record().unwrap().map(|r| r.bounds.len()), Some(MAX_FIELDS));
    }
}
