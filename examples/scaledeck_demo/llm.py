# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
"""App `llm`: a pretend GPU text model (num_gpus: 1 per replica, set in the config)."""
import os

from ray import serve
from starlette.requests import Request


@serve.deployment
class LLM:
    def __init__(self, model_name: str = "fake-llm-7b"):
        self.model_name = model_name

    def generate(self, prompt: str) -> str:
        return f"[{self.model_name} pid={os.getpid()}] canned answer to: {prompt!r}"

    async def __call__(self, request: Request) -> str:
        prompt = request.query_params.get("prompt", "hello")
        return self.generate(prompt)


app = LLM.bind()
