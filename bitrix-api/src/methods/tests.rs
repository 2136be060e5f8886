//! The bound methods: their requests and answers, and the catalog of every section.

use super::*;
use crate::wire;
use serde_json::json;

#[test]
fn requests_are_their_own_bodies() {
    let req = CrmLeadContactItemsSet::new(
        1,
        vec![
            CrmLeadContactItemsSetItem::new(1010)
                .sort(10)
                .is_primary(true),
            CrmLeadContactItemsSetItem::new(1020),
        ],
    );
    assert_eq!(
        serde_json::to_value(&req).unwrap(),
        json!({"id": 1, "items": [
            {"CONTACT_ID": 1010, "SORT": 10, "IS_PRIMARY": "Y"},
            {"CONTACT_ID": 1020}
        ]})
    );
    let add = CrmLeadContactAdd::new(7, CrmLeadContactAddFields::new(3).is_primary(false));
    assert_eq!(
        serde_json::to_value(&add).unwrap(),
        json!({"id": 7, "fields": {"CONTACT_ID": 3, "IS_PRIMARY": "N"}})
    );
    assert_eq!(
        serde_json::to_value(CrmLeadContactFields::new()).unwrap(),
        json!({})
    );
}

#[test]
fn answers_decode_leniently_and_keep_undocumented_fields() {
    let items: CrmLeadContactItemsGetResponse = wire::from_value(json!([
        {"CONTACT_ID": "1010", "SORT": 10, "ROLE_ID": "0", "IS_PRIMARY": "Y", "NEW": 5},
        {"CONTACT_ID": 1011, "SORT": "20", "ROLE_ID": 0, "IS_PRIMARY": false}
    ]))
    .unwrap();
    assert_eq!(
        (items[0].contact_id, items[0].sort, items[0].role_id),
        (Some(1010), Some(10), Some(0))
    );
    assert_eq!(
        (items[0].is_primary, items[1].is_primary),
        (Some(true), Some(false))
    );
    assert_eq!(items[0].extra.get("NEW"), Some(&json!(5)));
    let ok: CrmLeadContactItemsSetResponse = wire::from_value(json!("Y")).unwrap();
    assert!(ok);
}

#[test]
fn a_missing_field_is_none_and_an_unfitting_one_an_error_naming_it() {
    // Records are typed from the fields page and every field is optional: a narrowed
    // `select` leaves fields out.
    let narrowed = wire::from_value::<CrmLeadContactItemsGetResponse>(json!([
        {"CONTACT_ID": 1, "ROLE_ID": 0, "IS_PRIMARY": "N"}
    ]))
    .unwrap();
    assert_eq!((narrowed[0].contact_id, narrowed[0].sort), (Some(1), None));
    let bad = wire::from_value::<CrmLeadContactItemsGetResponse>(json!([
        {"CONTACT_ID": "x1", "SORT": 1, "ROLE_ID": 0, "IS_PRIMARY": "N"}
    ]))
    .unwrap_err();
    assert!(bad.to_string().contains("x1"), "{bad}");
    assert_eq!(bad.path(), "[0].CONTACT_ID");
    assert_eq!(bad.record(), Some("LeadContact"), "{bad}");
}

#[test]
fn fields_answer_is_a_map_of_descriptions() {
    let fields: CrmLeadContactFieldsResponse = wire::from_value(json!({
        "CONTACT_ID": {"type": "integer", "isRequired": true, "isReadOnly": false,
            "isImmutable": false, "isMultiple": false, "isDynamic": false, "title": "Contact"}
    }))
    .unwrap();
    let c = &fields["CONTACT_ID"];
    assert!(c.is_required && !c.is_read_only);
    assert_eq!(
        (c.type_name.as_str(), c.title.as_str()),
        ("integer", "Contact")
    );
}

/// One section of the catalog: its folder under `docs/`, whether its feature is on, how
/// many method and event pages it binds then (none when off), and names among them.
struct Section {
    folder: &'static str,
    on: bool,
    methods: usize,
    events: usize,
    names: &'static [&'static str],
}

/// `section!("feature", "folder", methods + events, [names…])`.
macro_rules! section {
    ($feature:tt, $folder:literal, $methods:literal + $events:literal, [$($name:literal),* $(,)?]) => {
        Section {
            folder: $folder,
            on: cfg!(feature = $feature),
            methods: $methods,
            events: $events,
            names: &[$($name),*],
        }
    };
}

/// Every section but the crm (its groups overlap: see the test) and the trade catalog's
/// four groups (below).
const SECTIONS: &[Section] = &[
    section!("user", "user", 11 + 0, ["user.get", "user.userfield.add"]),
    section!("departments", "departments", 29 + 0, ["department.get"]),
    section!("lists", "lists", 19 + 0, ["lists.add", "lists.element.get"]),
    section!(
        "calendar",
        "calendar",
        21 + 6,
        ["calendar.event.add", "calendar.resource.booking.list"]
    ),
    section!(
        "entity",
        "entity",
        17 + 0,
        ["entity.add", "entity.item.property.get"]
    ),
    section!(
        "disk",
        "disk",
        38 + 0,
        ["disk.storage.getList", "disk.file.search"]
    ),
    section!(
        "timeman",
        "timeman",
        18 + 0,
        ["timeman.open", "timeman.record.list"]
    ),
    // The top level, checklists, comments, results, time records, custom fields,
    // templates, flows, stages, user actions and the deprecated task.item.* methods.
    section!(
        "tasks",
        "tasks",
        140 + 6,
        [
            "tasks.task.add",
            "task.checklistitem.add",
            "task.item.userfield.getlist"
        ]
    ),
    // im.*, and the chat apps of chats/outdated (imbot.app.*).
    section!(
        "chats",
        "chats",
        67 + 0,
        ["im.message.add", "im.notify.get"]
    ),
    // 4 of them REST 3.0; its events are named in capitals (ONEXTERNALCALLSTART, …).
    section!(
        "telephony",
        "telephony",
        34 + 5,
        ["telephony.externalCall.register", "voximplant.sip.add"]
    ),
    section!(
        "bizproc",
        "bizproc",
        21 + 0,
        ["bizproc.workflow.start", "bizproc.robot.add"]
    ),
    // placement.*, userfieldtype.*; the CALL_CARD commands (getStatus, …) are JS commands,
    // which the reader does not bind.
    section!(
        "widgets",
        "widgets",
        8 + 0,
        ["placement.bind", "userfieldtype.add"]
    ),
    section!(
        "sale",
        "sale",
        140 + 10,
        [
            "sale.order.add",
            "sale.basketitem.addCatalogProduct",
            "sale.cashbox.check.apply"
        ]
    ),
    // 39 current pages (imbot.v2.*, im.v2.*) and the 25 first-generation imbot.* ones.
    section!(
        "chat-bots",
        "chat-bots",
        64 + 6,
        [
            "imbot.v2.Chat.Message.send",
            "im.v2.Event.get",
            "imbot.message.add"
        ]
    ),
    section!(
        "sonet-group",
        "sonet-group",
        44 + 6,
        ["sonet_group.create", "tasks.api.scrum.sprint.start"]
    ),
    // The official onBookingUpdate page names no event: 11 of 12 bind.
    section!(
        "booking",
        "booking",
        38 + 11,
        ["booking.v1.booking.add", "booking.v1.waitlist.client.set"]
    ),
    // Its six application event pages (common/events) are always on: checked below.
    section!(
        "common",
        "common",
        14 + 0,
        ["app.option.get", "server.time"]
    ),
    section!(
        "log",
        "log",
        9 + 3,
        ["log.blogpost.add", "log.blogcomment.user.get"]
    ),
    section!("event-log", "event-log", 5 + 0, ["main.eventlog.list"]),
    section!(
        "messageservice",
        "messageservice",
        5 + 0,
        ["messageservice.sender.add"]
    ),
    // The rpa.task.do page, official and ours, has no parameter, example or answer section:
    // 29 of 30 pages bind.
    section!("rpa", "outdated/rpa", 29 + 0, ["rpa.type.add"]),
    section!(
        "ai",
        "ai",
        3 + 0,
        ["ai.engine.register", "ai.engine.unregister"]
    ),
    section!(
        "user-consent",
        "user-consent",
        3 + 0,
        ["userconsent.agreement.text", "userconsent.consent.add"]
    ),
    section!(
        "vote",
        "vote",
        10 + 0,
        ["vote.AttachedVote.getWithVoted", "vote.Integration.Im.send"]
    ),
    // The use cases under examples/ bind none.
    section!(
        "document-generator",
        "document-generator",
        29 + 0,
        [
            "documentgenerator.document.add",
            "documentgenerator.role.fillaccesses"
        ]
    ),
    section!(
        "note",
        "note",
        25 + 0,
        [
            "note.collection.add",
            "note.document.search.list",
            "note.file.add"
        ]
    ),
    section!(
        "mail",
        "mail",
        24 + 0,
        [
            "mail.mailbox.list",
            "mail.message.send",
            "mail.recipient.listemployees"
        ]
    ),
    section!(
        "mailservice",
        "mailservice",
        6 + 0,
        ["mailservice.add", "mailservice.fields"]
    ),
    section!(
        "imopenlines",
        "imopenlines",
        50 + 12,
        [
            "imopenlines.config.add",
            "imopenlines.session.mode.pinAll",
            "imconnector.send.messages"
        ]
    ),
    section!(
        "biconnector",
        "biconnector",
        19 + 0,
        [
            "biconnector.connector.add",
            "biconnector.dataset.fields.update"
        ]
    ),
    section!(
        "sign",
        "sign",
        16 + 3,
        [
            "sign.b2e.document.send",
            "humanresources.hcmlink.field.value.set"
        ]
    ),
    // 12 current sale.paysystem.* pages and the 2 of pay-system/outdated, whose official
    // pages carry no deprecation banner.
    section!(
        "pay-system",
        "pay-system",
        14 + 0,
        ["sale.paysystem.handler.add", "sale.paysystem.pay.invoice"]
    ),
    section!(
        "landing",
        "landing",
        99 + 0,
        [
            "landing.site.add",
            "landing.role.setRights",
            "landing.repo.register"
        ]
    ),
    section!(
        "vibe",
        "vibe",
        4 + 0,
        ["landing.repowidget.register", "landing.repowidget.debug"]
    ),
];

/// The trade catalog's groups, `catalog` being all of them: (feature on, folders, pages).
const CATALOG_GROUPS: &[(bool, &[&str], usize)] = &[
    (
        cfg!(feature = "catalog-product"),
        &[
            "catalog",
            "section",
            "product",
            "product-image",
            "measure",
            "ratio",
            "vat",
            "enum",
        ],
        60,
    ),
    (
        cfg!(feature = "catalog-price"),
        &["price", "price-type", "extra", "rounding-rule"],
        33,
    ),
    (
        cfg!(feature = "catalog-property"),
        &[
            "product-property",
            "product-property-enum",
            "product-property-feature",
            "product-property-section",
        ],
        21,
    ),
    (
        cfg!(feature = "catalog-store"),
        &[
            "store",
            "store-product",
            "document",
            "documentcontractor",
            "userfield-document",
        ],
        35,
    ),
];

fn pages_under(folder: &str) -> (usize, usize) {
    let prefix = format!("api-reference/{folder}/");
    (
        catalog()
            .iter()
            .filter(|m| m.page.starts_with(&prefix))
            .count(),
        events::catalog()
            .iter()
            .filter(|e| e.page.starts_with(&prefix))
            .count(),
    )
}

#[test]
fn the_catalog_lists_every_page() {
    let names: Vec<&str> = catalog().iter().map(|m| m.name).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "the catalog is sorted by name");
    // Always on: the seeds' six methods, the event.* methods and the application events.
    for always in [
        "crm.lead.contact.add",
        "crm.lead.contact.delete",
        "crm.lead.contact.fields",
        "crm.lead.contact.items.delete",
        "crm.lead.contact.items.get",
        "crm.lead.contact.items.set",
        "event.bind",
        "event.offline.get",
        "events",
    ] {
        assert!(names.contains(&always), "{always} missing");
    }
    assert_eq!(pages_under("common/events").1, 6, "the application events");
    for s in SECTIONS {
        let (methods, events) = pages_under(s.folder);
        let (want_methods, want_events) = if s.on { (s.methods, s.events) } else { (0, 0) };
        assert_eq!(methods, want_methods, "method pages of {}", s.folder);
        if s.folder != "common" {
            assert_eq!(events, want_events, "event pages of {}", s.folder);
        }
        for name in s.names.iter().filter(|_| s.on) {
            assert!(names.contains(name), "{name} missing from {}", s.folder);
        }
    }
    for (on, folders, pages) in CATALOG_GROUPS {
        let bound: usize = folders
            .iter()
            .map(|f| pages_under(&format!("catalog/{f}")).0)
            .sum();
        assert_eq!(bound, if *on { *pages } else { 0 }, "catalog/{folders:?}");
    }
    if cfg!(feature = "catalog") {
        // 15 events named in dotted capitals (`CATALOG.PRODUCT.ON.ADD`, …).
        assert_eq!(pages_under("catalog").1, 15);
        for name in [
            "catalog.product.add",
            "catalog.price.modify",
            "catalog.productPropertyEnum.list",
            "catalog.document.element.list",
        ] {
            assert!(names.contains(&name), "{name} missing");
        }
    }
    // Deprecated folders bind every page #[deprecated].
    for m in catalog().iter().filter(|m| {
        ["crm/outdated/", "chat-bots/outdated/", "outdated/rpa/"]
            .iter()
            .any(|f| m.page.starts_with(&format!("api-reference/{f}")))
    }) {
        assert!(
            m.deprecated.is_some(),
            "{} is bound without #[deprecated]",
            m.name
        );
    }
    // The deprecated crm/outdated pages come with their own feature, not with `crm`.
    let outdated =
        |m: &crate::method::MethodInfo| m.page.starts_with("api-reference/crm/outdated/");
    let crm = catalog()
        .iter()
        .filter(|m| m.page.starts_with("api-reference/crm/") && !outdated(m))
        .count();
    assert_eq!(
        catalog().iter().any(outdated),
        cfg!(feature = "crm-outdated"),
        "crm/outdated pages are bound exactly when `crm-outdated` is on"
    );
    if cfg!(feature = "crm") {
        // Every current (not outdated) official crm method: 353 pages today.
        assert!(crm >= 352, "{crm} crm methods with the `crm` feature");
        assert!(names.contains(&"crm.deal.add") && names.contains(&"crm.item.list"));
    } else if !cfg!(any(feature = "crm-lead", feature = "crm-deal")) {
        assert_eq!(crm, 6, "{names:?}");
    }
    // Every section: `full` binds this many method pages.
    if cfg!(feature = "full") {
        assert_eq!(catalog().len(), 1669, "methods bound with `full`");
    }
    assert!(SKIPPED.is_empty(), "{SKIPPED:?}");
    let set = <CrmLeadContactItemsSet as crate::Method>::info();
    assert_eq!(set.scope, Some("crm"));
    assert!(set.page.ends_with("crm-lead-contact-items-set.md"));
    let items = &set.params[1];
    assert_eq!((items.name, items.required), ("items", true));
    assert_eq!(items.fields[0].name, "CONTACT_ID");
    assert!(items.fields[0].required);
}
