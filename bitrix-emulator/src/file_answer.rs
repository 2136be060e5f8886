//! A method whose page says its answer is the file itself, not JSON
//! (`vote.AttachedVote.download`: "the file's content, with the HTTP header
//! `Content-Disposition: attachment`"; `bitrix_docs::Response::file`). A successful call
//! answers a download; an error stays the JSON error any method gives.
//!
//! The pages do not give the report's layout (the portal builds an Excel report, the
//! examples save it as `.xls`): the emulator's file is what the method would have
//! answered, one `path<TAB>value` line per value (`result.attach.QUESTIONS.1.QUESTION<TAB>How
//! are you?`), which a spreadsheet opens and a JSON decoder refuses, as it refuses the
//! portal's.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::Value;

/// The download of `result` for `method`.
pub(crate) fn download(method: &str, result: &Value) -> Response {
    let mut lines = Vec::new();
    flatten("result".to_owned(), result, &mut lines);
    let mut resp = Response::new(Body::from(lines.join("\r\n")));
    *resp.status_mut() = StatusCode::OK;
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/vnd.ms-excel"),
    );
    let name = method.replace(|c: char| !c.is_ascii_alphanumeric(), "_");
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}.xls\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

fn flatten(path: String, v: &Value, out: &mut Vec<String>) {
    let join = |k: &str| format!("{path}.{k}");
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| flatten(join(k), x, out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| flatten(join(&i.to_string()), x, out)),
        Value::String(s) => out.push(format!("{path}\t{}", clean(s))),
        Value::Null => out.push(format!("{path}\t")),
        other => out.push(format!("{path}\t{other}")),
    }
}

/// A value on one line of its cell.
fn clean(s: &str) -> String {
    s.replace(['\t', '\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_result_becomes_tab_separated_lines() {
        let mut lines = Vec::new();
        flatten(
            "result".to_owned(),
            &json!({"attach": {"ID": 1, "Q": ["a\tb", null]}}),
            &mut lines,
        );
        let want = [
            "result.attach.ID\t1",
            "result.attach.Q.0\ta b",
            "result.attach.Q.1\t",
        ];
        assert_eq!(lines, want);
        let resp = download("vote.AttachedVote.download", &json!(true));
        let disposition = &resp.headers()[header::CONTENT_DISPOSITION];
        assert_eq!(
            disposition,
            "attachment; filename=\"vote_AttachedVote_download.xls\""
        );
    }
}
