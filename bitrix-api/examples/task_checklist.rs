//! A task with a checklist and a chat notification, end to end on the embedded emulator
//! (`cargo run -p bitrix-api --example task_checklist --features tasks,chats`): the README's
//! second example.
use bitrix_api::methods::TaskChecklistitemAddFields;
use bitrix_api::{Client, ClientMethods};
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A local portal whose webhook may call tasks (`task`) and the messenger (`im`).
    let portal = bitrix_emulator::Portal::builder()
        .webhook(1, &["task", "im", "user"])
        .start()
        .await?;
    let client = Client::webhook(portal.webhook_url())?;

    // tasks.task.add takes the task's fields as one object (tasks.task.getFields lists them).
    let added = client
        .tasks_task_add(json!({
            "TITLE": "Prepare the quarterly report",
            "RESPONSIBLE_ID": 1,
            "DEADLINE": "2026-12-31T18:00:00+03:00",
        }))
        .await?;
    let task = added.task.id.ok_or("the portal gave the task no id")?;

    for (sort, title) in ["Collect the figures", "Draft the summary", "Send for review"]
        .into_iter()
        .enumerate()
    {
        let fields = TaskChecklistitemAddFields::new(title).sort_index(sort as i64 * 10);
        client.task_checklistitem_add(task, fields).await?;
    }
    let items = client.task_checklistitem_getlist(task).await?;
    for item in &items {
        println!("task {task}: [{}] {}", if item.is_complete == Some(true) { "x" } else { " " }, item.title.as_deref().unwrap_or(""));
    }

    let message = format!("Task {task} is yours: {} checklist items", items.len());
    let notification = client.im_notify_system_add(1, message).await?;
    println!("notification {notification} sent");
    Ok(())
}
