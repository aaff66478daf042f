//! Probabilities written with a fixed number of decimals, exactly as `{:.N}` writes
//! them but with integer digits: every case has probabilities to write, and the
//! standard float formatter costs more than the rest of its row.

use std::fmt::Write;

/// Appends `value` with `decimals` decimals (at most 6), byte for byte as
/// `format!("{value:.decimals$}")` would. Values outside [0, 1] and values within
/// a hair of a rounding tie go through the standard formatter, which rounds ties
/// by the exact binary value.
pub fn push_fixed(value: f64, decimals: u32, out: &mut String) {
    let unit = 10u32.pow(decimals.min(6));
    let scaled = value * f64::from(unit);
    let near_a_tie = (scaled - scaled.floor() - 0.5).abs() < 1e-6;
    if !(0.0..=1.0).contains(&value) || near_a_tie || decimals > 6 {
        let _ = write!(out, "{value:.*}", decimals as usize);
        return;
    }
    let units = scaled.round() as u32;
    out.push(char::from(b'0' + (units / unit) as u8));
    if decimals == 0 {
        return;
    }
    out.push('.');
    let mut divisor = unit / 10;
    while divisor > 0 {
        out.push(char::from(b'0' + (units / divisor % 10) as u8));
        divisor /= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_exactly_as_the_standard_formatter_writes() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut samples = vec![
            0.0,
            1.0,
            0.0005,
            0.9995,
            0.005,
            0.995,
            0.1235,
            0.125,
            f64::MIN_POSITIVE,
            f64::NAN,
            -0.5,
            1.5,
        ];
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            samples.push((state >> 11) as f64 / (1u64 << 53) as f64);
        }
        for decimals in [0, 2, 3] {
            for &value in &samples {
                let mut ours = String::new();
                push_fixed(value, decimals, &mut ours);
                let standard = format!("{value:.*}", decimals as usize);
                assert_eq!(ours, standard, "{value} with {decimals} decimals");
            }
        }
    }
}
