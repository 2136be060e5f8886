"""fast_bitrix24 against the bitrix-emulator binary outside the CRM (issue 25): tasks,
users, Drive and chats, as a Python app written for a cloud portal calls them.

    python fast_bitrix24_sections.py EMULATOR_BINARY OFFICIAL_API_REFERENCE

Starts the emulator (`--plan off`) serving the official pages of `tasks/`, `disk/` and
`chats/` from OFFICIAL_API_REFERENCE (`../shared/b24restdocs/api-reference`) besides
bitrix-api's own, with a webhook holding their scopes, then drives fast_bitrix24's sync
`Bitrix` client. Each check prints `ok` or `FAILED` with what went wrong; the exit status
is the number of failures.
"""

import base64
import os
import sys
import urllib.request

from fb24_checks import check, drive, expect, single, unwrapped


def main(emulator, reference):
    pages = []
    for section in ("tasks", "disk", "chats"):
        pages += ["--pages", os.path.join(reference, section)]
    scopes = ["--scopes", "user,task,tasks,disk,im,department"]
    return drive([emulator, "--plan", "off"] + scopes + pages, run_checks)


def run_checks(bx):
    state = {}

    @check("user.add, then user.get and user.search find the user")
    def _():
        uid = single(bx.call("user.add", {"EMAIL": "ann@example.com", "NAME": "Ann"}))
        state["user"] = int(uid)
        # fast_bitrix24 itself refuses user.get's `order: "asc"` (it wants a dict).
        users = bx.get_all("user.get")
        expect(any(int(u["ID"]) == int(uid) for u in users), f"user.get: {users!r}")
        bx.call("user.update", {"ID": uid, "NAME": "Anna"})
        found = bx.get_all("user.search", {"FILTER": {"FIND": "anna"}})
        expect([u["NAME"] for u in found] == ["Anna"], f"user.search: {found!r}")
        return f"id {uid}"

    @check("tasks.task.add / get / update")
    def _():
        task = unwrapped(
            single(bx.call("tasks.task.add", {"fields": {"TITLE": "From Python", "RESPONSIBLE_ID": 1}})),
            "task",
        )
        state["task"] = int(task["id"])
        bx.call("tasks.task.update", {"taskId": state["task"], "fields": {"TITLE": "Renamed"}})
        got = unwrapped(single(bx.call("tasks.task.get", {"taskId": state["task"]})), "task")
        expect(got["title"] == "Renamed", f"title, got {got.get('title')!r}")
        return f"task {state['task']}"

    @check("tasks.task.list via get_all")
    def _():
        tasks = bx.get_all("tasks.task.list", {"filter": {"RESPONSIBLE_ID": 1}})
        tasks = unwrapped(tasks, "tasks")
        expect(len(tasks) == 1, f"one task, got {tasks!r}")
        return f"{len(tasks)} task"

    @check("task.checklistitem.add x2, getlist")
    def _():
        for title in ("Draft", "Review"):
            bx.call("task.checklistitem.add", {"TASKID": state["task"], "FIELDS": {"TITLE": title}})
        items = bx.get_all("task.checklistitem.getlist", {"TASKID": state["task"]})
        titles = [i["TITLE"] for i in items]
        expect(titles == ["Draft", "Review"], f"titles, got {titles!r}")
        return ", ".join(titles)

    @check("disk: a folder, a base64 upload, the download's bytes, delete")
    def _():
        storages = bx.get_all("disk.storage.getlist")
        root = int(storages[0]["ROOT_OBJECT_ID"])
        folder = single(bx.call("disk.folder.addsubfolder", {"id": root, "data": {"NAME": "Py"}}))
        data = bytes(range(256))
        file = single(
            bx.call(
                "disk.folder.uploadfile",
                {
                    "id": folder["ID"],
                    "data": {"NAME": "all.bin"},
                    "fileContent": ["all.bin", base64.b64encode(data).decode()],
                },
            )
        )
        got = single(bx.call("disk.file.get", {"id": file["ID"]}))
        with urllib.request.urlopen(got["DOWNLOAD_URL"]) as r:
            downloaded = r.read()
        expect(downloaded == data, f"{len(downloaded)} bytes back, not the 256 sent")
        children = single(bx.call("disk.folder.getchildren", {"id": folder["ID"]}))
        # fast_bitrix24 hands back a list of one record as the record.
        children = [children] if isinstance(children, dict) else children
        expect([c["NAME"] for c in children] == ["all.bin"], f"children: {children!r}")
        bx.call("disk.file.delete", {"id": file["ID"]})
        return f"{len(downloaded)} bytes round trip"

    @check("im.chat.add, im.message.add, im.dialog.messages.get")
    def _():
        chat = single(bx.call("im.chat.add", {"TITLE": "Py chat", "USERS": [2], "MESSAGE": "Hi"}))
        bx.call("im.message.add", {"DIALOG_ID": f"chat{chat}", "MESSAGE": "Second"})
        got = single(bx.call("im.dialog.messages.get", {"DIALOG_ID": f"chat{chat}"}))
        texts = [m["text"] for m in got["messages"]]
        expect(texts == ["Second", "Hi"], f"texts, got {texts!r}")
        return f"chat {chat}"

    @check("im.notify.system.add")
    def _():
        note = single(bx.call("im.notify.system.add", {"USER_ID": 2, "MESSAGE": "Done"}))
        expect(int(note) > 0, f"an id, got {note!r}")
        return f"id {note}"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
