//! Small local servers for the HTTP tests: a scripted axum portal and a raw TCP server for
//! answers no well-behaved framework would send.

#![allow(dead_code)]

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The webhook code the test portals accept.
pub const CODE: &str = "s3cr3tw3bh00kc0de";

/// One request as the scripted portal saw it.
#[derive(Debug, Clone)]
pub struct Req {
    /// Path after `/rest/…/`: the method name.
    pub method: String,
    /// The whole path.
    pub path: String,
    /// The query string, if any.
    pub query: Option<String>,
    /// The JSON body (`Null` when absent or not JSON).
    pub body: Value,
    /// The request headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// 1-based arrival number.
    pub n: usize,
}

impl Req {
    /// The value of header `name` (any case), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_in(&self.headers, name)
    }
}

fn header_in<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// What the scripted portal answers.
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub headers: Vec<(&'static str, String)>,
    pub delay: Duration,
}

impl Reply {
    pub fn ok(result: Value) -> Reply {
        Reply::json(
            200,
            json!({ "result": result, "time": { "start": 1.0, "finish": 1.1, "duration": 0.1 } }),
        )
    }
    pub fn json(status: u16, v: Value) -> Reply {
        Reply::text(status, v.to_string())
    }
    pub fn error(status: u16, code: &str, description: &str) -> Reply {
        Reply::json(
            status,
            json!({ "error": code, "error_description": description }),
        )
    }
    pub fn text(status: u16, body: impl Into<String>) -> Reply {
        Reply {
            status,
            body: body.into(),
            headers: Vec::new(),
            delay: Duration::ZERO,
        }
    }
    pub fn redirect(status: u16, location: impl Into<String>) -> Reply {
        Reply {
            status,
            body: String::new(),
            headers: vec![("location", location.into())],
            delay: Duration::ZERO,
        }
    }
    pub fn after(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }
    /// A REST 3.0 error: `{"error": {"code", "message", "validation"}}`.
    pub fn v3_error(status: u16, code: &str, message: &str, validation: Value) -> Reply {
        let mut error = json!({ "code": code, "message": message });
        if !validation.is_null() {
            error["validation"] = validation;
        }
        Reply::json(status, json!({ "error": error }))
    }
}

/// A running scripted portal.
pub struct Server {
    pub addr: std::net::SocketAddr,
    pub hits: Arc<AtomicUsize>,
}

impl Server {
    /// `http://127.0.0.1:{port}/rest/1/{CODE}/`
    pub fn webhook(&self) -> String {
        format!("http://{}/rest/1/{CODE}/", self.addr)
    }
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

/// Starts a portal on 127.0.0.1 whose every answer comes from `script`.
pub async fn serve<F>(script: F) -> Server
where
    F: Fn(Req) -> Reply + Send + Sync + 'static,
{
    serve_async(move |req| {
        let reply = script(req);
        async move { reply }
    })
    .await
}

/// Like [`serve`], with an async script.
pub async fn serve_async<F, Fut>(script: F) -> Server
where
    F: Fn(Req) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Reply> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let hits = Arc::new(AtomicUsize::new(0));
    let script = Arc::new(script);
    let counter = hits.clone();
    let app = axum::Router::new().fallback(move |req: Request| {
        let script = script.clone();
        let counter = counter.clone();
        async move {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            let path = req.uri().path().to_owned();
            let query = req.uri().query().map(str::to_owned);
            let headers = req
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let bytes = axum::body::to_bytes(req.into_body(), usize::MAX)
                .await
                .unwrap_or_default();
            let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            let method = path
                .rsplit('/')
                .find(|s| !s.is_empty())
                .unwrap_or_default()
                .to_owned();
            let reply = script(Req {
                method,
                path,
                query,
                body,
                headers,
                n,
            })
            .await;
            if !reply.delay.is_zero() {
                tokio::time::sleep(reply.delay).await;
            }
            let mut resp = Response::new(Body::from(reply.body));
            *resp.status_mut() = StatusCode::from_u16(reply.status).unwrap();
            for (k, v) in reply.headers {
                resp.headers_mut()
                    .insert(k, HeaderValue::from_str(&v).unwrap());
            }
            if !resp.headers().contains_key("content-type") {
                resp.headers_mut()
                    .insert("content-type", HeaderValue::from_static("application/json"));
            }
            resp
        }
    });
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    Server { addr, hits }
}

/// What the raw server does with a request.
pub enum Raw {
    /// Read the request, then close without a byte.
    Drop,
    /// Read the request, write these bytes as they are, close.
    Write(Vec<u8>),
}

/// A raw TCP server: reads one HTTP request per connection, then acts per `script`
/// (called with the 1-based connection number).
pub async fn serve_raw<F>(script: F) -> Server
where
    F: Fn(usize) -> Raw + Send + Sync + 'static,
{
    serve_raw_seen(move |n, _| script(n)).await
}

/// One request as the raw server read it.
#[derive(Debug, Clone)]
pub struct RawReq {
    /// The request line, e.g. `POST /rest/api/1/…/note.document.add HTTP/1.1`.
    pub line: String,
    /// The headers, names in lower case.
    pub headers: Vec<(String, String)>,
}

impl RawReq {
    /// The value of header `name` (any case), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_in(&self.headers, name)
    }
}

/// Like [`serve_raw`], the script also seeing the request's line and headers.
pub async fn serve_raw_seen<F>(script: F) -> Server
where
    F: Fn(usize, RawReq) -> Raw + Send + Sync + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let script = Arc::new(script);
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            let script = script.clone();
            tokio::spawn(async move {
                let head = read_request(&mut sock).await;
                match script(n, head) {
                    Raw::Drop => {}
                    Raw::Write(bytes) => {
                        let _ = sock.write_all(&bytes).await;
                        let _ = sock.flush().await;
                    }
                }
                let _ = sock.shutdown().await;
            });
        }
    });
    Server { addr, hits }
}

async fn read_request(sock: &mut tokio::net::TcpStream) -> RawReq {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let parse = |buf: &[u8], end: usize| {
        let head = String::from_utf8_lossy(&buf[..end]).into_owned();
        let mut lines = head.lines();
        let line = lines.next().unwrap_or_default().to_owned();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        RawReq { line, headers }
    };
    loop {
        let n = match sock.read(&mut chunk).await {
            Ok(n) if n > 0 => n,
            _ => {
                let end = buf.len();
                return parse(&buf, end);
            }
        };
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = parse(&buf, end);
            let len = head
                .header("content-length")
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            if buf.len() >= end + 4 + len {
                return head;
            }
        }
    }
}

/// An HTTP/1.1 answer with a declared length (which may lie).
pub fn http_answer(status: u16, declared_len: usize, body: &str) -> Vec<u8> {
    http_answer_with(status, declared_len, body, &[])
}

/// Like [`http_answer`], with extra header lines (`name: value`).
pub fn http_answer_with(status: u16, declared_len: usize, body: &str, extra: &[&str]) -> Vec<u8> {
    let extra: String = extra.iter().map(|h| format!("{h}\r\n")).collect();
    format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {declared_len}\r\n{extra}connection: close\r\n\r\n{body}"
    )
    .into_bytes()
}

/// A client for `server` that does not retry, does not rate-limit itself and has a short
/// timeout.
pub fn client_no_retry(server: &Server) -> bitrix_api::Client {
    bitrix_api::Client::builder()
        .webhook(server.webhook())
        .retry(bitrix_api::RetryPolicy::none())
        .limits(bitrix_api::Limits::off())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

/// A client for the webhook `webhook` with `policy` and a short timeout.
pub fn client(webhook: String, policy: bitrix_api::RetryPolicy) -> bitrix_api::Client {
    bitrix_api::Client::builder()
        .webhook(webhook)
        .retry(policy)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

/// A fast retry policy for tests.
pub fn fast_retry() -> bitrix_api::RetryPolicy {
    bitrix_api::RetryPolicy::default()
        .base_delay(Duration::from_millis(5))
        .max_delay(Duration::from_millis(20))
}
pub mod v3;
