// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>

// A GET /api/serve/applications/ body shaped like Ray 2.60's (fields as in tests/fixtures), for
// `apps` applications x `deployments` x `replicas`. `variant` changes a few replica states and targets,
// so consecutive bodies differ the way consecutive polls of a busy cluster do.
QByteArray syntheticServeBody(int apps, int deployments, int replicas, int variant);
