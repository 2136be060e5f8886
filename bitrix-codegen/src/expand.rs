//! The whole binding: one private module per method (its request, response and call
//! types), glob re-exported so every name is flat; the `ClientMethods` trait; the catalog;
//! `pub mod events` (from `events.rs`); `SKIPPED` and `WARNINGS`. Items of a page in a
//! feature-gated folder carry its `cfg`.

use bitrix_docs::{EventSpec, MethodSpec};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::docs;
use crate::method::MethodTokens;
use crate::naming::{self, Names};

/// A folder of the bound tree whose pages are compiled only with a Cargo feature of the
/// binding crate: `"api-reference/crm/deals" => "crm-deal"`. The longest matching prefix
/// wins; `feature: None` keeps a subfolder always on (`… => always`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// A docs-relative folder, `/`-separated, without a trailing slash.
    pub prefix: String,
    /// The feature that switches its pages on, or `None` for always.
    pub feature: Option<String>,
}

/// Everything `bind!` emits for a set of methods.
pub struct Output<'a> {
    /// The methods to bind, sorted by name (as `bitrix_docs::load` answers them).
    pub methods: &'a [MethodSpec],
    /// The events to bind, sorted by name; emitted as `pub mod events`.
    pub events: &'a [EventSpec],
    /// Feature-gated folders; empty: every page always on.
    pub groups: &'a [Group],
    /// Pages not bound (`skip_invalid`): (path, reason). Always emitted as `SKIPPED`.
    pub skipped: Vec<(String, String)>,
    /// Places bound weaker than the page says: (path, reason). Emitted as `WARNINGS`.
    pub warnings: Vec<(String, String)>,
}

/// The feature a page needs, if any: the longest group prefix that contains it.
pub fn feature_of<'g>(groups: &'g [Group], rel_path: &str) -> Option<&'g str> {
    groups
        .iter()
        .filter(|g| {
            rel_path
                .strip_prefix(g.prefix.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
        })
        .max_by_key(|g| g.prefix.len())
        .and_then(|g| g.feature.as_deref())
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
    let mut modules = Vec::new();
    let mut sigs = Vec::new();
    let mut bodies = Vec::new();
    let mut catalog = Vec::new();
    let mut visits = Vec::new();
    for (spec, req_name) in out.methods.iter().zip(&requests) {
        let cfg = feature_of(out.groups, &spec.source.rel_path)
            .map(|f| quote! { #[cfg(feature = #f)] })
            .unwrap_or_default();
        let module = format_ident!("__{}", naming::snake(&spec.name));
        let m = MethodTokens::new(spec, req_name, &mut types, &mut client_fns);
        let items = &m.items;
        modules.push(quote! {
            #cfg
            #[doc(hidden)]
            #[allow(deprecated)]
            mod #module {
                #items
            }
            #cfg
            #[allow(deprecated)]
            pub use #module::*;
        });
        let (sig, doc, deprecated) = (&m.signature, Literal::string(&m.summary), &m.deprecated);
        sigs.push(quote! { #cfg #[doc = #doc] #deprecated #sig; });
        let (call, req, args) = (&m.call, &m.request, &m.arg_names);
        bodies.push(quote! {
            #cfg
            #sig {
                #module::#call { client: ::core::clone::Clone::clone(self), request: #module::#req::new(#(#args),*) }
            }
        });
        visits.push(quote! { #cfg visitor.visit::<#module::#req>(); });
        let entry = catalog_entry(spec);
        catalog.push(quote! { #cfg #entry });
    }
    let skipped = pairs(&out.skipped);
    let warnings = pairs(&out.warnings);
    let events = crate::events::expand(out.events, out.groups);
    quote! {
        #(#modules)*

        #events

        /// The client methods of the pages bound here, one per page. Import this trait
        /// (`use …::ClientMethods;`) to call them on a [`bitrix_api::Client`](::bitrix_api::Client);
        /// each returns a call builder: set optional parameters, then `.await` it.
        pub trait ClientMethods {
            #(#sigs)*
        }
        #[allow(deprecated)]
        impl ClientMethods for ::bitrix_api::Client { #(#bodies)* }

        static __BITRIX_CATALOG: &[::bitrix_api::MethodInfo] = &[#(#catalog),*];
        /// Every method bound here (with the features enabled), sorted by name, with its
        /// page, scope and parameters.
        pub fn catalog() -> &'static [::bitrix_api::MethodInfo] {
            __BITRIX_CATALOG
        }
        /// Calls `visitor.visit::<M>()` for every method bound here, in catalog order.
        #[allow(deprecated)]
        pub fn visit_methods(visitor: &mut impl ::bitrix_api::MethodVisitor) {
            let _ = &visitor;
            #(#visits)*
        }
        /// Pages under the bound directory that were not bound: (path, reason). Empty
        /// unless the binding says `skip_invalid` (strict bindings fail to compile instead).
        pub const SKIPPED: &[(&str, &str)] = &[#(#skipped),*];
        /// Places bound weaker than their page says (an untyped parameter bound as
        /// `serde_json::Value`, …): (path:line, what). Empty in strict bindings, where each
        /// is a compile error.
        pub const WARNINGS: &[(&str, &str)] = &[#(#warnings),*];
    }
}

fn pairs(list: &[(String, String)]) -> Vec<TokenStream> {
    list.iter().map(|(p, r)| quote! { (#p, #r) }).collect()
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

fn param_infos(fields: &[bitrix_docs::Field], depth: usize) -> TokenStream {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_group_wins() {
        let groups = [
            Group {
                prefix: "api-reference/crm/leads".into(),
                feature: Some("crm-lead".into()),
            },
            Group {
                prefix: "api-reference/crm/leads/management-communication".into(),
                feature: None,
            },
        ];
        let f = |p: &str| feature_of(&groups, p);
        assert_eq!(
            f("api-reference/crm/leads/crm-lead-add.md"),
            Some("crm-lead")
        );
        assert_eq!(
            f("api-reference/crm/leads/management-communication/crm-lead-contact-add.md"),
            None
        );
        assert_eq!(f("api-reference/crm/leadsx/a.md"), None);
        assert_eq!(f("api-reference/crm/deals/crm-deal-add.md"), None);
    }
}
