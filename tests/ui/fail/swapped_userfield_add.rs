// Issue 20: the two string arguments of a user-field add, swapped. `USER_TYPE_ID` takes its
// enum, so a string (in either place) no longer fits; before, this compiled and the portal
// got a field of type "PRIORITY" named "string".
use bitrix_api::methods::CrmDealUserfieldAddFields;

fn main() {
    let _ = CrmDealUserfieldAddFields::new("PRIORITY", "string");
}
