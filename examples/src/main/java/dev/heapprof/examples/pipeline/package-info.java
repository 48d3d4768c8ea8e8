/**
 * The demo's data pipeline: a small order-processing program whose memory over time tells a story
 * a heap profiler should reveal. Its parsing makes a steady baseline of short-lived garbage, its
 * report stage makes a spike in the middle of the run, and its session cache leaks slowly until it
 * is the largest live consumer at the end. See examples/README.md.
 *
 * <p>Plain Java with no dependency: {@code heapprof demo} runs it under the agent, and nothing here
 * may know about the agent. The work is fixed by {@link dev.heapprof.examples.pipeline.Workload}
 * (never by the clock), so a run prints the same lines every time.
 */
package dev.heapprof.examples.pipeline;
