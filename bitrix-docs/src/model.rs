//! The validated method model: what a documentation page says about one REST method.
//!
//! This is the contract between the parser (`page.rs` → the `spec/` stages, where all
//! validation lives) and every consumer: the code generator behind the `bind!` macro
//! (`bitrix-codegen`, `bitrix-macros`), the drift report (`bitrix-docs diff`) and the
//! benchmarks. It is plain data: no syn, no proc_macro, no checks.

use std::path::PathBuf;

use crate::diag::Diag;

/// One REST method as its page documents it.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodSpec {
    /// The method name, e.g. `crm.lead.contact.add`: the last word of the H1 title, else
    /// the one method name inside it, else the one method every code example calls.
    pub name: String,
    /// The H1 title without the method name, e.g. `Add Contact Binding to Lead`.
    pub title: String,
    /// Which REST API the method belongs to: [`ApiVersion::V3`] when the page says
    /// "This method belongs to REST 3.0". A V2 and a V3 page may document the same name.
    pub version: ApiVersion,
    /// Set when the page marks the method deprecated (a `{% note warning "DEPRECATED" %}`
    /// banner, or an intro saying its development has been halted): one short sentence
    /// naming the replacement, e.g. `Use crm.item.update instead.`
    pub deprecated: Option<String>,
    /// Where the page is.
    pub source: Source,
    /// `> Scope:` value, e.g. `crm` (first scope when several are listed).
    pub scope: Option<String>,
    /// "Who can execute the method" value, e.g. `any user`.
    pub who_can_execute: Option<String>,
    /// The page's intro text (markdown, directives removed) between the header and the
    /// first `##` section.
    pub description: String,
    /// Top-level parameters in page order. Empty for "No parameters." pages.
    pub params: Vec<Field>,
    /// What the method answers in `result`.
    pub response: Response,
    /// The fields of the record a `*.fields` page lists in a table of its own (the
    /// outdated CRM pages: `### Returned Data` with one row per field, no `result` row and
    /// no example answer). Empty for every other page. See [`crate::spec::listed`].
    pub listed: Vec<ListedField>,
    /// `### Possible Error Codes` rows (codes may be empty strings: the pages use `` ` ` ``).
    pub errors: Vec<ErrorCode>,
    /// The JSON body of the `cURL (Webhook)` example request, compact, when it parses.
    pub request_example: Option<String>,
    /// Places the page could only be bound weaker than it says (an untyped row no example
    /// settles, bound as [`FieldType::Any`]; a parameter table that could not be placed),
    /// each `file:line: what + how to fix`. The page still binds; `bind!`'s strict mode
    /// makes these compile errors, `skip_invalid` binds and lists them.
    pub warnings: Vec<Diag>,
    /// Every place the page contradicts itself and one source won, each `file:line: field
    /// X: table says T, example shows V; the example wins`. Informational.
    pub notes: Vec<Diag>,
}

/// One event as its page documents it: what the portal POSTs to a handler bound with
/// `event.bind` (`{event, event_handler_id, data, ts, auth}`), typed by `data`.
#[derive(Debug, Clone, PartialEq)]
pub struct EventSpec {
    /// The event name as the page writes it, e.g. `onCrmDealAdd` (from the H1 title).
    pub name: String,
    /// The code the portal sends in `event`, e.g. `ONCRMDEALADD`: the payload example's
    /// `event` when it has one, else the name in upper case.
    pub code: String,
    /// The H1 title without the event name, e.g. `Event When Creating a Deal`.
    pub title: String,
    /// Where the page is (the line of the H1).
    pub source: Source,
    /// `> Scope:` value, e.g. `crm`.
    pub scope: Option<String>,
    /// "Who can subscribe" value, e.g. `any user`.
    pub who_can_subscribe: Option<String>,
    /// The page's intro text before the first `##` section.
    pub description: String,
    /// The fields of the payload's `data` object, typed from the tables (nested
    /// `### Parameter FIELDS {#fields}` sections included) and settled by the example, with
    /// the answer's requiredness rules (`spec/response.rs`: every payload carries it),
    /// plus: an object the example shows (`FIELDS`) is required.
    pub data: Vec<Field>,
    /// The JSON payload example the page shows, as written.
    pub example: Option<String>,
    /// Places bound weaker than the page says (see [`MethodSpec::warnings`]).
    pub warnings: Vec<Diag>,
    /// Contradictions in the page and which source won (see [`MethodSpec::notes`]).
    pub notes: Vec<Diag>,
}

/// The REST API a method belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum ApiVersion {
    /// The classic REST API (`/rest/…`).
    #[default]
    V2,
    /// REST 3.0 (`/rest/api/…`), see the docs' `rest-v3.md`.
    V3,
}

/// A place in a page: the file and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Source {
    /// The file as it was read (absolute when the loader was given an absolute root).
    pub path: PathBuf,
    /// The path relative to the docs root, with `/` separators, e.g.
    /// `api-reference/crm/leads/management-communication/crm-lead-contact-add.md`.
    pub rel_path: String,
    /// 1-based line number.
    pub line: usize,
}

/// A parameter, a nested field of an object, or a field of a returned object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The name on the wire, exactly as Bitrix spells it (`CONTACT_ID`, `id`).
    pub name: String,
    /// The resolved type.
    pub ty: FieldType,
    /// For a parameter: marked required (`**id***`, `**ID^*^**`, `**x**^*^`). For a field
    /// of the answer: every answer carries it, non-null (the rule is in `spec/response.rs`);
    /// the others may be absent or `null` on a real portal. Never true for a pattern.
    pub required: bool,
    /// A placeholder row standing for a family of keys (`UF_CRM_...`, `PARENT_ID_xxx`,
    /// `parentId{entityTypeId}`, `ufCrm...`), not one field: [`Field::name`] is then the
    /// key prefix (`UF_CRM_`, `PARENT_ID_`, `parentId`, `ufCrm`).
    pub pattern: bool,
    /// The type text as the page wrote it, e.g. `integer`, `object[]`, `string|integer`.
    /// Empty when the page gave none.
    pub type_text: String,
    /// The description cell, as markdown with YFM directives removed.
    pub description: String,
    /// From "Defaults to `10`" (the text inside the backticks).
    pub default: Option<String>,
    /// Enumerated values from a bullet list `` `Y` — yes ``: (value, meaning).
    pub allowed: Vec<(String, String)>,
    /// The table row this field came from.
    pub line: usize,
}

/// One field a `*.fields` page lists in a table of its own ([`MethodSpec::listed`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedField {
    /// The wire name (`CATALOG_ID`).
    pub name: String,
    /// The type text (`integer`, `char`, `crm_currency`), empty when the row names none.
    pub type_text: String,
    /// Marked required: `**NAME***`, or `Required` in the `Note` column.
    pub required: bool,
    /// `Read-only` in the `Note` column, or a sentence of its own in the description.
    pub read_only: bool,
    /// Set on creation only: `Immutable` in the `Note` column or as a sentence of the
    /// description, or a description sentence saying it cannot be changed.
    pub immutable: bool,
    /// The value is a list: `Multiple` in the `Note` column or as a sentence of the
    /// description.
    pub multiple: bool,
    /// The description, cleaned of directives.
    pub description: String,
    /// The table row.
    pub line: usize,
}

/// The Rust-facing type of a field.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    /// `integer` → `i64`.
    Integer,
    /// `double` → `f64`.
    Double,
    /// `string`, `text` and other textual types → `String`.
    String,
    /// `boolean` → `bool`, `true`/`false` on the wire.
    Boolean,
    /// A `Y`/`N` flag (`char`, or a string whose documented or example values are exactly
    /// `Y` and `N`) → `bool`, `"Y"`/`"N"` on the wire.
    YesNo,
    /// `date` → a calendar date.
    Date,
    /// `datetime` → a date and time with offset.
    DateTime,
    /// An object whose fields the page lists.
    Object(Vec<Field>),
    /// `array`, `type[]`: a list of the inner type.
    Array(Box<FieldType>),
    /// An object keyed by ids (`{"1111": {…}, "1112": {…}}`: a task checklist item's
    /// `ATTACHMENTS`, a landing role's rights by site), each value of the inner type: the
    /// example's keys are numbers, never field names.
    Map(Box<FieldType>),
    /// The answer of a `*.fields` method: a map from field name to a field description.
    FieldMap,
    /// `crm_multifield`: one phone, e-mail, site or messenger entry `{ID, VALUE_TYPE,
    /// VALUE, TYPE_ID}`. A field holding several (`PHONE`) is an `Array` of these.
    Multifield,
    /// `file`, `product_file`, `diskfile`, `attached_diskfile`: a file; an id or an upload
    /// when writing, an object describing the file when reading.
    File,
    /// `timestamp`: seconds since 1970-01-01 UTC, an integer on the wire.
    Timestamp,
    /// Unknown, free-form or union types → `serde_json::Value`.
    Any,
}

impl FieldType {
    /// A short type name for docs and reports: `integer`, `Y/N`, `object`, `integer[]`.
    pub fn label(&self) -> String {
        match self {
            FieldType::Integer => "integer".into(),
            FieldType::Double => "double".into(),
            FieldType::String => "string".into(),
            FieldType::Boolean => "boolean".into(),
            FieldType::YesNo => "Y/N".into(),
            FieldType::Date => "date".into(),
            FieldType::DateTime => "datetime".into(),
            FieldType::Object(_) => "object".into(),
            FieldType::Array(inner) => format!("{}[]", inner.label()),
            FieldType::Map(inner) => format!("map of {}", inner.label()),
            FieldType::FieldMap => "object (field descriptions)".into(),
            FieldType::Multifield => "crm_multifield".into(),
            FieldType::File => "file".into(),
            FieldType::Timestamp => "timestamp".into(),
            FieldType::Any => "any".into(),
        }
    }
}

/// What the method answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The type of `result`. `Any` when the page does not say.
    pub ty: FieldType,
    /// The description of the `result` row.
    pub description: String,
    /// The line of the `result` row (or of `## Response Handling` when there is no table).
    pub line: usize,
    /// The success example from `## Response Handling`, when the page has one.
    pub example: Option<String>,
    /// Every success example, with the heading it stands under, when the page shows more
    /// than one (`### Example Answer When \`section\` Is Not Sent`); empty otherwise.
    pub alternatives: Vec<ExampleAnswer>,
    /// The answer is the file itself, sent for download (`Content-Disposition:
    /// attachment`), not a JSON envelope (`vote.AttachedVote.download`).
    pub file: bool,
}

/// One of several success examples a page shows, and the heading that says when it is the
/// answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleAnswer {
    /// The heading above the example, e.g. `FILENAME sent, FILE_CONTENT not`.
    pub heading: String,
    /// The example's text (with its `result` envelope).
    pub example: String,
}

/// A documented error code.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCode {
    /// The code, e.g. `NOT_FOUND`; may be empty.
    pub code: String,
    /// What it means.
    pub description: String,
}
