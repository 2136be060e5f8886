//! `bind!("docs")`: every Bitrix24 method page under a directory becomes a typed request,
//! a typed response, a call builder and a client method, with the page's text as rustdoc.
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

/// Binds every method page under a directory, relative to the calling crate's
/// `CARGO_MANIFEST_DIR`: `bind!("docs")`, or `bind!("docs", skip_invalid)` to bind what can
/// be bound and list the rest in `SKIPPED`.
///
/// See the `bitrix-api` crate for the generated names. Add a `build.rs` with
/// `println!("cargo:rerun-if-changed=docs");` so that new pages are bound on the next build.
#[proc_macro]
pub fn bind(input: TokenStream) -> TokenStream {
    let args = syn::parse_macro_input!(input as Args);
    bind_impl(&args).into()
}

/// The macro's arguments.
struct Args {
    path: LitStr,
    skip_invalid: bool,
    attach: expand::Attach,
}

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let path: LitStr = input.parse()?;
        let mut args = Args {
            path,
            skip_invalid: false,
            attach: expand::Attach::Trait,
        };
        while input.parse::<Option<Token![,]>>()?.is_some() {
            if input.is_empty() {
                break;
            }
            let flag: Ident = input.parse()?;
            match flag.to_string().as_str() {
                "skip_invalid" => args.skip_invalid = true,
                // `bitrix-api` binds its own pages as inherent methods of `Client`.
                "__inherent" => args.attach = expand::Attach::Inherent,
                other => {
                    return Err(syn::Error::new(
                        flag.span(),
                        format!("unknown option `{other}`: the only option is `skip_invalid`"),
                    ))
                }
            }
        }
        Ok(args)
    }
}

fn bind_impl(args: &Args) -> TokenStream2 {
    let span = args.path.span();
    // trybuild compiles test cases in a crate of its own under `target/`; the tests point
    // paths back at their real crate with this variable (never for bitrix-api's own pages).
    let overridden = match args.attach {
        expand::Attach::Trait => std::env::var_os("BITRIX_BIND_MANIFEST_DIR"),
        expand::Attach::Inherent => None,
    };
    let manifest = overridden.or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"));
    let Some(manifest) = manifest.map(PathBuf::from) else {
        return syn::Error::new(
            span,
            "bind!: CARGO_MANIFEST_DIR is not set; build with cargo",
        )
        .into_compile_error();
    };
    let root = manifest.join(args.path.value());
    let loaded = match bitrix_docs::load(&root) {
        Ok(l) => l,
        Err(d) => {
            return syn::Error::new(span, format!("bind!: {}", shown(&d, &manifest)))
                .into_compile_error()
        }
    };
    // Every file read is a dependency: editing or deleting one re-runs the macro.
    let tracked = loaded.files.iter().filter_map(|f| f.to_str()).map(|f| {
        quote! { const _: &[u8] = include_bytes!(#f); }
    });
    let errors: Vec<String> = loaded
        .rejected
        .iter()
        .map(|d| shown(d, &manifest))
        .collect();
    let skipped = args.skip_invalid.then(|| {
        loaded
            .rejected
            .iter()
            .map(|d| {
                (
                    relative(&d.path, &manifest),
                    format!("line {}: {}", d.line, d.message),
                )
            })
            .collect()
    });
    let body = expand::expand(&expand::Output {
        methods: &loaded.methods,
        attach: args.attach,
        skipped,
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
