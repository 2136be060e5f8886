//! Every method bound from this crate's `docs/`: a request type, a response type and a call
//! builder per page, plus [`catalog`]. The client methods come with the [`ClientMethods`]
//! trait (also at `bitrix_api::ClientMethods`): import it to call them on a
//! [`Client`](crate::Client), exactly as an app imports its own binding's trait.
//!
//! Names follow the method: `crm.lead.contact.items.set` is [`CrmLeadContactItemsSet`]
//! (request), `CrmLeadContactItemsSetResponse` (what `result` decodes to),
//! [`CrmLeadContactItemsSetItem`] (an element of its `items` array),
//! `CrmLeadContactItemsSetCall` (what `client.crm_lead_contact_items_set(..)` returns: an
//! alias of [`Call`](crate::Call)`<CrmLeadContactItemsSet>`, with the method's setters).

bitrix_macros::bind!("docs", skip_invalid, __shared_call, features {
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
    "settings/interactivity/push-and-pull" => "pull",
});

#[cfg(test)]
mod tests;
