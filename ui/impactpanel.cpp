#include "impactpanel.h"

#include <impact/calendarbuckets.h>
#include <impact/wording.h>

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QCursor>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMimeData>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStackedBarSeries>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

using namespace Qt::StringLiterals;

namespace alc::ui {

// Shows blocked addresses only, unless asked for all; the model holds every distinct address.
class BlockedIpFilter final : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setEvaluator(const ImpactEvaluator *evaluator)
    {
        m_evaluator = evaluator;
        invalidateFilter();
    }
    void setShowAll(bool all)
    {
        m_all = all;
        invalidateFilter();
    }
    void refilter() { invalidateFilter(); }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        if (!m_all && m_evaluator && m_evaluator->isAllowed(quint32(row)))
            return false;
        return QSortFilterProxyModel::filterAcceptsRow(row, parent);
    }

private:
    const ImpactEvaluator *m_evaluator = nullptr;
    bool m_all = false;
};

namespace {

constexpr int RefreshDelayMs = 120;
// More bars than this and Qt Charts has no room for any label under them (it elides each to "⋮").
constexpr int MaxLabelledBars = 21;
constexpr int MaxNameColumnWidth = 360;

QString n(qint64 value)
{
    return QLocale().toString(value);
}

} // namespace

ImpactPanel::ImpactPanel(QWidget *parent)
    : QWidget(parent)
    , m_refreshTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("impactPanel"));
    setAcceptDrops(true);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(RefreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &ImpactPanel::refreshViews);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("impactSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setAccessibleName(tr("Impact summary"));

    auto *chart = new QChart;
    chart->setTitle(tr("Sign-ins per day"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart = new QChartView(chart, this);
    m_chart->setObjectName(QStringLiteral("dayChart"));
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumHeight(190);
    m_chart->setAccessibleName(tr("Allowed and blocked sign-ins per day"));

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("impactTabs"));
    m_tabs->setAccessibleName(tr("Impact details"));
    auto *ipPage = new QWidget(m_tabs);
    auto *ipLayout = new QVBoxLayout(ipPage);
    ipLayout->setContentsMargins(0, 0, 0, 0);
    auto *ipFilter = new QLineEdit(ipPage);
    ipFilter->setPlaceholderText(tr("Filter addresses…"));
    ipFilter->setClearButtonEnabled(true);
    ipFilter->setAccessibleName(tr("Filter addresses"));
    m_allAddresses = new QCheckBox(tr("Show allowed addresses too"), ipPage);
    m_ipTable = new QTableView(ipPage);
    m_ipTable->setObjectName(QStringLiteral("ipTable"));
    m_ipTable->setAccessibleName(tr("Addresses"));
    m_ipFilter = new BlockedIpFilter(ipPage);
    m_ipFilter->setSourceModel(&m_ips);
    m_ipFilter->setSortRole(ImpactIpsModel::SortRole);
    m_ipFilter->setFilterKeyColumn(ImpactIpsModel::AddressColumn);
    m_ipTable->setModel(m_ipFilter);
    m_ipTable->setSortingEnabled(true);
    m_ipTable->sortByColumn(ImpactIpsModel::SignInsColumn, Qt::DescendingOrder);
    m_ipTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_ipTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_ipTable->horizontalHeader()->setStretchLastSection(true);
    // Widths from the text they hold, not from the rows (a million rows are too many to measure):
    // the longest IPv4 address fits without eliding, counts get room for eight digits (one NAT
    // address can carry millions of sign-ins; wider still, the column can be dragged), and the
    // state column the longest state. The header is measured in its own font, with room for the
    // sort indicator.
    const auto fit = [this](int column, const QString &widest) {
        QHeaderView *header = m_ipTable->horizontalHeader();
        const int margin = 4 * m_ipTable->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, m_ipTable);
        const QString title = m_ips.headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column, std::max(m_ipTable->fontMetrics().horizontalAdvance(widest),
                                               header->fontMetrics().horizontalAdvance(title) + margin) +
                                          margin);
    };
    fit(ImpactIpsModel::AddressColumn, QStringLiteral("255.255.255.255"));
    for (const int column : {ImpactIpsModel::SignInsColumn, ImpactIpsModel::FailedColumn, ImpactIpsModel::UsersColumn})
        fit(column, QLocale().toString(99999999));
    fit(ImpactIpsModel::StateColumn, tr("blocked (already)"));
    m_ipTable->verticalHeader()->hide();
    m_ipTable->verticalHeader()->setDefaultSectionSize(m_ipTable->fontMetrics().height() + 10); // as the list's rows
    m_ipTable->setWordWrap(false);
    m_ipDetails = new QLabel(ipPage);
    m_ipDetails->setObjectName(QStringLiteral("ipDetails"));
    m_ipDetails->setWordWrap(true);
    m_ipDetails->setTextInteractionFlags(Qt::TextSelectableByMouse);
    ipLayout->addWidget(ipFilter);
    ipLayout->addWidget(m_allAddresses);
    ipLayout->addWidget(m_ipTable, 1);
    ipLayout->addWidget(m_ipDetails);
    m_tabs->addTab(ipPage, tr("Blocked &addresses"));
    connect(ipFilter, &QLineEdit::textChanged, m_ipFilter, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_allAddresses, &QCheckBox::toggled, m_ipFilter, &BlockedIpFilter::setShowAll);
    connect(m_ipTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ImpactPanel::showIpDetails);

    QTableView *users =
        addTable(m_tabs, &m_users, ImpactUsersModel::SortRole, tr("&Users"), QStringLiteral("userTable"));
    // "fully" or "partly" is what a review reads beside a name; at the default window size the
    // last columns are a sideways scroll away.
    users->horizontalHeader()->moveSection(ImpactUsersModel::StatusColumn, 1);
    addTable(m_tabs, &m_apps, Qt::DisplayRole, tr("A&pplications"), QStringLiteral("appTable")); // numbers as numbers
    // The chart's numbers, day by day, in calendar order.
    addTable(m_tabs, &m_days, Qt::DisplayRole, tr("&Days"), QStringLiteral("dayTable"))
        ->sortByColumn(ImpactDaysModel::DayColumn, Qt::AscendingOrder);

    auto *suggestionPage = new QWidget(m_tabs);
    auto *suggestionLayout = new QVBoxLayout(suggestionPage);
    suggestionLayout->setContentsMargins(0, 0, 0, 0);
    m_suggestionTable = new QTableView(suggestionPage);
    m_suggestionTable->setObjectName(QStringLiteral("suggestionTable"));
    m_suggestionTable->setAccessibleName(tr("Suggested entries"));
    m_suggestionTable->setModel(&m_suggestions);
    m_suggestionTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_suggestionTable->setSelectionMode(QAbstractItemView::SingleSelection);
    // At most 150 rows: columns can afford to fit their headers and contents.
    m_suggestionTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_suggestionTable->horizontalHeader()->setStretchLastSection(true);
    m_suggestionTable->verticalHeader()->hide();
    m_suggestionTable->verticalHeader()->setDefaultSectionSize(m_suggestionTable->fontMetrics().height() + 10);
    m_addSuggestion = new QPushButton(tr("Add the selected suggestion to the list"), suggestionPage);
    m_addSuggestion->setObjectName(QStringLiteral("addSuggestion"));
    m_addSuggestion->setEnabled(false);
    suggestionLayout->addWidget(new QLabel(tr("Entries that would admit the most blocked successful sign-ins "
                                              "(never wider than /24, never private):"),
                                           suggestionPage));
    m_suggestionCaution = new QLabel(tr("<b>Caution:</b> the history has no result column, so failed attempts count "
                                        "as successful sign-ins and a suggestion may admit an attacker's network. "
                                        "Import it again naming its Result column."),
                                     suggestionPage);
    m_suggestionCaution->setObjectName(QStringLiteral("suggestionCaution"));
    m_suggestionCaution->setWordWrap(true);
    m_suggestionCaution->setStyleSheet(QStringLiteral("QLabel { background: rgba(242,169,0,0.22); padding: 4px; }"));
    m_suggestionCaution->hide();
    suggestionLayout->addWidget(m_suggestionCaution);
    suggestionLayout->addWidget(m_suggestionTable, 1);
    suggestionLayout->addWidget(m_addSuggestion);
    m_tabs->addTab(suggestionPage, tr("&Suggestions"));
    // Enabled while a suggestion is selected: after one is added the list refreshes and the
    // selection goes (the button stayed enabled, and did nothing).
    const auto followSelection = [this] {
        m_addSuggestion->setEnabled(m_suggestionTable->selectionModel()->hasSelection());
    };
    connect(m_suggestionTable->selectionModel(), &QItemSelectionModel::selectionChanged, this, followSelection);
    connect(m_suggestionTable->model(), &QAbstractItemModel::modelReset, this, followSelection);
    connect(m_suggestionTable->model(), &QAbstractItemModel::rowsRemoved, this, followSelection);
    connect(m_addSuggestion, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_suggestionTable->selectionModel()->selectedRows().value(0);
        if (!current.isValid())
            return;
        const Suggestion &s = m_suggestions.rows()[size_t(current.row())];
        Q_EMIT suggestionAccepted(s.network,
                                  tr("Suggested: %1 %2 of %3")
                                      .arg(QString::number(s.signIns), noun(s.signIns, "sign-in"_L1, "sign-ins"_L1),
                                           s.sampleUsers.join(QStringLiteral(", "))));
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_chart);
    layout->addWidget(m_tabs, 1);
    refreshViews();
}

ImpactPanel::~ImpactPanel() = default;

QTableView *ImpactPanel::addTable(QTabWidget *tabs, QAbstractItemModel *model, int sortRole, const QString &title,
                                  const QString &name)
{
    auto *page = new QWidget(tabs);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *filter = new QLineEdit(page);
    filter->setPlaceholderText(tr("Filter…"));
    filter->setClearButtonEnabled(true);
    filter->setAccessibleName(tr("Filter %1").arg(title));
    auto *proxy = new QSortFilterProxyModel(page);
    proxy->setSourceModel(model);
    proxy->setSortRole(sortRole);
    proxy->setFilterKeyColumn(-1);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    auto *table = new QTableView(page);
    table->setObjectName(name);
    table->setAccessibleName(title);
    table->setModel(proxy);
    table->setSortingEnabled(true);
    table->sortByColumn(2, Qt::DescendingOrder);
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 10);
    table->setWordWrap(false);
    layout->addWidget(filter);
    layout->addWidget(table, 1);
    tabs->addTab(page, title);
    m_namedTables.append(table);
    connect(filter, &QLineEdit::textChanged, proxy, &QSortFilterProxyModel::setFilterFixedString);
    return table;
}

void ImpactPanel::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void ImpactPanel::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    }
    if (!paths.isEmpty())
        Q_EMIT historyFilesDropped(paths);
    event->acceptProposedAction();
}

void ImpactPanel::setEvaluatorOfViews(const ImpactEvaluator *evaluator)
{
    m_users.setEvaluator(evaluator);
    m_ips.setEvaluator(evaluator);
    m_apps.setEvaluator(evaluator);
    m_days.setEvaluator(evaluator);
    m_ipFilter->setEvaluator(evaluator);
}

void ImpactPanel::clearDataset()
{
    setEvaluatorOfViews(nullptr);
    m_counter = EntrySignInCounter();
    m_evaluator.reset();
    m_suggestionCaution->hide();
    refreshNow();
}

void ImpactPanel::setDataset(std::shared_ptr<const Dataset> dataset)
{
    // The models read the evaluator: detach them before it is replaced.
    setEvaluatorOfViews(nullptr);
    m_counter = EntrySignInCounter(*dataset);
    m_evaluator = std::make_unique<ImpactEvaluator>(std::move(dataset));
    if (m_baseline)
        m_evaluator->setBaseline(*m_baseline);
    m_evaluator->setList(m_list);
    setEvaluatorOfViews(m_evaluator.get());
    m_suggestionCaution->setVisible(!m_evaluator->dataset().outcomesKnown());
    refreshNow();
    // Names (users, applications) change with the history, not with the list: fit them now, so
    // "Genesys Cloud" and "Genesys Cloud Desktop" are not both "Genesys Clo…". Qt measures at most
    // 1000 rows for this, however long the table.
    for (QTableView *table : std::as_const(m_namedTables)) {
        // The counts as narrow as their figures and headers (not 100 px each), so more of them
        // fit beside the name.
        table->resizeColumnsToContents();
        table->setColumnWidth(0, std::min(table->columnWidth(0), MaxNameColumnWidth)); // one odd name
    }
}

std::optional<ImpactSummary> ImpactPanel::impactOf(const std::vector<Ipv4Network> &list) const
{
    if (!m_evaluator)
        return std::nullopt;
    ImpactEvaluator evaluator(m_evaluator->sharedDataset());
    if (m_baseline)
        evaluator.setBaseline(*m_baseline);
    evaluator.setList(list);
    return evaluator.summary();
}

void ImpactPanel::setBaseline(const std::optional<std::vector<Ipv4Network>> &baseline)
{
    m_baseline = baseline;
    if (!m_evaluator)
        return;
    if (baseline)
        m_evaluator->setBaseline(*baseline);
    else
        m_evaluator->clearBaseline();
    scheduleRefresh();
}

void ImpactPanel::setList(const Allowlist &list)
{
    m_list = list.networks();
    m_listSize = int(list.size());
    if (!m_evaluator)
        return;
    m_evaluator->setList(m_list); // incremental: only addresses inside changed networks are revisited
    scheduleRefresh();
}

QList<qint64> ImpactPanel::admittedPerEntry(const Allowlist &list) const
{
    if (!m_evaluator)
        return {};
    QList<std::optional<Ipv4Network>> networks;
    for (const AllowlistEntry &entry : list.entries()) {
        const ParsedCidr parsed = entry.parsed();
        networks.append(parsed.isIpv4() ? std::optional(parsed.network) : std::nullopt);
    }
    return m_counter.count(networks);
}

void ImpactPanel::scheduleRefresh()
{
    m_refreshTimer->start();
}

void ImpactPanel::refreshNow()
{
    m_refreshTimer->stop();
    refreshViews();
}

QString ImpactPanel::summaryText() const
{
    return m_summary->text();
}

void ImpactPanel::refreshViews()
{
    if (!m_evaluator) {
        m_summary->setText(tr("<b>No login history imported.</b> Import sign-in logs (Entra ID, Okta, Genesys "
                              "audit or any CSV) with Ctrl+I or drop them here to see who this list would block "
                              "before it is enforced."));
        m_suggestions.setRows({});
        refreshChart();
        return;
    }
    const ImpactSummary &s = m_evaluator->summary();
    QString text;
    if (s.listIsEmpty) {
        text = tr("<b>The list is empty: every address can sign in.</b> %1 %2 from %3 %4 in the history.")
                   .arg(n(s.rows), noun(s.rows, "sign-in"_L1, "sign-ins"_L1), n(s.users),
                        noun(s.users, "user"_L1, "users"_L1));
    } else {
        text =
            tr("<b>%1 of %2 IPv4 %3 blocked</b> (%4 successful, %5 failed) — <b>%6 %7 successful sign-ins</b>; "
               "%8 %9 a blocked sign-in, %10 fully.")
                .arg(n(s.blocked), n(s.allowed + s.blocked), noun(s.allowed + s.blocked, "sign-in"_L1, "sign-ins"_L1),
                     n(s.blockedSuccessful), n(s.blockedFailed), n(s.usersBlockedSuccessful),
                     noun(s.usersBlockedSuccessful, "user loses"_L1, "users lose"_L1), n(s.usersBlocked),
                     s.usersBlocked == 1 ? QStringLiteral("has") : QStringLiteral("have"), n(s.usersFullyBlocked));
    }
    if (s.hasBaseline)
        text +=
            tr("<br>Against the live list: <b>%1 newly blocked</b> (%2 %3), %4 newly allowed%5.")
                .arg(n(s.newlyBlocked), n(s.usersNewlyBlocked), noun(s.usersNewlyBlocked, "user"_L1, "users"_L1),
                     n(s.newlyAllowed),
                     s.newlyAllowed > 0
                         ? tr(" (%1 %2)").arg(n(s.usersNewlyAllowed), noun(s.usersNewlyAllowed, "user"_L1, "users"_L1))
                         : QString());
    if (s.ipv6Rows > 0 && s.listIsEmpty)
        text += tr("<br>%1 %2 over IPv6: allowed now, but any list of networks would block %3.")
                    .arg(n(s.ipv6Rows), noun(s.ipv6Rows, "sign-in came"_L1, "sign-ins came"_L1),
                         noun(s.ipv6Rows, "it"_L1, "them"_L1));
    else if (s.ipv6Rows > 0)
        text += tr("<br>%1 %2 over IPv6 and %3 blocked too: no IPv4 allowlist can admit %4.")
                    .arg(n(s.ipv6Rows), noun(s.ipv6Rows, "sign-in came"_L1, "sign-ins came"_L1),
                         noun(s.ipv6Rows, "is"_L1, "are"_L1), noun(s.ipv6Rows, "it"_L1, "them"_L1));
    m_summary->setText(text);

    m_users.listChanged();
    m_ips.listChanged();
    m_apps.listChanged();
    m_days.listChanged();
    m_ipFilter->refilter();
    SuggestionOptions options;
    options.budget = Allowlist::MaxEntries - m_listSize;
    m_suggestions.setRows(m_listSize < Allowlist::MaxEntries ? suggestNetworks(*m_evaluator, options)
                                                             : std::vector<Suggestion>{});
    refreshChart();
    showIpDetails();
    Q_EMIT impactChanged();
}

void ImpactPanel::refreshChart()
{
    QChart *chart = m_chart->chart();
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes()) {
        chart->removeAxis(axis); // gives the axis back to us
        delete axis;
    }
    if (!m_evaluator)
        return;
    // One bar per calendar day, days without sign-ins included; per week or month for long
    // histories (the buckets the report draws too).
    const CalendarBuckets calendar(m_evaluator->days());
    if (calendar.buckets().empty()) {
        // No axes over nothing (their titles floated at the top left): say why there are no bars.
        chart->setTitle(m_evaluator->dataset().rows() > 0
                            ? tr("No sign-in of the history has a date (its files have no time column): "
                                 "nothing to show per day")
                            : tr("No sign-ins to show per day"));
        return;
    }
    auto *allowed = new QBarSet(tr("Allowed"));
    auto *blocked = new QBarSet(tr("Blocked"));
    allowed->setColor(QColor(0x2e, 0x7d, 0x32));
    blocked->setColor(QColor(0xd3, 0x2f, 0x2f));
    using Step = CalendarBuckets::Step;
    const Step step = calendar.step();
    const QDate first = calendar.first(), last = calendar.last();
    // The range is in the title: under the bars there may be no room for labels.
    const QLocale locale;
    const QString range = !first.isValid() ? QString()
                          : first.year() == last.year()
                              ? locale.toString(first, QStringLiteral("d MMMM")) + u" – " +
                                    locale.toString(last, QStringLiteral("d MMMM yyyy"))
                              : locale.toString(first, QStringLiteral("d MMMM yyyy")) + u" – " +
                                    locale.toString(last, QStringLiteral("d MMMM yyyy"));
    // The Days tab says it too: the days are UTC calendar days, not the viewer's.
    m_chart->chart()->setTitle(range.isEmpty() ? tr("%1 (UTC)").arg(calendar.title())
                                               : tr("%1 (UTC), %2").arg(calendar.title(), range));
    QStringList categories;
    std::vector<QDate> starts;
    std::vector<QString> parts; // a partial first or last week/month: the days it covers
    for (const CalendarBuckets::Bucket &bucket : calendar.buckets()) {
        categories.append(calendar.label(bucket));
        starts.push_back(bucket.start);
        parts.push_back(calendar.coverage(bucket));
        *allowed << double(bucket.signIns - bucket.blocked);
        *blocked << double(bucket.blocked);
    }
    const quint64 peak = calendar.peak();
    auto *series = new QStackedBarSeries;
    series->append(allowed);
    series->append(blocked);
    connect(series, &QStackedBarSeries::hovered, this,
            [this, starts, parts, allowed, blocked, step, locale](bool status, int index) {
                if (!status || index < 0 || std::size_t(index) >= starts.size()) {
                    QToolTip::hideText();
                    return;
                }
                const QDate start = starts[std::size_t(index)];
                const QString when = step == Step::Day ? locale.toString(start, QLocale::ShortFormat)
                                     : step == Step::Week
                                         ? tr("week of %1").arg(locale.toString(start, QLocale::ShortFormat))
                                     : step == Step::Month ? locale.toString(start, QStringLiteral("MMMM yyyy"))
                                                           : QString::number(start.year());
                const QString part = parts[std::size_t(index)];
                const QString shown = part.isEmpty() ? when : tr("%1 (%2)").arg(when, part);
                QToolTip::showText(QCursor::pos(), tr("%1: %2 allowed, %3 blocked")
                                                       .arg(shown, locale.toString(qint64(allowed->at(index))),
                                                            locale.toString(qint64(blocked->at(index)))));
            });
    chart->addSeries(series);
    auto *x = new QBarCategoryAxis;
    x->append(categories);
    // Qt elides every label once a bar is narrower than a label ("⋮" under each bar): past that
    // the labels go (the chart's title gives the range) and hovering a bar names its day.
    const bool labelled = categories.size() <= MaxLabelledBars;
    x->setLabelsAngle(categories.size() > 14 ? -90 : 0);
    x->setLabelsVisible(labelled);
    // Under labelled bars the axis says what they are; without labels Qt squeezes an axis title
    // to "…" (the chart's title has the unit then).
    if (labelled)
        x->setTitleText(step == Step::Day     ? tr("day (UTC)")
                        : step == Step::Week  ? tr("week (UTC)")
                        : step == Step::Month ? tr("month (UTC)")
                                              : tr("year (UTC)"));
    auto *y = new QValueAxis;
    y->setRange(0, double(std::max<quint64>(peak, 4))); // whole numbers on every tick ("0 0 0 0 1")
    y->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
}

void ImpactPanel::showIpDetails()
{
    const QModelIndex current = m_ipTable->currentIndex();
    if (!m_evaluator || !current.isValid()) {
        m_ipDetails->setText(tr("Select an address to see who signed in from it."));
        return;
    }
    const auto index = quint32(m_ipFilter->mapToSource(current).row()); // rows are dataset IP indexes
    const IpImpact ip = m_evaluator->ip(index);
    const Dataset &dataset = m_evaluator->dataset();
    QStringList users;
    for (const SignInGroup &group : dataset.groupsOfIp(index)) {
        const QString user = dataset.users().value(qsizetype(group.user));
        if (!users.contains(user))
            users.append(user);
    }
    QString text = tr("%1: %2 %3 (%4 failed) by %5.")
                       .arg(ip.address.toString(), n(qint64(ip.signIns)), noun(ip.signIns, "sign-in"_L1, "sign-ins"_L1),
                            n(qint64(ip.failed)),
                            users.mid(0, 8).join(QStringLiteral(", ")) +
                                (users.size() > 8 ? tr(" and %1 more").arg(users.size() - 8) : QString()));
    if (ip.allowed) {
        text +=
            ip.admittedBy.isEmpty() ? tr(" Allowed (the list is empty).") : tr(" Admitted by %1.").arg(ip.admittedBy);
    } else {
        auto it = std::find_if(m_suggestions.rows().begin(), m_suggestions.rows().end(),
                               [&ip](const Suggestion &s) { return s.network.contains(ip.address); });
        text += it != m_suggestions.rows().end()
                    ? tr(" Blocked. Suggestion: add %1 (recovers %2 %3 of %4 %5).")
                          .arg(it->network.toString(), n(qint64(it->signIns)),
                               noun(it->signIns, "sign-in"_L1, "sign-ins"_L1), n(qint64(it->users)),
                               noun(it->users, "user"_L1, "users"_L1))
                    : tr(" Blocked; no suggestion admits it (only failed sign-ins, or the budget is used up).");
    }
    m_ipDetails->setText(text);
}

} // namespace alc::ui
