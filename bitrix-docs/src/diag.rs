//! Diagnostics: every problem carries the file and line it is about.

use std::fmt;
use std::path::PathBuf;

/// One problem found in a page: where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    /// The page (as it was read).
    pub path: PathBuf,
    /// 1-based line in that page (0 when the problem is about the whole file).
    pub line: usize,
    /// What is wrong and how to fix it, in one sentence or two.
    pub message: String,
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// Collects every [`Diag`] of one page, so the author sees all problems at once: errors
/// (the page is rejected), warnings (bound weaker than the page says) and notes (the page
/// contradicts itself and one source won).
///
/// Like serde's `Ctxt`, it must be consumed with [`Ctxt::check`]: dropping it unchecked
/// is a bug in this crate (a lost error), caught in debug builds.
#[derive(Debug)]
pub(crate) struct Ctxt<'a> {
    path: &'a std::path::Path,
    diags: Option<Vec<Diag>>,
    warnings: Vec<Diag>,
    notes: Vec<Diag>,
}

/// What a page that validated still has to say.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    pub(crate) warnings: Vec<Diag>,
    pub(crate) notes: Vec<Diag>,
}

impl<'a> Ctxt<'a> {
    pub(crate) fn new(path: &'a std::path::Path) -> Self {
        Ctxt {
            path,
            diags: Some(Vec::new()),
            warnings: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn diag(&self, line: usize, message: impl Into<String>) -> Diag {
        Diag {
            path: self.path.to_path_buf(),
            line,
            message: message.into(),
        }
    }

    /// Records a problem at `line`: the page is rejected.
    pub(crate) fn error(&mut self, line: usize, message: impl Into<String>) {
        let diag = self.diag(line, message);
        if let Some(diags) = &mut self.diags {
            diags.push(diag);
        }
    }

    /// Records a place bound weaker than the page says: the page still binds.
    pub(crate) fn warn(&mut self, line: usize, message: impl Into<String>) {
        let diag = self.diag(line, message);
        self.warnings.push(diag);
    }

    /// Records a contradiction in the page and which source won.
    pub(crate) fn note(&mut self, line: usize, message: impl Into<String>) {
        let diag = self.diag(line, message);
        self.notes.push(diag);
    }

    /// The warnings and notes when no error was recorded, else every error in the order
    /// found.
    pub(crate) fn check(mut self) -> Result<Findings, Vec<Diag>> {
        match self.diags.take() {
            Some(diags) if !diags.is_empty() => Err(diags),
            _ => Ok(Findings {
                warnings: std::mem::take(&mut self.warnings),
                notes: std::mem::take(&mut self.notes),
            }),
        }
    }
}

impl Drop for Ctxt<'_> {
    fn drop(&mut self) {
        debug_assert!(
            self.diags.is_none() || std::thread::panicking(),
            "forgot to check for errors"
        );
    }
}
