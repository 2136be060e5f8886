//! [`Filter`]: conditions joined by AND, with OR groups, written in the form of the method
//! that receives them ([`Dialect`]).

use std::borrow::Cow;
use std::marker::PhantomData;

use serde_json::{Map, Value};

use super::Dialect;

/// A comparison operator of the list pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Op {
    /// `=` (REST 2: no prefix).
    Eq,
    /// `!=`.
    Ne,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `@` / `in`.
    In,
    /// `!@` (REST 2 only).
    NotIn,
    /// `%`: LIKE, the value anywhere (REST 2 only).
    Like,
    /// `=%`: LIKE with the `%` placed in the value (REST 2 only).
    LikePattern,
    /// `!%`: NOT LIKE (REST 2 only).
    NotLike,
    /// `between` (REST 2: `>=` and `<=`).
    Between,
}

impl Op {
    /// The REST 2 key prefix (`>=OPPORTUNITY`); `Between` has two and is written apart.
    pub fn rest2_prefix(self) -> &'static str {
        match self {
            Op::Eq => "",
            Op::Ne => "!=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::In => "@",
            Op::NotIn => "!@",
            Op::Like => "%",
            Op::LikePattern => "=%",
            Op::NotLike => "!%",
            Op::Between => "><",
        }
    }

    /// The REST 3.0 operator (`rest-v3.md#operators`), or `None` where REST 3.0 has none.
    pub fn rest3(self) -> Option<&'static str> {
        Some(match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::In => "in",
            Op::Between => "between",
            Op::NotIn | Op::Like | Op::LikePattern | Op::NotLike => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Cmp {
        name: Cow<'static, str>,
        camel: Cow<'static, str>,
        op: Op,
        value: Value,
        custom: bool,
    },
    /// OR of AND-groups.
    Any(Vec<Vec<Node>>),
}

/// One condition on a field of `E` (`Deal::OPPORTUNITY.ge(5000)`), or an OR group of
/// filters ([`Filter::any`], [`Cond::or`]).
pub struct Cond<E> {
    pub(crate) node: Node,
    _e: PhantomData<fn() -> E>,
}

impl<E> Clone for Cond<E> {
    fn clone(&self) -> Self {
        Cond::wrap(self.node.clone())
    }
}

impl<E> std::fmt::Debug for Cond<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.node.fmt(f)
    }
}

impl<E> Cond<E> {
    fn wrap(node: Node) -> Self {
        Cond {
            node,
            _e: PhantomData,
        }
    }

    pub(crate) fn cmp(
        name: Cow<'static, str>,
        camel: Cow<'static, str>,
        op: Op,
        value: Value,
        custom: bool,
    ) -> Self {
        Cond::wrap(Node::Cmp {
            name,
            camel,
            op,
            value,
            custom,
        })
    }

    /// This condition OR `other` (`logic: OR`: `crm.item.list` and REST 3.0).
    pub fn or(self, other: impl Into<Filter<E>>) -> Cond<E> {
        let mut groups = match self.node {
            Node::Any(groups) => groups,
            node => vec![vec![node]],
        };
        groups.push(other.into().nodes);
        Cond::wrap(Node::Any(groups))
    }
}

/// Conditions on the fields of `E`, all of which must hold.
///
/// Built from [`Field`](super::Field) conditions and passed to a list call's `filter`;
/// [`Filter::to_rest2`], [`Filter::to_item`] and [`Filter::to_rest3`] show the JSON each
/// kind of method receives.
pub struct Filter<E> {
    pub(crate) nodes: Vec<Node>,
    _e: PhantomData<fn() -> E>,
}

impl<E> Clone for Filter<E> {
    fn clone(&self) -> Self {
        Filter {
            nodes: self.nodes.clone(),
            _e: PhantomData,
        }
    }
}

impl<E> std::fmt::Debug for Filter<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.nodes).finish()
    }
}

impl<E> Default for Filter<E> {
    fn default() -> Self {
        Filter::new()
    }
}

impl<E> From<Cond<E>> for Filter<E> {
    fn from(c: Cond<E>) -> Self {
        Filter::new().and(c)
    }
}

impl<E> Filter<E> {
    /// No condition: every record.
    pub fn new() -> Self {
        Filter {
            nodes: Vec::new(),
            _e: PhantomData,
        }
    }

    /// Adds a condition that must also hold.
    pub fn and(mut self, cond: Cond<E>) -> Self {
        self.nodes.push(cond.node);
        self
    }

    /// Whether there is no condition.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// A group that holds when any of `filters` does (`logic: OR`).
    pub fn any(filters: impl IntoIterator<Item = impl Into<Filter<E>>>) -> Cond<E> {
        Cond::wrap(Node::Any(
            filters.into_iter().map(|f| f.into().nodes).collect(),
        ))
    }

    /// The filter in `dialect`'s form. Never fails: what a dialect cannot say (an OR group
    /// for `crm.deal.list`, LIKE in REST 3.0) is written anyway and refused by
    /// [`check_filter`](super::check_filter) when the call is sent.
    pub fn to_json(&self, dialect: Dialect) -> Value {
        match dialect {
            Dialect::Rest3 => Value::Array(self.nodes.iter().map(rest3).collect()),
            d => {
                let mut out = Map::new();
                rest2_into(&mut out, &self.nodes, d == Dialect::Item);
                Value::Object(out)
            }
        }
    }

    /// The filter as a REST 2 entity list takes it (`crm.deal.list`), checked.
    pub fn to_rest2(&self) -> Result<Value, crate::Error>
    where
        E: super::Entity,
    {
        self.checked(Dialect::Rest2)
    }

    /// The filter as `crm.item.list` takes it (camelCase names), checked.
    pub fn to_item(&self) -> Result<Value, crate::Error>
    where
        E: super::Entity,
    {
        self.checked(Dialect::Item)
    }

    /// The filter as REST 3.0 takes it (`[field, op, value]`), checked.
    pub fn to_rest3(&self) -> Result<Value, crate::Error>
    where
        E: super::Entity,
    {
        self.checked(Dialect::Rest3)
    }

    fn checked(&self, dialect: Dialect) -> Result<Value, crate::Error>
    where
        E: super::Entity,
    {
        let v = self.to_json(dialect);
        super::check_filter::<E>("", &v, dialect)?;
        Ok(v)
    }
}

fn rest2_into(out: &mut Map<String, Value>, nodes: &[Node], item: bool) {
    let mut next = 0usize;
    let mut group = |out: &mut Map<String, Value>, v: Value| {
        while out.contains_key(&next.to_string()) {
            next += 1;
        }
        out.insert(next.to_string(), v);
    };
    for node in nodes {
        match node {
            Node::Cmp {
                name,
                camel,
                op,
                value,
                custom,
            } => {
                let field = if item { camel } else { name };
                let pairs: Vec<(String, Value)> = match (op, value) {
                    (Op::Between, Value::Array(pair)) if pair.len() == 2 => vec![
                        (format!(">={field}"), rest2_value(&pair[0], *custom)),
                        (format!("<={field}"), rest2_value(&pair[1], *custom)),
                    ],
                    _ => vec![(
                        format!("{}{field}", op.rest2_prefix()),
                        rest2_value(value, *custom),
                    )],
                };
                for (k, v) in pairs {
                    if out.contains_key(&k) {
                        // The same key twice: a nested AND group keeps both.
                        let mut sub = Map::new();
                        sub.insert(k, v);
                        group(out, Value::Object(sub));
                    } else {
                        out.insert(k, v);
                    }
                }
            }
            Node::Any(groups) => {
                let mut or = Map::new();
                or.insert("logic".into(), Value::String("OR".into()));
                for (i, g) in groups.iter().enumerate() {
                    let mut sub = Map::new();
                    rest2_into(&mut sub, g, item);
                    or.insert(i.to_string(), Value::Object(sub));
                }
                group(out, Value::Object(or));
            }
        }
    }
}

/// Flags are `Y`/`N` in REST 2 filters (custom fields take what the caller gave).
fn rest2_value(v: &Value, custom: bool) -> Value {
    match v {
        Value::Bool(b) if !custom => Value::String(if *b { "Y" } else { "N" }.into()),
        Value::Array(items) => Value::Array(items.iter().map(|v| rest2_value(v, custom)).collect()),
        other => other.clone(),
    }
}

fn rest3(node: &Node) -> Value {
    match node {
        Node::Cmp {
            camel, op, value, ..
        } => {
            let op = op.rest3().unwrap_or(op.rest2_prefix());
            Value::Array(vec![
                Value::String(camel.to_string()),
                Value::String(op.into()),
                value.clone(),
            ])
        }
        Node::Any(groups) => {
            let conditions = groups
                .iter()
                .map(|g| match g.as_slice() {
                    [one] => rest3(one),
                    many => serde_json::json!({
                        "logic": "and",
                        "conditions": many.iter().map(rest3).collect::<Vec<_>>()
                    }),
                })
                .collect();
            serde_json::json!({"logic": "or", "conditions": Value::Array(conditions)})
        }
    }
}

/// What a list call's `filter` takes for records of `E`: a typed [`Filter`] or [`Cond`],
/// or raw JSON (checked against `E`'s fields when the call is sent).
pub trait IntoFilter<E> {
    /// The filter in `dialect`'s form.
    fn into_filter(self, dialect: Dialect) -> Value;
}

impl<E> IntoFilter<E> for Filter<E> {
    fn into_filter(self, dialect: Dialect) -> Value {
        self.to_json(dialect)
    }
}

impl<E> IntoFilter<E> for Cond<E> {
    fn into_filter(self, dialect: Dialect) -> Value {
        Filter::from(self).to_json(dialect)
    }
}

impl<E> IntoFilter<E> for Value {
    fn into_filter(self, _: Dialect) -> Value {
        self
    }
}

impl<E> IntoFilter<E> for Map<String, Value> {
    fn into_filter(self, _: Dialect) -> Value {
        Value::Object(self)
    }
}
