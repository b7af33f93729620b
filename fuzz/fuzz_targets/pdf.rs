//! Fuzz target: see `fazhi::fuzz_support::pdf`.
//!
//! The PDF reader runs pdf-extract inside `catch_unwind` and turns its panics into a refusal;
//! libfuzzer-sys installs a panic hook that aborts on every panic, caught or not, so the
//! standard hook is put back here. A panic that escapes the reader still fails the run: the
//! target's caller aborts on it.
#![no_main]

libfuzzer_sys::fuzz_target!(
    init: {
        drop(std::panic::take_hook());
    },
    |data: &[u8]| fazhi::fuzz_support::pdf(data)
);
