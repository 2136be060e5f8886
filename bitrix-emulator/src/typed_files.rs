//! Files written in the upload form, kept as the stored files the portal answers: a single
//! `file` as `{id, showUrl, downloadUrl}` (crm data types, `file`), a list of attached files
//! as a map of id to `{id, name, size, type, urlShow, urlDownload}` (the
//! `crm.timeline.comment.*` answers). Ids and links stay as given.

use std::sync::atomic::{AtomicI64, Ordering};

use serde_json::{json, Map, Value};

/// File ids handed out by this process (unique across portals, which is harmless).
static NEXT_ID: AtomicI64 = AtomicI64::new(1);

pub(super) fn is_file(type_name: &str) -> bool {
    matches!(
        type_name,
        "file" | "diskfile" | "disk_file" | "attached_diskfile"
    )
}

/// `value` with every upload replaced by a stored file; `many`: a map keyed by id.
pub(super) fn stored(many: bool, value: &Value) -> Value {
    let uploads: Vec<Value> = match value {
        v if upload(v).is_some() => vec![v.clone()],
        Value::Array(items) => items.clone(),
        Value::Object(map) if map.keys().all(|k| k.bytes().all(|b| b.is_ascii_digit())) => {
            map.values().cloned().collect()
        }
        other => return other.clone(),
    };
    let files: Vec<Value> = uploads.iter().map(|v| file(many, v)).collect();
    if !many {
        return files.into_iter().next().unwrap_or(Value::Null);
    }
    let mut out = Map::new();
    for f in files {
        let key = f.get("id").map(|id| id.to_string()).unwrap_or_default();
        out.insert(key, f);
    }
    Value::Object(out)
}

/// `(name, base64)` of an upload: `["a.gif", "R0lG…"]` or `{"fileData": [...]}`.
fn upload(v: &Value) -> Option<(&str, &str)> {
    match v {
        Value::Array(pair) => match pair.as_slice() {
            [Value::String(name), Value::String(data)] => Some((name, data)),
            _ => None,
        },
        Value::Object(m) => m.get("fileData").and_then(upload),
        _ => None,
    }
}

fn file(many: bool, v: &Value) -> Value {
    let Some((name, data)) = upload(v) else {
        return v.clone(); // an id or an already stored file
    };
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let padding = data.bytes().rev().take_while(|b| *b == b'=').count();
    let size = (data.len() / 4 * 3).saturating_sub(padding);
    let show = format!("/disk/showFile/{id}/?&filename={name}");
    let download = format!("/disk/downloadFile/{id}/?&filename={name}");
    if many {
        json!({"id": id, "name": name, "size": size, "type": "file", "urlShow": show, "urlDownload": download})
    } else {
        json!({"id": id, "showUrl": show, "downloadUrl": download})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_become_stored_files() {
        let one = stored(false, &json!(["a.gif", "R0lGODlhAQABAIAAAP8="]));
        assert!(one["id"].is_i64() && one["showUrl"].is_string(), "{one}");
        let many = stored(
            true,
            &json!([["a.gif", "AAAA"], {"fileData": ["b.txt", "AAA="]}]),
        );
        let files: Vec<&Value> = many.as_object().unwrap().values().collect();
        assert_eq!(files.len(), 2);
        assert_eq!(files[0]["size"], 3);
        assert_eq!(files[1]["name"], "b.txt");
        assert_eq!(files[1]["size"], 2);
        // Ids and stored files stay as given.
        assert_eq!(stored(false, &json!(12)), json!(12));
    }
}
