//! Field types lowered to Rust: request structs (private fields, `new(required…)`,
//! setters) and response structs (public fields, lenient decoding, `extra`), one struct
//! for every object with known fields, one enum for every enumerated request string.

use bitrix_docs::{Field, FieldType, MethodSpec};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use crate::naming::{self, Names};
use crate::records::Linked;
use crate::wire::{record_decoder, to_wire_impl, write_call};
use crate::{docs, enums};

/// Lowers field types to Rust types, emitting a struct for every object with known fields.
/// A request field as generated: its Rust name, type and how setters take it.
pub(crate) struct Plan {
    pub field: Field,
    pub name: Ident,
    ty: TokenStream,
    pub arg_ty: TokenStream,
    conv: TokenStream,
}

/// How a request struct's `new` takes its required values: positionally, or — when two of
/// them share a Rust type, so that swapping them would compile — by name, in one
/// `…Required` struct literal.
pub(crate) struct Ctor {
    /// `name: Type`, in constructor order.
    pub params: Vec<TokenStream>,
    /// The names of `params`, to forward them to `new`.
    pub args: Vec<Ident>,
}

pub(crate) struct TypeGen<'a> {
    pub spec: &'a MethodSpec,
    pub types: &'a mut Names,
    pub nested: &'a mut Vec<TokenStream>,
    /// The record type of a list answer (the element of `result`, or of `result.items`),
    /// found while lowering the response.
    pub records: Option<TokenStream>,
    /// The entity record the method's answer holds, from its fields page.
    pub linked: Option<&'a Linked>,
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
            FieldType::Multifield => quote!(::bitrix_api::types::Multifield),
            FieldType::File => quote!(::bitrix_api::types::File),
            // Seconds since 1970-01-01 UTC, as the page documents them.
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
                    Dir::Request => {
                        let doc = Literal::string(&doc);
                        self.request_struct(
                            &id,
                            fields,
                            doc,
                            Some(what.as_str()),
                            TokenStream::new(),
                        )
                        .0
                    }
                    Dir::Response => self.response_struct(&id, fields, doc),
                };
                self.nested.push(item);
                quote!(#id)
            }
            FieldType::Map(inner) => {
                let what = if what.is_empty() {
                    String::new()
                } else {
                    format!("A value of the {}", what.trim_start_matches("The "))
                };
                let value =
                    self.rust_type_of(inner, &naming::pascal(&naming::singular(hint)), dir, &what);
                quote!(::std::collections::BTreeMap<::std::string::String, #value>)
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

    /// The answer-side struct `name` of an object with `fields` (an event's `data`), or
    /// `serde_json::Value` when it has none; `what` starts its rustdoc.
    pub fn response_object(&mut self, fields: &[Field], name: &str, what: &str) -> TokenStream {
        self.rust_type_of(
            &FieldType::Object(fields.to_vec()),
            name,
            Dir::Response,
            what,
        )
    }

    pub fn response_type(&mut self, ty: &FieldType, req_name: &str) -> TokenStream {
        if let Some(l) = self.linked.filter(|l| l.path.is_empty()) {
            let record = l.ty.clone();
            if l.list {
                self.records = Some(record.clone());
                return quote!(::std::vec::Vec<#record>);
            }
            return record;
        }
        let hint = format!("{req_name}Result");
        if let FieldType::Array(inner) = ty {
            // A list answer: its element is the record type of the method's streams.
            let elem = self.rust_type_of(
                inner,
                &naming::pascal(&naming::singular(&hint)),
                Dir::Response,
                "An element of the `result`",
            );
            self.records = Some(elem.clone());
            return quote!(::std::vec::Vec<#elem>);
        }
        self.rust_type_of(ty, &hint, Dir::Response, "The `result`")
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
                if let Some(variants) = enums::variants(f) {
                    let id = ident(&self.types.claim(&hint));
                    self.nested
                        .push(enums::enum_tokens(&id, f, &variants, self.spec));
                    return Plan {
                        field: f.clone(),
                        name,
                        ty: quote!(#id),
                        arg_ty: quote!(#id),
                        conv: TokenStream::new(),
                    };
                }
                if let Some(plan) = self.query_plan(f, &name) {
                    return plan;
                }
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

    /// `filter`, `order` and `select` of a method whose records are an entity's: typed by
    /// the entity's fields (raw JSON still taken), written in the method's dialect.
    fn query_plan(&self, f: &Field, name: &Ident) -> Option<Plan> {
        let l = self.linked?;
        let (e, d) = (&l.ty, &l.dialect);
        let (arg_ty, conv) = match f.name.as_str() {
            "filter" => (
                quote!(impl ::bitrix_api::typed::IntoFilter<#e>),
                quote!((|v| ::bitrix_api::typed::IntoFilter::<#e>::into_filter(v, #d))),
            ),
            "order" => (
                quote!(impl ::bitrix_api::typed::IntoOrder<#e>),
                quote!((|v| ::bitrix_api::typed::IntoOrder::<#e>::into_order(v, #d))),
            ),
            "select" => (
                quote!(impl ::bitrix_api::typed::IntoSelect<#e>),
                quote!((|v| ::bitrix_api::typed::IntoSelect::<#e>::into_select(v, #d))),
            ),
            _ => return None,
        };
        Some(Plan {
            field: f.clone(),
            name: name.clone(),
            ty: quote!(::bitrix_api::__private::serde_json::Value),
            arg_ty,
            conv,
        })
    }

    /// A request struct: private fields in page order, `new(required…)` and setters.
    pub fn request_struct(
        &mut self,
        id: &Ident,
        fields: &[Field],
        doc: Literal,
        what: Option<&str>,
        deprecated: TokenStream,
    ) -> (TokenStream, Vec<Plan>, Ctor) {
        let spec = self.spec;
        let (patterns, fields): (Vec<&Field>, Vec<&Field>) = fields.iter().partition(|f| f.pattern);
        let fields: Vec<Field> = fields.into_iter().cloned().collect();
        let plans = self.plan(id, &fields);
        let maps = pattern_maps(&patterns, &plans);
        let map_decls = maps.iter().map(|m| {
            let name = &m.field;
            quote! {
                #name: ::std::collections::BTreeMap<::std::string::String, ::bitrix_api::__private::serde_json::Value>
            }
        });
        let map_inits = maps.iter().map(|m| {
            let name = &m.field;
            quote! { #name: ::core::default::Default::default() }
        });
        let map_setters = maps.iter().map(|m| {
            let (name, setter, prefix) = (&m.field, &m.setter, &m.prefix);
            let doc = format!(
                "{}\n\nSets one key of the `{prefix}…` family (the key must start with \
                 `{prefix}`, e.g. a user field's `FIELD_NAME`); the value is sent as given.",
                docs::field_doc(m.source, spec)
            );
            quote! {
                #[doc = #doc]
                #[inline]
                pub fn #setter(
                    mut self,
                    key: impl ::core::convert::Into<::std::string::String>,
                    value: impl ::core::convert::Into<::bitrix_api::__private::serde_json::Value>,
                ) -> Self {
                    self.#name.insert(key.into(), value.into());
                    self
                }
            }
        });
        let decls = plans.iter().map(|p| {
            let (fname, ty) = (&p.name, &p.ty);
            // Private fields: their page text is on the setters and in the type's doc.
            if p.field.required {
                quote! { #fname: #ty }
            } else {
                quote! { #fname: ::core::option::Option<#ty> }
            }
        });
        let writes: Vec<TokenStream> = plans
            .iter()
            .map(|p| write_call(&p.field, &p.name))
            .chain(maps.iter().map(|m| {
                let name = &m.field;
                quote!(inline(&self.#name))
            }))
            .collect();
        let writer = to_wire_impl(id, &writes);
        let required: Vec<&Plan> = plans.iter().filter(|p| p.field.required).collect();
        let (ctor, named, new_doc) = if shares_a_type(&required) {
            let named = ident(&self.types.claim(&format!("{id}Required")));
            let ctor = Ctor {
                params: vec![quote! { required: #named }],
                args: vec![ident("required")],
            };
            let new_doc = docs::constructor_doc(what, Some(&named.to_string()));
            (ctor, Some(named), new_doc)
        } else {
            let ctor = Ctor {
                params: required
                    .iter()
                    .map(|p| {
                        let (n, t) = (&p.name, &p.arg_ty);
                        quote! { #n: #t }
                    })
                    .collect(),
                args: required.iter().map(|p| p.name.clone()).collect(),
            };
            (ctor, None, docs::constructor_doc(what, None))
        };
        let params = &ctor.params;
        let (required_struct, unpack) = match &named {
            Some(named) => {
                let names = required.iter().map(|p| &p.name);
                let fields = required.iter().map(|p| {
                    let (n, t) = (&p.name, &p.ty);
                    let doc = docs::required_field_doc(&p.field, spec);
                    quote! { #[doc = #doc] pub #n: #t }
                });
                let doc = format!(
                    "The required values of [`{id}::new`], by name: two or more of them share a \
                     type, so they are not positional."
                );
                (
                    quote! {
                        #[doc = #doc]
                        #[derive(Debug, Clone)]
                        pub struct #named { #(#fields),* }
                    },
                    quote! { let #named { #(#names),* } = required; },
                )
            }
            None => (TokenStream::new(), TokenStream::new()),
        };
        let inits = plans.iter().map(|p| {
            let (n, conv) = (&p.name, &p.conv);
            if p.field.required && (conv.is_empty() || named.is_some()) {
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
                #[inline]
                pub fn #n(mut self, value: #t) -> Self {
                    self.#n = ::core::option::Option::Some(#value);
                    self
                }
            }
        });
        let tokens = quote! {
            #[doc = #doc]
            #deprecated
            #[derive(Clone)]
            pub struct #id { #(#decls,)* #(#map_decls),* }
            #writer

            impl #id {
                #[doc = #new_doc]
                #[inline]
                #[allow(clippy::too_many_arguments, clippy::new_without_default)]
                pub fn new(#(#params),*) -> Self {
                    #unpack
                    Self { #(#inits,)* #(#map_inits),* }
                }
                #(#setters)*
                #(#map_setters)*
            }
            #required_struct
        };
        (tokens, plans, ctor)
    }

    /// A response struct: public fields, lenient decoding, undocumented fields kept in `extra`.
    fn response_struct(&mut self, id: &Ident, fields: &[Field], doc: String) -> TokenStream {
        let spec = self.spec;
        let mut names = Names::default();
        let mut decls = Vec::new();
        let mut takes = Vec::new();
        let mut writes = Vec::new();
        let (patterns, fields): (Vec<&Field>, Vec<&Field>) = fields.iter().partition(|f| f.pattern);
        for f in fields {
            let fname = naming::ident(&names.claim(&naming::snake(&f.name)));
            let hint = format!("{id}{}", naming::pascal(&f.name));
            let what = format!("The `{}` field", f.name);
            let linked = self.linked.filter(|l| {
                let here = match &l.owner {
                    Some(owner) => *id == owner.as_str(),
                    None => depth_one(id, spec),
                };
                here && l.path.len() == 1 && l.path[0] == f.name
            });
            let ty = match &f.ty {
                // The entity's record, typed from its fields page.
                _ if linked.is_some() => {
                    let l = linked.expect("checked");
                    let record = l.ty.clone();
                    if l.list {
                        self.records = Some(record.clone());
                        quote!(::std::vec::Vec<#record>)
                    } else {
                        record
                    }
                }
                // `crm.item.list` answers `{"items": [...]}`: its records are the elements.
                FieldType::Array(inner)
                    if f.name == "items" && self.records.is_none() && depth_one(id, spec) =>
                {
                    let elem = self.rust_type_of(
                        inner,
                        &naming::pascal(&naming::singular(&hint)),
                        Dir::Response,
                        &format!("An element of the `{}` field", f.name),
                    );
                    self.records = Some(elem.clone());
                    quote!(::std::vec::Vec<#elem>)
                }
                _ => self.rust_type_of(&f.ty, &hint, Dir::Response, &what),
            };
            let wire = &f.name;
            let fdoc = docs::field_doc(f, spec);
            writes.push(write_call(f, &fname));
            // Absent and `null` are normal in answers: only what every answer carries
            // (the parser's `required` for response fields) is a plain type.
            decls.push(if f.required {
                quote! {
                    #[doc = #fdoc]
                    pub #fname: #ty
                }
            } else {
                quote! {
                    #[doc = #fdoc]
                    pub #fname: ::core::option::Option<#ty>
                }
            });
            takes.push(quote! { #fname: ::bitrix_api::wire::take(&mut m, #wire)?, });
        }
        let maps: Vec<(Ident, &str, String)> = patterns
            .iter()
            .map(|f| {
                let (field, _) = map_names(&f.name);
                (
                    naming::ident(&names.claim(&field)),
                    f.name.as_str(),
                    docs::field_doc(f, spec),
                )
            })
            .collect();
        for (name, prefix, fdoc) in &maps {
            let doc = format!(
                "{fdoc}\n\nEvery key of the answer that starts with `{prefix}`, as it came."
            );
            decls.push(quote! {
                #[doc = #doc]
                pub #name: ::std::collections::BTreeMap<::std::string::String, ::bitrix_api::__private::serde_json::Value>
            });
            writes.push(quote!(inline(&self.#name)));
            takes.push(quote! { #name: ::bitrix_api::wire::take_prefixed(&mut m, #prefix), });
        }
        let extra = naming::ident(&names.claim("extra"));
        writes.push(quote!(inline(&self.#extra)));
        let decoder = record_decoder(id, &takes, &extra);
        let writer = to_wire_impl(id, &writes);
        // One short decoder per record (`wire::take` per documented field, the rest kept in
        // `extra`), not serde's derive: no `flatten` buffering, no copy per deserializer.
        // `Serialize` writes the answer back as it came (`extra` and pattern maps inline),
        // through one short writer (`ToWire`), not serde's derive either.
        quote! {
            #[doc = #doc]
            #[derive(Clone)]
            // A field the page gains later must not break code in other crates: answers are
            // decoded, never built field by field.
            #[non_exhaustive]
            pub struct #id {
                #(#decls,)*
                /// Fields the answer had that the page does not document, kept as they came.
                pub #extra: ::bitrix_api::__private::serde_json::Map<
                    ::std::string::String, ::bitrix_api::__private::serde_json::Value>,
            }
            #decoder
            #writer
        }
    }
}

/// Whether two required values would take the same Rust type as arguments (two strings, two
/// ids), so that a call with them swapped would still compile.
fn shares_a_type(required: &[&Plan]) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    required.iter().any(|p| !seen.insert(p.arg_ty.to_string()))
}

/// A placeholder family of a request struct: its map field, its setter and its prefix.
struct PatternMap<'f> {
    field: Ident,
    setter: Ident,
    prefix: String,
    source: &'f Field,
}

fn pattern_maps<'f>(patterns: &[&'f Field], plans: &[Plan]) -> Vec<PatternMap<'f>> {
    let mut names = Names::default();
    for p in plans {
        names.claim(&p.name.to_string());
    }
    patterns
        .iter()
        .map(|f| {
            let (field, setter) = map_names(&f.name);
            PatternMap {
                field: naming::ident(&names.claim(&field)),
                setter: naming::ident(&names.claim(&setter)),
                prefix: f.name.clone(),
                source: f,
            }
        })
        .collect()
}

/// `UF_CRM_`, `ufCrm` → (`user_fields`, `user_field`); `PARENT_ID_` → (`parent_ids`,
/// `parent_id`).
fn map_names(prefix: &str) -> (String, String) {
    let snake = naming::snake(prefix);
    if snake == "uf" || snake.starts_with("uf_") {
        return ("user_fields".into(), "user_field".into());
    }
    let one = if snake.is_empty() {
        "key".to_owned()
    } else {
        snake
    };
    (format!("{one}s"), one)
}

/// Whether `id` is the struct of the whole `result` (not of something nested in it).
fn depth_one(id: &Ident, spec: &MethodSpec) -> bool {
    *id == format!("{}Result", naming::pascal(&spec.name))
}

fn ident(name: &str) -> Ident {
    naming::ident(name)
}
