//! What a generated struct reads and writes itself with: its `Wire` decoder (one
//! `wire::take` per field) and its `ToWire` writer (one `Out` call per field), each with
//! the serde and std impls that go through it.

use bitrix_docs::{Field, FieldType};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::naming::ident;

/// A record's decoder: `Wire` by one `wire::take` per field (`takes`: `name: expr,`), the
/// fields left in `extra`, and serde's `Deserialize` through it. Answers and event payloads
/// both use it.
pub(crate) fn record_decoder(id: &Ident, takes: &[TokenStream], extra: &Ident) -> TokenStream {
    quote! {
        impl ::bitrix_api::wire::Wire for #id {
            #[inline]
            fn from_wire(
                value: ::bitrix_api::__private::serde_json::Value,
            ) -> ::core::result::Result<Self, ::bitrix_api::wire::WireError> {
                let mut m = ::bitrix_api::wire::object(value)?;
                ::core::result::Result::Ok(Self { #(#takes)* #extra: m })
            }
        }
        ::bitrix_api::__serde_via_wire!(#id);
    }
}

/// How a field is written by a struct's [`to_wire_impl`]: `put`/`opt` by its Rust type,
/// `yn…` for `Y`/`N` flags (an `Out` method call, without the receiver).
pub(crate) fn write_call(f: &Field, member: &Ident) -> TokenStream {
    let flags = match &f.ty {
        FieldType::YesNo => Some(false),
        FieldType::Array(inner) if **inner == FieldType::YesNo => Some(true),
        _ => None,
    };
    out_call(flags, f.required, &f.name, member)
}

/// The `Out` call that writes `member` under `wire`: `put` when always there, `opt` when an
/// `Option`; `yn…` for `Y`/`N` flags (`flags`: `Some(true)` for a list of them). Request and
/// answer fields ([`write_call`]) and typed records' fields both come here.
pub(crate) fn out_call(
    flags: Option<bool>,
    required: bool,
    wire: &str,
    member: &Ident,
) -> TokenStream {
    let method = match (flags, required) {
        (None, true) => "put",
        (None, false) => "opt",
        (Some(false), true) => "yn",
        (Some(false), false) => "yn_opt",
        (Some(true), true) => "yn_vec",
        (Some(true), false) => "yn_opt_vec",
    };
    let method = ident(method);
    quote!(#method(#wire, &self.#member))
}

/// `ToWire` for a generated struct (`writes`: `Out` calls, one per field, in declaration
/// order), and serde's `Serialize`, `Debug` and `PartialEq` through it. `#[inline]`: an
/// answer's writer is compiled only in the apps that write answers back.
pub(crate) fn to_wire_impl(id: &Ident, writes: &[TokenStream]) -> TokenStream {
    quote! {
        impl ::bitrix_api::wire::ToWire for #id {
            #[inline]
            fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
                ::bitrix_api::wire::Out::new() #(.#writes)* .done()
            }
        }
        ::bitrix_api::__via_to_wire!(#id);
    }
}
