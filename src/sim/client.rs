//! Client helpers.
