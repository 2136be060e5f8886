//! What changed between a saved schema and the portal now, in the terms of the compile
//! errors an app bound to the saved one gets: a field removed or retyped, a list value,
//! stage, funnel or smart process removed breaks (the generated constant, enum variant or
//! type is gone or changes type); additions and label changes do not.

use std::collections::BTreeMap;
use std::fmt;

use super::{Category, PortalSchema, UserField};
use serde_json::Value;

/// What kind of change one [`Change`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A user field only the old schema has.
    RemovedField,
    /// A user field whose `USER_TYPE_ID` or `MULTIPLE` changed.
    RetypedField,
    /// A value of an enumeration field only the old schema has.
    RemovedListValue,
    /// A stage only the old schema has.
    RemovedStage,
    /// A funnel only the old schema has.
    RemovedCategory,
    /// A smart process only the old schema has.
    RemovedSmartProcess,
    /// A user field only the new schema has.
    NewField,
    /// A list value only the new schema has.
    NewListValue,
    /// A stage only the new schema has.
    NewStage,
    /// A funnel only the new schema has.
    NewCategory,
    /// A smart process only the new schema has.
    NewSmartProcess,
    /// Words and facts no generated signature depends on: labels, names, sort, required
    /// marks, settings, status lists, user and tasks fields, the CRM entities' and REST 3.0
    /// field descriptions.
    Fact,
}

impl ChangeKind {
    /// The words the report uses (`removed field`).
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::RemovedField => "removed field",
            ChangeKind::RetypedField => "retyped field",
            ChangeKind::RemovedListValue => "removed list value",
            ChangeKind::RemovedStage => "removed stage",
            ChangeKind::RemovedCategory => "removed category",
            ChangeKind::RemovedSmartProcess => "removed smart process",
            ChangeKind::NewField => "new field",
            ChangeKind::NewListValue => "new list value",
            ChangeKind::NewStage => "new stage",
            ChangeKind::NewCategory => "new category",
            ChangeKind::NewSmartProcess => "new smart process",
            ChangeKind::Fact => "changed",
        }
    }

    /// Whether code bound to the old schema may stop compiling.
    pub fn is_breaking(self) -> bool {
        matches!(
            self,
            ChangeKind::RemovedField
                | ChangeKind::RetypedField
                | ChangeKind::RemovedListValue
                | ChangeKind::RemovedStage
                | ChangeKind::RemovedCategory
                | ChangeKind::RemovedSmartProcess
        )
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Where: `crm.deal`, `deal categories`, `smart process 1032`, `user`, ….
    pub place: String,
    /// What kind of change.
    pub kind: ChangeKind,
    /// The field, value, stage or process (`UF_CRM_PRIORITY`, `C3:WON`).
    pub path: String,
    /// Old → new, where it says more.
    pub detail: String,
}

/// Every change between two schemas, breaking first within each place.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Changes {
    /// The changes, grouped by place.
    pub changes: Vec<Change>,
}

impl Changes {
    /// Whether any change breaks code bound to the old schema.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.kind.is_breaking())
    }
}

struct Out(Vec<Change>);

impl Out {
    fn push(&mut self, place: &str, kind: ChangeKind, path: &str, detail: String) {
        self.0.push(Change {
            place: place.to_owned(),
            kind,
            path: path.to_owned(),
            detail,
        });
    }
}

/// The changes from `old` (the saved file) to `new` (the portal now).
pub fn compare(old: &PortalSchema, new: &PortalSchema) -> Changes {
    let mut out = Out(Vec::new());
    let empty = Vec::new();
    let entities: std::collections::BTreeSet<&String> =
        old.crm.keys().chain(new.crm.keys()).collect();
    for e in entities {
        let o = old.crm.get(e).map_or(&empty, |x| &x.user_fields);
        let n = new.crm.get(e).map_or(&empty, |x| &x.user_fields);
        fields(&mut out, &format!("crm.{e}"), o, n);
        // The user fields among them are compared above, as user fields.
        let documented = |s: &PortalSchema| -> BTreeMap<String, Value> {
            s.crm
                .get(e)
                .into_iter()
                .flat_map(|x| &x.fields)
                .filter(|(k, _)| !k.starts_with("UF_"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        described(
            &mut out,
            &format!("crm.{e}.fields"),
            &documented(old),
            &documented(new),
        );
    }
    categories(
        &mut out,
        "deal categories",
        &old.deal_categories,
        &new.deal_categories,
    );
    for o in &old.smart_processes {
        let place = format!("smart process {} ({})", o.entity_type_id, o.title);
        match new
            .smart_processes
            .iter()
            .find(|n| n.entity_type_id == o.entity_type_id)
        {
            None => out.push(
                &place,
                ChangeKind::RemovedSmartProcess,
                &o.entity_type_id.to_string(),
                o.title.clone(),
            ),
            Some(n) => {
                if o.title != n.title || o.code != n.code {
                    out.push(
                        &place,
                        ChangeKind::Fact,
                        "title",
                        format!("{} → {}", o.title, n.title),
                    );
                }
                fields(&mut out, &place, &o.fields, &n.fields);
                categories(&mut out, &place, &o.categories, &n.categories);
            }
        }
    }
    for n in &new.smart_processes {
        if !old
            .smart_processes
            .iter()
            .any(|o| o.entity_type_id == n.entity_type_id)
        {
            let place = format!("smart process {} ({})", n.entity_type_id, n.title);
            out.push(
                &place,
                ChangeKind::NewSmartProcess,
                &n.entity_type_id.to_string(),
                n.title.clone(),
            );
        }
    }
    if old.status_lists != new.status_lists {
        let keys: std::collections::BTreeSet<&String> = old
            .status_lists
            .keys()
            .chain(new.status_lists.keys())
            .collect();
        for k in keys {
            if old.status_lists.get(k) != new.status_lists.get(k) {
                out.push("status lists", ChangeKind::Fact, k, String::new());
            }
        }
    }
    fields(
        &mut out,
        "user",
        &old.user.user_fields,
        &new.user.user_fields,
    );
    map_facts(&mut out, "user.fields", &old.user.fields, &new.user.fields);
    let none = BTreeMap::new();
    described(
        &mut out,
        "tasks",
        old.tasks.as_ref().unwrap_or(&none),
        new.tasks.as_ref().unwrap_or(&none),
    );
    rest3(&mut out, old, new);
    let mut changes = out.0;
    // Breaking first, each place together, in the order places were met.
    let order: Vec<String> =
        changes
            .iter()
            .map(|c| c.place.clone())
            .fold(Vec::new(), |mut v, p| {
                if !v.contains(&p) {
                    v.push(p);
                }
                v
            });
    changes.sort_by_key(|c| {
        (
            order.iter().position(|p| *p == c.place),
            !c.kind.is_breaking(),
        )
    });
    Changes { changes }
}

/// The REST 3.0 field lists, by field `name`: no generated signature depends on them, so
/// each new, removed or retyped field is a fact.
fn rest3(out: &mut Out, old: &PortalSchema, new: &PortalSchema) {
    let empty = Vec::new();
    let methods: std::collections::BTreeSet<&String> =
        old.rest3.keys().chain(new.rest3.keys()).collect();
    let by_name = |items: &[Value]| -> BTreeMap<String, Value> {
        items
            .iter()
            .filter_map(|v| Some((v.get("name")?.as_str()?.to_owned(), v.clone())))
            .collect()
    };
    for m in methods {
        let o = by_name(old.rest3.get(m).unwrap_or(&empty));
        let n = by_name(new.rest3.get(m).unwrap_or(&empty));
        described(out, m, &o, &n);
    }
}

/// Field descriptions by name (`crm.deal.fields`, `tasks.task.getfields`, a REST 3.0 field
/// list): each new, removed or retyped (`type`) field is a fact, since no generated
/// signature depends on them (the docs type the documented fields, the user fields are
/// compared as such).
fn described(
    out: &mut Out,
    place: &str,
    old: &BTreeMap<String, Value>,
    new: &BTreeMap<String, Value>,
) {
    let ty = |v: &Value| {
        v.get("type")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned()
    };
    for (name, was) in old {
        match new.get(name) {
            None => out.push(
                place,
                ChangeKind::Fact,
                name,
                format!("removed: {}", ty(was)),
            ),
            Some(now) if ty(was) != ty(now) => out.push(
                place,
                ChangeKind::Fact,
                name,
                format!("{} → {}", ty(was), ty(now)),
            ),
            Some(_) => {}
        }
    }
    for (name, now) in new.iter().filter(|(k, _)| !old.contains_key(*k)) {
        out.push(place, ChangeKind::Fact, name, format!("new: {}", ty(now)));
    }
}

fn fields(out: &mut Out, place: &str, old: &[UserField], new: &[UserField]) {
    for o in old {
        let Some(n) = new.iter().find(|n| n.field_name == o.field_name) else {
            out.push(place, ChangeKind::RemovedField, &o.field_name, shape(o));
            continue;
        };
        if o.user_type_id != n.user_type_id || o.multiple != n.multiple {
            out.push(
                place,
                ChangeKind::RetypedField,
                &o.field_name,
                format!("{} → {}", shape(o), shape(n)),
            );
        }
        for v in &o.list {
            match n.list.iter().find(|w| w.id == v.id) {
                None => out.push(
                    place,
                    ChangeKind::RemovedListValue,
                    &format!("{} {}", o.field_name, v.id),
                    v.value.clone(),
                ),
                Some(w) if w.value != v.value => out.push(
                    place,
                    ChangeKind::Fact,
                    &format!("{} {}", o.field_name, v.id),
                    format!("{} → {}", v.value, w.value),
                ),
                Some(_) => {}
            }
        }
        for w in &n.list {
            if !o.list.iter().any(|v| v.id == w.id) {
                out.push(
                    place,
                    ChangeKind::NewListValue,
                    &format!("{} {}", o.field_name, w.id),
                    w.value.clone(),
                );
            }
        }
        if o.label != n.label {
            out.push(
                place,
                ChangeKind::Fact,
                &o.field_name,
                format!("label {:?} → {:?}", o.label, n.label),
            );
        }
        if o.mandatory != n.mandatory || o.crm_targets != n.crm_targets || o.settings != n.settings
        {
            out.push(
                place,
                ChangeKind::Fact,
                &o.field_name,
                "required mark, links or settings".into(),
            );
        }
    }
    for n in new {
        if !old.iter().any(|o| o.field_name == n.field_name) {
            out.push(place, ChangeKind::NewField, &n.field_name, shape(n));
        }
    }
}

/// `enumeration`, `multiple string`.
fn shape(f: &UserField) -> String {
    if f.multiple {
        format!("multiple {}", f.user_type_id)
    } else {
        f.user_type_id.clone()
    }
}

fn categories(out: &mut Out, place: &str, old: &[Category], new: &[Category]) {
    for o in old {
        let Some(n) = new.iter().find(|n| n.id == o.id) else {
            out.push(
                place,
                ChangeKind::RemovedCategory,
                &o.id.to_string(),
                o.name.clone(),
            );
            continue;
        };
        if o.name != n.name {
            out.push(
                place,
                ChangeKind::Fact,
                &o.id.to_string(),
                format!("name {:?} → {:?}", o.name, n.name),
            );
        }
        for s in &o.stages {
            match n.stages.iter().find(|t| t.status_id == s.status_id) {
                None => out.push(
                    place,
                    ChangeKind::RemovedStage,
                    &s.status_id,
                    s.name.clone(),
                ),
                Some(t) if t != s => out.push(
                    place,
                    ChangeKind::Fact,
                    &s.status_id,
                    "name, semantics or sort".into(),
                ),
                Some(_) => {}
            }
        }
        for t in &n.stages {
            if !o.stages.iter().any(|s| s.status_id == t.status_id) {
                out.push(place, ChangeKind::NewStage, &t.status_id, t.name.clone());
            }
        }
    }
    for n in new {
        if !old.iter().any(|o| o.id == n.id) {
            out.push(
                place,
                ChangeKind::NewCategory,
                &n.id.to_string(),
                n.name.clone(),
            );
        }
    }
}

fn map_facts(
    out: &mut Out,
    place: &str,
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
) {
    for (k, v) in old {
        match new.get(k) {
            Some(w) if w == v => {}
            Some(w) => out.push(place, ChangeKind::Fact, k, format!("{v:?} → {w:?}")),
            None => out.push(place, ChangeKind::Fact, k, "gone".into()),
        }
    }
    for k in new.keys().filter(|k| !old.contains_key(*k)) {
        out.push(place, ChangeKind::Fact, k, "new".into());
    }
}

impl fmt::Display for Change {
    /// `  breaking    removed field `UF_CRM_X`: string`, as `bitrix-docs diff` writes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        crate::diff::change_head(f, self.kind.is_breaking(), self.kind.label(), &self.path)?;
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        }
        Ok(())
    }
}

impl fmt::Display for Changes {
    /// Per place, its changes; then a one-line verdict.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut place = None;
        for c in &self.changes {
            if place != Some(&c.place) {
                writeln!(f, "{}", c.place)?;
                place = Some(&c.place);
            }
            writeln!(f, "{c}")?;
        }
        if !self.changes.is_empty() {
            writeln!(f)?;
        }
        let breaking = self.changes.iter().filter(|c| c.kind.is_breaking()).count();
        let compatible = self.changes.len() - breaking;
        match (breaking, compatible) {
            (0, 0) => write!(f, "no changes"),
            (0, n) => write!(f, "{n} compatible change(s): code bound to the saved schema builds against the portal"),
            (b, n) => write!(
                f,
                "{b} breaking change(s), {n} compatible: code bound to the saved schema may not build against the portal"
            ),
        }
    }
}
