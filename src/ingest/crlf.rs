//! Line ends as the record reader counts them: every line break one `\n`.
//!
//! `\r\n` (Windows) and a lone `\r` (old Mac) become `\n`, so that every physical line
//! break is one `\n` and [`super::records`] counts lines by counting them (a `\r\n`
//! inside a quoted comment becomes `\n`, which changes no score). The text is converted
//! in the reader's own buffer, chunk by chunk as it is read.

/// Converts the line ends of `chunk` in place and returns the length kept.
/// `after_cr` carries a `\r` that ended the previous chunk: it was turned into `\n` at
/// once, so a `\n` that starts this chunk (the second half of its `\r\n`) is dropped.
/// Jumps from `\r` to `\r` (memchr), so text without one costs one scan and no copy.
pub fn line_ends(chunk: &mut [u8], after_cr: &mut bool) -> usize {
    let end = chunk.len();
    let skip = usize::from(*after_cr && chunk.first() == Some(&b'\n'));
    if end > 0 {
        *after_cr = false;
    }
    let (mut w, mut r) = (0, skip);
    while let Some(i) = memchr::memchr(b'\r', &chunk[r..]) {
        let cr = r + i;
        chunk.copy_within(r..cr, w);
        w += cr - r;
        match chunk.get(cr + 1) {
            // `\r\n`: the `\n` that follows is the line end.
            Some(b'\n') => {}
            Some(_) => {
                chunk[w] = b'\n';
                w += 1;
            }
            None => {
                chunk[w] = b'\n';
                w += 1;
                *after_cr = true;
            }
        }
        r = cr + 1;
    }
    if w == r {
        return end;
    }
    chunk.copy_within(r..end, w);
    w + (end - r)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `input` converted `chunk` bytes at a time, as the reader reads it.
    fn converted(input: &[u8], chunk: usize) -> Vec<u8> {
        let (mut out, mut after_cr) = (Vec::new(), false);
        for piece in input.chunks(chunk) {
            let mut piece = piece.to_vec();
            let kept = line_ends(&mut piece, &mut after_cr);
            out.extend_from_slice(&piece[..kept]);
        }
        out
    }

    #[test]
    fn crlf_becomes_lf_across_chunk_edges() {
        let input = b"a,b\r\n1,\"x\r\n\r\ny\"\r\nlone\rcr\r\r\n\n\rend";
        for chunk in [1, 2, 3, 5, 64] {
            assert_eq!(converted(input, chunk), b"a,b\n1,\"x\n\ny\"\nlone\ncr\n\n\n\nend", "chunk {chunk}");
        }
        assert_eq!(converted(b"no breaks at all", 4), b"no breaks at all");
    }
}
