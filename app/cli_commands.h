#pragma once
// The statelens-cli subcommands, one file each (cli_<name>.cpp). Each takes the arguments after its
// name, parses them with its own QCommandLineParser, calls the engine, prints, and returns the exit code.

#include <QStringList>

int runInspect(const QStringList &args);
int runStats(const QStringList &args);
int runRemap(const QStringList &args);
int runTestload(const QStringList &args);
int runDiff(const QStringList &args);
int runScan(const QStringList &args);
