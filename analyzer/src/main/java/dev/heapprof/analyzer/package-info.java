/**
 * The analyzer: reads a profile and answers questions about it. {@link dev.heapprof.analyzer.LineName}
 * and {@link dev.heapprof.analyzer.LineIndex} turn a line of code a user names into the recorded
 * lines and the traces through them.
 */
package dev.heapprof.analyzer;
