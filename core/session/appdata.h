#pragma once

#include <QString>

namespace alc {

// Where the app keeps its own files (journal, autosave): $ALLOWLIST_DATA_DIR when set (tests, portable
// use), otherwise the platform's app data location. Created on first use, for its owner only.
QString appDataDir();

} // namespace alc
