"""The bulk workload through fast_bitrix24 (the other side of `bench/run.sh`).

    python fast_bitrix24_bulk.py WEBHOOK WORKLOAD.json RPS POOL OUT.json [CONNECTIONS] [BATCH_SIZE] [OPERATING_TIME_LIMIT] [CAP_SECONDS]

WORKLOAD.json is a list of [lead_id, contact_id, sort] written by the Rust bench (every
item becomes one `crm.lead.contact.add`), or `{"method": M, "items": [params, …]}` (every
item one call of M). `BitrixAsync.call()` sends them as batches of BATCH_SIZE (default 50,
its own default). `requests_per_second=RPS`, `request_pool_size=POOL`,
`operating_time_limit` (default 480, its own default) are its constructor's settings. The
run is cut after CAP_SECONDS when given (`asyncio.wait_for`).

fast_bitrix24 is used as shipped. The only thing we bring is the aiohttp session, which
its constructor accepts (`client=`): it carries a TraceConfig that timestamps every HTTP
answer and counts statuses, so we can draw records over time and count 503s. The session
is made the way fast_bitrix24 makes its own (`raise_for_status=True`); CONNECTIONS, when
given, caps its connection pool (aiohttp's `TCPConnector(limit=…)`, default 100).
"""

import asyncio
import json
import sys
import time

import aiohttp
from fast_bitrix24 import BitrixAsync


async def main(webhook, workload_path, rps, pool, out_path, connections, batch, operating, cap):
    with open(workload_path) as f:
        workload = json.load(f)
    if isinstance(workload, dict):
        method, items = workload["method"], workload["items"]
    else:
        method = "crm.lead.contact.add"
        items = [
            {"id": lead, "fields": {"CONTACT_ID": contact, "SORT": sort}}
            for lead, contact, sort in workload
        ]

    started = None
    statuses = {}
    answers = []  # (seconds since start, status) of every batch answer

    async def on_end(session, ctx, params):
        status = params.response.status
        statuses[status] = statuses.get(status, 0) + 1
        answers.append((time.monotonic() - started, status))

    async def on_exception(session, ctx, params):
        # raise_for_status turns 4xx/5xx answers into exceptions: count them by status.
        status = getattr(params.exception, "status", None)
        key = status if status is not None else type(params.exception).__name__
        statuses[key] = statuses.get(key, 0) + 1
        answers.append((time.monotonic() - started, status or 0))

    trace = aiohttp.TraceConfig()
    trace.on_request_end.append(on_end)
    trace.on_request_exception.append(on_exception)

    error = None
    results = ()
    connector = aiohttp.TCPConnector(limit=connections) if connections else None
    async with aiohttp.ClientSession(
        raise_for_status=True, trace_configs=[trace], connector=connector
    ) as session:
        bx = BitrixAsync(
            webhook,
            verbose=False,
            requests_per_second=rps,
            request_pool_size=pool,
            batch_size=batch,
            operating_time_limit=operating,
            client=session,
        )
        started = time.monotonic()
        try:
            results = await asyncio.wait_for(bx.call(method, items), cap)
        except asyncio.TimeoutError:
            error = f"cut at the {cap:.0f} s cap"
        except Exception as e:  # reported, not hidden
            error = f"{type(e).__name__}: {e}"
        elapsed = time.monotonic() - started

    # crm.lead.contact.add answers true (or false: already linked); *.add answers an ID.
    ok = sum(1 for r in results if r is True or (r is not False and r is not None))
    already = sum(1 for r in results if r is False)
    with open(out_path, "w") as f:
        json.dump(
            {
                "elapsed": elapsed,
                "answered": len(results),
                "ok": ok,
                "already_linked": already,
                "statuses": {str(k): v for k, v in statuses.items()},
                "answers": answers,
                "error": error,
            },
            f,
        )


if __name__ == "__main__":
    webhook, workload, rps, pool, out = sys.argv[1:6]
    connections = int(sys.argv[6]) if len(sys.argv) > 6 else 0
    batch = int(sys.argv[7]) if len(sys.argv) > 7 else 50
    operating = int(sys.argv[8]) if len(sys.argv) > 8 else 480
    cap = float(sys.argv[9]) if len(sys.argv) > 9 else None
    asyncio.run(
        main(webhook, workload, float(rps), int(pool), out, connections, batch, operating, cap)
    )
