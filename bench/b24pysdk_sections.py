"""b24pysdk (Bitrix24's own Python SDK, as shipped on PyPI) against the bitrix-emulator
binary on users, tasks, Drive and chats (issue 25), through its typed scope wrappers, as an
app written for a cloud portal calls them.

    python b24pysdk_sections.py EMULATOR_BINARY

b24pysdk only speaks https to `{domain}/rest`; `b24pysdk_plugin.py` points that one
address at the emulator (plain HTTP on 127.0.0.1), nothing else is changed. Each check
prints `ok` or `FAILED` with what went wrong; the exit status is the number of failures.
"""

import base64
import importlib
import os
import re
import subprocess
import sys
import urllib.request

from fb24_checks import check, expect, tally

SCOPES = "user,task,tasks,disk,im,department"


def main(emulator):
    proc = subprocess.Popen(
        [emulator, "--plan", "off", "--scopes", SCOPES], stdout=subprocess.PIPE, text=True
    )
    try:
        webhook = proc.stdout.readline().strip()
        print(f"emulator at {webhook}", flush=True)
        m = re.match(r"(http://[^/]+/rest)/(\d+/[A-Za-z0-9]+)/?$", webhook)
        os.environ["B24_EMULATOR_REST"] = m.group(1)
        os.environ["B24_EMULATOR_ROOT"] = m.group(1).removesuffix("/rest")
        importlib.import_module("b24pysdk_plugin")
        from b24pysdk import BitrixWebhook, Client

        client = Client(BitrixWebhook(domain="emulator.test", webhook_token=m.group(2)))
        run_checks(client)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return tally()


def run_checks(b24):
    state = {}

    @check("user.add, user.get by id, user.update, user.search")
    def _():
        uid = b24.user.add(fields={"EMAIL": "ann@example.com", "NAME": "Ann"}).response.result
        state["user"] = int(uid)
        got = b24.user.get(filter={"ID": uid}).response.result
        expect([u["NAME"] for u in got] == ["Ann"], f"user.get: {got!r}")
        b24.user.update(fields={"ID": uid, "NAME": "Anna"}).response
        found = b24.user.search(filter={"FIND": "anna"}).response.result
        expect([u["NAME"] for u in found] == ["Anna"], f"user.search: {found!r}")
        return f"id {uid}"

    @check("tasks.task.add / update / get")
    def _():
        added = b24.tasks.task.add(fields={"TITLE": "From b24pysdk", "RESPONSIBLE_ID": 1})
        state["task"] = int(added.response.result["task"]["id"])
        b24.tasks.task.update(task_id=state["task"], fields={"TITLE": "Renamed"}).response
        got = b24.tasks.task.get(task_id=state["task"]).response.result["task"]
        expect(got["title"] == "Renamed", f"title, got {got.get('title')!r}")
        return f"task {state['task']}"

    @check("task.checklistitem.add x2, getlist")
    def _():
        for title in ("Draft", "Review"):
            b24.task.checklistitem.add(task_id=state["task"], fields={"TITLE": title}).response
        items = b24.task.checklistitem.getlist(task_id=state["task"]).response.result
        titles = [i["TITLE"] for i in items]
        expect(titles == ["Draft", "Review"], f"titles, got {titles!r}")
        return ", ".join(titles)

    @check("disk: a folder, a base64 upload, the download's bytes")
    def _():
        storages = b24.disk.storage.get_list().response.result
        root = int(storages[0]["ROOT_OBJECT_ID"])
        folder = b24.disk.folder.add_sub_folder(bitrix_id=root, data={"NAME": "Py"}).response.result
        data = bytes(range(256))
        file = b24.disk.folder.upload_file(
            bitrix_id=int(folder["ID"]),
            data={"NAME": "all.bin"},
            file_content=["all.bin", base64.b64encode(data).decode()],
        ).response.result
        got = b24.disk.file.get(bitrix_id=int(file["ID"])).response.result
        with urllib.request.urlopen(got["DOWNLOAD_URL"]) as r:
            downloaded = r.read()
        expect(downloaded == data, f"{len(downloaded)} bytes back, not the 256 sent")
        children = b24.disk.folder.get_children(bitrix_id=int(folder["ID"])).response.result
        expect([c["NAME"] for c in children] == ["all.bin"], f"children: {children!r}")
        return f"{len(downloaded)} bytes round trip"

    @check("im.chat.add, im.message.add, im.dialog.messages.get")
    def _():
        chat = b24.im.chat.add(title="Py chat", users=[2], message="Hi").response.result
        b24.im.message.add(dialog_id=f"chat{chat}", message="Second").response
        got = b24.im.dialog.messages.get(dialog_id=f"chat{chat}").response.result
        texts = [m["text"] for m in got["messages"]]
        expect(texts == ["Second", "Hi"], f"texts, got {texts!r}")
        return f"chat {chat}"

    @check("im.notify.system.add")
    def _():
        note = b24.im.notify.system.add(user_id=2, message="Done").response.result
        expect(int(note) > 0, f"an id, got {note!r}")
        return f"id {note}"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
