# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
"""App `embedder`: a pretend embedding model (num_gpus: 0.5 per replica, set in the config)."""
import hashlib

from ray import serve
from starlette.requests import Request


@serve.deployment
class Embedder:
    def embed(self, text: str) -> list:
        digest = hashlib.sha256(text.encode()).digest()
        return [round(b / 255.0, 3) for b in digest[:8]]

    async def __call__(self, request: Request) -> dict:
        text = request.query_params.get("text", "hello")
        return {"text": text, "embedding": self.embed(text)}


app = Embedder.bind()
