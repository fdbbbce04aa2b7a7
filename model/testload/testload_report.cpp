// What `statelens-cli testload` prints: docs/cli.md's JSON contract, or a short human summary.

#include "testload/testload.h"

#include "report/inspect_report.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace sl {
namespace {

QJsonArray shapeJson(const std::vector<int64_t> &shape)
{
    QJsonArray a;
    for (int64_t d : shape)
        a.append(qint64(d));
    return a;
}

QJsonArray rulesJson(const std::vector<KeyRule> &rules)
{
    // The recipe writer owns the rule format, so suggestions paste straight into a recipe.
    KeyMap map;
    map.rules = rules;
    return QJsonDocument::fromJson(map.toJson()).object().value(QLatin1String("rules")).toArray();
}

// Parallel to "suggestions": for each rule, [{"from", "to"}] (to null for a drop).
QJsonArray samplesJson(const std::vector<std::vector<std::pair<QString, QString>>> &samples)
{
    QJsonArray out;
    for (const auto &rule : samples) {
        QJsonArray list;
        for (const auto &s : rule)
            list.append(QJsonObject{
                {QStringLiteral("from"), s.first},
                {QStringLiteral("to"), s.second.isEmpty() ? QJsonValue() : QJsonValue(s.second)}});
        out.append(list);
    }
    return out;
}

void appendList(QString &out, const QString &title, const QStringList &keys)
{
    if (keys.isEmpty()) return;
    out += title + QLatin1Char('\n');
    for (const QString &k : keys)
        out += QStringLiteral("  ") + k + QLatin1Char('\n');
}

QString targetText(TestLoadTarget::Kind kind)
{
    switch (kind) {
    case TestLoadTarget::TorchScript:
        return QCoreApplication::translate("TestLoadReport", "the TorchScript module");
    case TestLoadTarget::ReferenceCheckpoint:
        return QCoreApplication::translate("TestLoadReport", "the reference checkpoint");
    case TestLoadTarget::Manifest:
        return QCoreApplication::translate("TestLoadReport", "the manifest");
    case TestLoadTarget::Auto:
        break;
    }
    return QCoreApplication::translate("TestLoadReport", "the architecture");
}

} // namespace

QJsonObject testLoadJson(const TestLoadReport &r)
{
    QJsonArray mismatched, casts;
    for (const ShapeMismatch &m : r.mismatched)
        mismatched.append(QJsonObject{{QStringLiteral("key"), m.key},
                                      {QStringLiteral("checkpoint_shape"), shapeJson(m.checkpointShape)},
                                      {QStringLiteral("model_shape"), shapeJson(m.modelShape)}});
    for (const DtypeCast &c : r.dtypeCasts)
        casts.append(QJsonObject{
            {QStringLiteral("key"), c.key}, {QStringLiteral("from"), c.from}, {QStringLiteral("to"), c.to}});
    QJsonObject o{
        {QStringLiteral("ok"), r.ok},
        {QStringLiteral("strict"), r.strict},
        {QStringLiteral("device"), r.device},
        {QStringLiteral("target"), QLatin1String(targetKindName(r.targetKind))},
        {QStringLiteral("loaded"), r.loaded},
        {QStringLiteral("missing"), QJsonArray::fromStringList(r.missing)},
        {QStringLiteral("unexpected"), QJsonArray::fromStringList(r.unexpected)},
        {QStringLiteral("mismatched"), mismatched},
        {QStringLiteral("dtype_cast"), casts},
        {QStringLiteral("suggestions"), rulesJson(r.suggestions)},
        {QStringLiteral("suggestion_samples"), samplesJson(r.suggestionSamples)},
        {QStringLiteral("seconds"), r.seconds},
        {QStringLiteral("bytes_moved"), qint64(r.bytesMoved)},
    };
    if (r.forwardSkipped)
        o.insert(QStringLiteral("forward"),
                 QJsonObject{{QStringLiteral("ok"), false},
                             {QStringLiteral("skipped"), true},
                             {QStringLiteral("error"), QStringLiteral("not run: the strict load failed")}});
    if (r.forwardRan) {
        QJsonObject forward{{QStringLiteral("ok"), r.forwardOk}};
        if (r.forwardOk)
            forward.insert(QStringLiteral("output_shape"), shapeJson(r.outputShape));
        else
            forward.insert(QStringLiteral("error"), r.forwardError);
        o.insert(QStringLiteral("forward"), forward);
    }
    if (!r.error.isEmpty()) o.insert(QStringLiteral("error"), r.error);
    return o;
}

QString testLoadText(const TestLoadReport &r)
{
    if (!r.error.isEmpty())
        return QCoreApplication::translate("TestLoadReport", "test-load failed: %1\n").arg(r.error);
    QString out;
    const QString mode = r.strict ? QCoreApplication::translate("TestLoadReport", "strict")
                                  : QCoreApplication::translate("TestLoadReport", "non-strict");
    if (r.ok)
        out += QCoreApplication::translate("TestLoadReport", "OK: %1 test-load into %2 on %3\n")
                   .arg(mode, targetText(r.targetKind), r.device);
    else
        out +=
            QCoreApplication::translate("TestLoadReport", "NOT OK: strict test-load into %1 on %2 found %3 "
                                                          "missing, %4 unexpected and %5 mismatched keys\n")
                .arg(targetText(r.targetKind), r.device)
                .arg(r.missing.size())
                .arg(r.unexpected.size())
                .arg(qsizetype(r.mismatched.size()));
    if (r.targetKind == TestLoadTarget::TorchScript)
        out += QCoreApplication::translate("TestLoadReport", "loaded %n tensor(s), %1 in %2 s\n", nullptr,
                                           r.loaded)
                   .arg(byteSizeText(r.bytesMoved))
                   .arg(r.seconds, 0, 'f', 3);
    else
        out += QCoreApplication::translate(
            "TestLoadReport",
            "%n tensor(s) would load (nothing is copied into a reference checkpoint or a manifest)\n",
            nullptr, r.loaded);
    if (!r.missingTensors.empty()) {
        out += QCoreApplication::translate("TestLoadReport", "missing (%n):", nullptr,
                                           int(r.missingTensors.size())) +
               QLatin1Char('\n');
        for (const MissingTensor &m : r.missingTensors)
            out += QCoreApplication::translate("TestLoadReport", "  %1: model %2\n")
                       .arg(m.key, QString(shapeText(m.shape) + QLatin1Char(' ') + m.dtype).trimmed());
    } else {
        appendList(
            out,
            QCoreApplication::translate("TestLoadReport", "missing (%n):", nullptr, int(r.missing.size())),
            r.missing);
    }
    appendList(
        out,
        QCoreApplication::translate("TestLoadReport", "unexpected (%n):", nullptr, int(r.unexpected.size())),
        r.unexpected);
    if (!r.mismatched.empty()) {
        out += QCoreApplication::translate("TestLoadReport", "shape mismatch, skipped (%n):\n", nullptr,
                                           int(r.mismatched.size()));
        for (const ShapeMismatch &m : r.mismatched)
            out += QCoreApplication::translate("TestLoadReport", "  %1: checkpoint %2, model %3\n")
                       .arg(m.key, shapeText(m.checkpointShape), shapeText(m.modelShape));
    }
    if (!r.dtypeCasts.empty()) {
        out += QCoreApplication::translate("TestLoadReport", "dtype cast (%n):\n", nullptr,
                                           int(r.dtypeCasts.size()));
        for (const DtypeCast &c : r.dtypeCasts)
            out += QCoreApplication::translate("TestLoadReport", "  %1: %2 -> %3\n").arg(c.key, c.from, c.to);
    }
    if (r.forwardSkipped)
        out +=
            QCoreApplication::translate("TestLoadReport", "forward pass not run: the strict load failed, as "
                                                          "load_state_dict(strict=True) raises\n");
    if (r.forwardRan) {
        if (r.forwardOk)
            out += QCoreApplication::translate("TestLoadReport", "forward pass: output shape %1\n")
                       .arg(shapeText(r.outputShape));
        else
            out += QCoreApplication::translate("TestLoadReport", "forward pass failed: %1\n")
                       .arg(r.forwardError);
    }
    if (!r.suggestions.empty()) {
        out += QCoreApplication::translate("TestLoadReport", "suggested rules, in order:\n");
        for (size_t i = 0; i < r.suggestions.size(); ++i) {
            out += QStringLiteral("  ") + r.suggestions[i].description() + QLatin1Char('\n');
            if (i >= r.suggestionSamples.size()) continue;
            for (const auto &s : r.suggestionSamples[i])
                out += QStringLiteral("      ") + s.first + QStringLiteral(" -> ") +
                       (s.second.isEmpty() ? QCoreApplication::translate("TestLoadReport", "(dropped)")
                                           : s.second) +
                       QLatin1Char('\n');
        }
    }
    return out;
}

} // namespace sl
