//! Markdown text → [`Page`]: the block structure of one YFM page, with line numbers.
//!
//! The official pages are YFM, not CommonMark: their tables (`#| … |#`) hold lists, code
//! and even other tables inside cells, and they are often indented inside `{% list tabs %}`.
//! A CommonMark parser sees those tables as paragraphs and indented code, so this stage is a
//! single line-level pass that knows exactly the blocks the pages use: ATX headings, fenced
//! code, YFM tables and directives. It never fails: what it cannot place is plain text, and
//! an unclosed table is reported by [`Table::closed`] for the next stage to judge.

/// One page, split into sections by heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<'a> {
    /// `sections[0]` is everything before the first `##` heading (level 1, holding the H1
    /// title when there is one); each later section starts at a heading of level ≥ 2.
    pub sections: Vec<Section<'a>>,
    /// The H1 title text (anchor removed) and its line.
    pub h1: Option<(&'a str, usize)>,
    /// `{% include … %}` targets with their lines, in page order.
    pub includes: Vec<(&'a str, usize)>,
    /// `{% note … %}` boxes, in page order. Their text stays in the section's blocks; this
    /// says which lines a box spans and what its title is.
    pub notes: Vec<Note<'a>>,
}

/// A `{% note kind "Title" %}` … `{% endnote %}` box.
#[derive(Debug, Clone, PartialEq)]
pub struct Note<'a> {
    /// `info`, `tip`, `warning`, `alert`.
    pub kind: &'a str,
    /// The quoted title, e.g. `DEPRECATED`; empty when there is none.
    pub title: &'a str,
    /// The `{% note %}` line.
    pub line: usize,
    /// The `{% endnote %}` line (the last line of the page when it is never closed).
    pub end: usize,
}

/// A heading and the blocks under it, up to the next heading of any level.
#[derive(Debug, Clone, PartialEq)]
pub struct Section<'a> {
    /// 1 for the preamble, else the number of `#`.
    pub level: usize,
    /// The heading text without `#`s and without a trailing `{#anchor}`.
    pub title: &'a str,
    /// The heading's `{#anchor}` id, when it has one.
    pub anchor: Option<&'a str>,
    /// The heading line (1 for the preamble).
    pub line: usize,
    /// Blocks in page order.
    pub blocks: Vec<Block<'a>>,
}

/// A block of a section.
#[derive(Debug, Clone, PartialEq)]
pub enum Block<'a> {
    /// One line of ordinary text (may be blank; directive lines are left out).
    Text {
        /// The line without its indentation.
        text: &'a str,
        /// 1-based line.
        line: usize,
    },
    /// A fenced code block.
    Code(Code),
    /// A YFM table.
    Table(Table),
}

/// A fenced code block.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// The info string's first word (`json`, `bash`), possibly empty.
    pub lang: String,
    /// The body, with the fence's indentation removed.
    pub body: String,
    /// The opening fence line.
    pub line: usize,
}

/// A YFM table `#| … |#`.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The `#|` line.
    pub line: usize,
    /// Rows in order; the first is the header.
    pub rows: Vec<Row>,
    /// False when the page ends before `|#`.
    pub closed: bool,
}

/// One `|| … ||` row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The line the row starts on.
    pub line: usize,
    /// The cells, in order.
    pub cells: Vec<Cell>,
}

/// One cell: markdown text (`\|` already turned into `|`), lines joined with `\n`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The line the cell starts on.
    pub line: usize,
    /// The text, trimmed.
    pub text: String,
}

impl Table {
    /// The rows after the header.
    pub fn body(&self) -> &[Row] {
        self.rows.get(1..).unwrap_or(&[])
    }

    /// The header cells as plain lowercase words (`**Name**\n`type`` → `name type`).
    pub fn header(&self) -> Vec<String> {
        fn c(cell: &Cell) -> String {
            let plain: String = cell
                .text
                .chars()
                .filter(|ch| !matches!(ch, '*' | '`'))
                .collect();
            plain
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        }
        self.rows
            .first()
            .map(|r| r.cells.iter().map(c).collect())
            .unwrap_or_default()
    }
}

/// Parses a page. Never fails and never panics.
pub fn parse(text: &str) -> Page<'_> {
    let mut page = Page {
        sections: vec![Section {
            level: 1,
            title: "",
            anchor: None,
            line: 1,
            blocks: Vec::new(),
        }],
        h1: None,
        includes: Vec::new(),
        notes: Vec::new(),
    };
    let mut open_notes: Vec<usize> = Vec::new();
    let mut lines = text.split('\n').enumerate().peekable();
    while let Some((i, raw)) = lines.next() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim();
        let indent = line.len() - line.trim_start().len();
        let blocks = match page.sections.last_mut() {
            Some(s) => &mut s.blocks,
            None => break,
        };
        if let Some((fence, info)) = Fence::open(trimmed) {
            let mut body = String::new();
            for (_, raw) in lines.by_ref() {
                let l = raw.strip_suffix('\r').unwrap_or(raw);
                if fence.closes(l) {
                    break;
                }
                body.push_str(strip_indent(l, indent));
                body.push('\n');
            }
            blocks.push(Block::Code(Code {
                lang: info.split_whitespace().next().unwrap_or("").to_string(),
                body,
                line: line_no,
            }));
        } else if trimmed == "#|" {
            let mut table = Table {
                line: line_no,
                rows: Vec::new(),
                closed: false,
            };
            let mut rows = RowScanner::default();
            for (j, raw) in lines.by_ref() {
                let l = raw.strip_suffix('\r').unwrap_or(raw);
                if rows.feed(strip_indent(l, indent), j + 1, &mut table.rows) {
                    table.closed = true;
                    break;
                }
            }
            rows.finish(&mut table.rows);
            blocks.push(Block::Table(table));
        } else if let Some(heading) = heading(line) {
            let (level, title, anchor) = heading;
            if level == 1 && page.h1.is_none() {
                page.h1 = Some((title, line_no));
                if let Some(first) = page.sections.first_mut() {
                    first.line = line_no;
                    first.title = title;
                }
            } else {
                page.sections.push(Section {
                    level,
                    title,
                    anchor,
                    line: line_no,
                    blocks: Vec::new(),
                });
            }
        } else if let Some(directive) = directive(trimmed) {
            if let Some(target) = include_target(directive) {
                page.includes.push((target, line_no));
            } else if let Some((kind, title)) = note_open(directive) {
                open_notes.push(page.notes.len());
                page.notes.push(Note {
                    kind,
                    title,
                    line: line_no,
                    end: line_no,
                });
            } else if directive == "endnote" {
                if let Some(note) = open_notes.pop().and_then(|i| page.notes.get_mut(i)) {
                    note.end = line_no;
                }
            }
        } else {
            blocks.push(Block::Text {
                text: line.trim_start(),
                line: line_no,
            });
        }
    }
    let last = text.split('\n').count();
    for i in open_notes {
        if let Some(note) = page.notes.get_mut(i) {
            note.end = last;
        }
    }
    page
}

/// `note warning "DEPRECATED"` → (`warning`, `DEPRECATED`).
fn note_open(directive: &str) -> Option<(&str, &str)> {
    let rest = directive.strip_prefix("note ")?.trim();
    let (kind, title) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let title = title.trim().trim_matches('"').trim();
    Some((kind, title))
}

/// `### Title {#anchor}` → (3, "Title", Some("anchor")). Headings are never indented.
fn heading(line: &str) -> Option<(usize, &str, Option<&str>)> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = line.get(level..)?;
    if !(rest.is_empty() || rest.starts_with(' ') || rest.starts_with('\t')) {
        return None;
    }
    let rest = rest.trim();
    let title = strip_anchor(rest);
    let anchor = rest
        .get(title.len()..)
        .and_then(|a| a.trim().strip_prefix("{#"))
        .and_then(|a| a.strip_suffix('}'))
        .map(str::trim);
    Some((level, title, anchor))
}

/// Removes a trailing `{#anchor}` and surrounding spaces.
pub fn strip_anchor(s: &str) -> &str {
    let s = s.trim();
    match s.rfind("{#") {
        Some(at) if s.ends_with('}') => s.get(..at).unwrap_or(s).trim_end(),
        _ => s,
    }
}

/// A line that is only a `{% … %}` directive → its inside.
fn directive(trimmed: &str) -> Option<&str> {
    trimmed
        .strip_prefix("{%")?
        .strip_suffix("%}")
        .map(str::trim)
}

/// `include [x](path)` / `include notitle [x](path)` → `path`.
fn include_target(directive: &str) -> Option<&str> {
    let rest = directive.strip_prefix("include")?;
    let (_, after) = rest.split_once("](")?;
    Some(after.split_once(')').map_or(after, |(p, _)| p).trim())
}

/// A code fence: the one place that decides where fenced code starts and ends, for the
/// page's blocks, for code inside table cells, and for the rustdoc the generator writes
/// (`bitrix-codegen` calls it too).
///
/// ```
/// use bitrix_docs::page::Fence;
/// let (fence, info) = Fence::open("```json").unwrap();
/// assert_eq!(info, "json");
/// assert!(fence.closes("````"));
/// assert!(!fence.closes("```json"));
/// assert_eq!(fence.close_then("``` ||"), Some(" ||"));
/// assert!(Fence::open("```string | null```").is_none(), "inline code, not a fence");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fence {
    ch: char,
    len: usize,
}

impl Fence {
    /// The fence a line opens (```` ``` ```` or `~~~`, three or more, leading spaces
    /// ignored), with its info string trimmed (`json`, `bash`, possibly empty). A backtick
    /// run whose info string holds a backtick is inline code, not a fence.
    pub fn open(line: &str) -> Option<(Fence, &str)> {
        let trimmed = line.trim();
        let ch = trimmed.chars().next()?;
        if ch != '`' && ch != '~' {
            return None;
        }
        let len = trimmed.chars().take_while(|&c| c == ch).count();
        if len < 3 {
            return None;
        }
        let info = trimmed.get(len..)?;
        if ch == '`' && info.contains('`') {
            return None;
        }
        Some((Fence { ch, len }, info.trim()))
    }

    /// Whether `line` closes this fence: only the fence character, at least as many.
    pub fn closes(&self, line: &str) -> bool {
        self.close_then(line)
            .is_some_and(|rest| rest.trim().is_empty())
    }

    /// When `line` starts with a closing run of this fence, the text after it (the pages
    /// close a fence and a table row on one line: ```` ``` || ````).
    pub fn close_then<'l>(&self, line: &'l str) -> Option<&'l str> {
        let trimmed = line.trim();
        let run = trimmed.chars().take_while(|&c| c == self.ch).count();
        (run >= self.len).then(|| trimmed.get(run * self.ch.len_utf8()..).unwrap_or(""))
    }

    /// The opening run, e.g. ```` ``` ````.
    pub fn marker(&self) -> String {
        std::iter::repeat_n(self.ch, self.len).collect()
    }
}

/// Removes up to `n` leading spaces (tabs count as one).
fn strip_indent(line: &str, n: usize) -> &str {
    let k = line
        .bytes()
        .take(n)
        .take_while(|&b| b == b' ' || b == b'\t')
        .count();
    line.get(k..).unwrap_or(line)
}

/// Splits the lines of one table into rows and cells.
///
/// Inside a cell, fenced code and nested `#| … |#` tables are kept as text: their pipes do
/// not separate anything.
#[derive(Default)]
struct RowScanner {
    row: Option<Row>,
    cell: String,
    cell_line: usize,
    fence: Option<Fence>,
    nested: usize,
}

impl RowScanner {
    /// Feeds one line; true when it closes the table.
    fn feed(&mut self, line: &str, line_no: usize, rows: &mut Vec<Row>) -> bool {
        let trimmed = line.trim();
        if self.row.is_none() {
            if trimmed == "|#" {
                return true;
            }
            if !trimmed.starts_with("||") {
                return false; // blank or stray lines between rows
            }
        } else {
            if let Some(fence) = self.fence {
                // "``` ||": the pages close a fence and the row on one line.
                match fence.close_then(trimmed) {
                    Some(r) if r.trim().is_empty() => self.fence = None,
                    Some(r) if r.trim_start().starts_with('|') => {
                        self.fence = None;
                        self.push_line(&fence.marker());
                        self.scan(r.trim(), line_no, rows);
                        return false;
                    }
                    _ => {}
                }
                self.push_line(line);
                return false;
            }
            if let Some((fence, _)) = Fence::open(trimmed) {
                self.fence = Some(fence);
                self.push_line(line);
                return false;
            }
            if trimmed == "#|" {
                self.nested += 1;
            }
            if self.nested > 0 {
                if trimmed == "|#" {
                    self.nested -= 1;
                }
                self.push_line(line);
                return false;
            }
            if trimmed == "|#" {
                // The last row was never closed with `||`; the table still is.
                self.finish(rows);
                return true;
            }
            if trimmed.len() > 2 && trimmed.starts_with("||") && !trimmed.starts_with("|||") {
                // A new row starts while the previous one was never closed with `||`.
                self.finish(rows);
            } else if !self.cell.is_empty() {
                self.cell.push('\n');
            }
        }
        self.scan(line.trim(), line_no, rows);
        false
    }

    fn push_line(&mut self, line: &str) {
        if !self.cell.is_empty() {
            self.cell.push('\n');
        }
        self.cell.push_str(line.trim_end());
    }

    /// Scans one line for `||` (row boundary), `|` (cell boundary) and `\|` (a pipe).
    fn scan(&mut self, line: &str, line_no: usize, rows: &mut Vec<Row>) {
        let mut rest = line;
        while !rest.is_empty() {
            if self.row.is_none() {
                let Some(after) = rest.trim_start().strip_prefix("||") else {
                    return; // text after a row's end: ignore
                };
                self.row = Some(Row {
                    line: line_no,
                    cells: Vec::new(),
                });
                self.cell.clear();
                self.cell_line = line_no;
                rest = after;
                continue;
            }
            if self.cell.trim().is_empty() && self.cell_line != line_no {
                self.cell_line = line_no;
            }
            match rest.find(['|', '\\']) {
                None => {
                    self.cell.push_str(rest);
                    return;
                }
                Some(at) => {
                    let (text, tail) = (rest.get(..at).unwrap_or(""), rest.get(at..).unwrap_or(""));
                    self.cell.push_str(text);
                    if let Some(after) = tail.strip_prefix("\\|") {
                        self.cell.push('|');
                        rest = after;
                    } else if let Some(after) = tail.strip_prefix("\\") {
                        self.cell.push('\\');
                        rest = after;
                    } else if let Some(after) = tail.strip_prefix("||") {
                        self.end_cell();
                        if let Some(row) = self.row.take() {
                            rows.push(row);
                        }
                        rest = after;
                    } else {
                        self.end_cell();
                        rest = tail.get(1..).unwrap_or("");
                        self.cell_line = line_no;
                    }
                }
            }
        }
    }

    fn end_cell(&mut self) {
        let text = self.cell.trim().to_string();
        self.cell.clear();
        if let Some(row) = &mut self.row {
            row.cells.push(Cell {
                line: self.cell_line,
                text,
            });
        }
    }

    /// The page ended inside a row: keep what was read.
    fn finish(&mut self, rows: &mut Vec<Row>) {
        if self.row.is_some() {
            self.end_cell();
            if let Some(row) = self.row.take() {
                rows.push(row);
            }
        }
    }
}

/// Top-level bullet items of a cell or text (`- x`, `* x`), first line of each, in order.
/// Items indented deeper than the first item are sub-items and are skipped.
pub fn bullets(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut base: Option<usize> = None;
    let mut fence: Option<Fence> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(f) = fence {
            if f.closes(trimmed) {
                fence = None;
            }
            continue;
        }
        if let Some((f, _)) = Fence::open(trimmed) {
            fence = Some(f);
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let item = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "));
        if let Some(item) = item {
            let b = *base.get_or_insert(indent);
            if indent <= b {
                base = Some(indent);
                out.push(item.trim());
            }
        }
    }
    out
}

/// The fenced code blocks inside a cell's text, bodies only.
pub fn code_blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<(Fence, String)> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        match &mut current {
            Some((fence, body)) => {
                if fence.closes(trimmed) {
                    if let Some((_, body)) = current.take() {
                        out.push(body);
                    }
                } else {
                    body.push_str(line);
                    body.push('\n');
                }
            }
            None => {
                if let Some((fence, _)) = Fence::open(trimmed) {
                    current = Some((fence, String::new()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
