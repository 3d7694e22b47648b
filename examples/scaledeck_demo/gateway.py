# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
"""App `gateway`: a CPU ingress plus a small router that calls the `llm` and
`embedder` applications through their application handles.

Handles to the other apps are looked up lazily, on the first request, so the
gateway deploys fine even before (or without) the model apps.
"""
from ray import serve
from ray.serve.handle import DeploymentHandle
from starlette.requests import Request


@serve.deployment
class Router:
    def __init__(self):
        self._handles = {}

    def _handle(self, app_name: str) -> DeploymentHandle:
        if app_name not in self._handles:
            self._handles[app_name] = serve.get_app_handle(app_name)
        return self._handles[app_name]

    async def route(self, kind: str, text: str):
        if kind == "embed":
            return await self._handle("embedder").embed.remote(text)
        return await self._handle("llm").generate.remote(text)


@serve.deployment
class Gateway:
    def __init__(self, router: DeploymentHandle):
        self.router = router

    async def __call__(self, request: Request) -> dict:
        kind = request.query_params.get("kind", "generate")
        text = request.query_params.get("q", "hello")
        try:
            result = await self.router.route.remote(kind, text)
        except Exception as exc:  # e.g. the model app is parked
            last_line = (str(exc).strip().splitlines() or [""])[-1]
            return {"kind": kind, "error": f"{type(exc).__name__}: {last_line}"}
        return {"kind": kind, "result": result}


app = Gateway.bind(Router.bind())
