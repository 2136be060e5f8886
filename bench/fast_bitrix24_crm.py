"""fast_bitrix24 against the bitrix-emulator binary: does a Python client written for a
cloud portal work on the emulator unchanged? (issue 11; run by `bench/run.sh crm`.)

    python fast_bitrix24_crm.py EMULATOR_BINARY

Starts the emulator (`--plan off`), then drives through fast_bitrix24's sync `Bitrix`
client, as shipped: deal CRUD (single calls, batched adds, `get_by_ID`, `get_all`), the
deal-contact links, a deal user field, and crm.item for a smart process. Each check
prints `ok` or `FAILED` with what went wrong; the exit status is the number of failures.
"""

import sys

from fb24_checks import check, drive, expect, single, unwrapped


def main(emulator):
    return drive([emulator, "--plan", "off"], run_checks)


def run_checks(bx):
    state = {}

    @check("crm.deal.add (one call)")
    def _():
        deal = bx.call("crm.deal.add", {"fields": {"TITLE": "Python deal", "OPPORTUNITY": 100}})
        expect(int(deal) > 0, f"an id, got {deal!r}")
        state["deal"] = int(deal)
        return f"id {deal}"

    @check("crm.deal.add x30 (batched by fast_bitrix24)")
    def _():
        ids = bx.call(
            "crm.deal.add", [{"fields": {"TITLE": f"Batch {i}"}} for i in range(30)]
        )
        expect(len(ids) == 30, f"30 answers, got {len(ids)}")
        state["batch"] = [int(i) for i in ids]
        return f"ids {ids[0]}..{ids[-1]}"

    @check("crm.deal.get")
    def _():
        deal = single(bx.call("crm.deal.get", {"id": state["deal"]}))
        expect(deal["TITLE"] == "Python deal", f"TITLE, got {deal.get('TITLE')!r}")
        return f"TITLE {deal['TITLE']!r}, OPPORTUNITY {deal['OPPORTUNITY']!r}"

    @check("crm.deal.get via get_by_ID")
    def _():
        got = bx.get_by_ID("crm.deal.get", state["batch"])
        expect(len(got) == 30, f"30 deals, got {len(got)}")
        return f"{len(got)} deals"

    @check("crm.deal.update")
    def _():
        ok = bx.call(
            "crm.deal.update", {"id": state["deal"], "fields": {"STAGE_ID": "PREPARATION"}}
        )
        deal = single(bx.call("crm.deal.get", {"id": state["deal"]}))
        expect(deal["STAGE_ID"] == "PREPARATION", f"STAGE_ID, got {deal['STAGE_ID']!r}")
        return f"answered {ok!r}, STAGE_ID now {deal['STAGE_ID']}"

    @check("crm.deal.list via get_all (paged)")
    def _():
        deals = bx.get_all("crm.deal.list", {"select": ["ID", "TITLE"]})
        expect(len(deals) == 31, f"31 deals, got {len(deals)}")
        return f"{len(deals)} deals"

    @check("crm.deal.list with a filter")
    def _():
        deals = bx.get_all("crm.deal.list", {"filter": {"STAGE_ID": "PREPARATION"}})
        expect([int(d["ID"]) for d in deals] == [state["deal"]], f"got {deals!r}")
        return "the updated deal only"

    @check("crm.deal.delete")
    def _():
        victim = state["batch"][-1]
        bx.call("crm.deal.delete", {"id": victim})
        try:
            bx.call("crm.deal.get", {"id": victim})
        except Exception as e:
            return f"then crm.deal.get fails: {e}"
        raise AssertionError("the deleted deal is still there")

    @check("crm.contact.add x2")
    def _():
        ids = bx.call(
            "crm.contact.add",
            [{"fields": {"NAME": n, "LAST_NAME": "Python"}} for n in ("Ann", "Bob")],
        )
        state["contacts"] = [int(i) for i in ids]
        return f"ids {ids}"

    @check("crm.deal.contact.items.set")
    def _():
        c = state["contacts"]
        ok = bx.call(
            "crm.deal.contact.items.set",
            {"id": state["deal"], "items": [{"CONTACT_ID": c[0], "IS_PRIMARY": "Y"}]},
        )
        return f"answered {ok!r}"

    @check("crm.deal.contact.add")
    def _():
        ok = bx.call(
            "crm.deal.contact.add",
            {"id": state["deal"], "fields": {"CONTACT_ID": state["contacts"][1], "SORT": 20}},
        )
        return f"answered {ok!r}"

    @check("crm.deal.contact.items.get")
    def _():
        # A one-item call of a list answer gives only its first element in fast_bitrix24;
        # raw=True gives the whole answer.
        links = bx.call("crm.deal.contact.items.get", {"id": state["deal"]}, raw=True)["result"]
        got = [(int(link["CONTACT_ID"]), link["IS_PRIMARY"]) for link in links]
        want = [(state["contacts"][0], "Y"), (state["contacts"][1], "N")]
        expect(got == want, f"{want}, got {got}")
        return f"{got}"

    @check("crm.deal.contact.delete")
    def _():
        bx.call(
            "crm.deal.contact.delete",
            {"id": state["deal"], "fields": {"CONTACT_ID": state["contacts"][0]}},
        )
        links = bx.call("crm.deal.contact.items.get", {"id": state["deal"]}, raw=True)["result"]
        expect(len(links) == 1 and links[0]["IS_PRIMARY"] == "Y", f"got {links}")
        return "the other contact is now primary"

    @check("crm.deal.userfield.add")
    def _():
        uf = bx.call(
            "crm.deal.userfield.add",
            {"fields": {"FIELD_NAME": "PRIORITY", "USER_TYPE_ID": "string", "LABEL": "Priority"}},
        )
        state["uf"] = int(uf)
        return f"id {uf}"

    @check("crm.deal.userfield.list")
    def _():
        fields = bx.get_all("crm.deal.userfield.list")
        names = [f["FIELD_NAME"] for f in fields]
        expect("UF_CRM_PRIORITY" in names, f"UF_CRM_PRIORITY, got {names}")
        return f"{names}"

    @check("crm.deal.add/get with the user field")
    def _():
        deal = bx.call("crm.deal.add", {"fields": {"TITLE": "UF", "UF_CRM_PRIORITY": "high"}})
        got = single(bx.call("crm.deal.get", {"id": deal}))
        expect(got.get("UF_CRM_PRIORITY") == "high", f"got {got.get('UF_CRM_PRIORITY')!r}")
        return "UF_CRM_PRIORITY = 'high'"

    @check("crm.type.add (a smart process)")
    def _():
        t = bx.call("crm.type.add", {"fields": {"title": "Python process", "entityTypeId": 1038}})
        t = unwrapped(single(t), "type")
        state["type"] = int(t.get("entityTypeId") or 1038)
        return f"entityTypeId {state['type']}"

    @check("crm.item.add x25 (smart process, batched)")
    def _():
        items = bx.call(
            "crm.item.add",
            [{"entityTypeId": state["type"], "fields": {"title": f"Item {i}"}} for i in range(25)],
        )
        items = [unwrapped(i, "item") for i in items]
        state["items"] = [int(i["id"]) for i in items]
        expect(len(items) == 25, f"25 items, got {len(items)}")
        return f"ids {state['items'][0]}..{state['items'][-1]}"

    @check("crm.item.get")
    def _():
        item = bx.call("crm.item.get", {"entityTypeId": state["type"], "id": state["items"][0]})
        item = unwrapped(single(item), "item")
        expect(item["title"] == "Item 0", f"title, got {item.get('title')!r}")
        return f"title {item['title']!r}"

    @check("crm.item.update")
    def _():
        bx.call(
            "crm.item.update",
            {"entityTypeId": state["type"], "id": state["items"][0], "fields": {"title": "Renamed"}},
        )
        item = bx.call("crm.item.get", {"entityTypeId": state["type"], "id": state["items"][0]})
        item = unwrapped(single(item), "item")
        expect(item["title"] == "Renamed", f"title, got {item.get('title')!r}")
        return "title 'Renamed'"

    @check("crm.item.list via get_all")
    def _():
        items = bx.get_all("crm.item.list", {"entityTypeId": state["type"]})
        if isinstance(items, dict):
            items = items.get("items", items)
        expect(len(items) == 25, f"25 items, got {len(items)}")
        return f"{len(items)} items"

    @check("crm.item.delete")
    def _():
        bx.call("crm.item.delete", {"entityTypeId": state["type"], "id": state["items"][-1]})
        items = bx.get_all("crm.item.list", {"entityTypeId": state["type"]})
        if isinstance(items, dict):
            items = items.get("items", items)
        expect(len(items) == 24, f"24 items left, got {len(items)}")
        return "24 items left"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
