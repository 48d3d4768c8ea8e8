package testprograms;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Loads (without initializing) every class of java.base, so that each one the JVM had not loaded yet
 * goes through the agent's weaver: none may fail to load because of it. Prints how many it loaded
 * and the classes that failed, with the error.
 */
public final class LoadsEveryJdkClass {
    public static void main(String[] args) throws Exception {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<String> names;
        try (Stream<Path> files = Files.walk(jrt.getPath("/modules/java.base"))) {
            names = files.map(p -> p.toString()).filter(p -> p.endsWith(".class") && !p.endsWith("module-info.class"))
                    .map(p -> p.substring("/modules/java.base/".length(), p.length() - ".class".length()).replace('/', '.')).sorted().toList();
        }
        int loaded = 0;
        TreeSet<String> failed = new TreeSet<>();
        for (String name : names) {
            try {
                Class.forName(name, false, null);
                loaded++;
            } catch (Throwable t) {
                failed.add(name + " " + t);
            }
        }
        System.out.println("loaded " + loaded + " of " + names.size());
        failed.forEach(System.out::println);
    }
}
