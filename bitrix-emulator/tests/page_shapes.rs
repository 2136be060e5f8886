//! The shape check (issue 24): every crm page of `docs/` sends its own cURL example
//! request to one portal, and the answer's shape — JSON types and keys, not values — is
//! compared with the page's own example answer.
//!
//! Pages run in phases (every `*.add`, every `*.set` and `*.save`, the rest, every
//! `*.delete`), so a `get` example finds what an `add` or `set` example wrote. Each page ends as one of:
//! - **pass**: the answer has the example's shape (see [`shape::compare`]);
//! - **mismatch**: it does not; every mismatch is listed in [`KNOWN`] with its reason, and
//!   the test fails on a mismatch not listed there, or on a listed page that now passes;
//! - **refused**: the portal refused the example request (an id the portal does not
//!   hold, a placeholder): nothing to compare;
//! - **no example**: the page shows no request body or no answer.
//!
//! The per-family table (with how many methods a store answered, example or not) goes into
//! BENCHMARKS.md ("Emulator fidelity (issue 24)"): `cargo test -p bitrix-emulator --test page_shapes -- --nocapture`.

mod common;
mod shape;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use bitrix_emulator::{Portal, ServedBy};
use common::call;
use serde_json::Value;

/// Pages whose answer keeps a shape other than their example's, with the reason.
const KNOWN: &[(&str, &str)] = &[
    (
        "crm.company.list",
        "the example request selects TITLE, ASSIGNED_BY_ID and PHONE, its answer also shows \
         ID; the emulator answers what `select` names (tests/crm.rs holds it to that)",
    ),
    (
        "crm.currency.localizations.get",
        "the example reads USD's languages; the examples only ever set CLF's, so the portal \
         answers `{}`",
    ),
    (
        "crm.documentgenerator.document.list",
        "the example request selects five fields, its example answer shows every field",
    ),
    (
        "crm.documentgenerator.template.add",
        "`users` is kept as the example request gives it (a list); the example answer shows \
         the portal's map by user",
    ),
    (
        "crm.documentgenerator.template.list",
        "the example's templates carry `download` links of uploaded files; the emulator \
         stores no files",
    ),
    (
        "crm.lead.details.configuration.get",
        "answers the configuration crm.lead.details.configuration.set wrote; the set \
         example's elements have no `optionFlags`",
    ),
    (
        "crm.timeline.comment.list",
        "`FILES` is kept as given (a list of attachments); the example shows the portal's \
         map by file id",
    ),
    (
        "userfieldconfig.list",
        "answers the field userfieldconfig.add stored, labels as given (`en` and `ru`; the \
         example answer shows `de` too)",
    ),
    (
        "userfieldconfig.add",
        "labels are kept as given (the example request gives `en` only; the example answer \
         shows `ru` too)",
    ),
];

struct Case {
    name: String,
    family: String,
    body: Option<Value>,
    example: Option<Value>,
}

/// Writes before reads: `*.add`, then `*.set` / `*.save`, then the rest, `*.delete` last.
fn phase(name: &str) -> u8 {
    if name.ends_with(".add") {
        0
    } else if name.ends_with(".set") || name.ends_with(".save") {
        1
    } else if name.ends_with(".delete") {
        3
    } else {
        2
    }
}

/// An example's `result`; an object with neither `result` nor `error` is the result
/// itself (crm.activity.layout.blocks.set shows `{"success": true}`).
fn result_of(example: Value) -> Option<Value> {
    match example {
        Value::Object(mut map) if map.contains_key("result") => map.remove("result"),
        Value::Object(map) if !map.contains_key("error") && !map.is_empty() => {
            Some(Value::Object(map))
        }
        _ => None,
    }
}

fn cases() -> Vec<Case> {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let loaded = bitrix_docs::load(&docs).expect("docs/ loads");
    let mut cases: Vec<Case> = loaded
        .methods
        .into_iter()
        .filter_map(|spec| {
            let rest = spec.source.rel_path.strip_prefix("api-reference/crm/")?;
            let family = match rest.split_once('/') {
                Some((folder, _)) => folder.to_owned(),
                None => "crm".to_owned(),
            };
            let body = spec
                .request_example
                .as_deref()
                .and_then(|b| serde_json::from_str(b).ok());
            let example = spec
                .response
                .example
                .as_deref()
                .and_then(|e| serde_json::from_str::<Value>(e).ok())
                .and_then(result_of);
            Some(Case {
                name: spec.name.to_lowercase(),
                family,
                body,
                example,
            })
        })
        .collect();
    cases.sort_by_key(|c| phase(&c.name));
    cases
}

#[derive(Default)]
struct Row {
    methods: usize,
    /// Answered by the portal (anything but `ERROR_METHOD_NOT_FOUND`).
    served: usize,
    stateful: usize,
    pass: usize,
    mismatch: usize,
    refused: usize,
    none: usize,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_crm_page_answers_in_the_shape_of_its_own_example() {
    let cases = cases();
    // 359 current pages and 77 under crm/outdated/.
    assert!(cases.len() >= 436, "every crm page: {}", cases.len());
    let portal = Portal::builder()
        .limits(bitrix_emulator::Limits::off())
        .webhook(1, &["crm", "user", "userfieldconfig", "salescenter"])
        .start()
        .await
        .expect("portal starts");
    let mut table: BTreeMap<String, Row> = BTreeMap::new();
    let mut mismatches: BTreeMap<String, String> = BTreeMap::new();
    let mut details = Vec::new();
    // Which store answered which method families (`crm.calllist` for `crm.calllist.get`).
    let mut stores: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for case in &cases {
        let row = table.entry(case.family.clone()).or_default();
        row.methods += 1;
        portal.reset_log();
        let body = case
            .body
            .clone()
            .unwrap_or_else(|| Value::Object(Default::default()));
        let (status, answer) = call(&portal, &case.name, body).await;
        if answer["error"] != "ERROR_METHOD_NOT_FOUND" {
            row.served += 1;
        }
        // Which code answered counts for every page, with an example or not (most
        // outdated pages show no answer).
        let served_by = portal.requests().last().and_then(|r| r.served_by);
        if let Some(s) = served_by.filter(|s| *s != ServedBy::Example) {
            row.stateful += 1;
            let family = case.name.rsplit_once('.').map_or(&*case.name, |(f, _)| f);
            stores
                .entry(format!("{s:?}"))
                .or_default()
                .insert(family.to_owned());
        }
        let (Some(_), Some(example)) = (&case.body, &case.example) else {
            row.none += 1;
            continue;
        };
        if status != 200 {
            row.refused += 1;
            details.push(format!("refused  {} {status}: {answer}", case.name));
            continue;
        }
        let found = shape::compare(example, &answer["result"]);
        if found.is_empty() {
            row.pass += 1;
        } else {
            row.mismatch += 1;
            let text = found.join("; ");
            details.push(format!("mismatch {} ({served_by:?}): {text}", case.name));
            mismatches.insert(case.name.clone(), text);
        }
    }

    let mut total = Row::default();
    println!(
        "| family | methods | served | stateful | shape pass | mismatch (listed) | refused | no example |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (family, r) in &table {
        println!(
            "| {family} | {} | {} | {} | {} | {} | {} | {} |",
            r.methods, r.served, r.stateful, r.pass, r.mismatch, r.refused, r.none
        );
        total.methods += r.methods;
        total.served += r.served;
        total.stateful += r.stateful;
        total.pass += r.pass;
        total.mismatch += r.mismatch;
        total.refused += r.refused;
        total.none += r.none;
    }
    println!(
        "| **all** | {} | {} | {} | {} | {} | {} | {} |",
        total.methods,
        total.served,
        total.stateful,
        total.pass,
        total.mismatch,
        total.refused,
        total.none
    );
    println!();
    for (store, families) in &stores {
        let families: Vec<&str> = families.iter().map(String::as_str).collect();
        println!("{store} ({}): {}", families.len(), families.join(", "));
    }
    println!();
    for d in &details {
        println!("{d}");
    }
    assert_eq!(total.served, total.methods, "every crm page is served");
    let unlisted: Vec<String> = mismatches
        .iter()
        .filter(|(name, _)| !KNOWN.iter().any(|(k, _)| k == name))
        .map(|(name, text)| format!("{name}: {text}"))
        .collect();
    let fixed: Vec<&str> = KNOWN
        .iter()
        .filter(|(k, _)| !mismatches.contains_key(*k))
        .map(|(k, _)| *k)
        .collect();
    assert!(
        unlisted.is_empty() && fixed.is_empty(),
        "answers not in their page's shape:\n{}\nlisted in KNOWN but now in shape: {fixed:?}",
        unlisted.join("\n")
    );
}

/// `vote.AttachedVote.download`'s page: "the file's content", with `Content-Disposition:
/// attachment`, not a JSON object. An error stays the JSON error of any method.
#[tokio::test]
async fn a_page_that_answers_a_file_answers_a_download() {
    let portal = common::portal_with(&["vote"]).await;
    let url = format!("{}vote.AttachedVote.download", portal.webhook_url());
    let download = || async {
        common::client()
            .post(&url)
            .json(&serde_json::json!({"attachId": 1}))
            .send()
            .await
            .expect("send")
    };
    let resp = download().await;
    assert_eq!(resp.status().as_u16(), 200);
    let disposition = resp.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename="),
        "{disposition}"
    );
    let body = resp.text().await.expect("body");
    assert!(!body.is_empty());
    assert!(
        serde_json::from_str::<serde_json::Value>(&body).is_err(),
        "{body}"
    );
    // A fault that only delays the answer leaves it a file.
    portal.fail_next(
        1,
        bitrix_emulator::Fault::Delay(std::time::Duration::from_millis(50)),
    );
    let resp = download().await;
    assert!(resp.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    // Refused (a webhook code the portal does not have): the JSON error, no file.
    let base = portal.webhook_url();
    let code = base
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    let wrong = url.replace(&code, "nosuchcode");
    let (status, answer) = common::post(&wrong, serde_json::json!({"attachId": 1})).await;
    assert!(
        status >= 400 && answer["error"].is_string(),
        "{status} {answer}"
    );
}
