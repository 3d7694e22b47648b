# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
"""ScaleDeck demo Serve applications.

Deliberately trivial (no ML imports) so replicas start in a second or two.
Deployed by examples/serve_config.yaml; the package is found through
PYTHONPATH=examples, which scripts/ray-cluster.sh sets when it starts Ray.
"""
