//! Which methods answer records of which entity.
//!
//! A method `X.get`, `X.list`, `X.getlist` or `X.items.get` is a candidate for the entity
//! of `X.fields` (or `X.getFields`), same REST version first, and for any entity whose
//! fields page its own text names or links to (`hint.rs`). It is linked when its answer's
//! shape fits (`shape.rs`): a list method's `result` is a list, or holds one under a key
//! (`{"items": […]}`); a get method's `result` is the record, or holds it under a key
//! (`{"item": {…}}`); a `get` that answers a list is linked as a list. A page that shows
//! no answer at all (neither a type nor an example) is linked by name only: `X.get`'s
//! `result` is the record, `X.list`'s a list of them. Where the page shows
//! the records' keys, at least half of them (custom fields aside) must be the entity's
//! fields, so a method whose records are something else is not linked.

use crate::model::MethodSpec;

use super::hint::hinted;
use super::name::fields_base;
use super::read::custom_name;
use super::shape::{Answer, Place};
use super::{Entity, RecordLink, Skipped};

/// The links among `methods` (sorted by name and version) to `entities`, and the
/// candidates left unlinked with the reasons.
pub(crate) fn link_all(
    methods: &[&MethodSpec],
    entities: &[(&MethodSpec, Entity)],
    no_entity: &[Skipped],
) -> (Vec<RecordLink>, Vec<Skipped>) {
    let known: Vec<(&str, &str)> = entities
        .iter()
        .map(|(_, e)| (e.method.as_str(), e.rel_path.as_str()))
        .collect();
    let mut links = Vec::new();
    let mut unlinked = Vec::new();
    for spec in methods {
        let Some((base, list)) = operation(&spec.name) else {
            continue;
        };
        let mut by_name: Vec<&(&MethodSpec, Entity)> = entities
            .iter()
            .filter(|(f, _)| fields_base(&f.name) == Some(base))
            .collect();
        by_name.sort_by_key(|(f, _)| f.version != spec.version);
        let hints = hinted(spec, &known);
        let by_text = entities
            .iter()
            .filter(|(_, e)| hints.contains(&e.method.as_str()))
            .filter(|(_, e)| !by_name.iter().any(|(_, n)| n.name == e.name))
            .map(|pair| (pair, POINTED));
        let candidates: Vec<(&(&MethodSpec, Entity), u32)> = by_name
            .iter()
            .map(|pair| (*pair, FAMILY))
            .chain(by_text)
            .collect();
        let mut reasons: Vec<String> = no_entity
            .iter()
            .filter(|s| fields_base(&s.method) == Some(base))
            .map(|s| format!("`{}` gives no entity: {}", s.method, s.reason))
            .collect();
        let answer = Answer::of(spec);
        let mut linked = None;
        for ((_, entity), floor) in candidates {
            match fit(&answer, entity, list, floor) {
                Ok((path, list)) => {
                    linked = Some(RecordLink {
                        method: spec.name.clone(),
                        version: spec.version,
                        entity: entity.name.clone(),
                        path,
                        list,
                    });
                    break;
                }
                Err(why) => reasons.push(format!("not `{}` records: {why}", entity.name)),
            }
        }
        match linked {
            Some(link) => links.push(link),
            None if !reasons.is_empty() => unlinked.push(Skipped {
                method: spec.name.clone(),
                version: spec.version,
                rel_path: spec.source.rel_path.clone(),
                reason: reasons.join("; "),
            }),
            None => {}
        }
    }
    (links, unlinked)
}

/// `X.get` → (`X`, one record), `X.list`/`X.getList` → (`X`, a list), `X.items.get` →
/// (`X`, a list); `None` for other methods.
pub(crate) fn operation(method: &str) -> Option<(&str, bool)> {
    let (base, last) = method.rsplit_once('.')?;
    match last.to_ascii_lowercase().as_str() {
        "get" => match base.strip_suffix(".items") {
            Some(owner) => Some((owner, true)),
            None => Some((base, false)),
        },
        "list" | "getlist" => Some((base, true)),
        _ => None,
    }
}

/// How many thousandths of the shown record keys must be the entity's fields: any one
/// for the entity of the method's own family (`crm.deal.get` and `crm.deal.fields`), half
/// for an entity the page's text points to.
const FAMILY: u32 = 1;
const POINTED: u32 = 500;

/// Where in `answer` the records of `entity` are, and whether they are a list: `result`
/// itself, or the one key under it whose records fit best (ties are a map of records,
/// such as one per language, not a place).
fn fit(
    answer: &Answer<'_>,
    entity: &Entity,
    list: bool,
    floor: u32,
) -> Result<(Vec<String>, bool), String> {
    let top = answer.at(&[]);
    let keys = match &top {
        Place::List(keys) if score(keys, entity) >= floor => return Ok((Vec::new(), true)),
        Place::List(keys) => {
            return Err(format!(
                "the listed records' keys ({}) are not enough of its fields",
                preview(keys)
            ))
        }
        Place::Object(keys) => keys,
        // The page documents no answer (the outdated get/list pages; a broken example):
        // by its name alone, a get answers the record and a list a list of them.
        Place::Unknown | Place::Missing if floor == FAMILY => return Ok((Vec::new(), list)),
        Place::Unknown | Place::Missing => {
            return Err("the page shows neither the answer's type nor an example".into())
        }
        Place::Scalar => return Err("`result` holds no records".into()),
    };
    let top_score = if list {
        None
    } else {
        Some(score(keys, entity))
    };
    let mut best: Vec<(u32, String)> = Vec::new();
    for key in answer.top_keys() {
        let s = match (answer.at(std::slice::from_ref(&key)), list) {
            (Place::List(k), true) | (Place::Object(k), false) => score(&k, entity),
            // `{"vat": any}`: the table names the key, the example does not show it.
            (Place::Unknown, _) => score(&None, entity),
            _ => continue,
        };
        if s < floor || best.first().is_some_and(|(b, _)| s < *b) {
            continue;
        }
        if best.first().is_some_and(|(b, _)| s > *b) {
            best.clear();
        }
        best.push((s, key));
    }
    let sub = best.first().map_or(0, |(s, _)| *s);
    // `{"price": {…}}` of catalog.price.get: the one key of `result` names a field of the
    // record (`price`) and holds the record itself.
    let wrapped = match (keys, best.as_slice()) {
        (Some(keys), [(_, key)]) => keys.len() == 1 && keys[0] == *key,
        _ => false,
    };
    match (top_score, best.as_slice()) {
        (_, [(_, key)]) if wrapped => Ok((vec![key.clone()], list)),
        (Some(t), _) if t >= floor && t >= sub => Ok((Vec::new(), false)),
        (_, [(_, key)]) => Ok((vec![key.clone()], list)),
        (_, [(_, a), (_, b), ..]) => Err(format!(
            "keys `{a}` and `{b}` under `result` both hold them: a map of records, not a place"
        )),
        (_, []) if list => Err(format!(
            "`result` is an object ({}) with no list of its records under a key",
            preview(keys)
        )),
        (_, []) => Err(format!(
            "`result`'s keys ({}) are not enough of its fields, nor is any key's object",
            preview(keys)
        )),
    }
}

/// How well `keys` fit `entity`'s fields: the thousandths of them (custom fields aside)
/// that are its fields; 500 when the page does not show the keys, 1000 when all are
/// custom.
fn score(keys: &Option<Vec<String>>, entity: &Entity) -> u32 {
    let Some(keys) = keys else {
        return 500;
    };
    let own: Vec<&String> = keys.iter().filter(|k| !custom_name(k)).collect();
    if own.is_empty() {
        return 1000;
    }
    let matched = own
        .iter()
        .filter(|k| entity.fields.iter().any(|f| f.name.eq_ignore_ascii_case(k)))
        .count();
    u32::try_from(matched * 1000 / own.len()).unwrap_or(1000)
}

fn preview(keys: &Option<Vec<String>>) -> String {
    match keys {
        None => "not shown".into(),
        Some(keys) => {
            let mut text = keys
                .iter()
                .take(4)
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            if keys.len() > 4 {
                text.push_str(", …");
            }
            text
        }
    }
}
