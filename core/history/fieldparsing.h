#pragma once

#include <QtGlobal>

#include <array>
#include <optional>
#include <string>
#include <string_view>

// Byte-level readers for the fields of a sign-in row. They run once per row on the import hot
// path, so they work on views of the file buffer and never build a QString.
namespace alc::history {

enum class IpKind { Missing, V4, V6, Invalid };

// An IP column: surrounding spaces are ignored; a forwarded-for list ("a, b") keeps its first
// public address (IPv4 outside Validator::isNotPublic, IPv6 in 2000::/3 but not documentation or
// benchmarking), or its first element when none is public; a port ("a.b.c.d:443",
// "[2001:db8::1]:443") is dropped; "::ffff:a.b.c.d" is the IPv4 client it maps.
IpKind parseIp(std::string_view text, quint32 &ipv4, std::string_view &ipv6);

// IPv6 text (RFC 4291 2.2: up to eight groups of 1–4 hex digits, at most one "::", maybe a dotted
// IPv4 tail) as its eight groups; false when the text is no IPv6 address.
bool parseIpv6(std::string_view text, std::array<quint16, 8> &groups);
// The one text of an IPv6 address (RFC 5952: lower case, no leading zeros, the longest run of two
// or more zero groups as "::"), so that "2A01:E0A::5" and "2a01:0e0a:0:0:0:0:0:5" are one source.
std::string canonicalIpv6(const std::array<quint16, 8> &groups);

// The day of the last ISO 8601 date read: consecutive rows of a log nearly always share their date,
// which is then compared instead of parsed. One per parsing thread.
struct DateCache
{
    char text[10] = {};
    qint64 days = 0;
    bool valid = false;
};

// How a slashed date is read: "M/D/YYYY" (US, the Entra portal's US locale) or "D/M/YYYY" (most of
// Europe: a file re-saved by Excel there).
enum class DateOrder : quint8 { MonthFirst, DayFirst };

// ISO 8601 (with optional fraction and offset), "M/D/YYYY[,] h:mm[:ss] [AM|PM]" (or D/M/YYYY with
// DateOrder::DayFirst), "D.M.YYYY[ H:mm[:ss]]" (always day first), or Unix seconds / milliseconds.
// Returns false when the text is none of these; an empty text is a valid "unknown" (time = NoTime).
bool parseTimestamp(std::string_view text, qint64 &time, DateCache *cache = nullptr,
                    DateOrder order = DateOrder::MonthFirst);

// What a slashed date says about its order: only day-first fits ("26/11/2026"), only month-first
// fits ("11/26/2026"), either does and they differ ("05/11/2026"), it reads the same both ways
// ("11/11/2026"), neither fits ("13/13/2026"), or it is no slashed date.
enum class SlashedDate : quint8 { NotSlashed, Either, Same, Neither, DayFirstOnly, MonthFirstOnly };
SlashedDate slashedDateOrder(std::string_view text);

// Whether an outcome/status/result value means the sign-in failed.
bool isFailureOutcome(std::string_view text);

std::string_view trimmed(std::string_view text);

} // namespace alc::history

#include "datasetbuilder.h"

namespace alc::history {

// One sign-in as its fields were found in a file, before any interpretation.
struct RawSignIn
{
    std::string_view time;
    std::string_view user;
    std::string_view ip;
    std::string_view app;
    std::string_view result;
    std::string_view eventType;
    bool oktaEvents = false;        // keep only Okta sign-in event types
    bool resultIsErrorCode = false; // Graph's status.errorCode: 0 is success
    // A JSON record whose time or outcome field is missing or unreadable: a bad row for this
    // reason once the record is known to be a sign-in with an address (CSV rows never have one).
    std::optional<BadRowReason> problem;
    DateOrder dateOrder = DateOrder::MonthFirst;
};

// Validates a row. Bad rows are counted (line is for the examples), IPv6 rows go straight to the
// builder, and an IPv4 row is returned in `pending` (true) for the caller to batch.
bool prepareSignIn(const RawSignIn &row, qint64 line, DatasetBuilder &builder, FileStats &stats,
                   DatasetBuilder::PendingSignIn &pending, DateCache *dates = nullptr);
// prepareSignIn() is these two: the common row nearly every machine-written log is made of (no
// event-type filter, a bare dotted-quad address, no time or "YYYY-MM-DDTHH:MM:SSZ" on the date
// already in the cache) is taken by the first with only the checks it needs; it returns false,
// having changed nothing, for any other row, which the second decides. For a row both take, both
// give the same answer (tst_importinternals checks this).
bool prepareCommonSignIn(const RawSignIn &row, FileStats &stats, DatasetBuilder::PendingSignIn &pending,
                         const DateCache *dates);
bool prepareAnySignIn(const RawSignIn &row, qint64 line, DatasetBuilder &builder, FileStats &stats,
                      DatasetBuilder::PendingSignIn &pending, DateCache *dates = nullptr);
// The same without batching.
void acceptSignIn(const RawSignIn &row, qint64 line, DatasetBuilder &builder, FileStats &stats,
                  DateCache *dates = nullptr);

} // namespace alc::history
