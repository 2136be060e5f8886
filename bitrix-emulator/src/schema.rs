//! What a record of an entity holds, read from its pages: the union of
//! - the `fields` parameter table of `<entity>.add` (names, types, required marks,
//!   defaults, the title template `Deal #{id}`),
//! - the fields `<entity>.get` documents in `result` (and the keys of its example),
//! - the field descriptions in the example of `<entity>.fields` (`isReadOnly`,
//!   `isRequired`, `isMultiple`, `type`, `title`), or, for a `.fields` page with no
//!   example, the table of fields it lists (the outdated crm.product.fields, …).
//!
//! User fields (`UF_*`) in the examples belong to the docs writer's portal and are left
//! out: a portal's user fields are the ones registered with `<entity>.userfield.add`.
//! Entities whose pages name fields in camelCase (`crm.item`, `crm.type`, `crm.category`,
//! `crm.documentgenerator.*`, …) answer numbers as numbers and spell the portal's own
//! fields `id`, `createdTime`, … (`camel`); `crm.item` alone keeps a table per
//! `entityTypeId` (`by_type`).

use bitrix_docs::spec::listed::{listed_fields, ListedField};
use bitrix_docs::types::TypeText;
use bitrix_docs::{Field, FieldType, MethodSpec};
use serde_json::{Map, Value};

use super::pages::Catalog;

/// One field of a record.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SchemaField {
    pub name: String,
    pub ty: FieldType,
    /// The type name `*.fields` answers (`integer`, `char`, `crm_status`, …).
    pub type_name: String,
    pub title: String,
    pub required: bool,
    pub read_only: bool,
    pub multiple: bool,
    /// A documented default that is a plain value (`N`, `0.00`, `Y`).
    pub default: Option<String>,
    /// A documented title template such as `Deal #{id}`.
    pub template: Option<String>,
    /// Whether `add`'s `fields` table lists it (the caller may write it).
    pub writable: bool,
    /// The value the `get` page's example shows for it.
    pub shown: Option<Value>,
    /// The values the portal picks when `add` leaves the field out (see [`Sequence`]).
    pub assigned: Option<Sequence>,
}

/// Where the portal's own values of a field start: a field every record has (`*.fields`
/// marks it `isRequired`) that `add`'s table lets the caller leave out, and whose row
/// documents a lower bound (crm.type.add's `entityTypeId`: "any even integer of 1030 or
/// more"). `add` then gives the first value from `from`, `step` apart, that no record of
/// the table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sequence {
    pub from: i64,
    pub step: i64,
}

/// The fields of one entity, in page order.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Schema {
    pub entity: String,
    pub fields: Vec<SchemaField>,
    /// camelCase names and native JSON numbers (`crm.item`, `crm.type`, …).
    pub camel: bool,
    /// One table per `entityTypeId` (`crm.item`).
    pub by_type: bool,
}

/// Fields every record has and only the portal writes.
pub(crate) const SYSTEM_UPPER: &[&str] = &[
    "ID",
    "DATE_CREATE",
    "DATE_MODIFY",
    "CREATED_BY_ID",
    "MODIFY_BY_ID",
];
pub(crate) const SYSTEM_CAMEL: &[&str] = &[
    "id",
    "createdTime",
    "updatedTime",
    "createdBy",
    "updatedBy",
    "entityTypeId",
];

impl Schema {
    pub(crate) fn from_pages(catalog: &Catalog, entity: &str) -> Schema {
        let page = |op: &str| catalog.get(&format!("{entity}.{op}")).cloned();
        let by_type = entity == "crm.item";
        let mut schema = Schema {
            entity: entity.to_owned(),
            fields: Vec::new(),
            camel: by_type || camel_case(page("add").as_deref(), page("get").as_deref()),
            by_type,
        };
        let system = schema.system();
        for name in system {
            schema.push(name, FieldType::Any, "", true);
        }
        if let Some(add) = page("add") {
            schema.read_add(&add);
        }
        if let Some(get) = page("get") {
            schema.read_get(&get);
        }
        let kept = page("fields").map(|fields| {
            let mut kept = schema.read_fields(&fields);
            if example_result(&fields).is_none() {
                let text = catalog
                    .text(&format!("{entity}.fields"))
                    .unwrap_or_default();
                let add = catalog.text(&format!("{entity}.add")).unwrap_or_default();
                kept.extend(schema.read_listed(&listed_fields(&text), &add));
            }
            kept
        });
        // A documented lower bound alone is a rule for the caller's values; the portal
        // picks one only for a field every record has.
        for f in &mut schema.fields {
            if !kept.as_ref().is_some_and(|k| k.contains(&f.name)) || f.required {
                f.assigned = None;
            }
        }
        schema
    }

    pub(crate) fn system(&self) -> &'static [&'static str] {
        if self.by_type {
            SYSTEM_CAMEL
        } else if self.camel {
            // `entityTypeId` is the caller's to set outside crm.item (`crm.type.add`).
            &SYSTEM_CAMEL[..5]
        } else {
            SYSTEM_UPPER
        }
    }

    /// Whether the pages document no field of the record beyond the portal's own (`ID`,
    /// `DATE_CREATE`, …): the outdated crm.product, crm.productsection and
    /// crm.dealcategory pages send the reader to `*.fields` on a live portal.
    pub(crate) fn undocumented(&self) -> bool {
        let system = self.system();
        self.fields
            .iter()
            .all(|f| system.contains(&f.name.as_str()))
    }

    /// The field named `name`, case-insensitively.
    pub(crate) fn field(&self, name: &str) -> Option<&SchemaField> {
        self.fields.iter().find(|f| f.name == name).or_else(|| {
            self.fields
                .iter()
                .find(|f| f.name.eq_ignore_ascii_case(name))
        })
    }

    fn push(&mut self, name: &str, ty: FieldType, title: &str, read_only: bool) -> usize {
        if let Some(i) = self.fields.iter().position(|f| f.name == name) {
            return i;
        }
        let multiple = matches!(ty, FieldType::Array(_));
        self.fields.push(SchemaField {
            name: name.to_owned(),
            type_name: ty.label(),
            ty,
            title: title.to_owned(),
            required: false,
            read_only,
            multiple,
            default: None,
            template: None,
            writable: false,
            shown: None,
            assigned: None,
        });
        self.fields.len() - 1
    }

    fn documented(&mut self, f: &Field, read_add: bool) {
        if !usable_name(&f.name) {
            return;
        }
        let i = self.push(&f.name, f.ty.clone(), first_line(&f.description), false);
        let field = &mut self.fields[i];
        if field.ty == FieldType::Any {
            field.ty = f.ty.clone();
        }
        if read_add {
            field.writable = true;
            field.required |= f.required;
            field.default = field.default.take().or_else(|| plain_default(f));
            field.template = field.template.take().or_else(|| template(&f.description));
            if !f.required && matches!(f.ty, FieldType::Integer) {
                field.assigned = field.assigned.or_else(|| sequence(&f.description));
            }
        }
    }

    fn read_add(&mut self, add: &MethodSpec) {
        for f in add_fields(add) {
            self.documented(f, true);
        }
    }

    fn read_get(&mut self, get: &MethodSpec) {
        let mut documented = match &get.response.ty {
            FieldType::Object(fields) => fields.clone(),
            _ => Vec::new(),
        };
        // crm.item.get: `result.item` holds the record (crm.type.get: `result.type`).
        if let [Field {
            ty: FieldType::Object(inner),
            ..
        }] = documented.as_slice()
        {
            documented = inner.clone();
        }
        for f in &documented {
            self.documented(f, false);
        }
        if let Some(record) = example_result(get).and_then(|r| record_of(&r)) {
            for (key, value) in &record {
                if usable_name(key) {
                    let i = self.push(key, example_type(value), "", false);
                    self.fields[i].shown = Some(value.clone());
                }
            }
        }
    }

    /// Reads the `*.fields` example; returns the names it marks `isRequired` (every stored
    /// record has them).
    fn read_fields(&mut self, page: &MethodSpec) -> Vec<String> {
        let mut kept = Vec::new();
        let Some(Value::Object(mut map)) = example_result(page) else {
            return kept;
        };
        // crm.item.fields and its kin wrap the descriptions: `{"fields": {…}}`.
        if map.len() == 1 {
            if let Some(Value::Object(inner)) = map.remove("fields") {
                map = inner;
            }
        }
        for (key, desc) in &map {
            if !usable_name(key) {
                continue;
            }
            let flag = |k: &str| desc.get(k).and_then(Value::as_bool).unwrap_or(false);
            let title = desc
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let i = self.push(key, FieldType::Any, title, false);
            if flag("isRequired") {
                kept.push(key.clone());
            }
            let field = &mut self.fields[i];
            field.read_only |= flag("isReadOnly");
            // The add page's `fields` table says what a caller must send (crm.type.add:
            // `entityTypeId` may be left out, the portal assigns one); `*.fields` marks
            // what every stored record has.
            field.required |= flag("isRequired") && !field.read_only && !field.writable;
            field.multiple |= flag("isMultiple");
            if let Some(t) = desc.get("type").and_then(Value::as_str) {
                field.type_name = t.to_owned();
            }
            // The portal's own title (`Amount`) wins over the add page's description
            // (`Deal amount.`): `*.fields` answers it, and errors name the field by it.
            if !title.is_empty() {
                field.title = title.to_owned();
            }
        }
        kept
    }
}

impl Schema {
    /// Reads the fields a `*.fields` page lists in a table of their own, with no example
    /// (the outdated crm.product.fields, crm.measure.fields, …); returns the names it
    /// marks required (every stored record has them). A caller must send a required one
    /// that the `add` page (`add`, its text) names; one it never names is the portal's
    /// to fill (crm.invoice.add's examples send no `ACCOUNT_NUMBER`).
    fn read_listed(&mut self, listed: &[ListedField], add: &str) -> Vec<String> {
        let mut kept = Vec::new();
        for f in listed.iter().filter(|f| usable_name(&f.name)) {
            let ty = match bitrix_docs::types::parse(&f.type_text) {
                TypeText::Scalar(ty) => ty,
                _ => FieldType::Any,
            };
            let i = self.push(&f.name, ty, first_line(&f.description), false);
            let field = &mut self.fields[i];
            if !f.type_text.is_empty() {
                field.type_name = f.type_text.clone();
            }
            field.read_only |= f.read_only;
            let left_out = !names(add, &f.name);
            field.required |= f.required && !field.read_only && !field.writable && !left_out;
            if f.required {
                kept.push(f.name.clone());
            }
        }
        kept
    }
}

/// Whether `text` names `name` as a word of its own (`NAME`, not `MEASURE_NAME`).
fn names(text: &str, name: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    text.match_indices(name).any(|(at, _)| {
        let before = text.get(..at).and_then(|t| t.chars().next_back());
        let after = text.get(at + name.len()..).and_then(|t| t.chars().next());
        !word(before) && !word(after)
    })
}

/// Names like `UF_CRM_...`, `PARENT_ID_...` or `field_n` are placeholders, and `UF_*`
/// fields are per-portal.
fn usable_name(name: &str) -> bool {
    !name.is_empty()
        && !name.contains("...")
        && !name.contains('…')
        && !name.to_ascii_uppercase().starts_with("UF_")
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default().trim()
}

/// `Defaults to \`N\``-style defaults that are values, not prose (`null`, `(i + 1) * 10`)
/// or a dash for none.
fn plain_default(f: &Field) -> Option<String> {
    let d = f
        .default
        .as_deref()?
        .trim()
        .trim_matches('\'')
        .trim_matches('"');
    // `-` in a Default column means there is none (crm.type.add's `customSections`).
    let plain = d.chars().any(|c| c.is_ascii_alphanumeric())
        && !d.eq_ignore_ascii_case("null")
        && d.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    plain.then(|| d.to_owned())
}

/// The lower bound a row's description gives its values, `N or more` (also `or greater`,
/// `and above`, `and up`), `step` 2 when the same sentence says the values are even.
fn sequence(description: &str) -> Option<Sequence> {
    let lower = description.to_ascii_lowercase();
    for sentence in lower.split(['.', '\n', ';']) {
        let words: Vec<&str> = sentence
            .split(|c: char| c.is_whitespace() || c == ',' || c == '`')
            .filter(|w| !w.is_empty())
            .collect();
        for (i, w) in words.iter().enumerate() {
            let Ok(from) = w.parse::<i64>() else {
                continue;
            };
            let next = (words.get(i + 1).copied(), words.get(i + 2).copied());
            let bound = matches!(
                next,
                (Some("or"), Some("more" | "greater" | "higher"))
                    | (Some("and"), Some("above" | "up"))
            );
            if bound {
                let even = words[..i].contains(&"even");
                return Some(Sequence {
                    from,
                    step: if even { 2 } else { 1 },
                });
            }
        }
    }
    None
}

/// The text in backticks that contains `#{id}`: `Deal #{id}`.
fn template(description: &str) -> Option<String> {
    description
        .split('`')
        .skip(1)
        .step_by(2)
        .find(|t| t.contains("{id}"))
        .map(str::to_owned)
}

/// The `result` of a page's success example, when it parses. A few pages show the
/// result alone, without the envelope (crm.activity.layout.blocks.set: `{"success":
/// true}`): an object with neither `result` nor `error` is the result itself.
pub(crate) fn example_result(spec: &MethodSpec) -> Option<Value> {
    example_envelope(spec).map(|mut v| v["result"].take())
}

/// A page's success example as an envelope (`result`, and `total`/`next` when shown), read
/// as leniently as the pages are typed (`bitrix_docs::lenient`).
pub(crate) fn example_envelope(spec: &MethodSpec) -> Option<Value> {
    envelope_of(spec.response.example.as_deref()?)
}

/// An example's text read as an envelope (see [`example_envelope`]).
pub(crate) fn envelope_of(text: &str) -> Option<Value> {
    let v = bitrix_docs::lenient::parse(text)?;
    match v {
        Value::Object(map) if map.contains_key("result") => Some(Value::Object(map)),
        Value::Object(map) if !map.contains_key("error") && !map.is_empty() => {
            Some(serde_json::json!({ "result": map }))
        }
        _ => None,
    }
}

/// The record in a `get` result: the object itself, or the one object it wraps (`item`,
/// `type`, `category`, …).
fn record_of(result: &Value) -> Option<Map<String, Value>> {
    let map = result.as_object()?;
    match map.values().next() {
        Some(Value::Object(inner)) if map.len() == 1 => Some(inner.clone()),
        _ => Some(map.clone()),
    }
}

/// The fields of `add`'s `fields` object (or of the one object of a `fields` array).
pub(crate) fn add_fields(add: &MethodSpec) -> &[Field] {
    let fields = add
        .params
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case("fields"))
        .map(|p| match &p.ty {
            FieldType::Array(inner) => inner.as_ref(),
            ty => ty,
        });
    match fields {
        Some(FieldType::Object(fields)) => fields,
        _ => &[],
    }
}

/// Whether the entity names its fields in camelCase (`title`, `entityTypeId`) rather
/// than upper case (`TITLE`): most names of `add`'s `fields` table and of the record `get`
/// documents, together (crm.documentgenerator.document.add lists one field,
/// `DocumentTitle`; its documents are `id`, `title`, …).
fn camel_case(add: Option<&MethodSpec>, get: Option<&MethodSpec>) -> bool {
    let record = match get.map(|g| &g.response.ty) {
        Some(FieldType::Object(fields)) => match fields.as_slice() {
            [Field {
                ty: FieldType::Object(inner),
                ..
            }] => inner.as_slice(),
            _ => fields.as_slice(),
        },
        _ => &[],
    };
    let names: Vec<&str> = add
        .map(add_fields)
        .unwrap_or_default()
        .iter()
        .chain(record)
        .map(|f| f.name.as_str())
        .filter(|n| usable_name(n))
        .collect();
    let camel = names
        .iter()
        .filter(|n| n.starts_with(|c: char| c.is_ascii_lowercase()))
        .count();
    camel * 2 > names.len()
}

fn example_type(v: &Value) -> FieldType {
    match v {
        Value::Array(_) => FieldType::Array(Box::new(FieldType::Any)),
        Value::Object(_) => FieldType::Object(Vec::new()),
        _ => FieldType::Any,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_and_defaults() {
        assert_eq!(
            template("By default, the template `Deal #{id}` is used").as_deref(),
            Some("Deal #{id}")
        );
        assert!(usable_name("TITLE"));
        assert!(!usable_name("UF_CRM_..."));
        assert!(!usable_name("UF_CRM_1"));
    }

    #[test]
    fn a_documented_lower_bound_is_a_sequence() {
        let text = "Identifier. Leave it out and the system picks one.\n\n\
            Keep in mind:\n1. unique\n2. one of two ranges:\n   \
            - any even integer of 1030 or more\n   - anything from 128 to 192";
        assert_eq!(
            sequence(text),
            Some(Sequence {
                from: 1030,
                step: 2
            })
        );
        assert_eq!(
            sequence("Sort index, 10 and up"),
            Some(Sequence { from: 10, step: 1 })
        );
        assert_eq!(sequence("Anything from 128 to 192"), None);
    }

    #[test]
    fn crm_type_add_leaves_entity_type_id_to_the_portal() {
        let catalog = Catalog::load(&[]).expect("embedded pages");
        let schema = catalog.schema("crm.type");
        let field = schema.field("entityTypeId").expect("a field");
        assert!(!field.required, "required only inside `relations`");
        assert_eq!(
            field.assigned,
            Some(Sequence {
                from: 1030,
                step: 2
            })
        );
        // A bound with no `isRequired` behind it stays the caller's rule.
        let fields = &catalog.schema("crm.deal").fields;
        assert!(fields.iter().all(|f| f.assigned.is_none()));
    }
}
