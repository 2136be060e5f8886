//! One method's items: the request type (with the page's text as its rustdoc, the one
//! place it appears), the response alias and its structs, the `Method` impl and the call
//! builder; plus the client method's signature and one-line summary.

use bitrix_docs::{Field, FieldType, MethodSpec};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use crate::docs;
use crate::expand::Version;
use crate::naming::{self, Names};
use crate::records::Linked;
use crate::types::{Plan, TypeGen};

pub(crate) struct MethodTokens {
    /// The items that live in the method's module.
    pub items: TokenStream,
    /// `fn crm_deal_add(&self, fields: …) -> CrmDealAddCall`.
    pub signature: TokenStream,
    /// `#[deprecated(note = …)]` when the page is, for the trait method.
    pub deprecated: TokenStream,
    /// The client method's doc: one line and a link to the request type.
    pub summary: String,
    pub request: Ident,
    pub call: Ident,
    /// The arguments of the request's `new`, in order.
    pub arg_names: Vec<Ident>,
}

impl MethodTokens {
    pub fn new(
        spec: &MethodSpec,
        req_name: &str,
        version: Version,
        (types, client_fns): (&mut Names, &mut Names),
        linked: Option<&Linked>,
        shared_call: bool,
    ) -> Self {
        let req = naming::ident(req_name);
        let mut nested = Vec::new();
        let mut gen = TypeGen {
            spec,
            types,
            nested: &mut nested,
            records: None,
            linked,
        };
        let doc = Literal::string(&docs::method_doc(spec));
        let deprecated = spec
            .deprecated
            .as_deref()
            .map(|note| quote! { #[deprecated(note = #note)] })
            .unwrap_or_default();
        let (request, plans, ctor) =
            gen.request_struct(&req, &spec.params, doc, None, deprecated.clone());
        let resp_name = gen.types.claim(&format!("{req_name}Response"));
        let call_name = gen.types.claim(&format!("{req_name}Call"));
        let send_link = if shared_call {
            "::bitrix_api::Call::send".to_owned()
        } else {
            format!("{call_name}::send")
        };
        let resp_ty = gen.response_type(&spec.response.ty, req_name);
        let streams = match (&gen.records, spec.name.ends_with(".list"), version) {
            (Some(record), true, Version::V2) => streams(spec, record, linked),
            (Some(record), true, Version::V3) => v3_stream(record),
            _ => TokenStream::new(),
        };
        let resp = naming::ident(&resp_name);
        let call = naming::ident(&call_name);
        let method_name = &spec.name;
        let link = format!("[`{req_name}`]");
        let resp_doc = format!(
            "What `{method_name}` answers in `result`: see {link} for the fields.\n\n{}",
            docs::source_line(spec, spec.response.line)
        );
        let summary = docs::summary(spec, req_name);
        let call_doc = format!(
            "{summary}\n\nA call ready to send: set optional parameters, then `.await` it \
             (or [`send`]({send_link}))."
        );
        let setters = plans.iter().filter(|p| !p.field.required).map(|p| {
            let (n, t) = (&p.name, &p.arg_ty);
            let doc = format!("Sets `{}`: see [`{req_name}::{n}`].", p.field.name);
            quote! {
                #[doc = #doc]
                #[inline]
                pub fn #n(mut self, value: #t) -> Self {
                    self.request = self.request.#n(value);
                    self
                }
            }
        });
        let args = &ctor.params;
        let arg_names = ctor.args;
        let fn_name = naming::ident(&client_fns.claim(&naming::snake(&spec.name)));
        let (version_const, api_version, catalog) = match version {
            Version::V2 => (
                TokenStream::new(),
                quote!(::bitrix_api::ApiVersion::V2),
                quote!(super::catalog),
            ),
            Version::V3 => (
                quote! { const VERSION: ::bitrix_api::ApiVersion = ::bitrix_api::ApiVersion::V3; },
                quote!(::bitrix_api::ApiVersion::V3),
                quote!(super::super::catalog),
            ),
        };
        let key_setter = match version {
            Version::V2 => TokenStream::new(),
            Version::V3 => quote! {
                /// Sends this `Idempotency-Key` (on every attempt) instead of a fresh one:
                /// repeat the call later with the same key and body to get the stored answer
                /// rather than a second write. Checked when sent: 1 to 255 printable ASCII.
                #[inline]
                pub fn idempotency_key(mut self, key: impl ::core::convert::Into<::std::string::String>) -> Self {
                    self.options = self.options.idempotency_key(key);
                    self
                }
            },
        };
        let check = linked.map(|l| query_check(l, &plans)).unwrap_or_default();
        let call_items = if shared_call {
            // Inside bitrix-api: the shared `Call<M>` (its `request`, `send` and
            // `IntoFuture` compiled once); only this method's setters and streams here.
            let own: TokenStream = quote!(#(#setters)* #streams #key_setter);
            let own = (!own.is_empty()).then(|| quote!(impl ::bitrix_api::Call<#req> { #own }));
            quote! {
                #[doc = #call_doc]
                pub type #call = ::bitrix_api::Call<#req>;
                #own
            }
        } else {
            quote! {
                #[doc = #call_doc]
                #[derive(Debug, Clone)]
                #[must_use = "a call does nothing until it is awaited"]
                pub struct #call {
                    pub(super) client: ::bitrix_api::Client,
                    pub(super) request: #req,
                    pub(super) options: ::bitrix_api::CallOptions,
                }

                impl #call {
                    #(#setters)*
                    #streams
                    /// The request as it will be sent.
                    #[inline]
                    pub fn request(&self) -> &#req {
                        &self.request
                    }
                    #key_setter
                    /// Sends the call (the same as awaiting it).
                    #[inline]
                    pub fn send(self) -> ::bitrix_api::BoxFuture<'static, ::core::result::Result<#resp, ::bitrix_api::Error>> {
                        self.client.__send(self.request, self.options)
                    }
                }

                impl ::core::future::IntoFuture for #call {
                    type Output = ::core::result::Result<#resp, ::bitrix_api::Error>;
                    type IntoFuture = ::bitrix_api::BoxFuture<'static, Self::Output>;
                    #[inline]
                    fn into_future(self) -> Self::IntoFuture {
                        self.send()
                    }
                }
            }
        };
        let items = quote! {
            #request
            #(#nested)*
            #[doc = #resp_doc]
            pub type #resp = #resp_ty;

            impl ::bitrix_api::Method for #req {
                const NAME: &'static str = #method_name;
                #version_const
                type Response = #resp;
                #[inline]
                fn info() -> &'static ::bitrix_api::MethodInfo {
                    ::bitrix_api::method::find(#catalog(), #method_name, #api_version)
                }
                #check
            }

            #call_items
        };
        MethodTokens {
            items,
            signature: quote! { fn #fn_name(&self, #(#args),*) -> #call },
            deprecated,
            summary,
            request: req,
            call,
            arg_names,
        }
    }
}

/// `stream()` (following `next`) and, when the records have an id, `stream_by_id()` (the
/// fast `>ID` walk of huge-data.md) for a list method whose answer is a list of `record`s.
fn streams(spec: &MethodSpec, record: &TokenStream, linked: Option<&Linked>) -> TokenStream {
    let id = match linked {
        Some(l) => l.id_field.clone(),
        None => record_fields(&spec.response.ty)
            .and_then(|fs| fs.iter().find(|f| f.name == "ID" || f.name == "id"))
            .map(|f| f.name.clone()),
    };
    let item = quote! {
        ::core::result::Result<#record, ::bitrix_api::Error>
    };
    let by_id = id.map(|field| {
        let doc = format!(
            "Every record, fast: sorted by `{field}`, each page filtered by `>{field}` from the \
             last record seen and sent with `start: -1` (no total is counted), so large lists \
             cost less and records added while walking are not skipped. Any `order` set on the \
             call is replaced."
        );
        let ranges_doc = format!(
            "Every record, fastest: the `{field}` span cut into up to `ranges` ranges walked \
             side by side as `stream_by_id` walks one (see \
             `bitrix_api::Client::list_stream_by_id_ranges`); records are in `{field}` order \
             within a range, and ranges interleave."
        );
        quote! {
            #[doc = #doc]
            #[inline]
            pub fn stream_by_id(self) -> impl ::bitrix_api::__private::Stream<Item = #item> + ::core::marker::Send + 'static {
                ::bitrix_api::list::typed(&self.client, &self.request, ::core::option::Option::Some(#field))
            }
            #[doc = #ranges_doc]
            #[inline]
            pub fn stream_by_id_ranges(self, ranges: usize) -> impl ::bitrix_api::__private::Stream<Item = #item> + ::core::marker::Send + 'static {
                ::bitrix_api::list::typed_ranges(&self.client, &self.request, #field, ranges)
            }
        }
    });
    quote! {
        /// Every record the filter matches, typed, in page order: follows `next` from
        /// page to page (50 records a request).
        #[inline]
        pub fn stream(self) -> impl ::bitrix_api::__private::Stream<Item = #item> + ::core::marker::Send + 'static {
            ::bitrix_api::list::typed(&self.client, &self.request, ::core::option::Option::None)
        }
        #by_id
    }
}

/// `stream()` for a REST 3.0 list method whose answer is `{"items": [record…]}`: the
/// `pagination` walk of `V3Client::stream_raw` (offset or cursor, as each answer shows).
fn v3_stream(record: &TokenStream) -> TokenStream {
    quote! {
        /// Every record the filter matches, typed, in page order: follows `pagination`
        /// (offset or cursor, as the answers show) to the last page.
        #[inline]
        pub fn stream(self) -> impl ::bitrix_api::__private::Stream<Item = ::core::result::Result<#record, ::bitrix_api::Error>> + ::core::marker::Send + 'static {
            ::bitrix_api::__private::v3_stream(&self.client, &self.request)
        }
    }
}

/// The fields of a list answer's records: `result[]`, or `result.items[]`.
fn record_fields(ty: &FieldType) -> Option<&[Field]> {
    match ty {
        FieldType::Array(inner) => match inner.as_ref() {
            FieldType::Object(fs) => Some(fs),
            _ => None,
        },
        FieldType::Object(fs) => fs
            .iter()
            .find(|f| f.name == "items")
            .and_then(|f| record_fields(&f.ty)),
        _ => None,
    }
}

/// `Method::check` of a method whose records are an entity's: its `filter`, `order` and
/// `select` checked against the entity's fields before sending.
fn query_check(l: &Linked, plans: &[Plan]) -> TokenStream {
    let (e, d) = (&l.ty, &l.dialect);
    let checks: Vec<TokenStream> = plans
        .iter()
        .filter_map(|p| {
            let f = match p.field.name.as_str() {
                "filter" => quote!(check_filter),
                "order" => quote!(check_order),
                "select" => quote!(check_select),
                _ => return None,
            };
            let n = &p.name;
            Some(if p.field.required {
                quote! { ::bitrix_api::typed::#f::<#e>(Self::NAME, &self.#n, #d)?; }
            } else {
                quote! {
                    if let ::core::option::Option::Some(v) = &self.#n {
                        ::bitrix_api::typed::#f::<#e>(Self::NAME, v, #d)?;
                    }
                }
            })
        })
        .collect();
    if checks.is_empty() {
        return TokenStream::new();
    }
    quote! {
        fn check(&self) -> ::core::result::Result<(), ::bitrix_api::Error> {
            #(#checks)*
            ::core::result::Result::Ok(())
        }
    }
}
