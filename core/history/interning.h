#pragma once

#include <QtGlobal>

#include <cstring>
#include <string_view>
#include <vector>

// Compact open-addressing tables for the import hot path: QHash would allocate a node and a
// QByteArray per distinct key, which is too slow and too big for millions of sign-ins.
namespace alc::history {

inline quint64 mix64(quint64 x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

inline quint64 hashBytes(std::string_view s)
{
    quint64 h = 0x9e3779b97f4a7c15ULL ^ s.size();
    const char *p = s.data();
    std::size_t n = s.size();
    while (n >= 8) {
        quint64 w;
        std::memcpy(&w, p, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    // The tail is read with whole-word loads, never byte by byte into a word: a load that
    // straddles byte stores cannot be forwarded and stalls.
    quint64 tail = 0;
    if (n > 0 && s.size() >= 8) {
        std::memcpy(&tail, p + n - 8, 8);
        tail >>= (8 - n) * 8;
    } else if (n >= 4) {
        quint32 lo, hi;
        std::memcpy(&lo, p, 4);
        std::memcpy(&hi, p + n - 4, 4);
        tail = lo | quint64(hi) << 32;
    } else if (n > 0) {
        tail = quint64(uchar(p[0])) | quint64(uchar(p[n / 2])) << 8 | quint64(uchar(p[n - 1])) << 16;
    }
    return mix64(h ^ tail);
}

// Linear probing over plain structs. Each slot carries its own "used" byte, so a probe touches one
// cache line and no key value has to be reserved as "empty" (0.0.0.0 and id 0 are real keys).
template <typename Key, typename Value, typename Hash> class FlatMap final
{
public:
    struct Slot
    {
        Key key;
        Value value;
        bool used;
    };

    explicit FlatMap(std::size_t capacity = 1024) { rehash(capacity); }

    // Returns the value for key, default-inserting it when absent (inserted tells which).
    // Only an insert may grow the table: finding a key never moves anything, so lookups of keys
    // known to be present (at()) can run on several threads at once.
    Value &find(const Key &key, bool &inserted)
    {
        const std::size_t hash = Hash{}(key);
        std::size_t i = hash & m_mask;
        while (m_slots[i].used) {
            if (m_slots[i].key == key) {
                inserted = false;
                return m_slots[i].value;
            }
            i = (i + 1) & m_mask;
        }
        if ((m_size + 1) * 10 > m_slots.size() * 7) {
            rehash(m_slots.size() * 2);
            i = hash & m_mask;
            while (m_slots[i].used)
                i = (i + 1) & m_mask;
        }
        m_slots[i].used = true;
        m_slots[i].key = key;
        m_slots[i].value = Value{};
        ++m_size;
        inserted = true;
        return m_slots[i].value;
    }
    Value &operator[](const Key &key)
    {
        bool inserted = false;
        return find(key, inserted);
    }
    // The value of a key that is present; never changes the table.
    const Value &at(const Key &key) const
    {
        const std::size_t hash = Hash{}(key);
        std::size_t i = hash & m_mask;
        while (!(m_slots[i].used && m_slots[i].key == key)) {
            Q_ASSERT(m_slots[i].used); // reaching an empty slot means the key is absent
            i = (i + 1) & m_mask;
        }
        return m_slots[i].value;
    }

    std::size_t size() const { return m_size; }

    template <typename F> void forEach(F &&f)
    {
        for (Slot &slot : m_slots) {
            if (slot.used)
                f(slot.key, slot.value);
        }
    }

    void clear()
    {
        std::vector<Slot>().swap(m_slots);
        m_size = 0;
        m_mask = 0;
    }

private:
    void rehash(std::size_t capacity)
    {
        std::size_t n = 16;
        while (n < capacity)
            n *= 2;
        std::vector<Slot> old = std::move(m_slots);
        m_slots.assign(n, Slot{});
        m_mask = n - 1;
        for (const Slot &slot : old) {
            if (!slot.used)
                continue;
            std::size_t i = Hash{}(slot.key) & m_mask;
            while (m_slots[i].used)
                i = (i + 1) & m_mask;
            m_slots[i] = slot;
        }
    }

    std::vector<Slot> m_slots;
    std::size_t m_size = 0;
    std::size_t m_mask = 0;
};

inline bool equalBytes(const char *a, const char *b, std::size_t n)
{
    // Names are short: word compares inline beat a call to memcmp. The last word overlaps the one
    // before it rather than finishing byte by byte, so names of one length take one path.
    if (n >= 8) {
        quint64 x, y;
        for (std::size_t i = 0; i + 8 < n; i += 8) {
            std::memcpy(&x, a + i, 8);
            std::memcpy(&y, b + i, 8);
            if (x != y)
                return false;
        }
        std::memcpy(&x, a + n - 8, 8);
        std::memcpy(&y, b + n - 8, 8);
        return x == y;
    }
    if (n >= 4) {
        quint32 x0, y0, x1, y1;
        std::memcpy(&x0, a, 4);
        std::memcpy(&y0, b, 4);
        std::memcpy(&x1, a + n - 4, 4);
        std::memcpy(&y1, b + n - 4, 4);
        return ((x0 ^ y0) | (x1 ^ y1)) == 0;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (a[i] != b[i])
            return false;
    }
    return true;
}

// Strings to dense ids 0, 1, 2… While the table is small enough to stay in the CPU cache (up to
// 64 Ki slots, 4 MB), each slot is one cache line holding the full hash, the id and, for names up to
// 48 bytes (nearly every user name), the bytes themselves: a lookup touches that one line, so a
// prefetch of it hides the whole lookup. Past that (a spray of distinct user names), slots shrink
// to 16 bytes and names are compared in the arena, so a million names cost about 32 MB of table
// instead of 128. All bytes also live in one arena for at(); dropTable() gives the table back when
// interning is over.
class StringInterner final
{
public:
    StringInterner()
    {
        m_wide.resize(64);
        m_probe = Probe::of(m_wide);
    }

    quint32 intern(std::string_view s) { return intern(s, hashBytes(s)); }
    // The same with hashBytes(s) computed beforehand (see prefetch()).
    quint32 intern(std::string_view s, quint64 h)
    {
        return m_wide.empty() ? intern(m_narrow, s, h) : intern(m_wide, s, h);
    }

    std::size_t size() const { return m_entries.size(); }
    // Starts loading the slot a string with this hash probes first, ahead of intern(). The slot's
    // address is computed without a branch: GCC 12 deleted the __builtin_prefetch calls of an
    // earlier version that sat alone in branches, so no prefetch was emitted at all
    // (`objdump -d` of the import shows a prefetcht0 now).
    void prefetch(quint64 hash) const { __builtin_prefetch(m_probe.base + (hash & m_probe.mask) * m_probe.slotBytes); }
    std::string_view at(quint32 id) const
    {
        const Entry &e = m_entries[id];
        return {m_arena.data() + e.offset, e.length};
    }
    // Frees the lookup table (most of the memory) once no more names will be interned; at() and
    // size() still work, intern() must not be called again.
    void dropTable()
    {
        std::vector<WideSlot>().swap(m_wide);
        std::vector<NarrowSlot>().swap(m_narrow);
        m_probe = {};
    }

private:
    static constexpr quint32 Empty = 0xffffffffu;
    static constexpr std::size_t InlineBytes = 48;
    static constexpr std::size_t WideSlotLimit = std::size_t(1) << 16;
    struct alignas(64) WideSlot
    {
        quint64 hash = 0;
        quint32 id = Empty;
        quint32 length = 0;
        char bytes[InlineBytes] = {};
    };
    struct NarrowSlot
    {
        quint64 hash = 0;
        quint32 id = Empty;
        quint32 length = 0;
    };
    struct Entry
    {
        quint64 hash;
        std::size_t offset;
        quint32 length;
    };

    const char *bytesOf(const WideSlot &slot) const
    {
        return slot.length <= InlineBytes ? slot.bytes : m_arena.data() + m_entries[slot.id].offset;
    }
    const char *bytesOf(const NarrowSlot &slot) const { return m_arena.data() + m_entries[slot.id].offset; }

    template <typename Slot> quint32 intern(std::vector<Slot> &table, std::string_view s, quint64 h)
    {
        const std::size_t mask = table.size() - 1;
        std::size_t i = h & mask;
        while (table[i].id != Empty) {
            const Slot &slot = table[i];
            if (slot.hash == h && slot.length == s.size() && equalBytes(bytesOf(slot), s.data(), s.size()))
                return slot.id;
            i = (i + 1) & mask;
        }
        const auto id = quint32(m_entries.size());
        m_entries.push_back({h, m_arena.size(), quint32(s.size())});
        m_arena.insert(m_arena.end(), s.begin(), s.end());
        if (m_entries.size() * 2 > table.size()) {
            grow(table.size() * 2); // places every entry, the new one included
            return id;
        }
        place(table[i], id);
        return id;
    }

    void place(WideSlot &slot, quint32 id) const
    {
        const Entry &e = m_entries[id];
        slot.hash = e.hash;
        slot.id = id;
        slot.length = e.length;
        if (e.length > 0 && e.length <= InlineBytes) // an empty arena may have no storage at all
            std::memcpy(slot.bytes, m_arena.data() + e.offset, e.length);
    }
    void place(NarrowSlot &slot, quint32 id) const
    {
        const Entry &e = m_entries[id];
        slot.hash = e.hash;
        slot.id = id;
        slot.length = e.length;
    }

    template <typename Slot> void fill(std::vector<Slot> &table, std::size_t size)
    {
        table.assign(size, Slot{});
        const std::size_t mask = size - 1;
        for (quint32 id = 0; id < m_entries.size(); ++id) {
            std::size_t i = m_entries[id].hash & mask;
            while (table[i].id != Empty)
                i = (i + 1) & mask;
            place(table[i], id);
        }
    }

    void grow(std::size_t size)
    {
        if (!m_wide.empty() && size <= WideSlotLimit) {
            fill(m_wide, size);
            m_probe = Probe::of(m_wide);
        } else {
            std::vector<WideSlot>().swap(m_wide);
            fill(m_narrow, size);
            m_probe = Probe::of(m_narrow);
        }
    }

    // Where prefetch() finds a slot of whichever table is in use.
    struct Probe
    {
        const char *base = nullptr;
        std::size_t mask = 0;
        std::size_t slotBytes = 0;

        template <typename Slot> static Probe of(const std::vector<Slot> &table)
        {
            return {reinterpret_cast<const char *>(table.data()), table.size() - 1, sizeof(Slot)};
        }
    };

    std::vector<char> m_arena;
    std::vector<Entry> m_entries;
    std::vector<WideSlot> m_wide;     // while the table is small
    std::vector<NarrowSlot> m_narrow; // once it is not
    Probe m_probe;
};

} // namespace alc::history
