// A schema file of another format: a compile error naming the file and both versions.
bitrix_api::bind!(schema = "../../fixtures/schema/format-2.json");

fn main() {}
