//! An enumerated field takes its enum (`Other` for a value newer than the page), and
//! required values of one type come by name in a `…Required` struct literal.

use bitrix_api::methods::{
    CrmDealDetailsConfigurationSet, CrmDealDetailsConfigurationSetDataItem,
    CrmDealDetailsConfigurationSetDataItemRequired, CrmDealUserfieldAdd, CrmDealUserfieldAddFields,
    CrmDealUserfieldAddFieldsUserTypeId,
};

fn main() {
    let fields =
        CrmDealUserfieldAddFields::new(CrmDealUserfieldAddFieldsUserTypeId::String, "PRIORITY");
    let add = CrmDealUserfieldAdd::new(fields);
    let body = serde_json::to_value(&add).unwrap();
    assert_eq!(body["fields"]["USER_TYPE_ID"], "string");
    assert_eq!(body["fields"]["FIELD_NAME"], "PRIORITY");

    let custom = CrmDealUserfieldAddFieldsUserTypeId::Other("my_type".into());
    assert_eq!(custom.as_str(), "my_type");
    let _ = CrmDealUserfieldAddFields::new(custom, String::from("RATING"));

    let section = CrmDealDetailsConfigurationSetDataItem::new(
        CrmDealDetailsConfigurationSetDataItemRequired {
            name: "main".into(),
            title: "About the deal".into(),
            r#type: "section".into(),
        },
    );
    let _ = CrmDealDetailsConfigurationSet::new(vec![section]);
}
