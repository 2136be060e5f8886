//! `bitrix-api schema pull | check`: save a portal's own schema, and check a saved one
//! against the portal. `check` exits 0 when code bound to the file builds against the
//! portal, 1 when something breaks, 2 on usage or I/O errors (as `bitrix-docs diff`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bitrix_api::{Client, OAuthApp, Tokens};
use bitrix_docs::schema;

const USAGE: &str = "usage: bitrix-api schema pull PORTAL [-o FILE]
       bitrix-api schema check [FILE] PORTAL

PORTAL is a webhook URL (https://example.bitrix24.com/rest/1/<code>/), or `--oauth
https://example.bitrix24.com/` with BITRIX_CLIENT_ID, BITRIX_CLIENT_SECRET,
BITRIX_ACCESS_TOKEN and BITRIX_REFRESH_TOKEN in the environment (and BITRIX_OAUTH_SERVER
to refresh expired tokens elsewhere than https://oauth.bitrix.info/oauth/token/). Only
the host is printed or saved, never the webhook code or a token.

pull   reads the portal's user fields, smart processes, funnels and stages, status lists,
       the CRM entities', user and tasks fields (REST 3.0's where it has them), and
       writes them (sorted, stable) to FILE (default bitrix-schema.json).
check  compares FILE (default bitrix-schema.json) with the portal now: each change,
       breaking (code bound with bind!(schema = FILE) may not compile against the
       portal) or compatible.

Exit status: 0 nothing breaks, 1 something breaks, 2 usage, I/O or portal error.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => return fail(&format!("cannot start: {e}")),
    };
    match args.as_slice() {
        ["schema", "pull", rest @ ..] => match pull_args(rest) {
            Some((portal, out)) => runtime.block_on(pull(portal, &out)),
            None => usage(),
        },
        ["schema", "check", rest @ ..] => match check_args(rest) {
            Some((file, portal)) => runtime.block_on(check(&file, portal)),
            None => usage(),
        },
        ["-h" | "--help" | "help"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// A portal given on the command line: a webhook URL, or `--oauth PORTAL`.
enum Portal<'a> {
    Webhook(&'a str),
    OAuth(&'a str),
}

/// `PORTAL [-o FILE]` (the portal is one or two words).
fn pull_args<'a>(args: &[&'a str]) -> Option<(Portal<'a>, PathBuf)> {
    let mut out = PathBuf::from("bitrix-schema.json");
    let mut portal = None;
    let mut i = 0;
    while i < args.len() {
        match args[i] {
            "-o" | "--output" => {
                out = PathBuf::from(args.get(i + 1)?);
                i += 1;
            }
            "--oauth" => {
                portal = Some(Portal::OAuth(args.get(i + 1)?));
                i += 1;
            }
            url if portal.is_none() && !url.starts_with('-') => portal = Some(Portal::Webhook(url)),
            _ => return None,
        }
        i += 1;
    }
    Some((portal?, out))
}

/// `[FILE] PORTAL`.
fn check_args<'a>(args: &[&'a str]) -> Option<(PathBuf, Portal<'a>)> {
    match args {
        ["--oauth", url] => Some(("bitrix-schema.json".into(), Portal::OAuth(url))),
        [file, "--oauth", url] => Some((file.into(), Portal::OAuth(url))),
        [url] if !url.starts_with('-') => Some(("bitrix-schema.json".into(), Portal::Webhook(url))),
        [file, url] if !url.starts_with('-') => Some((file.into(), Portal::Webhook(url))),
        _ => None,
    }
}

/// The client and the host to show.
fn connect(portal: &Portal<'_>) -> Result<(Client, String), String> {
    match portal {
        Portal::Webhook(url) => {
            let host = bitrix_cli::host_of(url);
            // The client's error may quote the URL: say what is wrong without it.
            let client = Client::webhook(url).map_err(|_| {
                format!("not a webhook URL of {host}: expected https://HOST/rest/USER/CODE/")
            })?;
            Ok((client, host))
        }
        Portal::OAuth(url) => {
            let var = |k: &str| {
                std::env::var(k).map_err(|_| format!("--oauth needs {k} in the environment"))
            };
            let app = OAuthApp::new(var("BITRIX_CLIENT_ID")?, var("BITRIX_CLIENT_SECRET")?);
            let tokens = Tokens::new(var("BITRIX_ACCESS_TOKEN")?, var("BITRIX_REFRESH_TOKEN")?);
            let host = bitrix_cli::host_of(url);
            let mut builder = Client::builder().oauth(url, app, tokens);
            // Where expired tokens are refreshed (default: Bitrix24's oauth.bitrix.info).
            if let Ok(server) = std::env::var("BITRIX_OAUTH_SERVER") {
                builder = builder.oauth_server(server);
            }
            let client = builder
                .build()
                .map_err(|_| format!("not a portal address: {host}"))?;
            Ok((client, host))
        }
    }
}

async fn pull(portal: Portal<'_>, out: &Path) -> ExitCode {
    let (client, host) = match connect(&portal) {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let schema = match bitrix_cli::pull(&client, &host).await {
        Ok(s) => s,
        Err(e) => return fail(&format!("{host}: {e}")),
    };
    if let Err(e) = std::fs::write(out, schema::write(&schema)) {
        return fail(&format!("cannot write {}: {e}", out.display()));
    }
    let fields: usize = schema.crm.values().map(|e| e.user_fields.len()).sum();
    println!(
        "{host}: {fields} user field(s), {} smart process(es), {} deal funnel(s) → {}",
        schema.smart_processes.len(),
        schema.deal_categories.len(),
        out.display()
    );
    ExitCode::SUCCESS
}

async fn check(file: &Path, portal: Portal<'_>) -> ExitCode {
    let saved = match schema::read(file) {
        Ok(s) => s,
        Err(e) => return fail(&e.to_string()),
    };
    let (client, host) = match connect(&portal) {
        Ok(c) => c,
        Err(e) => return fail(&e),
    };
    let now = match bitrix_cli::pull(&client, &saved.host).await {
        Ok(s) => s,
        Err(e) => return fail(&format!("{host}: {e}")),
    };
    let changes = schema::compare(&saved, &now);
    println!("{} against {host}", file.display());
    println!("{changes}");
    if changes.is_breaking() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
