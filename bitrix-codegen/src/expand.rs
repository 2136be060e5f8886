//! The whole binding: one private module per method (its request, response and call
//! types), glob re-exported so every name is flat; the `ClientMethods` trait; the catalog;
//! `pub mod events` (from `events.rs`); `SKIPPED` and `WARNINGS`. Items of a page in a
//! feature-gated folder carry its `cfg`.

use std::collections::BTreeMap;

use bitrix_docs::{ApiVersion, Entity, EventSpec, MethodSpec, RecordLink};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::docs;
use crate::method::MethodTokens;
use crate::naming::{self, Names};
use crate::records::Linked;

/// A folder of the bound tree whose pages are compiled only with a Cargo feature of the
/// binding crate: `"api-reference/crm/deals" => "crm-deal"`. The longest matching prefix
/// wins; `feature: None` keeps a subfolder always on (`… => always`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// A docs-relative folder, `/`-separated, without a trailing slash.
    pub prefix: String,
    /// The feature that switches its pages on, or `None` for always.
    pub feature: Option<String>,
    /// `false` when the feature is known to be off in this build (the binding crate's
    /// build script says which are on): its pages emit nothing at all, instead of items
    /// under a `cfg` that is false, which rustc would still have to read and strip.
    pub enabled: bool,
}

impl Group {
    /// A folder gated by `feature` (`None`: always on), emitted under its `cfg`.
    pub fn new(prefix: impl Into<String>, feature: Option<String>) -> Self {
        Group {
            prefix: prefix.into(),
            feature,
            enabled: true,
        }
    }
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
    /// Call builders are the shared `bitrix_api::Call<M>`: only bitrix-api's own binding
    /// can add each method's setters to it (an app's binding gets a struct per method).
    pub shared_call: bool,
}

/// The feature a page needs, if any: the longest group prefix that contains it.
pub fn feature_of<'g>(groups: &'g [Group], rel_path: &str) -> Option<&'g str> {
    group_of(groups, rel_path).and_then(|g| g.feature.as_deref())
}

/// What a page's items carry: `None` when its folder's feature is known to be off (emit
/// nothing), else its `#[cfg(feature = …)]`, empty for an always-on page.
pub fn gate(groups: &[Group], rel_path: &str) -> Option<TokenStream> {
    match group_of(groups, rel_path) {
        Some(g) if !g.enabled => None,
        Some(Group {
            feature: Some(f), ..
        }) => Some(quote! { #[cfg(feature = #f)] }),
        _ => Some(TokenStream::new()),
    }
}

fn group_of<'g>(groups: &'g [Group], rel_path: &str) -> Option<&'g Group> {
    groups
        .iter()
        .filter(|g| {
            rel_path
                .strip_prefix(g.prefix.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
        })
        .max_by_key(|g| g.prefix.len())
}

/// Expands all methods into one token stream: REST 2 methods at the top, REST 3.0 ones in
/// `pub mod v3` (their own names, their own `ClientMethods` trait on `V3Client`).
pub fn expand(out: &Output<'_>) -> TokenStream {
    let (v2, v3): (Vec<&MethodSpec>, Vec<&MethodSpec>) = out
        .methods
        .iter()
        .partition(|m| m.version == ApiVersion::V2);
    let (entities, links) = bitrix_docs::entity::link(out.methods);
    let linked = linked_methods(&entities, &links, out.methods, out.groups);
    let top = VersionGroup::new(&v2, out, Version::V2, &linked);
    let rest3 = VersionGroup::new(&v3, out, Version::V3, &linked);
    let records = crate::records::expand(&entities, out.groups);
    let mut entries: Vec<(&MethodSpec, TokenStream)> =
        top.catalog.into_iter().chain(rest3.catalog).collect();
    entries.sort_by(|a, b| (&a.0.name, a.0.version).cmp(&(&b.0.name, b.0.version)));
    let catalog = entries.into_iter().map(|(_, t)| t);
    let (modules, trait_, visits) = (&top.modules, &top.client_trait, &top.visits);
    let (v3_modules, v3_trait, v3_visits) = (&rest3.modules, &rest3.client_trait, &rest3.visits);
    let skipped = pairs(&out.skipped);
    let warnings = pairs(&out.warnings);
    let events = crate::events::expand(out.events, out.groups, &entities);
    quote! {
        #(#modules)*
        #trait_
        #events
        #records

        /// The REST 3.0 methods bound here (pages marked "This method belongs to REST 3.0"):
        /// their request and response types, and their [`ClientMethods`](v3::ClientMethods)
        /// on [`bitrix_api::V3Client`](::bitrix_api::V3Client) — `client.v3().method(…)`.
        pub mod v3 {
            #[allow(unused_imports)]
            use super::records;
            #(#v3_modules)*
            #v3_trait
        }

        /// One import to call the methods bound here: `use …::prelude::*;` brings both
        /// `ClientMethods` traits (REST 2 on `Client`, REST 3.0 on `V3Client`) into scope
        /// without their names.
        pub mod prelude {
            pub use super::ClientMethods as _;
            pub use super::v3::ClientMethods as _;
        }

        static __BITRIX_CATALOG: ::bitrix_api::method::Catalog =
            ::bitrix_api::method::Catalog::new(&[#(#catalog),*]);
        /// Every method bound here (with the features enabled), sorted by name and then
        /// version, with its page, scope, parameters and API version.
        pub fn catalog() -> &'static [::bitrix_api::MethodInfo] {
            __BITRIX_CATALOG.get()
        }
        /// Calls `visitor.visit::<M>()` for every method bound here, in catalog order of each
        /// version (REST 2 first).
        #[allow(deprecated)]
        pub fn visit_methods(visitor: &mut impl ::bitrix_api::MethodVisitor) {
            let _ = &visitor;
            #(#visits)*
            #(#v3_visits)*
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

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Version {
    V2,
    V3,
}

/// The items of the methods of one API version.
struct VersionGroup<'m> {
    modules: Vec<TokenStream>,
    client_trait: TokenStream,
    visits: Vec<TokenStream>,
    catalog: Vec<(&'m MethodSpec, TokenStream)>,
}

impl<'m> VersionGroup<'m> {
    fn new(
        methods: &[&'m MethodSpec],
        out: &Output<'_>,
        version: Version,
        linked: &BTreeMap<(String, ApiVersion), Linked>,
    ) -> Self {
        let mut types = Names::default();
        // Request types get their contract names first; everything else avoids them.
        let requests: Vec<String> = methods
            .iter()
            .map(|m| types.claim(&naming::pascal(&m.name)))
            .collect();
        let mut client_fns = Names::default();
        let (mut modules, mut sigs, mut bodies, mut visits, mut catalog) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (client_ty, client_of) = match version {
            Version::V2 => (quote!(::bitrix_api::Client), quote!(self)),
            Version::V3 => (quote!(::bitrix_api::V3Client), quote!(self.client())),
        };
        for (spec, req_name) in methods.iter().copied().zip(&requests) {
            // A page of a folder whose feature is off emits nothing (`bind!` does not even
            // load those pages; `tests/feature_names.rs` checks names do not move).
            let Some(cfg) = gate(out.groups, &spec.source.rel_path) else {
                continue;
            };
            let module = format_ident!("__{}", naming::snake(&spec.name));
            let link = linked.get(&(spec.name.clone(), spec.version));
            // Record types are named `records::X` both here and in the client trait.
            let records_use = match (link, version) {
                (None, _) => TokenStream::new(),
                (Some(_), Version::V2) => quote! { use super::records; },
                (Some(_), Version::V3) => quote! { use super::super::records; },
            };
            let m = MethodTokens::new(
                spec,
                req_name,
                version,
                (&mut types, &mut client_fns),
                link,
                out.shared_call,
            );
            let items = &m.items;
            modules.push(quote! {
                #cfg
                #[doc(hidden)]
                #[allow(deprecated)]
                mod #module {
                    #records_use
                    #items
                }
                #cfg
                #[allow(deprecated)]
                pub use #module::*;
            });
            let (sig, doc, deprecated) = (&m.signature, Literal::string(&m.summary), &m.deprecated);
            sigs.push(quote! { #cfg #[doc = #doc] #deprecated #sig; });
            let (call, req, args) = (&m.call, &m.request, &m.arg_names);
            let client = quote!(::core::clone::Clone::clone(#client_of));
            let request = quote!(#module::#req::new(#(#args),*));
            let body = if out.shared_call {
                quote!(::bitrix_api::Call::__new(#client, #request))
            } else {
                quote! {
                    #module::#call {
                        client: #client,
                        request: #request,
                        options: ::core::default::Default::default(),
                    }
                }
            };
            bodies.push(quote! { #cfg #[inline] #sig { #body } });
            // From the top of the binding: v3's modules are private to `v3`, its names not.
            let visit = match version {
                Version::V2 => quote!(#module::#req),
                Version::V3 => quote!(v3::#req),
            };
            visits.push(quote! { #cfg visitor.visit::<#visit>(); });
            let entry = catalog_entry(spec);
            catalog.push((spec, quote! { #cfg #entry }));
        }
        let doc = match version {
            Version::V2 => {
                "The client methods of the pages bound here, one per page. Import this \
                 trait (`use …::ClientMethods;`) to call them on a [`bitrix_api::Client`]\
                 (::bitrix_api::Client); each returns a call builder: set optional parameters, \
                 then `.await` it."
            }
            Version::V3 => {
                "The client methods of the REST 3.0 pages bound here, on \
                 [`bitrix_api::V3Client`](::bitrix_api::V3Client): import this trait and call \
                 `client.v3().method(…)`. Writes carry an `Idempotency-Key` (the same on every \
                 retry); set your own with the call builder's `idempotency_key`."
            }
        };
        let client_trait = quote! {
            #[doc = #doc]
            pub trait ClientMethods {
                #(#sigs)*
            }
            #[allow(deprecated)]
            impl ClientMethods for #client_ty { #(#bodies)* }
        };
        VersionGroup {
            modules,
            client_trait,
            visits,
            catalog,
        }
    }
}

fn pairs(list: &[(String, String)]) -> Vec<TokenStream> {
    list.iter().map(|(p, r)| quote! { (#p, #r) }).collect()
}

/// A method's catalog entry in the form `bitrix_api::method::Catalog` decodes (its module
/// doc says it): fields split by `U+001F`, parameters by `U+001E`, a parameter's parts by
/// `U+001D`. Those three never occur in page text; were one to, it is written as a space.
fn catalog_entry(spec: &MethodSpec) -> String {
    let optional = |t: &Option<String>| match t {
        Some(t) => format!("+{t}"),
        None => "-".to_owned(),
    };
    let mut params = Vec::new();
    param_rows(&spec.params, 0, &mut params);
    let version = match spec.version {
        ApiVersion::V2 => "2",
        ApiVersion::V3 => "3",
    };
    let fields = [
        clean(&spec.name),
        clean(&spec.title),
        clean(&spec.source.rel_path),
        spec.source.line.to_string(),
        clean(&optional(&spec.scope)),
        version.to_owned(),
        clean(&optional(&spec.deprecated)),
        params.join("\u{1e}"),
    ];
    fields.join("\u{1f}")
}

fn clean(text: &str) -> String {
    text.replace(['\u{1d}', '\u{1e}', '\u{1f}'], " ")
}

/// Each parameter as `depth U+001D required U+001D name U+001D type`, nested fields after
/// their parent (eight levels deep at most).
fn param_rows(fields: &[bitrix_docs::Field], depth: usize, out: &mut Vec<String>) {
    for f in fields {
        let parts = [
            depth.to_string(),
            if f.required { "1" } else { "0" }.to_owned(),
            clean(&f.name),
            clean(&docs::type_text(f)),
        ];
        out.push(parts.join("\u{1d}"));
        if let Some(fs) = docs::object_fields(&f.ty).filter(|_| depth < 8) {
            param_rows(fs, depth + 1, out);
        }
    }
}

/// The methods whose answers hold an entity's records, with what their code needs. A link
/// whose fields page is behind another feature than the method is left out (the record
/// would not exist when the method does).
fn linked_methods(
    entities: &[Entity],
    links: &[RecordLink],
    methods: &[MethodSpec],
    groups: &[Group],
) -> BTreeMap<(String, ApiVersion), Linked> {
    let mut out = BTreeMap::new();
    for link in links {
        let Some(e) = entities.iter().find(|e| e.name == link.entity) else {
            continue;
        };
        let Some(m) = methods
            .iter()
            .find(|m| m.name == link.method && m.version == link.version)
        else {
            continue;
        };
        let (ef, mf) = (
            feature_of(groups, &e.rel_path),
            feature_of(groups, &m.source.rel_path),
        );
        if ef.is_some() && ef != mf {
            continue;
        }
        let v3 = link.version == ApiVersion::V3;
        out.insert(
            (link.method.clone(), link.version),
            Linked::new(e, link.path.clone(), link.list, &link.method, v3),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_group_wins() {
        let groups = [
            Group::new("api-reference/crm/leads", Some("crm-lead".into())),
            Group::new("api-reference/crm/leads/management-communication", None),
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
