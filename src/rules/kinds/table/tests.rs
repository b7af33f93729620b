//! Tests of the `table` kind.
