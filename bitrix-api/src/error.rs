//! (being written) The one error type.
/// Placeholder until the runtime lands.
#[derive(Debug, thiserror::Error)]
#[error("placeholder")]
pub struct Error;
