//! [`PortalUser`]: a user as `user.get`, `user.current` and `user.search` answer it, the
//! record `bind!(schema = …)` types the users' own fields (`UF_USR_…`) on.
//!
//! The docs give users no fields page with types (`user.fields` answers names and titles
//! only), so the documented fields stay as the portal sent them, in `fields`; what the
//! saved schema adds is typed through `portal::user`.

use serde::Serialize;
use serde_json::{Map, Value};

use super::{Custom, Entity, FieldInfo};
use crate::wire::{Wire, WireError};

/// A user: its `ID`, its custom fields (`UF_…`) and every other field as it came.
///
/// ```
/// use bitrix_api::typed::PortalUser;
/// use bitrix_api::wire::Wire;
/// let u = PortalUser::from_wire(serde_json::json!(
///     {"ID": "7", "NAME": "Ann", "UF_USR_BADGE": "A-17"}
/// )).unwrap();
/// assert_eq!(u.id, Some(7));
/// assert_eq!(u.fields["NAME"], "Ann");
/// assert_eq!(u.custom.get_as::<String>("UF_USR_BADGE").unwrap().as_deref(), Some("A-17"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[non_exhaustive]
pub struct PortalUser {
    /// `ID`.
    #[serde(rename = "ID", skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// The user's custom fields by name, as they came: the portal's own (`UF_USR_…`) and
    /// the standard ones spelled like them (`UF_DEPARTMENT`, `UF_PHONE_INNER`, …).
    #[serde(flatten)]
    pub custom: Custom,
    /// Every other field (`NAME`, `EMAIL`, `ACTIVE`, …), as it came.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

impl Wire for PortalUser {
    fn from_wire(value: Value) -> Result<Self, WireError> {
        let mut m = crate::wire::object(value)?;
        let id = crate::wire::take::<Option<i64>>(&mut m, "ID")
            .map_err(|e| WireError::in_record(e, "PortalUser"))?;
        Ok(PortalUser {
            id,
            custom: Custom::take(&mut m),
            fields: m,
        })
    }
}

crate::__serde_via_wire!(PortalUser);

impl Entity for PortalUser {
    const NAME: &'static str = "User";
    const FIELDS_METHOD: &'static str = "user.fields";
    const FIELDS: &'static [FieldInfo] = &[];
    const CUSTOM_PREFIX: &'static str = "UF_";
}
