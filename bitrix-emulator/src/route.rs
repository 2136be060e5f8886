//! Which code answers a method, in this order:
//! 1. a handler the app registered ([`PortalBuilder::handler`](super::PortalBuilder::handler));
//! 2. the hand-written handlers (`crm.lead.contact.*`, lead and contact add/get/list,
//!    `crm.stagehistory.list`, `crm.status.entity.types`, and the outdated methods that
//!    read other families' stores: `crm.dealcategory.stage.list` / `.status`,
//!    `crm.productrow.list`, `crm.catalog.*`);
//! 3. for a method the portal has a page for, by its name:
//!    - tasks (`tasks.task.*`, `task.checklistitem.*`, `task.commentitem.*`), Drive
//!      (`disk.storage.*`, `disk.folder.*`, `disk.file.*`) and chats (`im.chat.add`,
//!      `im.message.*`, `im.dialog.messages.get`, `im.notify.*.add`): their modules
//!      (`tasks.rs`, `disk.rs`, `chats.rs`), for a portal that has their pages;
//!    - `lists.*`: the information blocks (`iblock.rs`: lists, their sections, fields
//!      and elements, named by `IBLOCK_TYPE_ID` + `IBLOCK_ID|IBLOCK_CODE`);
//!    - `<entity>.userfield.add/list/get/update/delete`: the user-field registry;
//!    - `<owner>.<contact|company>.add/delete/fields/items.get/items.set/items.delete`: links;
//!    - `<entity>.add/get/list/update/delete/fields`, when `<entity>.add` has a `fields`
//!      table: the entity store;
//!    - `<family>.add/get/list/update/delete`, when `<family>.add` takes the record as its
//!      own parameters and the family has a `get` or `list` page: the flat store
//!      (`flat.rs`: badges, call lists, timeline icons, users, calendar sections and
//!      events, app storage, …; with `search`, `current` and `getbyid` where the family
//!      has those pages);
//!    - `<family>.set/save/get/delete/reset`, when the family has a `get` page and a
//!      `set` or `save` page: the write–read pairs (`pairs.rs`: product rows, layout
//!      blocks, localizations, notes, …);
//!    - anything else: the page's success example, after checking the request against it.
//!
//! Unknown methods (no handler, no page) are 404 `ERROR_METHOD_NOT_FOUND`.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use bitrix_docs::{FieldType, MethodSpec};
use serde_json::Value;

use super::methods::{self, MethodDef};
use super::pages::Catalog;

/// What answered a request (see [`RequestLog::served_by`](super::RequestLog::served_by)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ServedBy {
    /// A handler the app registered with `PortalBuilder::handler`.
    App,
    /// A hand-written handler (`crm.lead.contact.*`, `batch`, lead/contact add/get/list).
    Handler,
    /// The generic entity store (`<entity>.add/get/list/update/delete/fields`, `crm.item.*`).
    Entity,
    /// The generic link store (`crm.deal.contact.items.set`, …).
    Link,
    /// The user-field registry (`<entity>.userfield.*`).
    UserField,
    /// The flat record store (`crm.activity.badge.*`, `crm.calllist.*`, `user.*`,
    /// `calendar.*`, `entity.*`, …) and the information blocks of `lists.*`.
    Flat,
    /// The write–read pairs (`crm.deal.productrows.set` / `.get`, …).
    Pair,
    /// The page's success example (a canned answer: nothing is stored).
    Example,
    /// REST 3.0: the answer kept for an earlier call with the same `Idempotency-Key` and
    /// body, sent again with `Idempotent-Replayed: true`; the method did not run.
    Replay,
}

/// A handler an app registers for a method: the request's parameters in, `result` out,
/// or an error (its status, code and description are sent as the portal would).
pub type AppHandler = dyn Fn(&Value) -> Result<Value, bitrix_api::ApiError> + Send + Sync + 'static;

/// The app's handlers by lower-case method name.
#[derive(Clone, Default)]
pub(crate) struct AppHandlers(pub HashMap<String, Arc<AppHandler>>);

impl fmt::Debug for AppHandlers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<&String> = self.0.keys().collect();
        names.sort();
        f.debug_tuple("AppHandlers").field(&names).finish()
    }
}

/// The sections with a module of their own.
#[derive(Clone, Copy)]
pub(crate) enum Section {
    Tasks,
    Disk,
    Chats,
    /// `im.search.user.list` and `im.user.list.get` over the user store (`im_search.rs`).
    ImSearch,
    /// Calendar views over the event store (`calendar_views.rs`).
    Calendar,
    /// `placement.list` over the placement catalog (`placements.rs`).
    Placements,
}

/// How one method is answered.
pub(crate) enum Route {
    App(Arc<AppHandler>),
    Handler(&'static MethodDef),
    Entity {
        entity: String,
        op: String,
    },
    Link {
        owner: String,
        target: String,
        op: String,
    },
    UserField {
        entity: String,
        op: String,
    },
    Flat {
        family: String,
        op: String,
    },
    Pair {
        family: String,
        op: String,
    },
    /// `lists.*` (`iblock.rs`).
    Iblock,
    /// Tasks, Drive and chats (`tasks.rs`, `disk.rs`, `chats.rs`).
    Section(Section),
    Example(Arc<MethodSpec>),
}

impl Route {
    pub(crate) fn served_by(&self) -> ServedBy {
        match self {
            Route::App(_) => ServedBy::App,
            Route::Handler(_) | Route::Section(_) => ServedBy::Handler,
            Route::Entity { .. } => ServedBy::Entity,
            Route::Link { .. } => ServedBy::Link,
            Route::UserField { .. } => ServedBy::UserField,
            Route::Flat { .. } | Route::Iblock => ServedBy::Flat,
            Route::Pair { .. } => ServedBy::Pair,
            Route::Example(_) => ServedBy::Example,
        }
    }
}

/// The route and the scope a caller needs (`None`: any caller).
pub(crate) fn resolve(
    apps: &AppHandlers,
    catalog: &Catalog,
    method: &str,
) -> Option<(Route, Option<String>)> {
    let page_scope = || catalog.get(method).and_then(|s| s.scope.clone());
    if let Some(h) = apps.0.get(method) {
        return Some((Route::App(h.clone()), page_scope()));
    }
    if let Some(def) = methods::find(method) {
        return Some((Route::Handler(def), Some(def.scope.to_owned())));
    }
    let spec = catalog.get(method)?.clone();
    let scope = spec.scope.clone();
    Some((
        family(catalog, method).unwrap_or(Route::Example(spec)),
        scope,
    ))
}

const ENTITY_OPS: &[&str] = &[
    "add",
    "get",
    "list",
    "update",
    "delete",
    "fields",
    "getbyentitytypeid",
];
const FLAT_OPS: &[&str] = &[
    "add", "get", "list", "update", "delete", "search", "current", "getbyid",
];
const PAIR_OPS: &[&str] = &["set", "save", "get", "delete", "reset"];
const USERFIELD_OPS: &[&str] = &["add", "get", "list", "update", "delete"];
const LINK_TARGETS: &[&str] = &["contact", "company"];

fn family(catalog: &Catalog, method: &str) -> Option<Route> {
    if super::iblock::serves(method) {
        return Some(Route::Iblock);
    }
    if super::tasks::serves(method) {
        return Some(Route::Section(Section::Tasks));
    }
    if super::disk::serves(method) {
        return Some(Route::Section(Section::Disk));
    }
    if super::chats::serves(method) {
        return Some(Route::Section(Section::Chats));
    }
    if super::im_search::serves(method) {
        return Some(Route::Section(Section::ImSearch));
    }
    if super::calendar_views::serves(method) {
        return Some(Route::Section(Section::Calendar));
    }
    if super::placements::serves(method) {
        return Some(Route::Section(Section::Placements));
    }
    let (prefix, op) = split_op(method)?;
    let words: Vec<&str> = prefix.split('.').collect();
    let owned = |s: &str| s.to_owned();
    let last = *words.last()?;
    let items_op = op.starts_with("items.");
    if last == "userfield"
        && USERFIELD_OPS.contains(&op)
        && (words.len() >= 3 || words == ["user", "userfield"])
    {
        return Some(Route::UserField {
            entity: words[..words.len() - 1].join("."),
            op: owned(op),
        });
    }
    if words.len() >= 3
        && LINK_TARGETS.contains(&last)
        && [
            "add",
            "delete",
            "fields",
            "items.get",
            "items.set",
            "items.delete",
        ]
        .contains(&op)
    {
        return Some(Route::Link {
            owner: words[..words.len() - 1].join("."),
            target: owned(last),
            op: owned(op),
        });
    }
    let entity = has_fields_table(catalog, prefix);
    if !items_op && ENTITY_OPS.contains(&op) && entity {
        return Some(Route::Entity {
            entity: owned(prefix),
            op: owned(op),
        });
    }
    let page = |op: &str| catalog.get(&format!("{prefix}.{op}")).is_some();
    // A registration's `register` / `unregister` (`bind` / `unbind`) are its add and delete.
    let named = |op: &str| super::flat::method(catalog, prefix, op);
    let spec = |op: &str| named(op).and_then(|m| catalog.get(&m)).map(|s| &**s);
    let flat_op = match super::flat::canonical(op) {
        own if named(own).as_deref() == Some(method) => own,
        _ => op,
    };
    if !entity
        && FLAT_OPS.contains(&flat_op)
        && spec("add").is_some()
        && (spec("get").is_some() || spec("list").is_some())
        && super::flat::reads_records(
            flat_op,
            spec("add"),
            spec("get"),
            spec("list"),
            spec("delete"),
        )
    {
        return Some(Route::Flat {
            family: owned(prefix),
            op: owned(flat_op),
        });
    }
    if !entity && PAIR_OPS.contains(&op) && page("get") && (page("set") || page("save")) {
        return Some(Route::Pair {
            family: owned(prefix),
            op: owned(op),
        });
    }
    None
}

/// `crm.deal.contact.items.set` → (`crm.deal.contact`, `items.set`).
fn split_op(method: &str) -> Option<(&str, &str)> {
    for tail in [".items.get", ".items.set", ".items.delete"] {
        if let Some(prefix) = method.strip_suffix(tail) {
            return Some((prefix, &tail[1..]));
        }
    }
    method.rsplit_once('.')
}

/// Whether `<entity>.add` takes a `fields` object: what makes a family an entity. Pages
/// also call it an `array` of one object (crm.activity.add: PHP arrays), or leave it
/// free-form (`object` or `array`) when the entity's `.fields` page lists the fields
/// (crm.requisite.add, the outdated crm.product.add).
fn has_fields_table(catalog: &Catalog, entity: &str) -> bool {
    let listed = || catalog.get(&format!("{entity}.fields")).is_some();
    catalog.get(&format!("{entity}.add")).is_some_and(|add| {
        add.params.iter().any(|p| {
            p.name.eq_ignore_ascii_case("fields")
                && match &p.ty {
                    FieldType::Object(_) => true,
                    FieldType::Array(inner) => match **inner {
                        FieldType::Object(_) => true,
                        // An `array` of no stated shape (crm.product.add: "see
                        // crm.product.fields"): a record when `.fields` lists its fields.
                        FieldType::Any => listed(),
                        _ => false,
                    },
                    FieldType::Any => listed(),
                    _ => false,
                }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_method_names() {
        assert_eq!(
            split_op("crm.deal.contact.items.set"),
            Some(("crm.deal.contact", "items.set"))
        );
        assert_eq!(split_op("crm.deal.add"), Some(("crm.deal", "add")));
    }
}
