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

// Linear probing over plain structs. Occupancy lives in a byte array so that no key value has to
// be reserved as "empty" (address 0.0.0.0 and id 0 are real keys).
template<typename Key, typename Value, typename Hash>
class FlatMap final
{
public:
    struct Slot
    {
        Key key;
        Value value;
    };

    explicit FlatMap(std::size_t capacity = 1024) { rehash(capacity); }

    // Returns the value for key, default-inserting it when absent.
    Value &operator[](const Key &key)
    {
        if ((m_size + 1) * 10 > m_slots.size() * 7)
            rehash(m_slots.size() * 2);
        std::size_t i = Hash{}(key) & m_mask;
        while (m_used[i]) {
            if (m_slots[i].key == key)
                return m_slots[i].value;
            i = (i + 1) & m_mask;
        }
        m_used[i] = 1;
        m_slots[i].key = key;
        m_slots[i].value = Value{};
        ++m_size;
        return m_slots[i].value;
    }

    std::size_t size() const { return m_size; }

    template<typename F>
    void forEach(F &&f) const
    {
        for (std::size_t i = 0; i < m_slots.size(); ++i) {
            if (m_used[i])
                f(m_slots[i].key, m_slots[i].value);
        }
    }

    void clear()
    {
        std::vector<Slot>().swap(m_slots);
        std::vector<unsigned char>().swap(m_used);
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
        std::vector<unsigned char> oldUsed = std::move(m_used);
        m_slots.assign(n, Slot{});
        m_used.assign(n, 0);
        m_mask = n - 1;
        for (std::size_t j = 0; j < old.size(); ++j) {
            if (!oldUsed[j])
                continue;
            std::size_t i = Hash{}(old[j].key) & m_mask;
            while (m_used[i])
                i = (i + 1) & m_mask;
            m_used[i] = 1;
            m_slots[i] = old[j];
        }
    }

    std::vector<Slot> m_slots;
    std::vector<unsigned char> m_used;
    std::size_t m_size = 0;
    std::size_t m_mask = 0;
};

// Strings to dense ids 0, 1, 2… Bytes live in one arena, so a million users cost a few MB.
class StringInterner final
{
public:
    StringInterner() { m_table.assign(1024, Empty); }

    quint32 intern(std::string_view s)
    {
        const quint64 h = hashBytes(s);
        if ((m_entries.size() + 1) * 10 > m_table.size() * 7)
            grow();
        std::size_t i = h & (m_table.size() - 1);
        while (m_table[i] != Empty) {
            const Entry &e = m_entries[m_table[i]];
            if (e.hash == h && e.length == s.size() && std::memcmp(m_arena.data() + e.offset, s.data(), s.size()) == 0)
                return m_table[i];
            i = (i + 1) & (m_table.size() - 1);
        }
        const auto id = quint32(m_entries.size());
        m_entries.push_back({h, m_arena.size(), quint32(s.size())});
        m_arena.insert(m_arena.end(), s.begin(), s.end());
        m_table[i] = id;
        return id;
    }

    std::size_t size() const { return m_entries.size(); }
    std::string_view at(quint32 id) const
    {
        const Entry &e = m_entries[id];
        return {m_arena.data() + e.offset, e.length};
    }

private:
    static constexpr quint32 Empty = 0xffffffffu;
    struct Entry
    {
        quint64 hash;
        std::size_t offset;
        quint32 length;
    };

    void grow()
    {
        std::vector<quint32> table(m_table.size() * 2, Empty);
        for (quint32 id = 0; id < m_entries.size(); ++id) {
            std::size_t i = m_entries[id].hash & (table.size() - 1);
            while (table[i] != Empty)
                i = (i + 1) & (table.size() - 1);
            table[i] = id;
        }
        m_table.swap(table);
    }

    std::vector<char> m_arena;
    std::vector<Entry> m_entries;
    std::vector<quint32> m_table;
};

} // namespace alc::history
