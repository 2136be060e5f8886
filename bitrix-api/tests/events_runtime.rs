//! The event runtime with the untyped `RawEvent`: both encodings, verification, the
//! installation store, bad bodies. The typed events of a binding are in `events.rs`.

use bitrix_api::events::{self, Installations, RawEvent};
use bitrix_api::{Error, OAuthApp, Secret};

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";
const TOKEN: &str = "51856fefc120afa4b628cc82d3935cce";

/// The onCrmDealAdd example of the page, as the portal form-encodes it.
fn deal_add_form(token: &str, member: &str) -> Vec<u8> {
    format!(
        "event=ONCRMDEALADD&event_handler_id=185&data%5BFIELDS%5D%5BID%5D=6641&ts=1735374081\
         &auth%5Baccess_token%5D=s6p6eclrvim6da22ft9ch94ekreb52lv&auth%5Bexpires_in%5D=3600\
         &auth%5Bscope%5D=crm&auth%5Bdomain%5D=some-domain.bitrix24.com\
         &auth%5Bserver_endpoint%5D=https%3A%2F%2Foauth.bitrix.info%2Frest%2F&auth%5Bstatus%5D=L\
         &auth%5Bclient_endpoint%5D=https%3A%2F%2Fsome-domain.bitrix24.com%2Frest%2F\
         &auth%5Bmember_id%5D={member}&auth%5Brefresh_token%5D=4s386p3q0tr8dy89xvmt96234v3dljg8\
         &auth%5Bapplication_token%5D={token}"
    )
    .into_bytes()
}

#[test]
fn both_encodings_decode_alike_with_numbers_as_strings() {
    let form: RawEvent =
        events::decode_verified(FORM, &deal_add_form(TOKEN, "m1"), &Secret::new(TOKEN)).unwrap();
    let json_body = format!(
        r#"{{"event":"ONCRMDEALADD","event_handler_id":"185","data":{{"FIELDS":{{"ID":"6641"}}}},"ts":"1735374081",
            "auth":{{"access_token":"s6p6eclrvim6da22ft9ch94ekreb52lv","expires_in":3600,"member_id":"m1","application_token":"{TOKEN}"}}}}"#
    );
    let json: RawEvent =
        events::decode_verified(JSON, json_body.as_bytes(), &Secret::new(TOKEN)).unwrap();
    for e in [&form, &json] {
        assert_eq!(e.event, "ONCRMDEALADD");
        assert_eq!(e.event_handler_id, Some(185));
        assert_eq!(e.ts, Some(1735374081));
        let auth = e.auth.as_ref().unwrap();
        assert_eq!(
            (auth.member_id.as_str(), auth.expires_in),
            ("m1", Some(3600))
        );
        assert_eq!(auth.application_token.expose(), TOKEN);
    }
    assert_eq!(form.data["FIELDS"]["ID"], "6641");
    let shown = format!("{form:?}");
    for secret in [
        TOKEN,
        "s6p6eclrvim6da22ft9ch94ekreb52lv",
        "4s386p3q0tr8dy89xvmt96234v3dljg8",
    ] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

#[test]
fn a_wrong_or_missing_token_is_refused_without_quoting_it() {
    let err = events::decode_verified::<RawEvent>(
        FORM,
        &deal_add_form("forged0000", "m1"),
        &Secret::new(TOKEN),
    )
    .unwrap_err();
    assert!(events::is_verification_failure(&err), "{err}");
    let text = format!("{err} {err:?}");
    assert!(
        !text.contains("forged0000") && !text.contains(TOKEN),
        "{text}"
    );
    assert!(text.contains("does not match"), "{text}");
    let no_auth = events::decode_verified::<RawEvent>(
        JSON,
        br#"{"event":"ONCRMDEALADD","data":{}}"#,
        &Secret::new(TOKEN),
    )
    .unwrap_err();
    assert!(events::is_verification_failure(&no_auth), "{no_auth}");
    assert!(no_auth.to_string().contains("no `auth`"));
}

#[test]
fn bad_bodies_are_clear_errors() {
    let t = Secret::new(TOKEN);
    let cases: &[(&str, &[u8], &str, &str)] = &[
        (
            JSON,
            br#"{"event":"ONCRMDEALADD","data":{"FIE"#,
            "body",
            "truncated JSON",
        ),
        (JSON, b"<html>502</html>", "body", "not JSON"),
        (JSON, b"[1,2]", "body", "not an object"),
        (
            "text/plain",
            b"event=X",
            "content-type",
            "not how the portal sends events",
        ),
        (
            "",
            b"event=X",
            "content-type",
            "not how the portal sends events",
        ),
        (FORM, b"data%5BA%5D=1", "event", "no `event`"),
        (FORM, b"event=ON%20X", "event", "letters and digits"),
        (FORM, b"\xff\xfe", "body", "not UTF-8"),
        (FORM, b"event=ONX&ts=1", "auth", "no `auth`"),
    ];
    for (ct, body, path, words) in cases {
        match events::decode_verified::<RawEvent>(ct, body, &t) {
            Err(Error::Decode {
                path: p, message, ..
            }) => {
                assert_eq!(&p, path, "{ct} {body:?}: {message}");
                assert!(message.contains(words), "{ct} {body:?}: {message}");
            }
            other => panic!("{ct} {body:?}: {other:?}"),
        }
    }
    // Verified, but `ts` is no timestamp: the field is named.
    let body =
        format!("event=ONX&ts=yesterday&auth%5Bmember_id%5D=m&auth%5Bapplication_token%5D={TOKEN}");
    let err = events::decode_verified::<RawEvent>(FORM, body.as_bytes(), &t).unwrap_err();
    assert!(
        matches!(&err, Error::Decode { path, .. } if path == "ts"),
        "{err:?}"
    );
}

#[test]
fn garbage_never_panics_and_never_verifies() {
    let base = deal_add_form(TOKEN, "m1");
    let mut rng = fastrand::Rng::with_seed(14);
    let t = Secret::new(TOKEN);
    for round in 0..3000 {
        let mut body = base.clone();
        for _ in 0..rng.usize(1..8) {
            match rng.u8(0..3) {
                0 if !body.is_empty() => {
                    let at = rng.usize(..body.len());
                    body[at] = rng.u8(..);
                }
                1 if !body.is_empty() => body.truncate(rng.usize(..body.len())),
                _ => {
                    let at = rng.usize(..=body.len());
                    body.insert(at, b"[]%&=\"{}"[rng.usize(..8)]);
                }
            }
        }
        let ct = [FORM, JSON][round % 2];
        if let Ok(e) = events::decode_verified::<RawEvent>(ct, &body, &t) {
            // Only bodies that still carry the right token pass.
            assert_eq!(e.auth.unwrap().application_token.expose(), TOKEN);
        }
    }
}

#[test]
fn installations_keep_portals_apart_and_refuse_forged_uninstalls() {
    let portals = Installations::in_memory(OAuthApp::new("app.1", "app-secret"));
    let install = |member: &str, token: &str| {
        format!("event=ONAPPINSTALL&data%5BVERSION%5D=1&ts=1&auth%5Bmember_id%5D={member}&auth%5Bdomain%5D={member}.bitrix24.com&auth%5Baccess_token%5D=a-{member}&auth%5Brefresh_token%5D=r-{member}&auth%5Bapplication_token%5D={token}")
    };
    // Before install: refused.
    assert!(events::is_verification_failure(
        &portals
            .receive::<RawEvent>(FORM, &deal_add_form("tok-a", "a"))
            .unwrap_err()
    ));
    portals
        .receive::<RawEvent>(FORM, install("a", "tok-a").as_bytes())
        .unwrap();
    portals
        .receive::<RawEvent>(FORM, install("b", "tok-b").as_bytes())
        .unwrap();
    let got = portals
        .receive::<RawEvent>(FORM, &deal_add_form("tok-a", "a"))
        .unwrap();
    assert_eq!(got.member_id, "a");
    // Portal b's token does not open portal a.
    assert!(portals
        .receive::<RawEvent>(FORM, &deal_add_form("tok-b", "a"))
        .is_err());
    // A second ONAPPINSTALL with another token does not replace the first.
    assert!(portals
        .receive::<RawEvent>(FORM, install("a", "tok-evil").as_bytes())
        .is_err());
    let a = portals.get("a").unwrap().unwrap();
    assert_eq!(a.client_endpoint, "https://a.bitrix24.com/rest/");
    assert_eq!(
        a.oauth_token_url(),
        "https://oauth.bitrix.info/oauth/token/"
    );
    assert!(portals.client("a").is_ok());
    // OnAppUninstall carries no tokens but the application token: a forged one is refused.
    let uninstall = |token: &str| {
        format!("event=ONAPPUNINSTALL&data%5BLANGUAGE_ID%5D=de&data%5BCLEAN%5D=1&ts=1466439714&auth%5Bdomain%5D=a.bitrix24.com&auth%5Bmember_id%5D=a&auth%5Bapplication_token%5D={token}")
    };
    let forged = portals
        .receive::<RawEvent>(FORM, uninstall("tok-b").as_bytes())
        .unwrap_err();
    assert!(events::is_verification_failure(&forged));
    assert!(
        portals.get("a").unwrap().is_some(),
        "a forged uninstall removed the portal"
    );
    portals
        .receive::<RawEvent>(FORM, uninstall("tok-a").as_bytes())
        .unwrap();
    assert!(portals.get("a").unwrap().is_none());
    assert!(portals.get("b").unwrap().is_some());
}

#[test]
fn the_install_callback_is_stored() {
    let portals = Installations::in_memory(OAuthApp::new("app.1", "app-secret"));
    let query = "DOMAIN=portal.bitrix24.com&PROTOCOL=1&LANG=en&APP_SID=dd8c";
    let form = "AUTH_ID=ahodg4h37n89vo17&AUTH_EXPIRES=3600&REFRESH_ID=2lg086mxijlpvwh0&SERVER_ENDPOINT=https%3A%2F%2Foauth.bitrix.info%2Frest%2F&APPLICATION_TOKEN=ec1b2074&APPLICATION_SCOPE=crm%2Centity&member_id=m9&status=F&PLACEMENT=DEFAULT";
    let inst = portals.install_request(query, form).unwrap();
    assert_eq!(inst.client_endpoint, "https://portal.bitrix24.com/rest/");
    let tokens = inst.tokens.unwrap();
    assert_eq!(
        (tokens.expires_in, tokens.scope.as_deref()),
        (Some(3600), Some("crm,entity"))
    );
    // Its events now verify against APPLICATION_TOKEN.
    assert!(portals
        .receive::<RawEvent>(FORM, &deal_add_form("ec1b2074", "m9"))
        .is_ok());
    assert!(portals
        .receive::<RawEvent>(FORM, &deal_add_form("ec1b2075", "m9"))
        .is_err());
    // A client whose OAuth server is neither Bitrix's nor the portal is refused.
    let evil = form.replace("oauth.bitrix.info", "evil.example");
    portals.install_request(query, &evil).unwrap();
    assert!(
        matches!(portals.client("m9"), Err(Error::Config(m)) if m.contains("trust_oauth_server"))
    );
}
