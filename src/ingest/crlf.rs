//! The text stream the csv parser reads, with physical line numbers kept by us.
//!
//! The csv crate's `Position::line` is one too low after every `\r\n` and after every
//! blank line between records (it counts those line breaks only once the next record has
//! begun). So this adapter turns `\r\n` and a lone `\r` into `\n` (a `\r\n` inside a quoted comment
//! becomes `\n`, which changes no score) and remembers where each `\n` it hands out
//! falls; [`Lines::line_at`] then gives the physical line of a record from its byte
//! offset. Only line breaks not yet passed are kept: the csv buffer's read-ahead.

use std::collections::VecDeque;
use std::io::{self, Read};

pub struct Lines<R> {
    inner: R,
    /// Converted text not yet handed out: `buf[pos..len]`.
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    /// A `\r` that ended the previous chunk, not yet known to start a `\r\n`.
    pending_cr: bool,
    /// Bytes converted so far (the offset of `buf[len]` in the output).
    out: u64,
    /// Offsets of the `\n`s converted and not yet passed by a query.
    newlines: VecDeque<u64>,
    /// `\n`s already passed.
    passed: u64,
}

impl<R: Read> Lines<R> {
    pub fn new(inner: R) -> Self {
        Lines {
            inner,
            buf: vec![0; 64 * 1024].into_boxed_slice(),
            pos: 0,
            len: 0,
            pending_cr: false,
            out: 0,
            newlines: VecDeque::new(),
            passed: 0,
        }
    }

    /// The 1-based physical line of the record whose csv position is `byte`. The csv
    /// crate gives a record after blank lines the offset of the first blank line's `\n`,
    /// so the run of `\n`s starting there is counted too. Queries must not go backwards.
    pub fn line_at(&mut self, byte: u64) -> u64 {
        while self.newlines.front().is_some_and(|&p| p < byte) {
            self.newlines.pop_front();
            self.passed += 1;
        }
        let blank = self.newlines.iter().zip(byte..).take_while(|(p, want)| **p == *want).count() as u64;
        1 + self.passed + blank
    }

    /// Refills `buf` with converted text; `len == 0` afterwards means the end.
    fn fill(&mut self) -> io::Result<()> {
        loop {
            let start = usize::from(self.pending_cr);
            if self.pending_cr {
                self.buf[0] = b'\r';
            }
            let n = self.inner.read(&mut self.buf[start..])?;
            let mut end = start + n;
            // A `\r` at the very end may be the first half of a `\r\n`: keep it back.
            self.pending_cr = n > 0 && self.buf[end - 1] == b'\r';
            if self.pending_cr {
                end -= 1;
            }
            let w = compact_crlf(&mut self.buf[..end]);
            if w > 0 || n == 0 {
                let base = self.out;
                self.newlines.extend(memchr::memchr_iter(b'\n', &self.buf[..w]).map(|i| base + i as u64));
                self.out += w as u64;
                (self.pos, self.len) = (0, w);
                return Ok(());
            }
        }
    }
}

/// Turns every `\r\n` into `\n` and every other `\r` (old Mac line ends) into `\n`, in
/// place; returns the new length. Jumps from `\r` to `\r` (memchr), so text without CR
/// costs one scan. The caller holds back a `\r` that ends a chunk.
fn compact_crlf(buf: &mut [u8]) -> usize {
    let end = buf.len();
    let (mut w, mut r) = (0, 0);
    while let Some(i) = memchr::memchr(b'\r', &buf[r..]) {
        let cr = r + i;
        buf.copy_within(r..cr, w);
        w += cr - r;
        if !(cr + 1 < end && buf[cr + 1] == b'\n') {
            buf[w] = b'\n';
            w += 1;
        }
        r = cr + 1;
    }
    buf.copy_within(r..end, w);
    w + (end - r)
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.len {
            self.fill()?;
        }
        let n = out.len().min(self.len - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out `chunk` bytes at a time.
    struct Chunks<'a>(&'a [u8], usize);

    impl Read for Chunks<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn crlf_becomes_lf_across_chunk_edges() {
        let input = b"a,b\r\n1,\"x\r\n\r\ny\"\r\nlone\rcr\r";
        for chunk in [1, 2, 3, 5, 64] {
            let mut out = Vec::new();
            Lines::new(Chunks(input, chunk)).read_to_end(&mut out).unwrap();
            assert_eq!(out, b"a,b\n1,\"x\n\ny\"\nlone\ncr\n", "chunk {chunk}");
        }
    }

    /// Lines of every record of `text`, as the csv crate positions them.
    fn record_lines(text: &[u8], chunk: usize) -> Vec<u64> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(Lines::new(Chunks(text, chunk)));
        let mut rec = csv::ByteRecord::new();
        let mut lines = Vec::new();
        while reader.read_byte_record(&mut rec).unwrap() {
            let byte = rec.position().unwrap().byte();
            lines.push(reader.get_mut().line_at(byte));
        }
        lines
    }

    #[test]
    fn physical_lines_with_blank_lines_crlf_and_quoted_breaks() {
        // header 1; a,b 2; blank 3-4; c,d 5; "x\ny" 6-7; e,f 8
        let lf = b"h1,h2\na,b\n\n\nc,d\n\"x\ny\",z\ne,f\n";
        let crlf = b"h1,h2\r\na,b\r\n\r\n\r\nc,d\r\n\"x\r\ny\",z\r\ne,f\r\n";
        let cr = b"h1,h2\ra,b\r\r\rc,d\r\"x\ry\",z\re,f\r";
        for chunk in [1, 3, 7, 4096] {
            assert_eq!(record_lines(lf, chunk), [2, 5, 6, 8], "lf, chunk {chunk}");
            assert_eq!(record_lines(crlf, chunk), [2, 5, 6, 8], "crlf, chunk {chunk}");
            assert_eq!(record_lines(cr, chunk), [2, 5, 6, 8], "cr, chunk {chunk}");
        }
    }
}
