//! Tokens from the validated method model.

use bitrix_docs::{Field, FieldType, MethodSpec};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::docs;
use crate::naming::{self, Names};

/// How client methods attach to `bitrix_api::Client`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Attach {
    /// Inherent methods: only possible inside `bitrix-api` itself.
    Inherent,
    /// An extension trait `ClientMethods` that the app imports.
    Trait,
}

/// Everything `bind!` emits for a set of methods.
pub struct Output<'a> {
    /// The methods to bind, in catalog order.
    pub methods: &'a [MethodSpec],
    /// How client methods attach to `Client`.
    pub attach: Attach,
    /// Pages skipped under `skip_invalid`: (path, reason).
    pub skipped: Option<Vec<(String, String)>>,
}

/// Expands all methods into one token stream.
pub fn expand(out: &Output<'_>) -> TokenStream {
    let mut types = Names::default();
    // Request types get their contract names first; everything else avoids them.
    let requests: Vec<String> = out
        .methods
        .iter()
        .map(|m| types.claim(&naming::pascal(&m.name)))
        .collect();
    let mut client_fns = Names::default();
    let mut items = Vec::new();
    let mut client_methods = Vec::new();
    let mut catalog = Vec::new();
    for (index, (spec, req_name)) in out.methods.iter().zip(&requests).enumerate() {
        let m = MethodTokens::new(spec, req_name, index, &mut types, &mut client_fns);
        items.push(m.items);
        client_methods.push(m.client_method);
        catalog.push(catalog_entry(spec));
    }
    let count = catalog.len();
    let client = match out.attach {
        Attach::Inherent => quote! {
            impl ::bitrix_api::Client { #(#client_methods)* }
        },
        Attach::Trait => {
            let sigs = client_methods.iter().map(|m| m.signature.clone());
            let bodies = client_methods.iter().map(|m| m.in_trait_impl());
            quote! {
                /// The client methods of the pages bound here. Import this trait to call them
                /// on a [`bitrix_api::Client`](::bitrix_api::Client).
                pub trait ClientMethods {
                    #(#sigs ;)*
                }
                impl ClientMethods for ::bitrix_api::Client { #(#bodies)* }
            }
        }
    };
    let skipped = out.skipped.as_ref().map(|list| {
        let rows = list.iter().map(|(p, r)| quote! { (#p, #r) });
        quote! {
            /// Pages under the bound directory that were skipped (`skip_invalid`): (path, reason).
            pub const SKIPPED: &[(&str, &str)] = &[#(#rows),*];
        }
    });
    quote! {
        #(#items)*
        #client
        static __BITRIX_CATALOG: [::bitrix_api::MethodInfo; #count] = [#(#catalog),*];
        /// Every method bound here, with its page, scope and parameters.
        pub fn catalog() -> &'static [::bitrix_api::MethodInfo] {
            &__BITRIX_CATALOG
        }
        #skipped
    }
}

struct ClientMethod {
    signature: TokenStream,
    body: TokenStream,
    doc: Literal,
}

impl quote::ToTokens for ClientMethod {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let (sig, body, doc) = (&self.signature, &self.body, &self.doc);
        tokens.extend(quote! { #[doc = #doc] pub #sig #body });
    }
}

impl ClientMethod {
    fn in_trait_impl(&self) -> TokenStream {
        let (sig, body) = (&self.signature, &self.body);
        quote! { #sig #body }
    }
}

struct MethodTokens {
    items: TokenStream,
    client_method: ClientMethod,
}

impl MethodTokens {
    fn new(
        spec: &MethodSpec,
        req_name: &str,
        index: usize,
        types: &mut Names,
        client_fns: &mut Names,
    ) -> Self {
        let req = ident(req_name);
        let mut nested = Vec::new();
        let mut gen = TypeGen {
            spec,
            types,
            nested: &mut nested,
        };
        // The page text documents both the request type and the client method.
        let doc = docs::method_doc(spec);
        // Escaped once: the page text is the largest literal and it is used twice.
        let doc = Literal::string(&doc);
        let (request, plans) = gen.request_struct(&req, &spec.params, doc.clone());
        let resp_name = gen.types.claim(&format!("{req_name}Response"));
        let call_name = gen.types.claim(&format!("{req_name}Call"));
        let resp_ty = gen.response_type(&spec.response.ty, req_name);
        let resp = ident(&resp_name);
        let call = ident(&call_name);
        let method_name = &spec.name;
        let resp_doc = format!(
            "What `{method_name}` answers in `result`.\n\n{}",
            docs::source_line(spec, spec.response.line)
        );
        let call_doc = format!(
            "A `{method_name}` call ready to send: set optional parameters, then `.await` it.\n\n{}",
            docs::source_line(spec, spec.source.line)
        );
        let setters = plans.iter().filter(|p| !p.field.required).map(|p| {
            let (n, t) = (&p.name, &p.arg_ty);
            let doc = format!("Sets `{}`: see [`{req}::{n}`].", p.field.name);
            quote! {
                #[doc = #doc]
                pub fn #n(mut self, value: #t) -> Self {
                    self.request = self.request.#n(value);
                    self
                }
            }
        });
        let required: Vec<&Plan> = plans.iter().filter(|p| p.field.required).collect();
        let args = required.iter().map(|p| {
            let (n, t) = (&p.name, &p.arg_ty);
            quote! { #n: #t }
        });
        let arg_names = required.iter().map(|p| &p.name);
        let fn_name = naming::ident(&client_fns.claim(&naming::snake(&spec.name)));
        let items = quote! {
            #request
            #(#nested)*
            #[doc = #resp_doc]
            pub type #resp = #resp_ty;

            impl ::bitrix_api::Method for #req {
                const NAME: &'static str = #method_name;
                type Response = #resp;
                fn info() -> &'static ::bitrix_api::MethodInfo {
                    &__BITRIX_CATALOG[#index]
                }
            }

            #[doc = #call_doc]
            #[derive(Debug, Clone)]
            #[must_use = "a call does nothing until it is awaited"]
            pub struct #call {
                client: ::bitrix_api::Client,
                request: #req,
            }

            impl #call {
                #(#setters)*
                /// The request as it will be sent.
                pub fn request(&self) -> &#req {
                    &self.request
                }
                /// Sends the call (the same as awaiting it).
                pub async fn send(self) -> ::core::result::Result<#resp, ::bitrix_api::Error> {
                    self.client.call(&self.request).await
                }
            }

            impl ::core::future::IntoFuture for #call {
                type Output = ::core::result::Result<#resp, ::bitrix_api::Error>;
                type IntoFuture = ::bitrix_api::BoxFuture<'static, Self::Output>;
                fn into_future(self) -> Self::IntoFuture {
                    ::std::boxed::Box::pin(self.send())
                }
            }
        };
        let client_method = ClientMethod {
            signature: quote! { fn #fn_name(&self, #(#args),*) -> #call },
            body: quote! {{
                #call { client: ::core::clone::Clone::clone(self), request: #req::new(#(#arg_names),*) }
            }},
            doc,
        };
        MethodTokens {
            items,
            client_method,
        }
    }
}

/// Lowers field types to Rust types, emitting a struct for every object with known fields.
/// A request field as generated: its Rust name, type and how setters take it.
struct Plan {
    field: Field,
    name: Ident,
    ty: TokenStream,
    arg_ty: TokenStream,
    conv: TokenStream,
}

struct TypeGen<'a> {
    spec: &'a MethodSpec,
    types: &'a mut Names,
    nested: &'a mut Vec<TokenStream>,
}

#[derive(Clone, Copy, PartialEq)]
enum Dir {
    Request,
    Response,
}

impl TypeGen<'_> {
    /// The Rust type of `ty`; `hint` is the PascalCase name an object here would get, and
    /// `what` says what such an object is, for its rustdoc.
    fn rust_type_of(&mut self, ty: &FieldType, hint: &str, dir: Dir, what: &str) -> TokenStream {
        match ty {
            FieldType::Integer => quote!(i64),
            FieldType::Double => quote!(f64),
            FieldType::String => quote!(::std::string::String),
            FieldType::Boolean | FieldType::YesNo => quote!(bool),
            FieldType::Date => quote!(::bitrix_api::chrono::NaiveDate),
            FieldType::DateTime => {
                quote!(::bitrix_api::chrono::DateTime<::bitrix_api::chrono::FixedOffset>)
            }
            FieldType::Any => quote!(::bitrix_api::__private::serde_json::Value),
            // Until bitrix-api has `types::Multifield` and a file type.
            FieldType::Multifield | FieldType::File => {
                quote!(::bitrix_api::__private::serde_json::Value)
            }
            FieldType::Timestamp => quote!(i64),
            FieldType::Object(fields) if fields.is_empty() => {
                quote!(::bitrix_api::__private::serde_json::Value)
            }
            FieldType::FieldMap => quote! {
                ::std::collections::BTreeMap<::std::string::String, ::bitrix_api::FieldDescription>
            },
            FieldType::Object(fields) => {
                let name = self.types.claim(hint);
                let id = ident(&name);
                let what = if what.is_empty() {
                    "An object".to_owned()
                } else {
                    what.to_owned()
                };
                let doc = format!(
                    "{what} of `{}`.\n\n{}",
                    self.spec.name,
                    docs::source_line(
                        self.spec,
                        fields.first().map_or(self.spec.source.line, |f| f.line)
                    )
                );
                let item = match dir {
                    Dir::Request => self.request_struct(&id, fields, Literal::string(&doc)).0,
                    Dir::Response => self.response_struct(&id, fields, doc),
                };
                self.nested.push(item);
                quote!(#id)
            }
            FieldType::Array(inner) => {
                let what = if what.is_empty() {
                    String::new()
                } else {
                    format!("An element of the {}", what.trim_start_matches("The "))
                };
                let elem =
                    self.rust_type_of(inner, &naming::pascal(&naming::singular(hint)), dir, &what);
                quote!(::std::vec::Vec<#elem>)
            }
        }
    }

    fn response_type(&mut self, ty: &FieldType, req_name: &str) -> TokenStream {
        self.rust_type_of(
            ty,
            &format!("{req_name}Result"),
            Dir::Response,
            "The `result`",
        )
    }

    /// Names and types of a request struct's fields, computed once for the struct, its
    /// constructor, its setters and the call builder.
    fn plan(&mut self, owner: &Ident, fields: &[Field]) -> Vec<Plan> {
        let mut names = Names::default();
        fields
            .iter()
            .map(|f| {
                let name = naming::ident(&names.claim(&naming::snake(&f.name)));
                let hint = format!("{owner}{}", naming::pascal(&f.name));
                let what = format!("The `{}` parameter", f.name);
                let ty = self.rust_type_of(&f.ty, &hint, Dir::Request, &what);
                let (arg_ty, conv) = match &f.ty {
                    FieldType::String => (
                        quote!(impl ::core::convert::Into<::std::string::String>),
                        quote!(::core::convert::Into::into),
                    ),
                    FieldType::Any => (
                        quote!(
                            impl ::core::convert::Into<::bitrix_api::__private::serde_json::Value>
                        ),
                        quote!(::core::convert::Into::into),
                    ),
                    _ => (ty.clone(), TokenStream::new()),
                };
                Plan {
                    field: f.clone(),
                    name,
                    ty,
                    arg_ty,
                    conv,
                }
            })
            .collect()
    }

    /// A request struct: private fields in page order, `new(required…)` and setters.
    fn request_struct(
        &mut self,
        id: &Ident,
        fields: &[Field],
        doc: Literal,
    ) -> (TokenStream, Vec<Plan>) {
        let spec = self.spec;
        let plans = self.plan(id, fields);
        let decls = plans.iter().map(|p| {
            let (fname, ty, wire) = (&p.name, &p.ty, &p.field.name);
            let yn = yes_no(&p.field.ty, p.field.required);
            // Private fields: their page text is on the setters and in the type's doc.
            if p.field.required {
                quote! { #[serde(rename = #wire #yn)] #fname: #ty }
            } else {
                quote! {
                    #[serde(rename = #wire, skip_serializing_if = "::core::option::Option::is_none" #yn)]
                    #fname: ::core::option::Option<#ty>
                }
            }
        });
        let args = plans.iter().filter(|p| p.field.required).map(|p| {
            let (n, t) = (&p.name, &p.arg_ty);
            quote! { #n: #t }
        });
        let inits = plans.iter().map(|p| {
            let (n, conv) = (&p.name, &p.conv);
            if p.field.required && conv.is_empty() {
                quote! { #n }
            } else if p.field.required {
                quote! { #n: #conv(#n) }
            } else {
                quote! { #n: ::core::option::Option::None }
            }
        });
        let setters = plans.iter().filter(|p| !p.field.required).map(|p| {
            let (n, t, conv) = (&p.name, &p.arg_ty, &p.conv);
            let value = if conv.is_empty() {
                quote!(value)
            } else {
                quote!(#conv(value))
            };
            let doc = docs::field_doc(&p.field, spec);
            quote! {
                #[doc = #doc]
                pub fn #n(mut self, value: #t) -> Self {
                    self.#n = ::core::option::Option::Some(#value);
                    self
                }
            }
        });
        let new_doc = format!(
            "Creates the request from its required parameters, in page order; set optional \
             ones with the setters.\n\n{}",
            docs::source_line(spec, fields.first().map_or(spec.source.line, |f| f.line))
        );
        let tokens = quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq, ::bitrix_api::__private::serde::Serialize)]
            #[serde(crate = "::bitrix_api::__private::serde")]
            pub struct #id { #(#decls),* }

            impl #id {
                #[doc = #new_doc]
                #[allow(clippy::too_many_arguments, clippy::new_without_default)]
                pub fn new(#(#args),*) -> Self {
                    Self { #(#inits),* }
                }
                #(#setters)*
            }
        };
        (tokens, plans)
    }

    /// A response struct: public fields, lenient decoding, undocumented fields kept in `extra`.
    fn response_struct(&mut self, id: &Ident, fields: &[Field], doc: String) -> TokenStream {
        let spec = self.spec;
        let mut names = Names::default();
        let mut decls = Vec::new();
        for f in fields {
            let fname = naming::ident(&names.claim(&naming::snake(&f.name)));
            let hint = format!("{id}{}", naming::pascal(&f.name));
            let what = format!("The `{}` field", f.name);
            let ty = self.rust_type_of(&f.ty, &hint, Dir::Response, &what);
            let wire = &f.name;
            let yn = yes_no(&f.ty, true);
            let fdoc = docs::field_doc(f, spec);
            decls.push(quote! {
                #[doc = #fdoc]
                #[serde(rename = #wire, deserialize_with = "::bitrix_api::wire::de" #yn)]
                pub #fname: #ty
            });
        }
        let extra = naming::ident(&names.claim("extra"));
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq,
                ::bitrix_api::__private::serde::Serialize, ::bitrix_api::__private::serde::Deserialize)]
            #[serde(crate = "::bitrix_api::__private::serde")]
            // A field the page gains later must not break code in other crates: answers are
            // decoded, never built field by field.
            #[non_exhaustive]
            pub struct #id {
                #(#decls,)*
                /// Fields the answer had that the page does not document, kept as they came.
                #[serde(flatten)]
                pub #extra: ::bitrix_api::__private::serde_json::Map<
                    ::std::string::String, ::bitrix_api::__private::serde_json::Value>,
            }
            ::bitrix_api::__wire_via_serde!(#id);
        }
    }
}

/// `serialize_with` for `Y`/`N` flags.
fn yes_no(ty: &FieldType, required: bool) -> TokenStream {
    let path = match (ty, required) {
        (FieldType::YesNo, true) => "::bitrix_api::wire::yn::serialize",
        (FieldType::YesNo, false) => "::bitrix_api::wire::yn::serialize_opt",
        (FieldType::Array(inner), true) if **inner == FieldType::YesNo => {
            "::bitrix_api::wire::yn::serialize_vec"
        }
        (FieldType::Array(inner), false) if **inner == FieldType::YesNo => {
            "::bitrix_api::wire::yn::serialize_opt_vec"
        }
        _ => return TokenStream::new(),
    };
    quote!(, serialize_with = #path)
}

fn catalog_entry(spec: &MethodSpec) -> TokenStream {
    let name = &spec.name;
    let title = &spec.title;
    let page = &spec.source.rel_path;
    let line = Literal::u32_unsuffixed(u32::try_from(spec.source.line).unwrap_or(u32::MAX));
    let scope = match &spec.scope {
        Some(s) => quote!(::core::option::Option::Some(#s)),
        None => quote!(::core::option::Option::None),
    };
    let params = param_infos(&spec.params, 0);
    quote! {
        ::bitrix_api::MethodInfo {
            name: #name, title: #title, page: #page, line: #line, scope: #scope,
            params: #params,
        }
    }
}

fn param_infos(fields: &[Field], depth: usize) -> TokenStream {
    let rows = fields.iter().map(|f| {
        let name = &f.name;
        let ty = docs::type_text(f);
        let required = f.required;
        let nested = match docs::object_fields(&f.ty) {
            Some(fs) if depth < 8 => param_infos(fs, depth + 1),
            _ => quote!(&[]),
        };
        quote! { ::bitrix_api::ParamInfo { name: #name, ty: #ty, required: #required, fields: #nested } }
    });
    quote!(&[#(#rows),*])
}

fn ident(name: &str) -> Ident {
    let _ = Span::call_site();
    format_ident!("{}", name)
}
