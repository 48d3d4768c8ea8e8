import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * The jackson workload: jackson-databind on one large real JSON document, by several threads.
 *
 * <pre>  java -cp classes:lib/* JsonWorkload file.json iterations threads</pre>
 *
 * Each thread, each iteration: builds a JsonNode tree, binds the document to a LinkedHashMap,
 * scans it token by token with the streaming parser, and writes the tree back as a String (the
 * large char[] and byte[] buffers are the allocations outside TLABs). It checks that every
 * iteration saw the same document, and at the end prints one line of figures that depend only on
 * the input, so runs with and without the agent must print the same stdout. Timings go to stderr.
 */
public final class JsonWorkload {
    /** What one pass found; equal for every pass over the same bytes. */
    record Pass(long treeNodes, long mapEntries, long tokens, long stringChars, long written, int writtenHash) { }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: JsonWorkload file.json iterations threads");
            System.exit(2);
        }
        byte[] json = Files.readAllBytes(Path.of(args[0]));
        int iterations = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        ObjectMapper mapper = new ObjectMapper(); // shared, as a server would: ObjectMapper is thread-safe
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Pass>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            results.add(pool.submit(() -> work(mapper, json, iterations, id)));
        }
        Pass first = null;
        for (Future<Pass> f : results) {
            Pass p = f.get();
            if (first != null && !first.equals(p)) {
                throw new IllegalStateException("threads disagree: " + first + " vs " + p);
            }
            first = p;
        }
        pool.shutdown();
        System.out.printf("json bytes=%d threads=%d iterations=%d tree_nodes=%d map_entries=%d tokens=%d string_chars=%d written_chars=%d written_hash=%08x%n",
                json.length, threads, iterations, first.treeNodes, first.mapEntries, first.tokens,
                first.stringChars, first.written, first.writtenHash);
    }

    private static Pass work(ObjectMapper mapper, byte[] json, int iterations, int id) throws Exception {
        Pass previous = null;
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            JsonNode tree = mapper.readTree(json);
            @SuppressWarnings("unchecked")
            Map<String, Object> map = mapper.readValue(json, LinkedHashMap.class);
            long tokens = 0;
            long stringChars = 0;
            try (JsonParser parser = new JsonFactory().createParser(json)) {
                for (JsonToken tok = parser.nextToken(); tok != null; tok = parser.nextToken()) {
                    tokens++;
                    if (tok == JsonToken.VALUE_STRING || tok == JsonToken.FIELD_NAME) {
                        stringChars += parser.getText().length();
                    }
                }
            }
            String written = mapper.writeValueAsString(tree);
            Pass pass = new Pass(countNodes(tree), map.size(), tokens, stringChars, written.length(), written.hashCode());
            if (previous != null && !previous.equals(pass)) {
                throw new IllegalStateException("iteration " + i + " differs: " + previous + " vs " + pass);
            }
            previous = pass;
            System.err.printf("jackson thread=%d iteration=%d ms=%d%n", id, i, (System.nanoTime() - t0) / 1_000_000);
        }
        return previous;
    }

    /** Every node of the tree, containers and values (iteratively: the document is deep). */
    private static long countNodes(JsonNode root) {
        long n = 0;
        java.util.ArrayDeque<JsonNode> todo = new java.util.ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            n++;
            for (JsonNode child : node) {
                todo.push(child);
            }
        }
        return n;
    }
}
