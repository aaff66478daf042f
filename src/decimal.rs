//! Probabilities written with a fixed number of decimals, exactly as `{:.N}` writes
//! them but with integer digits: every case has probabilities to write, and the
//! standard float formatter costs more than the rest of its row.

use std::fmt::Write;

/// Appends `value` with `decimals` decimals, byte for byte as
/// `format!("{value:.decimals$}")` would. Values outside [0, 1], more than six
/// decimals, and values within a hair of a rounding tie go through the standard
/// formatter, which rounds ties by the exact binary value.
pub fn push_fixed(value: f64, decimals: u32, out: &mut String) {
    match fixed_digits(value, decimals) {
        Some((digits, len)) => out.extend(digits[..len].iter().map(|&d| char::from(d))),
        None => {
            let _ = write!(out, "{value:.*}", decimals as usize);
        }
    }
}

/// Appends the bytes [`push_fixed`] would append, for writers that build their
/// output as bytes (the CSV rows).
pub fn push_fixed_bytes(value: f64, decimals: u32, out: &mut Vec<u8>) {
    match fixed_digits(value, decimals) {
        Some((digits, len)) => {
            // All eight bytes, then the unused ones dropped: a fixed-size copy.
            let end = out.len() + len;
            out.extend_from_slice(&digits);
            out.truncate(end);
        }
        None => {
            let _ = std::io::Write::write_fmt(out, format_args!("{value:.*}", decimals as usize));
        }
    }
}

/// The ASCII digits of `value` with `decimals` decimals and their length, computed
/// with integers; `None` where the standard formatter must decide (see [`push_fixed`]).
fn fixed_digits(value: f64, decimals: u32) -> Option<([u8; 8], usize)> {
    const UNITS: [u32; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
    let unit = *UNITS.get(decimals as usize)?;
    if !(0.0..=1.0).contains(&value) {
        return None;
    }
    let scaled = value * f64::from(unit);
    // Non-negative, so truncation is the floor (no call into libm).
    let whole = scaled as u32;
    let fraction = scaled - f64::from(whole);
    if (fraction - 0.5).abs() < 1e-6 {
        return None;
    }
    let mut units = whole + u32::from(fraction > 0.5);
    let mut digits = [b'0'; 8];
    if decimals == 0 {
        digits[0] += units as u8;
        return Some((digits, 1));
    }
    let len = decimals as usize + 2;
    for digit in digits[2..len].iter_mut().rev() {
        *digit += (units % 10) as u8;
        units /= 10;
    }
    digits[1] = b'.';
    digits[0] += units as u8;
    Some((digits, len))
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
        for decimals in [0, 1, 2, 3, 6, 7] {
            for &value in &samples {
                let mut ours = String::new();
                push_fixed(value, decimals, &mut ours);
                let standard = format!("{value:.*}", decimals as usize);
                assert_eq!(ours, standard, "{value} with {decimals} decimals");
                let mut bytes = Vec::new();
                push_fixed_bytes(value, decimals, &mut bytes);
                assert_eq!(
                    bytes,
                    standard.as_bytes(),
                    "{value} with {decimals} decimals"
                );
            }
        }
    }
}
