//! Filters and orders by field type, on both API versions.
//!
//! Every field has a [`Kind`] read from the entity's pages (`kind.rs`); values compare
//! by it (`compare.rs`): money and ids as numbers, dates and times as moments in any of
//! the formats the portal reads (`2024-05-01`, `01.05.2024`,
//! `2024-05-01T10:00:00+03:00`; `time.rs`), flags as `Y`/`N`, text without regard to
//! case (the portal's database collation).
//!
//! REST 2 lists (`rest2.rs`), as the list pages document them:
//! - operators by key prefix: `=` (the default), `!=` and `!`, `>`, `>=`, `<`, `<=`, `@`
//!   (in) and `!@` (not in), `%` (substring), `=%`/`%=` (`LIKE` with `%` and `_`
//!   wildcards), and `!%`, `!=%`/`!%=` (their negations); a list value is "one of";
//! - `LIKE` does not apply to `crm_status`, `crm_contact` and `crm_company` fields, nor
//!   to multi-fields (`PHONE`, `EMAIL`, …: "only exact matches"): there the `LIKE`
//!   operators match exactly;
//! - a date-only value on a `datetime` field is that day's midnight (`>DATE_CREATE:
//!   2024-05-01` is after midnight);
//! - an empty value (`""`, `null`) with `=` asks for an empty field, with `!=` for a
//!   filled one (the crm.item.list example's `"!=name": ""`); negations match records
//!   where the field is empty, ranges never do; a `LIKE` with an empty value sets no
//!   condition;
//! - a multi-field or a multiple field matches when one of its values does (a negation
//!   when none does);
//! - `order`: keys in any case, `ASC`/`DESC` in any case, empty values first, `ID`
//!   ascending breaks ties;
//! - the entity lists leave out what the entity does not have, `crm.item.list` refuses it
//!   ([`Dialect`]).
//!
//! REST 3.0 lists: `rest3.rs`.

pub(crate) mod compare;
pub(crate) mod kind;
pub(crate) mod rest2;
pub(crate) mod rest3;
pub(crate) mod time;

pub(crate) use kind::{Fields, Kind};
pub(crate) use rest2::Dialect;
