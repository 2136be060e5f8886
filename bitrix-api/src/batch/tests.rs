//! The batch's own unit tests: commands, keys, splitting, results.
use super::*;
use serde_json::json;

#[test]
fn refs_serialize_as_portal_strings() {
    let r = Ref::new("get_user").field("UF_DEPARTMENT").index(0);
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json!("$result[get_user][UF_DEPARTMENT][0]")
    );
}

#[test]
fn commands_encode_as_method_and_query() {
    let c = Command::new("a".into(), "crm.lead.get", Ok(json!({"id": 1})));
    assert_eq!(c.cmd.unwrap(), "crm.lead.get?id=1");
    let c = Command::new("a".into(), "user.current", Ok(json!({})));
    assert_eq!(c.cmd.unwrap(), "user.current");
}

#[test]
fn body_keeps_command_order() {
    let body = Body {
        halt: true,
        commands: vec![("c10", "a.b"), ("c2", "c.d"), ("a", "e.f")],
    };
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"{"halt":1,"cmd":{"c10":"a.b","c2":"c.d","a":"e.f"}}"#
    );
}

#[test]
fn finds_referenced_keys() {
    let mut out = Vec::new();
    referenced_keys(
        &json!({"a": ["x $result[k1][ID]", {"b": "$result[k2]"}], "c": 1}),
        &mut out,
    );
    assert_eq!(out, ["k1", "k2"]);
}

#[test]
fn merge_is_deep() {
    let mut base = json!({"id": 1, "fields": {"A": 1, "B": 2}});
    merge(&mut base, json!({"id": "$result[x]", "fields": {"B": 3}}));
    assert_eq!(
        base,
        json!({"id": "$result[x]", "fields": {"A": 1, "B": 3}})
    );
}

#[test]
fn by_key_reads_php_shapes() {
    assert_eq!(by_key(Some(&json!([]))).len(), 0);
    assert_eq!(by_key(Some(&json!(["x", "y"])))["1"], json!("y"));
    assert_eq!(by_key(Some(&json!({"k": 1})))["k"], json!(1));
}

#[test]
fn bad_keys_and_cross_call_refs_are_refused() {
    let client = Client::webhook("https://x.bitrix24.com/rest/1/code/").unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut b = client.batch();
    b.add_raw("a", "x.get", json!({}));
    b.add_raw("a", "x.get", json!({}));
    assert!(matches!(rt.block_on(b.send()), Err(Error::Config(m)) if m.contains("twice")));
    let mut b = client.batch();
    b.add_raw("a[0]", "x.get", json!({}));
    assert!(matches!(rt.block_on(b.send()), Err(Error::Config(_))));
    let mut b = client.batch();
    let first = b.add_raw("first", "x.get", json!({}));
    for _ in 0..60 {
        b.push_command::<Value>(format!("k{}", b.len()), "x.get", Ok(json!({})));
    }
    b.add_raw("late", "x.get", json!({"id": first.field("ID")}));
    assert!(matches!(rt.block_on(b.send()), Err(Error::Config(m)) if m.contains("another call")));
    let mut b = client.batch();
    b.add_raw("x", "x.get", json!({"id": Ref::new("nowhere")}));
    assert!(matches!(rt.block_on(b.send()), Err(Error::Config(m)) if m.contains("not an earlier")));
}
