//! Enumerated request fields: a string field whose page lists its accepted values becomes
//! an enum of them, one variant per value, plus `Other(String)` for values newer than the
//! page (the portal gains user-field types and stages the page does not know). The enum has
//! no `From<&str>`, so a plain string never lands in it by accident.
//!
//! Requests only: an answer's value must decode whatever the portal adds, and the string
//! it is today already does.

use bitrix_docs::{Field, FieldType, MethodSpec};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::docs;
use crate::naming;

/// One listed value: its variant name, its wire value and its meaning.
pub(crate) struct Variant {
    pub name: String,
    pub value: String,
    pub meaning: String,
}

/// The variants of `f` when it is a string field whose page lists its accepted values
/// (the list follows a sentence like "Accepted values:" or "One of:", and every item is
/// `` `value` — meaning ``), else `None`: the field stays a string. A bullet list of
/// examples ("`MANAGER_NOTE` turns into …") or of template parts is not an enumeration.
pub(crate) fn variants(f: &Field) -> Option<Vec<Variant>> {
    if f.ty != FieldType::String || f.allowed.len() < 2 || !introduces_values(&f.description) {
        return None;
    }
    let mut values = Vec::with_capacity(f.allowed.len());
    for (value, meaning) in &f.allowed {
        if meaning.trim().is_empty() {
            return None;
        }
        values.push(unquoted(value));
    }
    let names = naming::variant_names(&values)?;
    Some(
        names
            .into_iter()
            .zip(values)
            .zip(&f.allowed)
            .map(|((name, value), (_, meaning))| Variant {
                name,
                value,
                meaning: meaning.trim().to_owned(),
            })
            .collect(),
    )
}

/// Whether the text just before the description's first bullet announces a list of values.
fn introduces_values(description: &str) -> bool {
    let before = description
        .split("\n- ")
        .next()
        .unwrap_or_default()
        .trim_end();
    let Some(intro) = before.strip_suffix(':') else {
        return false;
    };
    let last = intro
        .rsplit(['.', '\n'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    last.contains("values") || last.contains("one of")
}

/// `'P'` and `"P"` are written for `P`.
fn unquoted(value: &str) -> String {
    let v = value.trim();
    for q in ['\'', '"'] {
        if let Some(inner) = v.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner.to_owned();
        }
    }
    v.to_owned()
}

/// The enum `id` of a request field, serialized as the exact wire value.
pub(crate) fn enum_tokens(
    id: &Ident,
    f: &Field,
    variants: &[Variant],
    spec: &MethodSpec,
) -> TokenStream {
    let doc = format!(
        "The accepted values of `{}` of `{}`; `Other` sends a value the page does not list.\n\n{}",
        f.name,
        spec.name,
        docs::source_line(spec, f.line)
    );
    let decls = variants.iter().map(|v| {
        let (name, doc) = (
            naming::ident(&v.name),
            format!("`{}`: {}", v.value, v.meaning),
        );
        quote! { #[doc = #doc] #name }
    });
    let arms = variants.iter().map(|v| {
        let (name, value) = (naming::ident(&v.name), &v.value);
        quote! { Self::#name => #value }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #id {
            #(#decls,)*
            /// A value the page does not list (newer than the page, or custom), sent as given.
            Other(::std::string::String),
        }
        impl #id {
            /// The value as it is sent.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#arms,)*
                    Self::Other(value) => value.as_str(),
                }
            }
        }
        impl ::bitrix_api::__private::serde::Serialize for #id {
            fn serialize<S: ::bitrix_api::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl ::bitrix_api::wire::ToWire for #id {
            fn to_wire(&self) -> ::bitrix_api::__private::serde_json::Value {
                ::bitrix_api::__private::serde_json::Value::from(self.as_str())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(description: &str, allowed: &[(&str, &str)]) -> Field {
        Field {
            name: "USER_TYPE_ID".into(),
            ty: FieldType::String,
            required: true,
            pattern: false,
            type_text: "string".into(),
            description: description.into(),
            default: None,
            allowed: allowed
                .iter()
                .map(|(v, m)| ((*v).to_owned(), (*m).to_owned()))
                .collect(),
            line: 1,
        }
    }

    fn names(f: &Field) -> Option<Vec<(String, String)>> {
        variants(f).map(|vs| vs.into_iter().map(|v| (v.name, v.value)).collect())
    }

    #[test]
    fn accepted_values_become_variants() {
        let f = field(
            "What kind of data. Accepted values:\n- `string` — text\n- `crm_status` — a status",
            &[("string", "text"), ("crm_status", "a status")],
        );
        assert_eq!(
            names(&f),
            Some(vec![
                ("String".into(), "string".into()),
                ("CrmStatus".into(), "crm_status".into())
            ])
        );
        let quoted = field(
            "Which layout. One of:\n- `'P'` - personal\n- `'C'` - shared",
            &[("'P'", "personal"), ("'C'", "shared")],
        );
        assert_eq!(
            names(&quoted),
            Some(vec![("P".into(), "P".into()), ("C".into(), "C".into())])
        );
    }

    #[test]
    fn lists_that_are_not_enumerations_stay_strings() {
        // Examples, not values: no meaning after a dash.
        let examples = field(
            "Code. Accepted values:\n- `A` turns into `UF_A`\n- `B` turns into `UF_B`",
            &[("A", ""), ("B", "")],
        );
        assert!(variants(&examples).is_none());
        // Template parts, not values: no "values" cue before the list.
        let template = field(
            "Built from `{name} #{id}`, in which\n- `name` — the name\n- `id` — the id",
            &[("name", "the name"), ("id", "the id")],
        );
        assert!(variants(&template).is_none());
        // Not a string.
        let mut number = field("Accepted values:\n- `1` — one\n- `2` — two", &[]);
        number.ty = FieldType::Integer;
        assert!(variants(&number).is_none());
    }

    #[test]
    fn values_that_cannot_be_variants_fall_back_to_a_string() {
        let cases: [&[(&str, &str)]; 4] = [
            &[("''", "never"), ("day", "daily")],
            &[("1C", "one"), ("2C", "two")],
            &[("crm_status", "a"), ("CRM_STATUS", "b")],
            &[("{ ENTITY_ID: \"X\" }", "a"), ("Y", "b")],
        ];
        for allowed in cases {
            let f = field("Accepted values:\n- …", allowed);
            assert!(variants(&f).is_none(), "{allowed:?}");
        }
    }
}
