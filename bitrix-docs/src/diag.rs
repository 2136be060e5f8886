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
