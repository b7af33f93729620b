//! Fuzz target: see `fazhi::fuzz_support::text`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fazhi::fuzz_support::text(data));
