//! The two REST 3.0 methods about the API itself, built from the REST 3.0 pages served:
//! - `rest.documentation.openapi` (synonym `documentation`): an OpenAPI 3.0.0 document
//!   (`info.title` "Bitrix24 REST V3 API", as the overview shows), one `POST` operation
//!   per method under `paths["/{method}"]`, its request body schema from the page's
//!   parameter tables and its `200` schema from the page's result table, `tags` by scope
//!   (`"{scope} module methods"`); the two methods here are listed too, under `rest`;
//! - `rest.scope.list`: the method-to-scope map as REST 3.0's list shape,
//!   `{"items": [{"method", "scope"}]}` in method order (a page without a scope says
//!   `null`). The page-less methods need no scope.

use std::collections::BTreeSet;

use bitrix_docs::{Field, FieldType};
use serde_json::{json, Map, Value};

use crate::pages::Catalog;

/// The methods answered here, with their summaries.
const OWN: &[(&str, &str)] = &[
    (
        "rest.documentation.openapi",
        "OpenAPI document of the REST 3.0 methods",
    ),
    ("documentation", "Synonym of rest.documentation.openapi"),
    ("rest.scope.list", "Method-to-scope map"),
];

pub(crate) fn document(catalog: &Catalog, origin: &str) -> Value {
    let mut paths = Map::new();
    let mut tags = BTreeSet::new();
    for spec in catalog.v3_pages() {
        let tag = spec.scope.clone().unwrap_or_else(|| "other".to_owned());
        tags.insert(tag.clone());
        let mut op = json!({
            "operationId": spec.name,
            "summary": spec.title,
            "tags": [tag],
            "requestBody": {
                "required": spec.params.iter().any(|p| p.required),
                "content": {"application/json": {"schema": object(&spec.params)}},
            },
            "responses": {
                "200": {
                    "description": "Success",
                    "content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {"result": schema(&spec.response.ty)},
                    }}},
                },
                "4XX": {"description": "Error: `{\"error\": {code, message, validation}}`"},
            },
        });
        if spec.deprecated.is_some() {
            op["deprecated"] = true.into();
        }
        paths.insert(format!("/{}", spec.name), json!({ "post": op }));
    }
    tags.insert("rest".to_owned());
    for (name, summary) in OWN {
        paths.insert(
            format!("/{name}"),
            json!({"post": {
                "operationId": name,
                "summary": summary,
                "tags": ["rest"],
                "responses": {"200": {"description": "Success"}},
            }}),
        );
    }
    json!({
        "openapi": "3.0.0",
        "info": {"title": "Bitrix24 REST V3 API", "version": "1.0.0"},
        "servers": [{"url": format!("{origin}/rest/api")}],
        "tags": tags
            .into_iter()
            .map(|t| json!({"name": t, "description": format!("{t} module methods")}))
            .collect::<Vec<_>>(),
        "paths": paths,
        "components": {"schemas": {}},
    })
}

pub(crate) fn scopes(catalog: &Catalog) -> Value {
    let items: Vec<Value> = catalog
        .v3_pages()
        .map(|s| json!({"method": s.name, "scope": s.scope}))
        .collect();
    json!({ "items": items })
}

fn object(fields: &[Field]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for f in fields.iter().filter(|f| !f.pattern) {
        let mut s = schema(&f.ty);
        let text = f.description.lines().next().unwrap_or_default().trim();
        if !text.is_empty() {
            s["description"] = text.into();
        }
        properties.insert(f.name.clone(), s);
        if f.required {
            required.push(Value::String(f.name.clone()));
        }
    }
    let mut out = json!({"type": "object", "properties": properties});
    if !required.is_empty() {
        out["required"] = Value::Array(required);
    }
    out
}

fn schema(ty: &FieldType) -> Value {
    match ty {
        FieldType::Integer | FieldType::Timestamp => json!({"type": "integer"}),
        FieldType::Double => json!({"type": "number"}),
        FieldType::String => json!({"type": "string"}),
        FieldType::Boolean => json!({"type": "boolean"}),
        FieldType::YesNo => json!({"type": "string", "enum": ["Y", "N"]}),
        FieldType::Date => json!({"type": "string", "format": "date"}),
        FieldType::DateTime => json!({"type": "string", "format": "date-time"}),
        FieldType::Object(fields) => object(fields),
        FieldType::Array(inner) => json!({"type": "array", "items": schema(inner)}),
        FieldType::FieldMap => json!({"type": "object", "additionalProperties": true}),
        _ => json!({}),
    }
}
