import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a program's entry point once, in this JVM, and then reports on stderr how many bytes the JVM
 * says were allocated while it ran:
 *
 * <pre>  java -cp measure-classes:... Measure main.Class [args...]
 *   MEASURE alloc_bytes=1234 entry_ms=5678 counter=total</pre>
 *
 * The count is com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes (JDK 21, backported to
 * 17.0.9), which includes threads that have already ended; without it, the sum over live threads
 * ({@code counter=live-threads}, an undercount). It is taken around the entry point only, so JVM
 * and agent start-up are not in it.
 *
 * javac's {@code com.sun.tools.javac.Main} is run through {@code compile(String[], PrintWriter)}
 * with the writer on stdout: its diagnostics then end up in stdout (compared by robustness.sh) and
 * it returns an exit code instead of calling System.exit. Other classes run through {@code main}.
 * The exit code is the program's: its return code, 1 for an exception out of main (stack trace on
 * stderr, as the java launcher does), or whatever it passes to System.exit.
 */
public final class Measure {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static String counter = "total";
    private static final AtomicBoolean reported = new AtomicBoolean();

    public static void main(String[] args) throws Throwable {
        if (args.length < 1) {
            System.err.println("usage: Measure main.Class [args...]");
            System.exit(2);
        }
        Class<?> program = Class.forName(args[0]);
        String[] programArgs = Arrays.copyOfRange(args, 1, args.length);
        long t0 = System.nanoTime();
        long a0 = allocatedBytes();
        // If the program calls System.exit itself, report from a shutdown hook instead.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> report(a0, t0), "measure-exit"));
        int exitCode = 0;
        try {
            Method compile = findCompile(program);
            if (compile != null) {
                PrintWriter out = new PrintWriter(System.out, true);
                exitCode = (Integer) compile.invoke(null, programArgs, out);
                out.flush();
            } else {
                program.getMethod("main", String[].class).invoke(null, (Object) programArgs);
            }
        } catch (InvocationTargetException e) {
            System.err.print("Exception in thread \"main\" ");
            e.getCause().printStackTrace();
            exitCode = 1;
        }
        System.out.flush();
        report(a0, t0);
        System.exit(exitCode);
    }

    private static Method findCompile(Class<?> program) {
        try {
            Method m = program.getMethod("compile", String[].class, PrintWriter.class);
            return m.getReturnType() == int.class ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static void report(long a0, long t0) {
        if (reported.compareAndSet(false, true)) {
            long bytes = allocatedBytes() - a0;
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.err.println("MEASURE alloc_bytes=" + bytes + " entry_ms=" + ms + " counter=" + counter);
            System.err.flush();
        }
    }

    private static long allocatedBytes() {
        try {
            Method total = com.sun.management.ThreadMXBean.class.getMethod("getTotalThreadAllocatedBytes");
            long v = (Long) total.invoke(THREADS);
            if (v >= 0) {
                return v;
            }
        } catch (ReflectiveOperationException | UnsupportedOperationException e) {
            // older JDK: fall through
        }
        counter = "live-threads";
        long sum = 0;
        for (long b : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            sum += Math.max(b, 0);
        }
        return sum;
    }
}
