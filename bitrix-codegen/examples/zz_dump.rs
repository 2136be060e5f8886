use bitrix_codegen::{expand, Output};
fn main() {
    let prefixes: Vec<String> = std::env::args().skip(1).collect();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let loaded = bitrix_docs::load(&root).expect("docs/ loads");
    let some: Vec<_> = loaded
        .methods
        .into_iter()
        .filter(|m| prefixes.iter().any(|p| m.name.starts_with(p.as_str())))
        .collect();
    let tokens = expand(&Output {
        methods: &some,
        events: &[],
        groups: &[],
        skipped: Vec::new(),
        warnings: Vec::new(),
    });
    let file: syn::File = syn::parse2(tokens).unwrap();
    println!("{}", prettyplease::unparse(&file));
}
