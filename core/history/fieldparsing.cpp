#include "fieldparsing.h"

#include <rules/validator.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>

namespace alc::history {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isHex(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Strict enough to reject "1.2.3" and "256.1.1.1"; leading zeros are tolerated because some
// exporters pad octets.
bool parseIpv4(std::string_view s, quint32 &out)
{
    quint32 value = 0;
    int octets = 0;
    std::size_t i = 0;
    while (octets < 4) {
        if (i >= s.size() || !isDigit(s[i]))
            return false;
        quint32 octet = 0;
        int digits = 0;
        while (i < s.size() && isDigit(s[i]) && digits < 4) {
            octet = octet * 10 + quint32(s[i] - '0');
            ++i;
            ++digits;
        }
        if (digits > 3 || octet > 255)
            return false;
        value = (value << 8) | octet;
        ++octets;
        if (octets < 4) {
            if (i >= s.size() || s[i] != '.')
                return false;
            ++i;
        }
    }
    if (i != s.size())
        return false;
    out = value;
    return true;
}

bool looksLikeIpv6(std::string_view s)
{
    int colons = 0;
    for (char c : s) {
        if (c == ':')
            ++colons;
        else if (!isHex(c) && c != '.')
            return false;
    }
    return colons >= 2;
}

bool equalsNoCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = char(c + ('a' - 'A'));
        if (c != b[i])
            return false;
    }
    return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

bool readNumber(std::string_view s, std::size_t &i, int minDigits, int maxDigits, int &out)
{
    int value = 0;
    int digits = 0;
    while (i < s.size() && isDigit(s[i]) && digits < maxDigits) {
        value = value * 10 + (s[i] - '0');
        ++i;
        ++digits;
    }
    out = value;
    return digits >= minDigits;
}

bool validDate(int y, int m, int d)
{
    if (y < 1970 || y > 2105 || m < 1 || m > 12 || d < 1)
        return false;
    // A day the month does not have (2026-11-31, 2026-02-29) would otherwise roll into the next month.
    static constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[std::size_t(m - 1)] + (m == 2 && leap ? 1 : 0);
}

// Parses "HH:MM[:SS[.fff]]" at i; returns seconds of the day.
bool readTime(std::string_view s, std::size_t &i, int &seconds)
{
    int h = 0, m = 0, sec = 0;
    if (!readNumber(s, i, 1, 2, h) || i >= s.size() || s[i] != ':')
        return false;
    ++i;
    if (!readNumber(s, i, 2, 2, m))
        return false;
    if (i < s.size() && s[i] == ':') {
        ++i;
        if (!readNumber(s, i, 2, 2, sec))
            return false;
        if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
            ++i;
            while (i < s.size() && isDigit(s[i]))
                ++i;
        }
    }
    if (h > 23 || m > 59 || sec > 60)
        return false;
    seconds = h * 3600 + m * 60 + sec;
    return true;
}

// "YYYY-MM-DD" at the start of s: always exactly ten characters when it parses.
bool parseIsoDate(std::string_view s, qint64 &days)
{
    std::size_t i = 0;
    int y = 0, mo = 0, d = 0;
    if (!readNumber(s, i, 4, 4, y) || i >= s.size() || s[i] != '-')
        return false;
    ++i;
    if (!readNumber(s, i, 2, 2, mo) || i >= s.size() || s[i] != '-')
        return false;
    ++i;
    if (!readNumber(s, i, 2, 2, d) || !validDate(y, mo, d))
        return false;
    days = daysFromCivil(y, unsigned(mo), unsigned(d));
    return true;
}

bool parseIso(std::string_view s, qint64 &time, DateCache *cache)
{
    constexpr std::size_t DateLength = 10;
    qint64 days = 0;
    if (cache && cache->valid && s.size() >= DateLength && std::memcmp(s.data(), cache->text, DateLength) == 0) {
        days = cache->days;
    } else {
        if (!parseIsoDate(s, days))
            return false;
        if (cache) {
            std::memcpy(cache->text, s.data(), DateLength);
            cache->days = days;
            cache->valid = true;
        }
    }
    std::size_t i = DateLength;
    qint64 t = days * 86400;
    if (i < s.size() && (s[i] == 'T' || s[i] == ' ')) {
        ++i;
        int seconds = 0;
        if (!readTime(s, i, seconds))
            return false;
        t += seconds;
        while (i < s.size() && s[i] == ' ')
            ++i;
        if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
            ++i;
        } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
            const int sign = s[i] == '+' ? 1 : -1;
            ++i;
            int oh = 0, om = 0;
            if (!readNumber(s, i, 2, 2, oh))
                return false;
            if (i < s.size() && s[i] == ':')
                ++i;
            readNumber(s, i, 0, 2, om);
            t -= sign * (oh * 3600 + om * 60);
        } else if (i + 3 <= s.size() && equalsNoCase(s.substr(i, 3), "utc")) {
            i += 3;
        }
    }
    if (i != s.size())
        return false;
    time = t;
    return true;
}

bool parseSlashed(std::string_view s, qint64 &time, DateOrder order)
{
    std::size_t i = 0;
    int mo = 0, d = 0, y = 0;
    int &first = order == DateOrder::DayFirst ? d : mo;
    int &second = order == DateOrder::DayFirst ? mo : d;
    if (!readNumber(s, i, 1, 2, first) || i >= s.size() || s[i] != '/')
        return false;
    ++i;
    if (!readNumber(s, i, 1, 2, second) || i >= s.size() || s[i] != '/')
        return false;
    ++i;
    if (!readNumber(s, i, 4, 4, y) || !validDate(y, mo, d))
        return false;
    qint64 t = daysFromCivil(y, unsigned(mo), unsigned(d)) * 86400;
    if (i < s.size() && s[i] == ',')
        ++i;
    while (i < s.size() && s[i] == ' ')
        ++i;
    if (i < s.size()) {
        int seconds = 0;
        if (!readTime(s, i, seconds))
            return false;
        while (i < s.size() && s[i] == ' ')
            ++i;
        if (i + 2 <= s.size()) {
            const std::string_view marker = s.substr(i, 2);
            const int hours = seconds / 3600;
            if (equalsNoCase(marker, "pm") && hours < 12)
                seconds += 12 * 3600;
            else if (equalsNoCase(marker, "am") && hours == 12)
                seconds -= 12 * 3600;
            else if (!equalsNoCase(marker, "am") && !equalsNoCase(marker, "pm"))
                return false;
            i += 2;
        }
        t += seconds;
    }
    if (i != s.size())
        return false;
    time = t;
    return true;
}

// "D.M.YYYY[[,] H:mm[:ss]]" (German and Swiss exports): with dots the day always comes first.
bool parseDotted(std::string_view s, qint64 &time)
{
    std::size_t i = 0;
    int d = 0, mo = 0, y = 0;
    if (!readNumber(s, i, 1, 2, d) || i >= s.size() || s[i] != '.')
        return false;
    ++i;
    if (!readNumber(s, i, 1, 2, mo) || i >= s.size() || s[i] != '.')
        return false;
    ++i;
    if (!readNumber(s, i, 4, 4, y) || !validDate(y, mo, d))
        return false;
    qint64 t = daysFromCivil(y, unsigned(mo), unsigned(d)) * 86400;
    if (i < s.size()) {
        if (s[i] == ',')
            ++i;
        if (i >= s.size() || s[i] != ' ')
            return false;
        while (i < s.size() && s[i] == ' ')
            ++i;
        int seconds = 0;
        if (!readTime(s, i, seconds))
            return false;
        t += seconds;
    }
    if (i != s.size())
        return false;
    time = t;
    return true;
}

// The port after an address ("81.2.69.10:5060", "[2001:db8::1]:443").
bool isPort(std::string_view s)
{
    if (s.empty() || s.size() > 5)
        return false;
    int value = 0;
    for (char c : s) {
        if (!isDigit(c))
            return false;
        value = value * 10 + (c - '0');
    }
    return value <= 65535;
}

// One address of an IP column: bare, "::ffff:a.b.c.d", in brackets, or with a port.
IpKind parseOneIp(std::string_view text, quint32 &ipv4, std::string_view &ipv6)
{
    if (text.empty())
        return IpKind::Missing;
    if (parseIpv4(text, ipv4))
        return IpKind::V4;
    if (text.front() == '[') {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos ||
            (close + 1 != text.size() && (text[close + 1] != ':' || !isPort(text.substr(close + 2)))))
            return IpKind::Invalid;
        text = text.substr(1, close - 1);
    } else if (const std::size_t colon = text.find(':');
               colon != std::string_view::npos && colon == text.rfind(':') && isPort(text.substr(colon + 1))) {
        // One colon: IPv6 has at least two, so this is an IPv4 address and its port.
        return parseIpv4(text.substr(0, colon), ipv4) ? IpKind::V4 : IpKind::Invalid;
    }
    if (text.size() > 7 && equalsNoCase(text.substr(0, 7), "::ffff:") && parseIpv4(text.substr(7), ipv4))
        return IpKind::V4;
    std::array<quint16, 8> groups;
    if (looksLikeIpv6(text) && parseIpv6(text, groups)) {
        // IPv4-mapped in hex ("::ffff:5102:4505" is 81.2.69.5): the IPv4 client, as in dotted form.
        if (std::all_of(groups.begin(), groups.begin() + 5, [](quint16 g) { return g == 0; }) && groups[5] == 0xffff) {
            ipv4 = quint32(groups[6]) << 16 | groups[7];
            return IpKind::V4;
        }
        ipv6 = text;
        return IpKind::V6;
    }
    return IpKind::Invalid;
}

bool isPublicIpv4(quint32 ipv4)
{
    return !Validator::isNotPublic(Ipv4Network(Ipv4Address(ipv4), 32));
}

// Global unicast (2000::/3, where every public IPv6 address is) outside the documentation
// (2001:db8::/32, 3fff::/20) and benchmarking (2001:2::/48) blocks. Only the first three groups
// matter, so they are read without parsing the whole address.
bool isPublicIpv6(std::string_view text)
{
    std::array<int, 3> groups = {0, 0, 0};
    std::size_t i = 0;
    for (int &group : groups) {
        if (i < text.size() && text[i] == ':')
            break; // "::": this group and the rest of the leading ones are zero
        int digits = 0;
        while (i < text.size() && isHex(text[i])) {
            const char c = text[i++];
            group = group * 16 + (isDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
            if (++digits > 4)
                return false;
        }
        if (digits == 0 || i >= text.size() || text[i] != ':')
            return false;
        ++i;
    }
    if (groups[0] < 0x2000 || groups[0] > 0x3fff)
        return false;
    if (groups[0] == 0x2001 && (groups[1] == 0x0db8 || (groups[1] == 0x0002 && groups[2] == 0)))
        return false;
    return !(groups[0] == 0x3fff && groups[1] < 0x1000);
}

} // namespace

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && isSpace(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isSpace(text.back()))
        text.remove_suffix(1);
    return text;
}

bool parseIpv6(std::string_view text, std::array<quint16, 8> &groups)
{
    // Groups before and after "::" (all of them without one); no allocation: IPv6 rows can be many.
    struct Part
    {
        std::array<quint16, 8> values{};
        std::size_t count = 0;
        bool add(quint16 value)
        {
            if (count == values.size())
                return false;
            values[count++] = value;
            return true;
        }
    };
    // Reads "g:g:…" into out; the last part may be a dotted IPv4 address (two groups) when allowed.
    const auto readGroups = [](std::string_view part, Part &out, bool ipv4Tail) {
        if (part.empty())
            return true;
        for (std::size_t start = 0;;) {
            const std::size_t colon = part.find(':', start);
            const std::string_view group = part.substr(start, colon == std::string_view::npos ? colon : colon - start);
            if (colon == std::string_view::npos && ipv4Tail && group.find('.') != std::string_view::npos) {
                quint32 v4 = 0;
                return parseIpv4(group, v4) && out.add(quint16(v4 >> 16)) && out.add(quint16(v4 & 0xffff));
            }
            if (group.empty() || group.size() > 4)
                return false;
            quint16 value = 0;
            for (const char c : group) {
                if (!isHex(c))
                    return false;
                value = quint16(value * 16 + (isDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10));
            }
            if (!out.add(value))
                return false;
            if (colon == std::string_view::npos)
                return true;
            start = colon + 1;
        }
    };
    Part head, tail;
    const std::size_t gap = text.find("::");
    if (gap == std::string_view::npos) {
        if (!readGroups(text, head, true) || head.count != 8)
            return false;
    } else {
        const std::string_view after = text.substr(gap + 2);
        if (after.find("::") != std::string_view::npos || !readGroups(text.substr(0, gap), head, false) ||
            !readGroups(after, tail, true) || head.count + tail.count > 7)
            return false;
    }
    groups.fill(0);
    std::copy_n(head.values.begin(), head.count, groups.begin());
    std::copy_n(tail.values.begin(), tail.count, groups.end() - std::ptrdiff_t(tail.count));
    return true;
}

std::string canonicalIpv6(const std::array<quint16, 8> &groups)
{
    // The longest run of two or more zero groups (the first of equal ones) becomes "::".
    int bestStart = -1, bestLength = 1;
    for (int i = 0; i < 8;) {
        int j = i;
        while (j < 8 && groups[std::size_t(j)] == 0)
            ++j;
        if (j - i > bestLength) {
            bestStart = i;
            bestLength = j - i;
        }
        i = j > i ? j : i + 1;
    }
    std::string text;
    char hex[8];
    for (int i = 0; i < 8; ++i) {
        if (i == bestStart) {
            text += "::";
            i += bestLength - 1;
            continue;
        }
        if (!text.empty() && text.back() != ':')
            text += ':';
        text.append(hex, std::size_t(std::snprintf(hex, sizeof hex, "%x", groups[std::size_t(i)])));
    }
    return text;
}

IpKind parseIp(std::string_view text, quint32 &ipv4, std::string_view &ipv6)
{
    text = trimmed(text);
    const std::size_t comma = text.find(',');
    if (comma == std::string_view::npos)
        return parseOneIp(text, ipv4, ipv6);
    // A forwarded-for list ("client, proxy, …"): a LAN address first is the client as its own
    // network saw it; Genesys Cloud sees the first public one. With none, the first element.
    for (std::string_view rest = text;;) {
        const std::size_t end = rest.find(',');
        quint32 v4 = 0;
        std::string_view v6;
        const IpKind kind = parseOneIp(trimmed(rest.substr(0, end)), v4, v6);
        if (kind == IpKind::V4 && isPublicIpv4(v4)) {
            ipv4 = v4;
            return kind;
        }
        if (kind == IpKind::V6 && isPublicIpv6(v6)) {
            ipv6 = v6;
            return kind;
        }
        if (end == std::string_view::npos)
            break;
        rest.remove_prefix(end + 1);
    }
    return parseOneIp(trimmed(text.substr(0, comma)), ipv4, ipv6);
}

SlashedDate slashedDateOrder(std::string_view text)
{
    text = trimmed(text);
    std::size_t i = 0;
    int first = 0, second = 0;
    if (!readNumber(text, i, 1, 2, first) || i >= text.size() || text[i] != '/')
        return SlashedDate::NotSlashed;
    ++i;
    if (!readNumber(text, i, 1, 2, second) || i >= text.size() || text[i] != '/')
        return SlashedDate::NotSlashed;
    const auto month = [](int n) {
        return n >= 1 && n <= 12;
    };
    const auto day = [](int n) {
        return n >= 1 && n <= 31;
    };
    const bool dayFirst = day(first) && month(second);
    const bool monthFirst = month(first) && day(second);
    if (dayFirst && monthFirst)
        return first == second ? SlashedDate::Same : SlashedDate::Either;
    return dayFirst ? SlashedDate::DayFirstOnly : monthFirst ? SlashedDate::MonthFirstOnly : SlashedDate::Neither;
}

bool parseTimestamp(std::string_view text, qint64 &time, DateCache *cache, DateOrder order)
{
    text = trimmed(text);
    if (text.empty()) {
        time = FileStats::NoTime;
        return true;
    }
    if (text.size() >= 10 && isDigit(text[0]) && isDigit(text[3]) && text[4] == '-')
        return parseIso(text, time, cache);
    if (text.find('/') != std::string_view::npos)
        return parseSlashed(text, time, order);
    if (text.size() >= 8 && (text[1] == '.' || text[2] == '.'))
        return parseDotted(text, time);
    if (text.size() == 10 || text.size() == 13) {
        qint64 value = 0;
        for (char c : text) {
            if (!isDigit(c))
                return false;
            value = value * 10 + (c - '0');
        }
        time = text.size() == 13 ? value / 1000 : value;
        return true;
    }
    return false;
}

bool isFailureOutcome(std::string_view text)
{
    text = trimmed(text);
    static constexpr std::array failures = {
        std::string_view("failure"),     std::string_view("failed"),  std::string_view("fail"),
        std::string_view("deny"),        std::string_view("denied"),  std::string_view("error"),
        std::string_view("interrupted"), std::string_view("blocked"), std::string_view("false"),
    };
    for (std::string_view f : failures) {
        if (equalsNoCase(text, f))
            return true;
    }
    return false;
}

} // namespace alc::history

namespace alc::history {

namespace {

bool isOktaSignInEvent(std::string_view type)
{
    type = trimmed(type);
    return type == "user.session.start" || type.starts_with("user.authentication.");
}

} // namespace

bool prepareCommonSignIn(const RawSignIn &row, FileStats &stats, DatasetBuilder::PendingSignIn &pending,
                         const DateCache *dates)
{
    if (row.oktaEvents || row.resultIsErrorCode || row.problem)
        return false;
    quint32 ipv4 = 0;
    if (!parseIpv4(row.ip, ipv4))
        return false;
    qint64 time = FileStats::NoTime;
    if (const std::string_view t = row.time; !t.empty()) {
        constexpr std::size_t Length = 20; // 2026-01-31T23:59:59Z
        if (!dates || !dates->valid || t.size() != Length || t[10] != 'T' || t[13] != ':' || t[16] != ':' ||
            t[19] != 'Z' || std::memcmp(t.data(), dates->text, sizeof(dates->text)) != 0)
            return false;
        const auto two = [&t](std::size_t i) {
            return isDigit(t[i]) && isDigit(t[i + 1]) ? (t[i] - '0') * 10 + (t[i + 1] - '0') : -1;
        };
        const int h = two(11), m = two(14), sec = two(17);
        if (h < 0 || m < 0 || sec < 0 || h > 23 || m > 59 || sec > 60)
            return false;
        time = dates->days * 86400 + h * 3600 + m * 60 + sec;
    }
    const std::string_view result = trimmed(row.result);
    const bool failed = result != "success" && isFailureOutcome(result);
    ++stats.rows;
    stats.noteTime(time);
    pending = {ipv4, trimmed(row.user), trimmed(row.app), time, failed};
    return true;
}

bool prepareSignIn(const RawSignIn &row, qint64 line, DatasetBuilder &builder, FileStats &stats,
                   DatasetBuilder::PendingSignIn &pending, DateCache *dates)
{
    return prepareCommonSignIn(row, stats, pending, dates) ||
           prepareAnySignIn(row, line, builder, stats, pending, dates);
}

bool prepareAnySignIn(const RawSignIn &row, qint64 line, DatasetBuilder &builder, FileStats &stats,
                      DatasetBuilder::PendingSignIn &pending, DateCache *dates)
{
    if (row.oktaEvents && !trimmed(row.eventType).empty() && !isOktaSignInEvent(row.eventType)) {
        ++stats.ignored;
        return false;
    }
    quint32 ipv4 = 0;
    std::string_view ipv6;
    const IpKind kind = parseIp(row.ip, ipv4, ipv6);
    if (kind == IpKind::Missing || kind == IpKind::Invalid) {
        stats.addBad(line, kind == IpKind::Missing ? BadRowReason::MissingIp : BadRowReason::InvalidIp);
        return false;
    }
    if (row.problem) {
        stats.addBad(line, *row.problem);
        return false;
    }
    qint64 time = FileStats::NoTime;
    // Slashed dates are evidence of the file's date order, whichever way this pass reads them.
    if (row.time.find('/') != std::string_view::npos) {
        const SlashedDate order = slashedDateOrder(row.time);
        stats.dayFirstDates += order == SlashedDate::DayFirstOnly;
        stats.monthFirstDates += order == SlashedDate::MonthFirstOnly;
        stats.eitherOrderDates += order == SlashedDate::Either;
    }
    if (!parseTimestamp(row.time, time, dates, row.dateOrder)) {
        stats.addBad(line, BadRowReason::InvalidTimestamp);
        return false;
    }
    const std::string_view result = trimmed(row.result);
    const bool failed = row.resultIsErrorCode ? !result.empty() && result != "0" : isFailureOutcome(result);
    ++stats.rows;
    stats.noteTime(time);
    if (kind == IpKind::V6) {
        ++stats.ipv6Rows;
        builder.addIpv6(ipv6, trimmed(row.user), failed);
        return false;
    }
    pending = {ipv4, trimmed(row.user), trimmed(row.app), time, failed};
    return true;
}

void acceptSignIn(const RawSignIn &row, qint64 line, DatasetBuilder &builder, FileStats &stats, DateCache *dates)
{
    DatasetBuilder::PendingSignIn pending{};
    if (prepareSignIn(row, line, builder, stats, pending, dates))
        builder.addIpv4Batch({&pending, 1});
}

} // namespace alc::history
