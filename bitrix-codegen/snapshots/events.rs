///The client methods of the pages bound here, one per page. Import this trait (`use …::ClientMethods;`) to call them on a [`bitrix_api::Client`](::bitrix_api::Client); each returns a call builder: set optional parameters, then `.await` it.
pub trait ClientMethods {}
#[allow(deprecated)]
impl ClientMethods for ::bitrix_api::Client {}
/// The events of the pages bound here: a payload type per page, [`Event`] over
/// them, and [`catalog`]. Decode a handler's POST with [`Event::decode_verified`]
/// (or let `bitrix_api::events::Installations` / the `axum` router do it).
pub mod events {
    #[doc(hidden)]
    mod __on_app_install {
        /**App Installed (`onAppInstall`, sent as `ONAPPINSTALL`)

Sent once the app is installed; its `application_token` is what every later event must
carry. (A fixture page.)

**Scope:** `basic`

What the handler receives:

```json
{
    "event": "ONAPPINSTALL",
    "data": {"VERSION": "3", "LANGUAGE_ID": "en"},
    "ts": "1696527000",
    "auth": {
        "access_token": "acc3ss",
        "refresh_token": "r3fresh",
        "expires_in": 3600,
        "domain": "example.bitrix24.com",
        "client_endpoint": "https://example.bitrix24.com/rest/",
        "member_id": "member-1",
        "application_token": "app-token-1"
    }
}
```

Documented in `app/events/on-app-install.md`, line 1 ([online](https://apidocs.bitrix24.com/app/events/on-app-install.html)).*/
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct OnAppInstall {
            ///The event code, `ONAPPINSTALL`.
            pub event: ::std::string::String,
            /// The handler's id (`event.get`); offline events have none.
            pub event_handler_id: ::core::option::Option<i64>,
            /// What happened, as the page describes it.
            pub data: OnAppInstallData,
            /// When the queue dispatched the event: seconds since 1970-01-01 UTC (portals
            /// send a string of digits).
            pub ts: i64,
            /// The portal, the application token and, when the event was tied to a user,
            /// tokens; offline events have none.
            pub auth: ::core::option::Option<::bitrix_api::events::EventAuth>,
            /// Keys of the payload the page does not document, as they came.
            pub extra: ::bitrix_api::__private::serde_json::Map<
                ::std::string::String,
                ::bitrix_api::__private::serde_json::Value,
            >,
        }
        impl ::bitrix_api::wire::Wire for OnAppInstall {
            #[inline]
            fn from_wire(
                value: ::bitrix_api::__private::serde_json::Value,
            ) -> ::core::result::Result<Self, ::bitrix_api::wire::WireError> {
                let mut m = ::bitrix_api::wire::object(value)?;
                ::core::result::Result::Ok(Self {
                    event: ::bitrix_api::wire::take(&mut m, "event")?,
                    event_handler_id: ::bitrix_api::wire::take(
                        &mut m,
                        "event_handler_id",
                    )?,
                    data: ::bitrix_api::wire::take(&mut m, "data")?,
                    ts: ::bitrix_api::wire::take(&mut m, "ts")?,
                    auth: ::bitrix_api::wire::take(&mut m, "auth")?,
                    extra: m,
                })
            }
        }
        ::bitrix_api::__serde_via_wire!(OnAppInstall);
        /**The `data` of `onAppInstall`.

Documented in `app/events/on-app-install.md`, line 39 ([online](https://apidocs.bitrix24.com/app/events/on-app-install.html)).*/
        #[derive(Clone)]
        #[non_exhaustive]
        pub struct OnAppInstallData {
            /**The installed version

On the wire: `VERSION`, a number (also read from a string such as `"42"`), required.

From line 39 of `on-app-install.md`.*/
            pub version: i64,
            /**The portal's language

On the wire: `LANGUAGE_ID`, a string, required.

From line 41 of `on-app-install.md`.*/
            pub language_id: ::std::string::String,
            /// Fields the answer had that the page does not document, kept as they came.
            pub extra: ::bitrix_api::__private::serde_json::Map<
                ::std::string::String,
                ::bitrix_api::__private::serde_json::Value,
            >,
        }
        impl ::bitrix_api::wire::Wire for OnAppInstallData {
            #[inline]
            fn from_wire(
                value: ::bitrix_api::__private::serde_json::Value,
            ) -> ::core::result::Result<Self, ::bitrix_api::wire::WireError> {
                let mut m = ::bitrix_api::wire::object(value)?;
                ::core::result::Result::Ok(Self {
                    version: ::bitrix_api::wire::take(&mut m, "VERSION")?,
                    language_id: ::bitrix_api::wire::take(&mut m, "LANGUAGE_ID")?,
                    extra: m,
                })
            }
        }
        ::bitrix_api::__serde_via_wire!(OnAppInstallData);
        impl ::bitrix_api::wire::ToWire for OnAppInstallData {
            #[inline]
            fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
                ::bitrix_api::wire::Out::new()
                    .put("VERSION", &self.version)
                    .put("LANGUAGE_ID", &self.language_id)
                    .inline(&self.extra)
                    .done()
            }
        }
        ::bitrix_api::__via_to_wire!(OnAppInstallData);
    }
    pub use __on_app_install::*;
    #[doc(hidden)]
    mod __on_app_uninstall {
        /**App Removed (`onAppUninstall`, sent as `ONAPPUNINSTALL`)

Sent when the app is removed. It carries no OAuth tokens, only the application token.
(A fixture page.)

**Scope:** `basic`

What the handler receives:

```json
{
    "event": "ONAPPUNINSTALL",
    "data": {"LANGUAGE_ID": "de", "CLEAN": 1},
    "ts": "1466439714",
    "auth": {
        "domain": "example.bitrix24.com",
        "member_id": "member-1",
        "application_token": "app-token-1"
    }
}
```

Documented in `app/events/on-app-uninstall.md`, line 1 ([online](https://apidocs.bitrix24.com/app/events/on-app-uninstall.html)).*/
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct OnAppUninstall {
            ///The event code, `ONAPPUNINSTALL`.
            pub event: ::std::string::String,
            /// The handler's id (`event.get`); offline events have none.
            pub event_handler_id: ::core::option::Option<i64>,
            /// What happened, as the page describes it.
            pub data: OnAppUninstallData,
            /// When the queue dispatched the event: seconds since 1970-01-01 UTC (portals
            /// send a string of digits).
            pub ts: i64,
            /// The portal, the application token and, when the event was tied to a user,
            /// tokens; offline events have none.
            pub auth: ::core::option::Option<::bitrix_api::events::EventAuth>,
            /// Keys of the payload the page does not document, as they came.
            pub extra: ::bitrix_api::__private::serde_json::Map<
                ::std::string::String,
                ::bitrix_api::__private::serde_json::Value,
            >,
        }
        impl ::bitrix_api::wire::Wire for OnAppUninstall {
            #[inline]
            fn from_wire(
                value: ::bitrix_api::__private::serde_json::Value,
            ) -> ::core::result::Result<Self, ::bitrix_api::wire::WireError> {
                let mut m = ::bitrix_api::wire::object(value)?;
                ::core::result::Result::Ok(Self {
                    event: ::bitrix_api::wire::take(&mut m, "event")?,
                    event_handler_id: ::bitrix_api::wire::take(
                        &mut m,
                        "event_handler_id",
                    )?,
                    data: ::bitrix_api::wire::take(&mut m, "data")?,
                    ts: ::bitrix_api::wire::take(&mut m, "ts")?,
                    auth: ::bitrix_api::wire::take(&mut m, "auth")?,
                    extra: m,
                })
            }
        }
        ::bitrix_api::__serde_via_wire!(OnAppUninstall);
        /**The `data` of `onAppUninstall`.

Documented in `app/events/on-app-uninstall.md`, line 35 ([online](https://apidocs.bitrix24.com/app/events/on-app-uninstall.html)).*/
        #[derive(Clone)]
        #[non_exhaustive]
        pub struct OnAppUninstallData {
            /**The portal's language

On the wire: `LANGUAGE_ID`, a string, required.

From line 35 of `on-app-uninstall.md`.*/
            pub language_id: ::std::string::String,
            /**`1` when the user chose to delete the app's data

On the wire: `CLEAN`, a number (also read from a string such as `"42"`), required.

From line 37 of `on-app-uninstall.md`.*/
            pub clean: i64,
            /// Fields the answer had that the page does not document, kept as they came.
            pub extra: ::bitrix_api::__private::serde_json::Map<
                ::std::string::String,
                ::bitrix_api::__private::serde_json::Value,
            >,
        }
        impl ::bitrix_api::wire::Wire for OnAppUninstallData {
            #[inline]
            fn from_wire(
                value: ::bitrix_api::__private::serde_json::Value,
            ) -> ::core::result::Result<Self, ::bitrix_api::wire::WireError> {
                let mut m = ::bitrix_api::wire::object(value)?;
                ::core::result::Result::Ok(Self {
                    language_id: ::bitrix_api::wire::take(&mut m, "LANGUAGE_ID")?,
                    clean: ::bitrix_api::wire::take(&mut m, "CLEAN")?,
                    extra: m,
                })
            }
        }
        ::bitrix_api::__serde_via_wire!(OnAppUninstallData);
        impl ::bitrix_api::wire::ToWire for OnAppUninstallData {
            #[inline]
            fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
                ::bitrix_api::wire::Out::new()
                    .put("LANGUAGE_ID", &self.language_id)
                    .put("CLEAN", &self.clean)
                    .inline(&self.extra)
                    .done()
            }
        }
        ::bitrix_api::__via_to_wire!(OnAppUninstallData);
    }
    pub use __on_app_uninstall::*;
    #[cfg(feature = "crm-widget")]
    #[doc(hidden)]
    mod __on_crm_widget_add {
        /**Widget Created (`onCrmWidgetAdd`, sent as `ONCRMWIDGETADD`)

The portal sends `ONCRMWIDGETADD` after someone creates a widget. (A fixture page: the
widget entity is made up.)

**Scope:** `crm` · **Who can subscribe:** any user

What the handler receives:

```json
{
    "event": "ONCRMWIDGETADD",
    "event_handler_id": "42",
    "data": {
        "FIELDS": {
            "ID": "17",
            "TITLE": "Blue widget",
            "ACTIVE": "Y"
        }
    },
    "ts": "1735374081",
    "auth": {
        "access_token": "acc3ss",
        "expires_in": "3600",
        "domain": "example.bitrix24.com",
        "client_endpoint": "https://example.bitrix24.com/rest/",
        "server_endpoint": "https://oauth.bitrix.info/rest/",
        "member_id": "member-1",
        "refresh_token": "r3fresh",
        "application_token": "app-token-1"
    }
}
```

Documented in `crm/widgets/events/on-crm-widget-add.md`, line 1 ([online](https://apidocs.bitrix24.com/crm/widgets/events/on-crm-widget-add.html)).*/
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct OnCrmWidgetAdd {
            ///The event code, `ONCRMWIDGETADD`.
            pub event: ::std::string::String,
            /// The handler's id (`event.get`); offline events have none.
            pub event_handler_id: ::core::option::Option<i64>,
            /// What happened, as the page describes it.
            pub data: OnCrmWidgetAddData,
            /// When the queue dispatched the event: seconds since 1970-01-01 UTC (portals
            /// send a string of digits).
            pub ts: i64,
            /// The portal, the application token and, when the event was tied to a user,
            /// tokens; offline events have none.
            pub auth: ::core::option::Option<::bitrix_api::events::EventAuth>,
            /// Keys of the payload the page does not document, as they came.
            pub extra: ::bitrix_api::__private::serde_json::Map<
                ::std::string::String,
                ::bitrix_api::__private::serde_json::Value,
            >,
        }
        impl ::bitrix_api::wire::Wire for OnCrmWidgetAdd {
            #[inline]
            fn from_wire(
                value: ::bitrix_api::__private::serde_json::Value,
            ) -> ::core::result::Result<Self, ::bitrix_api::wire::WireError> {
                let mut m = ::bitrix_api::wire::object(value)?;
                ::core::result::Result::Ok(Self {
                    event: ::bitrix_api::wire::take(&mut m, "event")?,
                    event_handler_id: ::bitrix_api::wire::take(
                        &mut m,
                        "event_handler_id",
                    )?,
                    data: ::bitrix_api::wire::take(&mut m, "data")?,
                    ts: ::bitrix_api::wire::take(&mut m, "ts")?,
                    auth: ::bitrix_api::wire::take(&mut m, "auth")?,
                    extra: m,
                })
            }
        }
        ::bitrix_api::__serde_via_wire!(OnCrmWidgetAdd);
        /**The `FIELDS` field of `onCrmWidgetAdd`.

Documented in `crm/widgets/events/on-crm-widget-add.md`, line 55 ([online](https://apidocs.bitrix24.com/crm/widgets/events/on-crm-widget-add.html)).*/
        #[derive(Clone)]
        #[non_exhaustive]
        pub struct OnCrmWidgetAddDataFields {
            /**The widget's id

On the wire: `ID`, a number (also read from a string such as `"42"`), required.

From line 55 of `on-crm-widget-add.md`.*/
            pub id: i64,
            /**Its name

On the wire: `TITLE`, a string.

From line 57 of `on-crm-widget-add.md`.*/
            pub title: ::core::option::Option<::std::string::String>,
            /**Whether it is switched on: `Y` or `N`

On the wire: `ACTIVE`, sent as `"Y"`/`"N"` (read from `Y`/`N`, `1`/`0` or `true`/`false`).

From line 59 of `on-crm-widget-add.md`.*/
            pub active: ::core::option::Option<bool>,
            /// Fields the answer had that the page does not document, kept as they came.
            pub extra: ::bitrix_api::__private::serde_json::Map<
                ::std::string::String,
                ::bitrix_api::__private::serde_json::Value,
            >,
        }
        impl ::bitrix_api::wire::Wire for OnCrmWidgetAddDataFields {
            #[inline]
            fn from_wire(
                value: ::bitrix_api::__private::serde_json::Value,
            ) -> ::core::result::Result<Self, ::bitrix_api::wire::WireError> {
                let mut m = ::bitrix_api::wire::object(value)?;
                ::core::result::Result::Ok(Self {
                    id: ::bitrix_api::wire::take(&mut m, "ID")?,
                    title: ::bitrix_api::wire::take(&mut m, "TITLE")?,
                    active: ::bitrix_api::wire::take(&mut m, "ACTIVE")?,
                    extra: m,
                })
            }
        }
        ::bitrix_api::__serde_via_wire!(OnCrmWidgetAddDataFields);
        impl ::bitrix_api::wire::ToWire for OnCrmWidgetAddDataFields {
            #[inline]
            fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
                ::bitrix_api::wire::Out::new()
                    .put("ID", &self.id)
                    .opt("TITLE", &self.title)
                    .yn_opt("ACTIVE", &self.active)
                    .inline(&self.extra)
                    .done()
            }
        }
        ::bitrix_api::__via_to_wire!(OnCrmWidgetAddDataFields);
        /**The `data` of `onCrmWidgetAdd`.

Documented in `crm/widgets/events/on-crm-widget-add.md`, line 44 ([online](https://apidocs.bitrix24.com/crm/widgets/events/on-crm-widget-add.html)).*/
        #[derive(Clone)]
        #[non_exhaustive]
        pub struct OnCrmWidgetAddData {
            /**Its fields, see [below](https://apidocs.bitrix24.com/crm/widgets/events/on-crm-widget-add.html#fields)

On the wire: `FIELDS`, an object with the fields below, required.

From line 44 of `on-crm-widget-add.md`.*/
            pub fields: OnCrmWidgetAddDataFields,
            /// Fields the answer had that the page does not document, kept as they came.
            pub extra: ::bitrix_api::__private::serde_json::Map<
                ::std::string::String,
                ::bitrix_api::__private::serde_json::Value,
            >,
        }
        impl ::bitrix_api::wire::Wire for OnCrmWidgetAddData {
            #[inline]
            fn from_wire(
                value: ::bitrix_api::__private::serde_json::Value,
            ) -> ::core::result::Result<Self, ::bitrix_api::wire::WireError> {
                let mut m = ::bitrix_api::wire::object(value)?;
                ::core::result::Result::Ok(Self {
                    fields: ::bitrix_api::wire::take(&mut m, "FIELDS")?,
                    extra: m,
                })
            }
        }
        ::bitrix_api::__serde_via_wire!(OnCrmWidgetAddData);
        impl ::bitrix_api::wire::ToWire for OnCrmWidgetAddData {
            #[inline]
            fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
                ::bitrix_api::wire::Out::new()
                    .put("FIELDS", &self.fields)
                    .inline(&self.extra)
                    .done()
            }
        }
        ::bitrix_api::__via_to_wire!(OnCrmWidgetAddData);
    }
    #[cfg(feature = "crm-widget")]
    pub use __on_crm_widget_add::*;
    /// Every event bound here (with the features enabled), by the code the portal
    /// sends; codes no page describes are [`Event::Unknown`].
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub enum Event {
        ///`ONAPPINSTALL`: see [`OnAppInstall`].
        OnAppInstall(OnAppInstall),
        ///`ONAPPUNINSTALL`: see [`OnAppUninstall`].
        OnAppUninstall(OnAppUninstall),
        #[cfg(feature = "crm-widget")]
        ///`ONCRMWIDGETADD`: see [`OnCrmWidgetAdd`].
        OnCrmWidgetAdd(OnCrmWidgetAdd),
        /// An event no page bound here describes, kept as it came.
        Unknown(::bitrix_api::events::RawEvent),
    }
    impl ::bitrix_api::events::EventSet for Event {
        fn from_payload(
            payload: ::bitrix_api::__private::serde_json::Value,
        ) -> ::core::result::Result<Self, ::bitrix_api::Error> {
            let code = ::bitrix_api::events::code_of(&payload)?;
            match code.as_str() {
                "ONAPPINSTALL" => {
                    ::bitrix_api::events::decode_typed::<OnAppInstall>(&code, payload)
                        .map(Event::OnAppInstall)
                }
                "ONAPPUNINSTALL" => {
                    ::bitrix_api::events::decode_typed::<OnAppUninstall>(&code, payload)
                        .map(Event::OnAppUninstall)
                }
                #[cfg(feature = "crm-widget")]
                "ONCRMWIDGETADD" => {
                    ::bitrix_api::events::decode_typed::<OnCrmWidgetAdd>(&code, payload)
                        .map(Event::OnCrmWidgetAdd)
                }
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
                Event::OnAppInstall(e) => &e.event,
                Event::OnAppUninstall(e) => &e.event,
                #[cfg(feature = "crm-widget")]
                Event::OnCrmWidgetAdd(e) => &e.event,
                Event::Unknown(e) => &e.event,
            }
        }
        fn auth(&self) -> ::core::option::Option<&::bitrix_api::events::EventAuth> {
            match self {
                Event::OnAppInstall(e) => e.auth.as_ref(),
                Event::OnAppUninstall(e) => e.auth.as_ref(),
                #[cfg(feature = "crm-widget")]
                Event::OnCrmWidgetAdd(e) => e.auth.as_ref(),
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
    static __BITRIX_EVENTS: &[::bitrix_api::events::EventInfo] = &[
        ::bitrix_api::events::EventInfo {
            name: "onAppInstall",
            code: "ONAPPINSTALL",
            title: "App Installed",
            page: "app/events/on-app-install.md",
            line: 1,
        },
        ::bitrix_api::events::EventInfo {
            name: "onAppUninstall",
            code: "ONAPPUNINSTALL",
            title: "App Removed",
            page: "app/events/on-app-uninstall.md",
            line: 1,
        },
        #[cfg(feature = "crm-widget")]
        ::bitrix_api::events::EventInfo {
            name: "onCrmWidgetAdd",
            code: "ONCRMWIDGETADD",
            title: "Widget Created",
            page: "crm/widgets/events/on-crm-widget-add.md",
            line: 1,
        },
    ];
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
pub mod records {}
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
    &[],
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
}
/// Pages under the bound directory that were not bound: (path, reason). Empty
/// unless the binding says `skip_invalid` (strict bindings fail to compile instead).
pub const SKIPPED: &[(&str, &str)] = &[];
/// Places bound weaker than their page says (an untyped parameter bound as
/// `serde_json::Value`, …): (path:line, what). Empty in strict bindings, where each
/// is a compile error.
pub const WARNINGS: &[(&str, &str)] = &[];
