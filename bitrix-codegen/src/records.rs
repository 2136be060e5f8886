//! One record type per entity a `*.fields` page describes (`crm.deal.fields` → `Deal`):
//! every documented field typed and optional (a narrowed `select` leaves fields out),
//! custom fields kept by name, the rest in `extra`; the `Entity` impl with the field
//! table; one `Field` constant per field for typed queries; `ItemEntity` for the classic
//! types `crm.item.*` also serves.

use bitrix_docs::{Entity, EntityField, FieldKind};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::docs::page_url;
use crate::expand::{gate, Group};
use crate::naming::{self, Names};

/// `pub mod records { … }`: the records of `entities`, each behind its fields page's
/// feature.
pub(crate) fn expand(entities: &[Entity], groups: &[Group]) -> TokenStream {
    let items = entities.iter().filter_map(|e| {
        let cfg = gate(groups, &e.rel_path)?;
        let record = record(e);
        let module = format_ident!("__{}", naming::snake(&e.name));
        Some(quote! {
            #cfg
            #[doc(hidden)]
            mod #module {
                #record
            }
            #cfg
            pub use #module::*;
        })
    });
    quote! {
        /// Records typed from the entities' fields pages (`crm.deal.fields` → [`Deal`]),
        /// shared by the entity's get and list methods, their streams and batches, and
        /// `crm.item.*` ([`Client::items`](::bitrix_api::Client::items)). Every field is
        /// optional: a narrowed `select` leaves fields out. Each record has a constant per
        /// field (`Deal::OPPORTUNITY`) for typed filters, orders and selects
        /// ([`bitrix_api::typed`](::bitrix_api::typed)).
        #[allow(clippy::all)]
        pub mod records {
            #(#items)*
        }
    }
}

/// The `entityTypeId` of the classic types `crm.item.*` serves (crm/universal pages).
fn entity_type_id(fields_method: &str) -> Option<i64> {
    bitrix_docs::entity::classic_type_id(fields_method.strip_suffix(".fields")?)
}

/// The `kind::…` marker and the Rust type of one value of a field.
fn kind_of(k: FieldKind) -> (TokenStream, TokenStream, &'static str) {
    let t = quote!(::bitrix_api::typed::kind);
    match k {
        FieldKind::Integer => (quote!(#t::Integer), quote!(i64), "Integer"),
        FieldKind::Decimal => (
            quote!(#t::Decimal),
            quote!(::bitrix_api::typed::Decimal),
            "Decimal",
        ),
        FieldKind::String => (quote!(#t::Text), quote!(::std::string::String), "String"),
        FieldKind::Status => (quote!(#t::Status), quote!(::std::string::String), "Status"),
        FieldKind::Flag => (quote!(#t::Flag), quote!(bool), "Flag"),
        FieldKind::Date => (
            quote!(#t::Date),
            quote!(::bitrix_api::chrono::NaiveDate),
            "Date",
        ),
        FieldKind::DateTime => (
            quote!(#t::DateTime),
            quote!(::bitrix_api::chrono::DateTime<::bitrix_api::chrono::FixedOffset>),
            "DateTime",
        ),
        FieldKind::Multifield => (
            quote!(#t::Multifield),
            quote!(::bitrix_api::types::Multifield),
            "Multifield",
        ),
        FieldKind::File => (quote!(#t::File), quote!(::bitrix_api::types::File), "File"),
        FieldKind::EntityRef => (
            quote!(#t::EntityRef),
            quote!(::std::string::String),
            "EntityRef",
        ),
        FieldKind::Enumeration => (quote!(#t::Enumeration), quote!(i64), "Enumeration"),
        FieldKind::Other => (
            quote!(#t::Other),
            quote!(::bitrix_api::__private::serde_json::Value),
            "Other",
        ),
    }
}

fn record(e: &Entity) -> TokenStream {
    let id = naming::ident(&e.name);
    let file = e.rel_path.rsplit('/').next().unwrap_or_default();
    let mut members = Names::default();
    let mut consts = Names::default();
    let (mut decls, mut takes, mut infos, mut fconsts) = (vec![], vec![], vec![], vec![]);
    let mut writes = vec![];
    for f in &e.fields {
        let member = naming::ident(&members.claim(&naming::snake(&f.name)));
        let konst = format_ident!(
            "{}",
            consts.claim(&naming::snake(&f.name).to_ascii_uppercase())
        );
        let camel = if e.camel {
            f.name.clone()
        } else {
            bitrix_docs::entity::item_camel(e.method.trim_end_matches(".fields"), &f.name)
        };
        let (kind, one, kind_name) = kind_of(f.kind);
        let ty = if f.multiple {
            quote!(::std::vec::Vec<#one>)
        } else {
            one
        };
        let doc = field_doc(f, file, e.line);
        let name = &f.name;
        let flags = matches!(f.kind, FieldKind::Flag).then_some(f.multiple);
        writes.push(crate::wire::out_call(flags, false, name, &member));
        decls.push(quote! {
            #[doc = #doc]
            pub #member: ::core::option::Option<#ty>
        });
        takes.push(quote! { #member: ::bitrix_api::typed::field(&mut m, #name, #camel, &mut e), });
        let kind_variant = format_ident!("{kind_name}");
        let (tt, title) = (&f.type_text, &f.title);
        let (ro, im, mu, rq) = (f.read_only, f.immutable, f.multiple, f.required);
        infos.push(quote! {
            ::bitrix_api::typed::FieldInfo {
                name: #name, camel: #camel, type_text: #tt,
                kind: ::bitrix_api::typed::FieldKind::#kind_variant,
                title: #title, read_only: #ro, immutable: #im, multiple: #mu, required: #rq,
            }
        });
        let cdoc = format!("`{name}` in filters, orders and selects: {}", f.title);
        fconsts.push(quote! {
            #[doc = #cdoc]
            pub const #konst: ::bitrix_api::typed::Field<#id, #kind> =
                ::bitrix_api::typed::Field::new(#name, #camel);
        });
    }
    let custom = naming::ident(&members.claim("custom"));
    let extra = naming::ident(&members.claim("extra"));
    writes.push(quote!(inline(&self.#custom)));
    writes.push(quote!(inline(&self.#extra)));
    let writer = crate::wire::to_wire_impl(&id, &writes);
    let doc = Literal::string(&format!(
        "A record of `{}`, typed from its fields page: `{}` ({} fields; [online]({})).\n\n\
         Every field is `None` when the answer leaves it out (a narrowed `select`), is \
         `null` or `\"\"`. Custom fields are in `{custom}` by name, fields the page does not \
         document in `{extra}`.",
        e.method.trim_end_matches(".fields"),
        e.rel_path,
        e.fields.len(),
        page_url(&e.rel_path)
    ));
    let (name, method) = (&e.name, &e.method);
    let prefix = if e.camel {
        "ufCrm"
    } else if e.method.starts_with("crm.") {
        "UF_CRM_"
    } else {
        "UF_"
    };
    let item_entity = entity_type_id(&e.method).map(|n| {
        quote! {
            impl ::bitrix_api::typed::ItemEntity for #id {
                const ENTITY_TYPE_ID: i64 = #n;
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Default)]
        #[non_exhaustive]
        pub struct #id {
            #(#decls,)*
            /// Custom fields (`UF_…`, `ufCrm…`) by name, as they came.
            pub #custom: ::bitrix_api::typed::Custom,
            /// Fields the answer had that the page does not document, kept as they came.
            pub #extra: ::bitrix_api::__private::serde_json::Map<
                ::std::string::String, ::bitrix_api::__private::serde_json::Value>,
        }
        impl ::bitrix_api::wire::Wire for #id {
            #[inline]
            fn from_wire(
                value: ::bitrix_api::__private::serde_json::Value,
            ) -> ::core::result::Result<Self, ::bitrix_api::wire::WireError> {
                let mut m = ::bitrix_api::wire::object(value)?;
                let mut e = ::core::option::Option::None;
                let record = Self {
                    #(#takes)*
                    #custom: ::bitrix_api::typed::Custom::take(&mut m),
                    #extra: m,
                };
                match e {
                    ::core::option::Option::None => ::core::result::Result::Ok(record),
                    ::core::option::Option::Some(e) => {
                        ::core::result::Result::Err(::bitrix_api::wire::WireError::in_record(e, #name))
                    }
                }
            }
        }
        ::bitrix_api::__serde_via_wire!(#id);
        #writer
        impl ::bitrix_api::typed::Entity for #id {
            const NAME: &'static str = #name;
            const FIELDS_METHOD: &'static str = #method;
            const FIELDS: &'static [::bitrix_api::typed::FieldInfo] = &[#(#infos),*];
            const CUSTOM_PREFIX: &'static str = #prefix;
        }
        #item_entity
        impl #id {
            #(#fconsts)*
        }
    }
}

/// "Title. On the wire: `NAME`, `type`, read-only, multiple. From line N of `file`."
fn field_doc(f: &EntityField, file: &str, line: usize) -> String {
    let mut facts = vec![format!("`{}`", f.type_text)];
    if let Some(s) = &f.status_type {
        facts.push(format!("status list `{s}`"));
    }
    for (on, what) in [
        (f.required, "required on add"),
        (f.read_only, "read-only"),
        (f.immutable, "immutable"),
        (f.multiple, "multiple"),
    ] {
        if on {
            facts.push(what.to_owned());
        }
    }
    let mut out = format!(
        "{}\n\nOn the wire: `{}`, {}.",
        if f.title.is_empty() {
            &f.name
        } else {
            &f.title
        },
        f.name,
        facts.join(", ")
    );
    if !f.values.is_empty() {
        let vals: Vec<String> = f
            .values
            .iter()
            .map(|(id, v)| format!("`{id}` {v}"))
            .collect();
        out.push_str(&format!(" Values: {}.", vals.join(", ")));
    }
    match &f.from {
        Some((page, l)) => {
            let page = page.rsplit('/').next().unwrap_or_default();
            out.push_str(&format!("\n\nFrom line {l} of `{page}` (not on `{file}`)."));
        }
        None => out.push_str(&format!("\n\nFrom line {line} of `{file}`.")),
    }
    out
}

/// What a linked method needs: the record's path from the method's module, and how its
/// queries are spelled.
pub(crate) struct Linked {
    /// `records::Deal` (each linked method's module, and `v3`, import `records`).
    pub ty: TokenStream,
    /// Keys under `result` to the record(s).
    pub path: Vec<String>,
    /// A list of records.
    pub list: bool,
    /// `::bitrix_api::typed::Dialect::Rest2` (or `Item`, `Rest3`).
    pub dialect: TokenStream,
    /// The integer id field (`ID`, `id`) the fast streams walk, if the record has one.
    pub id_field: Option<String>,
    /// The struct whose field `path[0]` holds the record, when it is not the method's
    /// `result` (an event's `data`).
    pub owner: Option<String>,
}

impl Linked {
    pub(crate) fn new(e: &Entity, path: Vec<String>, list: bool, method: &str, v3: bool) -> Self {
        let id = naming::ident(&e.name);
        let ty = quote!(records::#id);
        // The camelCase entities (crm.item, crm.type, crm.category, …) are listed through
        // the ORM filter of crm.item.list: camelCase names and `logic` groups.
        let dialect = if v3 {
            quote!(::bitrix_api::typed::Dialect::Rest3)
        } else if e.camel || method.starts_with("crm.item.") {
            quote!(::bitrix_api::typed::Dialect::Item)
        } else {
            quote!(::bitrix_api::typed::Dialect::Rest2)
        };
        let id_field = e
            .fields
            .iter()
            .find(|f| (f.name == "ID" || f.name == "id") && f.kind == FieldKind::Integer)
            .map(|f| f.name.clone());
        Linked {
            ty,
            path,
            list,
            dialect,
            id_field,
            owner: None,
        }
    }

    /// The record of an event's `data.FIELDS` (`onCrmDealAdd` → `Deal`): the entity whose
    /// fields method names the same thing as the event (`crm.deal` of `OnCrmDealAdd`,
    /// tried from the longest prefix of the event's words) and holds every field the page
    /// documents for `FIELDS`. `None` when none does.
    pub(crate) fn of_event<'e>(
        event: &bitrix_docs::EventSpec,
        entities: &'e [Entity],
        data_struct: &str,
    ) -> Option<(Self, &'e Entity)> {
        let fields = event.data.iter().find(|f| f.name == "FIELDS")?;
        let documented: Vec<&str> = match &fields.ty {
            bitrix_docs::FieldType::Object(fs) if !fs.is_empty() => {
                fs.iter().map(|f| f.name.as_str()).collect()
            }
            _ => return None,
        };
        let bare = ["on", "On", "ON"]
            .iter()
            .find_map(|p| event.name.strip_prefix(p))
            .unwrap_or(&event.name);
        let words: Vec<String> = naming::snake(bare).split('_').map(str::to_owned).collect();
        let entity = (1..words.len()).rev().find_map(|n| {
            let method = format!("{}.fields", words[..n].join("."));
            entities.iter().find(|e| {
                e.method.eq_ignore_ascii_case(&method)
                    && documented
                        .iter()
                        .all(|d| e.fields.iter().any(|f| f.name == *d))
            })
        })?;
        let mut linked = Linked::new(entity, vec!["FIELDS".into()], false, "", false);
        linked.owner = Some(data_struct.to_owned());
        Some((linked, entity))
    }
}
