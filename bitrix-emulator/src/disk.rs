//! Drive (`disk.*`) with real bytes, for a portal that has the `disk/` pages: storages,
//! folders and files, uploads and downloads.
//!
//! - Every user has a storage (`disk.storage.getlist`, `disk.storage.get`), made on first
//!   use: `ENTITY_TYPE` `user`, its root folder `ROOT_OBJECT_ID`.
//! - Folders and files share one numbering, as the portal's objects do.
//!   `disk.folder.addsubfolder {id, data: {NAME}}` (and `disk.storage.addfolder` on the
//!   root) makes a folder; `disk.folder.uploadfile {id, data: {NAME}, fileContent}` (and
//!   `disk.storage.uploadfile`) a file, from `fileContent` as `[name, base64]` or a
//!   base64 string; without `fileContent` it answers `{field: "file", uploadUrl}`, and a
//!   `multipart/form-data` POST of the file in that field to `uploadUrl`
//!   (`/rest/upload.json?token=…`) makes the file and answers it, as the page's two-step
//!   form describes. `generateUniqueName: true` renames a clash `name (1).ext`; without
//!   it a clash is 400 `DISK_OBJ_22000` (`A file or folder with this name already
//!   exists`, where the pages leave the code open).
//! - A file read (`disk.file.get`, children lists, upload answers) has a `DOWNLOAD_URL`
//!   (`/rest/download.json?token=…`) that answers the file's bytes, `SIZE` their count.
//! - `disk.folder.getchildren` / `disk.storage.getchildren` list a folder's objects;
//!   `disk.file.delete` and `disk.folder.deletetree` remove (a folder with everything in
//!   it); `disk.file.rename` / `disk.folder.rename {id, newName}` rename.
//! - An unknown id is 400 `ERROR_NOT_FOUND`, `Could not find entity with id `X``, as
//!   the pages show.

use serde_json::{json, Map, Value};

use super::answer::{Answer, ApiError};
use super::clock;
use super::methods::Env;
use super::params;

const STORAGES: &str = "disk:storage";
const OBJECTS: &str = "disk:object";
/// Where a file keeps its bytes (base64) and its download secret; never answered.
const BYTES: &str = "\u{0}bytes";
const SECRET: &str = "\u{0}secret";
/// Pending two-step uploads: folder, name, unique-name flag.
const UPLOADS: &str = "disk:upload";

/// Whether this module answers `method` (given the portal has its page).
pub(crate) fn serves(method: &str) -> bool {
    matches!(
        method,
        "disk.storage.getlist"
            | "disk.storage.get"
            | "disk.storage.getchildren"
            | "disk.storage.addfolder"
            | "disk.storage.uploadfile"
            | "disk.folder.get"
            | "disk.folder.addsubfolder"
            | "disk.folder.uploadfile"
            | "disk.folder.getchildren"
            | "disk.folder.deletetree"
            | "disk.folder.rename"
            | "disk.file.get"
            | "disk.file.delete"
            | "disk.file.rename"
    )
}

fn not_found(id: &Value) -> ApiError {
    let id = params::text(id).unwrap_or_default();
    ApiError::new(
        400,
        "ERROR_NOT_FOUND",
        format!("Could not find entity with id `{id}`"),
    )
}

pub(crate) fn run(env: &mut Env<'_>, method: &str, p: &Value) -> Result<Answer, ApiError> {
    let storage = storage_of(env);
    let given_id = params::get(p, "id").cloned().unwrap_or(Value::Null);
    let id = params::int(&given_id);
    let object = |env: &Env<'_>, kind: &str| -> Result<i64, ApiError> {
        id.filter(|i| {
            env.crm
                .record(OBJECTS, *i)
                .is_some_and(|r| r.get("TYPE").and_then(Value::as_str) == Some(kind))
        })
        .ok_or_else(|| not_found(&given_id))
    };
    // The storage methods act on the storage's root folder.
    let folder = |env: &Env<'_>| -> Result<i64, ApiError> {
        if method.starts_with("disk.storage.") {
            if id != Some(storage.0) {
                return Err(not_found(&given_id));
            }
            return Ok(storage.1);
        }
        object(env, "folder")
    };
    let answer = match method {
        "disk.storage.getlist" => Value::Array(
            env.crm
                .rows(STORAGES)
                .map(|(_, r)| Value::Object(r.clone()))
                .collect(),
        ),
        "disk.storage.get" => {
            folder(env)?;
            Value::Object(
                env.crm
                    .record(STORAGES, storage.0)
                    .cloned()
                    .unwrap_or_default(),
            )
        }
        "disk.folder.get" | "disk.file.get" => {
            let kind = if method == "disk.file.get" {
                "file"
            } else {
                "folder"
            };
            read(env, object(env, kind)?)
        }
        "disk.storage.getchildren" | "disk.folder.getchildren" => {
            let parent = folder(env)?.to_string();
            let ids: Vec<i64> = env
                .crm
                .rows(OBJECTS)
                .filter(|(_, r)| {
                    r.get("PARENT_ID").and_then(params::text).as_deref() == Some(&parent)
                })
                .map(|(i, _)| *i)
                .collect();
            Value::Array(ids.into_iter().map(|i| read(env, i)).collect())
        }
        "disk.storage.addfolder" | "disk.folder.addsubfolder" => {
            let parent = folder(env)?;
            let name = data_name(p)?;
            let name = unique(env, parent, &name, false)?;
            let id = make(env, parent, "folder", &name);
            read(env, id)
        }
        "disk.storage.uploadfile" | "disk.folder.uploadfile" => {
            let parent = folder(env)?;
            let name = data_name(p)?;
            let uniq = params::get(p, "generateUniqueName").is_some_and(|v| {
                v.as_bool().unwrap_or_else(|| {
                    params::text(v).is_some_and(|t| t == "Y" || t == "1" || t == "true")
                })
            });
            match params::get(p, "fileContent") {
                Some(content) => {
                    let (shown_name, b64) = match content {
                        Value::Array(pair) => (
                            pair.first().and_then(Value::as_str),
                            pair.get(1).and_then(Value::as_str),
                        ),
                        Value::String(s) => (None, Some(s.as_str())),
                        _ => (None, None),
                    };
                    let bytes = b64
                        .and_then(base64_decode)
                        .ok_or_else(|| ApiError::invalid("fileContent"))?;
                    let name = if name.is_empty() {
                        shown_name.unwrap_or("file").to_owned()
                    } else {
                        name
                    };
                    store_file(env, parent, &name, uniq, &bytes)?
                }
                None => {
                    let upload = env.crm.next_id(UPLOADS);
                    let token = format!("disk|{upload}|{}", secret());
                    let record = Map::from_iter([
                        ("folder".to_owned(), parent.into()),
                        ("name".to_owned(), name.into()),
                        ("unique".to_owned(), uniq.into()),
                        ("token".to_owned(), token.clone().into()),
                        ("user".to_owned(), env.user_id.into()),
                    ]);
                    env.crm.insert(UPLOADS, upload, record);
                    json!({
                        "field": "file",
                        "uploadUrl": format!("{}/rest/upload.json?token={}", env.origin, encode(&token)),
                    })
                }
            }
        }
        "disk.file.delete" => {
            env.crm.remove(OBJECTS, object(env, "file")?);
            true.into()
        }
        "disk.folder.deletetree" => {
            let root = object(env, "folder")?;
            let mut doomed = vec![root];
            let mut i = 0;
            while i < doomed.len() {
                let parent = doomed[i].to_string();
                doomed.extend(
                    env.crm
                        .rows(OBJECTS)
                        .filter(|(_, r)| {
                            r.get("PARENT_ID").and_then(params::text).as_deref() == Some(&parent)
                        })
                        .map(|(c, _)| *c),
                );
                i += 1;
            }
            for d in doomed {
                env.crm.remove(OBJECTS, d);
            }
            true.into()
        }
        _ => {
            // disk.file.rename, disk.folder.rename
            let kind = if method.starts_with("disk.file") {
                "file"
            } else {
                "folder"
            };
            let target = object(env, kind)?;
            let name = params::get(p, "newName")
                .and_then(params::text)
                .ok_or_else(|| ApiError::required("newName"))?;
            if let Some(r) = env.crm.record_mut(OBJECTS, target) {
                r.insert("NAME".into(), name.into());
            }
            read(env, target)
        }
    };
    Ok(Answer::of(answer))
}

/// The caller's storage (made on first use): its number and its root folder's.
fn storage_of(env: &mut Env<'_>) -> (i64, i64) {
    let user = env.user_id.to_string();
    let found = env
        .crm
        .rows(STORAGES)
        .find(|(_, r)| r.get("ENTITY_ID").and_then(params::text).as_deref() == Some(&user));
    if let Some((id, r)) = found {
        return (
            *id,
            r.get("ROOT_OBJECT_ID").and_then(params::int).unwrap_or(0),
        );
    }
    let id = env.crm.next_id(STORAGES);
    let root = env.crm.next_id(OBJECTS);
    let now = clock::datetime(env.now);
    let folder = Map::from_iter([
        ("ID".to_owned(), root.to_string().into()),
        ("NAME".to_owned(), "My Drive".into()),
        ("CODE".to_owned(), Value::Null),
        ("STORAGE_ID".to_owned(), id.to_string().into()),
        ("TYPE".to_owned(), "folder".into()),
        ("REAL_OBJECT_ID".to_owned(), root.to_string().into()),
        ("PARENT_ID".to_owned(), Value::Null),
        ("DELETED_TYPE".to_owned(), "0".into()),
        ("CREATE_TIME".to_owned(), now.clone().into()),
        ("UPDATE_TIME".to_owned(), now.into()),
        ("CREATED_BY".to_owned(), user.clone().into()),
    ]);
    env.crm.insert(OBJECTS, root, folder);
    let storage = Map::from_iter([
        ("ID".to_owned(), id.to_string().into()),
        ("NAME".to_owned(), "My Drive".into()),
        ("CODE".to_owned(), Value::Null),
        ("MODULE_ID".to_owned(), "disk".into()),
        ("ENTITY_TYPE".to_owned(), "user".into()),
        ("ENTITY_ID".to_owned(), user.into()),
        ("ROOT_OBJECT_ID".to_owned(), root.to_string().into()),
    ]);
    env.crm.insert(STORAGES, id, storage);
    (id, root)
}

fn data_name(p: &Value) -> Result<String, ApiError> {
    Ok(params::get(p, "data")
        .and_then(|d| params::get(d, "NAME"))
        .and_then(params::text)
        .unwrap_or_default())
}

/// `name`, or when the folder has an object of that name: `name (1).ext`, … if `uniq`,
/// else the clash error.
fn unique(env: &Env<'_>, parent: i64, name: &str, uniq: bool) -> Result<String, ApiError> {
    if name.is_empty() {
        return Err(ApiError::required("data.NAME"));
    }
    let parent = parent.to_string();
    let taken = |n: &str| {
        env.crm.rows(OBJECTS).any(|(_, r)| {
            r.get("PARENT_ID").and_then(params::text).as_deref() == Some(&parent)
                && r.get("NAME").and_then(Value::as_str) == Some(n)
        })
    };
    if !taken(name) {
        return Ok(name.to_owned());
    }
    if !uniq {
        return Err(ApiError::new(
            400,
            "DISK_OBJ_22000",
            "A file or folder with this name already exists",
        ));
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, format!(".{e}")),
        _ => (name, String::new()),
    };
    Ok((1..)
        .map(|i| format!("{stem} ({i}){ext}"))
        .find(|n| !taken(n))
        .unwrap_or_default())
}

fn make(env: &mut Env<'_>, parent: i64, kind: &str, name: &str) -> i64 {
    let id = env.crm.next_id(OBJECTS);
    let storage = env
        .crm
        .record(OBJECTS, parent)
        .and_then(|r| r.get("STORAGE_ID").cloned())
        .unwrap_or(Value::Null);
    let now = clock::datetime(env.now);
    let user = env.user_id.to_string();
    let mut r = Map::from_iter([
        ("ID".to_owned(), id.into()),
        ("NAME".to_owned(), name.into()),
        ("CODE".to_owned(), Value::Null),
        ("STORAGE_ID".to_owned(), storage),
        ("TYPE".to_owned(), kind.into()),
        ("PARENT_ID".to_owned(), parent.to_string().into()),
        ("DELETED_TYPE".to_owned(), 0.into()),
        ("CREATE_TIME".to_owned(), now.clone().into()),
        ("UPDATE_TIME".to_owned(), now.into()),
        ("DELETE_TIME".to_owned(), Value::Null),
        ("CREATED_BY".to_owned(), user.clone().into()),
        ("UPDATED_BY".to_owned(), user.into()),
        ("DELETED_BY".to_owned(), Value::Null),
    ]);
    if kind == "folder" {
        r.insert("REAL_OBJECT_ID".into(), id.to_string().into());
    }
    env.crm.insert(OBJECTS, id, r);
    id
}

/// Stores a file of `bytes` in `parent`; its read.
pub(crate) fn store_file(
    env: &mut Env<'_>,
    parent: i64,
    name: &str,
    uniq: bool,
    bytes: &[u8],
) -> Result<Value, ApiError> {
    let name = unique(env, parent, name, uniq)?;
    let id = make(env, parent, "file", &name);
    if let Some(r) = env.crm.record_mut(OBJECTS, id) {
        r.insert("GLOBAL_CONTENT_VERSION".into(), 1.into());
        r.insert("FILE_ID".into(), id.into());
        r.insert("SIZE".into(), bytes.len().to_string().into());
        r.insert(BYTES.into(), base64_encode(bytes).into());
        r.insert(SECRET.into(), secret().into());
    }
    Ok(read(env, id))
}

/// A folder or file as the pages answer it (a file with its `DOWNLOAD_URL`).
fn read(env: &Env<'_>, id: i64) -> Value {
    let Some(r) = env.crm.record(OBJECTS, id) else {
        return Value::Null;
    };
    let mut out: Map<String, Value> = r
        .iter()
        .filter(|(k, _)| !k.starts_with('\u{0}'))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if let Some(secret) = r.get(SECRET).and_then(Value::as_str) {
        let token = format!("disk|{id}|{secret}");
        out.insert(
            "DOWNLOAD_URL".into(),
            format!("{}/rest/download.json?token={}", env.origin, encode(&token)).into(),
        );
    }
    Value::Object(out)
}

/// The bytes a download token names.
pub(crate) fn download(env: &Env<'_>, token: &str) -> Option<Vec<u8>> {
    let mut parts = token.split('|');
    let (Some("disk"), Some(id), Some(secret)) = (parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    let r = env.crm.record(OBJECTS, id.parse().ok()?)?;
    (r.get(SECRET).and_then(Value::as_str) == Some(secret)).then_some(())?;
    base64_decode(r.get(BYTES)?.as_str()?)
}

/// The second step of an upload: the file for a pending upload token; its read.
pub(crate) fn upload(
    env: &mut Env<'_>,
    token: &str,
    name: Option<&str>,
    bytes: &[u8],
) -> Result<Value, ApiError> {
    let pending = env
        .crm
        .rows(UPLOADS)
        .find(|(_, r)| r.get("token").and_then(Value::as_str) == Some(token))
        .map(|(i, r)| (*i, r.clone()))
        .ok_or_else(|| ApiError::new(400, "ERROR_UPLOAD", "Upload token is invalid or used"))?;
    env.crm.remove(UPLOADS, pending.0);
    let r = pending.1;
    env.user_id = r.get("user").and_then(params::int).unwrap_or(env.user_id);
    let folder = r.get("folder").and_then(params::int).unwrap_or(0);
    let given = r.get("name").and_then(Value::as_str).unwrap_or_default();
    let name = if given.is_empty() {
        name.unwrap_or("file")
    } else {
        given
    };
    let uniq = r.get("unique").and_then(Value::as_bool).unwrap_or(false);
    store_file(env, folder, name, uniq, bytes)
}

fn secret() -> String {
    (0..24).map(|_| fastrand::alphanumeric()).collect()
}

/// A token in a query string (`|` as `%7C`).
fn encode(token: &str) -> String {
    token.replace('|', "%7C")
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard or URL-safe base64, padded or not; `None` for anything else.
pub(crate) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for bytes in [&b""[..], b"a", b"ab", b"abc", b"\x00\xff\x10binary\x89PNG"] {
            let text = base64_encode(bytes);
            assert_eq!(base64_decode(&text).as_deref(), Some(bytes), "{text}");
        }
        assert_eq!(base64_encode(b"hello"), "aGVsbG8=");
    }
}
