//! Fields pages a method's own text points to: "the fields of
//! [crm.deal.fields](./crm-deal-fields.md)" in the answer's description or the intro.

use crate::model::{FieldType, MethodSpec};

/// The fields methods (of `known`: (method, rel_path) pairs) that `spec`'s intro, its
/// answer's description, or the description of the one key the answer wraps its records
/// in (`item`, `items`), name or link to, in the order of `known`. Other fields'
/// descriptions are not read: they point to the fields of what they hold.
pub(crate) fn hinted<'k>(spec: &MethodSpec, known: &[(&'k str, &'k str)]) -> Vec<&'k str> {
    let mut texts = vec![
        spec.description.as_str(),
        spec.response.description.as_str(),
    ];
    if let FieldType::Object(fields) = &spec.response.ty {
        if let [wrapper] = fields.as_slice() {
            texts.push(&wrapper.description);
        }
    }
    let dir = spec
        .source
        .rel_path
        .rsplit_once('/')
        .map_or("", |(dir, _)| dir);
    let targets: Vec<String> = texts
        .iter()
        .flat_map(|t| link_targets(t))
        .filter_map(|t| resolve(dir, t))
        .collect();
    known
        .iter()
        .filter(|(method, rel)| {
            targets.iter().any(|t| t == rel) || texts.iter().any(|t| names(t, method))
        })
        .map(|(method, _)| *method)
        .collect()
}

/// The targets of markdown links `[text](target)`, without `#anchor`, that end in `.md`.
fn link_targets(text: &str) -> impl Iterator<Item = &str> {
    text.split("](").skip(1).filter_map(|rest| {
        let target = rest.split([')', ' ']).next()?;
        let target = target.split('#').next()?;
        target.ends_with(".md").then_some(target)
    })
}

/// `target` relative to the directory `dir` (both with `/`), normalised; `None` when it
/// leaves the docs root or is a web address.
fn resolve(dir: &str, target: &str) -> Option<String> {
    if target.contains("://") {
        return None;
    }
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// `text` names `method` as a word of its own (not inside a longer method name).
fn names(text: &str, method: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(method).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let mut after = text[at + method.len()..].chars();
        let continues = match after.next() {
            Some('.') => after.next().is_some_and(word),
            Some(c) => word(c),
            None => false,
        };
        !before.is_some_and(|c| word(c) || c == '.') && !continues
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_and_names() {
        let text = "See [crm.deal.fields](./crm-deal-fields.md#x) and [y](../a/b-fields.md).";
        let got: Vec<&str> = link_targets(text).collect();
        assert_eq!(got, ["./crm-deal-fields.md", "../a/b-fields.md"]);
        assert_eq!(
            resolve("api/crm/deals", "../a/b-fields.md").as_deref(),
            Some("api/crm/a/b-fields.md")
        );
        assert_eq!(resolve("a", "../../x.md"), None);
        assert!(names("the fields of crm.deal.fields.", "crm.deal.fields"));
        assert!(names("`crm.deal.fields`", "crm.deal.fields"));
        assert!(!names("crm.deal.fields.list", "crm.deal.fields"));
        assert!(!names("xcrm.deal.fields", "crm.deal.fields"));
    }
}
