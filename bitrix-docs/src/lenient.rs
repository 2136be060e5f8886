//! JSON examples as the pages write them: some leave a comma before a closing bracket
//! (crm.status.entity.types), some leave records or fields out with a `...` or `// ...`
//! line (calendar.section.get, tasks.task.field.list). [`parse`] reads them as a
//! JavaScript reader would, so that the types the pages get (`spec::response`) and the
//! answers the emulator gives from the same examples agree.

use serde_json::Value;

/// The example `text` as JSON: as written, else without trailing commas, else without its
/// elided lines ([`unelided`]).
///
/// ```
/// let v = bitrix_docs::lenient::parse("{\"a\": [1, 2,\n// ...\n],}").unwrap();
/// assert_eq!(v, serde_json::json!({"a": [1, 2]}));
/// ```
pub fn parse(text: &str) -> Option<Value> {
    serde_json::from_str(text)
        .or_else(|_| serde_json::from_str(&without_trailing_commas(text)))
        .or_else(|_| serde_json::from_str(&unelided(text)))
        .ok()
}

/// An example whose author left records out (a line `...` in an array of records, as
/// calendar.section.get's page shows its second and third sections, or a comment line
/// `// ...`, as tasks.task.field.list's shows its left-out fields) read as JSON: the
/// elided lines dropped, a comma put between records that follow each other, trailing
/// commas read past.
pub fn unelided(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let t = line.trim();
        if t == "..." || t == "…" || t == "...," || t.starts_with("//") {
            continue;
        }
        if t.starts_with('{') && out.trim_end().ends_with('}') {
            let end = out.trim_end().len();
            out.truncate(end);
            out.push_str(",\n");
        }
        out.push_str(line);
        out.push('\n');
    }
    without_trailing_commas(&out)
}

/// `text` without the commas that stand right before a `]` or `}` (outside strings).
pub fn without_trailing_commas(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    let mut pending_comma = None;
    for c in text.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            ',' => {
                if let Some(ws) = pending_comma.replace(String::new()) {
                    out.push(',');
                    out.push_str(&ws);
                }
            }
            c if c.is_whitespace() && pending_comma.is_some() => {
                if let Some(ws) = pending_comma.as_mut() {
                    ws.push(c);
                }
            }
            c => {
                if let Some(ws) = pending_comma.take() {
                    if c != ']' && c != '}' {
                        out.push(',');
                    }
                    out.push_str(&ws);
                }
                if c == '"' {
                    in_string = true;
                }
                out.push(c);
            }
        }
    }
    if let Some(ws) = pending_comma {
        out.push(',');
        out.push_str(&ws);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_commas_are_read_past_outside_strings() {
        let text = r#"{"result": [{"a": ",]"}, {"b": 1},
  ], "x": {"y": 2,}}"#;
        let v: Value = serde_json::from_str(&without_trailing_commas(text)).unwrap();
        assert_eq!(v["result"][0]["a"], ",]");
        assert_eq!(v["result"].as_array().map(Vec::len), Some(2));
        assert_eq!(v["x"]["y"], 2);
    }

    #[test]
    fn elided_records_and_comment_lines_are_read_past() {
        let text = "{\"result\": [\n  {\"a\": 1}\n  ...\n  {\"a\": 2},\n  // ... more\n]}";
        let v = parse(text).unwrap();
        assert_eq!(v["result"].as_array().map(Vec::len), Some(2));
        assert!(parse("{not json").is_none());
    }
}
