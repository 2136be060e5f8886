//! The machinery of the conformance test: a `Case` per bound page of a section, its
//! example body, the three phases, the per-family table and the assertions.

use std::collections::BTreeMap;
use std::path::PathBuf;

use bitrix_api::{ApiVersion, Method, MethodVisitor};
use bitrix_emulator::{Portal, ServedBy};
use serde_json::{json, Value};

/// One page: its method, where it is, its example body and how to decode its answer.
struct Case {
    name: &'static str,
    page: &'static str,
    family: String,
    body: Option<Value>,
    /// REST 3.0 pages are called at `/rest/api/`.
    version: ApiVersion,
    decode: fn(&[u8]) -> Result<(), bitrix_api::Error>,
    /// Whether the page's own example answer decodes with its type: when it does not,
    /// a decode failure is the generated type's (reported), not the emulator's.
    example_decodes: bool,
}

fn decode<M: Method>(body: &[u8]) -> Result<(), bitrix_api::Error> {
    bitrix_api::decode_answer::<M>(body).map(|_| ())
}

/// Collects a [`Case`] per page of one section (`crm`, `departments`) of the binding.
struct Pages {
    docs: PathBuf,
    /// The section's folder under `api-reference/`.
    section: &'static str,
    /// Where a page's example request comes from.
    examples: Examples,
    cases: Vec<Case>,
}

/// Which cURL example of a page is sent.
#[derive(Clone, Copy)]
pub enum Examples {
    /// The `cURL (Webhook)` body only (what the page model calls its request example).
    Webhook,
    /// The webhook body, else the `cURL (OAuth)` body without its `auth` token: for
    /// sections whose methods only an application may call (`entity.*`), whose pages
    /// show no webhook example.
    OAuthToo,
}

impl MethodVisitor for Pages {
    fn visit<M: Method>(&mut self) {
        let info = M::info();
        let Some(rest) = info
            .page
            .strip_prefix("api-reference/")
            .and_then(|r| r.strip_prefix(self.section))
            .and_then(|r| r.strip_prefix('/'))
        else {
            return;
        };
        let family = match rest.split_once('/') {
            Some((folder, _)) => folder.to_owned(),
            None => self.section.to_owned(),
        };
        let path = self.docs.join(info.page);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let bitrix_docs::PageOutcome::Method(spec) =
            bitrix_docs::parse_page(&text, &path, info.page)
        else {
            panic!(
                "{}: bound, but no longer parses as a method page",
                info.page
            );
        };
        let body = spec
            .request_example
            .as_deref()
            .map(|b| serde_json::from_str(b).expect("request_example is JSON"))
            .or_else(|| match self.examples {
                Examples::Webhook => None,
                Examples::OAuthToo => oauth_body(&text),
            });
        let example_decodes = spec
            .response
            .example
            .as_deref()
            .and_then(bitrix_docs::lenient::parse)
            .is_some_and(|e| decode::<M>(e.to_string().as_bytes()).is_ok());
        self.cases.push(Case {
            name: info.name,
            page: info.page,
            family,
            body,
            version: info.version,
            decode: decode::<M>,
            example_decodes,
        });
    }
}

#[derive(Debug)]
enum Outcome {
    Pass,
    PortalError { code: String, message: String },
    DecodeFailure(String),
}

/// The JSON body of the page's `cURL (OAuth)` example (`-d '{…}'`), its `auth` token
/// removed: the client sends its own credentials.
fn oauth_body(text: &str) -> Option<Value> {
    let tab = text.get(text.find("cURL (OAuth)")?..)?;
    let body = tab.get(tab.find("-d '")? + 4..)?;
    let mut value = body
        .match_indices('\'')
        .find_map(|(end, _)| serde_json::from_str::<Value>(body.get(..end)?).ok())?;
    value.as_object_mut()?.remove("auth");
    Some(value)
}

/// Whether an example body still holds a placeholder (`"**put_id_here**"`, `**…**`).
fn has_placeholder(v: &Value) -> bool {
    match v {
        Value::String(s) => s.contains("**"),
        Value::Array(items) => items.iter().any(has_placeholder),
        Value::Object(map) => map
            .iter()
            .any(|(k, v)| k.contains("**") || has_placeholder(v)),
        _ => false,
    }
}

/// `*.add` first, `*.delete` last (registrations' `register` / `bind` and `unregister` /
/// `unbind` likewise): examples that reuse an id or a code find its record.
fn phase(name: &str) -> u8 {
    let op = name.rsplit('.').next().unwrap_or_default();
    match op {
        "add" | "register" | "bind" => 0,
        "delete" | "unregister" | "unbind" => 2,
        _ => 1,
    }
}

#[derive(Default)]
struct Row {
    pages: usize,
    pass: usize,
    portal: usize,
    decode: usize,
    none: usize,
}

/// Sends every page of `section` its own example, prints the per-family table and fails on
/// a stateful family's answer the page's own type cannot read; `min`: at least this many
/// pages, and this many passing.
pub async fn run(section: &'static str, min: (usize, usize), scopes: &[&str]) {
    run_with(section, min, scopes, Examples::Webhook).await;
}

/// [`run`], with the example requests taken as `examples` says.
pub async fn run_with(
    section: &'static str,
    (min, min_pass): (usize, usize),
    scopes: &[&str],
    examples: Examples,
) {
    let docs = bitrix_tests::workspace().join("docs");
    let mut pages = Pages {
        docs,
        section,
        examples,
        cases: Vec::new(),
    };
    bitrix_tests::crm::visit_methods(&mut pages);
    let mut cases = pages.cases;
    assert!(
        cases.len() >= min,
        "every current {section} page is bound: {}",
        cases.len()
    );
    cases.sort_by_key(|c| phase(c.name));

    let (portal, client) = bitrix_tests::serve(Portal::builder().webhook(1, scopes)).await;
    // The application, for the pages a webhook may not call (their error tables say
    // "Application context required": placement.bind, app.option.*, …): a call the
    // webhook gets refused with one of those codes is sent again as the application.
    let app = bitrix_tests::app_client(&portal, scopes);

    let mut table: BTreeMap<String, Row> = BTreeMap::new();
    let mut stateful_failures = Vec::new();
    let mut details = Vec::new();
    for case in &cases {
        let row = table.entry(case.family.clone()).or_default();
        row.pages += 1;
        let Some(body) = &case.body else {
            row.none += 1;
            details.push(format!("no example     {} ({})", case.name, case.page));
            continue;
        };
        portal.reset_log();
        let call = |client: &bitrix_api::Client| {
            let (client, body) = (client.clone(), body.clone());
            async move {
                match case.version {
                    ApiVersion::V3 => client.v3().call_response_raw(case.name, body).await,
                    _ => client.call_envelope::<Value>(case.name, body).await,
                }
            }
        };
        let mut answer = call(&client).await;
        if answer.as_ref().is_err_and(|e| {
            matches!(
                e.code(),
                Some("WRONG_AUTH_TYPE" | "ACCESS_DENIED" | "AccessException")
            )
        }) {
            answer = call(&app).await;
        }
        let served_by = portal.requests().last().and_then(|r| r.served_by);
        let outcome = match answer {
            Ok(r) => {
                let envelope = json!({"result": r.result, "total": r.total, "next": r.next});
                let bytes = serde_json::to_vec(&envelope).expect("JSON");
                match (case.decode)(&bytes) {
                    Ok(()) => Outcome::Pass,
                    Err(e) => Outcome::DecodeFailure(e.to_string()),
                }
            }
            Err(e) => Outcome::PortalError {
                code: e.code().unwrap_or("-").to_owned(),
                message: e.to_string(),
            },
        };
        let complete = if has_placeholder(body) {
            "placeholder"
        } else {
            "complete"
        };
        match &outcome {
            Outcome::Pass => row.pass += 1,
            Outcome::PortalError { code, message } => {
                row.portal += 1;
                details.push(format!(
                    "portal error   {} [{complete}] {code:?}: {message}",
                    case.name
                ));
            }
            Outcome::DecodeFailure(e) => {
                row.decode += 1;
                // A list asked for a few fields (`select`) lacks the others, which the
                // generated type may require: the type's limit, not the portal's.
                let selected = body.get("select").is_some() && e.contains("missing field");
                let whose = if !case.example_decodes {
                    "the page's own example does not decode either"
                } else if selected {
                    "the request's select leaves out a field the type requires"
                } else {
                    "the emulator's answer"
                };
                let line = format!("decode failure {} ({served_by:?}; {whose}): {e}", case.name);
                if case.example_decodes
                    && !selected
                    && served_by.is_some_and(|s| s != ServedBy::Example)
                {
                    stateful_failures.push(line.clone());
                }
                details.push(line);
            }
        }
    }

    let mut total = Row::default();
    println!("| family | pages | pass | portal error | decode failure | no example |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (family, r) in &table {
        println!(
            "| {family} | {} | {} | {} | {} | {} |",
            r.pages, r.pass, r.portal, r.decode, r.none
        );
        total.pages += r.pages;
        total.pass += r.pass;
        total.portal += r.portal;
        total.decode += r.decode;
        total.none += r.none;
    }
    println!(
        "| **all** | {} | {} | {} | {} | {} |",
        total.pages, total.pass, total.portal, total.decode, total.none
    );
    println!();
    for d in &details {
        println!("{d}");
    }
    assert!(
        total.pass >= min_pass,
        "{section}: {} pages pass, fewer than the {min_pass} that passed before",
        total.pass
    );
    assert!(
        stateful_failures.is_empty(),
        "answers of the emulator's stateful families that the page's own type cannot \
         decode:\n{}",
        stateful_failures.join("\n")
    );
}
