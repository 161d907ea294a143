//! The one integration-test binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

mod build;
mod diagnostics;
mod init;
mod layering;
mod qa;
mod xss;
