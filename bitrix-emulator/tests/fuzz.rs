//! Seeded mutations of real requests (JSON, form, multipart and query-string bodies,
//! `batch` commands) sent over HTTP: every one gets an answer (no hang), a status from
//! the documented set and a JSON body with `result` or `error` (no panic: a panicking
//! handler would drop the connection), and the portal keeps working afterwards.

use std::time::Duration;

use bitrix_emulator::{Limits, Portal};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;

/// (method, content type, query, body): requests that work as they are.
const SEEDS: &[(&str, &str, &str, &str)] = &[
    (
        "crm.lead.add",
        "application/json",
        "",
        r#"{"fields":{"TITLE":"T","PHONE":[{"VALUE":"+1","VALUE_TYPE":"WORK"}],"OPPORTUNITY":10}}"#,
    ),
    (
        "crm.lead.contact.items.set",
        "application/x-www-form-urlencoded",
        "",
        "id=1&items[0][CONTACT_ID]=1&items[0][SORT]=10&items[1][CONTACT_ID]=2&items[1][IS_PRIMARY]=Y",
    ),
    (
        "crm.lead.list",
        "",
        "filter[%3EID]=0&order[ID]=DESC&select[]=ID&select[]=TITLE&start=0",
        "",
    ),
    (
        "batch",
        "application/json",
        "",
        r#"{"halt":0,"cmd":{"a":"crm.lead.add?fields[TITLE]=x","b":"crm.lead.get?id=$result[a]","c":"crm.lead.contact.items.get?id=$result[a]"}}"#,
    ),
    (
        "crm.contact.add",
        "multipart/form-data; boundary=zz",
        "",
        "--zz\r\nContent-Disposition: form-data; name=\"fields[NAME]\"\r\n\r\nAnn\r\n--zz\r\nContent-Disposition: form-data; name=\"fields[LAST_NAME]\"\r\n\r\nLee\r\n--zz--\r\n",
    ),
    ("crm.lead.contact.fields", "", "", ""),
];

const CONTENT_TYPES: &[&str] = &[
    "application/json",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=zz",
    "multipart/form-data",
    "text/plain",
    "",
];

/// Fragments that open, close or confuse what the decoders track.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "[]",
    "[][][]",
    "%",
    "%ZZ",
    "%5B",
    "%00",
    "&",
    "=",
    "&&==",
    "\"",
    "\\",
    "\0",
    "--zz",
    "--zz--",
    "\r\n",
    "\r\n\r\n",
    "$result[",
    "$result[a][",
    "?",
    "#",
    "é",
    "🦀",
    ",",
    ":",
    "null",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    "{\"a\":",
    "cmd[",
    "items[0][",
];

#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Insert(usize, usize),
    Delete(usize, usize),
    Truncate(usize),
    Duplicate(usize, usize),
    ContentType(usize),
    Query(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let n = any::<usize>();
    prop_oneof![
        (n, any::<u8>()).prop_map(|(a, b)| Edit::Flip(a, b)),
        (n, n).prop_map(|(a, t)| Edit::Insert(a, t)),
        (n, 1..16usize).prop_map(|(a, k)| Edit::Delete(a, k)),
        n.prop_map(Edit::Truncate),
        (n, 1..64usize).prop_map(|(a, k)| Edit::Duplicate(a, k)),
        n.prop_map(Edit::ContentType),
        n.prop_map(Edit::Query),
    ]
}

struct Request {
    method: String,
    content_type: String,
    query: Vec<u8>,
    body: Vec<u8>,
}

fn mutate(seed: usize, edits: &[Edit]) -> Request {
    let (method, ct, query, body) = SEEDS[seed % SEEDS.len()];
    let mut r = Request {
        method: method.to_owned(),
        content_type: ct.to_owned(),
        query: query.as_bytes().to_vec(),
        body: body.as_bytes().to_vec(),
    };
    for e in edits {
        let target = &mut r.body;
        let len = target.len();
        match *e {
            Edit::Flip(a, b) if len > 0 => target[a % len] = b,
            Edit::Insert(a, t) => {
                let at = a % (len + 1);
                let token = TOKENS[t % TOKENS.len()].as_bytes();
                target.splice(at..at, token.iter().copied());
            }
            Edit::Delete(a, k) if len > 0 => {
                let at = a % len;
                target.drain(at..(at + k).min(len));
            }
            Edit::Truncate(a) => target.truncate(a % (len + 1)),
            Edit::Duplicate(a, k) if len > 0 => {
                let at = a % len;
                let chunk: Vec<u8> = target[at..(at + k).min(len)].to_vec();
                target.splice(at..at, chunk);
            }
            Edit::ContentType(t) => r.content_type = CONTENT_TYPES[t % CONTENT_TYPES.len()].into(),
            Edit::Query(t) => r
                .query
                .extend_from_slice(TOKENS[t % TOKENS.len()].as_bytes()),
            _ => {}
        }
    }
    r
}

/// The query as a URL can carry it: bytes outside printable ASCII percent-encoded.
fn url_query(query: &[u8]) -> String {
    query
        .iter()
        .map(|&b| {
            if b.is_ascii_graphic() && b != b'#' {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

const STATUSES: &[u16] = &[200, 400, 401, 403, 404, 405, 429, 500, 503];

#[test]
fn mutated_requests_get_a_portal_answer() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let portal = rt.block_on(async {
        let p = Portal::builder()
            .limits(Limits::off())
            .seed(5)
            .start()
            .await
            .unwrap();
        p.add_contact(serde_json::json!({"NAME": "A"}));
        p.add_contact(serde_json::json!({"NAME": "B"}));
        p.add_lead(serde_json::json!({"TITLE": "L"}));
        p
    });
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let config = Config {
        cases: 400,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let strategy = (any::<usize>(), proptest::collection::vec(edit(), 1..6));
    let result = runner.run(&strategy, |(seed, edits)| {
        let r = mutate(seed, &edits);
        let url = format!(
            "{}{}?{}",
            portal.webhook_url(),
            r.method,
            url_query(&r.query)
        );
        let mut req = http.post(&url).body(r.body.clone());
        if !r.content_type.is_empty() {
            req = req.header("Content-Type", r.content_type.clone());
        }
        let (status, text) = rt
            .block_on(async {
                let resp = req.send().await.map_err(|e| format!("no answer: {e}"))?;
                let status = resp.status().as_u16();
                let text = resp.text().await.map_err(|e| format!("broken body: {e}"))?;
                Ok::<_, String>((status, text))
            })
            .map_err(|e| TestCaseError::fail(format!("{e} for {url}")))?;
        prop_assert!(
            STATUSES.contains(&status),
            "status {} for {}: {}",
            status,
            url,
            text
        );
        let v: Value = serde_json::from_str(&text)
            .map_err(|e| TestCaseError::fail(format!("not JSON ({e}): {text}")))?;
        prop_assert!(
            v.get("result").is_some() || v.get("error").is_some_and(Value::is_string),
            "{}",
            v
        );
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    // Still serving, and the log saw every case.
    let ok = rt.block_on(async {
        http.get(format!("{}crm.lead.contact.fields", portal.webhook_url()))
            .send()
            .await
            .unwrap()
            .status()
    });
    assert_eq!(ok, 200);
    assert!(portal.requests().len() >= 400);
}
