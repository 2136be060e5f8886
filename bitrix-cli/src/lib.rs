//! The `bitrix-api` command's work, as a library so that tests run it against the
//! emulator: [`pull`] reads a portal's own schema through its description methods;
//! `bitrix_docs::schema` writes, reads and compares it.

mod pull;

pub use pull::pull;

/// The host of a portal address (`https://example.bitrix24.com/rest/1/<code>/` →
/// `example.bitrix24.com`): what the tool prints and saves, never the webhook code.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_host_leaves_the_code_out() {
        assert_eq!(
            super::host_of("https://example.bitrix24.com/rest/1/s3cr3t/"),
            "example.bitrix24.com"
        );
        assert_eq!(
            super::host_of("http://127.0.0.1:8080/rest/"),
            "127.0.0.1:8080"
        );
    }
}
