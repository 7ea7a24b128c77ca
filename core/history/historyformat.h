#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace alc {

// The sign-in log formats the importers understand. Auto means "detect from the content".
enum class HistoryFormat { Auto, Generic, Entra, Okta, Genesys };

// "auto", "generic", "entra", "okta", "genesys": the names the CLI and reports use.
QString historyFormatName(HistoryFormat format);
std::optional<HistoryFormat> historyFormatFromName(QStringView name);

} // namespace alc
