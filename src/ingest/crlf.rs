//! CRLF line ends read as LF, so line numbers are physical lines.
//!
//! The csv crate reports a record's start line one too low after every `\r\n` (it
//! counts the `\n` only once the next record has begun), while LF files are counted
//! right. Turning `\r\n` into `\n` before parsing makes both the same; a `\r\n` inside a
//! quoted comment becomes `\n`, which changes no score.

use std::io::{self, Read};

pub struct CrlfToLf<R> {
    inner: R,
    /// A `\r` that ended the previous chunk, not yet known to start a `\r\n`.
    pending_cr: bool,
}

impl<R: Read> CrlfToLf<R> {
    pub fn new(inner: R) -> Self {
        CrlfToLf { inner, pending_cr: false }
    }
}

impl<R: Read> Read for CrlfToLf<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.len() < 2 {
            return self.inner.read(buf);
        }
        loop {
            let start = usize::from(self.pending_cr);
            if self.pending_cr {
                buf[0] = b'\r';
            }
            let n = self.inner.read(&mut buf[start..])?;
            if n == 0 {
                self.pending_cr = false;
                return Ok(start);
            }
            let end = start + n;
            let mut w = 0;
            let mut r = 0;
            while r < end {
                let b = buf[r];
                if b == b'\r' && r + 1 < end && buf[r + 1] == b'\n' {
                    r += 1;
                    continue;
                }
                buf[w] = b;
                w += 1;
                r += 1;
            }
            // A `\r` at the very end may be the first half of a `\r\n`: keep it back.
            self.pending_cr = w > 0 && buf[w - 1] == b'\r';
            if self.pending_cr {
                w -= 1;
            }
            if w > 0 {
                return Ok(w);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads through a reader that hands out `chunk` bytes at a time.
    fn convert(input: &[u8], chunk: usize) -> Vec<u8> {
        struct Chunks<'a>(&'a [u8], usize);
        impl Read for Chunks<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = self.1.min(buf.len()).min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut out = Vec::new();
        CrlfToLf::new(Chunks(input, chunk)).read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn crlf_becomes_lf_across_chunk_edges() {
        let input = b"a,b\r\n1,\"x\r\n\r\ny\"\r\nlone\rcr\r";
        for chunk in [1, 2, 3, 5, 64] {
            assert_eq!(convert(input, chunk), b"a,b\n1,\"x\n\ny\"\nlone\rcr\r", "chunk {chunk}");
        }
    }
}
