//! Tasks, Drive and chats on an emulator serving the official pages of those sections
//! (`../shared/b24restdocs/api-reference/{tasks,disk,chats}`, given with
//! `PortalBuilder::pages`), called with raw JSON as any HTTP client would (issue 25): the
//! same code serves bitrix-api's own pages of these sections once they ship.
//!
//! `B24RESTDOCS=/work/shared/b24restdocs cargo test -p bitrix-tests --test official_sections -- --include-ignored`

use bitrix_api::Client;
use bitrix_emulator::Portal;
use serde_json::{json, Value};

async fn setup(section: &str, scopes: &[&str]) -> (Portal, Client) {
    let pages = bitrix_tests::official(&format!("api-reference/{section}"));
    bitrix_tests::serve(Portal::builder().pages(pages).webhook(1, scopes)).await
}

async fn call(client: &Client, method: &str, params: Value) -> Value {
    client
        .call_raw(method, params.clone())
        .await
        .unwrap_or_else(|e| panic!("{method} {params}: {e}"))
}

#[tokio::test]
#[ignore = "needs ../shared/b24restdocs"]
async fn tasks_with_checklists_and_comments() {
    let (portal, client) = setup("tasks", &["task", "tasks"]).await;
    let added = call(
        &client,
        "tasks.task.add",
        json!({"fields": {"TITLE": "Prepare the offer", "RESPONSIBLE_ID": 1}}),
    )
    .await;
    let id: i64 = added["task"]["id"]
        .as_str()
        .expect("id")
        .parse()
        .expect("a number");
    assert_eq!(added["task"]["title"], "Prepare the offer");

    let got = call(&client, "tasks.task.get", json!({ "taskId": id })).await;
    assert_eq!(got["task"]["responsibleId"], 1);
    call(
        &client,
        "tasks.task.update",
        json!({"taskId": id, "fields": {"TITLE": "Send the offer"}}),
    )
    .await;
    call(
        &client,
        "tasks.task.add",
        json!({"fields": {"TITLE": "Someone else's", "RESPONSIBLE_ID": 7}}),
    )
    .await;
    let mine = call(
        &client,
        "tasks.task.list",
        json!({"filter": {"RESPONSIBLE_ID": 1}, "select": ["ID", "TITLE"]}),
    )
    .await;
    let titles: Vec<&Value> = mine["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .map(|t| &t["title"])
        .collect();
    assert_eq!(titles, [&json!("Send the offer")]);

    for title in ["Draft", "Review"] {
        call(
            &client,
            "task.checklistitem.add",
            json!({"TASKID": id, "FIELDS": {"TITLE": title}}),
        )
        .await;
    }
    let items = call(
        &client,
        "task.checklistitem.getlist",
        json!({ "TASKID": id }),
    )
    .await;
    let titles: Vec<&Value> = items
        .as_array()
        .expect("items")
        .iter()
        .map(|i| &i["TITLE"])
        .collect();
    assert_eq!(titles, [&json!("Draft"), &json!("Review")]);
    assert_eq!(
        items[0]["MEMBERS"],
        json!([]),
        "no members of the example's"
    );

    call(
        &client,
        "task.commentitem.add",
        json!({"TASKID": id, "FIELDS": {"POST_MESSAGE": "Sent on Monday"}}),
    )
    .await;
    let comments = call(&client, "task.commentitem.getlist", json!({ "TASKID": id })).await;
    assert_eq!(comments[0]["POST_MESSAGE"], "Sent on Monday");
    assert_eq!(comments[0]["AUTHOR_ID"], "1");

    call(&client, "tasks.task.delete", json!({ "taskId": id })).await;
    let err = client
        .call_raw("tasks.task.get", json!({ "taskId": id }))
        .await
        .expect_err("deleted");
    assert_eq!(err.code(), Some("1048582"));
    let err = client
        .call_raw("task.checklistitem.getlist", json!({ "TASKID": id }))
        .await
        .expect_err("the task's checklist went with it");
    assert_eq!(err.code(), Some("ERROR_CORE"));
    assert_eq!(portal.records("tasks:task").len(), 1);
}

#[tokio::test]
#[ignore = "needs ../shared/b24restdocs"]
async fn drive_uploads_and_downloads_real_bytes() {
    let (_portal, client) = setup("disk", &["disk"]).await;
    let storages = call(&client, "disk.storage.getlist", json!({})).await;
    let root: i64 = storages[0]["ROOT_OBJECT_ID"]
        .as_str()
        .expect("root")
        .parse()
        .expect("a number");
    let folder = call(
        &client,
        "disk.folder.addsubfolder",
        json!({"id": root, "data": {"NAME": "Contracts"}}),
    )
    .await;
    let folder = folder["ID"].as_i64().expect("folder id");

    // Base64 in `fileContent`.
    let bytes: Vec<u8> = (0..=255u8).chain(*b"\r\n--end").collect();
    let content = base64(&bytes);
    let file = call(
        &client,
        "disk.folder.uploadfile",
        json!({"id": folder, "data": {"NAME": "all.bin"}, "fileContent": ["all.bin", content]}),
    )
    .await;
    assert_eq!(file["SIZE"], bytes.len().to_string());
    let got = call(&client, "disk.file.get", json!({"id": file["ID"]})).await;
    let url = got["DOWNLOAD_URL"].as_str().expect("DOWNLOAD_URL");
    let downloaded = reqwest::get(url)
        .await
        .expect("download")
        .bytes()
        .await
        .expect("body");
    assert_eq!(&downloaded[..], &bytes[..]);

    // The two-step form: an upload URL, then a multipart POST of the file.
    let step = call(
        &client,
        "disk.folder.uploadfile",
        json!({"id": folder, "data": {"NAME": "all.bin"}, "generateUniqueName": true}),
    )
    .await;
    let field = step["field"].as_str().expect("field");
    let mut form = format!(
        "--b0undary\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"x.bin\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    form.extend_from_slice(b"second\x00file\r\n--b0undary--\r\n");
    let uploaded: Value = reqwest::Client::new()
        .post(step["uploadUrl"].as_str().expect("uploadUrl"))
        .header("Content-Type", "multipart/form-data; boundary=b0undary")
        .body(form)
        .send()
        .await
        .expect("upload")
        .json()
        .await
        .expect("JSON");
    assert_eq!(uploaded["result"]["NAME"], "all (1).bin");
    let second = reqwest::get(uploaded["result"]["DOWNLOAD_URL"].as_str().expect("url"))
        .await
        .expect("download")
        .bytes()
        .await
        .expect("body");
    assert_eq!(&second[..], b"second\x00file");

    let children = call(&client, "disk.folder.getchildren", json!({ "id": folder })).await;
    let names: Vec<&Value> = children
        .as_array()
        .expect("children")
        .iter()
        .map(|c| &c["NAME"])
        .collect();
    assert_eq!(names, [&json!("all.bin"), &json!("all (1).bin")]);

    call(&client, "disk.file.delete", json!({"id": file["ID"]})).await;
    let err = client
        .call_raw("disk.file.get", json!({"id": file["ID"]}))
        .await
        .expect_err("deleted");
    assert_eq!(err.code(), Some("ERROR_NOT_FOUND"));
    assert_eq!(
        reqwest::get(url).await.expect("download").status(),
        reqwest::StatusCode::NOT_FOUND
    );
}

#[tokio::test]
#[ignore = "needs ../shared/b24restdocs"]
async fn chats_messages_and_notifications() {
    let (portal, client) = setup("chats", &["im"]).await;
    let chat = call(
        &client,
        "im.chat.add",
        json!({"TITLE": "Offer", "USERS": [2, 3], "MESSAGE": "Kick-off"}),
    )
    .await;
    let dialog = format!("chat{chat}");
    call(
        &client,
        "im.message.add",
        json!({"DIALOG_ID": dialog, "MESSAGE": "Offer sent"}),
    )
    .await;
    let got = call(
        &client,
        "im.dialog.messages.get",
        json!({"DIALOG_ID": dialog, "LIMIT": 10}),
    )
    .await;
    let texts: Vec<&Value> = got["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| &m["text"])
        .collect();
    assert_eq!(texts, [&json!("Offer sent"), &json!("Kick-off")]);
    assert_eq!(got["chat_id"], chat);

    let err = client
        .call_raw(
            "im.message.add",
            json!({"DIALOG_ID": "chat999", "MESSAGE": "?"}),
        )
        .await
        .expect_err("no such chat");
    assert_eq!(err.code(), Some("ACCESS_ERROR"));

    let note = call(
        &client,
        "im.notify.system.add",
        json!({"USER_ID": 2, "MESSAGE": "The offer went out"}),
    )
    .await;
    assert!(note.as_i64().is_some_and(|n| n > 0), "{note}");
    assert_eq!(portal.records("im:notify").len(), 1);
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let n = c.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b)) << (8 * (3 - c.len()));
        for i in 0..4 {
            out.push(if i <= c.len() {
                A[((n >> (18 - 6 * i)) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}
