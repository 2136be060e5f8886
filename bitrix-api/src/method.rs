//! What every bound method is: the [`Method`] trait, its REST version and the
//! [`catalog`](crate::catalog) entries.

use serde::Serialize;

mod catalog;
#[doc(hidden)]
pub use catalog::Catalog;

use crate::wire::Wire;

/// A request type of one REST method. Generated for every page by [`bind!`](crate::bind).
///
/// The request is its own body: serializing it gives the JSON the portal expects, with
/// unset optional parameters left out.
pub trait Method: Serialize + Send + Sync {
    /// The REST method name, e.g. `crm.lead.contact.add`.
    const NAME: &'static str;
    /// Which REST API the method belongs to: [`ApiVersion::V3`] for pages marked "This
    /// method belongs to REST 3.0", sent to `/rest/api/…`; [`ApiVersion::V2`] otherwise.
    const VERSION: ApiVersion = ApiVersion::V2;
    /// What `result` decodes to.
    type Response: Wire + Send + 'static;
    /// The catalog entry of this method.
    fn info() -> &'static MethodInfo;

    /// Checks the request before it is sent: generated list methods check their typed or
    /// raw `filter`, `order` and `select` against the fields page of their records
    /// ([`typed::check_filter`](crate::typed::check_filter)). `Ok` by default.
    fn check(&self) -> Result<(), crate::Error> {
        Ok(())
    }
}

/// The REST API a method belongs to. Both run side by side on every portal; a method may
/// exist in both with different parameters (`tasks.task.get`), so the version is part of
/// what a method is.
///
/// | | [`V2`](ApiVersion::V2) | [`V3`](ApiVersion::V3) |
/// |---|---|---|
/// | webhook address | `/rest/{user}/{code}/{method}` | `/rest/api/{user}/{code}/{method}` |
/// | OAuth address | `/rest/{method}` | `/rest/api/{method}` |
/// | errors | `error`, `error_description` | `error: {code, message, validation}` |
/// | writes | may duplicate when resent | carry an `Idempotency-Key` (see [`CallOptions`](crate::CallOptions)) |
///
/// ```
/// use bitrix_api::ApiVersion;
/// assert_eq!(ApiVersion::default(), ApiVersion::V2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ApiVersion {
    /// The classic REST API (`/rest/…`).
    #[default]
    V2,
    /// REST 3.0 (`/rest/api/…`): one answer shape, typed errors, idempotent writes.
    V3,
}

/// Refuses a REST 3.0 method where only REST 2 works (the `cmd` batch, and what is built on
/// it: bulk moves, `start`/`next` list streams): sending it there would call the REST 2
/// method of the same name, or none.
pub(crate) fn rest2_only<M: Method>(what: &str) -> Result<(), crate::Error> {
    match M::VERSION {
        ApiVersion::V2 => Ok(()),
        ApiVersion::V3 => Err(crate::Error::Config(format!(
            "`{}` is a REST 3.0 method, which {what} cannot run; call it with Client::call",
            M::NAME
        ))),
    }
}

/// A bound method as the catalog lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MethodInfo {
    /// The REST method name, e.g. `crm.lead.contact.add`.
    pub name: &'static str,
    /// The H1 title of its page without the name.
    pub title: &'static str,
    /// The page, relative to the docs root it was bound from.
    pub page: &'static str,
    /// The line of the H1 title in that page.
    pub line: u32,
    /// The scope, e.g. `crm`, when the page names one.
    pub scope: Option<&'static str>,
    /// Top-level parameters in page order.
    pub params: &'static [ParamInfo],
    /// The API generation: REST 2 (`/rest/…`) or REST 3.0 (`/rest/api/…`). A method name
    /// may be bound once per version.
    pub version: crate::ApiVersion,
    /// Set when the page marks the method deprecated: what to use instead.
    pub deprecated: Option<&'static str>,
}

/// A parameter as the catalog lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamInfo {
    /// The name on the wire, e.g. `CONTACT_ID`.
    pub name: &'static str,
    /// The type as the page wrote it, e.g. `integer`.
    pub ty: &'static str,
    /// Whether the page marks it required.
    pub required: bool,
    /// Nested fields of an object parameter or of array elements.
    pub fields: &'static [ParamInfo],
}

/// One entry of a `*.fields` answer: how the portal describes a field.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FieldDescription {
    /// The portal's type name, e.g. `integer`, `char`, `crm_status`.
    #[serde(rename = "type")]
    pub type_name: String,
    /// Whether the field must be given on add. `false` when the portal leaves the flag
    /// out, as the user-field descriptions (`crm.userfield.fields`) do for every flag
    /// that is not set.
    #[serde(rename = "isRequired")]
    pub is_required: bool,
    /// Whether the field is read-only (`false` when left out, as above).
    #[serde(rename = "isReadOnly")]
    pub is_read_only: bool,
    /// Whether the field can be set only on creation.
    #[serde(rename = "isImmutable")]
    pub is_immutable: bool,
    /// Whether the field holds several values.
    #[serde(rename = "isMultiple")]
    pub is_multiple: bool,
    /// Whether the field is a custom (user) field.
    #[serde(rename = "isDynamic")]
    pub is_dynamic: bool,
    /// The human title.
    pub title: String,
    /// Everything else the portal sent (`items`, `settings`, `statusType`, …).
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Wire for FieldDescription {
    fn from_wire(value: serde_json::Value) -> Result<Self, crate::wire::WireError> {
        use crate::wire::{object, take, take_or};
        let mut m = object(value)?;
        Ok(FieldDescription {
            type_name: take(&mut m, "type")?,
            is_required: take_or(&mut m, "isRequired", false)?,
            is_read_only: take_or(&mut m, "isReadOnly", false)?,
            is_immutable: take_or(&mut m, "isImmutable", false)?,
            is_multiple: take_or(&mut m, "isMultiple", false)?,
            is_dynamic: take_or(&mut m, "isDynamic", false)?,
            title: take_or(&mut m, "title", String::new())?,
            extra: m,
        })
    }
}

crate::__serde_via_wire!(FieldDescription);

/// The catalog entry of a bound method, for the generated `Method::info`. Catalogs are
/// sorted by name and hold every method their binding compiles.
#[doc(hidden)]
pub fn find(
    catalog: &'static [MethodInfo],
    name: &str,
    version: crate::ApiVersion,
) -> &'static MethodInfo {
    let key = |m: &MethodInfo| (m.name, m.version as u8);
    match catalog.binary_search_by(|m| key(m).cmp(&(name, version as u8))) {
        Ok(i) => &catalog[i],
        // The generator puts every method it binds in its catalog.
        Err(_) => unreachable!("`{name}` is bound but not in its binding's catalog"),
    }
}

/// Something done once per bound method, with the method's types in hand: a binding's
/// `visit_methods(&mut visitor)` calls [`MethodVisitor::visit`] for each of its methods (the
/// enabled ones), in catalog order. Tests use it to check every method the same way, e.g.
/// decode each page's example answer with [`decode_answer`](crate::decode_answer).
pub trait MethodVisitor {
    /// Called with one bound method.
    fn visit<M: Method>(&mut self);
}
