//! Seeded randomness: every generated thing draws from its own RNG, derived from the person's
//! seed, a tag naming what is generated, and a key (usually the day number). Nothing depends on
//! generation order, so days can be generated lazily, in any order, on any thread.

use jiff::civil::Date;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What a stream of randomness is for; part of the derivation so streams never collide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub enum Stream {
    Plan = 1,
    Night = 2,
    Nap = 3,
    Minutes = 4,
    Seconds = 5,
    Nightly = 6,
    Weight = 7,
    Ecg = 8,
    Drift = 9,
    Tokens = 10,
    Faults = 11,
    Stamps = 12,
    /// `fittui sim takeout`: values only the export has (scores, errors, filler).
    Takeout = 13,
}

/// `SplitMix64` finaliser: a good 64-bit mixer.
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A 64-bit value derived from the seed, a stream and a key.
pub fn derive(seed: u64, stream: Stream, key: i64) -> u64 {
    mix(mix(seed ^ mix(stream as u64)) ^ (key as u64))
}

/// A fresh RNG for (seed, stream, key).
pub fn rng(seed: u64, stream: Stream, key: i64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(derive(seed, stream, key))
}

/// Days since 1970-01-01 (the key used for per-day streams).
pub fn day_number(date: Date) -> i64 {
    date.since(jiff::civil::date(1970, 1, 1))
        .map_or(0, |span| i64::from(span.get_days()))
}

/// A deterministic value in `[0, 1)` for (seed, stream, key), without building an RNG.
pub fn unit(seed: u64, stream: Stream, key: i64) -> f64 {
    (derive(seed, stream, key) >> 11) as f64 / (1u64 << 53) as f64
}

/// Convenience draws on top of `rand`.
pub trait Draw {
    /// Uniform in `[lo, hi]`.
    fn int(&mut self, lo: i64, hi: i64) -> i64;
    /// Uniform in `[lo, hi)`.
    fn uniform(&mut self, lo: f64, hi: f64) -> f64;
    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool;
    /// Approximately normal (sum of four uniforms), mean 0, standard deviation `sd`.
    fn gauss(&mut self, sd: f64) -> f64;
}

impl Draw for ChaCha8Rng {
    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            self.random_range(lo..=hi)
        }
    }

    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.random::<f64>()
    }

    fn chance(&mut self, p: f64) -> bool {
        self.random::<f64>() < p
    }

    fn gauss(&mut self, sd: f64) -> f64 {
        let s: f64 = (0..4).map(|_| self.random::<f64>()).sum();
        // Sum of 4 U(0,1): mean 2, variance 4/12.
        (s - 2.0) * sd * 3f64.sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_stable_and_distinct() {
        assert_eq!(derive(1, Stream::Plan, 5), derive(1, Stream::Plan, 5));
        assert_ne!(derive(1, Stream::Plan, 5), derive(1, Stream::Night, 5));
        assert_ne!(derive(1, Stream::Plan, 5), derive(2, Stream::Plan, 5));
        assert_eq!(day_number(jiff::civil::date(1970, 1, 2)), 1);
        let u = unit(7, Stream::Drift, 3);
        assert!((0.0..1.0).contains(&u));
        let mut r = rng(1, Stream::Minutes, 0);
        for _ in 0..100 {
            let v = r.int(3, 5);
            assert!((3..=5).contains(&v));
        }
    }
}
