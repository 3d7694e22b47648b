// SPDX-FileCopyrightText: 2026 The ScaleDeck authors
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Every scaledeckctl command in one table: its name, usage forms and what --help says of each, the options it
// takes and the function that runs it. The dispatcher (ctlcommands.cpp) finds commands here, and --help is
// made from it. Internal to scaledeck_cli.

#include "ctlcommandline.h"
#include "ctloptions.h"

#include <QString>

#include <vector>

namespace scaledeck {

// The commands of one family are parsed knowing the options of the whole family: an option of a sibling is
// "'leases' takes no --since", any other option "Unknown option" (as when each family had a parser of its own).
// A Words command is handed the words after the program name unparsed: `token store NAME` takes no option, so
// a name such as "--store" is a bad name, not an option.
enum class CtlFamily { Cluster, Schedule, Cost, Words };

// One usage form and what --help says of it (lines separated by '\n', wrapped by hand).
struct CtlForm {
    const char *form;
    const char *description;
};

struct CtlCommandSpec {
    const char *name; // "status", "schedule preview", "parked discard"
    CtlFamily family;
    std::vector<CtlForm> forms;
    const char *options;       // its own options, space separated (the global ones are always taken)
    const char *negativeCount; // the usage error (%1: the argument) for an argument such as "-1"; nullptr: none
    int (*run)(CtlCommand &);
};

// Every command, in the order --help lists them.
const std::vector<CtlCommandSpec> &ctlCommands();
// The command called `name`, or nullptr.
const CtlCommandSpec *findCtlCommand(const QString &name);
// The first command whose name starts with the word `word` ("schedule" finds "schedule list"), or nullptr.
const CtlCommandSpec *firstCtlCommandOf(const QString &word);

// What the parser of `family` knows besides the global options: the options of its commands.
std::vector<const CtlOption *> familyOptions(CtlFamily family);

} // namespace scaledeck
