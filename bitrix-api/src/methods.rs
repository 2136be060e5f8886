//! Every method bound from this crate's `docs/` (being wired to `bind!`).

/// Every bound method.
pub fn catalog() -> &'static [crate::MethodInfo] {
    &[]
}
