//! The sections that describe a structure (`### Parameter fields {#fields}`, `### Section
//! Parameter {#section}`, `### crm_item_product_row`): found for a field by its name, the
//! anchors it links to, or its type name. A section naming no row of the table is the
//! element of the one object row whose description names it (`PARAMS`: "The element is an
//! object `NAV_PARAMS`", with a `### NAV_PARAMS Parameter` section).

use crate::page::{Section, Table};
use crate::types::{self, TypeText};

use super::rows::{code_spans, is_field_name, RawField};
use super::tables;

/// The tables of the sections that describe structures (`### Parameter fields {#fields}`,
/// `### Section Parameter {#section}`), found by parameter name, anchor or type name.
pub(super) struct Structures<'t> {
    pub(super) entries: Vec<Structure<'t>>,
}

pub(super) struct Structure<'t> {
    /// Lowercase names this section answers to: the parameter named in the heading, its anchor.
    pub(super) keys: Vec<String>,
    pub(super) table: &'t Table,
    pub(super) title: &'t str,
    pub(super) line: usize,
    pub(super) used: bool,
}

impl<'t> Structures<'t> {
    /// The structure sections of a region (the sections after its first).
    pub(super) fn of(region: &'t [Section<'t>]) -> Self {
        let mut entries = Vec::new();
        for section in region.iter().skip(1) {
            let Some(table) = tables(section).next() else {
                continue;
            };
            let mut keys: Vec<String> = parameter_heading(section.title).into_iter().collect();
            keys.extend(section.anchor.map(str::to_string));
            keys.extend(type_heading(section.title));
            for k in &mut keys {
                k.make_ascii_lowercase();
            }
            if !keys.is_empty() {
                entries.push(Structure {
                    keys,
                    table,
                    title: section.title,
                    line: section.line,
                    used: false,
                });
            }
        }
        Structures { entries }
    }

    /// The table describing `raw`: by its name, then by the anchors it links to, then by
    /// the name of its type.
    pub(super) fn take(&mut self, raw: &RawField) -> Option<&'t Table> {
        let type_name = raw.type_text.trim_end_matches("[]").to_ascii_lowercase();
        let wanted = std::iter::once(raw.name.to_ascii_lowercase())
            .chain(raw.links.iter().map(|l| l.to_ascii_lowercase()))
            .chain(std::iter::once(type_name));
        for key in wanted {
            if key.is_empty() {
                continue;
            }
            if let Some(entry) = self.entries.iter_mut().find(|e| e.keys.contains(&key)) {
                entry.used = true;
                return Some(entry.table);
            }
        }
        None
    }
}

impl Structures<'_> {
    /// Nests each parameter section that names no row of `rows` (`### NAV_PARAMS
    /// Parameter`) under the one object row whose description names it in code
    /// (`` `NAV_PARAMS` ``): the name becomes a field of that row, typed by the section.
    /// A section no row names, or several rows name, stays unplaced.
    pub(super) fn nest_named_elements(&self, rows: &mut [RawField]) {
        for entry in &self.entries {
            let Some(name) = parameter_heading(entry.title) else {
                continue;
            };
            if rows.iter().any(|r| r.name.eq_ignore_ascii_case(&name)) {
                continue;
            }
            let mut naming = rows.iter_mut().filter(|r| {
                types::parse(&r.type_text) == TypeText::Object
                    && code_spans(&r.description).contains(&name.as_str())
                    && !r.bullet_fields.iter().any(|f| f.name == name)
            });
            if let (Some(row), None) = (naming.next(), naming.next()) {
                row.bullet_fields.push(RawField {
                    type_text: "object".to_string(),
                    ..RawField::named(&name, entry.line)
                });
            }
        }
    }
}

/// `section`, `` `uf_enum_element` Type ``, `Type document` → the type name.
pub(super) fn type_heading(title: &str) -> Option<String> {
    let t = title.trim();
    let t = t
        .strip_suffix(" Type")
        .or_else(|| t.strip_suffix(" type"))
        .or_else(|| t.strip_prefix("Type "))
        .unwrap_or(t)
        .trim()
        .trim_matches('`');
    is_field_name(t).then(|| t.to_string())
}

/// `Parameter fields`, `Parameter FIELDS`, `extras Parameter`, `Fields Parameter` → the name.
pub(super) fn parameter_heading(title: &str) -> Option<String> {
    let t = title.trim();
    let name = if let Some(rest) = t.strip_prefix("Parameter ") {
        rest.trim()
            .strip_suffix(" Parameter")
            .unwrap_or(rest)
            .trim()
    } else {
        t.strip_suffix(" Parameter")?.trim()
    };
    let name = name.trim_matches('`');
    (is_field_name(name)).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use crate::model::FieldType;
    use crate::spec::testkit::*;

    /// `task.elapseditem.getlist`: `PARAMS` holds `NAV_PARAMS`, described in a section of
    /// its own that names no row of the table.
    fn nav_params(params_description: &str) -> String {
        format!(
            "{}\n### NAV_PARAMS Parameter\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **nPageSize**\n`integer` | Page size ||\n|| **iNumPage**\n`integer` | Page number ||\n|#\n",
            with_params(&format!(
                "|| **TASKID**\n`integer` | Task ||\n|| **PARAMS**\n`object` | {params_description} ||\n"
            ))
        )
    }

    #[test]
    fn a_section_named_by_an_object_row_is_nested_in_it() {
        let spec = method(&nav_params(
            "Call options. The element is an object `NAV_PARAMS` of the form `{'option': 'value'}`",
        ));
        let params = object(&field(&spec.params, "PARAMS").ty);
        let nav = object(&field(params, "NAV_PARAMS").ty);
        assert_eq!(
            shape(nav),
            [
                ("nPageSize", FieldType::Integer, false),
                ("iNumPage", FieldType::Integer, false)
            ]
        );
        assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
    }

    #[test]
    fn a_section_no_row_names_is_still_an_error() {
        let diags = rejected(&nav_params("Call options"));
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0]
            .1
            .contains("`### NAV_PARAMS Parameter` describes a parameter"));
    }
}
