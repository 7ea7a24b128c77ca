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
    quint64 tail = 0;
    std::memcpy(&tail, p, n);
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
    Value &find(const Key &key, bool &inserted) { return find(key, Hash{}(key), inserted); }
    // The same with the key's hash computed beforehand (see prefetch()).
    Value &find(const Key &key, std::size_t hash, bool &inserted)
    {
        if ((m_size + 1) * 10 > m_slots.size() * 7)
            rehash(m_slots.size() * 2);
        std::size_t i = hash & m_mask;
        while (m_slots[i].used) {
            if (m_slots[i].key == key) {
                inserted = false;
                return m_slots[i].value;
            }
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

    std::size_t size() const { return m_size; }
    // Starts loading the slot a key with this hash probes first, ahead of find().
    void prefetch(std::size_t hash) const { __builtin_prefetch(&m_slots[hash & m_mask]); }

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
    // Names are short: word compares inline beat a call to memcmp.
    while (n >= 8) {
        quint64 x, y;
        std::memcpy(&x, a, 8);
        std::memcpy(&y, b, 8);
        if (x != y)
            return false;
        a += 8;
        b += 8;
        n -= 8;
    }
    while (n > 0) {
        if (*a++ != *b++)
            return false;
        --n;
    }
    return true;
}

// Strings to dense ids 0, 1, 2… Bytes live in one arena, so a million users cost a few MB. Table
// slots carry part of the hash, so a probe rarely touches the entry or the arena of another key.
class StringInterner final
{
public:
    StringInterner() { m_table.assign(1024, Slot{Empty, 0}); }

    quint32 intern(std::string_view s) { return intern(s, hashBytes(s)); }
    // The same with hashBytes(s) computed beforehand (see prefetch()).
    quint32 intern(std::string_view s, quint64 h)
    {
        const auto tag = quint32(h >> 32);
        if ((m_entries.size() + 1) * 10 > m_table.size() * 7)
            grow();
        const std::size_t mask = m_table.size() - 1;
        std::size_t i = h & mask;
        while (m_table[i].id != Empty) {
            if (m_table[i].tag == tag) {
                const Entry &e = m_entries[m_table[i].id];
                if (e.length == s.size() && equalBytes(m_arena.data() + e.offset, s.data(), s.size()))
                    return m_table[i].id;
            }
            i = (i + 1) & mask;
        }
        const auto id = quint32(m_entries.size());
        m_entries.push_back({h, m_arena.size(), quint32(s.size())});
        m_arena.insert(m_arena.end(), s.begin(), s.end());
        m_table[i] = {id, tag};
        return id;
    }

    std::size_t size() const { return m_entries.size(); }
    void prefetch(quint64 hash) const { __builtin_prefetch(&m_table[hash & (m_table.size() - 1)]); }
    // Once the slot is loaded: start loading the entry it names, then (second call) its bytes.
    void prefetchEntry(quint64 hash) const
    {
        const Slot &slot = m_table[hash & (m_table.size() - 1)];
        if (slot.id != Empty)
            __builtin_prefetch(&m_entries[slot.id]);
    }
    void prefetchBytes(quint64 hash) const
    {
        const Slot &slot = m_table[hash & (m_table.size() - 1)];
        if (slot.id != Empty)
            __builtin_prefetch(m_arena.data() + m_entries[slot.id].offset);
    }
    std::string_view at(quint32 id) const
    {
        const Entry &e = m_entries[id];
        return {m_arena.data() + e.offset, e.length};
    }

private:
    static constexpr quint32 Empty = 0xffffffffu;
    struct Slot
    {
        quint32 id;
        quint32 tag;
    };
    struct Entry
    {
        quint64 hash;
        std::size_t offset;
        quint32 length;
    };

    void grow()
    {
        std::vector<Slot> table(m_table.size() * 2, Slot{Empty, 0});
        for (quint32 id = 0; id < m_entries.size(); ++id) {
            std::size_t i = m_entries[id].hash & (table.size() - 1);
            while (table[i].id != Empty)
                i = (i + 1) & (table.size() - 1);
            table[i] = {id, quint32(m_entries[id].hash >> 32)};
        }
        m_table.swap(table);
    }

    std::vector<char> m_arena;
    std::vector<Entry> m_entries;
    std::vector<Slot> m_table;
};

} // namespace alc::history
