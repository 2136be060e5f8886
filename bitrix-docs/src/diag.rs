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

/// Collects every [`Diag`] of one page, so the author sees all problems at once.
///
/// Like serde's `Ctxt`, it must be consumed with [`Ctxt::check`]: dropping it unchecked
/// is a bug in this crate (a lost error), caught in debug builds.
#[derive(Debug)]
pub(crate) struct Ctxt<'a> {
    path: &'a std::path::Path,
    diags: Option<Vec<Diag>>,
}

impl<'a> Ctxt<'a> {
    pub(crate) fn new(path: &'a std::path::Path) -> Self {
        Ctxt {
            path,
            diags: Some(Vec::new()),
        }
    }

    /// Records a problem at `line`.
    pub(crate) fn error(&mut self, line: usize, message: impl Into<String>) {
        if let Some(diags) = &mut self.diags {
            diags.push(Diag {
                path: self.path.to_path_buf(),
                line,
                message: message.into(),
            });
        }
    }

    /// Ok when nothing was recorded, else every diag in the order found.
    pub(crate) fn check(mut self) -> Result<(), Vec<Diag>> {
        match self.diags.take() {
            Some(diags) if !diags.is_empty() => Err(diags),
            _ => Ok(()),
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
