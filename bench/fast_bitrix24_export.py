"""The export workload through fast_bitrix24 (the other side of `bench/run.sh export`).

    python fast_bitrix24_export.py WEBHOOK MODE RPS POOL CAP_SECONDS OUT.json [IDS.json]

MODE is `get_all` (`BitrixAsync.get_all("crm.deal.list", {"select": SELECT})`: one list
call for `total`, then the remaining pages as batches of list calls with `start`) or
`get_by_ID` (`BitrixAsync.get_by_ID("crm.deal.get", IDS)`: one `crm.deal.get` per ID,
in batches). `requests_per_second=RPS`, `request_pool_size=POOL`; everything else is
fast_bitrix24's default. The run is cut after CAP_SECONDS (`asyncio.wait_for`).

As in fast_bitrix24_bulk.py, only the aiohttp session is ours (`client=`): its
TraceConfig timestamps every answer, and counts how many records each one carried from the
answer's body (read from aiohttp's buffer after fast_bitrix24 has read it, so nothing is
changed), for the records-over-time chart and for runs cut by the cap.
"""

import asyncio
import json
import sys
import time

import aiohttp
from fast_bitrix24 import BitrixAsync

SELECT = ["ID", "TITLE", "STAGE_ID", "OPPORTUNITY", "CURRENCY_ID", "DATE_CREATE"]


def records_in(body):
    """Records in one answer: a list result, or a batch's results of lists / records."""
    result = body.get("result")
    if isinstance(result, list):
        return len(result)
    if isinstance(result, dict) and "result" in result:  # batch
        inner = result["result"]
        values = inner.values() if isinstance(inner, dict) else inner
        return sum(len(v) if isinstance(v, list) else 1 for v in values)
    return 1 if result else 0


async def main(webhook, mode, rps, pool, cap, out_path, ids):
    started = None
    statuses = {}
    answers = []  # (seconds since start, status, records)

    async def on_end(session, ctx, params):
        status = params.response.status
        statuses[status] = statuses.get(status, 0) + 1
        n = 0
        try:
            n = records_in(json.loads(await params.response.read()))
        except Exception:
            pass
        answers.append((time.monotonic() - started, status, n))

    async def on_exception(session, ctx, params):
        status = getattr(params.exception, "status", None)
        key = status if status is not None else type(params.exception).__name__
        statuses[key] = statuses.get(key, 0) + 1
        answers.append((time.monotonic() - started, status or 0, 0))

    trace = aiohttp.TraceConfig()
    trace.on_request_end.append(on_end)
    trace.on_request_exception.append(on_exception)

    error = None
    got = None
    async with aiohttp.ClientSession(raise_for_status=True, trace_configs=[trace]) as session:
        bx = BitrixAsync(
            webhook,
            verbose=False,
            requests_per_second=rps,
            request_pool_size=pool,
            client=session,
        )
        started = time.monotonic()
        if mode == "get_all":
            job = bx.get_all("crm.deal.list", {"select": SELECT})
        else:
            job = bx.get_by_ID("crm.deal.get", ids)
        try:
            got = await asyncio.wait_for(job, cap)
        except asyncio.TimeoutError:
            error = f"cut at the {cap:.0f} s cap"
        except Exception as e:  # reported, not hidden
            error = f"{type(e).__name__}: {e}"
        elapsed = time.monotonic() - started

    records = len(got) if got is not None else None
    unique = None
    if got is not None:
        values = got.values() if isinstance(got, dict) else got
        unique = len({str(r.get("ID")) for r in values if isinstance(r, dict)})
    with open(out_path, "w") as f:
        json.dump(
            {
                "elapsed": elapsed,
                "records": records,
                "unique": unique,
                "statuses": {str(k): v for k, v in statuses.items()},
                "answers": answers,
                "error": error,
            },
            f,
        )


if __name__ == "__main__":
    webhook, mode, rps, pool, cap, out = sys.argv[1:7]
    ids = []
    if len(sys.argv) > 7:
        with open(sys.argv[7]) as f:
            ids = json.load(f)
    asyncio.run(main(webhook, mode, float(rps), int(pool), float(cap), out, ids))
