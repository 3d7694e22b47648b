// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
// The owner of the project's precompiled header (cmake/PrecompiledHeaders.cmake): CMake compiles the header with
// this file's flags, and every other target reuses it. Nothing of its own.
