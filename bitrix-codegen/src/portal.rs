//! `bind!(schema = "bitrix-schema.json")`: a portal's own types from its saved schema
//! (`bitrix_docs::schema`).
//!
//! Per classic entity with user fields, a module (`portal::deal`) with one typed
//! [`Field`] constant per user field for the typed filter, order and select of
//! `records::Deal`, an enum per enumeration field (its values, labels as rustdoc), and an
//! accessor trait (`DealFields`) on the record that decodes each field from its `custom`.
//! Per deal funnel, a module (`portal::deal::general`) with its `Stage` enum, the
//! `STAGE` field and `stage(Stage::Won)`. Per smart process, a record type
//! (`portal::items::Invoice2`) usable with `client.items::<Invoice2>()`, its field
//! constants and accessors, and its funnels (`portal::items::invoice2::general::Stage`).
//! The users' own fields (`UF_USR_…`) make `portal::user`, like a classic entity's but on
//! `bitrix_api::typed::PortalUser` (the docs type no user record).
//!
//! What is generated per field is a constant, a one-line accessor and, for enumerations,
//! an enum with a table of ids: the decoding and encoding live in `bitrix_api::typed`.

use bitrix_docs::schema::{Category, PortalSchema, UserField};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::naming::{self, Names};

/// The module `module` of the portal's types; `file` is the schema's absolute path (the
/// expansion includes it, so editing the file rebuilds the app), `shown` its name in docs.
pub fn expand_schema(
    schema: &PortalSchema,
    module: &Ident,
    file: &str,
    shown: &str,
) -> TokenStream {
    let host = &schema.host;
    let mut entities = Vec::new();
    for (name, e) in &schema.crm {
        let funnels: &[Category] = if name == "deal" {
            &schema.deal_categories
        } else {
            &[]
        };
        let known = bitrix_docs::schema::CRM_ENTITIES
            .iter()
            .any(|(n, _)| n == name);
        if !known || (e.user_fields.is_empty() && funnels.is_empty()) {
            continue;
        }
        entities.push(classic(
            name,
            &e.user_fields,
            funnels,
            host,
            Spelling::Upper,
        ));
    }
    if !schema.crm.contains_key("deal") && !schema.deal_categories.is_empty() {
        entities.push(classic(
            "deal",
            &[],
            &schema.deal_categories,
            host,
            Spelling::Upper,
        ));
    }
    if !schema.user.user_fields.is_empty() {
        entities.push(classic(
            "user",
            &schema.user.user_fields,
            &[],
            host,
            Spelling::Plain,
        ));
    }
    let items = smart_processes(schema, host);
    let doc = format!(
        "The own types of the portal `{host}`, from `{shown}` (format {}): its user fields, \
         smart processes and funnels. Editing the file rebuilds this module; code that uses a \
         field, value, stage or process the file no longer has stops compiling.",
        schema.format
    );
    quote! {
        #[doc = #doc]
        #[allow(clippy::all, non_camel_case_types, dead_code)]
        pub mod #module {
            const _: &[u8] = include_bytes!(#file);
            /// The portal the schema was pulled from.
            pub const HOST: &str = #host;
            #(#entities)*
            #items
        }
    }
}

/// `portal::deal` (or `portal::user`): constants, enums, the accessor trait, the funnels.
fn classic(
    name: &str,
    fields: &[UserField],
    funnels: &[Category],
    host: &str,
    spelling: Spelling,
) -> TokenStream {
    let module = naming::ident(name);
    let record_name = naming::pascal(name);
    let record = format_ident!("{record_name}");
    // Users have no typed record in the docs (`user.fields` gives titles, not types): the
    // hand-written `PortalUser` carries their fields.
    let (ty, gate, place) = if spelling == Spelling::Plain {
        let ty = quote!(::bitrix_api::typed::PortalUser);
        (ty, TokenStream::new(), name.to_owned())
    } else {
        let gate = format_ident!("__schema_{}", naming::snake(name));
        (
            quote!(::bitrix_api::records::#record),
            quote!(::bitrix_api::#gate!();),
            format!("crm.{name}"),
        )
    };
    let mut types = Names::default();
    types.claim(&format!("{record_name}Fields"));
    let generated = fields_of(
        fields,
        &ty,
        &TokenStream::new(),
        &mut types,
        host,
        &place,
        spelling,
    );
    let (consts, enums, sigs, bodies) = (
        &generated.consts,
        &generated.enums,
        &generated.sigs,
        &generated.bodies,
    );
    let trait_name = format_ident!("{record_name}Fields");
    let trait_doc = format!(
        "Typed reads of the user fields of `{host}`'s {name}s, from the record's `custom`."
    );
    let accessors = (!sigs.is_empty()).then(|| {
        quote! {
            #[doc = #trait_doc]
            pub trait #trait_name {
                #(#sigs;)*
            }
            impl #trait_name for #ty {
                #(#bodies)*
            }
        }
    });
    let stage_field = quote!(::bitrix_api::typed::Field::new("STAGE_ID", "stageId"));
    let funnels = funnel_modules(funnels, &ty, &stage_field, host, &format!("{name} funnel"));
    let doc = if funnels.is_empty() {
        format!("The portal `{host}`'s own {name} fields.")
    } else {
        format!("The portal `{host}`'s own {name} fields and funnels.")
    };
    quote! {
        #gate
        #[doc = #doc]
        pub mod #module {
            #(#consts)*
            #(#enums)*
            #accessors
            #funnels
        }
    }
}

/// How a record spells custom fields.
#[derive(Clone, Copy, PartialEq)]
enum Spelling {
    /// `UF_CRM_PRIORITY` (crm.deal.*), `ufCrm_PRIORITY` in crm.item.
    Upper,
    /// `ufCrm3Priority` in both (a smart process's records).
    Camel,
    /// `UF_USR_SKILLS` in both (users).
    Plain,
}

#[derive(Default)]
struct Generated {
    consts: Vec<TokenStream>,
    enums: Vec<TokenStream>,
    sigs: Vec<TokenStream>,
    bodies: Vec<TokenStream>,
    inherent: Vec<TokenStream>,
}

fn fields_of(
    fields: &[UserField],
    ty: &TokenStream,
    enum_path: &TokenStream,
    types: &mut Names,
    host: &str,
    place: &str,
    spelling: Spelling,
) -> Generated {
    let mut out = Generated::default();
    let mut methods = Names::default();
    for f in fields {
        let Some(konst) = const_name(&f.field_name) else {
            continue;
        };
        // `crm.item`'s spelling: `ufCrm_DELIVERY_DATE` for a classic entity (the rule the
        // emulator and `crm.item.*` of deals follow), `ufCrm3Amount` for a smart process.
        let (own, camel) = match spelling {
            Spelling::Upper => (
                f.field_name.clone(),
                bitrix_docs::entity::item_camel("crm.deal", &f.field_name),
            ),
            Spelling::Plain => (f.field_name.clone(), f.field_name.clone()),
            Spelling::Camel => {
                let camel = bitrix_docs::entity::custom_camel(&f.field_name);
                (camel.clone(), camel)
            }
        };
        let label = if f.label.is_empty() {
            &f.field_name
        } else {
            &f.label
        };
        let (kind, one) = if f.user_type_id == "enumeration" && !f.list.is_empty() {
            let stem = f
                .field_name
                .trim_start_matches("UF_CRM_")
                .trim_start_matches("UF_USR_");
            let stem = stem
                .split_once('_')
                .filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
                .map_or(stem, |(_, r)| r);
            let enum_name = format_ident!("{}", types.claim(&naming::pascal(stem)));
            let values: Vec<(String, String, String)> = f
                .list
                .iter()
                .map(|v| {
                    (
                        v.id.to_string(),
                        v.xml_id.clone().unwrap_or_default(),
                        v.value.clone(),
                    )
                })
                .collect();
            let doc = format!("The values of `{}` ({label}) on `{host}`.", f.field_name);
            out.enums
                .push(listed_enum(&enum_name, &doc, &values, &f.field_name));
            (quote!(#enum_path #enum_name), quote!(#enum_path #enum_name))
        } else {
            kind_of(&f.user_type_id)
        };
        let value = if f.multiple {
            quote!(::std::vec::Vec<#one>)
        } else {
            one
        };
        let mut facts = vec![format!("`{}`", f.user_type_id)];
        if f.multiple {
            facts.push("multiple".into());
        }
        if f.mandatory {
            facts.push("required".into());
        }
        if !f.crm_targets.is_empty() {
            facts.push(format!("links to {}", f.crm_targets.join(", ")));
        }
        let doc = format!(
            "{label}\n\n`{}` of {place} on `{host}`: {}.",
            f.field_name,
            facts.join(", ")
        );
        let name = &f.field_name;
        out.consts.push(quote! {
            #[doc = #doc]
            pub const #konst: ::bitrix_api::typed::Field<#ty, #kind> =
                ::bitrix_api::typed::Field::custom(#own, #camel);
        });
        let method = naming::ident(&methods.claim(&naming::snake(name)));
        let read = if f.user_type_id == "crm" {
            // A bare id is a link to the one kind the field links to, if it has one.
            let only = match f.crm_targets.as_slice() {
                [one] => match bitrix_docs::schema::crm_target_type(one) {
                    Some(t) => quote!(::core::option::Option::Some(#t)),
                    None => quote!(::core::option::Option::None),
                },
                _ => quote!(::core::option::Option::None),
            };
            if f.multiple {
                quote!(self.custom.crm_links(#camel, #only))
            } else {
                quote!(self.custom.crm_link(#camel, #only))
            }
        } else {
            quote!(self.custom.get_as(#camel))
        };
        out.sigs.push(quote! {
            #[doc = #doc]
            fn #method(&self) -> ::core::result::Result<::core::option::Option<#value>, ::bitrix_api::wire::WireError>
        });
        out.bodies.push(quote! {
            fn #method(&self) -> ::core::result::Result<::core::option::Option<#value>, ::bitrix_api::wire::WireError> {
                #read
            }
        });
        out.inherent.push(quote! {
            #[doc = #doc]
            pub fn #method(&self) -> ::core::result::Result<::core::option::Option<#value>, ::bitrix_api::wire::WireError> {
                #read
            }
        });
    }
    out
}

/// `UF_CRM_PRIORITY` as a constant's name; `None` for names that cannot be one.
fn const_name(field_name: &str) -> Option<Ident> {
    let plain = field_name.starts_with(|c: char| c.is_ascii_alphabetic())
        && field_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    plain.then(|| format_ident!("{}", field_name.to_ascii_uppercase()))
}

/// The kind marker and the Rust value of a `USER_TYPE_ID`.
fn kind_of(user_type: &str) -> (TokenStream, TokenStream) {
    let k = quote!(::bitrix_api::typed::kind);
    match user_type {
        "integer" | "employee" => (quote!(#k::Integer), quote!(i64)),
        "double" => (quote!(#k::Decimal), quote!(::bitrix_api::typed::Decimal)),
        "boolean" => (quote!(#k::Flag), quote!(bool)),
        "date" => (quote!(#k::Date), quote!(::bitrix_api::chrono::NaiveDate)),
        "datetime" => (
            quote!(#k::DateTime),
            quote!(::bitrix_api::chrono::DateTime<::bitrix_api::chrono::FixedOffset>),
        ),
        "money" => (quote!(#k::Status), quote!(::bitrix_api::typed::Money)),
        "file" => (quote!(#k::File), quote!(::bitrix_api::types::File)),
        "crm" => (quote!(#k::CrmLink), quote!(::bitrix_api::typed::CrmLink)),
        "enumeration" => (quote!(#k::Enumeration), quote!(i64)),
        "string" | "url" | "address" => (quote!(#k::Text), quote!(::std::string::String)),
        _ => (
            quote!(#k::Custom),
            quote!(::bitrix_api::__private::serde_json::Value),
        ),
    }
}

/// An enum of listed values (`(id, code, text)`): one variant per value, a table of ids,
/// and the `Wire`/`Kind` impls through the shared helpers.
fn listed_enum(
    name: &Ident,
    doc: &str,
    values: &[(String, String, String)],
    field: &str,
) -> TokenStream {
    let mut variants = Names::default();
    let mut decls = Vec::new();
    let mut rows = Vec::new();
    for (id, code, text) in values {
        let wanted = [code, text]
            .into_iter()
            .find(|s| s.is_ascii() && s.starts_with(|c: char| c.is_ascii_alphabetic()))
            .map(|s| naming::pascal(s))
            .unwrap_or_else(|| {
                format!("V{}", id.replace(|c: char| !c.is_ascii_alphanumeric(), "_"))
            });
        let v = format_ident!("{}", variants.claim(&wanted));
        let vdoc = format!("{text} (`{id}`)");
        decls.push(quote!(#[doc = #vdoc] #v));
        rows.push(quote!((#id, #name::#v)));
    }
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name { #(#decls,)* }
        impl #name {
            /// Every value with its id, as the schema lists them.
            pub const ALL: &'static [(&'static str, #name)] = &[#(#rows),*];
            /// The id the portal stores.
            pub fn id(self) -> &'static str {
                ::bitrix_api::typed::listed_id(self, Self::ALL)
            }
        }
        impl ::bitrix_api::wire::Wire for #name {
            fn from_wire(v: ::bitrix_api::__private::serde_json::Value) -> ::core::result::Result<Self, ::bitrix_api::wire::WireError> {
                ::bitrix_api::typed::listed(v, Self::ALL, #field)
            }
        }
        impl ::bitrix_api::typed::Kind for #name {
            type Value = #name;
            fn json(v: #name) -> ::bitrix_api::__private::serde_json::Value {
                ::bitrix_api::typed::listed_json(v.id())
            }
        }
    }
}

/// One module per funnel: `Stage`, `STAGE`, `stage(…)`, `CATEGORY_ID`.
fn funnel_modules(
    funnels: &[Category],
    ty: &TokenStream,
    stage_field: &TokenStream,
    host: &str,
    what: &str,
) -> TokenStream {
    let mut modules = Names::default();
    let out = funnels.iter().filter(|c| !c.stages.is_empty()).map(|c| {
        let wanted = if c.name.is_ascii() && c.name.starts_with(|ch: char| ch.is_ascii_alphabetic())
        {
            naming::snake(&c.name)
        } else {
            format!("funnel_{}", c.id)
        };
        let module = naming::ident(&modules.claim(&wanted));
        let mut stages: Vec<_> = c.stages.iter().collect();
        stages.sort_by_key(|s| (s.sort, s.status_id.clone()));
        let values: Vec<(String, String, String)> = stages
            .iter()
            .map(|s| {
                let code = s
                    .status_id
                    .rsplit(':')
                    .next()
                    .unwrap_or(&s.status_id)
                    .to_owned();
                let meaning = match s.semantics.as_str() {
                    "S" => "success",
                    "F" => "failure",
                    _ => "in progress",
                };
                (s.status_id.clone(), code, format!("{}: {meaning}", s.name))
            })
            .collect();
        let doc = format!(
            "The stages of the {what} \"{}\" (id {}) on `{host}`, in funnel order.",
            c.name, c.id
        );
        let stage = format_ident!("Stage");
        let e = listed_enum(&stage, &doc, &values, "STAGE_ID");
        let id = c.id;
        let mdoc = format!("The {what} \"{}\" (id {}).", c.name, c.id);
        quote! {
            #[doc = #mdoc]
            pub mod #module {
                #e
                /// The funnel's id (`CATEGORY_ID`, `categoryId`).
                pub const CATEGORY_ID: i64 = #id;
                /// The stage field, taking this funnel's stages.
                pub const STAGE: ::bitrix_api::typed::Field<#ty, Stage> = #stage_field;
                /// The records in stage `s`: a filter condition.
                pub fn stage(s: Stage) -> ::bitrix_api::typed::Cond<#ty> {
                    STAGE.eq(s)
                }
            }
        }
    });
    quote!(#(#out)*)
}

/// `portal::items`: a record type per smart process, and its module of enums and funnels.
fn smart_processes(schema: &PortalSchema, host: &str) -> TokenStream {
    if schema.smart_processes.is_empty() {
        return TokenStream::new();
    }
    let mut names = Names::default();
    let out = schema.smart_processes.iter().map(|p| {
        let source = [&p.code, &p.title]
            .into_iter()
            .find(|s| s.is_ascii() && s.starts_with(|c: char| c.is_ascii_alphabetic()));
        let wanted = source.map_or_else(|| format!("Type{}", p.entity_type_id), |s| naming::pascal(s));
        let name = names.claim(&wanted);
        let ty_ident = format_ident!("{name}");
        let module = naming::ident(&naming::snake(&name));
        let ty = quote!(#ty_ident);
        let enum_path = quote!(#module::);
        let mut types = Names::default();
        types.claim("Stage");
        let g = fields_of(&p.fields, &ty, &enum_path, &mut types, host, &format!("smart process {}", p.entity_type_id), Spelling::Camel);
        let (consts, enums, inherent) = (&g.consts, &g.enums, &g.inherent);
        let stage_field = quote!(::bitrix_api::typed::Field::new("stageId", "stageId"));
        let funnels = funnel_modules(&p.categories, &quote!(super::super::#ty_ident), &stage_field, host, "funnel");
        let id = p.entity_type_id;
        let doc = format!(
            "A record of the smart process \"{}\" (`entityTypeId` {id}) on `{host}`: the docs' \
             `crm.item` record (`Deref`) with the process's own fields. Use it with \
             `client.items::<{name}>()`; the docs' fields are `Item::TITLE.of::<{name}>()`.",
            p.title
        );
        let mdoc = format!("The enumerations and funnels of [`{name}`].");
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq, Default, ::bitrix_api::__private::serde::Serialize)]
            #[serde(crate = "::bitrix_api::__private::serde", transparent)]
            pub struct #ty_ident(pub ::bitrix_api::records::Item);
            impl ::core::ops::Deref for #ty_ident {
                type Target = ::bitrix_api::records::Item;
                fn deref(&self) -> &Self::Target { &self.0 }
            }
            impl ::bitrix_api::wire::Wire for #ty_ident {
                fn from_wire(v: ::bitrix_api::__private::serde_json::Value) -> ::core::result::Result<Self, ::bitrix_api::wire::WireError> {
                    ::bitrix_api::records::Item::from_wire(v).map(#ty_ident)
                }
            }
            impl ::bitrix_api::typed::Entity for #ty_ident {
                const NAME: &'static str = #name;
                const FIELDS_METHOD: &'static str = "crm.item.fields";
                const FIELDS: &'static [::bitrix_api::typed::FieldInfo] =
                    <::bitrix_api::records::Item as ::bitrix_api::typed::Entity>::FIELDS;
                const CUSTOM_PREFIX: &'static str = "ufCrm";
            }
            impl ::bitrix_api::typed::ItemEntity for #ty_ident {
                const ENTITY_TYPE_ID: i64 = #id;
            }
            impl ::bitrix_api::typed::SmartProcess for #ty_ident {
                type Base = ::bitrix_api::records::Item;
            }
            impl #ty_ident {
                #(#consts)*
                #(#inherent)*
            }
            #[doc = #mdoc]
            pub mod #module {
                #(#enums)*
                #funnels
            }
        }
    });
    quote! {
        ::bitrix_api::__schema_items!();
        /// The portal's smart processes, one record type each.
        pub mod items {
            #(#out)*
        }
    }
}
