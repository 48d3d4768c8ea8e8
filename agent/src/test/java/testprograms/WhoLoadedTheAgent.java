package testprograms;

/**
 * Prints which loader holds the agent's hook and the program API (both must be the boot loader) and
 * its launcher (the boot loader too, unless the jar was renamed).
 */
public final class WhoLoadedTheAgent {
    public static void main(String[] args) throws Exception {
        for (String name : new String[] {"dev.heapprof.agent.AllocationHook", "dev.heapprof.api.HeapProf", "dev.heapprof.format.EventLogWriter"}) {
            Class<?> c = Class.forName(name, false, WhoLoadedTheAgent.class.getClassLoader());
            System.out.println(name + " " + (c.getClassLoader() == null ? "boot" : c.getClassLoader().getName()));
        }
        ClassLoader launcher = Class.forName("dev.heapprof.agent.launch.AgentLauncher", false, ClassLoader.getSystemClassLoader()).getClassLoader();
        System.out.println("launcher " + (launcher == null ? "boot" : launcher.getName()));
    }
}
