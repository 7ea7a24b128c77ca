// Saves two different large sessions to one path, alternately, forever (until killed).
// Usage: alc-savestress PATH
#include <session/sessiondocument.h>

#include <QCoreApplication>
#include <cstdio>

namespace {

alc::SessionDocument make(const QString &tag)
{
    alc::SessionDocument doc;
    doc.orgName = tag;
    alc::Scenario scenario{tag, {}, {}};
    for (int i = 0; i < 4000; ++i) {
        alc::AllowlistEntry entry;
        entry.text = QStringLiteral("81.%1.%2.0/24").arg(i / 256).arg(i % 256);
        entry.label = tag + QString::number(i);
        scenario.list.entries().append(entry);
    }
    doc.scenarios.append(scenario);
    return doc;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc < 2)
        return 2;
    const QString path = QString::fromLocal8Bit(argv[1]);
    const alc::SessionDocument a = make(QStringLiteral("A"));
    const alc::SessionDocument b = make(QStringLiteral("B"));
    QString error;
    for (quint64 i = 0;; ++i) {
        if (!alc::SessionFile::write(path, i % 2 ? b : a, &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        if (i == 0) {
            std::printf("ready\n");
            std::fflush(stdout);
        }
    }
}
