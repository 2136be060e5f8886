//! `bind!("docs")`: every Bitrix24 method page under a directory becomes a typed request,
//! a typed response, a call builder and a client method, with the page's text as rustdoc;
//! every event page a typed payload in the binding's `events` module.
//!
//! Pipeline, one stage per crate: `bitrix_docs` reads pages into a validated model
//! (markdown → page → `MethodSpec`), `bitrix_codegen` turns the model into tokens. This
//! crate only parses the macro input, runs the stages and turns diagnostics into
//! `compile_error!`.

use std::path::{Path, PathBuf};

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

use bitrix_codegen as expand;

/// Binds every method page under a directory: `bind!("docs")`.
///
/// The path is relative to the calling crate's `CARGO_MANIFEST_DIR`, or, when no such
/// directory exists there, to the directory of the file that calls `bind!`.
///
/// Options, after the path, comma-separated:
/// - `skip_invalid`: bind what can be bound; list rejected pages in `SKIPPED` and places
///   bound weaker than their page says in `WARNINGS` (strict bindings fail to compile on
///   either, naming file and line).
/// - `features { "api-reference/crm/deals" => "crm-deal", "…/management-communication" =>
///   always }`: the pages under a folder compile only with that Cargo feature of the calling
///   crate (the longest matching folder wins; `always` keeps a subfolder on).
///
/// See the `bitrix-api` crate for the generated names. Add a `build.rs` with
/// `println!("cargo:rerun-if-changed=docs");` so that new pages are bound on the next build.
/// With it, `println!("cargo:rustc-env=BITRIX_BIND_WATCHED={}", dir)` (`dir` the absolute
/// path of `docs`) saves the build from embedding every page with `include_bytes!` to track
/// it: a large tree compiles in less memory.
///
/// `bind!(schema = "bitrix-schema.json")` binds a portal's own schema instead (the file
/// `bitrix-api schema pull` writes; path relative to `CARGO_MANIFEST_DIR`): a module
/// `portal` (or `module = name`) with the portal's user fields as typed fields of the
/// records, its enumerations, funnels and stages as enums, and its smart processes as
/// record types (`portal::items::Invoice2`). Editing the file rebuilds the app; a file
/// that cannot be read is a compile error naming it and the line.
#[proc_macro]
pub fn bind(input: TokenStream) -> TokenStream {
    let schema = {
        let input = input.clone();
        syn::parse::Parser::parse(schema_args, input)
    };
    match schema {
        Ok(Some(args)) => return schema_impl(&args).into(),
        Ok(None) => {}
        Err(e) => return e.into_compile_error().into(),
    }
    let args = syn::parse_macro_input!(input as Args);
    bind_impl(&args).into()
}

/// `schema = "file"[, module = name]`.
struct SchemaArgs {
    path: LitStr,
    module: Ident,
}

/// `None` when the input does not start with `schema =` (the docs form).
fn schema_args(input: ParseStream<'_>) -> syn::Result<Option<SchemaArgs>> {
    let fork = input.fork();
    if !(fork.parse::<Ident>().is_ok_and(|i| i == "schema") && fork.peek(Token![=])) {
        input.parse::<TokenStream2>()?;
        return Ok(None);
    }
    input.parse::<Ident>()?;
    input.parse::<Token![=]>()?;
    let path: LitStr = input.parse()?;
    let mut module = Ident::new("portal", Span::call_site());
    while input.parse::<Option<Token![,]>>()?.is_some() {
        if input.is_empty() {
            break;
        }
        let key: Ident = input.parse()?;
        if key != "module" {
            return Err(syn::Error::new(
                key.span(),
                format!("unknown option `{key}`: a schema binding takes `module = name`"),
            ));
        }
        input.parse::<Token![=]>()?;
        module = input.parse()?;
    }
    Ok(Some(SchemaArgs { path, module }))
}

/// The calling crate's manifest directory, where `bind!` paths start; a compile error
/// outside cargo.
fn manifest_dir(span: Span) -> Result<PathBuf, TokenStream2> {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .ok_or_else(|| {
            syn::Error::new(
                span,
                "bind!: CARGO_MANIFEST_DIR is not set; build with cargo",
            )
            .into_compile_error()
        })
}

fn schema_impl(args: &SchemaArgs) -> TokenStream2 {
    let span = args.path.span();
    let manifest = match manifest_dir(span) {
        Ok(dir) => dir,
        Err(error) => return error,
    };
    let (file, base) = resolve(&manifest, &args.path.value());
    let shown = relative(&file, &base);
    let schema = match bitrix_docs::schema::read(&file) {
        Ok(s) => s,
        Err(mut e) => {
            e.file.clone_from(&shown);
            let error = syn::Error::new(span, format!("bind!: {e}")).into_compile_error();
            // Still track the file, so that fixing it rebuilds.
            let tracked = file.exists().then(|| file.to_str()).flatten().map(|f| {
                quote! { const _: &[u8] = include_bytes!(#f); }
            });
            return quote! { #error #tracked };
        }
    };
    let abs = file.to_string_lossy().into_owned();
    expand::expand_schema(&schema, &args.module, &abs, &shown)
}

/// The macro's arguments.
struct Args {
    path: LitStr,
    skip_invalid: bool,
    shared_call: bool,
    groups: Vec<expand::Group>,
}

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let path: LitStr = input.parse()?;
        let mut args = Args {
            path,
            skip_invalid: false,
            shared_call: false,
            groups: Vec::new(),
        };
        while input.parse::<Option<Token![,]>>()?.is_some() {
            if input.is_empty() {
                break;
            }
            let flag: Ident = input.parse()?;
            match flag.to_string().as_str() {
                "skip_invalid" => args.skip_invalid = true,
                // bitrix-api's own binding: call builders are `bitrix_api::Call<M>`, which
                // only that crate may add methods to (not an option for apps).
                "__shared_call" => args.shared_call = true,
                "features" => args.groups = groups(input)?,
                other => {
                    return Err(syn::Error::new(
                        flag.span(),
                        format!(
                            "unknown option `{other}`: the options are `skip_invalid` and \
                             `features {{ \"folder\" => \"feature\", … }}`"
                        ),
                    ))
                }
            }
        }
        Ok(args)
    }
}

/// `{ "folder" => "feature", "folder" => always, … }`.
fn groups(input: ParseStream<'_>) -> syn::Result<Vec<expand::Group>> {
    let body;
    syn::braced!(body in input);
    let mut out = Vec::new();
    while !body.is_empty() {
        let folder: LitStr = body.parse()?;
        body.parse::<Token![=>]>()?;
        let feature = if body.peek(LitStr) {
            Some(body.parse::<LitStr>()?.value())
        } else {
            let word: Ident = body.parse()?;
            if word != "always" {
                return Err(syn::Error::new(
                    word.span(),
                    "expected a feature name in quotes, or `always`",
                ));
            }
            None
        };
        out.push(expand::Group::new(
            folder.value().trim_end_matches('/'),
            feature,
        ));
        if body.parse::<Option<Token![,]>>()?.is_none() {
            break;
        }
    }
    if !body.is_empty() {
        return Err(body.error("expected `,` between folders"));
    }
    Ok(out)
}

fn bind_impl(args: &Args) -> TokenStream2 {
    let span = args.path.span();
    let manifest = match manifest_dir(span) {
        Ok(dir) => dir,
        Err(error) => return error,
    };
    let (root, manifest) = resolve(&manifest, &args.path.value());
    let groups = enabled_groups(&args.groups);
    // The pages of a section whose feature is off are not even read.
    let loaded = match bitrix_docs::load_where(&root, |rel| expand::gate(&groups, rel).is_some()) {
        Ok(l) => l,
        Err(d) => {
            return syn::Error::new(span, format!("bind!: {}", shown(&d, &manifest)))
                .into_compile_error()
        }
    };
    // Every file read is a dependency: editing or deleting one re-runs the macro. A file
    // under the directory the build script watches needs no `include_bytes!`: cargo reruns
    // the script, and so rebuilds the crate, when anything in it changes.
    let watched = watched_dir();
    let tracked = loaded
        .files
        .iter()
        .filter(|f| !is_watched(watched.as_deref(), f))
        .filter_map(|f| f.to_str())
        .map(|f| {
            quote! { const _: &[u8] = include_bytes!(#f); }
        });
    let errors: Vec<String> = loaded
        .rejected
        .iter()
        .map(|d| shown(d, &manifest))
        .collect();
    let listed = |diags: &mut dyn Iterator<Item = &bitrix_docs::Diag>| -> Vec<(String, String)> {
        diags
            .map(|d| {
                (
                    relative(&d.path, &manifest),
                    format!("line {}: {}", d.line, d.message),
                )
            })
            .collect()
    };
    let (skipped, warnings) = if args.skip_invalid {
        (
            listed(&mut loaded.rejected.iter()),
            listed(
                &mut loaded
                    .methods
                    .iter()
                    .flat_map(|m| &m.warnings)
                    .chain(loaded.events.iter().flat_map(|e| &e.warnings)),
            ),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let errors: Vec<String> = errors
        .into_iter()
        .chain(
            loaded
                .methods
                .iter()
                .flat_map(|m| &m.warnings)
                .chain(loaded.events.iter().flat_map(|e| &e.warnings))
                .map(|d| shown(d, &manifest)),
        )
        .collect();
    let body = expand::expand(&expand::Output {
        methods: &loaded.methods,
        events: &loaded.events,
        groups: &groups,
        skipped,
        warnings,
        shared_call: args.shared_call,
    });
    let compile_errors = if args.skip_invalid {
        TokenStream2::new()
    } else {
        errors
            .iter()
            .map(|e| syn::Error::new(Span::call_site().located_at(span), e).into_compile_error())
            .collect()
    };
    quote! {
        #compile_errors
        #(#tracked)*
        #body
    }
}

/// The variable a binding crate's build script sets (`cargo:rustc-env`) to the features it
/// is built with, comma-separated, as cargo names them to build scripts (`CARGO_FEATURE_`
/// stripped: `CRM_DEAL,USER`). With it, `bind!` emits nothing for the folders whose
/// feature is off; without it, every folder is emitted under its `cfg`.
const FEATURES_VAR: &str = "BITRIX_BIND_FEATURES";

/// The variable a binding crate's build script sets (`cargo:rustc-env`) to the directory it
/// watches with `cargo:rerun-if-changed` (an absolute path). `bind!` then tracks the pages
/// under it through the build script rather than by embedding each one with
/// `include_bytes!`, which made rustc hold every page's bytes several times over (about
/// 100 MB for the whole reference).
const WATCHED_VAR: &str = "BITRIX_BIND_WATCHED";

/// The directory [`WATCHED_VAR`] names, resolved, when it is set and exists.
fn watched_dir() -> Option<PathBuf> {
    let dir = std::env::var_os(WATCHED_VAR)?;
    std::fs::canonicalize(dir).ok()
}

/// Whether `file` lies under the watched directory (both resolved, so links agree).
fn is_watched(watched: Option<&Path>, file: &Path) -> bool {
    watched.is_some_and(|dir| std::fs::canonicalize(file).is_ok_and(|f| f.starts_with(dir)))
}

/// `groups`, each marked off when [`FEATURES_VAR`] is set and does not list its feature.
fn enabled_groups(groups: &[expand::Group]) -> Vec<expand::Group> {
    let Ok(on) = std::env::var(FEATURES_VAR) else {
        return groups.to_vec();
    };
    let on: Vec<&str> = on.split(',').map(str::trim).collect();
    let cargo_name = |f: &str| f.to_uppercase().replace('-', "_");
    groups
        .iter()
        .map(|g| expand::Group {
            enabled: g
                .feature
                .as_deref()
                .is_none_or(|f| on.contains(&cargo_name(f).as_str())),
            ..g.clone()
        })
        .collect()
}

/// The docs root and the base that diagnostics show paths relative to: the path under
/// `CARGO_MANIFEST_DIR` when it exists there, else under the calling file's directory
/// (a crate whose manifest is elsewhere, such as trybuild's test crates).
fn resolve(manifest: &Path, path: &str) -> (PathBuf, PathBuf) {
    let under_manifest = manifest.join(path);
    if under_manifest.exists() {
        return (under_manifest, manifest.to_path_buf());
    }
    let caller_dir = proc_macro::Span::call_site()
        .local_file()
        .and_then(|f| f.parent().map(Path::to_path_buf))
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                manifest.join(dir)
            }
        });
    match caller_dir {
        Some(dir) if dir.join(path).exists() => (dir.join(path), dir),
        _ => (under_manifest, manifest.to_path_buf()),
    }
}

/// `docs/…/page.md:42: what is wrong`, with the path relative to the crate.
fn shown(d: &bitrix_docs::Diag, manifest: &Path) -> String {
    format!("{}:{}: {}", relative(&d.path, manifest), d.line, d.message)
}

fn relative(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_option_is_an_error() {
        let err = syn::parse_str::<Args>(r#""docs", strict"#)
            .err()
            .expect("rejected");
        assert!(err.to_string().contains("unknown option `strict`"));
    }
}
