//! The typed query layer on a small hand-written entity (the generated ones are tested in
//! `tests/`).

use serde_json::{json, Map, Value};

use super::*;
use crate::wire::{Wire, WireError};
use crate::Error;

#[derive(Debug, Default, PartialEq)]
struct Deal {
    id: Option<i64>,
    opportunity: Option<Decimal>,
    custom: Custom,
    extra: Map<String, Value>,
}

impl Wire for Deal {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        let mut m = crate::wire::object(value)?;
        Ok(Deal {
            id: take(&mut m, "ID", "id")?,
            opportunity: take(&mut m, "OPPORTUNITY", "opportunity")?,
            custom: Custom::take(&mut m),
            extra: m,
        })
    }
}

const fn info(name: &'static str, camel: &'static str, kind: FieldKind) -> FieldInfo {
    FieldInfo {
        name,
        camel,
        type_text: "t",
        kind,
        title: "",
        read_only: false,
        immutable: false,
        multiple: false,
        required: false,
    }
}

impl Entity for Deal {
    const NAME: &'static str = "Deal";
    const FIELDS_METHOD: &'static str = "crm.deal.fields";
    const FIELDS: &'static [FieldInfo] = &[
        info("ID", "id", FieldKind::Integer),
        info("TITLE", "title", FieldKind::String),
        info("STAGE_ID", "stageId", FieldKind::Status),
        info("OPPORTUNITY", "opportunity", FieldKind::Decimal),
        info("CLOSED", "closed", FieldKind::Flag),
        info("DATE_CREATE", "createdTime", FieldKind::DateTime),
    ];
    const CUSTOM_PREFIX: &'static str = "UF_CRM_";
}

impl Deal {
    const ID: Field<Deal, kind::Integer> = Field::new("ID", "id");
    const TITLE: Field<Deal, kind::Text> = Field::new("TITLE", "title");
    const STAGE_ID: Field<Deal, kind::Status> = Field::new("STAGE_ID", "stageId");
    const OPPORTUNITY: Field<Deal, kind::Decimal> = Field::new("OPPORTUNITY", "opportunity");
    const CLOSED: Field<Deal, kind::Flag> = Field::new("CLOSED", "closed");
    const DATE_CREATE: Field<Deal, kind::DateTime> = Field::new("DATE_CREATE", "createdTime");
}

fn query_err(r: Result<(), Error>) -> (String, String, String) {
    match r {
        Err(Error::Query {
            field,
            operator,
            reason,
            ..
        }) => (field, operator, reason),
        other => panic!("expected a query error, got {other:?}"),
    }
}

#[test]
fn every_rest2_operator() {
    let f = Filter::new()
        .and(Deal::ID.gt(10))
        .and(Deal::ID.le(99))
        .and(Deal::STAGE_ID.is_in(["NEW", "WON"]))
        .and(Deal::STAGE_ID.ne("LOSE"))
        .and(Deal::TITLE.like("Tender"))
        .and(Deal::TITLE.not_like("test"))
        .and(Deal::OPPORTUNITY.between(100, 200))
        .and(Deal::CLOSED.eq(false));
    assert_eq!(
        f.to_rest2().unwrap(),
        json!({
            ">ID": 10, "<=ID": 99, "@STAGE_ID": ["NEW", "WON"], "!=STAGE_ID": "LOSE",
            "%TITLE": "Tender", "!%TITLE": "test", ">=OPPORTUNITY": 100, "<=OPPORTUNITY": 200,
            "CLOSED": "N"
        })
    );
    let f = Filter::new()
        .and(Deal::ID.not_in([1, 2]))
        .and(Deal::TITLE.like_pattern("mol%"))
        .and(Deal::ID.ge(1))
        .and(Deal::ID.lt(5))
        .and(Deal::TITLE.eq("x"));
    assert_eq!(
        f.to_rest2().unwrap(),
        json!({"!@ID": [1, 2], "=%TITLE": "mol%", ">=ID": 1, "<ID": 5, "TITLE": "x"})
    );
}

#[test]
fn item_dialect_uses_camel_names_and_groups() {
    let recent = Filter::new().and(
        Deal::DATE_CREATE
            .ge(chrono::DateTime::parse_from_rfc3339("2025-10-31T00:00:00+02:00").unwrap()),
    );
    let f = Filter::new()
        .and(Filter::any([Filter::from(Deal::TITLE.ne("")), recent]))
        .and(Deal::OPPORTUNITY.ge(5000));
    assert_eq!(
        f.to_item().unwrap(),
        json!({
            "0": {"logic": "OR", "0": {"!=title": ""}, "1": {">=createdTime": "2025-10-31T00:00:00+02:00"}},
            ">=opportunity": 5000
        })
    );
    // crm.deal.list has no OR groups: written, then refused before sending.
    let (field, op, reason) = query_err(f.to_rest2().map(drop));
    assert_eq!((field.as_str(), op.as_str()), ("0", "group"));
    assert!(reason.contains("crm.item.list"), "{reason}");
}

#[test]
fn rest3_triples_and_or_groups() {
    let f = Filter::new()
        .and(Deal::STAGE_ID.eq("NEW"))
        .and(Deal::ID.eq(1).or(Deal::ID.is_in([3, 4, 5])))
        .and(Deal::OPPORTUNITY.between(1000, 2000));
    assert_eq!(
        f.to_rest3().unwrap(),
        json!([
            ["stageId", "=", "NEW"],
            {"logic": "or", "conditions": [["id", "=", 1], ["id", "in", [3, 4, 5]]]},
            ["opportunity", "between", [1000, 2000]]
        ])
    );
    let (_, op, reason) = query_err(Filter::from(Deal::TITLE.like("x")).to_rest3().map(drop));
    assert_eq!(op, "%");
    assert!(reason.contains("REST 3.0"), "{reason}");
}

#[test]
fn raw_json_is_checked_against_the_fields() {
    let check = |v: Value| check_filter::<Deal>("crm.deal.list", &v, Dialect::Rest2);
    check(
        json!({">=OPPORTUNITY": "4925.00", "@ID": [1, "2"], "UF_CRM_X": "anything", "CLOSED": "Y"}),
    )
    .unwrap();
    let (field, op, reason) = query_err(check(json!({">OPORTUNITY": 5})));
    assert_eq!((field.as_str(), op.as_str()), ("OPORTUNITY", ">"));
    assert!(reason.contains("crm.deal.fields"), "{reason}");
    let (field, _, reason) = query_err(check(json!({"OPPORTUNITY": "lots"})));
    assert_eq!(field, "OPPORTUNITY");
    assert!(reason.contains("\"lots\""), "{reason}");
    let (_, op, reason) = query_err(check(json!({"%STAGE_ID": "NEW"})));
    assert_eq!(op, "%");
    assert!(reason.contains("LIKE"), "{reason}");
    let (_, op, _) = query_err(check(json!({"@ID": 5})));
    assert_eq!(op, "@");
    let (_, _, reason) = query_err(check(json!({"CLOSED": "maybe"})));
    assert!(reason.contains("maybe"), "{reason}");
    let (_, _, _) = query_err(check(json!({"DATE_CREATE": "yesterday"})));
    query_err(check(json!(["not", "an", "object"])));
    // Empty values mean "not set" on any field.
    check(json!({"OPPORTUNITY": "", "!ID": null})).unwrap();
    check(json!([])).unwrap();
    let e = check(json!({">OPORTUNITY": 5})).unwrap_err();
    assert_eq!(
        e.to_string(),
        "crm.deal.list: filter on `OPORTUNITY` (>): Deal has no field `OPORTUNITY` (crm.deal.fields lists its fields; custom fields start with `UF_` or `uf`)"
    );
    assert!(e.is_validation());
}

#[test]
fn rest3_raw_filters_are_checked() {
    let check = |v: Value| check_filter::<Deal>("x.list", &v, Dialect::Rest3);
    check(json!([["id", [1, 2]], ["stageId", "=", "NEW"], {"logic": "or", "conditions": [["id", ">", 1]]}])).unwrap();
    let (_, op, _) = query_err(check(json!([["id", "like", 1]])));
    assert_eq!(op, "like");
    query_err(check(json!([["nope", "=", 1]])));
    query_err(check(json!([{"conditions": []}])));
    query_err(check(json!({"id": 1})));
}

#[test]
fn order_and_select() {
    let o = Order::new().desc(Deal::OPPORTUNITY).asc(Deal::ID);
    assert_eq!(
        o.to_json(Dialect::Rest2),
        json!({"OPPORTUNITY": "DESC", "ID": "ASC"})
    );
    assert_eq!(
        o.to_json(Dialect::Item),
        json!({"opportunity": "DESC", "id": "ASC"})
    );
    assert_eq!(
        o.to_json(Dialect::Rest3),
        json!({"opportunity": "desc", "id": "asc"})
    );
    let s = Select::new()
        .field(Deal::ID)
        .field(Deal::TITLE)
        .custom_fields();
    assert_eq!(s.to_json(Dialect::Rest2), json!(["ID", "TITLE", "UF_*"]));
    assert_eq!(s.to_json(Dialect::Item), json!(["id", "title", "*"]));
    check_order::<Deal>(
        "m",
        &json!({"ID": "asc", "UF_CRM_1": "DESC"}),
        Dialect::Rest2,
    )
    .unwrap();
    query_err(check_order::<Deal>(
        "m",
        &json!({"ID": "up"}),
        Dialect::Rest2,
    ));
    query_err(check_order::<Deal>(
        "m",
        &json!({"NOPE": "ASC"}),
        Dialect::Rest2,
    ));
    check_select::<Deal>("m", &json!(["*", "UF_*", "ID", "UF_CRM_5"]), Dialect::Rest2).unwrap();
    query_err(check_select::<Deal>("m", &json!(["TITEL"]), Dialect::Rest2));
    check_select::<Deal>("m", &json!(["overview.topic"]), Dialect::Rest3).unwrap();
}

#[test]
fn custom_fields_by_name() {
    let f = custom_field::<Deal>("UF_CRM_1721244707107").unwrap();
    assert_eq!(f.camel(), "ufCrm_1721244707107");
    let g = custom_field::<Deal>("ufCrm2_1639669411830").unwrap();
    assert_eq!(g.name(), "UF_CRM_2_1639669411830");
    assert_eq!(
        Filter::new().and(f.eq(json!(true))).to_item().unwrap(),
        json!({"ufCrm_1721244707107": true})
    );
    query_err(custom_field::<Deal>("PRIORITY").map(drop));
}

#[test]
fn records_decode_narrowed_and_in_both_spellings() {
    let d: Deal = crate::wire::from_value(json!({"ID": "7"})).unwrap();
    assert_eq!((d.id, d.opportunity), (Some(7), None));
    let d: Deal =
        crate::wire::from_value(json!({"id": 7, "opportunity": 150.5, "ufCrm_5": "x", "fm": []}))
            .unwrap();
    assert_eq!(d.opportunity.unwrap().as_str(), "150.5");
    assert_eq!(d.custom.get("UF_CRM_5"), Some(&json!("x")));
    assert!(d.extra.contains_key("fm"));
    let e = crate::wire::from_value::<Deal>(json!({"OPPORTUNITY": "lots"})).unwrap_err();
    assert_eq!(e.path(), "OPPORTUNITY");
    let e = e.in_record("Deal").in_record("Outer");
    assert_eq!(e.record(), Some("Deal"));
    assert!(e.to_string().ends_with("(a field of `Deal`)"), "{e}");
}

#[test]
fn datetime_fields_take_a_day_or_a_moment() {
    let day = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2000-01-01T00:00:00+03:00").unwrap();
    let f = Filter::new()
        .and(Deal::DATE_CREATE.ge(day))
        .and(Deal::DATE_CREATE.lt(at));
    assert_eq!(
        f.to_rest2().unwrap(),
        json!({">=DATE_CREATE": "2025-01-01", "<DATE_CREATE": "2000-01-01T00:00:00+03:00"})
    );
}

#[test]
fn negated_patterns_are_like_operators() {
    for key in ["!=%TITLE", "!%=TITLE"] {
        let f = json!({ key: "%deal" });
        assert!(
            check_filter::<Deal>("crm.deal.list", &f, Dialect::Rest2).is_ok(),
            "{key}"
        );
    }
    let f = json!({"!%=STAGE_ID": "N%"});
    let (field, op, _) = query_err(check_filter::<Deal>("crm.deal.list", &f, Dialect::Rest2));
    assert_eq!((field.as_str(), op.as_str()), ("STAGE_ID", "!%="));
}
