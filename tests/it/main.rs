//! The one integration-test binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

mod build;
mod check;
mod contribute;
mod diagnostics;
mod erase;
mod fuzz;
mod ideas;
mod import;
mod init;
mod install_sh;
mod language_search;
mod languages;
mod layering;
mod qa;
mod realworld;
mod reliability;
mod render;
mod review;
mod search;
mod seo;
mod serve;
mod stats;
mod words;
mod xss;
