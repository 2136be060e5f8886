//! `crm.productrow.list` (outdated): the product rows of every owner as one list. The
//! rows are the ones `crm.<owner>.productrows.set` wrote (deals, leads, quotes), each as
//! that owner's `productrows.get` answers it, with the owner named as the page says:
//! `OWNER_TYPE`, the short code of its type (`D`, `L`, `Q`, as owned.rs spells them), and
//! `OWNER_ID`. The list filters, orders and pages as every list does; the page asks for
//! a filter naming the owner, a filter naming none lists every row (an administrator's
//! view).

use serde_json::{json, Map, Value};

use super::answer::{Answer, ApiError};
use super::listing;
use super::methods::Env;
use super::owned::short_code;
use super::pairs;
use super::params;

/// The suffix of the pair families that hold product rows.
const FAMILY: &str = ".productrows";

/// Answers `crm.productrow.list`.
pub(crate) fn list(env: &mut Env<'_>, p: &Value) -> Result<Answer, ApiError> {
    let mut owners: Vec<(String, i64)> = env
        .crm
        .kept
        .keys()
        .filter_map(|(family, key)| {
            let owner = family.strip_suffix(FAMILY)?;
            let id = key.strip_prefix("id=")?.parse::<i64>().ok()?;
            Some((owner.to_owned(), id))
        })
        .collect();
    owners.sort();
    let mut rows: Vec<Map<String, Value>> = Vec::new();
    for (owner, id) in owners {
        let Some(code) = short_code(&owner) else {
            continue;
        };
        let family = format!("{owner}{FAMILY}");
        let Ok(read) = pairs::run(env, &family, "get", &json!({ "id": id })) else {
            continue;
        };
        for row in read.result.as_array().into_iter().flatten() {
            let Value::Object(row) = row else { continue };
            let mut row = row.clone();
            row.insert("OWNER_TYPE".into(), json!(code));
            row.insert("OWNER_ID".into(), json!(id.to_string()));
            rows.push(row);
        }
    }
    rows.sort_by_key(|r| r.get("ID").and_then(params::int).unwrap_or(0));
    listing::list(rows.iter(), p)
}
