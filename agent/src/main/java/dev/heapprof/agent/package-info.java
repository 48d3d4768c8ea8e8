/**
 * The heapprof agent: weaves allocation hooks into loaded classes, samples allocations by bytes,
 * records stacks and deaths, and appends them to {@code BASE.hpm} and {@code BASE.hpd}.
 *
 * <p>Everything here is loaded by the boot class loader (see docs/architecture.md, "The agent on
 * the boot class path"), because woven JDK classes call {@link dev.heapprof.agent.AllocationHook}.
 * It depends on the format module and on ASM, which the build relocates into
 * {@code dev.heapprof.agent.shaded.asm}. Nothing may depend on this package.
 */
package dev.heapprof.agent;
