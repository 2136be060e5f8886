use super::*;
use serde_json::json;

#[test]
fn integers_from_numbers_and_strings() {
    assert_eq!(from_value::<i64>(json!(1010)).unwrap(), 1010);
    assert_eq!(from_value::<i64>(json!("1010")).unwrap(), 1010);
    assert_eq!(from_value::<i64>(json!(" -5 ")).unwrap(), -5);
    assert_eq!(from_value::<i64>(json!(10.0)).unwrap(), 10);
    assert!(from_value::<i64>(json!(10.5)).is_err());
    assert!(from_value::<i64>(json!(u64::MAX)).is_err());
    assert!(from_value::<i64>(json!("")).is_err());
    assert!(from_value::<i64>(json!(true)).is_err());
}

#[test]
fn flags_in_every_spelling() {
    for v in [json!("Y"), json!(true), json!(1), json!("1"), json!("true")] {
        assert!(from_value::<bool>(v).unwrap());
    }
    for v in [json!("N"), json!(false), json!(0), json!("0")] {
        assert!(!from_value::<bool>(v).unwrap());
    }
    assert!(from_value::<bool>(json!("maybe")).is_err());
    assert!(from_value::<bool>(json!(2)).is_err());
}

#[test]
fn options_treat_empty_as_none() {
    assert_eq!(from_value::<Option<i64>>(json!(null)).unwrap(), None);
    assert_eq!(from_value::<Option<i64>>(json!("")).unwrap(), None);
    assert_eq!(from_value::<Option<i64>>(json!("7")).unwrap(), Some(7));
    assert!(from_value::<Option<i64>>(json!("x")).is_err());
}

#[test]
fn false_is_none_unless_the_value_is_a_flag() {
    // im.dialog.users.list: `phones` is an object, or `false` when there are none.
    type Phones = Option<Map<String, serde_json::Value>>;
    assert_eq!(from_value::<Phones>(json!(false)).unwrap(), None);
    assert_eq!(
        from_value::<Option<bool>>(json!(false)).unwrap(),
        Some(false)
    );
    assert!(from_value::<Phones>(json!(true)).is_err());
}

#[test]
fn arrays_and_php_maps() {
    assert_eq!(from_value::<Vec<i64>>(json!([1, "2"])).unwrap(), vec![1, 2]);
    assert_eq!(
        from_value::<Vec<i64>>(json!({"0": 1, "1": "2"})).unwrap(),
        vec![1, 2]
    );
    let m: BTreeMap<String, i64> = from_value(json!([])).unwrap();
    assert!(m.is_empty());
    assert!(from_value::<BTreeMap<String, i64>>(json!([1])).is_err());
}

#[test]
fn dates() {
    let dt: chrono::DateTime<chrono::FixedOffset> =
        from_value(json!("2024-05-03T17:19:01+03:00")).unwrap();
    assert_eq!(dt.to_rfc3339(), "2024-05-03T17:19:01+03:00");
    let d: chrono::NaiveDate = from_value(json!("2024-05-03")).unwrap();
    assert_eq!(d.to_string(), "2024-05-03");
    assert!(from_value::<chrono::NaiveDate>(json!("yesterday")).is_err());
    // The forms real answers use, offset or not (crm.calllist.get, lists in Russian order).
    for (wire, read) in [
        ("2025-07-14 08:47:19", "2025-07-14T08:47:19+00:00"),
        ("2025-07-14T08:47:19", "2025-07-14T08:47:19+00:00"),
        ("30.08.2024 14:29:00", "2024-08-30T14:29:00+00:00"),
        ("30.08.2024 14:29", "2024-08-30T14:29:00+00:00"),
        ("2024-08-30T14:29:00+0200", "2024-08-30T14:29:00+02:00"),
    ] {
        let dt: chrono::DateTime<chrono::FixedOffset> = from_value(json!(wire)).unwrap();
        assert_eq!(dt.to_rfc3339(), read, "{wire}");
    }
    let d: chrono::NaiveDate = from_value(json!("30.08.2024")).unwrap();
    assert_eq!(d.to_string(), "2024-08-30");
    let unset: Option<chrono::NaiveDate> = from_value(json!("")).unwrap();
    assert_eq!(unset, None);
    let err = from_value::<chrono::DateTime<chrono::FixedOffset>>(json!("30/08/2024")).unwrap_err();
    assert!(err.to_string().contains("30/08/2024"), "{err}");
}

#[test]
fn strings_accept_numbers_exactly() {
    assert_eq!(from_value::<String>(json!(42)).unwrap(), "42");
    assert_eq!(from_value::<String>(json!("a")).unwrap(), "a");
}

#[test]
fn from_slice_rejects_trailing_garbage() {
    assert_eq!(from_slice::<i64>(b"12").unwrap(), 12);
    assert!(from_slice::<i64>(b"12 x").is_err());
}

#[test]
fn errors_name_the_path() {
    let err = from_value::<Vec<BTreeMap<String, i64>>>(json!([{"A": 1}, {"B": "x"}])).unwrap_err();
    assert_eq!(err.path(), "[1].B");
    assert_eq!(
        err.to_string(),
        "[1].B: expected an integer (a JSON number or a string of digits), got string \"x\""
    );
    let mut fields = object(json!({"ID": "7", "N": null})).unwrap();
    assert_eq!(take::<i64>(&mut fields, "ID").unwrap(), 7);
    assert_eq!(take::<Option<i64>>(&mut fields, "N").unwrap(), None);
    assert_eq!(take::<Option<i64>>(&mut fields, "GONE").unwrap(), None);
    assert_eq!(
        take::<i64>(&mut fields, "GONE").unwrap_err().to_string(),
        "missing field `GONE`"
    );
    assert!(object(json!([])).unwrap().is_empty());
    assert!(object(json!(5)).is_err());
}
