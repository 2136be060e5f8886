//! Every method bound from this crate's `docs/`: a request type, a response type and a call
//! builder per page, plus [`catalog`]. The client methods come with the [`ClientMethods`]
//! trait (also at `bitrix_api::ClientMethods`): import it to call them on a
//! [`Client`](crate::Client), exactly as an app imports its own binding's trait.
//!
//! Names follow the method: `crm.lead.contact.items.set` is [`CrmLeadContactItemsSet`]
//! (request), `CrmLeadContactItemsSetResponse` (what `result` decodes to),
//! [`CrmLeadContactItemsSetItem`] (an element of its `items` array),
//! `CrmLeadContactItemsSetCall` (what `client.crm_lead_contact_items_set(..)` returns).

bitrix_macros::bind!("docs", skip_invalid, features {
    // The seeds' methods: always on.
    "api-reference/crm/leads/management-communication" => always,
    // Pages directly under crm/ (crm.settings.mode.get, crm.stage.history.list).
    "api-reference/crm" => "crm",
    "api-reference/crm/deals" => "crm-deal",
    "api-reference/crm/leads" => "crm-lead",
    "api-reference/crm/contacts" => "crm-contact",
    "api-reference/crm/companies" => "crm-company",
    "api-reference/crm/universal" => "crm-item",
    "api-reference/crm/timeline" => "crm-activity",
    "api-reference/crm/requisites" => "crm-requisite",
    "api-reference/crm/quote" => "crm-quote",
    "api-reference/crm/currency" => "crm-currency",
    "api-reference/crm/status" => "crm-status",
    "api-reference/crm/document-generator" => "crm-document-generator",
    "api-reference/crm/auxiliary" => "crm-auxiliary",
    "api-reference/crm/duplicates" => "crm-duplicate",
    "api-reference/crm/call-list" => "crm-call-list",
    "api-reference/crm/automation" => "crm-automation",
    "api-reference/crm/automated-solution" => "crm-automated-solution",
    "api-reference/crm/tracking" => "crm-tracking",
    "api-reference/crm/outdated" => "crm-outdated",
    "api-reference/user" => "user",
    "api-reference/departments" => "departments",
    "api-reference/lists" => "lists",
    "api-reference/calendar" => "calendar",
    "api-reference/entity" => "entity",
    "api-reference/disk" => "disk",
    "api-reference/timeman" => "timeman",
    "api-reference/tasks" => "tasks",
    "api-reference/chats" => "chats",
    "api-reference/telephony" => "telephony",
    "api-reference/bizproc" => "bizproc",
    "api-reference/widgets" => "widgets",
    "api-reference/sale" => "sale",
    // The trade catalog: `catalog` is its four groups.
    "api-reference/catalog" => "catalog",
    "api-reference/catalog/catalog" => "catalog-product",
    "api-reference/catalog/section" => "catalog-product",
    "api-reference/catalog/product" => "catalog-product",
    "api-reference/catalog/product-image" => "catalog-product",
    "api-reference/catalog/measure" => "catalog-product",
    "api-reference/catalog/ratio" => "catalog-product",
    "api-reference/catalog/vat" => "catalog-product",
    "api-reference/catalog/enum" => "catalog-product",
    "api-reference/catalog/price" => "catalog-price",
    "api-reference/catalog/price-type" => "catalog-price",
    "api-reference/catalog/extra" => "catalog-price",
    "api-reference/catalog/rounding-rule" => "catalog-price",
    "api-reference/catalog/product-property" => "catalog-property",
    "api-reference/catalog/product-property-enum" => "catalog-property",
    "api-reference/catalog/product-property-feature" => "catalog-property",
    "api-reference/catalog/product-property-section" => "catalog-property",
    "api-reference/catalog/store" => "catalog-store",
    "api-reference/catalog/store-product" => "catalog-store",
    "api-reference/catalog/document" => "catalog-store",
    "api-reference/catalog/documentcontractor" => "catalog-store",
    "api-reference/catalog/userfield-document" => "catalog-store",
    "api-reference/chat-bots" => "chat-bots",
    "api-reference/sonet-group" => "sonet-group",
    "api-reference/booking" => "booking",
    "api-reference/common" => "common",
    // The application events (onAppInstall, onAppUninstall, …) were always on before
    // `common`: they stay so.
    "api-reference/common/events" => always,
    "api-reference/log" => "log",
    "api-reference/event-log" => "event-log",
    "api-reference/messageservice" => "messageservice",
    "api-reference/outdated/rpa" => "rpa",
    "api-reference/ai" => "ai",
    "api-reference/user-consent" => "user-consent",
    "api-reference/vote" => "vote",
    "api-reference/document-generator" => "document-generator",
    "api-reference/note" => "note",
    "api-reference/mail" => "mail",
    "api-reference/mailservice" => "mailservice",
    "api-reference/imopenlines" => "imopenlines",
    "api-reference/biconnector" => "biconnector",
    "api-reference/sign" => "sign",
    "api-reference/pay-system" => "pay-system",
    "api-reference/landing" => "landing",
    "api-reference/vibe" => "vibe",
});

#[cfg(test)]
mod tests {
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

    #[test]
    fn the_catalog_lists_every_page() {
        let names: Vec<&str> = catalog().iter().map(|m| m.name).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "the catalog is sorted by name");
        // Always on: the seeds' six methods and the event.* methods.
        for always in [
            "crm.lead.contact.add",
            "crm.lead.contact.delete",
            "crm.lead.contact.fields",
            "crm.lead.contact.items.delete",
            "crm.lead.contact.items.get",
            "crm.lead.contact.items.set",
            "event.bind",
            "event.offline.get",
        ] {
            assert!(names.contains(&always), "{always} missing");
        }
        // The deprecated crm/outdated pages come with their own feature, not with `crm`,
        // and every one is bound #[deprecated].
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
        for m in catalog().iter().filter(|m| outdated(m)) {
            assert!(
                m.deprecated.is_some(),
                "{} is bound without #[deprecated]",
                m.name
            );
        }
        if cfg!(feature = "crm") {
            // Every current (not outdated) official crm method: 353 pages today.
            assert!(crm >= 352, "{crm} crm methods with the `crm` feature");
            assert!(names.contains(&"crm.deal.add") && names.contains(&"crm.item.list"));
        } else if !cfg!(any(feature = "crm-lead", feature = "crm-deal")) {
            assert_eq!(crm, 6, "{names:?}");
        }
        // The user section (users and their custom fields) comes with `user`: 11 pages.
        let user = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/user/"))
            .count();
        assert_eq!(user, if cfg!(feature = "user") { 11 } else { 0 });
        if cfg!(feature = "user") {
            assert!(names.contains(&"user.get") && names.contains(&"user.userfield.add"));
        }
        // Universal lists (lists, sections, fields, items) come with `lists`: 19 pages.
        let lists = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/lists/"))
            .count();
        assert_eq!(lists, if cfg!(feature = "lists") { 19 } else { 0 });
        if cfg!(feature = "lists") {
            assert!(names.contains(&"lists.add") && names.contains(&"lists.element.get"));
        }
        // The calendar section comes with `calendar`: 21 pages.
        let calendar = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/calendar/"))
            .count();
        assert_eq!(calendar, if cfg!(feature = "calendar") { 21 } else { 0 });
        if cfg!(feature = "calendar") {
            assert!(
                names.contains(&"calendar.event.add")
                    && names.contains(&"calendar.resource.booking.list")
            );
        }
        // Its six event pages (OnCalendarEntry*, OnCalendarSection*) as well.
        let calendar_events = events::catalog()
            .iter()
            .filter(|e| e.page.starts_with("api-reference/calendar/"))
            .count();
        assert_eq!(
            calendar_events,
            if cfg!(feature = "calendar") { 6 } else { 0 }
        );
        // App data storages come with `entity`: 17 pages.
        let entity = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/entity/"))
            .count();
        assert_eq!(entity, if cfg!(feature = "entity") { 17 } else { 0 });
        if cfg!(feature = "entity") {
            assert!(names.contains(&"entity.add") && names.contains(&"entity.item.property.get"));
        }
        // Drive (storages, folders, files, versions, rights, attached files) comes with
        // `disk`: 38 pages.
        let disk = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/disk/"))
            .count();
        assert_eq!(disk, if cfg!(feature = "disk") { 38 } else { 0 });
        if cfg!(feature = "disk") {
            assert!(names.contains(&"disk.storage.getList") && names.contains(&"disk.file.search"));
        }
        // Work time (the workday, time control, REST 3.0 time records, office network
        // ranges, schedules) comes with `timeman`: 18 pages.
        let timeman = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/timeman/"))
            .count();
        assert_eq!(timeman, if cfg!(feature = "timeman") { 18 } else { 0 });
        if cfg!(feature = "timeman") {
            assert!(names.contains(&"timeman.open") && names.contains(&"timeman.record.list"));
        }
        // Tasks come with `tasks`: 140 pages once both halves of the section are in (the
        // top level, checklists, comments, results, time records and custom fields: 70; the
        // templates, flows, stages, user actions and deprecated methods: the other 70).
        let tasks = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/tasks/"))
            .count();
        assert_eq!(tasks, if cfg!(feature = "tasks") { 140 } else { 0 });
        if cfg!(feature = "tasks") {
            assert!(
                names.contains(&"tasks.task.add")
                    && names.contains(&"task.checklistitem.add")
                    && names.contains(&"task.item.userfield.getlist")
            );
        }
        // Its six event pages (OnTaskAdd/Update/Delete, OnTaskComment*) as well.
        let task_events = events::catalog()
            .iter()
            .filter(|e| e.page.starts_with("api-reference/tasks/"))
            .count();
        assert_eq!(task_events, if cfg!(feature = "tasks") { 6 } else { 0 });
        // The messenger section (im.*, imbot.app.*) comes with `chats`: 67 pages.
        let chats = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/chats/"))
            .count();
        assert_eq!(chats, if cfg!(feature = "chats") { 67 } else { 0 });
        if cfg!(feature = "chats") {
            assert!(names.contains(&"im.message.add") && names.contains(&"im.notify.get"));
        }
        // Telephony comes with `telephony`: 34 pages (4 of them REST 3.0). With its five
        // events, named in capitals (ONEXTERNALCALLSTART, ONVOXIMPLANTCALLINIT, …).
        let telephony = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/telephony/"))
            .count();
        assert_eq!(telephony, if cfg!(feature = "telephony") { 34 } else { 0 });
        if cfg!(feature = "telephony") {
            assert!(
                names.contains(&"telephony.externalCall.register")
                    && names.contains(&"voximplant.sip.add")
            );
        }
        let telephony_events = events::catalog()
            .iter()
            .filter(|e| e.page.starts_with("api-reference/telephony/"))
            .count();
        assert_eq!(
            telephony_events,
            if cfg!(feature = "telephony") { 5 } else { 0 }
        );
        // Workflows come with `bizproc`: 21 pages.
        let bizproc = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/bizproc/"))
            .count();
        assert_eq!(bizproc, if cfg!(feature = "bizproc") { 21 } else { 0 });
        if cfg!(feature = "bizproc") {
            assert!(
                names.contains(&"bizproc.workflow.start") && names.contains(&"bizproc.robot.add")
            );
        }
        // Widgets come with `widgets`: 11 pages (placement.*, userfieldtype.*, and the
        // CALL_CARD commands getStatus, disableAutoClose, enableAutoClose).
        let widgets = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/widgets/"))
            .count();
        assert_eq!(widgets, if cfg!(feature = "widgets") { 11 } else { 0 });
        if cfg!(feature = "widgets") {
            assert!(names.contains(&"placement.bind") && names.contains(&"userfieldtype.add"));
        }
        // The online store (orders, carts, payments, shipments, properties, payer types,
        // statuses, delivery, cash registers, order sources) comes with `sale`: 140 pages.
        let sale = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/sale/"))
            .count();
        assert_eq!(sale, if cfg!(feature = "sale") { 140 } else { 0 });
        if cfg!(feature = "sale") {
            assert!(
                names.contains(&"sale.order.add")
                    && names.contains(&"sale.basketitem.addCatalogProduct")
                    && names.contains(&"sale.cashbox.check.apply")
            );
        }
        // Its ten event pages (OnSaleOrderSaved, OnOrderDeleted, ...) as well.
        let sale_events = events::catalog()
            .iter()
            .filter(|e| e.page.starts_with("api-reference/sale/"))
            .count();
        assert_eq!(sale_events, if cfg!(feature = "sale") { 10 } else { 0 });
        // The trade catalog comes in four groups, `catalog` being all of them: 149 pages
        // (60 product, 33 price, 21 property, 35 store), and 15 events named in dotted
        // capitals (`CATALOG.PRODUCT.ON.ADD`, …).
        let on = |enabled: bool, n: usize| if enabled { n } else { 0 };
        let catalog_group = |folders: &[&str]| {
            catalog()
                .iter()
                .filter(|m| {
                    folders
                        .iter()
                        .any(|f| m.page.starts_with(&format!("api-reference/catalog/{f}/")))
                })
                .count()
        };
        let product = catalog_group(&[
            "catalog",
            "section",
            "product",
            "product-image",
            "measure",
            "ratio",
            "vat",
            "enum",
        ]);
        assert_eq!(product, on(cfg!(feature = "catalog-product"), 60));
        let price = catalog_group(&["price", "price-type", "extra", "rounding-rule"]);
        assert_eq!(price, on(cfg!(feature = "catalog-price"), 33));
        let property = catalog_group(&[
            "product-property",
            "product-property-enum",
            "product-property-feature",
            "product-property-section",
        ]);
        assert_eq!(property, on(cfg!(feature = "catalog-property"), 21));
        let store = catalog_group(&[
            "store",
            "store-product",
            "document",
            "documentcontractor",
            "userfield-document",
        ]);
        assert_eq!(store, on(cfg!(feature = "catalog-store"), 35));
        if cfg!(feature = "catalog") {
            assert!(
                names.contains(&"catalog.product.add")
                    && names.contains(&"catalog.price.modify")
                    && names.contains(&"catalog.productPropertyEnum.list")
                    && names.contains(&"catalog.document.element.list")
            );
        }
        let catalog_events = events::catalog()
            .iter()
            .filter(|e| e.page.starts_with("api-reference/catalog/"))
            .count();
        if cfg!(feature = "catalog") {
            assert_eq!(catalog_events, 15);
        }
        // Chat-bots come with `chat-bots`: 39 current pages (34 imbot.v2.*, 5 im.v2.*) and
        // 25 deprecated first-generation imbot.* pages, every one of those #[deprecated].
        let bots = |m: &&crate::method::MethodInfo| m.page.starts_with("api-reference/chat-bots/");
        let chat_bots = catalog().iter().filter(bots).count();
        assert_eq!(chat_bots, if cfg!(feature = "chat-bots") { 64 } else { 0 });
        for m in catalog()
            .iter()
            .filter(bots)
            .filter(|m| m.page.starts_with("api-reference/chat-bots/outdated/"))
        {
            assert!(
                m.deprecated.is_some(),
                "{} is bound without #[deprecated]",
                m.name
            );
        }
        if cfg!(feature = "chat-bots") {
            assert!(
                names.contains(&"imbot.v2.Chat.Message.send")
                    && names.contains(&"im.v2.Event.get")
                    && names.contains(&"imbot.message.add")
            );
        }
        // Workgroups, their members and scrum come with `sonet-group`: 44 pages, and 6 event
        // pages (the 3 onSonetGroup* ones and the 3 outdated onSonetGroupSubject* ones).
        let sonet_group_events = events::catalog()
            .iter()
            .filter(|e| e.page.starts_with("api-reference/sonet-group/"))
            .count();
        assert_eq!(
            sonet_group_events,
            if cfg!(feature = "sonet-group") { 6 } else { 0 }
        );
        let sonet_group = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/sonet-group/"))
            .count();
        assert_eq!(
            sonet_group,
            if cfg!(feature = "sonet-group") { 44 } else { 0 }
        );
        if cfg!(feature = "sonet-group") {
            assert!(
                names.contains(&"sonet_group.create")
                    && names.contains(&"tasks.api.scrum.sprint.start")
            );
        }
        // Online booking (REST 3.0 booking.v1.*) comes with `booking`: 38 pages, and 11 of its
        // 12 event pages: the official onBookingUpdate page has no event name in its title
        // (so it is not bound), and the resource delete page names its event onResourceDelete.
        let booking_events = events::catalog()
            .iter()
            .filter(|e| e.page.starts_with("api-reference/booking/"))
            .count();
        assert_eq!(
            booking_events,
            if cfg!(feature = "booking") { 11 } else { 0 }
        );
        let booking = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/booking/"))
            .count();
        assert_eq!(booking, if cfg!(feature = "booking") { 38 } else { 0 });
        if cfg!(feature = "booking") {
            assert!(
                names.contains(&"booking.v1.booking.add")
                    && names.contains(&"booking.v1.waitlist.client.set")
            );
        }
        // Common methods come with `common`: 14 pages (app.*, user.option.*, user.admin,
        // user.access, profile, scope, methods, method.get, feature.get, access.name,
        // server.time); its six application event pages (common/events) are always on.
        let common = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/common/"))
            .count();
        assert_eq!(common, if cfg!(feature = "common") { 14 } else { 0 });
        let common_events = events::catalog()
            .iter()
            .filter(|e| e.page.starts_with("api-reference/common/events/"))
            .count();
        assert_eq!(common_events, 6);
        if cfg!(feature = "common") {
            assert!(names.contains(&"app.option.get") && names.contains(&"server.time"));
        }
        // The News Feed comes with `log`: 9 pages and its 3 OnLiveFeedPost* event pages.
        let log_events = events::catalog()
            .iter()
            .filter(|e| e.page.starts_with("api-reference/log/"))
            .count();
        assert_eq!(log_events, if cfg!(feature = "log") { 3 } else { 0 });
        let log = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/log/"))
            .count();
        assert_eq!(log, if cfg!(feature = "log") { 9 } else { 0 });
        if cfg!(feature = "log") {
            assert!(
                names.contains(&"log.blogpost.add") && names.contains(&"log.blogcomment.user.get")
            );
        }
        // The event log (REST 3.0 main.eventlog.*) comes with `event-log`: 5 pages.
        let event_log = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/event-log/"))
            .count();
        assert_eq!(event_log, if cfg!(feature = "event-log") { 5 } else { 0 });
        // Message providers come with `messageservice`: 5 pages.
        let messageservice = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/messageservice/"))
            .count();
        assert_eq!(
            messageservice,
            if cfg!(feature = "messageservice") {
                5
            } else {
                0
            }
        );
        // The deprecated rpa.* methods come with `rpa`: 29 pages, every one #[deprecated]
        // (the rpa.task.do page, official and ours, has no parameter, example or answer
        // section, so the reader takes no method from it).
        let rpa =
            |m: &&crate::method::MethodInfo| m.page.starts_with("api-reference/outdated/rpa/");
        assert_eq!(
            catalog().iter().filter(rpa).count(),
            if cfg!(feature = "rpa") { 29 } else { 0 }
        );
        for m in catalog().iter().filter(rpa) {
            assert!(
                m.deprecated.is_some(),
                "{} is bound without #[deprecated]",
                m.name
            );
        }
        // An application's own AI services (ai.engine.*) come with `ai`: 3 pages.
        let ai = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/ai/"))
            .count();
        assert_eq!(ai, if cfg!(feature = "ai") { 3 } else { 0 });
        if cfg!(feature = "ai") {
            assert!(
                names.contains(&"ai.engine.register") && names.contains(&"ai.engine.unregister")
            );
        }
        // User agreements and consents (userconsent.*) come with `user-consent`: 3 pages.
        let user_consent = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/user-consent/"))
            .count();
        assert_eq!(
            user_consent,
            if cfg!(feature = "user-consent") { 3 } else { 0 }
        );
        if cfg!(feature = "user-consent") {
            assert!(
                names.contains(&"userconsent.agreement.text")
                    && names.contains(&"userconsent.consent.add")
            );
        }
        // Polls (vote.AttachedVote.*, vote.Integration.Im.send) come with `vote`: 10 pages.
        let vote = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/vote/"))
            .count();
        assert_eq!(vote, if cfg!(feature = "vote") { 10 } else { 0 });
        if cfg!(feature = "vote") {
            assert!(
                names.contains(&"vote.AttachedVote.getWithVoted")
                    && names.contains(&"vote.Integration.Im.send")
            );
        }
        // The Document Generator outside CRM (documentgenerator.*) comes with
        // `document-generator`: 29 pages (the use cases under examples/ bind none).
        let document_generator = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/document-generator/"))
            .count();
        assert_eq!(
            document_generator,
            if cfg!(feature = "document-generator") {
                29
            } else {
                0
            }
        );
        if cfg!(feature = "document-generator") {
            assert!(
                names.contains(&"documentgenerator.document.add")
                    && names.contains(&"documentgenerator.role.fillaccesses")
            );
        }
        // Knowledge Base 2.0 (REST 3.0 note.*) comes with `note`: 25 pages.
        let note = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/note/"))
            .count();
        assert_eq!(note, if cfg!(feature = "note") { 25 } else { 0 });
        if cfg!(feature = "note") {
            assert!(
                names.contains(&"note.collection.add")
                    && names.contains(&"note.document.search.list")
                    && names.contains(&"note.file.add")
            );
        }
        // Webmail (REST 3.0 mail.*) comes with `mail`: 24 pages.
        let mail = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/mail/"))
            .count();
        assert_eq!(mail, if cfg!(feature = "mail") { 24 } else { 0 });
        if cfg!(feature = "mail") {
            assert!(
                names.contains(&"mail.mailbox.list")
                    && names.contains(&"mail.message.send")
                    && names.contains(&"mail.recipient.listemployees")
            );
        }
        // Mail services (mailservice.*) come with `mailservice`: 6 pages.
        let mailservice = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/mailservice/"))
            .count();
        assert_eq!(
            mailservice,
            if cfg!(feature = "mailservice") { 6 } else { 0 }
        );
        if cfg!(feature = "mailservice") {
            assert!(names.contains(&"mailservice.add") && names.contains(&"mailservice.fields"));
        }
        // Open channels and connectors come with `imopenlines`: 50 pages (38 imopenlines.*,
        // 12 imconnector.*), and the 12 event pages (5 OnOpenLine*/OnSession*, 7 OnImConnector*).
        let imopenlines_events = events::catalog()
            .iter()
            .filter(|e| e.page.starts_with("api-reference/imopenlines/"))
            .count();
        assert_eq!(
            imopenlines_events,
            if cfg!(feature = "imopenlines") { 12 } else { 0 }
        );
        let imopenlines = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/imopenlines/"))
            .count();
        assert_eq!(
            imopenlines,
            if cfg!(feature = "imopenlines") { 50 } else { 0 }
        );
        if cfg!(feature = "imopenlines") {
            assert!(
                names.contains(&"imopenlines.config.add")
                    && names.contains(&"imopenlines.session.mode.pinAll")
                    && names.contains(&"imconnector.send.messages")
            );
        }
        // BIconnector comes with `biconnector`: 19 pages (6 biconnector.connector.*,
        // 6 biconnector.source.*, 7 biconnector.dataset.*).
        let biconnector = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/biconnector/"))
            .count();
        assert_eq!(
            biconnector,
            if cfg!(feature = "biconnector") { 19 } else { 0 }
        );
        if cfg!(feature = "biconnector") {
            assert!(
                names.contains(&"biconnector.connector.add")
                    && names.contains(&"biconnector.dataset.fields.update")
            );
        }
        // e-Signature comes with `sign`: 16 pages (6 sign.b2e.*, 10 humanresources.hcmlink.*)
        // and its 3 OnSign* event pages.
        let sign_events = events::catalog()
            .iter()
            .filter(|e| e.page.starts_with("api-reference/sign/"))
            .count();
        assert_eq!(sign_events, if cfg!(feature = "sign") { 3 } else { 0 });
        let sign = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/sign/"))
            .count();
        assert_eq!(sign, if cfg!(feature = "sign") { 16 } else { 0 });
        if cfg!(feature = "sign") {
            assert!(
                names.contains(&"sign.b2e.document.send")
                    && names.contains(&"humanresources.hcmlink.field.value.set")
            );
        }
        // Payment systems come with `pay-system`: 14 pages, 12 current sale.paysystem.* ones
        // and the 2 of pay-system/outdated (old CRM invoices), whose official pages carry no
        // deprecation banner, so they are bound like the rest.
        let pay_system = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/pay-system/"))
            .count();
        assert_eq!(
            pay_system,
            if cfg!(feature = "pay-system") { 14 } else { 0 }
        );
        if cfg!(feature = "pay-system") {
            assert!(
                names.contains(&"sale.paysystem.handler.add")
                    && names.contains(&"sale.paysystem.pay.invoice")
            );
        }
        // Sites and stores (landing.*) come with `landing`: 99 pages (sites, pages, blocks,
        // special pages, templates, rights, templates and blocks of your own, placements).
        let landing = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/landing/"))
            .count();
        assert_eq!(landing, if cfg!(feature = "landing") { 99 } else { 0 });
        if cfg!(feature = "landing") {
            assert!(
                names.contains(&"landing.site.add")
                    && names.contains(&"landing.role.setRights")
                    && names.contains(&"landing.repo.register")
            );
        }
        // The Vibe's widgets (landing.repowidget.*) come with `vibe`: 4 pages.
        let vibe = catalog()
            .iter()
            .filter(|m| m.page.starts_with("api-reference/vibe/"))
            .count();
        assert_eq!(vibe, if cfg!(feature = "vibe") { 4 } else { 0 });
        if cfg!(feature = "vibe") {
            assert!(
                names.contains(&"landing.repowidget.register")
                    && names.contains(&"landing.repowidget.debug")
            );
        }
        // Every section: `full` binds this many method pages.
        if cfg!(feature = "full") {
            assert_eq!(catalog().len(), 1668, "methods bound with `full`");
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
}
