//! The binding's `pub mod events`: per event page a payload struct (`OnCrmDealAdd`: the
//! envelope every event shares, and `data` typed from the page by the response-side
//! lowering of `types.rs`), one `Event` enum over them with `Unknown`, its
//! `bitrix_api::events::EventSet` impl, and `catalog()`. Items of a page in a
//! feature-gated folder carry its `cfg`, as methods do.

use std::collections::HashSet;

use bitrix_docs::{Entity, EventSpec, FieldType, MethodSpec, Response};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::docs;
use crate::expand::{feature_of, gate, Group};
use crate::naming::{self, Names};
use crate::records::Linked;
use crate::types::TypeGen;

/// `pub mod events { … }` for `events` (sorted by name, as `bitrix_docs::load` answers).
pub(crate) fn expand(events: &[EventSpec], groups: &[Group], entities: &[Entity]) -> TokenStream {
    let mut types = Names::default();
    types.claim("Event");
    let mut codes = HashSet::new();
    let (mut modules, mut variants, mut arms, mut codes_of, mut auths, mut catalog) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    for event in events {
        let Some(cfg) = gate(groups, &event.source.rel_path) else {
            continue;
        };
        let name = types.claim(&naming::pascal(&event.name));
        let ty = naming::ident(&name);
        let module = format_ident!("__{}", naming::snake(&event.name));
        // `data.FIELDS` is the entity's record where one fits, from the same feature.
        let data_struct = format!("{name}Data");
        let linked = Linked::of_event(event, entities, &data_struct)
            .filter(|(_, e)| {
                let ef = feature_of(groups, &e.rel_path);
                ef.is_none() || ef == feature_of(groups, &event.source.rel_path)
            })
            .map(|(l, _)| l);
        let records_use = linked
            .as_ref()
            .map(|_| quote! { use super::super::records; })
            .unwrap_or_default();
        let items = payload(event, &name, &mut types, linked.as_ref());
        modules.push(quote! {
            #cfg
            #[doc(hidden)]
            mod #module { #records_use #items }
            #cfg
            pub use #module::*;
        });
        let entry = info(event);
        catalog.push(quote! { #cfg #entry });
        // Two pages of one code (an old name and a new one): the first is the variant.
        if !codes.insert(event.code.clone()) {
            continue;
        }
        let code = &event.code;
        let doc = format!("`{code}`: see [`{name}`].");
        variants.push(quote! { #cfg #[doc = #doc] #ty(#ty), });
        arms.push(quote! {
            #cfg #code => ::bitrix_api::events::decode_typed::<#ty>(&code, payload).map(Event::#ty),
        });
        codes_of.push(quote! { #cfg Event::#ty(e) => &e.event, });
        auths.push(quote! { #cfg Event::#ty(e) => e.auth.as_ref(), });
    }
    quote! {
        /// The events of the pages bound here: a payload type per page, [`Event`] over
        /// them, and [`catalog`]. Decode a handler's POST with [`Event::decode_verified`]
        /// (or let `bitrix_api::events::Installations` / the `axum` router do it).
        pub mod events {
            #(#modules)*

            /// Every event bound here (with the features enabled), by the code the portal
            /// sends; codes no page describes are [`Event::Unknown`].
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum Event {
                #(#variants)*
                /// An event no page bound here describes, kept as it came.
                Unknown(::bitrix_api::events::RawEvent),
            }

            impl ::bitrix_api::events::EventSet for Event {
                fn from_payload(
                    payload: ::bitrix_api::__private::serde_json::Value,
                ) -> ::core::result::Result<Self, ::bitrix_api::Error> {
                    let code = ::bitrix_api::events::code_of(&payload)?;
                    match code.as_str() {
                        #(#arms)*
                        _ => ::bitrix_api::events::RawEvent::from_payload(payload).map(Event::Unknown),
                    }
                }
                fn unknown(raw: ::bitrix_api::events::RawEvent) -> Self {
                    Event::Unknown(raw)
                }
                fn code(&self) -> &str {
                    match self {
                        #(#codes_of)*
                        Event::Unknown(e) => &e.event,
                    }
                }
                fn auth(&self) -> ::core::option::Option<&::bitrix_api::events::EventAuth> {
                    match self {
                        #(#auths)*
                        Event::Unknown(e) => e.auth.as_ref(),
                    }
                }
            }

            impl Event {
                /// Decodes a handler's POST (`Content-Type` and body as they came) and
                /// checks its `auth.application_token` against the one stored at install,
                /// in constant time. A body that fails is an error and no event.
                pub fn decode_verified(
                    content_type: &str,
                    body: &[u8],
                    expected_application_token: &::bitrix_api::Secret,
                ) -> ::core::result::Result<Event, ::bitrix_api::Error> {
                    ::bitrix_api::events::decode_verified(content_type, body, expected_application_token)
                }
                /// Decodes without verification: only for `ONAPPINSTALL`, which brings the
                /// token later events are verified against.
                pub fn decode_unverified(
                    content_type: &str,
                    body: &[u8],
                ) -> ::core::result::Result<Event, ::bitrix_api::Error> {
                    ::bitrix_api::events::decode_unverified(content_type, body)
                }
                /// The code as sent, e.g. `ONCRMDEALADD`.
                pub fn code(&self) -> &str {
                    ::bitrix_api::events::EventSet::code(self)
                }
                /// Who sent it, when the payload had `auth`.
                pub fn auth(&self) -> ::core::option::Option<&::bitrix_api::events::EventAuth> {
                    ::bitrix_api::events::EventSet::auth(self)
                }
            }

            static __BITRIX_EVENTS: &[::bitrix_api::events::EventInfo] = &[#(#catalog),*];
            /// Every event bound here (with the features enabled), sorted by name.
            pub fn catalog() -> &'static [::bitrix_api::events::EventInfo] {
                __BITRIX_EVENTS
            }
        }
    }
}

/// The payload struct of one event and the structs of its `data`.
fn payload(
    event: &EventSpec,
    name: &str,
    types: &mut Names,
    linked: Option<&Linked>,
) -> TokenStream {
    let spec = as_method(event);
    let mut nested = Vec::new();
    let data_ty = {
        let mut gen = TypeGen {
            spec: &spec,
            types,
            nested: &mut nested,
            records: None,
            linked,
        };
        gen.response_object(&event.data, &format!("{name}Data"), "The `data`")
    };
    let ty = naming::ident(name);
    let code = &event.code;
    let doc = Literal::string(&payload_doc(event, &spec));
    // A page without data fields: `data` may be absent.
    let take_data = if matches!(event.data.as_slice(), []) {
        quote! { ::bitrix_api::wire::take_or(&mut m, "data", ::core::default::Default::default())? }
    } else {
        quote! { ::bitrix_api::wire::take(&mut m, "data")? }
    };
    let decoder = crate::wire::record_decoder(
        &ty,
        &[
            quote! { event: ::bitrix_api::wire::take(&mut m, "event")?, },
            quote! { event_handler_id: ::bitrix_api::wire::take(&mut m, "event_handler_id")?, },
            quote! { data: #take_data, },
            quote! { ts: ::bitrix_api::wire::take(&mut m, "ts")?, },
            quote! { auth: ::bitrix_api::wire::take(&mut m, "auth")?, },
        ],
        &naming::ident("extra"),
    );
    let code_doc = format!("The event code, `{code}`.");
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #ty {
            #[doc = #code_doc]
            pub event: ::std::string::String,
            /// The handler's id (`event.get`); offline events have none.
            pub event_handler_id: ::core::option::Option<i64>,
            /// What happened, as the page describes it.
            pub data: #data_ty,
            /// When the queue dispatched the event: seconds since 1970-01-01 UTC (portals
            /// send a string of digits).
            pub ts: i64,
            /// The portal, the application token and, when the event was tied to a user,
            /// tokens; offline events have none.
            pub auth: ::core::option::Option<::bitrix_api::events::EventAuth>,
            /// Keys of the payload the page does not document, as they came.
            pub extra: ::bitrix_api::__private::serde_json::Map<
                ::std::string::String, ::bitrix_api::__private::serde_json::Value>,
        }
        #decoder
        #(#nested)*
    }
}

/// The event as a method whose answer is `data`: the shape `types.rs` and `docs.rs` lower
/// (names for nested structs, field docs with the page's links and lines).
fn as_method(event: &EventSpec) -> MethodSpec {
    MethodSpec {
        name: event.name.clone(),
        title: event.title.clone(),
        version: Default::default(),
        deprecated: None,
        source: event.source.clone(),
        scope: event.scope.clone(),
        who_can_execute: event.who_can_subscribe.clone(),
        description: event.description.clone(),
        params: Vec::new(),
        response: Response {
            ty: FieldType::Object(event.data.clone()),
            description: String::new(),
            line: event.source.line,
            example: event.example.clone(),
            alternatives: Vec::new(),
            file: false,
        },
        listed: Vec::new(),
        errors: Vec::new(),
        request_example: None,
        warnings: Vec::new(),
        notes: Vec::new(),
    }
}

fn payload_doc(event: &EventSpec, spec: &MethodSpec) -> String {
    let title = if event.title.is_empty() {
        &event.name
    } else {
        &event.title
    };
    let mut out = String::new();
    docs::page_head(
        &mut out,
        &format!("{title} (`{}`, sent as `{}`)", event.name, event.code),
        &event.description,
        &event.source.rel_path,
        &[
            ("Scope", event.scope.as_ref().map(|s| format!("`{s}`"))),
            ("Who can subscribe", event.who_can_subscribe.clone()),
        ],
    );
    if let Some(example) = &event.example {
        out.push_str("What the handler receives:\n\n```json\n");
        out.push_str(example);
        out.push_str("\n```\n\n");
    }
    out.push_str(&docs::source_line(spec, event.source.line));
    out
}

fn info(event: &EventSpec) -> TokenStream {
    let (name, code, title, page) = (
        &event.name,
        &event.code,
        &event.title,
        &event.source.rel_path,
    );
    let line = Literal::u32_unsuffixed(u32::try_from(event.source.line).unwrap_or(u32::MAX));
    quote! {
        ::bitrix_api::events::EventInfo { name: #name, code: #code, title: #title, page: #page, line: #line }
    }
}
