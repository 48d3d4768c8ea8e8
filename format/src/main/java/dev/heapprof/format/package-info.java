/**
 * Readers and writers of the three files of a heapprof profile: {@code BASE.hpm} (metadata),
 * {@code BASE.hpd} (events) and {@code BASE.hpc} (digest). The byte layout is specified in
 * {@code docs/format.md}; {@link dev.heapprof.format.FormatConstants} is its one mirror in code.
 *
 * <p>This package depends on nothing but {@code java.base}: the agent embeds it.
 */
package dev.heapprof.format;
