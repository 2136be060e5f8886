//! Request forms and envelopes: JSON, PHP-style form, GET, `.json`, OAuth paths.

mod common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn json_form_get_and_json_suffix_all_create_contacts() {
    let portal = portal().await;
    let hook = portal.webhook_url();

    let (s, v) = post(
        &format!("{hook}crm.contact.add"),
        json!({"fields": {"NAME": "Json"}}),
    )
    .await;
    assert_eq!((s, v["result"].clone()), (200, json!(1)));

    let (s, v) = form(
        &format!("{hook}crm.contact.add"),
        "fields%5BNAME%5D=Form+Name&fields[LAST_NAME]=A%26B",
    )
    .await;
    assert_eq!((s, v["result"].clone()), (200, json!(2)));

    let (s, v) = get(&format!("{hook}crm.contact.add.json?fields[NAME]=Get")).await;
    assert_eq!((s, v["result"].clone()), (200, json!(3)));

    let (s, v) = get(&format!("{hook}CRM.Contact.Add/?fields[NAME]=Upper")).await;
    assert_eq!((s, v["result"].clone()), (200, json!(4)));

    let names: Vec<String> = portal.contacts().into_iter().map(|c| c.name).collect();
    assert_eq!(names, ["Json", "Form Name", "Get", "Upper"]);
    assert_eq!(portal.contact(2).unwrap().last_name, "A&B");

    // Reads answer IDs as strings, like the portal.
    let (s, v) = get(&format!("{hook}crm.contact.get?id=2")).await;
    assert_eq!(s, 200);
    assert_eq!(v["result"]["ID"], "2");
    assert_eq!(v["result"]["NAME"], "Form Name");
}

#[tokio::test]
async fn query_and_body_parameters_merge() {
    let portal = portal().await;
    let lead = portal.add_lead(json!({"TITLE": "q"}));
    let contact = portal.add_contact(json!({}));
    let url = format!("{}crm.lead.contact.add?id={lead}", portal.webhook_url());
    let (s, v) = post(&url, json!({"fields": {"CONTACT_ID": contact}})).await;
    assert_eq!((s, v["result"].clone()), (200, json!(true)));
}

#[tokio::test]
async fn php_nested_form_lists_reach_items_set() {
    let portal = portal().await;
    let lead = portal.add_lead(json!({}));
    let a = portal.add_contact(json!({}));
    let b = portal.add_contact(json!({}));
    let body = format!(
        "id={lead}&items[0][CONTACT_ID]={a}&items[0][SORT]=20&items[1][CONTACT_ID]={b}&items[1][SORT]=10&items[1][IS_PRIMARY]=Y"
    );
    let (s, v) = form(
        &format!("{}crm.lead.contact.items.set", portal.webhook_url()),
        &body,
    )
    .await;
    assert_eq!((s, v["result"].clone()), (200, json!(true)));
    let links = portal.lead_contacts(lead);
    assert_eq!(
        links
            .iter()
            .map(|l| (l.contact_id, l.sort, l.is_primary))
            .collect::<Vec<_>>(),
        [(b, 10, true), (a, 20, false)]
    );

    // The same through the library's own encoder.
    let q = bitrix_api::query::encode(
        &json!({"id": lead, "items": [{"CONTACT_ID": a, "IS_PRIMARY": "Y"}]}),
    );
    let (s, _) = get(&format!(
        "{}crm.lead.contact.items.set?{q}",
        portal.webhook_url()
    ))
    .await;
    assert_eq!(s, 200);
    assert_eq!(portal.lead(lead).unwrap().contact_id, Some(a));
}

#[tokio::test]
async fn every_answer_has_the_full_time_object() {
    let portal = portal().await;
    let (s, v) = call(&portal, "crm.lead.contact.fields", json!({})).await;
    assert_eq!(s, 200);
    for key in [
        "start",
        "finish",
        "duration",
        "processing",
        "date_start",
        "date_finish",
        "operating_reset_at",
        "operating",
    ] {
        assert!(v["time"].get(key).is_some(), "time.{key} missing: {v}");
    }
    assert!(v["time"]["start"].is_f64());
    assert!(v["time"]["operating_reset_at"].is_i64());
    let date = v["time"]["date_start"].as_str().unwrap();
    assert_eq!(date.len(), "2024-05-03T17:19:01+00:00".len(), "{date}");
}

#[tokio::test]
async fn unknown_method_is_documented_404() {
    let portal = portal().await;
    let (s, e, d) = err(&portal, "crm.lead.nosuch", json!({})).await;
    assert_eq!(
        (s, e.as_str(), d.as_str()),
        (404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
    );
}

#[tokio::test]
async fn answers_are_json_with_content_type() {
    let portal = portal().await;
    let resp = client()
        .get(format!("{}crm.lead.list", portal.webhook_url()))
        .send()
        .await
        .unwrap();
    let ct = resp.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(ct.starts_with("application/json"), "{ct}");
}

#[tokio::test]
async fn oauth_path_takes_auth_from_query_or_body() {
    let portal = portal().await;
    let tokens = portal.issue_tokens(&["crm"]);
    let rest = portal.rest_url();
    let (s, _) = get(&format!(
        "{rest}crm.lead.list?auth={}",
        tokens.access_token.expose()
    ))
    .await;
    assert_eq!(s, 200);
    let (s, v) = post(
        &format!("{rest}crm.lead.add.json"),
        json!({"auth": tokens.access_token.expose(), "fields": {"TITLE": "o"}}),
    )
    .await;
    assert_eq!((s, v["result"].clone()), (200, json!(1)));
    let (s, _) = form(
        &format!("{rest}crm.lead.get"),
        &format!("id=1&auth={}", tokens.access_token.expose()),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(tokens.client_endpoint.as_deref(), Some(rest.as_str()));
}

#[tokio::test]
async fn multipart_bodies_are_read_like_forms() {
    let portal = portal().await;
    let body = "--b0undary\r\n\
        Content-Disposition: form-data; name=\"fields[TITLE]\"\r\n\r\n\
        Multi part\r\n\
        --b0undary\r\n\
        Content-Disposition: form-data; name=\"fields[COMMENTS]\"; filename=\"note.txt\"\r\n\
        Content-Type: text/plain\r\n\r\n\
        line 1\nline 2\r\n\
        --b0undary--\r\n";
    let resp = client()
        .post(format!("{}crm.lead.add", portal.webhook_url()))
        .header("Content-Type", "multipart/form-data; boundary=b0undary")
        .body(body)
        .send()
        .await
        .unwrap();
    let (s, v) = answer(resp).await;
    assert_eq!((s, v["result"].clone()), (200, json!(1)), "{v}");
    let lead = portal.lead(1).unwrap();
    assert_eq!(lead.title, "Multi part");
    assert_eq!(lead.fields["COMMENTS"], "line 1\nline 2");
}
