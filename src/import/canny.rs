//! Canny export.

use super::{Error, Import};
use std::path::PathBuf;

pub fn run(inputs: &[PathBuf], _import: &mut Import) -> Result<(), Error> {
    let first = inputs.first().cloned().unwrap_or_default();
    Err(Error::new(
        &first,
        "importing from Canny is not supported yet",
    ))
}
