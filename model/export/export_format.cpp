#include "export/export_format.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace sl {
namespace {

const char *const kPthExtensions[] = {"pth", "pt", "ckpt", "bin", "tar"};

} // namespace

std::optional<ExportOptions::Format> exportFormatForExtension(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("safetensors")) return ExportOptions::Safetensors;
    for (const char *ext : kPthExtensions)
        if (suffix == QLatin1String(ext)) return ExportOptions::Pth;
    return std::nullopt;
}

QString exportFormatName(ExportOptions::Format format)
{
    return format == ExportOptions::Safetensors ? QStringLiteral("safetensors") : QStringLiteral("pth");
}

QString pathWithExportExtension(const QString &path, ExportOptions::Format format)
{
    const std::optional<ExportOptions::Format> current = exportFormatForExtension(path);
    if (current == format || path.isEmpty()) return path;
    const QString wanted = QLatin1Char('.') + exportFormatName(format);
    if (!current) return path + wanted;
    const QString suffix = QFileInfo(path).suffix();
    return path.left(path.size() - suffix.size() - 1) + wanted;
}

bool checkExportFormat(const QString &path, ExportOptions::Format format, QString *error)
{
    const std::optional<ExportOptions::Format> byName = exportFormatForExtension(path);
    if (!byName || *byName == format) return true;
    if (error)
        *error = QCoreApplication::translate("ExportFormat",
                                             "the name %1 ends in .%2, which does not hold the %3 format; "
                                             "name it .%4 or choose %5")
                     .arg(QFileInfo(path).fileName(), QFileInfo(path).suffix(), exportFormatName(format),
                          exportFormatName(format), exportFormatName(*byName));
    return false;
}

} // namespace sl
