//! The client's own unit tests: request bodies, routes, answers.
use super::*;

fn assert_traits<T: Clone + Send + Sync + fmt::Debug + 'static>() {}

#[test]
fn oauth_bodies_add_auth_last() {
    assert_eq!(
        with_auth(br#"{"id":1,"fields":{"A":"x"}}"#, "t\"k").as_deref(),
        Some(&br#"{"id":1,"fields":{"A":"x"},"auth":"t\"k"}"#[..])
    );
    assert_eq!(
        with_auth(b"{}", "t").as_deref(),
        Some(&br#"{"auth":"t"}"#[..])
    );
    assert_eq!(with_auth(b"[1]", "t"), None);

    let oauth = Credentials::oauth(
        OAuthApp::new("app", "client-secret"),
        Tokens::new("access-token", "refresh-token"),
        Url::parse(crate::DEFAULT_OAUTH_SERVER).unwrap(),
        Box::new(crate::MemoryTokenStore::new()),
    );
    let params = Params::encode("m", &serde_json::json!({"b": 1, "a": 2})).unwrap();
    let attempt = params.body(&oauth, "m", ApiVersion::V2).unwrap();
    assert_eq!(attempt.generation, 0);
    assert!(attempt.bearer.is_none());
    assert_eq!(
        serde_json::from_slice::<Value>(&attempt.body).unwrap(),
        serde_json::json!({"a": 2, "b": 1, "auth": "access-token"})
    );
    let webhook = Credentials::Webhook {
        code: Secret::new("code"),
    };
    let params = Params::encode("m", &serde_json::json!({"a": 1})).unwrap();
    assert_eq!(
        params.body(&webhook, "m", ApiVersion::V2).unwrap().body,
        br#"{"a":1}"#
    );
    let list = Params::encode("m", &serde_json::json!([1])).unwrap();
    assert!(matches!(
        list.body(&oauth, "m", ApiVersion::V2),
        Err(Error::Encode { .. })
    ));
    // A REST 3.0 batch is an array: the token goes in a header, the body stays as is.
    let batch = list.body(&oauth, "batch", ApiVersion::V3).unwrap();
    assert_eq!(batch.body, b"[1]");
    assert_eq!(batch.bearer.unwrap().expose(), "access-token");
    assert!(list
        .body(&webhook, "batch", ApiVersion::V3)
        .unwrap()
        .bearer
        .is_none());
}

#[test]
fn client_is_shareable() {
    assert_traits::<Client>();
}

#[test]
fn call_future_is_send() {
    fn send<F: std::future::Future + Send>(_: F) {}
    let client = Client::webhook("https://x.bitrix24.com/rest/1/code/").unwrap();
    send(client.call_raw("a.b", Value::Null));
    send(client.call_envelope::<i64>("a.b", Value::Null));
}

#[test]
fn needs_auth_and_https() {
    assert!(matches!(Client::builder().build(), Err(Error::Config(_))));
    let err = Client::webhook("http://x.bitrix24.com/rest/1/code/").unwrap_err();
    assert!(err.to_string().contains("http://"), "{err}");
    assert!(!err.to_string().contains("code"), "{err}");
    assert!(Client::builder()
        .webhook("http://x.bitrix24.com/rest/1/code/")
        .allow_insecure_http(true)
        .build()
        .is_ok());
    assert!(Client::webhook("http://127.0.0.1:9/rest/1/code/").is_ok());
}
