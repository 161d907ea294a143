//! The one integration-test binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

mod build;
mod check;
mod diagnostics;
mod ideas;
mod init;
mod layering;
mod qa;
mod search;
mod seo;
mod xss;
