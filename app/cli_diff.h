#pragma once
// `statelens-cli diff A B ...`: the subcommand's entry point; returns the exit code.

#include <QStringList>

int runDiff(const QStringList &args);
