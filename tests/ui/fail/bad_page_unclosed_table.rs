// A page the generator cannot understand fails the build at its file and line.
bitrix_api::bind!("../../fixtures/bad/unclosed-table");

fn main() {}
