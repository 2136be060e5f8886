//! `bitrix-docs diff [--facts] OLD_DIR NEW_DIR`: the drift report between two docs trees,
//! before you compile. Exits 0 when code written for OLD builds against NEW, 1 when
//! something breaks, 2 on usage or I/O errors. With `--facts` it is the faithfulness check
//! of a rewritten page: exit 1 on any change but wording.

use std::path::Path;
use std::process::ExitCode;

const USAGE: &str = "usage: bitrix-docs diff [--facts] OLD_DIR NEW_DIR

Lists, per method, the changes between two trees of Bitrix24 method pages: the breaking
ones (code bound with bind! to OLD may not compile against NEW) and the compatible ones,
each with file:line on both sides.

--facts  compare the facts, not only the signatures: exit 1 on any change but wording
         (defaults, allowed values, type texts, scope, error codes, example JSON, a
         method one side lacks, a page either side rejects). Use it to check that a page
         rewritten in other words still says what the official page says.

Exit status: 0 nothing breaks, 1 something breaks, 2 usage or I/O error.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["diff", old, new] => diff(Path::new(old), Path::new(new), false),
        ["diff", "--facts", old, new] => diff(Path::new(old), Path::new(new), true),
        ["-h" | "--help" | "help"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn diff(old: &Path, new: &Path, facts: bool) -> ExitCode {
    match bitrix_docs::diff::diff_dirs(old, new) {
        Ok(report) => {
            println!("{report}");
            let fails = if facts {
                report.facts_differ()
            } else {
                report.is_breaking()
            };
            if fails {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
