#[doc(hidden)]
#[allow(deprecated)]
mod __crm_lead_contact_add {
    /**Link a Contact to a Lead (`crm.lead.contact.add`)

Call this method to attach one more contact to a given lead.

**Scope:** `crm` · **Who can execute the method:** any user

# Parameters

- `id` (`integer`, required): ID of the lead that receives the contact. Lead IDs are returned by the [lead list method](https://apidocs.bitrix24.com/api-reference/crm/leads/crm-lead-list.html)
- `fields` (`object`, required): Data of the new link, passed as the structure below (each field is explained [further down](https://apidocs.bitrix24.com/api-reference/crm/leads/management-communication/crm-lead-contact-add.html#parametr-fields)):

  ```js
  fields:
      {
          "CONTACT_ID": "value",
          "SORT": "value",
          "IS_PRIMARY": "value"
      }
  ```
  - `CONTACT_ID` (`integer`, required): ID of the contact
  - `SORT` (`integer`): Position used for sorting. Defaults to `10`
  - `IS_PRIMARY` (`string`): Marks the contact as the primary one

    - `Y` — primary
    - `N` — not primary

    Defaults to `N`

# Returns

`boolean`: Outcome of the call

<details><summary>Example answer</summary>

```json
{
    "result": true,
    "time": {
        "start": 1715091541.642592,
        "finish": 1715091541.730599,
        "duration": 0.08800697326660156,
        "date_start": "2024-05-03T17:19:01+02:00",
        "date_finish": "2024-05-03T17:19:01+02:00",
        "operating": 0
    }
}
```

</details>

# Errors

- `ACCESS_DENIED`: The caller lacks the necessary rights
- `NOT_FOUND`: The item could not be found
- (no code): A required field was left out
- (no code): Any other failure, fatal errors included

Documented in `api-reference/crm/leads/management-communication/crm-lead-contact-add.md`, line 1 ([online](https://apidocs.bitrix24.com/api-reference/crm/leads/management-communication/crm-lead-contact-add.html)).*/
    #[derive(Clone)]
    pub struct CrmLeadContactAdd {
        id: i64,
        fields: CrmLeadContactAddFields,
    }
    impl ::bitrix_api::wire::ToWire for CrmLeadContactAdd {
        #[inline]
        fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
            ::bitrix_api::wire::Out::new()
                .put("id", &self.id)
                .put("fields", &self.fields)
                .done()
        }
    }
    ::bitrix_api::__via_to_wire!(CrmLeadContactAdd);
    impl CrmLeadContactAdd {
        ///Creates the request from its required parameters, in page order; set optional ones with the setters.
        #[inline]
        #[allow(clippy::too_many_arguments, clippy::new_without_default)]
        pub fn new(id: i64, fields: CrmLeadContactAddFields) -> Self {
            Self { id, fields }
        }
    }
    /**The `fields` parameter of `crm.lead.contact.add`.

Documented in `api-reference/crm/leads/management-communication/crm-lead-contact-add.md`, line 39 ([online](https://apidocs.bitrix24.com/api-reference/crm/leads/management-communication/crm-lead-contact-add.html)).*/
    #[derive(Clone)]
    pub struct CrmLeadContactAddFields {
        contact_id: i64,
        sort: ::core::option::Option<i64>,
        is_primary: ::core::option::Option<bool>,
    }
    impl ::bitrix_api::wire::ToWire for CrmLeadContactAddFields {
        #[inline]
        fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
            ::bitrix_api::wire::Out::new()
                .put("CONTACT_ID", &self.contact_id)
                .opt("SORT", &self.sort)
                .yn_opt("IS_PRIMARY", &self.is_primary)
                .done()
        }
    }
    ::bitrix_api::__via_to_wire!(CrmLeadContactAddFields);
    impl CrmLeadContactAddFields {
        ///Creates the `fields` parameter from its required fields, in page order; set optional ones with the setters.
        #[inline]
        #[allow(clippy::too_many_arguments, clippy::new_without_default)]
        pub fn new(contact_id: i64) -> Self {
            Self {
                contact_id,
                sort: ::core::option::Option::None,
                is_primary: ::core::option::Option::None,
            }
        }
        /**Position used for sorting. Defaults to `10`

On the wire: `SORT`, a number (also read from a string such as `"42"`).

From line 41 of `crm-lead-contact-add.md`.*/
        #[inline]
        pub fn sort(mut self, value: i64) -> Self {
            self.sort = ::core::option::Option::Some(value);
            self
        }
        /**Marks the contact as the primary one

- `Y` — primary
- `N` — not primary

Defaults to `N`

On the wire: `IS_PRIMARY`, sent as `"Y"`/`"N"` (read from `Y`/`N`, `1`/`0` or `true`/`false`).

From line 43 of `crm-lead-contact-add.md`.*/
        #[inline]
        pub fn is_primary(mut self, value: bool) -> Self {
            self.is_primary = ::core::option::Option::Some(value);
            self
        }
    }
    /**What `crm.lead.contact.add` answers in `result`: see [`CrmLeadContactAdd`] for the fields.

Documented in `api-reference/crm/leads/management-communication/crm-lead-contact-add.md`, line 103 ([online](https://apidocs.bitrix24.com/api-reference/crm/leads/management-communication/crm-lead-contact-add.html)).*/
    pub type CrmLeadContactAddResponse = bool;
    impl ::bitrix_api::Method for CrmLeadContactAdd {
        const NAME: &'static str = "crm.lead.contact.add";
        type Response = CrmLeadContactAddResponse;
        #[inline]
        fn info() -> &'static ::bitrix_api::MethodInfo {
            ::bitrix_api::method::find(
                super::catalog(),
                "crm.lead.contact.add",
                ::bitrix_api::ApiVersion::V2,
            )
        }
    }
    /**Link a Contact to a Lead (`crm.lead.contact.add`): parameters, answer and errors on [`CrmLeadContactAdd`].

A call ready to send: set optional parameters, then `.await` it (or [`send`](CrmLeadContactAddCall::send)).*/
    #[derive(Debug, Clone)]
    #[must_use = "a call does nothing until it is awaited"]
    pub struct CrmLeadContactAddCall {
        pub(super) client: ::bitrix_api::Client,
        pub(super) request: CrmLeadContactAdd,
        pub(super) options: ::bitrix_api::CallOptions,
    }
    impl CrmLeadContactAddCall {
        /// The request as it will be sent.
        #[inline]
        pub fn request(&self) -> &CrmLeadContactAdd {
            &self.request
        }
        /// Sends the call (the same as awaiting it).
        #[inline]
        pub fn send(
            self,
        ) -> ::bitrix_api::BoxFuture<
            'static,
            ::core::result::Result<CrmLeadContactAddResponse, ::bitrix_api::Error>,
        > {
            self.client.__send(self.request, self.options)
        }
    }
    impl ::core::future::IntoFuture for CrmLeadContactAddCall {
        type Output = ::core::result::Result<
            CrmLeadContactAddResponse,
            ::bitrix_api::Error,
        >;
        type IntoFuture = ::bitrix_api::BoxFuture<'static, Self::Output>;
        #[inline]
        fn into_future(self) -> Self::IntoFuture {
            self.send()
        }
    }
}
#[allow(deprecated)]
pub use __crm_lead_contact_add::*;
#[doc(hidden)]
#[allow(deprecated)]
mod __crm_lead_contact_delete {
    /**Unlink a Contact from a Lead (`crm.lead.contact.delete`)

Call this method to detach a contact from a given lead.

**Scope:** `crm` · **Who can execute the method:** any user

# Parameters

- `id` (`integer`, required): ID of the lead the contact is detached from. Lead IDs are returned by the [lead list](https://apidocs.bitrix24.com/api-reference/crm/leads/crm-lead-list.html) method.
- `fields` (`object`, required): Identifies the contact, passed as the structure below (each field is explained [further down](https://apidocs.bitrix24.com/api-reference/crm/leads/management-communication/crm-lead-contact-delete.html#parametr-fields)):

  ```js
  fields:
      {
          "CONTACT_ID": "value",
      }
  ```
  - `CONTACT_ID` (`integer`, required): ID of the contact

# Returns

`boolean`: Outcome of the call

<details><summary>Example answer</summary>

```json
{
    "result": true,
    "time": {
        "start": 1715091541.642592,
        "finish": 1715091541.730599,
        "duration": 0.08800697326660156,
        "date_start": "2024-05-03T17:19:01+02:00",
        "date_finish": "2024-05-03T17:19:01+02:00",
        "operating": 0
    }
}
```

</details>

# Errors

- `ACCESS_DENIED`: The caller lacks the necessary rights
- `NOT_FOUND`: The item could not be found
- (no code): A required field was left out
- (no code): Any other failure, fatal errors included

Documented in `api-reference/crm/leads/management-communication/crm-lead-contact-delete.md`, line 1 ([online](https://apidocs.bitrix24.com/api-reference/crm/leads/management-communication/crm-lead-contact-delete.html)).*/
    #[derive(Clone)]
    pub struct CrmLeadContactDelete {
        id: i64,
        fields: CrmLeadContactDeleteFields,
    }
    impl ::bitrix_api::wire::ToWire for CrmLeadContactDelete {
        #[inline]
        fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
            ::bitrix_api::wire::Out::new()
                .put("id", &self.id)
                .put("fields", &self.fields)
                .done()
        }
    }
    ::bitrix_api::__via_to_wire!(CrmLeadContactDelete);
    impl CrmLeadContactDelete {
        ///Creates the request from its required parameters, in page order; set optional ones with the setters.
        #[inline]
        #[allow(clippy::too_many_arguments, clippy::new_without_default)]
        pub fn new(id: i64, fields: CrmLeadContactDeleteFields) -> Self {
            Self { id, fields }
        }
    }
    /**The `fields` parameter of `crm.lead.contact.delete`.

Documented in `api-reference/crm/leads/management-communication/crm-lead-contact-delete.md`, line 37 ([online](https://apidocs.bitrix24.com/api-reference/crm/leads/management-communication/crm-lead-contact-delete.html)).*/
    #[derive(Clone)]
    pub struct CrmLeadContactDeleteFields {
        contact_id: i64,
    }
    impl ::bitrix_api::wire::ToWire for CrmLeadContactDeleteFields {
        #[inline]
        fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
            ::bitrix_api::wire::Out::new().put("CONTACT_ID", &self.contact_id).done()
        }
    }
    ::bitrix_api::__via_to_wire!(CrmLeadContactDeleteFields);
    impl CrmLeadContactDeleteFields {
        ///Creates the `fields` parameter from its required fields, in page order; set optional ones with the setters.
        #[inline]
        #[allow(clippy::too_many_arguments, clippy::new_without_default)]
        pub fn new(contact_id: i64) -> Self {
            Self { contact_id }
        }
    }
    /**What `crm.lead.contact.delete` answers in `result`: see [`CrmLeadContactDelete`] for the fields.

Documented in `api-reference/crm/leads/management-communication/crm-lead-contact-delete.md`, line 92 ([online](https://apidocs.bitrix24.com/api-reference/crm/leads/management-communication/crm-lead-contact-delete.html)).*/
    pub type CrmLeadContactDeleteResponse = bool;
    impl ::bitrix_api::Method for CrmLeadContactDelete {
        const NAME: &'static str = "crm.lead.contact.delete";
        type Response = CrmLeadContactDeleteResponse;
        #[inline]
        fn info() -> &'static ::bitrix_api::MethodInfo {
            ::bitrix_api::method::find(
                super::catalog(),
                "crm.lead.contact.delete",
                ::bitrix_api::ApiVersion::V2,
            )
        }
    }
    /**Unlink a Contact from a Lead (`crm.lead.contact.delete`): parameters, answer and errors on [`CrmLeadContactDelete`].

A call ready to send: set optional parameters, then `.await` it (or [`send`](CrmLeadContactDeleteCall::send)).*/
    #[derive(Debug, Clone)]
    #[must_use = "a call does nothing until it is awaited"]
    pub struct CrmLeadContactDeleteCall {
        pub(super) client: ::bitrix_api::Client,
        pub(super) request: CrmLeadContactDelete,
        pub(super) options: ::bitrix_api::CallOptions,
    }
    impl CrmLeadContactDeleteCall {
        /// The request as it will be sent.
        #[inline]
        pub fn request(&self) -> &CrmLeadContactDelete {
            &self.request
        }
        /// Sends the call (the same as awaiting it).
        #[inline]
        pub fn send(
            self,
        ) -> ::bitrix_api::BoxFuture<
            'static,
            ::core::result::Result<CrmLeadContactDeleteResponse, ::bitrix_api::Error>,
        > {
            self.client.__send(self.request, self.options)
        }
    }
    impl ::core::future::IntoFuture for CrmLeadContactDeleteCall {
        type Output = ::core::result::Result<
            CrmLeadContactDeleteResponse,
            ::bitrix_api::Error,
        >;
        type IntoFuture = ::bitrix_api::BoxFuture<'static, Self::Output>;
        #[inline]
        fn into_future(self) -> Self::IntoFuture {
            self.send()
        }
    }
}
#[allow(deprecated)]
pub use __crm_lead_contact_delete::*;
#[doc(hidden)]
#[allow(deprecated)]
mod __crm_lead_contact_fields {
    /**Describe the Lead–Contact Link Fields (`crm.lead.contact.fields`)

This method explains the fields that make up a link between a lead and a contact, as used across the `crm.lead.contact.*` methods.

The method takes no parameters.

**Scope:** `crm` · **Who can execute the method:** any user

# Parameters

No parameters.

# Returns

`object (field descriptions)`: Top-level field of the response; it describes these fields:

- **SORT** — position used for sorting
- **IS_PRIMARY** — marks the primary contact
- **CONTACT_ID** — ID of the contact

<details><summary>Example answer</summary>

```json
{
    "result": {
        "SORT": {
            "type": "integer",
            "isRequired": false,
            "isReadOnly": false,
            "isImmutable": false,
            "isMultiple": false,
            "isDynamic": false,
            "title": "Sorting"
        },
        "IS_PRIMARY": {
            "type": "char",
            "isRequired": false,
            "isReadOnly": false,
            "isImmutable": false,
            "isMultiple": false,
            "isDynamic": false,
            "title": "Primary"
        },
        "CONTACT_ID": {
            "type": "integer",
            "isRequired": true,
            "isReadOnly": false,
            "isImmutable": false,
            "isMultiple": false,
            "isDynamic": false,
            "title": "Contact"
        }
    },
    "time": {
        "start": 1715091541.642592,
        "finish": 1715091541.730599,
        "duration": 0.08800697326660156,
        "date_start": "2024-05-03T17:19:01+02:00",
        "date_finish": "2024-05-03T17:19:01+02:00",
        "operating": 0
    }
}
```

</details>

Documented in `api-reference/crm/leads/management-communication/crm-lead-contact-fields.md`, line 1 ([online](https://apidocs.bitrix24.com/api-reference/crm/leads/management-communication/crm-lead-contact-fields.html)).*/
    #[derive(Clone)]
    pub struct CrmLeadContactFields {}
    impl ::bitrix_api::wire::ToWire for CrmLeadContactFields {
        #[inline]
        fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
            ::bitrix_api::wire::Out::new().done()
        }
    }
    ::bitrix_api::__via_to_wire!(CrmLeadContactFields);
    impl CrmLeadContactFields {
        ///Creates the request from its required parameters, in page order; set optional ones with the setters.
        #[inline]
        #[allow(clippy::too_many_arguments, clippy::new_without_default)]
        pub fn new() -> Self {
            Self {}
        }
    }
    /**What `crm.lead.contact.fields` answers in `result`: see [`CrmLeadContactFields`] for the fields.

Documented in `api-reference/crm/leads/management-communication/crm-lead-contact-fields.md`, line 90 ([online](https://apidocs.bitrix24.com/api-reference/crm/leads/management-communication/crm-lead-contact-fields.html)).*/
    pub type CrmLeadContactFieldsResponse = ::std::collections::BTreeMap<
        ::std::string::String,
        ::bitrix_api::FieldDescription,
    >;
    impl ::bitrix_api::Method for CrmLeadContactFields {
        const NAME: &'static str = "crm.lead.contact.fields";
        type Response = CrmLeadContactFieldsResponse;
        #[inline]
        fn info() -> &'static ::bitrix_api::MethodInfo {
            ::bitrix_api::method::find(
                super::catalog(),
                "crm.lead.contact.fields",
                ::bitrix_api::ApiVersion::V2,
            )
        }
    }
    /**Describe the Lead–Contact Link Fields (`crm.lead.contact.fields`): parameters, answer and errors on [`CrmLeadContactFields`].

A call ready to send: set optional parameters, then `.await` it (or [`send`](CrmLeadContactFieldsCall::send)).*/
    #[derive(Debug, Clone)]
    #[must_use = "a call does nothing until it is awaited"]
    pub struct CrmLeadContactFieldsCall {
        pub(super) client: ::bitrix_api::Client,
        pub(super) request: CrmLeadContactFields,
        pub(super) options: ::bitrix_api::CallOptions,
    }
    impl CrmLeadContactFieldsCall {
        /// The request as it will be sent.
        #[inline]
        pub fn request(&self) -> &CrmLeadContactFields {
            &self.request
        }
        /// Sends the call (the same as awaiting it).
        #[inline]
        pub fn send(
            self,
        ) -> ::bitrix_api::BoxFuture<
            'static,
            ::core::result::Result<CrmLeadContactFieldsResponse, ::bitrix_api::Error>,
        > {
            self.client.__send(self.request, self.options)
        }
    }
    impl ::core::future::IntoFuture for CrmLeadContactFieldsCall {
        type Output = ::core::result::Result<
            CrmLeadContactFieldsResponse,
            ::bitrix_api::Error,
        >;
        type IntoFuture = ::bitrix_api::BoxFuture<'static, Self::Output>;
        #[inline]
        fn into_future(self) -> Self::IntoFuture {
            self.send()
        }
    }
}
#[allow(deprecated)]
pub use __crm_lead_contact_fields::*;
#[doc(hidden)]
#[allow(deprecated)]
mod __crm_lead_contact_items_delete {
    /**Clear All Contact Links of a Lead (`crm.lead.contact.items.delete`)

Call this method to detach every contact from a lead at once.

**Scope:** `crm` · **Who can execute the method:** any user

# Parameters

- `id` (`integer`, required): ID of the lead. Lead IDs are returned by the [lead list method](https://apidocs.bitrix24.com/api-reference/crm/leads/crm-lead-list.html)

# Returns

`boolean`: Outcome of the call

<details><summary>Example answer</summary>

```json
{
    "result": true,
    "time": {
        "start": 1715091541.642592,
        "finish": 1715091541.730599,
        "duration": 0.08800697326660156,
        "date_start": "2024-05-03T17:19:01+03:00",
        "date_finish": "2024-05-03T17:19:01+03:00",
        "operating": 0
    }
}
```

</details>

# Errors

- `ACCESS_DENIED`: The caller lacks the necessary rights
- `NOT_FOUND`: The item could not be found
- (no code): A required field was left out
- (no code): Any other failure, fatal errors included

Documented in `api-reference/crm/leads/management-communication/crm-lead-contact-items-delete.md`, line 1 ([online](https://apidocs.bitrix24.com/api-reference/crm/leads/management-communication/crm-lead-contact-items-delete.html)).*/
    #[derive(Clone)]
    pub struct CrmLeadContactItemsDelete {
        id: i64,
    }
    impl ::bitrix_api::wire::ToWire for CrmLeadContactItemsDelete {
        #[inline]
        fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
            ::bitrix_api::wire::Out::new().put("id", &self.id).done()
        }
    }
    ::bitrix_api::__via_to_wire!(CrmLeadContactItemsDelete);
    impl CrmLeadContactItemsDelete {
        ///Creates the request from its required parameters, in page order; set optional ones with the setters.
        #[inline]
        #[allow(clippy::too_many_arguments, clippy::new_without_default)]
        pub fn new(id: i64) -> Self {
            Self { id }
        }
    }
    /**What `crm.lead.contact.items.delete` answers in `result`: see [`CrmLeadContactItemsDelete`] for the fields.

Documented in `api-reference/crm/leads/management-communication/crm-lead-contact-items-delete.md`, line 71 ([online](https://apidocs.bitrix24.com/api-reference/crm/leads/management-communication/crm-lead-contact-items-delete.html)).*/
    pub type CrmLeadContactItemsDeleteResponse = bool;
    impl ::bitrix_api::Method for CrmLeadContactItemsDelete {
        const NAME: &'static str = "crm.lead.contact.items.delete";
        type Response = CrmLeadContactItemsDeleteResponse;
        #[inline]
        fn info() -> &'static ::bitrix_api::MethodInfo {
            ::bitrix_api::method::find(
                super::catalog(),
                "crm.lead.contact.items.delete",
                ::bitrix_api::ApiVersion::V2,
            )
        }
    }
    /**Clear All Contact Links of a Lead (`crm.lead.contact.items.delete`): parameters, answer and errors on [`CrmLeadContactItemsDelete`].

A call ready to send: set optional parameters, then `.await` it (or [`send`](CrmLeadContactItemsDeleteCall::send)).*/
    #[derive(Debug, Clone)]
    #[must_use = "a call does nothing until it is awaited"]
    pub struct CrmLeadContactItemsDeleteCall {
        pub(super) client: ::bitrix_api::Client,
        pub(super) request: CrmLeadContactItemsDelete,
        pub(super) options: ::bitrix_api::CallOptions,
    }
    impl CrmLeadContactItemsDeleteCall {
        /// The request as it will be sent.
        #[inline]
        pub fn request(&self) -> &CrmLeadContactItemsDelete {
            &self.request
        }
        /// Sends the call (the same as awaiting it).
        #[inline]
        pub fn send(
            self,
        ) -> ::bitrix_api::BoxFuture<
            'static,
            ::core::result::Result<
                CrmLeadContactItemsDeleteResponse,
                ::bitrix_api::Error,
            >,
        > {
            self.client.__send(self.request, self.options)
        }
    }
    impl ::core::future::IntoFuture for CrmLeadContactItemsDeleteCall {
        type Output = ::core::result::Result<
            CrmLeadContactItemsDeleteResponse,
            ::bitrix_api::Error,
        >;
        type IntoFuture = ::bitrix_api::BoxFuture<'static, Self::Output>;
        #[inline]
        fn into_future(self) -> Self::IntoFuture {
            self.send()
        }
    }
}
#[allow(deprecated)]
pub use __crm_lead_contact_items_delete::*;
#[doc(hidden)]
#[allow(deprecated)]
mod __crm_lead_contact_items_get {
    use super::records;
    /**List the Contacts Linked to a Lead (`crm.lead.contact.items.get`)

Call this method to find out which contacts are attached to a lead.

**Scope:** `crm` · **Who can execute the method:** any user

# Parameters

- `id` (`integer`, required): ID of the lead. Lead IDs are returned by the [lead list method](https://apidocs.bitrix24.com/api-reference/crm/leads/crm-lead-list.html)

# Returns

`object[]`: An array of objects describing the links

- `CONTACT_ID` (`integer`, required): ID of the contact
- `SORT` (`integer`, required): Position used for sorting
- `ROLE_ID` (`integer`, required): ID of the role; reserved for future use
- `IS_PRIMARY` (`string`, required): Marks the primary contact

<details><summary>Example answer</summary>

```json
{
    "result": [
        {
            "CONTACT_ID": 1010,
            "SORT": 10,
            "ROLE_ID": 0,
            "IS_PRIMARY": "Y"
        },
        {
            "CONTACT_ID": 1011,
            "SORT": 20,
            "ROLE_ID": 0,
            "IS_PRIMARY": "N"
        }
    ],
    "time": {
        "start": 1715091541.642592,
        "finish": 1715091541.730599,
        "duration": 0.08800697326660156,
        "date_start": "2024-05-03T17:19:01+02:00",
        "date_finish": "2024-05-03T17:19:01+02:00",
        "operating": 0
    }
}
```

</details>

# Errors

- `ACCESS_DENIED`: The caller lacks the necessary rights
- `NOT_FOUND`: The item could not be found
- (no code): A required field was left out
- (no code): Any other failure, fatal errors included

Documented in `api-reference/crm/leads/management-communication/crm-lead-contact-items-get.md`, line 1 ([online](https://apidocs.bitrix24.com/api-reference/crm/leads/management-communication/crm-lead-contact-items-get.html)).*/
    #[derive(Clone)]
    pub struct CrmLeadContactItemsGet {
        id: i64,
    }
    impl ::bitrix_api::wire::ToWire for CrmLeadContactItemsGet {
        #[inline]
        fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
            ::bitrix_api::wire::Out::new().put("id", &self.id).done()
        }
    }
    ::bitrix_api::__via_to_wire!(CrmLeadContactItemsGet);
    impl CrmLeadContactItemsGet {
        ///Creates the request from its required parameters, in page order; set optional ones with the setters.
        #[inline]
        #[allow(clippy::too_many_arguments, clippy::new_without_default)]
        pub fn new(id: i64) -> Self {
            Self { id }
        }
    }
    /**What `crm.lead.contact.items.get` answers in `result`: see [`CrmLeadContactItemsGet`] for the fields.

Documented in `api-reference/crm/leads/management-communication/crm-lead-contact-items-get.md`, line 84 ([online](https://apidocs.bitrix24.com/api-reference/crm/leads/management-communication/crm-lead-contact-items-get.html)).*/
    pub type CrmLeadContactItemsGetResponse = ::std::vec::Vec<records::LeadContact>;
    impl ::bitrix_api::Method for CrmLeadContactItemsGet {
        const NAME: &'static str = "crm.lead.contact.items.get";
        type Response = CrmLeadContactItemsGetResponse;
        #[inline]
        fn info() -> &'static ::bitrix_api::MethodInfo {
            ::bitrix_api::method::find(
                super::catalog(),
                "crm.lead.contact.items.get",
                ::bitrix_api::ApiVersion::V2,
            )
        }
    }
    /**List the Contacts Linked to a Lead (`crm.lead.contact.items.get`): parameters, answer and errors on [`CrmLeadContactItemsGet`].

A call ready to send: set optional parameters, then `.await` it (or [`send`](CrmLeadContactItemsGetCall::send)).*/
    #[derive(Debug, Clone)]
    #[must_use = "a call does nothing until it is awaited"]
    pub struct CrmLeadContactItemsGetCall {
        pub(super) client: ::bitrix_api::Client,
        pub(super) request: CrmLeadContactItemsGet,
        pub(super) options: ::bitrix_api::CallOptions,
    }
    impl CrmLeadContactItemsGetCall {
        /// The request as it will be sent.
        #[inline]
        pub fn request(&self) -> &CrmLeadContactItemsGet {
            &self.request
        }
        /// Sends the call (the same as awaiting it).
        #[inline]
        pub fn send(
            self,
        ) -> ::bitrix_api::BoxFuture<
            'static,
            ::core::result::Result<CrmLeadContactItemsGetResponse, ::bitrix_api::Error>,
        > {
            self.client.__send(self.request, self.options)
        }
    }
    impl ::core::future::IntoFuture for CrmLeadContactItemsGetCall {
        type Output = ::core::result::Result<
            CrmLeadContactItemsGetResponse,
            ::bitrix_api::Error,
        >;
        type IntoFuture = ::bitrix_api::BoxFuture<'static, Self::Output>;
        #[inline]
        fn into_future(self) -> Self::IntoFuture {
            self.send()
        }
    }
}
#[allow(deprecated)]
pub use __crm_lead_contact_items_get::*;
#[doc(hidden)]
#[allow(deprecated)]
mod __crm_lead_contact_items_set {
    /**Replace the Contact Links of a Lead (`crm.lead.contact.items.set`)

Call this method to give a lead a whole list of contacts in one request.

**Scope:** `crm` · **Who can execute the method:** any user

# Parameters

- `id` (`integer`, required): ID of the lead. Lead IDs are returned by the [lead list method](https://apidocs.bitrix24.com/api-reference/crm/leads/crm-lead-list.html)
- `items` (`object[]`, required): The contacts to attach, as an array of objects; each object has these fields:
  - `CONTACT_ID` (`integer`, required): ID of the contact
  - `SORT` (`integer`): position used for sorting
  - `IS_PRIMARY` (`Y/N`): marks the primary contact

# Returns

`boolean`: Outcome of the call

<details><summary>Example answer</summary>

```json
{
    "result": true,
    "time": {
        "start": 1715091541.642592,
        "finish": 1715091541.730599,
        "duration": 0.08800697326660156,
        "date_start": "2024-05-03T17:19:01+02:00",
        "date_finish": "2024-05-03T17:19:01+02:00",
        "operating": 0
    }
}
```

</details>

# Errors

- `ACCESS_DENIED`: The caller lacks the necessary rights
- `NOT_FOUND`: The item could not be found
- (no code): A required field was left out
- (no code): Any other failure, fatal errors included

Documented in `api-reference/crm/leads/management-communication/crm-lead-contact-items-set.md`, line 1 ([online](https://apidocs.bitrix24.com/api-reference/crm/leads/management-communication/crm-lead-contact-items-set.html)).*/
    #[derive(Clone)]
    pub struct CrmLeadContactItemsSet {
        id: i64,
        items: ::std::vec::Vec<CrmLeadContactItemsSetItem>,
    }
    impl ::bitrix_api::wire::ToWire for CrmLeadContactItemsSet {
        #[inline]
        fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
            ::bitrix_api::wire::Out::new()
                .put("id", &self.id)
                .put("items", &self.items)
                .done()
        }
    }
    ::bitrix_api::__via_to_wire!(CrmLeadContactItemsSet);
    impl CrmLeadContactItemsSet {
        ///Creates the request from its required parameters, in page order; set optional ones with the setters.
        #[inline]
        #[allow(clippy::too_many_arguments, clippy::new_without_default)]
        pub fn new(id: i64, items: ::std::vec::Vec<CrmLeadContactItemsSetItem>) -> Self {
            Self { id, items }
        }
    }
    /**An element of the `items` parameter of `crm.lead.contact.items.set`.

Documented in `api-reference/crm/leads/management-communication/crm-lead-contact-items-set.md`, line 18 ([online](https://apidocs.bitrix24.com/api-reference/crm/leads/management-communication/crm-lead-contact-items-set.html)).*/
    #[derive(Clone)]
    pub struct CrmLeadContactItemsSetItem {
        contact_id: i64,
        sort: ::core::option::Option<i64>,
        is_primary: ::core::option::Option<bool>,
    }
    impl ::bitrix_api::wire::ToWire for CrmLeadContactItemsSetItem {
        #[inline]
        fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
            ::bitrix_api::wire::Out::new()
                .put("CONTACT_ID", &self.contact_id)
                .opt("SORT", &self.sort)
                .yn_opt("IS_PRIMARY", &self.is_primary)
                .done()
        }
    }
    ::bitrix_api::__via_to_wire!(CrmLeadContactItemsSetItem);
    impl CrmLeadContactItemsSetItem {
        ///Creates An element of the `items` parameter from its required fields, in page order; set optional ones with the setters.
        #[inline]
        #[allow(clippy::too_many_arguments, clippy::new_without_default)]
        pub fn new(contact_id: i64) -> Self {
            Self {
                contact_id,
                sort: ::core::option::Option::None,
                is_primary: ::core::option::Option::None,
            }
        }
        /**position used for sorting

On the wire: `SORT`, a number (also read from a string such as `"42"`).

From line 18 of `crm-lead-contact-items-set.md`.*/
        #[inline]
        pub fn sort(mut self, value: i64) -> Self {
            self.sort = ::core::option::Option::Some(value);
            self
        }
        /**marks the primary contact

On the wire: `IS_PRIMARY`, sent as `"Y"`/`"N"` (read from `Y`/`N`, `1`/`0` or `true`/`false`).

From line 18 of `crm-lead-contact-items-set.md`.*/
        #[inline]
        pub fn is_primary(mut self, value: bool) -> Self {
            self.is_primary = ::core::option::Option::Some(value);
            self
        }
    }
    /**What `crm.lead.contact.items.set` answers in `result`: see [`CrmLeadContactItemsSet`] for the fields.

Documented in `api-reference/crm/leads/management-communication/crm-lead-contact-items-set.md`, line 78 ([online](https://apidocs.bitrix24.com/api-reference/crm/leads/management-communication/crm-lead-contact-items-set.html)).*/
    pub type CrmLeadContactItemsSetResponse = bool;
    impl ::bitrix_api::Method for CrmLeadContactItemsSet {
        const NAME: &'static str = "crm.lead.contact.items.set";
        type Response = CrmLeadContactItemsSetResponse;
        #[inline]
        fn info() -> &'static ::bitrix_api::MethodInfo {
            ::bitrix_api::method::find(
                super::catalog(),
                "crm.lead.contact.items.set",
                ::bitrix_api::ApiVersion::V2,
            )
        }
    }
    /**Replace the Contact Links of a Lead (`crm.lead.contact.items.set`): parameters, answer and errors on [`CrmLeadContactItemsSet`].

A call ready to send: set optional parameters, then `.await` it (or [`send`](CrmLeadContactItemsSetCall::send)).*/
    #[derive(Debug, Clone)]
    #[must_use = "a call does nothing until it is awaited"]
    pub struct CrmLeadContactItemsSetCall {
        pub(super) client: ::bitrix_api::Client,
        pub(super) request: CrmLeadContactItemsSet,
        pub(super) options: ::bitrix_api::CallOptions,
    }
    impl CrmLeadContactItemsSetCall {
        /// The request as it will be sent.
        #[inline]
        pub fn request(&self) -> &CrmLeadContactItemsSet {
            &self.request
        }
        /// Sends the call (the same as awaiting it).
        #[inline]
        pub fn send(
            self,
        ) -> ::bitrix_api::BoxFuture<
            'static,
            ::core::result::Result<CrmLeadContactItemsSetResponse, ::bitrix_api::Error>,
        > {
            self.client.__send(self.request, self.options)
        }
    }
    impl ::core::future::IntoFuture for CrmLeadContactItemsSetCall {
        type Output = ::core::result::Result<
            CrmLeadContactItemsSetResponse,
            ::bitrix_api::Error,
        >;
        type IntoFuture = ::bitrix_api::BoxFuture<'static, Self::Output>;
        #[inline]
        fn into_future(self) -> Self::IntoFuture {
            self.send()
        }
    }
}
#[allow(deprecated)]
pub use __crm_lead_contact_items_set::*;
///The client methods of the pages bound here, one per page. Import this trait (`use …::ClientMethods;`) to call them on a [`bitrix_api::Client`](::bitrix_api::Client); each returns a call builder: set optional parameters, then `.await` it.
pub trait ClientMethods {
    ///Link a Contact to a Lead (`crm.lead.contact.add`): parameters, answer and errors on [`CrmLeadContactAdd`].
    fn crm_lead_contact_add(
        &self,
        id: i64,
        fields: CrmLeadContactAddFields,
    ) -> CrmLeadContactAddCall;
    ///Unlink a Contact from a Lead (`crm.lead.contact.delete`): parameters, answer and errors on [`CrmLeadContactDelete`].
    fn crm_lead_contact_delete(
        &self,
        id: i64,
        fields: CrmLeadContactDeleteFields,
    ) -> CrmLeadContactDeleteCall;
    ///Describe the Lead–Contact Link Fields (`crm.lead.contact.fields`): parameters, answer and errors on [`CrmLeadContactFields`].
    fn crm_lead_contact_fields(&self) -> CrmLeadContactFieldsCall;
    ///Clear All Contact Links of a Lead (`crm.lead.contact.items.delete`): parameters, answer and errors on [`CrmLeadContactItemsDelete`].
    fn crm_lead_contact_items_delete(&self, id: i64) -> CrmLeadContactItemsDeleteCall;
    ///List the Contacts Linked to a Lead (`crm.lead.contact.items.get`): parameters, answer and errors on [`CrmLeadContactItemsGet`].
    fn crm_lead_contact_items_get(&self, id: i64) -> CrmLeadContactItemsGetCall;
    ///Replace the Contact Links of a Lead (`crm.lead.contact.items.set`): parameters, answer and errors on [`CrmLeadContactItemsSet`].
    fn crm_lead_contact_items_set(
        &self,
        id: i64,
        items: ::std::vec::Vec<CrmLeadContactItemsSetItem>,
    ) -> CrmLeadContactItemsSetCall;
}
#[allow(deprecated)]
impl ClientMethods for ::bitrix_api::Client {
    #[inline]
    fn crm_lead_contact_add(
        &self,
        id: i64,
        fields: CrmLeadContactAddFields,
    ) -> CrmLeadContactAddCall {
        __crm_lead_contact_add::CrmLeadContactAddCall {
            client: ::core::clone::Clone::clone(self),
            request: __crm_lead_contact_add::CrmLeadContactAdd::new(id, fields),
            options: ::core::default::Default::default(),
        }
    }
    #[inline]
    fn crm_lead_contact_delete(
        &self,
        id: i64,
        fields: CrmLeadContactDeleteFields,
    ) -> CrmLeadContactDeleteCall {
        __crm_lead_contact_delete::CrmLeadContactDeleteCall {
            client: ::core::clone::Clone::clone(self),
            request: __crm_lead_contact_delete::CrmLeadContactDelete::new(id, fields),
            options: ::core::default::Default::default(),
        }
    }
    #[inline]
    fn crm_lead_contact_fields(&self) -> CrmLeadContactFieldsCall {
        __crm_lead_contact_fields::CrmLeadContactFieldsCall {
            client: ::core::clone::Clone::clone(self),
            request: __crm_lead_contact_fields::CrmLeadContactFields::new(),
            options: ::core::default::Default::default(),
        }
    }
    #[inline]
    fn crm_lead_contact_items_delete(&self, id: i64) -> CrmLeadContactItemsDeleteCall {
        __crm_lead_contact_items_delete::CrmLeadContactItemsDeleteCall {
            client: ::core::clone::Clone::clone(self),
            request: __crm_lead_contact_items_delete::CrmLeadContactItemsDelete::new(id),
            options: ::core::default::Default::default(),
        }
    }
    #[inline]
    fn crm_lead_contact_items_get(&self, id: i64) -> CrmLeadContactItemsGetCall {
        __crm_lead_contact_items_get::CrmLeadContactItemsGetCall {
            client: ::core::clone::Clone::clone(self),
            request: __crm_lead_contact_items_get::CrmLeadContactItemsGet::new(id),
            options: ::core::default::Default::default(),
        }
    }
    #[inline]
    fn crm_lead_contact_items_set(
        &self,
        id: i64,
        items: ::std::vec::Vec<CrmLeadContactItemsSetItem>,
    ) -> CrmLeadContactItemsSetCall {
        __crm_lead_contact_items_set::CrmLeadContactItemsSetCall {
            client: ::core::clone::Clone::clone(self),
            request: __crm_lead_contact_items_set::CrmLeadContactItemsSet::new(
                id,
                items,
            ),
            options: ::core::default::Default::default(),
        }
    }
}
/// The events of the pages bound here: a payload type per page, [`Event`] over
/// them, and [`catalog`]. Decode a handler's POST with [`Event::decode_verified`]
/// (or let `bitrix_api::events::Installations` / the `axum` router do it).
pub mod events {
    /// Every event bound here (with the features enabled), by the code the portal
    /// sends; codes no page describes are [`Event::Unknown`].
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub enum Event {
        /// An event no page bound here describes, kept as it came.
        Unknown(::bitrix_api::events::RawEvent),
    }
    impl ::bitrix_api::events::EventSet for Event {
        fn from_payload(
            payload: ::bitrix_api::__private::serde_json::Value,
        ) -> ::core::result::Result<Self, ::bitrix_api::Error> {
            let code = ::bitrix_api::events::code_of(&payload)?;
            match code.as_str() {
                _ => {
                    ::bitrix_api::events::RawEvent::from_payload(payload)
                        .map(Event::Unknown)
                }
            }
        }
        fn unknown(raw: ::bitrix_api::events::RawEvent) -> Self {
            Event::Unknown(raw)
        }
        fn code(&self) -> &str {
            match self {
                Event::Unknown(e) => &e.event,
            }
        }
        fn auth(&self) -> ::core::option::Option<&::bitrix_api::events::EventAuth> {
            match self {
                Event::Unknown(e) => e.auth.as_ref(),
            }
        }
    }
    impl Event {
        /// Decodes a handler's POST (`Content-Type` and body as they came) and
        /// checks its `auth.application_token` against the one stored at install,
        /// in constant time. A body that fails is an error and no event.
        pub fn decode_verified(
            content_type: &str,
            body: &[u8],
            expected_application_token: &::bitrix_api::Secret,
        ) -> ::core::result::Result<Event, ::bitrix_api::Error> {
            ::bitrix_api::events::decode_verified(
                content_type,
                body,
                expected_application_token,
            )
        }
        /// Decodes without verification: only for `ONAPPINSTALL`, which brings the
        /// token later events are verified against.
        pub fn decode_unverified(
            content_type: &str,
            body: &[u8],
        ) -> ::core::result::Result<Event, ::bitrix_api::Error> {
            ::bitrix_api::events::decode_unverified(content_type, body)
        }
        /// The code as sent, e.g. `ONCRMDEALADD`.
        pub fn code(&self) -> &str {
            ::bitrix_api::events::EventSet::code(self)
        }
        /// Who sent it, when the payload had `auth`.
        pub fn auth(&self) -> ::core::option::Option<&::bitrix_api::events::EventAuth> {
            ::bitrix_api::events::EventSet::auth(self)
        }
    }
    static __BITRIX_EVENTS: &[::bitrix_api::events::EventInfo] = &[];
    /// Every event bound here (with the features enabled), sorted by name.
    pub fn catalog() -> &'static [::bitrix_api::events::EventInfo] {
        __BITRIX_EVENTS
    }
}
/// Records typed from the entities' fields pages (`crm.deal.fields` → [`Deal`]),
/// shared by the entity's get and list methods, their streams and batches, and
/// `crm.item.*` ([`Client::items`](::bitrix_api::Client::items)). Every field is
/// optional: a narrowed `select` leaves fields out. Each record has a constant per
/// field (`Deal::OPPORTUNITY`) for typed filters, orders and selects
/// ([`bitrix_api::typed`](::bitrix_api::typed)).
#[allow(clippy::all)]
pub mod records {
    #[doc(hidden)]
    mod __lead_contact {
        /**A record of `crm.lead.contact`, typed from its fields page: `api-reference/crm/leads/management-communication/crm-lead-contact-fields.md` (4 fields; [online](https://apidocs.bitrix24.com/api-reference/crm/leads/management-communication/crm-lead-contact-fields.html)).

Every field is `None` when the answer leaves it out (a narrowed `select`), is `null` or `""`. Custom fields are in `custom` by name, fields the page does not document in `extra`.*/
        #[derive(Clone, Default)]
        #[non_exhaustive]
        pub struct LeadContact {
            /**Sorting

On the wire: `SORT`, `integer`.

From line 90 of `crm-lead-contact-fields.md`.*/
            pub sort: ::core::option::Option<i64>,
            /**Primary

On the wire: `IS_PRIMARY`, `char`.

From line 90 of `crm-lead-contact-fields.md`.*/
            pub is_primary: ::core::option::Option<bool>,
            /**Contact

On the wire: `CONTACT_ID`, `integer`, required on add.

From line 90 of `crm-lead-contact-fields.md`.*/
            pub contact_id: ::core::option::Option<i64>,
            /**ID of the role; reserved for future use

On the wire: `ROLE_ID`, `integer`, read-only.

From line 98 of `crm-lead-contact-items-get.md` (not on `crm-lead-contact-fields.md`).*/
            pub role_id: ::core::option::Option<i64>,
            /// Custom fields (`UF_…`, `ufCrm…`) by name, as they came.
            pub custom: ::bitrix_api::typed::Custom,
            /// Fields the answer had that the page does not document, kept as they came.
            pub extra: ::bitrix_api::__private::serde_json::Map<
                ::std::string::String,
                ::bitrix_api::__private::serde_json::Value,
            >,
        }
        impl ::bitrix_api::wire::Wire for LeadContact {
            #[inline]
            fn from_wire(
                value: ::bitrix_api::__private::serde_json::Value,
            ) -> ::core::result::Result<Self, ::bitrix_api::wire::WireError> {
                let mut m = ::bitrix_api::wire::object(value)?;
                let mut e = ::core::option::Option::None;
                let record = Self {
                    sort: ::bitrix_api::typed::field(&mut m, "SORT", "sort", &mut e),
                    is_primary: ::bitrix_api::typed::field(
                        &mut m,
                        "IS_PRIMARY",
                        "isPrimary",
                        &mut e,
                    ),
                    contact_id: ::bitrix_api::typed::field(
                        &mut m,
                        "CONTACT_ID",
                        "contactId",
                        &mut e,
                    ),
                    role_id: ::bitrix_api::typed::field(
                        &mut m,
                        "ROLE_ID",
                        "roleId",
                        &mut e,
                    ),
                    custom: ::bitrix_api::typed::Custom::take(&mut m),
                    extra: m,
                };
                match e {
                    ::core::option::Option::None => ::core::result::Result::Ok(record),
                    ::core::option::Option::Some(e) => {
                        ::core::result::Result::Err(
                            ::bitrix_api::wire::WireError::in_record(e, "LeadContact"),
                        )
                    }
                }
            }
        }
        ::bitrix_api::__serde_via_wire!(LeadContact);
        impl ::bitrix_api::wire::ToWire for LeadContact {
            #[inline]
            fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
                ::bitrix_api::wire::Out::new()
                    .opt("SORT", &self.sort)
                    .yn_opt("IS_PRIMARY", &self.is_primary)
                    .opt("CONTACT_ID", &self.contact_id)
                    .opt("ROLE_ID", &self.role_id)
                    .inline(&self.custom)
                    .inline(&self.extra)
                    .done()
            }
        }
        ::bitrix_api::__via_to_wire!(LeadContact);
        impl ::bitrix_api::typed::Entity for LeadContact {
            const NAME: &'static str = "LeadContact";
            const FIELDS_METHOD: &'static str = "crm.lead.contact.fields";
            const FIELDS: &'static [::bitrix_api::typed::FieldInfo] = &[
                ::bitrix_api::typed::FieldInfo {
                    name: "SORT",
                    camel: "sort",
                    type_text: "integer",
                    kind: ::bitrix_api::typed::FieldKind::Integer,
                    title: "Sorting",
                    read_only: false,
                    immutable: false,
                    multiple: false,
                    required: false,
                },
                ::bitrix_api::typed::FieldInfo {
                    name: "IS_PRIMARY",
                    camel: "isPrimary",
                    type_text: "char",
                    kind: ::bitrix_api::typed::FieldKind::Flag,
                    title: "Primary",
                    read_only: false,
                    immutable: false,
                    multiple: false,
                    required: false,
                },
                ::bitrix_api::typed::FieldInfo {
                    name: "CONTACT_ID",
                    camel: "contactId",
                    type_text: "integer",
                    kind: ::bitrix_api::typed::FieldKind::Integer,
                    title: "Contact",
                    read_only: false,
                    immutable: false,
                    multiple: false,
                    required: true,
                },
                ::bitrix_api::typed::FieldInfo {
                    name: "ROLE_ID",
                    camel: "roleId",
                    type_text: "integer",
                    kind: ::bitrix_api::typed::FieldKind::Integer,
                    title: "ID of the role; reserved for future use",
                    read_only: true,
                    immutable: false,
                    multiple: false,
                    required: false,
                },
            ];
            const CUSTOM_PREFIX: &'static str = "UF_CRM_";
        }
        impl LeadContact {
            ///`SORT` in filters, orders and selects: Sorting
            pub const SORT: ::bitrix_api::typed::Field<
                LeadContact,
                ::bitrix_api::typed::kind::Integer,
            > = ::bitrix_api::typed::Field::new("SORT", "sort");
            ///`IS_PRIMARY` in filters, orders and selects: Primary
            pub const IS_PRIMARY: ::bitrix_api::typed::Field<
                LeadContact,
                ::bitrix_api::typed::kind::Flag,
            > = ::bitrix_api::typed::Field::new("IS_PRIMARY", "isPrimary");
            ///`CONTACT_ID` in filters, orders and selects: Contact
            pub const CONTACT_ID: ::bitrix_api::typed::Field<
                LeadContact,
                ::bitrix_api::typed::kind::Integer,
            > = ::bitrix_api::typed::Field::new("CONTACT_ID", "contactId");
            ///`ROLE_ID` in filters, orders and selects: ID of the role; reserved for future use
            pub const ROLE_ID: ::bitrix_api::typed::Field<
                LeadContact,
                ::bitrix_api::typed::kind::Integer,
            > = ::bitrix_api::typed::Field::new("ROLE_ID", "roleId");
        }
    }
    pub use __lead_contact::*;
}
/// The REST 3.0 methods bound here (pages marked "This method belongs to REST 3.0"):
/// their request and response types, and their [`ClientMethods`](v3::ClientMethods)
/// on [`bitrix_api::V3Client`](::bitrix_api::V3Client) — `client.v3().method(…)`.
pub mod v3 {
    #[allow(unused_imports)]
    use super::records;
    ///The client methods of the REST 3.0 pages bound here, on [`bitrix_api::V3Client`](::bitrix_api::V3Client): import this trait and call `client.v3().method(…)`. Writes carry an `Idempotency-Key` (the same on every retry); set your own with the call builder's `idempotency_key`.
    pub trait ClientMethods {}
    #[allow(deprecated)]
    impl ClientMethods for ::bitrix_api::V3Client {}
}
/// One import to call the methods bound here: `use …::prelude::*;` brings both
/// `ClientMethods` traits (REST 2 on `Client`, REST 3.0 on `V3Client`) into scope
/// without their names.
pub mod prelude {
    pub use super::ClientMethods as _;
    pub use super::v3::ClientMethods as _;
}
static __BITRIX_CATALOG: ::bitrix_api::method::Catalog = ::bitrix_api::method::Catalog::new(
    &[
        "crm.lead.contact.add\u{1f}Link a Contact to a Lead\u{1f}api-reference/crm/leads/management-communication/crm-lead-contact-add.md\u{1f}1\u{1f}+crm\u{1f}2\u{1f}-\u{1f}0\u{1d}1\u{1d}id\u{1d}integer\u{1e}0\u{1d}1\u{1d}fields\u{1d}object\u{1e}1\u{1d}1\u{1d}CONTACT_ID\u{1d}integer\u{1e}1\u{1d}0\u{1d}SORT\u{1d}integer\u{1e}1\u{1d}0\u{1d}IS_PRIMARY\u{1d}string",
        "crm.lead.contact.delete\u{1f}Unlink a Contact from a Lead\u{1f}api-reference/crm/leads/management-communication/crm-lead-contact-delete.md\u{1f}1\u{1f}+crm\u{1f}2\u{1f}-\u{1f}0\u{1d}1\u{1d}id\u{1d}integer\u{1e}0\u{1d}1\u{1d}fields\u{1d}object\u{1e}1\u{1d}1\u{1d}CONTACT_ID\u{1d}integer",
        "crm.lead.contact.fields\u{1f}Describe the Lead–Contact Link Fields\u{1f}api-reference/crm/leads/management-communication/crm-lead-contact-fields.md\u{1f}1\u{1f}+crm\u{1f}2\u{1f}-\u{1f}",
        "crm.lead.contact.items.delete\u{1f}Clear All Contact Links of a Lead\u{1f}api-reference/crm/leads/management-communication/crm-lead-contact-items-delete.md\u{1f}1\u{1f}+crm\u{1f}2\u{1f}-\u{1f}0\u{1d}1\u{1d}id\u{1d}integer",
        "crm.lead.contact.items.get\u{1f}List the Contacts Linked to a Lead\u{1f}api-reference/crm/leads/management-communication/crm-lead-contact-items-get.md\u{1f}1\u{1f}+crm\u{1f}2\u{1f}-\u{1f}0\u{1d}1\u{1d}id\u{1d}integer",
        "crm.lead.contact.items.set\u{1f}Replace the Contact Links of a Lead\u{1f}api-reference/crm/leads/management-communication/crm-lead-contact-items-set.md\u{1f}1\u{1f}+crm\u{1f}2\u{1f}-\u{1f}0\u{1d}1\u{1d}id\u{1d}integer\u{1e}0\u{1d}1\u{1d}items\u{1d}object[]\u{1e}1\u{1d}1\u{1d}CONTACT_ID\u{1d}integer\u{1e}1\u{1d}0\u{1d}SORT\u{1d}integer\u{1e}1\u{1d}0\u{1d}IS_PRIMARY\u{1d}Y/N",
    ],
);
/// Every method bound here (with the features enabled), sorted by name and then
/// version, with its page, scope, parameters and API version.
pub fn catalog() -> &'static [::bitrix_api::MethodInfo] {
    __BITRIX_CATALOG.get()
}
/// Calls `visitor.visit::<M>()` for every method bound here, in catalog order of each
/// version (REST 2 first).
#[allow(deprecated)]
pub fn visit_methods(visitor: &mut impl ::bitrix_api::MethodVisitor) {
    let _ = &visitor;
    visitor.visit::<__crm_lead_contact_add::CrmLeadContactAdd>();
    visitor.visit::<__crm_lead_contact_delete::CrmLeadContactDelete>();
    visitor.visit::<__crm_lead_contact_fields::CrmLeadContactFields>();
    visitor.visit::<__crm_lead_contact_items_delete::CrmLeadContactItemsDelete>();
    visitor.visit::<__crm_lead_contact_items_get::CrmLeadContactItemsGet>();
    visitor.visit::<__crm_lead_contact_items_set::CrmLeadContactItemsSet>();
}
/// Pages under the bound directory that were not bound: (path, reason). Empty
/// unless the binding says `skip_invalid` (strict bindings fail to compile instead).
pub const SKIPPED: &[(&str, &str)] = &[];
/// Places bound weaker than their page says (an untyped parameter bound as
/// `serde_json::Value`, …): (path:line, what). Empty in strict bindings, where each
/// is a compile error.
pub const WARNINGS: &[(&str, &str)] = &[];
