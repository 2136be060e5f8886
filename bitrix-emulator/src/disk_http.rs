//! The two addresses Drive's answers hold (`disk.rs`): `GET /rest/download.json?token=…`
//! answers a file's bytes (`application/octet-stream`, 404 for an unknown token), and
//! `POST /rest/upload.json?token=…` takes the `multipart/form-data` upload of
//! `disk.folder.uploadfile`'s two-step form (the file in any part that has a
//! `filename`, else the first part) and answers `{"result": file}` as a method does.

use axum::body::{to_bytes, Body};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::Response;
use serde_json::json;

use super::disk;
use super::methods::Env;
use super::world::Shared;

/// Uploads are refused past this size (the emulator keeps files in memory).
const MAX_UPLOAD: usize = 64 << 20;

pub(crate) async fn serve(shared: &Shared, parts: &Parts, body: Body) -> Response {
    let token = parts
        .uri
        .query()
        .unwrap_or_default()
        .split('&')
        .find_map(|kv| kv.strip_prefix("token="))
        .map(|t| t.replace("%7C", "|").replace("%7c", "|"))
        .unwrap_or_default();
    let upload = parts.uri.path().ends_with("upload.json");
    let bytes = if upload {
        match to_bytes(body, MAX_UPLOAD).await {
            Ok(b) => Some(b),
            Err(_) => return plain(StatusCode::PAYLOAD_TOO_LARGE, "Too large"),
        }
    } else {
        None
    };
    let mut world = shared.world();
    let world = &mut *world;
    let mut env = Env {
        crm: &mut world.crm,
        catalog: &shared.catalog,
        user_id: 1,
        now: shared.clock.now(),
        origin: &shared.origin,
    };
    let Some(body) = bytes else {
        return match disk::download(&env, &token) {
            Some(bytes) => Response::builder()
                .status(StatusCode::OK)
                .header(header::CONTENT_TYPE, "application/octet-stream")
                .body(Body::from(bytes))
                .unwrap_or_default(),
            None => plain(StatusCode::NOT_FOUND, "Not Found"),
        };
    };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let (name, file) = match multipart_file(content_type, &body) {
        Some((name, file)) => (name, file.to_vec()),
        None => (None, body.to_vec()),
    };
    let (status, answer) = match disk::upload(&mut env, &token, name.as_deref(), &file) {
        Ok(read) => (StatusCode::OK, json!({ "result": read })),
        Err(e) => (
            StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST),
            e.body(),
        ),
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(answer.to_string()))
        .unwrap_or_default()
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    Response::builder()
        .status(status)
        .body(Body::from(text))
        .unwrap_or_default()
}

/// The file of a `multipart/form-data` body: its `filename` and bytes.
fn multipart_file<'a>(content_type: &str, body: &'a [u8]) -> Option<(Option<String>, &'a [u8])> {
    let boundary = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("boundary="))?
        .trim_matches('"');
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(at) = find(rest, delimiter.as_bytes()) {
        let after = &rest[at + delimiter.len()..];
        if after.starts_with(b"--") {
            break;
        }
        let next = find(after, delimiter.as_bytes()).unwrap_or(after.len());
        parts.push(&after[..next]);
        rest = &after[next..];
    }
    let parsed: Vec<(Option<String>, &[u8])> = parts
        .into_iter()
        .filter_map(|part| {
            let part = part.strip_prefix(b"\r\n").unwrap_or(part);
            let split = find(part, b"\r\n\r\n")?;
            let head = String::from_utf8_lossy(&part[..split]).to_string();
            let content = &part[split + 4..];
            let content = content.strip_suffix(b"\r\n").unwrap_or(content);
            let name = head
                .split(';')
                .find_map(|p| p.trim().strip_prefix("filename="))
                .map(|n| {
                    n.lines()
                        .next()
                        .unwrap_or_default()
                        .trim_matches('"')
                        .to_owned()
                });
            Some((name, content))
        })
        .collect();
    let file = parsed.iter().position(|(n, _)| n.is_some()).unwrap_or(0);
    parsed.into_iter().nth(file)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_file_part() {
        let body = b"--XY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\x00\x01\r\n\x02\r\n--XY--\r\n";
        let (name, bytes) =
            multipart_file("multipart/form-data; boundary=XY", body).expect("a file");
        assert_eq!(name.as_deref(), Some("a.bin"));
        assert_eq!(bytes, b"\x00\x01\r\n\x02");
    }
}
