package dev.heapprof.agent;

/**
 * What {@link dev.heapprof.api.HeapProf} calls when the agent is present. The API finds this class
 * through the boot class loader, so a program that has the API on its class path but runs without
 * the agent never reaches it.
 */
public final class AgentBridge {
    private AgentBridge() {}

    public static boolean isActive() {
        return Agent.running() != null && AllocationHook.isEnabled();
    }

    public static void mark(String label) {
        Agent agent = Agent.running();
        if (agent != null) {
            agent.mark(label);
        }
    }
}
