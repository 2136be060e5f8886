//! A task with a checklist and a chat notification, end to end on the embedded emulator
//! (`cargo run -p bitrix-api --example task_checklist --features tasks,chats`): the README's
//! second example.
use bitrix_api::methods::TaskChecklistitemAddFields;
use bitrix_api::{wire, Client, ClientMethods};
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
    // Its answer `task` is the new task as the portal shows it (`"id": "3711"`).
    let task: i64 = wire::from_value(added.task.ok_or("no task in the answer")?["id"].take())?;

    let steps = [
        "Collect the figures",
        "Draft the summary",
        "Send for review",
    ];
    for (i, title) in steps.into_iter().enumerate() {
        let fields = TaskChecklistitemAddFields::new(title).sort_index(10 * i as i64);
        client.task_checklistitem_add(task, fields).await?;
    }
    // The checklist as the portal keeps it, typed from task.checklistitem.getlist's page.
    let items = client.task_checklistitem_getlist(task).await?;
    for item in &items {
        let done = item.is_complete == Some(true);
        let title = item.title.as_deref().unwrap_or_default();
        println!("task {task}: [{}] {title}", if done { "x" } else { " " });
    }

    let message = format!("Task {task} is yours: {} checklist items", items.len());
    let notification = client.im_notify_system_add(1, message).await?;
    println!("notification {notification} sent");
    Ok(())
}
