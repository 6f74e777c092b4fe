//! The text stream the record reader reads: every line break as one `\n`.
//!
//! `\r\n` (Windows) and a lone `\r` (old Mac) become `\n`, so that every physical line
//! break is one `\n` and [`super::records`] counts lines by counting them (a `\r\n`
//! inside a quoted comment becomes `\n`, which changes no score).

use std::io::{self, Read};

pub struct Lines<R> {
    inner: R,
    /// Converted text not yet handed out: `buf[pos..len]`.
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
    /// A `\r` that ended the previous chunk, not yet known to start a `\r\n`.
    pending_cr: bool,
}

impl<R: Read> Lines<R> {
    pub fn new(inner: R) -> Self {
        Lines { inner, buf: vec![0; 64 * 1024].into_boxed_slice(), pos: 0, len: 0, pending_cr: false }
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
}
