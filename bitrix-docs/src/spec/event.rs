//! Event pages: what the portal POSTs to a handler. The H1 ends in (or contains) the event
//! name (`# Event When Creating a Deal onCrmDealAdd`); the page shows the payload as JSON
//! (`{"event": "ONCRMDEALADD", "data": {…}, "ts": …, "auth": {…}}`) and describes it in a
//! table whose `data` row (with dotted rows `data.FIELDS` and `### Parameter FIELDS
//! {#fields}` sections) types the event's own data. The envelope (`event`,
//! `event_handler_id`, `ts`, `auth`) is the same on every page and typed by the runtime,
//! so only `data` is read here, with the stages methods use: `rows.rs` for the rows,
//! `structures.rs` for the sections, `resolve.rs` (answer side: a field is required when
//! every payload carries it) for the types.

use std::path::Path;

use serde_json::Value;

use crate::diag::Ctxt;
use crate::model::{EventSpec, Field, FieldType, Source};
use crate::page::{Block, Page};

use super::header;
use super::params::check_duplicates;
use super::resolve::{Resolver, Side};
use super::rows::{read_rows, RawField};
use super::structures::Structures;
use super::{check_tables, tables, PageOutcome};

/// The spec of an event page; `None` when the H1 names no event (not an event page).
pub(super) fn build(page: &Page<'_>, path: &Path, rel_path: &str) -> Option<PageOutcome> {
    let (h1, h1_line) = page.h1?;
    let (name, title) = naming(h1)?;
    let mut cx = Ctxt::new(path);
    check_tables(&mut cx, page);
    let head = header::head(page);
    let (example, payload) = payload_example(&mut cx, page);
    let code = code(&mut cx, &name, payload.as_ref(), h1_line);
    let data = data_fields(&mut cx, page, &name, payload.as_ref(), h1_line);
    Some(match cx.check() {
        Ok(findings) => PageOutcome::Event(Box::new(EventSpec {
            name,
            code,
            title,
            source: Source {
                path: path.to_path_buf(),
                rel_path: rel_path.to_string(),
                line: h1_line,
            },
            scope: head.scope,
            who_can_subscribe: head.who_can_execute,
            description: head.description,
            data,
            example,
            warnings: findings.warnings,
            notes: findings.notes,
        })),
        Err(diags) => PageOutcome::Rejected(diags),
    })
}

/// `onCrmDealAdd`, `OnAppInstall`: `on`/`On`, then an upper-case letter, then letters and
/// digits; or the all-capitals names of the telephony and chat-bot events
/// (`ONEXTERNALCALLSTART`, `ONIMBOTJOINCHAT`): `ON` and at least eight more capitals or
/// digits; or the catalog's dotted ones (`CATALOG.MEASURE.ON.ADD`).
pub(super) fn is_event_name(word: &str) -> bool {
    let rest = word.strip_prefix("on").or_else(|| word.strip_prefix("On"));
    let camel = rest.is_some_and(|r| {
        r.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
            && r.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    let capitals = word.strip_prefix("ON").is_some_and(|r| {
        r.len() >= 8
            && r.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    });
    camel || capitals || is_dotted_event_name(word)
}

/// The catalog's events: capitals in three or more dotted parts, one of them `ON`
/// (`CATALOG.MEASURE.ON.ADD`, `CATALOG.PRICE.ON.UPDATE`).
fn is_dotted_event_name(word: &str) -> bool {
    let parts: Vec<&str> = word.split('.').collect();
    parts.len() >= 3
        && parts.contains(&"ON")
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
}

/// The event name and the title without it: the last word of the H1 when it is an event
/// name, else the one event name inside it (`# onOfflineEvent Queue Change Event`).
fn naming(h1: &str) -> Option<(String, String)> {
    let trim = |w: &str| {
        w.trim_matches(|c: char| matches!(c, '`' | '"' | '\'' | ',' | ':' | ';' | '(' | ')'))
            .to_string()
    };
    let words: Vec<&str> = h1.split_whitespace().collect();
    let last = words.last().map(|w| trim(w)).filter(|w| is_event_name(w));
    let name = match last {
        Some(name) => name,
        None => {
            let inside: Vec<String> = words
                .iter()
                .map(|w| trim(w))
                .filter(|w| is_event_name(w))
                .collect();
            match inside.as_slice() {
                [one] => one.clone(),
                _ => return None,
            }
        }
    };
    let title: Vec<&str> = words.iter().copied().filter(|w| trim(w) != name).collect();
    let title = title.join(" ");
    Some((name, title.trim_end_matches(':').trim().to_string()))
}

/// The payload example: the first code block that is a JSON object with `data` or `event`.
/// A `json` block that does not parse is a warning (the tables alone type the event).
fn payload_example(cx: &mut Ctxt<'_>, page: &Page<'_>) -> (Option<String>, Option<Value>) {
    let mut broken = None;
    for block in page.sections.iter().flat_map(|s| &s.blocks) {
        let Block::Code(code) = block else {
            continue;
        };
        match serde_json::from_str::<Value>(&code.body) {
            Ok(v) if v.get("data").is_some() || v.get("event").is_some() => {
                return (Some(code.body.trim_end().to_string()), Some(v));
            }
            Ok(_) => {}
            Err(e) if code.lang == "json" => {
                broken.get_or_insert((code.line, e.to_string()));
            }
            Err(_) => {}
        }
    }
    if let Some((line, e)) = broken {
        cx.warn(
            line,
            format!(
                "the payload example is not JSON ({e}): the event is typed from its tables \
                 alone; fix the JSON so that it can settle what the tables leave open"
            ),
        );
    }
    (None, None)
}

/// The code the portal sends: the example's `event`, else the name in upper case.
fn code(cx: &mut Ctxt<'_>, name: &str, payload: Option<&Value>, line: usize) -> String {
    let upper = name.to_ascii_uppercase();
    let Some(shown) = payload.and_then(|p| p.get("event")).and_then(Value::as_str) else {
        return upper;
    };
    let shown = shown.trim().to_ascii_uppercase();
    if shown.is_empty() || !shown.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return upper;
    }
    if shown != upper {
        cx.note(
            line,
            format!(
                "event `{name}`: the title says `{upper}`, the example's `event` is `{shown}`; \
                 the example wins (the portal sends what the example shows)"
            ),
        );
    }
    shown
}

/// The rows of the first table under `## Parameters` (older pages: `data`'s own keys).
fn legacy_table(page: &Page<'_>) -> Option<Vec<RawField>> {
    let at = super::params_section(page)?;
    let table = super::region(page, at).iter().flat_map(tables).next()?;
    let rows = read_rows(table);
    (!rows.is_empty()).then_some(rows)
}

/// The fields of `data`: from the `data` row of the payload table (its dotted rows and the
/// sections it links to), settled by the example's `data`; from the example alone when no
/// table has a `data` row (or, on older pages, from the `## Parameters` table of `data`'s
/// own keys). A page with none of these binds `data` untyped, with a warning.
fn data_fields(
    cx: &mut Ctxt<'_>,
    page: &Page<'_>,
    name: &str,
    payload: Option<&Value>,
    h1_line: usize,
) -> Vec<Field> {
    let example = payload.and_then(|p| p.get("data"));
    let found = page.sections.iter().flat_map(tables).find_map(|t| {
        let rows = read_rows(t);
        let row = rows.iter().find(|r| r.name == "data")?.clone();
        Some((rows, row))
    });
    let raw = match found {
        Some((rows, row)) => {
            check_duplicates(cx, &rows);
            row
        }
        None => match (example, legacy_table(page)) {
            // Older pages list `data`'s own keys (`FIELDS`) in their `## Parameters` table.
            (_, Some(rows)) => {
                check_duplicates(cx, &rows);
                RawField {
                    bullet_fields: rows,
                    type_text: "object".into(),
                    ..RawField::named("data", h1_line)
                }
            }
            (Some(Value::Object(map)), None) => RawField {
                code_keys: map.keys().cloned().collect(),
                ..RawField::named("data", h1_line)
            },
            (Some(_), None) => RawField::named("data", h1_line),
            (None, None) => {
                cx.warn(
                    h1_line,
                    format!(
                        "event `{name}`: the page shows no payload (no JSON example with \
                         `data`, no table of its fields): `data` is bound untyped (every key \
                         in `extra`); add the JSON the handler receives under `## What the \
                         Handler Receives`, and a table describing `data`"
                    ),
                );
                return Vec::new();
            }
        },
    };
    let line = raw.line;
    let examples: Vec<&Value> = example.into_iter().collect();
    let structures = Structures::of(&page.sections);
    let mut resolver = Resolver::new(structures, cx, Side::Response, name);
    let field = resolver.field(raw, &examples, 0, "");
    match field.ty {
        FieldType::Object(mut fields) => {
            containers_shown(&mut fields, &examples);
            fields
        }
        // `[]` is how PHP writes an empty `data`: nothing to type, nothing lost.
        _ if examples
            .iter()
            .all(|v| v.as_array().is_some_and(Vec::is_empty)) =>
        {
            Vec::new()
        }
        other => {
            cx.warn(
                line,
                format!(
                    "event `{name}`: `data` is bound as {} (no fields found): list its \
                     fields in a `### Parameter data {{#data}}` table or as `data.X` rows",
                    other.label()
                ),
            );
            Vec::new()
        }
    }
}

/// An object the example shows (`data.FIELDS`) is a container every payload of the event
/// carries: required, on top of the answer rules (which already make a shown `ID` so).
fn containers_shown(fields: &mut [Field], parents: &[&Value]) {
    for field in fields {
        let shown: Vec<&Value> = parents
            .iter()
            .filter_map(|p| p.get(&field.name))
            .filter(|v| v.is_object())
            .collect();
        if let FieldType::Object(inner) = &mut field.ty {
            if !shown.is_empty() && shown.len() == parents.len() && !field.pattern {
                field.required = true;
            }
            containers_shown(inner, &shown);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::testkit::*;

    const DEAL_ADD: &str = r#"# Deal Created: onCrmDealAdd

> Scope: [`crm`](../scopes.md)
>
> Who can subscribe: any user

Fired when a deal is created.

## What the Handler Receives

```json
{
    "event": "ONCRMDEALADD",
    "event_handler_id": "185",
    "data": {"FIELDS": {"ID": "6641"}},
    "ts": "1735374081",
    "auth": {"member_id": "m", "application_token": "t"}
}
```

#|
|| **Parameter**
`type` | **Description** ||
|| **event**
[`string`](t.md) | The code ||
|| **data**
[`object`](t.md) | The deal ||
|| **data.FIELDS**
[`object`](t.md) | See [below](#fields) ||
|| **ts**
[`timestamp`](t.md) | When ||
|#

### Parameter FIELDS {#fields}

#|
|| **Parameter**
`type` | **Description** ||
|| **ID**
[`integer`](t.md) | Deal id ||
|#
"#;

    fn event(text: &str) -> EventSpec {
        match outcome(text) {
            PageOutcome::Event(spec) => *spec,
            other => panic!("not an event: {other:?}"),
        }
    }

    #[test]
    fn an_event_page_types_its_data() {
        let spec = event(DEAL_ADD);
        assert_eq!(
            (spec.name.as_str(), spec.code.as_str(), spec.title.as_str()),
            ("onCrmDealAdd", "ONCRMDEALADD", "Deal Created")
        );
        assert_eq!(spec.scope.as_deref(), Some("crm"));
        assert_eq!(spec.who_can_subscribe.as_deref(), Some("any user"));
        assert_eq!(spec.description, "Fired when a deal is created.");
        assert_eq!(spec.source.line, 1);
        assert!(field(&spec.data, "FIELDS").required);
        let fields = object(&field(&spec.data, "FIELDS").ty);
        // The example shows the id in every payload: required, as in answers.
        assert_eq!(shape(fields), [("ID", FieldType::Integer, true)]);
        assert!(spec.example.as_deref().unwrap().contains("ONCRMDEALADD"));
        assert!(spec.warnings.is_empty() && spec.notes.is_empty());
    }

    /// A sale event page: the event name first in the H1, `data` in a section of its own.
    const ORDER_DELETED: &str = "# OnOrderDeleted Event When Deleting an Order\n\n## What the Handler Receives\n\n```json\n{\"event\": \"ONORDERDELETED\", \"data\": {\"FIELDS\": {\"ID\": 7}}, \"ts\": \"1\"}\n```\n\n## Parameters\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **event**\n`string` | Code ||\n|| **data**\n`object` | See [below](#data) ||\n|#\n\n### Parameter data {#data}\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **FIELDS**\n`object` | See [below](#fields) ||\n|#\n\n#### Parameter FIELDS {#fields}\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **ID**\n`integer` | Order id ||\n|#\n";

    #[test]
    fn the_event_name_first_in_the_title() {
        let spec = event(ORDER_DELETED);
        assert_eq!(
            (spec.name.as_str(), spec.code.as_str(), spec.title.as_str()),
            (
                "OnOrderDeleted",
                "ONORDERDELETED",
                "Event When Deleting an Order"
            )
        );
        let fields = object(&field(&spec.data, "FIELDS").ty);
        assert_eq!(shape(fields), [("ID", FieldType::Integer, true)]);
        let last = event(&ORDER_DELETED.replace(
            "OnOrderDeleted Event When Deleting an Order",
            "After Deleting the Order OnOrderDeleted",
        ));
        assert_eq!(last.title, "After Deleting the Order");
        assert_eq!(last.data, spec.data);
    }

    #[test]
    fn event_names_in_titles() {
        let n = naming;
        assert_eq!(
            n("Event When Creating a Deal onCrmDealAdd"),
            Some(("onCrmDealAdd".into(), "Event When Creating a Deal".into()))
        );
        assert_eq!(
            n("Application Installed: `OnAppInstall`").unwrap().0,
            "OnAppInstall"
        );
        assert_eq!(
            n("onOfflineEvent Queue Change Event"),
            Some(("onOfflineEvent".into(), "Queue Change Event".into()))
        );
        assert_eq!(
            n("Outgoing Call Started ONEXTERNALCALLSTART"),
            Some(("ONEXTERNALCALLSTART".into(), "Outgoing Call Started".into()))
        );
        assert_eq!(
            n("ONVOXIMPLANTCALLINIT Call Initialization Event")
                .unwrap()
                .0,
            "ONVOXIMPLANTCALLINIT"
        );
        assert_eq!(n("Sync the ONLINE Status"), None);
        assert_eq!(
            n("Event on Adding a Measurement Unit CATALOG.MEASURE.ON.ADD"),
            Some((
                "CATALOG.MEASURE.ON.ADD".into(),
                "Event on Adding a Measurement Unit".into()
            ))
        );
        assert_eq!(n("Read the CATALOG.PRODUCT Table"), None);
        assert_eq!(n("Overview of Events"), None);
        assert_eq!(n("Compare onA and onB Side by Side"), None);
    }

    #[test]
    fn the_example_code_wins_with_a_note() {
        let spec = event(&DEAL_ADD.replace("onCrmDealAdd", "onDealAdd"));
        assert_eq!(spec.code, "ONCRMDEALADD");
        assert_eq!(spec.notes.len(), 1);
        assert!(spec.notes[0].message.contains("the example wins"));
    }

    #[test]
    fn data_from_the_example_alone() {
        let spec = event("# Event onThingHappened\n\n```json\n{\"event\": \"ONTHINGHAPPENED\", \"data\": {\"COUNT\": 3, \"NAME\": \"x\"}}\n```\n");
        assert_eq!(spec.code, "ONTHINGHAPPENED");
        assert_eq!(
            shape(&spec.data),
            [
                ("COUNT", FieldType::Integer, false),
                ("NAME", FieldType::String, false)
            ]
        );
    }

    #[test]
    fn bad_event_pages_are_diagnostics() {
        let bare = event("# Event onNothing\n\nNo payload here.\n");
        assert!(bare.data.is_empty());
        assert_eq!(bare.warnings.len(), 1);
        assert_eq!(bare.warnings[0].line, 1);
        assert!(bare.warnings[0].message.contains("shows no payload"));
        let cut = DEAL_ADD.rsplit_once("|#").unwrap().0;
        let diags = rejected(cut);
        assert!(diags[0].1.contains("never closed"), "{diags:?}");
        let twice = DEAL_ADD.replace(
            "|| **ts**",
            "|| **data**\n[`object`](t.md) | again ||\n|| **ts**",
        );
        assert!(rejected(&twice)[0].1.contains("listed twice"));
        let broken = event(&format!(
            "{}\n```json\n{{\"data\": \n```\n",
            DEAL_ADD.replace("```json", "```text")
        ));
        assert_eq!(broken.code, "ONCRMDEALADD");
    }

    #[test]
    fn older_pages_list_the_data_keys_under_parameters() {
        let page = "# Event onCrmProductUpdate\n\nOld.\n\n## Parameters\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **FIELDS** | The ID of the product ||\n|#\n";
        let spec = event(page);
        assert_eq!(shape(&spec.data), [("FIELDS", FieldType::Any, false)]);
    }

    #[test]
    fn a_broken_json_example_is_a_warning() {
        let page = "# Event onThing\n\n```json\n{\"data\": {\"A\": 1},}\n```\n\n#|\n|| **Name**\n`type` | **Description** ||\n|| **data**\n`object` | D ||\n|| **data.A**\n`integer` | a ||\n|#\n";
        let spec = event(page);
        assert_eq!(shape(&spec.data), [("A", FieldType::Integer, false)]);
        assert_eq!(spec.warnings.len(), 1);
        assert_eq!(spec.warnings[0].line, 3);
        assert!(spec.warnings[0].message.contains("not JSON"));
    }
}
