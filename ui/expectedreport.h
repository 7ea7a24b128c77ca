#pragma once

#include <QDateTime>
#include <QString>

namespace alc::ui {

// The report a push expects: exporting a report for a list that can be pushed records its
// fingerprint, and a push of a different list is refused until another report is exported or the
// admin stops expecting it. Where it came from is kept so the push dialog can say so.
struct ExpectedReport
{
    QString fingerprint; // empty: no report is expected
    QString scenario;    // the scenario the report was exported for
    QDateTime exportedAt;
    QString path;
    QString baseline; // the fingerprint of the live list the report compared; empty: none was pulled

    bool isSet() const { return !fingerprint.isEmpty(); }
    // "the report exported for scenario ‘Proposed’ at 06:30" (plain text)
    QString describe() const;
};

} // namespace alc::ui
