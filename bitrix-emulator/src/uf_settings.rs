//! The `SETTINGS` a user field starts with, per `USER_TYPE_ID`, from the pages: the
//! `### Parameter SETTINGS {#settings}` tabs of the `crm.*.userfield.add` page that
//! registers it (keys and their documented defaults: `string` → `DEFAULT_VALUE: ""`,
//! `ROWS: 1`), then the tabs of `userfieldconfig.add` for the keys and types that page
//! alone lists (`url`, `file`, `money`, …; it documents no defaults, so those keys start
//! `null`). A tab's sentence such as "as if `LEAD = Y` had been given" applies when the
//! caller gives none of the tab's keys. The caller's own `SETTINGS` are kept over all of it.
//! A type neither page lists (`employee`, an app's `rest_*` type) starts with `{}`.

use bitrix_docs::spec::tabs::{tabs, Tab, TabRow};
use serde_json::{Map, Value};

use super::pages::Catalog;
use bitrix_docs::lenient::without_trailing_commas;

/// The page that lists every type's settings keys beside the `crm.*.userfield.add` ones.
const ALL_TYPES: &str = "userfieldconfig.add";

/// The `SETTINGS` of a new field of `user_type`, registered through `add_method`
/// (`crm.deal.userfield.add`), with the caller's `given` settings over the defaults.
pub(crate) fn settings(
    catalog: &Catalog,
    add_method: &str,
    user_type: &str,
    given: Option<&Map<String, Value>>,
) -> Map<String, Value> {
    // Each key once, in page order; its default and type from the first page that gives
    // them (crm.*.userfield.add's enumeration `LIST_HEIGHT` row names no type, the
    // userfieldconfig.add one does).
    let mut rows: Vec<TabRow> = Vec::new();
    let mut implied_values = Vec::new();
    for method in [add_method, ALL_TYPES] {
        let Some(text) = catalog.text(method) else {
            continue;
        };
        for tab in tabs(&text, "settings")
            .iter()
            .filter(|t| names(t, user_type))
        {
            // `DYNAMIC_*` (one key per smart process) is a family, not a key.
            for row in tab.rows.iter().filter(|r| !r.name.ends_with('_')) {
                match rows.iter_mut().find(|r| r.name == row.name) {
                    Some(known) => {
                        if known.type_text.is_empty() {
                            known.type_text.clone_from(&row.type_text);
                        }
                        if known.default.is_none() {
                            known.default.clone_from(&row.default);
                        }
                    }
                    None => rows.push(row.clone()),
                }
            }
            let any_given = given.is_some_and(|g| tab.rows.iter().any(|r| g.contains_key(&r.name)));
            if !any_given {
                implied_values.extend(implied(tab));
            }
        }
    }
    let mut out: Map<String, Value> = rows
        .iter()
        .map(|r| (r.name.clone(), default_value(r)))
        .collect();
    out.extend(implied_values);
    if let Some(given) = given {
        for (k, v) in given {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

/// Whether a tab is the one of `user_type` (`rest_*` matches every app type).
fn names(tab: &Tab, user_type: &str) -> bool {
    tab.labels.iter().any(|l| match l.strip_suffix('*') {
        Some(prefix) => user_type.starts_with(prefix),
        None => l.eq_ignore_ascii_case(user_type),
    })
}

/// The `NAME = VALUE` code spans of a tab's text that name one of its keys (`LEAD = Y`).
fn implied(tab: &Tab) -> Vec<(String, Value)> {
    tab.text
        .iter()
        .flat_map(|line| line.split('`').skip(1).step_by(2))
        .filter_map(|span| {
            let (name, value) = span.split_once('=')?;
            let name = name.trim();
            tab.rows
                .iter()
                .any(|r| r.name == name)
                .then(|| (name.to_owned(), Value::String(value.trim().to_owned())))
        })
        .collect()
}

/// A row's documented default as the portal answers it: numbers for `integer`/`double`
/// keys, an object for an `object` key (written in the page as `{ VALUE: '', TYPE:
/// 'NONE' }`), text otherwise (`''` → `""`); `null` when the row documents none.
fn default_value(row: &TabRow) -> Value {
    let Some(text) = row.default.as_deref().map(str::trim) else {
        return Value::Null;
    };
    let unquoted = text
        .strip_prefix('\'')
        .and_then(|t| t.strip_suffix('\''))
        .or_else(|| text.strip_prefix('"').and_then(|t| t.strip_suffix('"')))
        .unwrap_or(text);
    let ty = row.type_text.to_ascii_lowercase();
    match ty.as_str() {
        "integer" | "int" => unquoted
            .parse::<i64>()
            .map_or_else(|_| unquoted.into(), Value::from),
        "double" => unquoted
            .parse::<f64>()
            .ok()
            .and_then(|x| serde_json::Number::from_f64(x).map(Value::Number))
            .unwrap_or_else(|| unquoted.into()),
        "object" => script_object(text).unwrap_or_else(|| text.into()),
        _ => unquoted.into(),
    }
}

/// A JavaScript object literal as the pages write one (`{ VALUE: '', TYPE: 'NONE', }`):
/// bare keys, single quotes, a trailing comma. `None` when it still does not parse.
fn script_object(text: &str) -> Option<Value> {
    let mut json = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                json.push('"');
                for s in chars.by_ref() {
                    if s == c {
                        break;
                    }
                    if s == '"' {
                        json.push('\\');
                    }
                    json.push(s);
                }
                json.push('"');
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut word = String::from(c);
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '_' {
                        word.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if ["true", "false", "null"].contains(&word.as_str()) {
                    json.push_str(&word);
                } else {
                    json.push('"');
                    json.push_str(&word);
                    json.push('"');
                }
            }
            other => json.push(other),
        }
    }
    let value: Value = serde_json::from_str(&without_trailing_commas(&json)).ok()?;
    value.is_object().then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn catalog() -> Catalog {
        Catalog::load(&[]).expect("embedded pages")
    }

    #[test]
    fn each_type_starts_with_its_documented_defaults() {
        let catalog = catalog();
        let of = |t: &str| Value::Object(settings(&catalog, "crm.deal.userfield.add", t, None));
        let string = of("string");
        assert_eq!(string["DEFAULT_VALUE"], json!(""));
        assert_eq!(string["ROWS"], json!(1));
        assert!(
            string.get("SIZE").is_some(),
            "userfieldconfig.add's keys too"
        );
        assert_eq!(of("double")["PRECISION"], json!(2));
        assert_eq!(of("boolean")["DEFAULT_VALUE"], json!(0));
        assert_eq!(of("boolean")["DISPLAY"], json!("CHECKBOX"));
        let date = json!({"VALUE": "", "TYPE": "NONE"});
        assert_eq!(of("date")["DEFAULT_VALUE"], date);
        assert_eq!(of("datetime")["DEFAULT_VALUE"], date);
        assert_eq!(of("enumeration")["DISPLAY"], json!("LIST"));
        assert_eq!(of("enumeration")["LIST_HEIGHT"], json!(1));
        assert_eq!(of("iblock_element")["IBLOCK_ID"], json!("0"));
        assert_eq!(of("crm_status")["ENTITY_TYPE"], json!(""));
        let crm = of("crm");
        assert_eq!((&crm["LEAD"], &crm["DEAL"]), (&json!("Y"), &json!("N")));
        assert!(crm.as_object().is_some_and(|m| !m.contains_key("DYNAMIC_")));
        assert!(of("url").get("POPUP").is_some());
        assert!(of("file").get("EXTENSIONS").is_some());
        assert_eq!(of("employee"), json!({}));
    }

    #[test]
    fn given_settings_are_kept_over_the_defaults() {
        let catalog = catalog();
        let given = json!({"DEAL": "Y", "ROWS": 3});
        let given = given.as_object();
        let crm = settings(&catalog, "crm.lead.userfield.add", "crm", given);
        assert_eq!(crm["DEAL"], "Y");
        assert_eq!(crm["LEAD"], "N", "`LEAD = Y` only when no binding is given");
        let string = settings(&catalog, "crm.lead.userfield.add", "string", given);
        assert_eq!(string["ROWS"], 3);
    }

    #[test]
    fn script_objects_read_as_json() {
        assert_eq!(
            script_object("{\n    VALUE: '',\n    TYPE: 'NONE',\n}"),
            Some(json!({"VALUE": "", "TYPE": "NONE"}))
        );
        assert_eq!(script_object("not an object"), None);
    }
}
