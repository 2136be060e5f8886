//! The drift report: what changed between two docs trees, in the terms of the compile
//! errors an app bound to the old tree gets when it is rebuilt against the new one.
//!
//! `bind!` turns required parameters into constructor arguments in page order, optional
//! ones into setters, objects and array elements into structs, and the answer into structs
//! with public fields. So a change breaks an app when it changes one of those signatures:
//! a new required parameter (one more argument), a removed or renamed optional parameter
//! (a setter is gone), optional → required and required → optional (the constructor's
//! arguments change), a changed type, a removed or retyped response field, a removed method,
//! or a page the generator rejects. Everything else builds untouched: wording, a new
//! optional parameter, a new response field, a new method, and a renamed *required* scalar
//! parameter (its argument keeps its place and type; an object's struct, though, is named
//! after its parameter).
//!
//! ```
//! use bitrix_docs::{diff, parse_page, PageOutcome};
//! let page = |params: &str| {
//!     let text = format!("# Delete Deal crm.deal.delete\n\n## Method Parameters\n\n#|\n|| **Name**\n`type` | **Description** ||\n{params}|#\n");
//!     match parse_page(&text, "d.md".as_ref(), "d.md") {
//!         PageOutcome::Method(spec) => *spec,
//!         other => panic!("{other:?}"),
//!     }
//! };
//! let old = page("|| **id***\n[`integer`](t.md) | Deal id ||\n");
//! let new = page("|| **id***\n[`string`](t.md) | Deal id ||\n");
//! let report = diff::diff_methods(&[old], &[new]);
//! assert!(report.is_breaking());
//! assert_eq!(report.changes[0].kind, diff::Kind::ChangedType);
//! assert_eq!(report.changes[0].path, "id");
//! ```

mod facts;
mod report;

pub(crate) use report::change_head;

use std::collections::BTreeMap;
use std::path::Path;

use crate::{ApiVersion, Diag, Field, FieldType, Loaded, MethodSpec, Source};

/// What kind of change one [`Change`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A parameter (or a field of an object parameter, or of an array element) that only
    /// the new page has, marked required: the constructor takes one more argument.
    NewRequiredParameter,
    /// A parameter only the new page has, not required: one more setter.
    NewOptionalParameter,
    /// A parameter only the old page has.
    RemovedParameter,
    /// A removed and an added parameter at the same place with the same type and mark.
    RenamedParameter,
    /// A parameter that became required.
    OptionalToRequired,
    /// A parameter that is no longer required.
    RequiredToOptional,
    /// A parameter whose Rust type changed (`integer` → `string`, scalar → array, …).
    ChangedType,
    /// A field of the answer only the old page has.
    RemovedResponseField,
    /// A field of the answer (or the answer itself) whose Rust type changed.
    RetypedResponseField,
    /// A field of the answer only the new page has.
    NewResponseField,
    /// A method only the old tree documents.
    RemovedMethod,
    /// A method only the new tree documents.
    NewMethod,
    /// Titles and descriptions: the words around the facts.
    Wording,
    /// A fact that does not change any signature: a default, the allowed values, the
    /// type text (`crm_status` → `string`), the scope, the error codes, or the JSON of the
    /// example request or answer. Compatible; `bitrix-docs diff --facts` fails on it.
    Fact,
}

impl Kind {
    /// The words the report uses, e.g. `new required parameter`.
    pub fn label(self) -> &'static str {
        match self {
            Kind::NewRequiredParameter => "new required parameter",
            Kind::NewOptionalParameter => "new optional parameter",
            Kind::RemovedParameter => "removed parameter",
            Kind::RenamedParameter => "renamed parameter",
            Kind::OptionalToRequired => "optional → required",
            Kind::RequiredToOptional => "required → optional",
            Kind::ChangedType => "changed type",
            Kind::RemovedResponseField => "removed response field",
            Kind::RetypedResponseField => "retyped response field",
            Kind::NewResponseField => "new response field",
            Kind::RemovedMethod => "removed method",
            Kind::NewMethod => "new method",
            Kind::Wording => "wording",
            Kind::Fact => "changed facts",
        }
    }
}

/// One difference between the old and the new page of a method.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The method, e.g. `crm.lead.contact.add`.
    pub method: String,
    /// What changed.
    pub kind: Kind,
    /// Whether code written for the old page may stop compiling.
    pub breaking: bool,
    /// The wire path of the parameter or response field: `id`, `fields.ROLE_ID`,
    /// `items[].SORT`, `result[].SORT`. Empty for whole-method changes.
    pub path: String,
    /// The specifics: `integer → string`, the new path of a renamed parameter, the type of
    /// a new parameter, or the list of reworded places.
    pub detail: String,
    /// Where the old page says it; for what is new, where its parent (the object parameter,
    /// the answer, or the page's title) is. `None` for a new method.
    pub old: Option<Source>,
    /// Where the new page says it; for what is gone, where its parent is. `None` for a
    /// removed method.
    pub new: Option<Source>,
}

/// Every difference between two docs trees.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Changes grouped by method name (sorted), in page order within a method.
    pub changes: Vec<Change>,
    /// Pages of the new tree that the generator rejects: `bind!` fails on each.
    pub rejected_new: Vec<Diag>,
    /// Pages of the old tree that the generator rejects; their methods are not compared.
    pub rejected_old: Vec<Diag>,
}

impl Report {
    /// True when code written for the old tree may not compile against the new one.
    pub fn is_breaking(&self) -> bool {
        !self.rejected_new.is_empty() || self.changes.iter().any(|c| c.breaking)
    }

    /// True when the trees document different facts: any change but [`Kind::Wording`], or
    /// a page either side rejects. This is what proves a rewritten page faithful: its words
    /// may differ, its facts may not.
    pub fn facts_differ(&self) -> bool {
        !self.rejected_new.is_empty()
            || !self.rejected_old.is_empty()
            || self.changes.iter().any(|c| c.kind != Kind::Wording)
    }

    /// The changes of one kind.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.kind == kind)
    }
}

/// Loads both trees and compares them. `Err` only when a root cannot be read.
pub fn diff_dirs(old: &Path, new: &Path) -> Result<Report, Diag> {
    Ok(diff(&crate::load(old)?, &crate::load(new)?))
}

/// Compares two loaded trees.
pub fn diff(old: &Loaded, new: &Loaded) -> Report {
    Report {
        rejected_new: new.rejected.clone(),
        rejected_old: old.rejected.clone(),
        ..diff_methods(&old.methods, &new.methods)
    }
}

/// Compares two sets of methods, matched by name and REST version (a REST 3.0 method is
/// reported as `name (REST 3.0)`).
pub fn diff_methods(old: &[MethodSpec], new: &[MethodSpec]) -> Report {
    type Pair<'m> = (Option<&'m MethodSpec>, Option<&'m MethodSpec>);
    let mut by_name: BTreeMap<(&str, ApiVersion), Pair<'_>> = BTreeMap::new();
    for m in old {
        by_name.entry((&m.name, m.version)).or_default().0 = Some(m);
    }
    for m in new {
        by_name.entry((&m.name, m.version)).or_default().1 = Some(m);
    }
    let mut changes = Vec::new();
    for ((name, version), pair) in by_name {
        let label = match version {
            ApiVersion::V2 => name.to_string(),
            ApiVersion::V3 => format!("{name} (REST 3.0)"),
        };
        let mut cx = Cx {
            method: &label,
            changes: &mut changes,
            reworded: Vec::new(),
            facts: Vec::new(),
        };
        match pair {
            (Some(o), Some(n)) => cx.method(o, n),
            (Some(o), None) => cx.push(
                Kind::RemovedMethod,
                true,
                "",
                "",
                Some(o.source.clone()),
                None,
            ),
            (None, Some(n)) => {
                cx.push(Kind::NewMethod, false, "", "", None, Some(n.source.clone()))
            }
            (None, None) => {}
        }
    }
    Report {
        changes,
        ..Report::default()
    }
}

/// The comparison of one method.
struct Cx<'a> {
    method: &'a str,
    changes: &'a mut Vec<Change>,
    /// Places whose wording changed, gathered into one [`Kind::Wording`] change.
    reworded: Vec<String>,
    /// Places whose facts changed, gathered into one [`Kind::Fact`] change.
    facts: Vec<String>,
}

/// Both pages of a method, to turn lines into [`Source`]s.
struct Pages<'a> {
    old: &'a MethodSpec,
    new: &'a MethodSpec,
}

impl Pages<'_> {
    fn old_at(&self, line: usize) -> Option<Source> {
        Some(at(self.old, line))
    }
    fn new_at(&self, line: usize) -> Option<Source> {
        Some(at(self.new, line))
    }
}

fn at(spec: &MethodSpec, line: usize) -> Source {
    Source {
        line,
        ..spec.source.clone()
    }
}

impl Cx<'_> {
    fn push(
        &mut self,
        kind: Kind,
        breaking: bool,
        path: &str,
        detail: &str,
        old: Option<Source>,
        new: Option<Source>,
    ) {
        self.changes.push(Change {
            method: self.method.to_string(),
            kind,
            breaking,
            path: path.to_string(),
            detail: detail.to_string(),
            old,
            new,
        });
    }

    fn method(&mut self, old: &MethodSpec, new: &MethodSpec) {
        let pages = Pages { old, new };
        if old.title != new.title {
            self.reworded.push("title".into());
        }
        if !same_words(&old.description, &new.description) {
            self.reworded.push("description".into());
        }
        if old.who_can_execute != new.who_can_execute {
            self.reworded.push("who can execute".into());
        }
        self.facts.extend(facts::method(old, new));
        let heads = (old.source.line, new.source.line);
        self.params(&pages, &old.params, &new.params, "", heads);
        if !same_words(&old.response.description, &new.response.description) {
            self.reworded.push("result".into());
        }
        self.response(
            &pages,
            &old.response.ty,
            &new.response.ty,
            "result",
            (old.response.line, new.response.line),
        );
        if old
            .errors
            .iter()
            .map(|e| &e.description)
            .ne(new.errors.iter().map(|e| &e.description))
        {
            self.reworded.push("error descriptions".into());
        }
        if !self.facts.is_empty() {
            let detail = self.facts.join(", ");
            self.push(
                Kind::Fact,
                false,
                "",
                &detail,
                Some(old.source.clone()),
                Some(new.source.clone()),
            );
        }
        if !self.reworded.is_empty() {
            let detail = self.reworded.join(", ");
            self.push(
                Kind::Wording,
                false,
                "",
                &detail,
                Some(old.source.clone()),
                Some(new.source.clone()),
            );
        }
    }

    /// Parameters (or the fields of an object parameter) at `prefix`.
    /// `parents` are the lines of the parameter (or page) these belong to, on both sides: what
    /// is only on one side is placed on the other by its parent.
    fn params(
        &mut self,
        pages: &Pages<'_>,
        old: &[Field],
        new: &[Field],
        prefix: &str,
        parents: (usize, usize),
    ) {
        let find = |list: &[Field], name: &str| list.iter().position(|f| f.name == name);
        let mut added: Vec<usize> = (0..new.len())
            .filter(|&j| new.get(j).is_some_and(|n| find(old, &n.name).is_none()))
            .collect();
        for (i, o) in old.iter().enumerate() {
            let path = format!("{prefix}{}", o.name);
            if let Some(n) = find(new, &o.name).and_then(|j| new.get(j)) {
                self.param(pages, o, n, &path);
                continue;
            }
            // A removed and an added parameter at the same place, same type and mark: a rename.
            let renamed = added.contains(&i)
                && new
                    .get(i)
                    .is_some_and(|n| n.required == o.required && same_shape(&o.ty, &n.ty));
            if let Some(n) = new.get(i).filter(|_| renamed) {
                added.retain(|&j| j != i);
                // A required parameter is a constructor argument: its name is not in the
                // app's code, its place and type are. A setter's name is, and so is the
                // name of the struct an object (or array element) parameter gets.
                self.push(
                    Kind::RenamedParameter,
                    !o.required || names_a_struct(&o.ty),
                    &path,
                    &format!("{prefix}{}", n.name),
                    pages.old_at(o.line),
                    pages.new_at(n.line),
                );
            } else {
                self.push(
                    Kind::RemovedParameter,
                    true,
                    &path,
                    "",
                    pages.old_at(o.line),
                    pages.new_at(parents.1),
                );
            }
        }
        for n in added.iter().filter_map(|&j| new.get(j)) {
            let (kind, breaking) = if n.required {
                (Kind::NewRequiredParameter, true)
            } else {
                (Kind::NewOptionalParameter, false)
            };
            let path = format!("{prefix}{}", n.name);
            self.push(
                kind,
                breaking,
                &path,
                &n.ty.label(),
                pages.old_at(parents.0),
                pages.new_at(n.line),
            );
        }
    }

    /// One parameter both pages have.
    fn param(&mut self, pages: &Pages<'_>, o: &Field, n: &Field, path: &str) {
        let (old_at, new_at) = (pages.old_at(o.line), pages.new_at(n.line));
        match (o.required, n.required) {
            (false, true) => self.push(
                Kind::OptionalToRequired,
                true,
                path,
                "",
                old_at.clone(),
                new_at.clone(),
            ),
            (true, false) => self.push(
                Kind::RequiredToOptional,
                true,
                path,
                "",
                old_at.clone(),
                new_at.clone(),
            ),
            _ => {}
        }
        self.reword(o, n, path);
        self.param_type(pages, &o.ty, &n.ty, path, (o.line, n.line));
    }

    fn param_type(
        &mut self,
        pages: &Pages<'_>,
        o: &FieldType,
        n: &FieldType,
        path: &str,
        lines: (usize, usize),
    ) {
        match (o, n) {
            (FieldType::Object(a), FieldType::Object(b)) => {
                self.params(pages, a, b, &format!("{path}."), lines)
            }
            (FieldType::Array(a), FieldType::Array(b)) => {
                self.param_type(pages, a, b, &format!("{path}[]"), lines)
            }
            _ if same_shape(o, n) => {}
            _ => {
                let detail = format!("{} → {}", o.label(), n.label());
                self.push(
                    Kind::ChangedType,
                    true,
                    path,
                    &detail,
                    pages.old_at(lines.0),
                    pages.new_at(lines.1),
                );
            }
        }
    }

    /// The answer, or a field of it, at `path`.
    fn response(
        &mut self,
        pages: &Pages<'_>,
        o: &FieldType,
        n: &FieldType,
        path: &str,
        lines: (usize, usize),
    ) {
        match (o, n) {
            (FieldType::Object(a), FieldType::Object(b)) => {
                self.response_fields(pages, a, b, path, lines)
            }
            (FieldType::Array(a), FieldType::Array(b)) => {
                self.response(pages, a, b, &format!("{path}[]"), lines)
            }
            _ if same_shape(o, n) => {}
            _ => {
                let detail = format!("{} → {}", o.label(), n.label());
                self.push(
                    Kind::RetypedResponseField,
                    true,
                    path,
                    &detail,
                    pages.old_at(lines.0),
                    pages.new_at(lines.1),
                );
            }
        }
    }

    fn response_fields(
        &mut self,
        pages: &Pages<'_>,
        old: &[Field],
        new: &[Field],
        path: &str,
        parents: (usize, usize),
    ) {
        for (i, o) in old.iter().enumerate() {
            let field_path = format!("{path}.{}", o.name);
            // A name may come twice (an `items` row and an `items[]` row both read as
            // `items`): the k-th of a name on one side pairs with the k-th on the other.
            let nth = old.iter().take(i).filter(|f| f.name == o.name).count();
            let same_name = || new.iter().filter(|n| n.name == o.name);
            match same_name().nth(nth).or_else(|| same_name().next()) {
                Some(n) => {
                    self.reword(o, n, &field_path);
                    // Carried by every answer or not: a plain type or an `Option` in Rust.
                    if o.required != n.required && !o.pattern && !n.pattern {
                        let detail = if o.required {
                            "always present → may be absent (`T` → `Option<T>`)"
                        } else {
                            "may be absent → always present (`Option<T>` → `T`)"
                        };
                        self.push(
                            Kind::RetypedResponseField,
                            true,
                            &field_path,
                            detail,
                            pages.old_at(o.line),
                            pages.new_at(n.line),
                        );
                    }
                    self.response(pages, &o.ty, &n.ty, &field_path, (o.line, n.line));
                }
                None => self.push(
                    Kind::RemovedResponseField,
                    true,
                    &field_path,
                    "",
                    pages.old_at(o.line),
                    pages.new_at(parents.1),
                ),
            }
        }
        for n in new.iter().filter(|n| !old.iter().any(|o| o.name == n.name)) {
            let field_path = format!("{path}.{}", n.name);
            self.push(
                Kind::NewResponseField,
                false,
                &field_path,
                &n.ty.label(),
                pages.old_at(parents.0),
                pages.new_at(n.line),
            );
        }
    }

    fn reword(&mut self, o: &Field, n: &Field, path: &str) {
        if !same_words(&o.description, &n.description)
            || o.allowed
                .iter()
                .map(|a| &a.1)
                .ne(n.allowed.iter().map(|a| &a.1))
        {
            self.reworded.push(format!("`{path}`"));
        }
        self.facts.extend(facts::field(o, n, path));
    }
}

/// Objects (and arrays of them) become structs named after their parameter.
fn names_a_struct(ty: &FieldType) -> bool {
    match ty {
        FieldType::Object(_) => true,
        FieldType::Array(inner) => names_a_struct(inner),
        _ => false,
    }
}

/// The same text once line breaks and runs of spaces are ignored: a reflowed table cell
/// says the same thing.
fn same_words(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// Same Rust-facing type: the same scalar, or objects with the same fields (names, marks
/// and types; wording and lines aside), or arrays of the same.
fn same_shape(a: &FieldType, b: &FieldType) -> bool {
    match (a, b) {
        (FieldType::Object(x), FieldType::Object(y)) => {
            x.len() == y.len()
                && x.iter().zip(y).all(|(f, g)| {
                    f.name == g.name && f.required == g.required && same_shape(&f.ty, &g.ty)
                })
        }
        (FieldType::Array(x), FieldType::Array(y)) | (FieldType::Map(x), FieldType::Map(y)) => {
            same_shape(x, y)
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests;
