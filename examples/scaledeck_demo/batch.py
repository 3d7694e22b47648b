# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
"""App `batch`: an autoscaled GPU job runner (min_replicas 0, set in the config)."""
import asyncio

from ray import serve
from starlette.requests import Request


@serve.deployment
class BatchWorker:
    async def __call__(self, request: Request) -> dict:
        seconds = float(request.query_params.get("seconds", "0.5"))
        await asyncio.sleep(min(seconds, 30.0))
        return {"slept": seconds}


app = BatchWorker.bind()
