//! Typed events: a binding of the fixture event pages (`tests/fixtures/events`, written
//! for these tests), decoded from both encodings, verified, and the crate's own binding of
//! the real pages.

use bitrix_api::events::{EventSet, Installations};
use bitrix_api::{Error, OAuthApp, Secret};

mod fixture {
    bitrix_api::bind!("../tests/fixtures/events");
}

use fixture::events::{self, Event};

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json; charset=utf-8";

fn widget_form(token: &str) -> Vec<u8> {
    format!(
        "event=ONCRMWIDGETADD&event_handler_id=42&data%5BFIELDS%5D%5BID%5D=17\
         &data%5BFIELDS%5D%5BTITLE%5D=Blue%20widget&data%5BFIELDS%5D%5BACTIVE%5D=Y\
         &data%5BFIELDS%5D%5BCOLOR%5D=blue&ts=1735374081&auth%5Baccess_token%5D=acc3ss\
         &auth%5Bexpires_in%5D=3600&auth%5Bdomain%5D=example.bitrix24.com\
         &auth%5Bmember_id%5D=member-1&auth%5Brefresh_token%5D=r3fresh\
         &auth%5Bapplication_token%5D={token}"
    )
    .into_bytes()
}

#[test]
fn a_form_encoded_event_decodes_into_its_page_type() {
    let e = Event::decode_verified(
        FORM,
        &widget_form("app-token-1"),
        &Secret::new("app-token-1"),
    )
    .unwrap();
    let Event::OnCrmWidgetAdd(w) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(w.event, "ONCRMWIDGETADD");
    assert_eq!(w.event_handler_id, Some(42));
    assert_eq!(w.ts, 1735374081);
    assert_eq!(w.data.fields.id, 17);
    assert_eq!(w.data.fields.title.as_deref(), Some("Blue widget"));
    assert_eq!(w.data.fields.active, Some(true));
    // Undocumented keys are kept.
    assert_eq!(w.data.fields.extra["COLOR"], "blue");
    let auth = e.auth().unwrap();
    assert_eq!(auth.member_id, "member-1");
    assert_eq!(auth.tokens().unwrap().access_token.expose(), "acc3ss");
    assert_eq!(e.code(), "ONCRMWIDGETADD");
    assert!(!format!("{e:?}").contains("r3fresh"));
}

#[test]
fn the_pages_json_example_decodes_alike() {
    let page = include_str!("../../tests/fixtures/events/crm/widgets/events/on-crm-widget-add.md");
    let json = page
        .split("```json")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let e = Event::decode_verified(JSON, json.as_bytes(), &Secret::new("app-token-1")).unwrap();
    let Event::OnCrmWidgetAdd(w) = e else {
        panic!()
    };
    assert_eq!((w.data.fields.id, w.ts), (17, 1735374081));
}

#[test]
fn a_forged_token_is_refused() {
    let err = Event::decode_verified(FORM, &widget_form("guessed"), &Secret::new("app-token-1"))
        .unwrap_err();
    assert!(bitrix_api::events::is_verification_failure(&err), "{err}");
}

#[test]
fn a_known_event_whose_data_does_not_fit_is_an_error_naming_the_field() {
    let body = String::from_utf8(widget_form("t"))
        .unwrap()
        .replace("ID%5D=17", "ID%5D=seventeen");
    match Event::decode_verified(FORM, body.as_bytes(), &Secret::new("t")) {
        Err(Error::Decode {
            method,
            path,
            message,
        }) => {
            assert_eq!(method, "event ONCRMWIDGETADD");
            assert_eq!(path, "data.FIELDS.ID");
            assert!(message.contains("seventeen"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_codes_keep_the_raw_payload() {
    let body = b"event=ONTASKADD&data%5BFIELDS_AFTER%5D%5BID%5D=5&ts=1&auth%5Bmember_id%5D=m&auth%5Bapplication_token%5D=t";
    let e = Event::decode_verified(FORM, body, &Secret::new("t")).unwrap();
    let Event::Unknown(raw) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(raw.event, "ONTASKADD");
    assert_eq!(raw.data["FIELDS_AFTER"]["ID"], "5");
}

#[test]
fn install_is_decoded_unverified_and_uninstall_needs_the_token() {
    let install = b"event=ONAPPINSTALL&data%5BVERSION%5D=3&data%5BLANGUAGE_ID%5D=en&ts=1696527000&auth%5Baccess_token%5D=a&auth%5Brefresh_token%5D=r&auth%5Bdomain%5D=example.bitrix24.com&auth%5Bmember_id%5D=member-1&auth%5Bapplication_token%5D=app-token-1";
    let Event::OnAppInstall(i) = Event::decode_unverified(FORM, install).unwrap() else {
        panic!()
    };
    assert_eq!(i.data.version, 3);
    let portals = Installations::in_memory(OAuthApp::new("app", "secret"));
    portals.receive::<Event>(FORM, install).unwrap();
    let uninstall = |t: &str| {
        format!("event=ONAPPUNINSTALL&data%5BLANGUAGE_ID%5D=de&data%5BCLEAN%5D=1&ts=1466439714&auth%5Bdomain%5D=example.bitrix24.com&auth%5Bmember_id%5D=member-1&auth%5Bapplication_token%5D={t}")
    };
    let forged = portals
        .receive::<Event>(FORM, uninstall("app-token-2").as_bytes())
        .unwrap_err();
    assert!(bitrix_api::events::is_verification_failure(&forged));
    assert!(portals.get("member-1").unwrap().is_some());
    let ok = portals
        .receive::<Event>(FORM, uninstall("app-token-1").as_bytes())
        .unwrap();
    let Event::OnAppUninstall(u) = ok.event else {
        panic!()
    };
    assert_eq!((u.data.clean, u.data.language_id.as_str()), (1, "de"));
    assert!(u.auth.unwrap().access_token.is_none());
    assert!(portals.get("member-1").unwrap().is_none());
}

#[test]
fn the_catalog_lists_the_bound_events() {
    let codes: Vec<(&str, &str)> = events::catalog().iter().map(|e| (e.name, e.code)).collect();
    assert_eq!(
        codes,
        [
            ("onAppInstall", "ONAPPINSTALL"),
            ("onAppUninstall", "ONAPPUNINSTALL"),
            ("onCrmWidgetAdd", "ONCRMWIDGETADD")
        ]
    );
    assert_eq!(
        events::catalog()[2].page,
        "crm/widgets/events/on-crm-widget-add.md"
    );
    assert_eq!(
        Event::unknown(bitrix_api::wire::from_value(serde_json::json!({"event": "X"})).unwrap())
            .code(),
        "X"
    );
}

#[test]
fn the_crates_own_binding_has_the_real_events() {
    use bitrix_api::methods::events as real;
    let names: Vec<&str> = real::catalog().iter().map(|e| e.name).collect();
    assert!(
        names.contains(&"OnAppInstall") && names.contains(&"onAppUninstall"),
        "{names:?}"
    );
    let body = include_str!("../../docs/api-reference/common/events/on-app-uninstall.md");
    let json = body
        .split("```json")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let e = real::Event::decode_verified(
        "application/json",
        json.as_bytes(),
        &Secret::new("51856fefc120afa4b628cc82d3935cce"),
    )
    .unwrap();
    assert!(matches!(e, real::Event::OnAppUninstall(_)), "{e:?}");
    #[cfg(feature = "crm-deal")]
    {
        let page = include_str!("../../docs/api-reference/crm/deals/events/on-crm-deal-add.md");
        let json = page
            .split("```json")
            .nth(1)
            .unwrap()
            .split("```")
            .next()
            .unwrap();
        let e = real::Event::decode_verified(
            "application/json",
            json.as_bytes(),
            &Secret::new("51856fefc120afa4b628cc82d3935cce"),
        )
        .unwrap();
        let real::Event::OnCrmDealAdd(d) = e else {
            panic!("{e:?}")
        };
        assert_eq!(d.data.fields.id, Some(6641));
    }
    #[cfg(feature = "crm-outdated")]
    {
        // The old invoices' pages show no payload, only a `FIELDS` row typed `array`; what
        // a portal sends is the usual form-encoded `data[FIELDS][ID]`.
        assert!(names.contains(&"onCrmInvoiceAdd"), "{names:?}");
        let form = "event=ONCRMINVOICEADD&event_handler_id=7&data%5BFIELDS%5D%5BID%5D=17\
                    &ts=1735374081&auth%5Bdomain%5D=example.bitrix24.com\
                    &auth%5Bmember_id%5D=member-1&auth%5Bapplication_token%5D=app-token-1";
        let e = real::Event::decode_verified(FORM, form.as_bytes(), &Secret::new("app-token-1"))
            .unwrap();
        let real::Event::OnCrmInvoiceAdd(i) = e else {
            panic!("{e:?}")
        };
        // `array` on the page: the values arrive, the `ID` key does not.
        assert_eq!(i.data.fields, Some(vec![serde_json::json!("17")]));
    }
}
