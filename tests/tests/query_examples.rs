use std::path::Path;
#[test]
fn explore() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let loaded = bitrix_docs::load(&docs).expect("docs");
    for link in &loaded.records {
        let Some(spec) = loaded
            .methods
            .iter()
            .find(|m| m.name == link.method && m.version == link.version)
        else {
            println!("NOSPEC {}", link.method);
            continue;
        };
        let body: Option<serde_json::Value> = spec
            .request_example
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok());
        let q = body
            .as_ref()
            .map(|b| {
                ["filter", "order", "select"]
                    .iter()
                    .filter(|k| b.get(**k).is_some())
                    .map(|k| format!("{k}={}", b[*k]))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default();
        println!(
            "{} {:?} {} list={} :: {}",
            link.method, link.version, link.entity, link.list, q
        );
    }
    for e in &loaded.entities {
        println!(
            "ENTITY {} {} {}",
            e.name,
            e.method,
            e.fields
                .iter()
                .map(|f| format!("{}:{:?}", f.name, f.kind))
                .collect::<Vec<_>>()
                .join(",")
        );
    }
}
