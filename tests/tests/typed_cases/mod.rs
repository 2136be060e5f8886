//! The data of `typed_filters.rs`: the records of the emulator's filter table (copied from
//! `bitrix-emulator/tests/filters.rs`, kept as data) and each case written with the typed
//! builder.

use bitrix_api::typed::{custom_field, Decimal, Dialect, Filter};
use bitrix_tests::crm::records::{Contact, Deal};
use chrono::{DateTime, NaiveDate};
use serde_json::{json, Value};

/// Registered with `crm.deal.userfield.add` before the deals are added.
pub const DEAL_USER_FIELDS: &[&str] = &[r#"{"FIELD_NAME": "RATING", "USER_TYPE_ID": "double"}"#];

/// Deals 1–5, added in this order with `crm.deal.add`.
pub const DEALS: &[&str] = &[
    r#"{"TITLE": "Molar Deal", "STAGE_ID": "NEW", "TYPE_ID": "SALE", "OPPORTUNITY": 4925, "CURRENCY_ID": "USD", "ASSIGNED_BY_ID": 1, "BEGINDATE": "2024-05-01", "COMMENTS": "first call", "IS_MANUAL_OPPORTUNITY": "Y", "PROBABILITY": 10, "COMPANY_ID": 5, "UF_CRM_RATING": 9.5}"#,
    r#"{"TITLE": "Big sale", "STAGE_ID": "PREPARATION", "TYPE_ID": "COMPLEX", "OPPORTUNITY": "20000", "CURRENCY_ID": "EUR", "ASSIGNED_BY_ID": 6, "BEGINDATE": "2024-04-30", "COMMENTS": "", "IS_MANUAL_OPPORTUNITY": "N", "PROBABILITY": 50, "COMPANY_ID": 15, "UF_CRM_RATING": "10"}"#,
    r#"{"TITLE": "mole hunt", "STAGE_ID": "WON", "TYPE_ID": "SALE", "OPPORTUNITY": 10000.5, "CURRENCY_ID": "USD", "ASSIGNED_BY_ID": 1, "BEGINDATE": "01.06.2024", "IS_MANUAL_OPPORTUNITY": "Y", "PROBABILITY": 99, "COMPANY_ID": 50}"#,
    r#"{"TITLE": "Amol", "STAGE_ID": "C1:NEW", "TYPE_ID": "GOODS", "OPPORTUNITY": "9999.99", "CURRENCY_ID": "USD", "ASSIGNED_BY_ID": 6, "BEGINDATE": "2024-05-15T00:00:00+00:00", "COMMENTS": "second call", "IS_MANUAL_OPPORTUNITY": "N", "UF_CRM_RATING": "75"}"#,
    r#"{"TITLE": "Deal 100%", "STAGE_ID": "NEW", "TYPE_ID": "SALE", "OPPORTUNITY": 0, "CURRENCY_ID": "RUB", "ASSIGNED_BY_ID": 3, "BEGINDATE": "2024-05-02", "COMMENTS": "Molar", "IS_MANUAL_OPPORTUNITY": "Y", "PROBABILITY": 0, "COMPANY_ID": 5, "UF_CRM_RATING": 100}"#,
];

/// Contacts 1–4, added in this order with `crm.contact.add`.
pub const CONTACTS: &[&str] = &[
    r#"{"NAME": "Ann", "LAST_NAME": "Molar", "TYPE_ID": "CLIENT", "COMPANY_ID": 5, "BIRTHDATE": "1990-01-15", "PHONE": [{"VALUE": "+100", "VALUE_TYPE": "WORK"}], "EMAIL": [{"VALUE": "ann@example.com", "VALUE_TYPE": "WORK"}]}"#,
    r#"{"NAME": "Bob", "LAST_NAME": "", "TYPE_ID": "PARTNER", "COMPANY_ID": 15, "BIRTHDATE": "15.01.1985", "PHONE": [{"VALUE": "+200", "VALUE_TYPE": "WORK"}, {"VALUE": "+201", "VALUE_TYPE": "MOBILE"}]}"#,
    r#"{"NAME": "anna", "LAST_NAME": "Smith", "TYPE_ID": "SUPPLIER"}"#,
    r#"{"NAME": "Cleo", "LAST_NAME": "Dolmol", "TYPE_ID": "CLIENT", "COMPANY_ID": 50, "BIRTHDATE": "2000-12-31", "EMAIL": [{"VALUE": "cleo@example.org", "VALUE_TYPE": "HOME"}]}"#,
];

/// The table's cases the typed builder cannot write: (list, JSON as in filters.rs, why).
/// `LIKE on …` cases do not compile typed and are refused as raw JSON before sending.
pub const NOT_TYPED: &[(&str, &str, &str)] = &[
    (
        "deal",
        r#"{"%=TITLE": "%mol"}"#,
        "no typed operator for `%=` (`like_pattern` writes `=%`, the same test)",
    ),
    (
        "deal",
        r#"{"!=%TITLE": "mol%"}"#,
        "no typed negated pattern (`not_like` writes `!%`)",
    ),
    (
        "deal",
        r#"{"!%=TITLE": "%deal"}"#,
        "no typed negated pattern",
    ),
    ("item", r#"{"!%=title": "%l"}"#, "no typed negated pattern"),
    (
        "deal",
        r#"{"%STAGE_ID": "NEW"}"#,
        "LIKE on a crm_status field",
    ),
    (
        "deal",
        r#"{"%COMPANY_ID": "5"}"#,
        "LIKE on a crm_company (integer) field",
    ),
    (
        "contact",
        r#"{"%TYPE_ID": "CLI"}"#,
        "LIKE on a crm_status field",
    ),
    (
        "deal",
        r#"{">BEGINDATE": "2024-05-01T00:00:00+03:00"}"#,
        "a moment on a `date` field (typed: a NaiveDate)",
    ),
];

/// Where a case's JSON comes from.
#[derive(Debug)]
pub enum Src {
    /// The table's own case: the same JSON text is in filters.rs.
    Table,
    /// The same question as a table case, written as the typed builder writes it (why).
    Variant(&'static str),
}

/// A typed filter and the list it goes to.
#[derive(Debug)]
pub enum Query {
    /// `crm_deal_list().filter(..)`.
    Deals(Filter<Deal>),
    /// `crm_contact_list().filter(..)`.
    Contacts(Filter<Contact>),
    /// `items::<Deal>().list().filter(..)` (`crm.item.list`, entityTypeId 2).
    Items(Filter<Deal>),
}

impl Query {
    /// The JSON the list receives.
    pub fn to_json(&self) -> Value {
        match self {
            Query::Deals(f) => f.to_json(Dialect::Rest2),
            Query::Contacts(f) => f.to_json(Dialect::Rest2),
            Query::Items(f) => f.to_json(Dialect::Item),
        }
    }
}

/// One case: the typed filter, the JSON it writes, the ids answered (in ID order).
pub struct Case {
    pub query: Query,
    pub json: &'static str,
    pub ids: &'static [i64],
    pub src: Src,
}

fn dec(s: &str) -> Decimal {
    Decimal::parse(s).expect("digits")
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a day")
}

fn at(s: &str) -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("a moment")
}

fn f<E>(c: impl Into<Filter<E>>) -> Filter<E> {
    c.into()
}

use Src::{Table, Variant};

fn d(query: impl Into<Filter<Deal>>, json: &'static str, ids: &'static [i64], src: Src) -> Case {
    let query = Query::Deals(query.into());
    Case {
        query,
        json,
        ids,
        src,
    }
}

fn c(query: impl Into<Filter<Contact>>, json: &'static str, ids: &'static [i64], src: Src) -> Case {
    let query = Query::Contacts(query.into());
    Case {
        query,
        json,
        ids,
        src,
    }
}

fn i(query: impl Into<Filter<Deal>>, json: &'static str, ids: &'static [i64], src: Src) -> Case {
    let query = Query::Items(query.into());
    Case {
        query,
        json,
        ids,
        src,
    }
}

/// The table, typed.
pub fn cases() -> Vec<Case> {
    let rating = || custom_field::<Deal>("UF_CRM_RATING").expect("a custom field");
    vec![
        // crm.deal.list: `=`, `!=`, in, not in, ranges.
        d(Filter::new(), r#"{}"#, &[1, 2, 3, 4, 5], Table),
        d(Deal::ID.eq(2), r#"{"ID": 2}"#, &[2], Table),
        d(
            Deal::ID.eq(3),
            r#"{"ID": 3}"#,
            &[3],
            Variant(r#"the table's {"=ID": "3"}: ids are integers, `=` has no prefix"#),
        ),
        d(
            Deal::ID.ne(1),
            r#"{"!=ID": 1}"#,
            &[2, 3, 4, 5],
            Variant(r#"the table's {"!ID": 1}: `ne` writes `!=`"#),
        ),
        d(
            Deal::TYPE_ID.ne("SALE"),
            r#"{"!=TYPE_ID": "SALE"}"#,
            &[2, 4],
            Table,
        ),
        d(
            Deal::ID.is_in([1, 3, 5]),
            r#"{"@ID": [1, 3, 5]}"#,
            &[1, 3, 5],
            Table,
        ),
        d(
            Deal::ID.not_in([1, 2]),
            r#"{"!@ID": [1, 2]}"#,
            &[3, 4, 5],
            Table,
        ),
        d(
            Deal::ID.between(2, 4),
            r#"{">=ID": 2, "<=ID": 4}"#,
            &[2, 3, 4],
            Table,
        ),
        // Money compares as a number.
        d(
            Deal::OPPORTUNITY.gt(dec("9999.99")),
            r#"{">OPPORTUNITY": 9999.99}"#,
            &[2, 3],
            Table,
        ),
        d(
            Deal::OPPORTUNITY.ge(dec("9999.99")),
            r#"{">=OPPORTUNITY": 9999.99}"#,
            &[2, 3, 4],
            Variant(r#"the table's "9999.99": a Decimal is written as a number when it is one"#),
        ),
        d(
            Deal::OPPORTUNITY.lt(5000),
            r#"{"<OPPORTUNITY": 5000}"#,
            &[1, 5],
            Table,
        ),
        d(
            Deal::OPPORTUNITY.le(4925),
            r#"{"<=OPPORTUNITY": 4925}"#,
            &[1, 5],
            Table,
        ),
        d(
            f(Deal::OPPORTUNITY.gt(4925)).and(Deal::OPPORTUNITY.le(dec("10000.5"))),
            r#"{">OPPORTUNITY": 4925, "<=OPPORTUNITY": 10000.5}"#,
            &[3, 4],
            Table,
        ),
        d(
            Deal::OPPORTUNITY.eq(dec("4925.0")),
            r#"{"OPPORTUNITY": 4925.0}"#,
            &[1],
            Variant(r#"the table's "4925.0": written as a number"#),
        ),
        d(
            Deal::PROBABILITY.gt(9),
            r#"{">PROBABILITY": 9}"#,
            &[1, 2, 3],
            Table,
        ),
        d(
            Deal::PROBABILITY.eq(0),
            r#"{"PROBABILITY": 0}"#,
            &[5],
            Table,
        ),
        // LIKE on text.
        d(
            Deal::TITLE.like("mol"),
            r#"{"%TITLE": "mol"}"#,
            &[1, 3, 4],
            Table,
        ),
        d(
            Deal::TITLE.like_pattern("mol%"),
            r#"{"=%TITLE": "mol%"}"#,
            &[1, 3],
            Table,
        ),
        d(
            Deal::TITLE.like_pattern("%sale"),
            r#"{"=%TITLE": "%sale"}"#,
            &[2],
            Table,
        ),
        d(
            Deal::TITLE.not_like("mol"),
            r#"{"!%TITLE": "mol"}"#,
            &[2, 5],
            Table,
        ),
        d(
            Deal::TITLE.eq("Deal 100%"),
            r#"{"TITLE": "Deal 100%"}"#,
            &[5],
            Table,
        ),
        d(
            Deal::COMMENTS.like("call"),
            r#"{"%COMMENTS": "call"}"#,
            &[1, 4],
            Table,
        ),
        // Statuses, links, users, flags.
        d(
            Deal::COMPANY_ID.eq(5),
            r#"{"COMPANY_ID": 5}"#,
            &[1, 5],
            Table,
        ),
        d(
            Deal::STAGE_ID.is_in(["NEW", "WON"]),
            r#"{"@STAGE_ID": ["NEW", "WON"]}"#,
            &[1, 3, 5],
            Table,
        ),
        d(
            Deal::STAGE_ID.not_in(["NEW", "WON"]),
            r#"{"!@STAGE_ID": ["NEW", "WON"]}"#,
            &[2, 4],
            Table,
        ),
        d(
            f(Deal::CURRENCY_ID.eq("USD")).and(Deal::ASSIGNED_BY_ID.eq(1)),
            r#"{"CURRENCY_ID": "USD", "ASSIGNED_BY_ID": 1}"#,
            &[1, 3],
            Table,
        ),
        d(
            Deal::ASSIGNED_BY_ID.is_in([1, 6]),
            r#"{"@ASSIGNED_BY_ID": [1, 6]}"#,
            &[1, 2, 3, 4],
            Table,
        ),
        d(
            Deal::IS_MANUAL_OPPORTUNITY.eq(true),
            r#"{"IS_MANUAL_OPPORTUNITY": "Y"}"#,
            &[1, 3, 5],
            Table,
        ),
        // Dates and moments.
        d(
            Deal::BEGINDATE.ge(day(2024, 5, 1)),
            r#"{">=BEGINDATE": "2024-05-01"}"#,
            &[1, 3, 4, 5],
            Table,
        ),
        d(
            Deal::BEGINDATE.lt(day(2024, 5, 1)),
            r#"{"<BEGINDATE": "2024-05-01"}"#,
            &[2],
            Variant(r#"the table's "01.05.2024": a NaiveDate is written YYYY-MM-DD"#),
        ),
        d(
            Deal::BEGINDATE.eq(day(2024, 5, 15)),
            r#"{"BEGINDATE": "2024-05-15"}"#,
            &[4],
            Table,
        ),
        d(
            Deal::DATE_CREATE.gt(day(2000, 1, 1)),
            r#"{">DATE_CREATE": "2000-01-01"}"#,
            &[1, 2, 3, 4, 5],
            Table,
        ),
        d(
            Deal::DATE_CREATE.lt(day(2000, 1, 1)),
            r#"{"<DATE_CREATE": "2000-01-01"}"#,
            &[],
            Variant(r#"the table's "01.01.2000": written YYYY-MM-DD"#),
        ),
        d(
            Deal::DATE_CREATE.ge(at("2000-01-01T00:00:00+03:00")),
            r#"{">=DATE_CREATE": "2000-01-01T00:00:00+03:00"}"#,
            &[1, 2, 3, 4, 5],
            Table,
        ),
        // Empty values.
        d(Deal::COMMENTS.eq(""), r#"{"COMMENTS": ""}"#, &[2, 3], Table),
        d(
            Deal::COMMENTS.ne(""),
            r#"{"!=COMMENTS": ""}"#,
            &[1, 4, 5],
            Variant(r#"the table's {"!COMMENTS": ""}: `ne` writes `!=`"#),
        ),
        // The crm.deal.list example's combination.
        d(
            f(Deal::TITLE.like_pattern("%e"))
                .and(Deal::TYPE_ID.eq("COMPLEX"))
                .and(Deal::OPPORTUNITY.gt(10000))
                .and(Deal::OPPORTUNITY.le(20000))
                .and(Deal::ASSIGNED_BY_ID.is_in([1, 6])),
            r#"{"=%TITLE": "%e", "TYPE_ID": "COMPLEX", ">OPPORTUNITY": 10000, "<=OPPORTUNITY": 20000, "@ASSIGNED_BY_ID": [1, 6]}"#,
            &[2],
            Table,
        ),
        // Custom fields by name.
        d(
            rating().gt(json!(9.9)),
            r#"{">UF_CRM_RATING": 9.9}"#,
            &[2, 4, 5],
            Table,
        ),
        d(
            rating().eq(json!("")),
            r#"{"UF_CRM_RATING": ""}"#,
            &[3],
            Table,
        ),
        // crm.contact.list: multi-fields match exactly, LIKE on text, dates.
        c(
            Contact::PHONE.eq("+201"),
            r#"{"PHONE": "+201"}"#,
            &[2],
            Table,
        ),
        c(Contact::PHONE.eq("+20"), r#"{"PHONE": "+20"}"#, &[], Table),
        c(
            Contact::PHONE.like("+20"),
            r#"{"%PHONE": "+20"}"#,
            &[],
            Table,
        ),
        c(
            Contact::EMAIL.eq("cleo@example.org"),
            r#"{"EMAIL": "cleo@example.org"}"#,
            &[4],
            Table,
        ),
        c(
            Contact::NAME.like("ann"),
            r#"{"%NAME": "ann"}"#,
            &[1, 3],
            Table,
        ),
        c(
            Contact::LAST_NAME.like_pattern("%mol%"),
            r#"{"=%LAST_NAME": "%mol%"}"#,
            &[1, 4],
            Table,
        ),
        c(
            Contact::TYPE_ID.eq("CLIENT"),
            r#"{"TYPE_ID": "CLIENT"}"#,
            &[1, 4],
            Table,
        ),
        c(
            Contact::TYPE_ID.not_in(["CLIENT"]),
            r#"{"!@TYPE_ID": ["CLIENT"]}"#,
            &[2, 3],
            Table,
        ),
        c(
            Contact::COMPANY_ID.is_in([5, 50]),
            r#"{"@COMPANY_ID": [5, 50]}"#,
            &[1, 4],
            Table,
        ),
        c(
            Contact::BIRTHDATE.gt(day(1989, 12, 31)),
            r#"{">BIRTHDATE": "1989-12-31"}"#,
            &[1, 4],
            Table,
        ),
        c(
            Contact::BIRTHDATE.le(day(1985, 1, 15)),
            r#"{"<=BIRTHDATE": "1985-01-15"}"#,
            &[2],
            Variant(r#"the table's "15.01.1985": written YYYY-MM-DD"#),
        ),
        c(
            Contact::LAST_NAME.eq(""),
            r#"{"LAST_NAME": ""}"#,
            &[2],
            Table,
        ),
        // crm.item.list through items::<Deal>(): camelCase names, OR groups.
        i(
            Deal::STAGE_ID.eq("NEW"),
            r#"{"stageId": "NEW"}"#,
            &[1, 5],
            Table,
        ),
        i(
            Deal::OPPORTUNITY.gt(dec("9999.99")),
            r#"{">opportunity": 9999.99}"#,
            &[2, 3],
            Table,
        ),
        i(
            Deal::TITLE
                .like_pattern("mol%")
                .or(Deal::STAGE_ID.is_in(["WON", "PREPARATION"])),
            r#"{"0": {"logic": "OR", "0": {"=%title": "mol%"}, "1": {"@stageId": ["WON", "PREPARATION"]}}}"#,
            &[1, 2, 3],
            Table,
        ),
        i(
            Filter::any([Deal::TYPE_ID.eq("GOODS"), Deal::ASSIGNED_BY_ID.eq(3)]),
            r#"{"0": {"logic": "OR", "0": {"typeId": "GOODS"}, "1": {"assignedById": 3}}}"#,
            &[4, 5],
            Variant(r#"the table's top-level {"logic": "OR", …}: typed OR groups are nested"#),
        ),
        i(
            Deal::COMMENTS.ne(""),
            r#"{"!=comments": ""}"#,
            &[1, 4, 5],
            Table,
        ),
        i(
            f(Deal::IS_MANUAL_OPPORTUNITY.eq(true)).and(Deal::ASSIGNED_BY_ID.is_in([1, 6])),
            r#"{"isManualOpportunity": "Y", "@assignedById": [1, 6]}"#,
            &[1, 3],
            Table,
        ),
        i(
            f(Deal::OPPORTUNITY.between(5000, 20000))
                .and(Deal::TITLE.ne("").or(Deal::COMMENTS.ne(""))),
            r#"{">=opportunity": 5000, "<=opportunity": 20000, "0": {"logic": "OR", "0": {"!=title": ""}, "1": {"!=comments": ""}}}"#,
            &[2, 3, 4],
            Table,
        ),
        i(
            Deal::TITLE.not_like("deal"),
            r#"{"!%title": "deal"}"#,
            &[2, 3, 4],
            Table,
        ),
        i(
            rating().lt(json!(10)),
            r#"{"<ufCrm_RATING": 10}"#,
            &[1],
            Table,
        ),
        // Two OR groups of AND pairs (the shape of the crm.item.list page's date example).
        i(
            Filter::any([
                f(Deal::BEGINDATE.ge(day(2024, 5, 1))).and(Deal::BEGINDATE.lt(day(2024, 5, 2))),
                f(Deal::BEGINDATE.ge(day(2024, 6, 1))).and(Deal::BEGINDATE.lt(day(2024, 6, 2))),
            ]),
            r#"{"0": {"logic": "OR", "0": {">=begindate": "2024-05-01", "<begindate": "2024-05-02"}, "1": {">=begindate": "2024-06-01", "<begindate": "2024-06-02"}}}"#,
            &[1, 3],
            Variant("not in the table: AND pairs inside an OR group"),
        ),
    ]
}
