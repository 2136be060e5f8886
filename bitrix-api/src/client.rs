//! (being written) The client.
/// Placeholder until the runtime lands.
#[derive(Debug, Clone)]
pub struct Client;
