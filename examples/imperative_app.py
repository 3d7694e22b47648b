# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
"""An *imperative* Serve app (source: "imperative"), deployed with serve.run()
from a driver connected to an existing cluster. ScaleDeck must show it but
must never put it into a declarative PUT.

    RAY_ADDRESS=127.0.0.1:<gcs-port> python examples/imperative_app.py
(or: scripts/ray-cluster.sh deploy-imperative [ENVFILE])
"""
import os

import ray
from ray import serve


@serve.deployment(num_replicas=1, ray_actor_options={"num_cpus": 0.25})
class Imperative:
    async def __call__(self, request) -> str:
        return f"imperative replica pid={os.getpid()}"


def main() -> None:
    ray.init(address=os.environ.get("RAY_ADDRESS", "auto"), logging_level="WARNING")
    serve.run(
        Imperative.bind(),
        name=os.environ.get("IMPERATIVE_APP_NAME", "imperative"),
        route_prefix=os.environ.get("IMPERATIVE_ROUTE_PREFIX", "/imperative"),
        blocking=False,
    )
    print("imperative app deployed")


if __name__ == "__main__":
    main()
