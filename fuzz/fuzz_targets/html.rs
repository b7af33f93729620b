//! Fuzz target: see `fazhi::fuzz_support::html`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fazhi::fuzz_support::html(data));
