//! Rust code from the validated method model: per page a request type (its own body), a
//! response type, a call builder, a client method and a catalog entry.
//!
//! A normal library (the `progenitor-impl` move), so that benchmarks and tools can link it;
//! `bitrix-macros` is the thin `bind!` on top. [`expand`] emits tokens, asking [`naming`] how
//! things are called and `docs` how they are documented.

mod docs;
mod enums;
mod events;
mod expand;
mod method;
pub mod naming;
mod portal;
mod records;
mod types;
mod wire;

pub use expand::{expand, feature_of, gate, Group, Output};
pub use portal::expand_schema;
