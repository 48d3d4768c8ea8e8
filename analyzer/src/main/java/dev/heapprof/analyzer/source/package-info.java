/**
 * Source text for recorded frames: {@link dev.heapprof.analyzer.source.SourceLocator} reads lines
 * from source directories and source jars, and {@link dev.heapprof.analyzer.source.DressedTrace}
 * prints a trace with the line of code under each frame.
 */
package dev.heapprof.analyzer.source;
