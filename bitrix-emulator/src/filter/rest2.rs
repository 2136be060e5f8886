//! REST 2 list `filter` and `order` (`crm.deal.list`, `crm.contact.list`,
//! `crm.item.list`, …), as the list pages document them; the rules are listed in
//! `filter/mod.rs`.

use serde_json::{Map, Value};

use super::compare::{self, Read};
use super::kind::{Fields, Kind};
use crate::answer::ApiError;
use crate::listing::field;
use crate::multifield;
use crate::params;

/// Which list reads the filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Dialect {
    /// The entity lists (`crm.deal.list`, …): a field the entity does not have is left
    /// out of the filter and the order, `logic` and nested groups are not supported (left
    /// out), a value that does not read as the field's type matches nothing.
    #[default]
    Classic,
    /// `crm.item.list`: `logic: OR` and nested groups; an unknown field, a value of the
    /// wrong type or a wrong sort direction is 400 `INVALID_ARG_VALUE`.
    Item,
}

impl Dialect {
    /// The dialect of an entity's list: [`Dialect::Item`] for `crm.item.list` (`by_type`)
    /// and for any list whose page documents refusing a field it does not have
    /// (`crm.type.list`: "Invalid filter: field … is not allowed in filter"), else classic.
    pub(crate) fn of_list(page: Option<&bitrix_docs::MethodSpec>, by_type: bool) -> Dialect {
        let refuses_unknown = page.is_some_and(|s| {
            s.errors.iter().any(|e| {
                e.code == "INVALID_ARG_VALUE" && e.description.contains("not allowed in filter")
            })
        });
        if by_type || refuses_unknown {
            Dialect::Item
        } else {
            Dialect::Classic
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    In,
    NotIn,
    Contains,
    NotContains,
    Like,
    NotLike,
}

/// Longest first, so `>=` wins over `>` and `!=%` over `!=`.
const OPERATORS: &[(&str, Op)] = &[
    ("!=%", Op::NotLike),
    ("!%=", Op::NotLike),
    ("!@", Op::NotIn),
    ("!%", Op::NotContains),
    ("!=", Op::Ne),
    (">=", Op::Ge),
    ("<=", Op::Le),
    ("=%", Op::Like),
    ("%=", Op::Like),
    ("@", Op::In),
    (">", Op::Gt),
    ("<", Op::Lt),
    ("=", Op::Eq),
    ("%", Op::Contains),
    ("!", Op::Ne),
];

impl Op {
    /// The positive operator and whether this one negates it.
    fn base(self) -> (Op, bool) {
        match self {
            Op::Ne => (Op::Eq, true),
            Op::NotIn => (Op::In, true),
            Op::NotContains => (Op::Contains, true),
            Op::NotLike => (Op::Like, true),
            op => (op, false),
        }
    }

    fn is_like(self) -> bool {
        matches!(self.base().0, Op::Contains | Op::Like)
    }
}

/// A parsed `filter`.
#[derive(Debug, Clone)]
pub(crate) enum Filter {
    All(Vec<Filter>),
    Any(Vec<Filter>),
    Cond(Cond),
}

/// One `filter` entry: `>=OPPORTUNITY: 5000`.
#[derive(Debug, Clone)]
pub(crate) struct Cond {
    op: Op,
    field: String,
    kind: Kind,
    /// The values read as the field's kind.
    values: Vec<Read>,
    /// The values as text, for `LIKE`.
    texts: Vec<String>,
    /// A value did not read as the field's kind: nothing matches.
    never: bool,
}

fn item_error(text: String) -> ApiError {
    ApiError::new(400, "INVALID_ARG_VALUE", text)
}

impl Filter {
    /// Everything matches.
    pub(crate) fn none() -> Filter {
        Filter::All(Vec::new())
    }

    /// Reads a `filter` object.
    pub(crate) fn parse(
        filter: &Map<String, Value>,
        fields: &Fields,
        dialect: Dialect,
    ) -> Result<Filter, ApiError> {
        let mut or = false;
        let mut nodes = Vec::new();
        for (key, value) in filter {
            if key.eq_ignore_ascii_case("logic") {
                or = dialect == Dialect::Item
                    && params::text(value).is_some_and(|l| l.eq_ignore_ascii_case("or"));
                continue;
            }
            if key.parse::<u64>().is_ok() {
                if let (Dialect::Item, Some(group)) = (dialect, params::object(value)) {
                    nodes.push(Filter::parse(&group, fields, dialect)?);
                }
                continue;
            }
            let (op, name) = OPERATORS
                .iter()
                .find_map(|(p, op)| key.strip_prefix(p).map(|rest| (*op, rest)))
                .unwrap_or((Op::Eq, key.as_str()));
            let Some(kind) = fields.kind(name) else {
                if dialect == Dialect::Item {
                    return Err(item_error(format!(
                        "Invalid filter: field '{name}' is not allowed in filter"
                    )));
                }
                continue;
            };
            if let Some(cond) = Cond::new(op, name, kind, value) {
                if cond.never && dialect == Dialect::Item {
                    return Err(item_error(format!(
                        "Invalid filter: field '{name}' has invalid value"
                    )));
                }
                nodes.push(Filter::Cond(cond));
            }
        }
        Ok(if or {
            Filter::Any(nodes)
        } else {
            Filter::All(nodes)
        })
    }

    /// Whether a record passes.
    pub(crate) fn matches(&self, record: &Map<String, Value>) -> bool {
        match self {
            Filter::All(nodes) => nodes.iter().all(|n| n.matches(record)),
            Filter::Any(nodes) => nodes.is_empty() || nodes.iter().any(|n| n.matches(record)),
            Filter::Cond(c) => c.matches(record),
        }
    }
}

impl Cond {
    /// `None` when the entry sets no condition (a `LIKE` with an empty value).
    fn new(op: Op, name: &str, kind: Kind, value: &Value) -> Option<Cond> {
        let given: Vec<&Value> = match value {
            Value::Array(_) | Value::Object(_) => params::list(value).unwrap_or_default(),
            v => vec![v],
        };
        // `LIKE` where it does not apply matches exactly.
        let op = match (op.is_like() && !kind.likes(), op.base()) {
            (true, (_, false)) => Op::Eq,
            (true, (_, true)) => Op::Ne,
            _ => op,
        };
        let texts: Vec<String> = given.iter().filter_map(|v| params::text(v)).collect();
        if op.is_like() && texts.iter().all(|t| t.is_empty()) {
            return None;
        }
        let values: Vec<Read> = if op.is_like() {
            Vec::new()
        } else {
            given.iter().map(|v| compare::read(kind, v)).collect()
        };
        let ranged = matches!(op, Op::Gt | Op::Ge | Op::Lt | Op::Le);
        let never = values.contains(&Read::Invalid) || (ranged && values.len() != 1);
        Some(Cond {
            op,
            field: name.to_owned(),
            kind,
            values,
            texts,
            never,
        })
    }

    fn matches(&self, record: &Map<String, Value>) -> bool {
        if self.never {
            return false;
        }
        let (base, negated) = self.op.base();
        // A list (multi-field values, a multiple field) matches when one of its values
        // does; a negation when none does.
        let stored: Vec<&Value> = match field(record, &self.field) {
            Some(v @ Value::Array(items)) if !items.is_empty() => match self.kind {
                Kind::Multi => multifield::values(v).unwrap_or_default(),
                _ => items.iter().collect(),
            },
            Some(v) => vec![v],
            None => vec![&Value::Null],
        };
        let hit = stored.iter().any(|v| self.one(base, v));
        hit != negated
    }

    /// Whether one stored value passes the positive operator.
    fn one(&self, base: Op, stored: &Value) -> bool {
        if base == Op::Contains || base == Op::Like {
            let Some(text) = params::text(stored).filter(|_| !stored.is_null()) else {
                return false;
            };
            return self.texts.iter().any(|w| {
                if base == Op::Like {
                    compare::like(&text, w)
                } else {
                    text.to_lowercase().contains(&w.to_lowercase())
                }
            });
        }
        let actual = compare::read(self.kind, stored);
        match base {
            Op::Eq | Op::In => self.values.iter().any(|w| match w {
                Read::Empty => actual == Read::Empty,
                w => compare::equal(&actual, w),
            }),
            _ => {
                let Some(w) = self.values.first() else {
                    return false;
                };
                if matches!(actual, Read::Empty | Read::Invalid) || *w == Read::Empty {
                    return false;
                }
                let o = compare::cmp_read(&actual, w);
                match base {
                    Op::Gt => o.is_gt(),
                    Op::Ge => o.is_ge(),
                    Op::Lt => o.is_lt(),
                    _ => o.is_le(),
                }
            }
        }
    }
}

/// One `order` key: the field, its kind, descending.
pub(crate) type OrderKey = (String, Kind, bool);

/// Reads an `order` object; `ID` ascending breaks ties.
pub(crate) fn order(
    order: &Map<String, Value>,
    fields: &Fields,
    dialect: Dialect,
) -> Result<Vec<OrderKey>, ApiError> {
    let mut keys = Vec::new();
    for (name, direction) in order {
        let Some(kind) = fields.kind(name) else {
            if dialect == Dialect::Item {
                return Err(item_error(format!(
                    "Invalid order: field '{name}' is not allowed in order"
                )));
            }
            continue;
        };
        let text = params::text(direction).unwrap_or_default();
        let desc = text.eq_ignore_ascii_case("desc");
        if dialect == Dialect::Item && !desc && !text.eq_ignore_ascii_case("asc") {
            return Err(item_error(format!(
                "Invalid order: allowed sort directions are ASC, DESC. But got '{text}' for field '{name}'"
            )));
        }
        keys.push((name.clone(), kind, desc));
    }
    keys.push(("ID".into(), Kind::Int, false));
    Ok(keys)
}

/// `rows` in the order of `keys` (stable). Each record's sort values are read once, not
/// at every comparison: a page of a big table sorted by money costs one pass of reads.
pub(crate) fn sort<'a>(
    keys: &[OrderKey],
    rows: Vec<&'a Map<String, Value>>,
) -> Vec<&'a Map<String, Value>> {
    let read = |r: &Map<String, Value>| -> Vec<Read> {
        keys.iter()
            .map(|(k, kind, _)| field(r, k).map_or(Read::Empty, |v| compare::read(*kind, v)))
            .collect()
    };
    let mut decorated: Vec<(Vec<Read>, &Map<String, Value>)> =
        rows.into_iter().map(|r| (read(r), r)).collect();
    decorated.sort_by(|(a, _), (b, _)| {
        keys.iter()
            .zip(a.iter().zip(b))
            .map(|((_, _, desc), (x, y))| {
                let o = compare::cmp_read(x, y);
                if *desc {
                    o.reverse()
                } else {
                    o
                }
            })
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    decorated.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields() -> Fields {
        Fields::default().with([
            ("ID".to_owned(), Kind::Int),
            ("TITLE".to_owned(), Kind::Text),
            ("STAGE_ID".to_owned(), Kind::Code),
            ("OPPORTUNITY".to_owned(), Kind::Number),
        ])
    }

    fn pass(filter: Value, dialect: Dialect, record: Value) -> Result<bool, ApiError> {
        let f = Filter::parse(filter.as_object().unwrap(), &fields(), dialect)?;
        Ok(f.matches(record.as_object().unwrap()))
    }

    #[test]
    fn operators_follow_the_field_kind() {
        let deal =
            json!({"ID": "7", "TITLE": "Big Deal", "STAGE_ID": "NEW", "OPPORTUNITY": "4925.00"});
        let yes = |f: Value| pass(f, Dialect::Classic, deal.clone()).unwrap();
        assert!(yes(json!({"OPPORTUNITY": 4925})));
        assert!(
            yes(json!({">OPPORTUNITY": "900.5"})),
            "money is a number, not text"
        );
        assert!(yes(json!({"%TITLE": "dea"})));
        assert!(!yes(json!({"%STAGE_ID": "NE"})), "no LIKE on crm_status");
        assert!(yes(json!({"%STAGE_ID": "new"})));
        assert!(yes(json!({"!=%TITLE": "%small%"})));
        assert!(yes(json!({"NOPE": 1})), "unknown fields are left out");
        assert!(!yes(json!({">OPPORTUNITY": "lots"})));
        assert!(
            yes(json!({"logic": "OR", "0": {"ID": 1}})),
            "no logic in classic lists"
        );
    }

    #[test]
    fn item_lists_have_groups_and_errors() {
        let rec = json!({"ID": 7, "TITLE": "", "OPPORTUNITY": 10});
        let f = json!({"0": {"logic": "OR", "0": {"ID": 1}, "1": {"=TITLE": ""}}});
        assert!(pass(f, Dialect::Item, rec.clone()).unwrap());
        let e = pass(json!({"NOPE": 1}), Dialect::Item, rec.clone()).unwrap_err();
        assert_eq!(e.code, "INVALID_ARG_VALUE");
        assert!(pass(json!({">OPPORTUNITY": "x"}), Dialect::Item, rec).is_err());
        let o = json!({"TITLE": "up"});
        assert!(order(o.as_object().unwrap(), &fields(), Dialect::Item).is_err());
    }
}
