//! Typed records and typed queries: a deal is a [`Deal`](crate::records), a filter is
//! checked by the compiler.
//!
//! Every entity a `*.fields` page describes (`crm.deal.fields` → `Deal`,
//! `crm.item.fields` → `Item`, …) is generated as a record type implementing [`Entity`],
//! with one associated constant per documented field (`Deal::OPPORTUNITY`,
//! `Deal::STAGE_ID`): a [`Field`] whose kind decides which operators exist and what value
//! they take. The list calls of that entity take the [`Filter`], [`Order`] and [`Select`]
//! built from them, and still take raw JSON.
//!
//! ```
//! # #[cfg(feature = "crm-deal")] {
//! use bitrix_api::records::Deal;
//! use bitrix_api::typed::{Filter, Order, Select};
//!
//! let filter = Filter::new()
//!     .and(Deal::OPPORTUNITY.ge(5000))
//!     .and(Deal::STAGE_ID.is_in(["NEW", "PREPARATION"]))
//!     .and(Deal::TITLE.like("Tender"));
//! assert_eq!(
//!     filter.to_rest2().unwrap(),
//!     serde_json::json!({">=OPPORTUNITY": 5000, "@STAGE_ID": ["NEW", "PREPARATION"], "%TITLE": "Tender"})
//! );
//! let order = Order::new().desc(Deal::OPPORTUNITY);
//! let select = Select::new().field(Deal::ID).field(Deal::TITLE).custom_fields();
//! # let _ = (order, select); }
//! ```
//!
//! What the compiler checks: the field exists on the entity (`Deal::OPORTUNITY` does not
//! compile), the value's type follows the field's (`Deal::OPPORTUNITY.ge("lots")` does not
//! compile), LIKE exists only on text fields (`Deal::STAGE_ID.like(..)` does not compile: the
//! list pages say LIKE does not work on `crm_status`, `crm_contact`, `crm_company` fields,
//! and it means nothing on numbers, dates and flags), and a `Filter<Lead>` is not a
//! deal filter. What is checked when the call is sent ([`Error::Query`](crate::Error::Query),
//! nothing sent): raw JSON filters (unknown fields, unknown operator prefixes, values that
//! do not fit the field's type, LIKE where it does not work), custom fields' prefixes, and
//! `logic: OR` groups on methods that have none (only `crm.item.list` has them in REST 2).

mod check;
mod crm_link;
mod decimal;
mod field;
mod filter;
mod items;
mod order;
mod portal;
mod record;
mod user;

pub use check::{check_filter, check_order, check_select};
pub use crm_link::{CrmLink, ParseCrmLinkError, CRM_ABBREVIATIONS};
pub use decimal::{Decimal, DecimalError};
pub use field::{kind, Field, Kind, Like, Moment};
pub use filter::{Cond, Filter, IntoFilter, Op};
pub use items::{ItemEntity, Items, ItemsList};
pub use order::{IntoOrder, IntoSelect, Order, Select};
pub use portal::{listed, listed_id, listed_json, Money, SmartProcess, Values};
pub use record::{camel_custom, custom_field, field, take, upper_custom, Custom};
pub use user::PortalUser;

/// A record type generated from an entity's fields page.
pub trait Entity: crate::wire::Wire + Send + Sync + 'static {
    /// The record's name (`Deal`).
    const NAME: &'static str;
    /// The fields method it was typed from (`crm.deal.fields`).
    const FIELDS_METHOD: &'static str;
    /// Every documented field, in page order (custom `UF_*` fields are not listed).
    const FIELDS: &'static [FieldInfo];
    /// The prefix of the entity's custom fields in the spelling of its own methods
    /// (`UF_CRM_`, or `ufCrm` for camelCase entities).
    const CUSTOM_PREFIX: &'static str;

    /// The documented field called `name` in either spelling (`STAGE_ID` or `stageId`).
    fn field(name: &str) -> Option<&'static FieldInfo> {
        field_in(Self::FIELDS, name)
    }
}

/// The field of `fields` called `name` in either spelling: [`Entity::field`], and the
/// checks, which take the table rather than the type so that they are compiled once.
pub(crate) fn field_in(fields: &'static [FieldInfo], name: &str) -> Option<&'static FieldInfo> {
    fields.iter().find(|f| f.name == name || f.camel == name)
}

/// One documented field of an [`Entity`], as its fields page describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldInfo {
    /// The name as the entity's own methods spell it (`OPPORTUNITY`, `stageId`).
    pub name: &'static str,
    /// The name as `crm.item.*` spells it (`opportunity`); equal to `name` for camelCase
    /// entities.
    pub camel: &'static str,
    /// The type the fields page gives (`double`, `crm_status`, `char`).
    pub type_text: &'static str,
    /// What kind of value it holds: decides the operators and values a filter may use.
    pub kind: FieldKind,
    /// The field's title on the page.
    pub title: &'static str,
    /// `isReadOnly`: the portal sets it; writes ignore it.
    pub read_only: bool,
    /// `isImmutable`: set on add, never changed after.
    pub immutable: bool,
    /// `isMultiple`: the value is a list.
    pub multiple: bool,
    /// `isRequired` on add.
    pub required: bool,
}

/// What kind of value a field holds (from its fields page's `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FieldKind {
    /// Whole numbers and ids of linked records and users.
    Integer,
    /// `double`: amounts, quantities, rates ([`Decimal`]).
    Decimal,
    /// Free text: LIKE works.
    String,
    /// `crm_status`, `crm_currency` and other codes: exact values, no LIKE.
    Status,
    /// `char` (`Y`/`N`) and `boolean`.
    Flag,
    /// `date`.
    Date,
    /// `datetime`.
    DateTime,
    /// `crm_multifield` (`PHONE`, `EMAIL`, `WEB`, `IM`, `LINK`).
    Multifield,
    /// `file`.
    File,
    /// `crm_entity` (`D_12`): a typed link to another record.
    EntityRef,
    /// `enumeration`: the id of one of the field's listed values.
    Enumeration,
    /// Anything else (objects, product properties): JSON.
    Other,
}

impl FieldKind {
    /// Whether LIKE (`%`, `=%`, `%=`, `!%`) may be used on the field.
    pub fn like(self) -> bool {
        matches!(self, FieldKind::String | FieldKind::Multifield)
    }
}

/// How a method spells queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// REST 2 entity lists (`crm.deal.list`): prefixed keys (`>=OPPORTUNITY`), the entity's
    /// own names, no `logic` groups.
    Rest2,
    /// `crm.item.list`: prefixed keys with `crm.item`'s camelCase names (`>=opportunity`),
    /// `logic: OR` groups.
    Item,
    /// REST 3.0: `[field, operator, value]` triples, `{logic: "or", conditions}` groups.
    Rest3,
}

#[cfg(test)]
mod tests;
