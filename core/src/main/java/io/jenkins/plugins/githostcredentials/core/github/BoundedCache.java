package io.jenkins.plugins.githostcredentials.core.github;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A concurrent map that holds at most {@code maximumSize} entries and drops the least recently used first. Reads take
 * no lock (they only stamp the entry's last use, at millisecond resolution, so readers rarely write shared memory);
 * inserting and evicting are serialised, which is fine because an insert precedes a call to GitHub anyway.
 */
final class BoundedCache<K, V> {

    private static final long STAMP_RESOLUTION_NANOS = 1_000_000;

    private final int maximumSize;
    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Object insertLock = new Object();

    BoundedCache(int maximumSize) {
        this.maximumSize = maximumSize;
    }

    /** The value for {@code key}, or null. */
    V get(K key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        entry.touch();
        return entry.value;
    }

    /**
     * The value for {@code key}, created if absent. Entries dropped to make room are passed to {@code onEvicted}
     * after the insert, outside any lock.
     */
    V getOrCreate(K key, Supplier<V> create, Consumer<V> onEvicted) {
        V existing = get(key);
        if (existing != null) {
            return existing;
        }
        List<V> evicted = new ArrayList<>(1);
        V value;
        synchronized (insertLock) {
            Entry<V> entry = entries.get(key);
            if (entry != null) {
                value = entry.value;
            } else {
                while (entries.size() >= maximumSize) {
                    evicted.add(removeLeastRecentlyUsed());
                }
                value = create.get();
                entries.put(key, new Entry<>(value));
            }
        }
        evicted.forEach(onEvicted);
        return value;
    }

    /** Sets the value for {@code key}; returns what was dropped to make room. */
    List<V> put(K key, V value) {
        List<V> evicted = new ArrayList<>(1);
        synchronized (insertLock) {
            if (!entries.containsKey(key)) {
                while (entries.size() >= maximumSize) {
                    evicted.add(removeLeastRecentlyUsed());
                }
            }
            entries.put(key, new Entry<>(value));
        }
        return evicted;
    }

    void remove(K key) {
        synchronized (insertLock) {
            entries.remove(key);
        }
    }

    int size() {
        return entries.size();
    }

    Collection<V> values() {
        List<V> values = new ArrayList<>(entries.size());
        entries.values().forEach(entry -> values.add(entry.value));
        return values;
    }

    /** Removes every entry and returns their values. */
    List<V> clear() {
        synchronized (insertLock) {
            List<V> values = new ArrayList<>(values());
            entries.clear();
            return values;
        }
    }

    /** Linear in the size; called only when an insert finds the cache full. */
    private V removeLeastRecentlyUsed() {
        K oldestKey = null;
        Entry<V> oldest = null;
        for (Map.Entry<K, Entry<V>> candidate : entries.entrySet()) {
            if (oldest == null || candidate.getValue().lastUsed < oldest.lastUsed) {
                oldestKey = candidate.getKey();
                oldest = candidate.getValue();
            }
        }
        entries.remove(oldestKey);
        return oldest.value;
    }

    private static final class Entry<V> {
        final V value;
        volatile long lastUsed = System.nanoTime();

        Entry(V value) {
            this.value = value;
        }

        void touch() {
            long now = System.nanoTime();
            if (now - lastUsed > STAMP_RESOLUTION_NANOS) {
                lastUsed = now;
            }
        }
    }
}
