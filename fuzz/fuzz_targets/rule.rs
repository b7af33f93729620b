//! Fuzz target: see `fazhi::fuzz_support::rule`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fazhi::fuzz_support::rule(data));
