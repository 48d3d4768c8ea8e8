package testprograms;

import com.sun.tools.attach.VirtualMachine;

/** Loads a Java agent into a running JVM with the attach API: args are pid, agent jar, options. */
public final class LoadsAgentInto {
    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgent(args[1], args[2]);
        } finally {
            vm.detach();
        }
        System.out.println("loaded");
    }
}
