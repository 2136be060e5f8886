//! The official lead-contact pages and the seed pages bind to the shapes their tables and
//! examples describe. Reads `../shared` beside the workspace at run time (see `common`), so
//! every test here is ignored by default.

mod common;

use bitrix_docs::{parse_page, ApiVersion, Field, FieldType, MethodSpec, PageOutcome};

const COMM: &str = "api-reference/crm/leads/management-communication";

fn official(file: &str) -> MethodSpec {
    let path = common::docs_root().join(COMM).join(file);
    let text = std::fs::read_to_string(&path).expect("official docs copy is readable");
    match parse_page(&text, &path, file) {
        PageOutcome::Method(spec) => *spec,
        other => panic!("{}: {other:?}", path.display()),
    }
}

fn seed(prefix: &str) -> MethodSpec {
    let dir = std::fs::read_dir(common::seeds_dir()).expect("seeds dir is readable");
    let path = dir
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .expect("seed file exists");
    let text = std::fs::read_to_string(&path).expect("seed is readable");
    match parse_page(&text, &path, "seed.md") {
        PageOutcome::Method(spec) => *spec,
        other => panic!("{}: {other:?}", path.display()),
    }
}

fn field<'f>(fields: &'f [Field], name: &str) -> &'f Field {
    fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no field {name} in {fields:#?}"))
}

fn object(ty: &FieldType) -> &[Field] {
    match ty {
        FieldType::Object(fields) => fields,
        FieldType::Array(inner) => object(inner),
        other => panic!("not an object: {other:?}"),
    }
}

/// (name, type, required) of each field, for compact assertions.
fn shape(fields: &[Field]) -> Vec<(&str, FieldType, bool)> {
    fields
        .iter()
        .map(|f| (f.name.as_str(), f.ty.clone(), f.required))
        .collect()
}

fn contact_binding(required_contact: bool) -> Vec<(&'static str, FieldType, bool)> {
    vec![
        ("CONTACT_ID", FieldType::Integer, required_contact),
        ("SORT", FieldType::Integer, false),
        ("IS_PRIMARY", FieldType::YesNo, false),
    ]
}

fn errors_of(spec: &MethodSpec) -> Vec<&str> {
    spec.errors.iter().map(|e| e.code.as_str()).collect()
}

const STANDARD_ERRORS: [&str; 4] = ["ACCESS_DENIED", "NOT_FOUND", "", ""];

fn check_items_set(spec: &MethodSpec) {
    assert_eq!(spec.name, "crm.lead.contact.items.set");
    assert_eq!(spec.scope.as_deref(), Some("crm"));
    assert_eq!(spec.who_can_execute.as_deref(), Some("any user"));
    let names: Vec<_> = spec.params.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["id", "items"]);
    assert_eq!(spec.params[0].ty, FieldType::Integer);
    assert!(spec.params[0].required);
    let items = field(&spec.params, "items");
    assert!(items.required);
    assert_eq!(items.type_text, "object");
    assert_eq!(
        items.ty,
        FieldType::Array(Box::new(FieldType::Object(field_list(contact_binding(
            true
        ))))),
        "{items:#?}"
    );
    assert_eq!(spec.response.ty, FieldType::Boolean);
    assert_eq!(errors_of(spec), STANDARD_ERRORS);
}

/// Compares shapes through `shape` so descriptions don't matter.
fn field_list(expected: Vec<(&str, FieldType, bool)>) -> Vec<Field> {
    expected
        .into_iter()
        .map(|(name, ty, required)| Field {
            name: name.to_string(),
            ty,
            required,
            pattern: false,
            type_text: String::new(),
            description: String::new(),
            default: None,
            allowed: Vec::new(),
            line: 0,
        })
        .collect()
}

fn assert_items_shape(spec: &MethodSpec) {
    let items = field(&spec.params, "items");
    assert!(matches!(items.ty, FieldType::Array(_)), "{:?}", items.ty);
    assert_eq!(shape(object(&items.ty)), contact_binding(true));
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn seed_items_set() {
    let spec = seed("001_");
    assert_items_shape(&spec);
    let mut spec = spec;
    strip_details(&mut spec.params);
    check_items_set(&spec);
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn official_items_set() {
    let mut spec = official("crm-lead-contact-items-set.md");
    assert_items_shape(&spec);
    strip_details(&mut spec.params);
    check_items_set(&spec);
}

/// Clears what `field_list` does not compare (descriptions, lines, type texts of nested fields).
fn strip_details(fields: &mut [Field]) {
    for f in fields {
        if let FieldType::Array(inner) = &mut f.ty {
            if let FieldType::Object(nested) = inner.as_mut() {
                for n in nested.iter_mut() {
                    n.type_text.clear();
                    n.description.clear();
                    n.default = None;
                    n.allowed.clear();
                    n.line = 0;
                }
            }
        }
    }
}

fn check_add(spec: &MethodSpec) {
    assert_eq!(spec.name, "crm.lead.contact.add");
    assert_eq!(spec.title, "Add Contact Binding to Lead");
    assert_eq!(spec.scope.as_deref(), Some("crm"));
    assert_eq!(
        spec.description,
        "This method adds a contact binding to the specified lead."
    );
    let names: Vec<_> = spec.params.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["id", "fields"]);
    let fields = field(&spec.params, "fields");
    assert!(fields.required);
    assert_eq!(shape(object(&fields.ty)), contact_binding(true));
    assert!(matches!(fields.ty, FieldType::Object(_)));
    let nested = object(&fields.ty);
    assert_eq!(field(nested, "SORT").default.as_deref(), Some("10"));
    let primary = field(nested, "IS_PRIMARY");
    assert_eq!(primary.default.as_deref(), Some("N"));
    assert_eq!(primary.type_text, "string");
    assert_eq!(
        primary.allowed,
        [
            ("Y".to_string(), "yes".to_string()),
            ("N".to_string(), "no".to_string())
        ]
    );
    assert_eq!(spec.response.ty, FieldType::Boolean);
    assert!(spec
        .response
        .example
        .as_deref()
        .is_some_and(|e| e.contains("\"result\": true")));
    assert_eq!(errors_of(spec), STANDARD_ERRORS);
    assert_eq!(
        spec.errors[0].description.trim_end_matches('.'),
        "Insufficient permissions"
    );
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn seed_add() {
    check_add(&seed("003_"));
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn official_add() {
    let spec = official("crm-lead-contact-add.md");
    check_add(&spec);
    assert_eq!(spec.source.line, 1);
    assert_eq!(spec.params[1].line, 24);
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn official_delete() {
    let spec = official("crm-lead-contact-delete.md");
    assert_eq!(spec.name, "crm.lead.contact.delete");
    let fields = field(&spec.params, "fields");
    assert_eq!(
        shape(object(&fields.ty)),
        [("CONTACT_ID", FieldType::Integer, true)]
    );
    assert_eq!(spec.response.ty, FieldType::Boolean);
    assert_eq!(errors_of(&spec), STANDARD_ERRORS);
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn official_items_get() {
    let spec = official("crm-lead-contact-items-get.md");
    assert_eq!(spec.name, "crm.lead.contact.items.get");
    assert_eq!(shape(&spec.params), [("id", FieldType::Integer, true)]);
    let FieldType::Array(inner) = &spec.response.ty else {
        panic!("{:?}", spec.response.ty);
    };
    // Links are written whole by items.set/add: every element of the example has all four.
    assert_eq!(
        shape(object(inner)),
        [
            ("CONTACT_ID", FieldType::Integer, true),
            ("SORT", FieldType::Integer, true),
            ("ROLE_ID", FieldType::Integer, true),
            ("IS_PRIMARY", FieldType::YesNo, true),
        ]
    );
    assert_eq!(errors_of(&spec), STANDARD_ERRORS);
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn official_items_delete() {
    let spec = official("crm-lead-contact-items-delete.md");
    assert_eq!(spec.name, "crm.lead.contact.items.delete");
    assert_eq!(shape(&spec.params), [("id", FieldType::Integer, true)]);
    assert_eq!(spec.response.ty, FieldType::Boolean);
    assert_eq!(spec.response.description, "Operation result");
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn official_fields() {
    let spec = official("crm-lead-contact-fields.md");
    assert_eq!(spec.name, "crm.lead.contact.fields");
    assert!(spec.params.is_empty());
    assert_eq!(spec.response.ty, FieldType::FieldMap);
    assert!(spec.errors.is_empty());
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn index_page_is_not_a_method() {
    let path = common::docs_root().join(COMM).join("index.md");
    let text = std::fs::read_to_string(&path).expect("readable");
    assert_eq!(
        parse_page(&text, &path, "index.md"),
        PageOutcome::NotAMethod
    );
}

/// A page by its path under `api-reference/`.
fn reference(rel: &str) -> MethodSpec {
    let path = common::docs_root().join("api-reference").join(rel);
    let text = std::fs::read_to_string(&path).expect("official docs copy is readable");
    match parse_page(&text, &path, rel) {
        PageOutcome::Method(spec) => *spec,
        other => panic!("{}: {other:?}", path.display()),
    }
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn official_productrows_find_their_parameter_table() {
    for page in [
        "crm/deals/crm-deal-productrows-get.md",
        "crm/deals/crm-deal-productrows-set.md",
    ] {
        let spec = reference(page);
        let id = field(&spec.params, "id");
        assert_eq!(
            (id.ty.clone(), id.required),
            (FieldType::Integer, true),
            "{page}"
        );
        assert_eq!(
            spec.deprecated.as_deref(),
            Some("Use crm.item.productrow.* instead."),
            "{page}"
        );
    }
    let set = reference("crm/deals/crm-deal-productrows-set.md");
    assert!(
        matches!(&field(&set.params, "rows").ty, FieldType::Array(_)),
        "{:?}",
        set.params
    );
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn official_names_inside_the_h1_and_from_the_examples() {
    let names = [
        (
            "crm/document-generator/templates/crm-document-generator-template-get-fields.md",
            "crm.documentgenerator.template.getfields",
        ),
        ("crm/status/crm-status-fields.md", "crm.status.fields"),
        (
            "crm/requisites/universal/crm-requisite-fields.md",
            "crm.requisite.fields",
        ),
        ("events/events.md", "events"),
    ];
    for (page, name) in names {
        assert_eq!(reference(page).name, name, "{page}");
    }
}

#[test]
#[ignore = "needs ../shared/b24restdocs"]
fn official_rest3_pages() {
    for page in [
        "departments/node/humanresources-node-field-get.md",
        "mail/mailbox/mail-mailbox-get.md",
        "event-log/main-eventlog-list.md",
    ] {
        assert_eq!(reference(page).version, ApiVersion::V3, "{page}");
    }
    assert_eq!(
        reference("crm/deals/crm-deal-get.md").version,
        ApiVersion::V2
    );
}
