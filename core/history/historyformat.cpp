#include "historyformat.h"

#include <array>

namespace alc {

namespace {

struct NamedFormat
{
    HistoryFormat format;
    const char16_t *name;
};

constexpr std::array formatNames = {
    NamedFormat{HistoryFormat::Auto, u"auto"},       NamedFormat{HistoryFormat::Generic, u"generic"},
    NamedFormat{HistoryFormat::Entra, u"entra"},     NamedFormat{HistoryFormat::Okta, u"okta"},
    NamedFormat{HistoryFormat::Genesys, u"genesys"},
};

} // namespace

QString historyFormatName(HistoryFormat format)
{
    for (const NamedFormat &f : formatNames) {
        if (f.format == format)
            return QString::fromUtf16(f.name);
    }
    return {};
}

std::optional<HistoryFormat> historyFormatFromName(QStringView name)
{
    for (const NamedFormat &f : formatNames) {
        if (name.compare(QStringView(f.name), Qt::CaseInsensitive) == 0)
            return f.format;
    }
    return std::nullopt;
}

} // namespace alc
