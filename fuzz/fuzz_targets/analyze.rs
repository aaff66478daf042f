//! Any bytes, read as (lossy) UTF-8, through the text analyser: it must not panic,
//! and every evidence span must lie inside the text, on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let analysis = tipsom::analysis::analyze(&text);
    for e in &analysis.evidence {
        assert!(
            e.start <= e.end && e.end <= text.len(),
            "span {}..{} outside a text of {} bytes: {e:?}",
            e.start,
            e.end,
            text.len()
        );
        assert!(
            text.is_char_boundary(e.start) && text.is_char_boundary(e.end),
            "span {}..{} not on char boundaries: {e:?}",
            e.start,
            e.end
        );
        // The quote is exactly the span (quote() would hide a bad span as "").
        assert_eq!(e.quote(&text), &text[e.start..e.end]);
    }
});
