//! Every method bound from this crate's `docs/`: a request type, a response type and a call
//! builder per page, plus [`catalog`]. The client methods are inherent on
//! [`Client`](crate::Client).
//!
//! Names follow the method: `crm.lead.contact.items.set` is [`CrmLeadContactItemsSet`]
//! (request), `CrmLeadContactItemsSetResponse` (what `result` decodes to),
//! [`CrmLeadContactItemsSetItem`] (an element of its `items` array),
//! `CrmLeadContactItemsSetCall` (what `client.crm_lead_contact_items_set(..)` returns).

bitrix_macros::bind!("docs", __inherent);
