//! How a [`Report`] reads: per method, its changes with `file:line` on both sides, then
//! the pages the generator rejects, then a one-line verdict.

use std::fmt;

use super::{Change, Kind, Report};

/// The start of a change's line, the same in `bitrix-docs diff` and `bitrix-api schema
/// check`: `  breaking    removed field `x``.
pub(crate) fn change_head(
    f: &mut fmt::Formatter<'_>,
    breaking: bool,
    label: &str,
    path: &str,
) -> fmt::Result {
    let verdict = if breaking { "breaking" } else { "compatible" };
    write!(f, "  {verdict:<10}  {label}")?;
    if !path.is_empty() {
        write!(f, " `{path}`")?;
    }
    Ok(())
}

impl fmt::Display for Change {
    /// `breaking    changed type `id`: integer → string`, then the old and new places.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        change_head(f, self.breaking, self.kind.label(), &self.path)?;
        match self.kind {
            Kind::RenamedParameter => write!(f, " → `{}`", self.detail)?,
            _ if !self.detail.is_empty() => write!(f, ": {}", self.detail)?,
            _ => {}
        }
        for (side, place) in [("old", &self.old), ("new", &self.new)] {
            if let Some(s) = place {
                write!(f, "\n              {side} {}:{}", s.path.display(), s.line)?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Report {
    /// Per method, its changes; then pages the generator rejects; then a one-line verdict.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut method = None;
        for c in &self.changes {
            if method != Some(&c.method) {
                writeln!(f, "{}", c.method)?;
                method = Some(&c.method);
            }
            writeln!(f, "{c}")?;
        }
        if !self.rejected_new.is_empty() {
            writeln!(
                f,
                "pages of the new tree the generator rejects (bind! fails on each):"
            )?;
            for d in &self.rejected_new {
                writeln!(f, "  {d}")?;
            }
        }
        if !self.rejected_old.is_empty() {
            writeln!(
                f,
                "note: {} page(s) of the old tree are rejected by the generator; their methods are not compared",
                self.rejected_old.len()
            )?;
        }
        if !self.changes.is_empty() || !self.rejected_new.is_empty() {
            writeln!(f)?;
        }
        let breaking = self.changes.iter().filter(|c| c.breaking).count() + self.rejected_new.len();
        let compatible = self.changes.iter().filter(|c| !c.breaking).count();
        match (breaking, compatible) {
            (0, 0) => write!(f, "no changes"),
            (0, n) => write!(f, "{n} compatible change(s): code written for the old pages builds against the new ones"),
            (b, n) => write!(
                f,
                "{b} breaking change(s), {n} compatible: code written for the old pages may not build against the new ones"
            ),
        }
    }
}
