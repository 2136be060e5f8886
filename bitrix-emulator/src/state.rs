//! The CRM data of the portal: one table of records per entity (`crm.lead`, `crm.deal`,
//! `crm.item:128`, …), the links between records, and the registered user fields.
//!
//! Records are kept the way `crm.*.get` answers them (IDs and numbers as strings, unset
//! fields as `null`), so reads are plain copies. The link rules live here, in one place,
//! for every owner–target pair (lead–contact, deal–contact, contact–company, …):
//! - at most one primary link per owner; a new link is primary when asked (`IS_PRIMARY=Y`)
//!   or when the owner has no primary yet;
//! - when the primary link goes away, the remaining link first in `SORT` order becomes
//!   primary, so an owner with links always has exactly one primary;
//! - the owner's `<TARGET>_ID` field (a lead's or deal's `CONTACT_ID`, a contact's
//!   `COMPANY_ID`), when its record has one, is always the primary target (or `null`),
//!   and its `<TARGET>_IDS`, when it has one, every target in `SORT` order.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::clock::datetime;
use super::multifield;

/// One lead–contact link, as `crm.lead.contact.items.get` describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Link {
    /// The linked record: the contact (for contact–company links, the company).
    pub contact_id: i64,
    /// Position in the lead's list; lower comes first.
    pub sort: i64,
    /// Whether this is the lead's primary contact (written to the lead's `CONTACT_ID`).
    pub is_primary: bool,
}

/// A lead as stored by the portal.
#[derive(Debug, Clone, PartialEq)]
pub struct Lead {
    /// The lead's identifier.
    pub id: i64,
    /// `TITLE`.
    pub title: String,
    /// `CONTACT_ID`: the primary contact, if any.
    pub contact_id: Option<i64>,
    /// Every field as `crm.lead.get` answers it.
    pub fields: Map<String, Value>,
}

/// A contact as stored by the portal.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    /// The contact's identifier.
    pub id: i64,
    /// `NAME`.
    pub name: String,
    /// `LAST_NAME`.
    pub last_name: String,
    /// Every field as `crm.contact.get` answers it.
    pub fields: Map<String, Value>,
}

/// A link request before the rules are applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NewLink {
    pub contact_id: i64,
    pub sort: i64,
    pub primary: bool,
}

/// The two entities with hand-written `add`/`get`/`list` handlers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entity {
    Lead,
    Contact,
}

impl Entity {
    /// The table name: the method names without their last word.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Entity::Lead => "crm.lead",
            Entity::Contact => "crm.contact",
        }
    }
}

/// Fields the portal fills itself; given values are ignored.
const SYSTEM_FIELDS: &[&str] = &[
    "ID",
    "DATE_CREATE",
    "DATE_MODIFY",
    "CREATED_BY_ID",
    "MODIFY_BY_ID",
    "IS_RETURN_CUSTOMER",
    "CONTACT_ID",
    "CONTACT_IDS",
];

/// A link family: the owner entity (`crm.lead`) and the target's short name (`contact`).
pub(crate) type Pair = (String, String);

/// One entity's records in ID order, and the last ID given out.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub last_id: i64,
    pub rows: BTreeMap<i64, Map<String, Value>>,
    /// The keys of `rows`, ascending: the `n`-th record of a `start` page without walking
    /// the `n` before it.
    ids: Vec<i64>,
}

/// A user field registered with `<entity>.userfield.add`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UserField {
    pub id: i64,
    /// `crm.deal`.
    pub entity: String,
    /// The record as `<entity>.userfield.get` answers it (`FIELD_NAME` with its `UF_CRM_`).
    pub record: Map<String, Value>,
}

impl UserField {
    pub(crate) fn name(&self) -> &str {
        self.record
            .get("FIELD_NAME")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    pub(crate) fn flag(&self, key: &str) -> bool {
        self.record.get(key).and_then(Value::as_str) == Some("Y")
    }
}

#[derive(Debug, Default)]
pub(crate) struct Crm {
    tables: BTreeMap<String, Table>,
    links: HashMap<Pair, HashMap<i64, Vec<Link>>>,
    pub(crate) userfields: Vec<UserField>,
    pub(crate) last_userfield: i64,
    /// The last multi-field value ID (`PHONE`, `EMAIL`, … values are numbered portal-wide).
    pub(crate) last_multifield: i64,
    /// What `<family>.set` wrote, by family and key (`pairs.rs`).
    pub(crate) kept: HashMap<(String, String), super::pairs::Kept>,
    /// A loaded schema's own answers to the methods that describe fields the CRM store
    /// does not hold (`user.fields`, `tasks.task.getfields`, `tasks.task.field.list`), by
    /// method (`saved.rs`).
    pub(crate) described: BTreeMap<String, Value>,
}

fn lead_contact() -> Pair {
    ("crm.lead".into(), "contact".into())
}

impl Crm {
    /// Creates a lead or contact from the given fields, the way the hand-written
    /// `crm.lead.add` / `crm.contact.add` do (every given field is kept); returns its ID.
    pub(crate) fn add(
        &mut self,
        entity: Entity,
        fields: &Map<String, Value>,
        user_id: i64,
        now: f64,
    ) -> i64 {
        let id = self.next_id(entity.name());
        let mut record = defaults(entity, id, user_id, now);
        for (k, v) in fields {
            let key = k.to_uppercase();
            if multifield::is_multifield(&key) {
                let mut ids = multifield::Ids(&mut self.last_multifield);
                let merged = multifield::merge(&Value::Null, v, &key, &mut ids);
                record.insert(key, merged);
            } else if !SYSTEM_FIELDS.contains(&key.as_str()) {
                record.insert(key, stored(v));
            }
        }
        multifield::sync_flags(&mut record);
        self.insert(entity.name(), id, record);
        if entity == Entity::Lead {
            self.bind_on_add(id, fields);
        }
        id
    }

    /// The next ID of an entity's table.
    pub(crate) fn next_id(&mut self, entity: &str) -> i64 {
        let table = self.tables.entry(entity.to_owned()).or_default();
        table.last_id += 1;
        table.last_id
    }

    /// Stores a record under an ID from [`Crm::next_id`].
    pub(crate) fn insert(&mut self, entity: &str, id: i64, record: Map<String, Value>) {
        let table = self.tables.entry(entity.to_owned()).or_default();
        if table.rows.insert(id, record).is_none() {
            match table.ids.last() {
                Some(last) if *last > id => {
                    let at = table.ids.partition_point(|x| *x < id);
                    table.ids.insert(at, id);
                }
                _ => table.ids.push(id),
            }
        }
    }

    pub(crate) fn record_mut(&mut self, entity: &str, id: i64) -> Option<&mut Map<String, Value>> {
        self.tables.get_mut(entity)?.rows.get_mut(&id)
    }

    /// Removes a record, the links it owns and the links to it; `false` when there was
    /// none.
    pub(crate) fn remove(&mut self, entity: &str, id: i64) -> bool {
        let removed = self
            .tables
            .get_mut(entity)
            .and_then(|t| {
                let removed = t.rows.remove(&id)?;
                if let Ok(at) = t.ids.binary_search(&id) {
                    t.ids.remove(at);
                }
                Some(removed)
            })
            .is_some();
        if !removed {
            return false;
        }
        // Its own links go; links to it go from their owners (whose primary moves on).
        let short = entity.strip_prefix("crm.").unwrap_or(entity);
        let mut touched = Vec::new();
        for (pair, links) in self.links.iter_mut() {
            if pair.0 == entity {
                links.remove(&id);
            }
            if pair.1 == short {
                for (owner, list) in links.iter_mut() {
                    let before = list.len();
                    list.retain(|l| l.contact_id != id);
                    if list.len() != before {
                        touched.push((pair.clone(), *owner));
                    }
                }
            }
        }
        for (pair, owner) in touched {
            self.sync_primary(&pair, owner);
        }
        true
    }

    /// `crm.lead.add` with `CONTACT_ID`/`CONTACT_IDS` links the contacts and marks the
    /// lead as a repeat one.
    fn bind_on_add(&mut self, lead: i64, fields: &Map<String, Value>) {
        let field = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        };
        let primary = field("CONTACT_ID")
            .and_then(super::params::int)
            .filter(|id| *id > 0);
        let mut ids: Vec<i64> = primary.into_iter().collect();
        if let Some(list) = field("CONTACT_IDS").and_then(super::params::list) {
            ids.extend(
                list.into_iter()
                    .filter_map(super::params::int)
                    .filter(|id| *id > 0),
            );
        }
        ids.dedup();
        if ids.is_empty() {
            return;
        }
        let links = ids
            .iter()
            .map(|&contact_id| NewLink {
                contact_id,
                sort: 10,
                primary: Some(contact_id) == primary,
            })
            .collect();
        self.set_links_of(&lead_contact(), lead, links);
        if let Some(record) = self.record_mut("crm.lead", lead) {
            record.insert("IS_RETURN_CUSTOMER".into(), "Y".into());
        }
    }

    pub(crate) fn get(&self, entity: Entity, id: i64) -> Option<&Map<String, Value>> {
        self.record(entity.name(), id)
    }

    /// One record of any entity.
    pub(crate) fn record(&self, entity: &str, id: i64) -> Option<&Map<String, Value>> {
        self.tables.get(entity)?.rows.get(&id)
    }

    /// All records of an entity in ID order.
    pub(crate) fn all(&self, entity: Entity) -> impl Iterator<Item = (&i64, &Map<String, Value>)> {
        self.rows(entity.name())
    }

    /// All records of any entity in ID order.
    pub(crate) fn rows(
        &self,
        entity: &str,
    ) -> impl DoubleEndedIterator<Item = (&i64, &Map<String, Value>)> {
        self.tables
            .get(entity)
            .into_iter()
            .flat_map(|t| t.rows.iter())
    }

    /// How many records a table holds, without walking them.
    pub(crate) fn len(&self, entity: &str) -> usize {
        self.tables.get(entity).map_or(0, |t| t.rows.len())
    }

    /// A table's records from the `skip`-th on, in ID order (a `start` page without a pass
    /// over the records before it).
    pub(crate) fn rows_from(
        &self,
        entity: &str,
        skip: usize,
    ) -> impl Iterator<Item = (&i64, &Map<String, Value>)> {
        self.tables
            .get(entity)
            .and_then(|t| Some(t.rows.range(*t.ids.get(skip)?..)))
            .into_iter()
            .flatten()
    }

    /// A table's records with an ID above `after`, in ID order (a `>ID` page without a
    /// pass over the records before it).
    pub(crate) fn rows_after(
        &self,
        entity: &str,
        after: i64,
    ) -> impl Iterator<Item = (&i64, &Map<String, Value>)> {
        self.tables
            .get(entity)
            .into_iter()
            .flat_map(move |t| t.rows.range(after.saturating_add(1)..))
    }

    /// Every table whose name is `entity` or starts with `entity:` (`crm.item` holds one
    /// table per `entityTypeId`), in name order.
    pub(crate) fn tables_of<'a>(
        &'a self,
        entity: &'a str,
    ) -> impl Iterator<Item = (&'a String, &'a Table)> + 'a {
        self.tables.iter().filter(move |(name, _)| {
            name.as_str() == entity
                || name
                    .strip_prefix(entity)
                    .is_some_and(|rest| rest.starts_with(':'))
        })
    }

    /// A lead's links in `SORT` order (ties by contact ID).
    pub(crate) fn links(&self, lead: i64) -> Vec<Link> {
        self.links_of(&lead_contact(), lead)
    }

    /// An owner's links in `SORT` order (ties by target ID).
    pub(crate) fn links_of(&self, pair: &Pair, owner: i64) -> Vec<Link> {
        let mut links = self
            .links
            .get(pair)
            .and_then(|m| m.get(&owner))
            .cloned()
            .unwrap_or_default();
        links.sort_by_key(|l| (l.sort, l.contact_id));
        links
    }

    /// `crm.lead.contact.add`: `false` (and no change) when the contact is already linked.
    pub(crate) fn add_link(&mut self, lead: i64, new: NewLink) -> bool {
        self.add_link_of(&lead_contact(), lead, new)
    }

    /// `<owner>.<target>.add`: `false` (and no change) when the target is already linked.
    pub(crate) fn add_link_of(&mut self, pair: &Pair, owner: i64, new: NewLink) -> bool {
        let links = self
            .links
            .entry(pair.clone())
            .or_default()
            .entry(owner)
            .or_default();
        if links.iter().any(|l| l.contact_id == new.contact_id) {
            return false;
        }
        let has_primary = links.iter().any(|l| l.is_primary);
        let is_primary = new.primary || !has_primary;
        if is_primary {
            links.iter_mut().for_each(|l| l.is_primary = false);
        }
        links.push(Link {
            contact_id: new.contact_id,
            sort: new.sort,
            is_primary,
        });
        self.sync_primary(pair, owner);
        true
    }

    /// `crm.lead.contact.items.set`: replaces all links. The first item asking for primary
    /// gets it; with none asking, the first item does. A contact given twice keeps its
    /// first entry.
    pub(crate) fn set_links(&mut self, lead: i64, items: Vec<NewLink>) {
        self.set_links_of(&lead_contact(), lead, items)
    }

    /// `<owner>.<target>.items.set`, with the rules of [`Crm::set_links`].
    pub(crate) fn set_links_of(&mut self, pair: &Pair, owner: i64, items: Vec<NewLink>) {
        let mut links: Vec<Link> = Vec::with_capacity(items.len());
        for item in items {
            if links.iter().any(|l| l.contact_id == item.contact_id) {
                continue;
            }
            let is_primary = item.primary && !links.iter().any(|l| l.is_primary);
            links.push(Link {
                contact_id: item.contact_id,
                sort: item.sort,
                is_primary,
            });
        }
        if !links_have_primary(&links) {
            if let Some(first) = links.first_mut() {
                first.is_primary = true;
            }
        }
        self.links
            .entry(pair.clone())
            .or_default()
            .insert(owner, links);
        self.sync_primary(pair, owner);
    }

    /// `crm.lead.contact.delete`: `false` when the contact was not linked.
    pub(crate) fn delete_link(&mut self, lead: i64, contact: i64) -> bool {
        self.delete_link_of(&lead_contact(), lead, contact)
    }

    /// `<owner>.<target>.delete`: `false` when the target was not linked.
    pub(crate) fn delete_link_of(&mut self, pair: &Pair, owner: i64, target: i64) -> bool {
        let Some(links) = self.links.get_mut(pair).and_then(|m| m.get_mut(&owner)) else {
            return false;
        };
        let before = links.len();
        links.retain(|l| l.contact_id != target);
        let removed = links.len() != before;
        if removed {
            self.sync_primary(pair, owner);
        }
        removed
    }

    /// `crm.lead.contact.items.delete`.
    pub(crate) fn clear_links(&mut self, lead: i64) {
        self.clear_links_of(&lead_contact(), lead)
    }

    /// `<owner>.<target>.items.delete`.
    pub(crate) fn clear_links_of(&mut self, pair: &Pair, owner: i64) {
        if let Some(m) = self.links.get_mut(pair) {
            m.remove(&owner);
        }
        self.sync_primary(pair, owner);
    }

    /// Restores "exactly one primary when there are links" and writes it to the owner's
    /// `<TARGET>_ID` field, when its record has that field.
    fn sync_primary(&mut self, pair: &Pair, owner: i64) {
        let map = self.links.entry(pair.clone()).or_default();
        let links = map.entry(owner).or_default();
        if !links.is_empty() && !links_have_primary(links) {
            if let Some(first) = links.iter_mut().min_by_key(|l| (l.sort, l.contact_id)) {
                first.is_primary = true;
            }
        }
        let primary = links.iter().find(|l| l.is_primary).map(|l| l.contact_id);
        let mut ordered = links.clone();
        ordered.sort_by_key(|l| (l.sort, l.contact_id));
        let all: Vec<Value> = ordered
            .iter()
            .map(|l| Value::String(l.contact_id.to_string()))
            .collect();
        if links.is_empty() {
            map.remove(&owner);
        }
        let field = format!("{}_ID", pair.1.to_uppercase());
        if let Some(record) = self.record_mut(&pair.0, owner) {
            if let Some(slot) = record.get_mut(&field) {
                *slot = primary.map_or(Value::Null, |id| id.to_string().into());
            }
            if let Some(slot) = record.get_mut(&format!("{field}S")) {
                *slot = Value::Array(all);
            }
        }
    }

    /// The user fields registered for an entity, in ID order.
    pub(crate) fn userfields_of<'a>(
        &'a self,
        entity: &'a str,
    ) -> impl Iterator<Item = &'a UserField> + 'a {
        self.userfields.iter().filter(move |u| u.entity == entity)
    }

    pub(crate) fn lead(&self, id: i64) -> Option<Lead> {
        let fields = self.record("crm.lead", id)?.clone();
        Some(Lead {
            id,
            title: str_field(&fields, "TITLE"),
            contact_id: fields.get("CONTACT_ID").and_then(super::params::int),
            fields,
        })
    }

    pub(crate) fn contact(&self, id: i64) -> Option<Contact> {
        let fields = self.record("crm.contact", id)?.clone();
        Some(Contact {
            id,
            name: str_field(&fields, "NAME"),
            last_name: str_field(&fields, "LAST_NAME"),
            fields,
        })
    }
}

fn links_have_primary(links: &[Link]) -> bool {
    links.iter().any(|l| l.is_primary)
}

fn str_field(fields: &Map<String, Value>, name: &str) -> String {
    fields
        .get(name)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Numbers are stored (and answered) as strings, like the portal does.
pub(crate) fn stored(v: &Value) -> Value {
    match v {
        Value::Number(n) => Value::String(n.to_string()),
        other => other.clone(),
    }
}

fn defaults(entity: Entity, id: i64, user_id: i64, now: f64) -> Map<String, Value> {
    let date = Value::String(datetime(now));
    let user = Value::String(user_id.to_string());
    let mut m = Map::new();
    m.insert("ID".into(), id.to_string().into());
    match entity {
        Entity::Lead => {
            m.insert("TITLE".into(), format!("Lead #{id}").into());
            m.insert("NAME".into(), Value::Null);
            m.insert("SECOND_NAME".into(), Value::Null);
            m.insert("LAST_NAME".into(), Value::Null);
            m.insert("COMPANY_TITLE".into(), Value::Null);
            m.insert("COMPANY_ID".into(), Value::Null);
            m.insert("CONTACT_ID".into(), Value::Null);
            m.insert("IS_RETURN_CUSTOMER".into(), "N".into());
            m.insert("SOURCE_ID".into(), Value::Null);
            m.insert("STATUS_ID".into(), "NEW".into());
            m.insert("STATUS_SEMANTIC_ID".into(), "P".into());
            m.insert("CURRENCY_ID".into(), "USD".into());
            m.insert("OPPORTUNITY".into(), "0.00".into());
            m.insert("IS_MANUAL_OPPORTUNITY".into(), "N".into());
            m.insert("MOVED_BY_ID".into(), user.clone());
            m.insert("MOVED_TIME".into(), date.clone());
        }
        Entity::Contact => {
            m.insert("NAME".into(), Value::Null);
            m.insert("SECOND_NAME".into(), Value::Null);
            m.insert("LAST_NAME".into(), Value::Null);
            m.insert("TYPE_ID".into(), "CLIENT".into());
            m.insert("SOURCE_ID".into(), Value::Null);
            m.insert("COMPANY_ID".into(), Value::Null);
            m.insert("LEAD_ID".into(), Value::Null);
            m.insert("EXPORT".into(), "Y".into());
        }
    }
    m.insert("POST".into(), Value::Null);
    m.insert("COMMENTS".into(), Value::Null);
    m.insert("HAS_PHONE".into(), "N".into());
    m.insert("HAS_EMAIL".into(), "N".into());
    m.insert("HAS_IMOL".into(), "N".into());
    m.insert("OPENED".into(), "Y".into());
    m.insert("ASSIGNED_BY_ID".into(), user.clone());
    m.insert("CREATED_BY_ID".into(), user.clone());
    m.insert("MODIFY_BY_ID".into(), user);
    m.insert("DATE_CREATE".into(), date.clone());
    m.insert("DATE_MODIFY".into(), date);
    m
}

#[cfg(test)]
mod tests;
