//! Tests of the structure tree.
