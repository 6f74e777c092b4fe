//! Eight bytes at a time: tests on the bytes of a 64-bit word, for the hot loops over
//! short slices (a record's fields, an answer cell, an output field) where a byte loop
//! or a call to memchr costs more than the work. Each test is exact for every byte.
//!
//! Measured 2026-12-02 against the plain code (byte loops in `records::split`, `known` and `csv::needs_quotes`, all three at once), release builds, outputs
//! byte-identical (`diff -r`): `valgrind --tool=callgrind` of `shopscore score --quiet
//! --rubric benches/bench-rubric.yaml --no-xlsx --charts none` on 100,000 bench visits
//! (`gen_samples ... --visits 100000 --seed 42 --locations 200 --regions 7`), median of
//! 3-6 runs (threads make it vary by about 2%), and wall-clock on 1,000,000 (9 alternating
//! runs, median and spread):
//! 1,055 M instructions against 1,177 M (-10%); on a realistic export of 100,000 (a
//! quoted comment in 80% of rows, 3% blank and 1.5% invalid answers, 1% bad dates)
//! 1,838 M against 2,006 M (-8%); 0.94 s (0.91-1.46) against 1.18 s (1.15-1.28).
//! The three uses were not measured one by one.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;
const LOW7: u64 = !HIGH;

/// The high bit of each byte of `word` that equals `b`, and no other bit. No carry
/// crosses from byte to byte (unlike the shorter "has a zero byte" test, whose extra
/// bits above a match make it good only for yes or no).
pub fn eq_mask(word: u64, b: u8) -> u64 {
    let x = word ^ (ONES * u64::from(b));
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// `word` with each byte 'A'..='Z' lower-cased and every other byte as it was.
pub fn lower(word: u64) -> u64 {
    let low7 = word & LOW7;
    let from_a = low7 + (0x80 - u64::from(b'A')) * ONES;
    let past_z = low7 + (0x80 - u64::from(b'Z') - 1) * ONES;
    // High bit of each byte that is ASCII and 'A'..='Z'; moved onto the 0x20 bit.
    let upper = from_a & !past_z & !word & HIGH;
    word | upper >> 2
}

/// The eight bytes of `bytes` from `at` as a little-endian word, when there are eight.
pub fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let eight = bytes.get(at..at.checked_add(8)?)?;
    <[u8; 8]>::try_from(eight).ok().map(u64::from_le_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words of every kind of byte (xorshift), against byte-by-byte answers.
    fn words() -> impl Iterator<Item = [u8; 8]> {
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let random = std::iter::repeat_with(move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()
        });
        // Words made of the bytes next to the tested ones too, where carries would show.
        let near: Vec<[u8; 8]> =
            (0..=255u8).map(|b| [b, b ^ 1, b.wrapping_add(1), b, 0x80, 0x7F, b.wrapping_sub(1), b]).collect();
        near.into_iter().chain(random.take(20_000))
    }

    #[test]
    fn eq_mask_marks_exactly_the_equal_bytes() {
        for bytes in words() {
            let word = u64::from_le_bytes(bytes);
            for b in [b',', b';', b'\t', b'"', b'\n', b'\r', 0, 0x80, 0xFF, bytes[3]] {
                let want = bytes.iter().enumerate().fold(0u64, |m, (i, &x)| m | u64::from(x == b) << (8 * i + 7));
                assert_eq!(eq_mask(word, b), want, "{bytes:?} {b:#x}");
            }
        }
    }

    #[test]
    fn lower_changes_only_ascii_capitals() {
        for bytes in words() {
            let want = u64::from_le_bytes(bytes.map(|b| b.to_ascii_lowercase()));
            assert_eq!(lower(u64::from_le_bytes(bytes)), want, "{bytes:?}");
        }
    }

    #[test]
    fn words_are_read_only_where_eight_bytes_are() {
        let bytes = b"0123456789";
        assert_eq!(word_at(bytes, 0), Some(u64::from_le_bytes(*b"01234567")));
        assert_eq!(word_at(bytes, 2), Some(u64::from_le_bytes(*b"23456789")));
        assert_eq!(word_at(bytes, 3), None);
        assert_eq!(word_at(bytes, usize::MAX), None);
    }
}
