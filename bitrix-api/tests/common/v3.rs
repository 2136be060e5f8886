//! The REST 3.0 request types and helpers both REST 3.0 test files use (`v3.rs`: address,
//! answer shape and errors; `v3_idempotency.rs`: exactly-once writes).

use std::sync::{Arc, Mutex};

use bitrix_api::{ApiVersion, Method, MethodInfo};
use serde_json::{json, Value};

use super::{serve, Reply, Req, Server};

/// A REST 3.0 request type as the generator will write it (`VERSION = V3`).
#[derive(serde::Serialize)]
pub struct NoteDocumentGet {
    pub id: i64,
}

/// The answer's `result`: REST 3.0 puts a single object under `item`.
#[derive(Debug, PartialEq, serde::Deserialize)]
pub struct DocumentAnswer {
    pub item: Document,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
pub struct Document {
    pub id: i64,
    pub title: String,
}

bitrix_api::__wire_via_serde!(DocumentAnswer);

pub static INFO: MethodInfo = MethodInfo {
    name: "note.document.get",
    title: "Get a document",
    page: "note/document/note-document-get.md",
    line: 1,
    scope: Some("note"),
    params: &[],
    version: ApiVersion::V3,
    deprecated: None,
};

impl Method for NoteDocumentGet {
    const NAME: &'static str = "note.document.get";
    const VERSION: ApiVersion = ApiVersion::V3;
    type Response = DocumentAnswer;
    fn info() -> &'static MethodInfo {
        &INFO
    }
}

/// A REST 3.0 write, typed.
#[derive(serde::Serialize)]
pub struct NoteDocumentAdd {
    pub fields: Value,
}

impl Method for NoteDocumentAdd {
    const NAME: &'static str = "note.document.add";
    const VERSION: ApiVersion = ApiVersion::V3;
    type Response = Value;
    fn info() -> &'static MethodInfo {
        &INFO
    }
}

/// A REST 2 write, typed (the default version).
#[derive(serde::Serialize)]
pub struct CrmLeadAdd {}

impl Method for CrmLeadAdd {
    const NAME: &'static str = "crm.lead.add";
    type Response = Value;
    fn info() -> &'static MethodInfo {
        &INFO
    }
}

pub fn item(id: i64) -> Reply {
    Reply::ok(json!({ "item": { "id": id, "title": "Runbook" } }))
}

/// What the portal saw of each request: path and `Idempotency-Key`.
pub type Seen = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// The `Idempotency-Key` of each request a portal saw, in order.
pub type Keys = Arc<Mutex<Vec<Option<String>>>>;

/// A portal answering with `script` that keeps each request's `Idempotency-Key`.
pub async fn keyed_portal<F>(script: F) -> (Server, Keys)
where
    F: Fn(Req) -> Reply + Send + Sync + 'static,
{
    let keys = Keys::default();
    let log = keys.clone();
    let server = serve(move |req| {
        log.lock()
            .unwrap()
            .push(req.header("idempotency-key").map(str::to_owned));
        script(req)
    })
    .await;
    (server, keys)
}
