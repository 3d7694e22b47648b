# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
"""App `scaler`: a deployment whose replica count is driven from outside, through
POST /api/v1/applications/scaler/deployments/Scaled/scale (the app is deployed
with external_scaler_enabled: true)."""
import os

from ray import serve
from starlette.requests import Request


@serve.deployment
class Scaled:
    async def __call__(self, request: Request) -> dict:
        return {"replica_pid": os.getpid()}


app = Scaled.bind()
