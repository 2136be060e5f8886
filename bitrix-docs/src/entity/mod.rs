//! Entities: the record types the `*.fields` pages describe, and which `get`/`list`
//! methods answer records of which entity.
//!
//! A fields page's example answer is a map from field name to a description
//! (`{"result": {"OPPORTUNITY": {"type": "double", "isRequired": false, …}}}`, or the same
//! map one key down, `{"result": {"fields": {…}}}`, for `crm.item.fields` and its kin).
//! `read.rs` turns that map into an [`Entity`] (`kind.rs` gives each field its
//! [`FieldKind`], `name.rs` the entity its name; a page with no example answer that lists
//! the fields in a table of their own gives the entity from the table); `link.rs` decides which methods answer
//! records of it ([`RecordLink`]). [`link`] runs both over a method set; [`survey`] also
//! says why a fields page gave no entity or a candidate method no link.
//!
//! ```
//! let methods = bitrix_docs::load(std::path::Path::new("../docs")).unwrap().methods;
//! let (entities, records) = bitrix_docs::entity::link(&methods);
//! let deal = entities.iter().find(|e| e.name == "Deal").unwrap();
//! assert!(deal.fields.iter().any(|f| f.name == "OPPORTUNITY"));
//! assert!(records.iter().any(|r| r.method == "crm.deal.list" && r.entity == "Deal" && r.list));
//! ```

mod augment;
mod hint;
mod item_name;
mod kind;
mod link;
mod name;
mod ordered;
mod read;
mod shape;
#[cfg(test)]
mod tests;

use crate::model::{ApiVersion, MethodSpec};

pub use item_name::{
    classic_entity, classic_type_id, custom_camel, custom_upper, has_status, item_camel,
    CLASSIC_TYPES, ITEM_RENAMED,
};
pub use kind::kind_of;
pub use name::entity_name;
pub(crate) use name::fields_base;

/// The record type a `*.fields` page describes (`crm.deal.fields` → `Deal`).
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// PascalCase name from the fields method: `crm.deal.fields` → `Deal`,
    /// `crm.item.productrow.fields` → `ItemProductrow`, `user.fields` → `User` (see
    /// [`entity_name`]). Unique within a method set: a second entity of the same name gets
    /// `V3` (a REST 3.0 page) or a number appended, in method-name order.
    pub name: String,
    /// The fields method, e.g. `crm.deal.fields`.
    pub method: String,
    /// The fields page, relative to the docs root with `/` (as [`crate::Source::rel_path`]).
    pub rel_path: String,
    /// The line of the page's answer section (the `result` row, else the
    /// `## Response Handling` heading) whose example the fields were read from, or of the
    /// first row of the table they were read from (a page with no example answer).
    pub line: usize,
    /// Field names are camelCase (`crm.item.fields` and its kin) rather than UPPER_CASE:
    /// most documented names have a lower-case letter.
    pub camel: bool,
    /// Documented fields in page order. Custom fields (`UF_*`, `ufCrm*`, `isDynamic`) and
    /// the per-portal parent links (`PARENT_ID_<n>`, `parentId<n>`) are left out: they are
    /// kept by name at run time.
    pub fields: Vec<EntityField>,
}

/// One documented field of an [`Entity`].
#[derive(Debug, Clone, PartialEq)]
pub struct EntityField {
    /// As the page spells it: `OPPORTUNITY`, `stageId`.
    pub name: String,
    /// What kind of value it holds, from [`EntityField::type_text`].
    pub kind: FieldKind,
    /// The page's `type` value: `crm_status`, `double`, `char`, …
    pub type_text: String,
    /// The page's `title` (`formLabel`, then `listLabel` when it has none; a table row's
    /// description up to its first full stop); may be empty.
    pub title: String,
    /// `isRequired` (a table row: marked required).
    pub required: bool,
    /// `isReadOnly` (a table row: `Read-only`).
    pub read_only: bool,
    /// `isImmutable`: set on creation only (a table row: `Immutable`, `Cannot be changed`).
    pub immutable: bool,
    /// `isMultiple`: the value is a list (a table row: `Multiple`).
    pub multiple: bool,
    /// `statusType` of a `crm_status` field, e.g. `DEAL_STAGE`.
    pub status_type: Option<String>,
    /// The values an enumeration lists, as (id, value): `items` (`[{ID, VALUE}]`) or
    /// `values` (`{code: title}`).
    pub values: Vec<(String, String)>,
    /// Where a field the fields page leaves out was found instead: the answer row of a
    /// linked get/list page (`rel_path`, line). `None` for the fields page's own fields.
    pub from: Option<(String, usize)>,
}

/// What kind of value a field holds, read from its type text (see [`kind_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    /// `integer`, and numeric ids of linked things: `user`, `employee`, `crm_company`,
    /// `crm_contact`, `crm_lead`, `crm_deal`, `crm_quote`, `crm_category`, `crm_entity`
    /// (the `parentId<n>` links), `crm_enum_*` codes.
    Integer,
    /// `double` and other decimal numbers (money), kept as decimal digits at run time.
    Decimal,
    /// `string`, `text`, `url`, `location`…: free text (`LIKE` works).
    String,
    /// `crm_status`, `crm_currency`, `enum` with string codes: a code, no `LIKE`.
    Status,
    /// `char` (`Y`/`N`), `boolean`.
    Flag,
    /// `date`.
    Date,
    /// `datetime`.
    DateTime,
    /// `crm_multifield` (`PHONE`, `EMAIL`, `WEB`, `IM`, `LINK`).
    Multifield,
    /// `file`, `diskfile` and kin.
    File,
    /// `crm`: a binding to any CRM record as a `D_12`-style string; no `LIKE`.
    EntityRef,
    /// `enumeration` (a list field with `items`): the value is the item `ID`, an integer.
    Enumeration,
    /// Anything else (`object`, `product_property`, an unknown type text): JSON at run time.
    Other,
}

/// A method whose answer holds records of an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordLink {
    /// The method, e.g. `crm.deal.list`.
    pub method: String,
    /// Its REST version.
    pub version: ApiVersion,
    /// [`Entity::name`], e.g. `Deal`.
    pub entity: String,
    /// Keys under `result` leading to the record(s): `[]` for `result` itself, `["item"]`
    /// for `crm.item.get`, `["items"]` for `crm.item.list`, `["productRows"]`…
    pub path: Vec<String>,
    /// The place holds a list of records (list methods) rather than one.
    pub list: bool,
}

/// A fields page that gave no entity, or a candidate method that got no link, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The method: a `*.fields` method, or a `get`/`list` method.
    pub method: String,
    /// Its REST version.
    pub version: ApiVersion,
    /// Its page, relative to the docs root.
    pub rel_path: String,
    /// Why, in one sentence.
    pub reason: String,
}

/// Everything [`survey`] found in a method set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Survey {
    /// The entities, sorted by name.
    pub entities: Vec<Entity>,
    /// The links, sorted by method (REST 2 before REST 3.0).
    pub records: Vec<RecordLink>,
    /// Fields pages whose example is not a map of field descriptions, sorted by method.
    pub no_entity: Vec<Skipped>,
    /// `get`/`list` methods with a fields page (by name or by a link in the answer's text)
    /// that got no link, sorted by method.
    pub unlinked: Vec<Skipped>,
}

/// The entities the fields pages among `methods` describe (sorted by name) and the
/// methods whose answers hold their records (sorted by method). Never panics.
pub fn link(methods: &[MethodSpec]) -> (Vec<Entity>, Vec<RecordLink>) {
    let survey = survey(methods);
    (survey.entities, survey.records)
}

/// [`link`], with the reasons for every fields page that gave no entity and every
/// candidate method that got no link.
pub fn survey(methods: &[MethodSpec]) -> Survey {
    let mut sorted: Vec<&MethodSpec> = methods.iter().collect();
    sorted.sort_by(|a, b| (&a.name, a.version).cmp(&(&b.name, b.version)));
    let mut out = Survey::default();
    let mut read = Vec::new();
    for spec in sorted
        .iter()
        .filter(|s| name::fields_base(&s.name).is_some())
    {
        match read::read(spec) {
            Ok(entity) => read.push((*spec, entity)),
            Err(reason) => out.no_entity.push(skipped(spec, reason)),
        }
    }
    name::make_unique(&mut read);
    let (records, unlinked) = link::link_all(&sorted, &read, &out.no_entity);
    out.entities = read.into_iter().map(|(_, e)| e).collect();
    augment::from_answers(&mut out.entities, &records, &sorted);
    out.entities.sort_by(|a, b| a.name.cmp(&b.name));
    out.records = records;
    out.unlinked = unlinked;
    out
}

fn skipped(spec: &MethodSpec, reason: String) -> Skipped {
    Skipped {
        method: spec.name.clone(),
        version: spec.version,
        rel_path: spec.source.rel_path.clone(),
        reason,
    }
}
