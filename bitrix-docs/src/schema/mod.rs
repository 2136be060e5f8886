//! A portal's own schema: what one Bitrix24 portal has beyond what the docs describe for
//! every portal — its user fields (`UF_CRM_…`), smart processes, deal funnels and their
//! stages, status lists, user fields of users, and the tasks fields.
//!
//! `bitrix-api schema pull` writes it as `bitrix-schema.json` ([`write`]), `bind!(schema =
//! "bitrix-schema.json")` types it at compile time, `bitrix-api schema check` compares it
//! with the live portal ([`compare`]), and the emulator serves it
//! (`Portal::builder().schema(…)`). One module tree owns the model, the file and the
//! comparison, so the four agree.
//!
//! The file is made for review and small diffs: `"format"` first (a reader refuses any
//! other format, naming the file and both versions), then `"host"`, then the sections;
//! every map sorted by key, every list sorted by id, two-space indent, one trailing
//! newline, no timestamps: pulling an unchanged portal gives the same bytes.
//!
//! ```
//! use bitrix_docs::schema::{self, PortalSchema, UserField};
//! let mut s = PortalSchema::new("example.bitrix24.com");
//! s.crm.entry("deal".into()).or_default().user_fields.push(UserField::new("UF_CRM_NOTE", "string"));
//! let text = schema::write(&s);
//! assert!(text.starts_with("{\n  \"format\": 1,\n  \"host\": \"example.bitrix24.com\""));
//! assert_eq!(schema::read_str(&text, "bitrix-schema.json").unwrap(), s);
//! ```

mod compare;
mod file;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use compare::{compare, Change, ChangeKind, Changes};
pub use file::{read, read_str, write, SchemaError};

/// The version of the file's layout this crate reads and writes.
pub const FORMAT: u32 = 1;

/// The CRM entities with user fields of their own (`crm.<name>.userfield.*`), with the
/// `entityTypeId` `crm.item.*` knows them by.
pub const CRM_ENTITIES: &[(&str, i64)] = &[
    ("company", 4),
    ("contact", 3),
    ("deal", 2),
    ("lead", 1),
    ("quote", 7),
];

/// Everything one portal has of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortalSchema {
    /// The layout version ([`FORMAT`]).
    pub format: u32,
    /// The portal's host (`example.bitrix24.com`): never a webhook code.
    pub host: String,
    /// Per classic CRM entity (`deal`, `lead`, `contact`, `company`, `quote`): its user
    /// fields.
    #[serde(default)]
    pub crm: BTreeMap<String, CrmEntity>,
    /// The deal funnels (`crm.category.list` with `entityTypeId` 2), the general one
    /// (id 0) included, each with its stages.
    #[serde(default)]
    pub deal_categories: Vec<Category>,
    /// The smart processes (`crm.type.list`), by `entityTypeId`.
    #[serde(default)]
    pub smart_processes: Vec<SmartProcess>,
    /// The status lists other than stages (`crm.status.list`'s `ENTITY_ID`s: `SOURCE`,
    /// `CONTACT_TYPE`, an admin's own list, …), each with its entries.
    #[serde(default)]
    pub status_lists: BTreeMap<String, Vec<Status>>,
    /// The users' fields (`user.fields`) and user fields (`user.userfield.list`).
    #[serde(default)]
    pub user: UserSchema,
    /// `tasks.task.getfields`'s fields, where the portal has the method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tasks: Option<BTreeMap<String, Value>>,
    /// The REST 3.0 field descriptions ([`REST3_FIELD_LISTS`]: `tasks.task.field.list`'s
    /// `items`), by method, each list sorted by `name`, where the portal has the method.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rest3: BTreeMap<String, Vec<Value>>,
}

/// The REST 3.0 `*.field.list` methods `schema pull` saves: those describing what the
/// schema's sections describe in REST 2 (tasks).
pub const REST3_FIELD_LISTS: &[&str] = &["tasks.task.field.list"];

impl PortalSchema {
    /// An empty schema of the portal at `host`.
    pub fn new(host: impl Into<String>) -> Self {
        PortalSchema {
            format: FORMAT,
            host: host.into(),
            crm: BTreeMap::new(),
            deal_categories: Vec::new(),
            smart_processes: Vec::new(),
            status_lists: BTreeMap::new(),
            user: UserSchema::default(),
            tasks: None,
            rest3: BTreeMap::new(),
        }
    }

    /// Puts every list in its file order (by id), so that equal portals compare equal.
    pub fn sort(&mut self) {
        for e in self.crm.values_mut() {
            sort_fields(&mut e.user_fields);
        }
        sort_categories(&mut self.deal_categories);
        self.smart_processes.sort_by_key(|p| p.entity_type_id);
        for p in &mut self.smart_processes {
            sort_fields(&mut p.fields);
            sort_categories(&mut p.categories);
        }
        for list in self.status_lists.values_mut() {
            list.sort_by(|a, b| a.status_id.cmp(&b.status_id));
        }
        sort_fields(&mut self.user.user_fields);
        for items in self.rest3.values_mut() {
            items.sort_by(|a, b| {
                let name = |v: &Value| v.get("name").and_then(Value::as_str).map(str::to_owned);
                name(a).cmp(&name(b))
            });
        }
    }

    /// The user fields of a classic entity (`deal`), or of a smart process (`dynamic_1032`
    /// or its `entityTypeId` as text).
    pub fn fields_of(&self, entity: &str) -> Option<&[UserField]> {
        if let Some(e) = self.crm.get(entity) {
            return Some(&e.user_fields);
        }
        let id = entity.strip_prefix("dynamic_").unwrap_or(entity);
        let id: i64 = id.parse().ok()?;
        self.smart_processes
            .iter()
            .find(|p| p.entity_type_id == id)
            .map(|p| p.fields.as_slice())
    }
}

fn sort_fields(fields: &mut [UserField]) {
    fields.sort_by(|a, b| a.field_name.cmp(&b.field_name));
    for f in fields {
        f.list.sort_by_key(|v| v.id);
        f.crm_targets.sort();
        f.crm_targets.dedup();
    }
}

fn sort_categories(categories: &mut [Category]) {
    categories.sort_by_key(|c| c.id);
    for c in categories {
        c.stages.sort_by(|a, b| a.status_id.cmp(&b.status_id));
    }
}

/// One classic CRM entity's own fields.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CrmEntity {
    /// Every field as `crm.<entity>.fields` describes it on this portal (the documented
    /// ones and the user fields, each with its `type`, `isRequired`, `title`, …), by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, Value>,
    /// Its user fields (`crm.<entity>.userfield.list`), by `FIELD_NAME`.
    #[serde(default)]
    pub user_fields: Vec<UserField>,
}

/// A user field, as `*.userfield.list` describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserField {
    /// `FIELD_NAME` (`UF_CRM_PRIORITY`; a smart process's in `crm.item`'s spelling,
    /// `ufCrm5Priority`, stays as `UF_CRM_5_PRIORITY`).
    pub field_name: String,
    /// `USER_TYPE_ID`: `string`, `integer`, `double`, `boolean`, `date`, `datetime`,
    /// `enumeration`, `money`, `file`, `crm`, `employee`, `url`, an app's `rest_*` type, ….
    pub user_type_id: String,
    /// `MULTIPLE`: the value is a list.
    #[serde(default)]
    pub multiple: bool,
    /// `MANDATORY`: required on add.
    #[serde(default)]
    pub mandatory: bool,
    /// The label the edit form shows (`EDIT_FORM_LABEL`, the portal's language).
    #[serde(default)]
    pub label: String,
    /// The values of an `enumeration` field, by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub list: Vec<ListValue>,
    /// The records a `crm` field links to (`CONTACT`, `COMPANY`, `DYNAMIC_1032`): the
    /// `SETTINGS` keys set to `Y`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub crm_targets: Vec<String>,
    /// `SETTINGS` as the portal gave them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub settings: BTreeMap<String, Value>,
}

impl UserField {
    /// A single, optional field of `user_type_id` with no label.
    pub fn new(field_name: impl Into<String>, user_type_id: impl Into<String>) -> Self {
        UserField {
            field_name: field_name.into(),
            user_type_id: user_type_id.into(),
            multiple: false,
            mandatory: false,
            label: String::new(),
            list: Vec::new(),
            crm_targets: Vec::new(),
            settings: BTreeMap::new(),
        }
    }
}

/// One value of an `enumeration` field (`LIST`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListValue {
    /// `ID`: what the record holds and filters compare.
    pub id: i64,
    /// `VALUE`: the text shown.
    pub value: String,
    /// `DEF`: selected by default.
    #[serde(default)]
    pub default: bool,
    /// `SORT`.
    #[serde(default)]
    pub sort: i64,
    /// `XML_ID`, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xml_id: Option<String>,
}

/// A smart process (`crm.type.list`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SmartProcess {
    /// `entityTypeId` (1030 and up, even; `crm.item.*` takes it).
    pub entity_type_id: i64,
    /// `title`.
    pub title: String,
    /// `code`, when it has one.
    #[serde(default)]
    pub code: String,
    /// `isCategoriesEnabled`: several funnels.
    #[serde(default)]
    pub categories_enabled: bool,
    /// `isStagesEnabled`: records move through stages.
    #[serde(default)]
    pub stages_enabled: bool,
    /// Its user fields (`ufCrm<id>_…` in `crm.item.fields`), in `UF_CRM_<id>_…` spelling.
    #[serde(default)]
    pub fields: Vec<UserField>,
    /// Its funnels and their stages (`crm.category.list`, `crm.status.list`).
    #[serde(default)]
    pub categories: Vec<Category>,
}

/// A funnel (category) of deals or of a smart process, with its stages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// `id` (0: the deals' general funnel).
    pub id: i64,
    /// `name`.
    pub name: String,
    /// `sort`.
    #[serde(default)]
    pub sort: i64,
    /// `isDefault`.
    #[serde(default)]
    pub is_default: bool,
    /// Its stages (`crm.status.list` of its `ENTITY_ID`), by `STATUS_ID`.
    #[serde(default)]
    pub stages: Vec<Stage>,
}

/// A stage of a funnel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    /// `STATUS_ID` (`NEW`, `C3:WON`, `DT1032_8:NEW`): what records hold.
    pub status_id: String,
    /// `NAME`.
    pub name: String,
    /// `SEMANTICS`: `P` in progress, `S` success, `F` failure.
    pub semantics: String,
    /// `SORT`: the stage's place in the funnel.
    pub sort: i64,
}

/// An entry of a status list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Status {
    /// `STATUS_ID`.
    pub status_id: String,
    /// `NAME`.
    pub name: String,
    /// `SORT`.
    #[serde(default)]
    pub sort: i64,
}

/// The users' own fields.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UserSchema {
    /// `user.fields`: name → title.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// `user.userfield.list`, by `FIELD_NAME`.
    #[serde(default)]
    pub user_fields: Vec<UserField>,
}

/// The `entityTypeId` of a `crm` user field's target as its `SETTINGS` name it (`CONTACT`
/// → 3, `DYNAMIC_1032` → 1032; the `entityTypeName`s of the CRM object types table).
///
/// ```
/// use bitrix_docs::schema::crm_target_type;
/// assert_eq!(crm_target_type("COMPANY"), Some(4));
/// assert_eq!(crm_target_type("DYNAMIC_1032"), Some(1032));
/// assert_eq!(crm_target_type("VISUAL"), None);
/// ```
pub fn crm_target_type(target: &str) -> Option<i64> {
    const NAMED: &[(&str, i64)] = &[
        ("LEAD", 1),
        ("DEAL", 2),
        ("CONTACT", 3),
        ("COMPANY", 4),
        ("INVOICE", 5),
        ("QUOTE", 7),
        ("REQUISITE", 8),
        ("ORDER", 14),
        ("SMART_INVOICE", 31),
    ];
    if let Some((_, t)) = NAMED.iter().find(|(n, _)| *n == target) {
        return Some(*t);
    }
    target.strip_prefix("DYNAMIC_")?.parse().ok()
}

/// The `SEMANTICS` a stage gets when the portal leaves it out: success for `WON`, failure
/// for `LOSE`/`APOLOGY`/`JUNK` endings, in progress otherwise (crm.status.list's example).
pub fn default_semantics(status_id: &str) -> &'static str {
    let code = status_id.rsplit(':').next().unwrap_or(status_id);
    match code {
        "WON" | "SUCCESS" | "CONVERTED" => "S",
        "LOSE" | "FAIL" | "APOLOGY" | "JUNK" => "F",
        _ => "P",
    }
}
